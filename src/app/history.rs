//! Undo and redo. Each change keeps only what it touched: the clusters it changed, or the
//! whole programme for changes to the list of clusters, so history stays small on large files.

use crate::model::{Cell, Cluster, Programme};

/// What a change can touch, decided before it is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// These clusters' contents; the list of clusters stays as it is.
    Clusters(Vec<usize>),
    /// Anything, including the list of clusters.
    Whole,
}

/// The state a change replaced, ready to be swapped back.
#[derive(Clone, Debug)]
enum Saved {
    Clusters(Vec<(usize, Cluster)>),
    Whole(Box<Programme>),
}

impl Saved {
    fn take(programme: &Programme, scope: &Scope) -> Saved {
        match scope {
            Scope::Clusters(indices) => Saved::Clusters(
                indices
                    .iter()
                    .filter_map(|&i| Some((i, programme.clusters.get(i)?.clone())))
                    .collect(),
            ),
            Scope::Whole => Saved::Whole(Box::new(programme.clone())),
        }
    }

    /// Puts the saved state into the programme and keeps what it replaced instead.
    fn swap(&mut self, programme: &mut Programme) {
        match self {
            Saved::Clusters(clusters) => {
                for (i, cluster) in clusters {
                    if let Some(current) = programme.clusters.get_mut(*i) {
                        std::mem::swap(current, cluster);
                    }
                }
            }
            Saved::Whole(whole) => std::mem::swap(programme, whole),
        }
    }
}

/// One change: what it replaced and where the selection was before and after it.
#[derive(Clone, Debug)]
struct Change {
    id: u64,
    saved: Saved,
    before: Cell,
    after: Cell,
}

/// The undo and redo stacks. Every state of the programme has an id, so "unsaved" can be told
/// exactly even after undoing back to the saved state.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    next_id: u64,
}

impl History {
    /// Remembers the part of `programme` that `scope` names, before a change is made to it.
    /// Follow with [`History::finish`] once the change is made.
    pub fn record(&mut self, programme: &Programme, scope: &Scope, before: Cell) {
        self.next_id += 1;
        self.undo.push(Change {
            id: self.next_id,
            saved: Saved::take(programme, scope),
            before,
            after: before,
        });
        self.redo.clear();
    }

    /// Notes where the selection went after the change just recorded.
    pub fn finish(&mut self, after: Cell) {
        if let Some(change) = self.undo.last_mut() {
            change.after = after;
        }
    }

    /// Undoes the last change; answers where the selection goes.
    pub fn undo(&mut self, programme: &mut Programme) -> Option<Cell> {
        let mut change = self.undo.pop()?;
        change.saved.swap(programme);
        let cell = change.before;
        self.redo.push(change);
        Some(cell)
    }

    /// Redoes the last undone change; answers where the selection goes.
    pub fn redo(&mut self, programme: &mut Programme) -> Option<Cell> {
        let mut change = self.redo.pop()?;
        change.saved.swap(programme);
        let cell = change.after;
        self.undo.push(change);
        Some(cell)
    }

    /// The id of the programme's current state (0: as loaded).
    pub fn state(&self) -> u64 {
        self.undo.last().map_or(0, |c| c.id)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

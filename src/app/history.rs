//! Undo and redo. Each change keeps only what it touched: the clusters it changed, the run of
//! clusters it replaced, or the programme's own fields, so history grows with the edits and not
//! with the programme. History also notes what changed since the recovery file last heard
//! ([`History::take_changes`]), so that file grows by the edits alone.

use crate::model::{Activity, Cell, Cluster, Programme};
use crate::session::journal::{Changes, Splice};

/// What a change can touch, decided before it is made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// These clusters' contents; the list of clusters stays as it is.
    Clusters(Vec<usize>),
    /// The `removed` activities of one cluster from `at` on, replaced by however many are
    /// there after the change; the cluster's own fields and other activities stay as they are.
    Activities {
        cluster: usize,
        at: usize,
        removed: usize,
    },
    /// The programme's own fields (title, year, adoption, notes); no cluster.
    Header,
    /// The `removed` clusters from `at` on, replaced by however many are there after the change
    /// (moving, adding or deleting clusters), and the programme's own fields.
    Splice { at: usize, removed: usize },
    /// Anything, including replacing the whole programme. Kept as only the clusters that differ.
    Whole,
}

/// The programme's own fields, apart from its clusters.
#[derive(Clone, Debug)]
struct Header {
    year: i32,
    title: String,
    adopted: Option<chrono::NaiveDate>,
    notes: String,
}

impl Header {
    fn of(programme: &Programme) -> Header {
        Header {
            year: programme.year,
            title: programme.title.clone(),
            adopted: programme.adopted,
            notes: programme.notes.clone(),
        }
    }

    fn swap(&mut self, programme: &mut Programme) {
        std::mem::swap(&mut self.year, &mut programme.year);
        std::mem::swap(&mut self.title, &mut programme.title);
        std::mem::swap(&mut self.adopted, &mut programme.adopted);
        std::mem::swap(&mut self.notes, &mut programme.notes);
    }
}

/// The state a change replaced, ready to be swapped back.
#[derive(Clone, Debug)]
enum Saved {
    Clusters(Vec<(usize, Cluster)>),
    /// `activities` go back at `at` in cluster `cluster`, in place of the `replaced` there now;
    /// `length` is how many the cluster had when saved (read only when the change is made).
    Activities {
        cluster: usize,
        at: usize,
        activities: Vec<Activity>,
        replaced: usize,
        length: usize,
    },
    /// `clusters` go back at `at` in place of the `replaced` clusters there now.
    Splice {
        header: Header,
        at: usize,
        clusters: Vec<Cluster>,
        replaced: usize,
    },
    /// The whole programme, only until the change is made (then trimmed to a splice).
    Whole(Box<Programme>),
}

impl Saved {
    fn take(programme: &Programme, scope: &Scope) -> Saved {
        let clusters = &programme.clusters;
        match scope {
            Scope::Clusters(indices) => Saved::Clusters(
                indices
                    .iter()
                    .filter_map(|&i| Some((i, clusters.get(i)?.clone())))
                    .collect(),
            ),
            &Scope::Activities {
                cluster,
                at,
                removed,
            } => match clusters.get(cluster) {
                Some(c) => {
                    let at = at.min(c.activities.len());
                    let end = at.saturating_add(removed).min(c.activities.len());
                    Saved::Activities {
                        cluster,
                        at,
                        activities: c.activities[at..end].to_vec(),
                        replaced: end - at,
                        length: c.activities.len(),
                    }
                }
                None => Saved::Clusters(Vec::new()),
            },
            Scope::Header => Saved::Splice {
                header: Header::of(programme),
                at: 0,
                clusters: Vec::new(),
                replaced: 0,
            },
            &Scope::Splice { at, removed } => {
                let at = at.min(clusters.len());
                let end = at.saturating_add(removed).min(clusters.len());
                Saved::Splice {
                    header: Header::of(programme),
                    at,
                    clusters: clusters[at..end].to_vec(),
                    // Until the change is made: the clusters it removes.
                    replaced: end - at,
                }
            }
            Scope::Whole => Saved::Whole(Box::new(programme.clone())),
        }
    }

    /// Once the change is made: a splice counts the clusters now in place of the saved ones,
    /// and a whole programme keeps only the run of clusters that differs.
    fn finish(self, programme: &Programme, length_before: usize) -> Saved {
        match self {
            Saved::Clusters(_) => self,
            Saved::Activities {
                cluster,
                at,
                activities,
                replaced,
                length,
            } => {
                let now = programme
                    .clusters
                    .get(cluster)
                    .map_or(0, |c| c.activities.len());
                let grown = now.cast_signed() - length.cast_signed();
                Saved::Activities {
                    cluster,
                    at,
                    activities,
                    replaced: replaced.saturating_add_signed(grown),
                    length: now,
                }
            }
            Saved::Splice {
                header,
                at,
                clusters,
                replaced,
            } => {
                let grown = programme.clusters.len().cast_signed() - length_before.cast_signed();
                Saved::Splice {
                    header,
                    at,
                    clusters,
                    replaced: replaced.saturating_add_signed(grown),
                }
            }
            Saved::Whole(old) => {
                let old = *old;
                let header = Header::of(&old);
                let mut old = old.clusters;
                let new = &programme.clusters;
                let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
                let most = old.len().min(new.len()) - prefix;
                let ends = old.iter().rev().zip(new.iter().rev());
                let suffix = ends.take(most).take_while(|(a, b)| a == b).count();
                old.truncate(old.len() - suffix);
                old.drain(..prefix);
                Saved::Splice {
                    header,
                    at: prefix,
                    replaced: new.len() - suffix - prefix,
                    clusters: old,
                }
            }
        }
    }

    /// Puts the saved state into the programme and keeps what it replaced instead; answers
    /// what changed in the programme.
    fn swap(&mut self, programme: &mut Programme) -> Changes {
        let mut changes = Changes::default();
        match self {
            Saved::Activities {
                cluster,
                at,
                activities,
                replaced,
                ..
            } => {
                let Some(current) = programme.clusters.get_mut(*cluster) else {
                    return changes;
                };
                let run = swap_run(&mut current.activities, at, activities, replaced);
                return Changes::of_activities(*cluster, run);
            }
            Saved::Clusters(clusters) => {
                for (i, cluster) in clusters {
                    if let Some(current) = programme.clusters.get_mut(*i) {
                        std::mem::swap(current, cluster);
                        changes.add(false, Some(Splice::one(*i)));
                    }
                }
            }
            Saved::Splice {
                header,
                at,
                clusters,
                replaced,
            } => {
                header.swap(programme);
                let splice = swap_run(&mut programme.clusters, at, clusters, replaced);
                changes.add(true, Some(splice));
            }
            Saved::Whole(whole) => {
                std::mem::swap(programme, whole);
                changes.add(
                    true,
                    Some(Splice::all(whole.clusters.len(), programme.clusters.len())),
                );
            }
        }
        changes
    }

    /// What the change this state was saved for did to the programme.
    fn changed(&self, programme: &Programme) -> Changes {
        let mut changes = Changes::default();
        match self {
            Saved::Activities {
                cluster,
                at,
                activities,
                replaced,
                ..
            } => {
                let run = Splice {
                    at: *at,
                    removed: activities.len(),
                    inserted: *replaced,
                };
                return Changes::of_activities(*cluster, run);
            }
            Saved::Clusters(clusters) => {
                for (i, _) in clusters {
                    changes.add(false, Some(Splice::one(*i)));
                }
            }
            Saved::Splice {
                at,
                clusters,
                replaced,
                ..
            } => changes.add(
                true,
                Some(Splice {
                    at: *at,
                    removed: clusters.len(),
                    inserted: *replaced,
                }),
            ),
            Saved::Whole(whole) => changes.add(
                true,
                Some(Splice::all(whole.clusters.len(), programme.clusters.len())),
            ),
        }
        changes
    }
}

/// Puts `saved` back at `at` in `list` in place of the `replaced` items there, and keeps what it
/// took out in `saved` instead (so the next swap undoes this one); answers the splice made.
fn swap_run<T>(
    list: &mut Vec<T>,
    at: &mut usize,
    saved: &mut Vec<T>,
    replaced: &mut usize,
) -> Splice {
    let start = (*at).min(list.len());
    let end = start.saturating_add(*replaced).min(list.len());
    let back = std::mem::take(saved);
    let inserted = back.len();
    *saved = list.splice(start..end, back).collect();
    (*at, *replaced) = (start, inserted);
    Splice {
        at: start,
        removed: saved.len(),
        inserted,
    }
}

/// One change: what it replaced and where the selection was before and after it.
#[derive(Clone, Debug)]
struct Change {
    id: u64,
    saved: Saved,
    before: Cell,
    after: Cell,
    /// How many clusters there were before the change (until it is finished).
    length_before: usize,
}

/// The undo and redo stacks. Every state of the programme has an id, so "unsaved" can be told
/// exactly even after undoing back to the saved state.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Change>,
    redo: Vec<Change>,
    next_id: u64,
    /// What changed since [`History::take_changes`] last asked.
    changes: Changes,
    /// What changed since [`History::take_unchecked`] last asked.
    unchecked: Changes,
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
            length_before: programme.clusters.len(),
        });
        self.redo.clear();
    }

    /// Notes the change just recorded as made to `programme`, and where the selection went.
    pub fn finish(&mut self, programme: &Programme, after: Cell) {
        let Some(mut change) = self.undo.pop() else {
            return;
        };
        change.after = after;
        let placeholder = Saved::Clusters(Vec::new());
        let saved = std::mem::replace(&mut change.saved, placeholder);
        change.saved = saved.finish(programme, change.length_before);
        self.note(change.saved.changed(programme));
        self.changes.to = change.id;
        self.undo.push(change);
    }

    /// Undoes the last change; answers where the selection goes.
    pub fn undo(&mut self, programme: &mut Programme) -> Option<Cell> {
        let mut change = self.undo.pop()?;
        let changed = change.saved.swap(programme);
        self.note(changed);
        let cell = change.before;
        self.redo.push(change);
        self.changes.to = self.state();
        Some(cell)
    }

    /// Redoes the last undone change; answers where the selection goes.
    pub fn redo(&mut self, programme: &mut Programme) -> Option<Cell> {
        let mut change = self.redo.pop()?;
        let changed = change.saved.swap(programme);
        self.note(changed);
        let cell = change.after;
        self.undo.push(change);
        self.changes.to = self.state();
        Some(cell)
    }

    fn note(&mut self, changed: Changes) {
        self.unchecked.merge(changed);
        self.changes.merge(changed);
    }

    /// What changed since the last call (or since the programme was loaded), for the
    /// editor's check; apart from [`History::take_changes`], which the recovery file asks.
    pub fn take_unchecked(&mut self) -> Changes {
        std::mem::take(&mut self.unchecked)
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

    /// What changed since the last call (or since the programme was loaded), and from which
    /// state to which: enough to bring a copy of the programme as it was then up to date.
    pub fn take_changes(&mut self) -> Changes {
        let state = self.state();
        let taken = std::mem::take(&mut self.changes);
        self.changes.from = state;
        self.changes.to = state;
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Activity;
    use proptest::prelude::*;

    fn programme() -> Programme {
        let mut p = Programme::new(2022, "Plan");
        for c in 0..3 {
            let mut cluster = Cluster::new(format!("c{c}"), "Cluster");
            for a in 0..4 {
                cluster
                    .activities
                    .push(Activity::new(format!("a{c}-{a}"), "A"));
            }
            p.clusters.push(cluster);
        }
        p
    }

    proptest! {
        /// Runs of activities inserted, removed, swapped or changed, undone one by one, give
        /// back every earlier state; redone, the later ones; and the changes each step reports
        /// name the run it touched.
        #[test]
        fn activity_runs_undo_and_redo_exactly(
            edits in prop::collection::vec((0usize..3, 0usize..5, 0usize..4), 1..20),
        ) {
            let mut p = programme();
            let mut history = History::default();
            let mut states = vec![p.clone()];
            for (n, &(c, a, kind)) in edits.iter().enumerate() {
                let len = p.clusters[c].activities.len();
                let (at, removed) = match kind {
                    0 | 3 if a < len => (a, 1),
                    1 if a + 1 < len => (a, 2),
                    _ => (a.min(len), 0),
                };
                let scope = Scope::Activities { cluster: c, at, removed };
                history.record(&p, &scope, Cell::default());
                let list = &mut p.clusters[c].activities;
                match (kind, removed) {
                    (0, 1) => list[at].title = format!("edit {n}"),
                    (3, 1) => drop(list.remove(at)),
                    (1, 2) => list.swap(at, at + 1),
                    _ => list.insert(at, Activity::new(format!("n{n}"), "New")),
                }
                history.finish(&p, Cell::default());
                let changed = history.take_unchecked();
                prop_assert_eq!(changed.activities.map(|(cluster, _)| cluster), Some(c));
                states.push(p.clone());
            }
            for state in states.iter().rev().skip(1) {
                history.undo(&mut p);
                prop_assert_eq!(&p, state);
            }
            for state in states.iter().skip(1) {
                history.redo(&mut p);
                prop_assert_eq!(&p, state);
            }
        }
    }

    /// Resolving a programme-level conflict rewrites the programme's notes; undo and redo must
    /// carry them, for every scope that keeps the programme's own fields.
    #[test]
    fn undo_and_redo_carry_the_programme_notes() {
        for scope in [
            Scope::Header,
            Scope::Whole,
            Scope::Splice { at: 0, removed: 0 },
        ] {
            let mut programme = Programme::new(2022, "Plan");
            programme.notes = "CONFLICT title: ours=\"A\" theirs=\"B\"".into();
            let mut history = History::default();
            history.record(&programme, &scope, Cell::default());
            programme.notes.clear();
            history.finish(&programme, Cell::default());
            history.undo(&mut programme);
            assert_eq!(
                programme.notes, "CONFLICT title: ours=\"A\" theirs=\"B\"",
                "{scope:?}"
            );
            history.redo(&mut programme);
            assert_eq!(programme.notes, "", "{scope:?}");
        }
    }
}

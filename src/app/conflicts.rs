//! Resolving merge conflicts in the editor: the picker over the conflict lines of the selected
//! activity, of its cluster and of the programme, where each gets ours or theirs as an
//! undoable change.

use super::{Action, App, Effect, Mode, step_index};
use crate::model::conflict::{
    ConflictField, ConflictNote, ConflictValue, Presence, activity_conflicts, cluster_conflicts,
    programme_conflicts, resolve_cluster_in, resolve_in, resolve_programme,
};
use crate::model::merge::Side;
use crate::model::{Cell, Operation, Programme};

/// What a conflict line is noted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictOwner {
    /// The selected activity's notes.
    Activity,
    /// Its cluster's summary.
    Cluster,
    /// The programme's notes (its title, year, adoption date).
    Programme,
}

/// A conflict the picker offers, and where it is noted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictEntry {
    pub owner: ConflictOwner,
    pub note: ConflictNote,
}

impl ConflictEntry {
    /// The field's name, `cluster name` for the cluster's own fields, `programme title` for
    /// the programme's.
    pub fn label(&self) -> String {
        match (self.owner, self.note.field) {
            (ConflictOwner::Cluster, field) if field != ConflictField::Cluster => {
                format!("cluster {field}")
            }
            (ConflictOwner::Programme, field) => format!("programme {field}"),
            (_, field) => field.to_string(),
        }
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Ours => "ours",
        Side::Theirs => "theirs",
    }
}

impl App {
    /// The merge conflicts of the selected activity, then those of its cluster, then the
    /// programme's, each in line order.
    pub fn selected_conflicts(&self) -> Vec<ConflictEntry> {
        let entries = |owner, notes: Vec<ConflictNote>| {
            notes
                .into_iter()
                .map(move |note| ConflictEntry { owner, note })
        };
        let activity = self.selected_activity().map(activity_conflicts);
        let cluster = self.selected_cluster().map(cluster_conflicts);
        entries(ConflictOwner::Activity, activity.unwrap_or_default())
            .chain(entries(ConflictOwner::Cluster, cluster.unwrap_or_default()))
            .chain(entries(
                ConflictOwner::Programme,
                programme_conflicts(&self.programme),
            ))
            .collect()
    }

    pub(super) fn open_conflicts(&mut self) {
        if self.selected_conflicts().is_empty() {
            self.back();
            self.inform("No merge conflicts here.");
        } else {
            self.mode = Mode::Conflicts { index: 0 };
        }
    }

    pub(super) fn conflicts(&mut self, index: usize, action: Action) -> Effect {
        let len = self.selected_conflicts().len();
        match action {
            Action::ListUp => self.reopen_conflicts(step_index(index, -1, len)),
            Action::ListDown => self.reopen_conflicts(step_index(index, 1, len)),
            Action::KeepOurs => self.resolve_conflict(index, Side::Ours),
            Action::TakeTheirs => self.resolve_conflict(index, Side::Theirs),
            Action::Undo | Action::Redo => {
                self.normal(action);
                self.reopen_conflicts(index);
            }
            Action::Done | Action::Cancel => self.back(),
            _ => self.mode = Mode::Conflicts { index },
        }
        Effect::None
    }

    /// Stays in the picker while there are conflicts left here.
    fn reopen_conflicts(&mut self, index: usize) {
        let len = self.selected_conflicts().len();
        if len == 0 {
            self.back();
        } else {
            self.mode = Mode::Conflicts {
                index: index.min(len - 1),
            };
        }
    }

    fn resolve_conflict(&mut self, index: usize, side: Side) {
        let cell = self.selected;
        let entries = self.selected_conflicts();
        let Some(entry) = entries.get(index) else {
            self.back();
            return;
        };
        // Entries come grouped by owner: those before this group are not its lines.
        let owned_before = entries[..index]
            .iter()
            .filter(|e| e.owner != entry.owner)
            .count();
        // Tried on a copy first, so a conflict that cannot be resolved leaves no history.
        let mut resolved = self.programme.clone();
        let outcome = resolve_entry(&mut resolved, cell, entry.owner, index - owned_before, side);
        let (at, what) = match outcome {
            Ok(outcome) => outcome,
            Err(e) => {
                self.warn(format!("Not resolved: {e}."));
                self.back();
                return;
            }
        };
        let after = at.unwrap_or(Cell::new(cell.cluster, cell.activity.saturating_sub(1)));
        self.apply(Operation::Replace(Box::new(resolved)), after);
        self.inform(resolution_message(entry, side, what));
        if at == Some(cell) {
            self.reopen_conflicts(index);
        } else {
            self.back();
        }
    }
}

/// Resolves the `index`th conflict of its owner; answers where the selection goes (`None`: the
/// activity is gone) and what else happened, in words.
fn resolve_entry(
    programme: &mut Programme,
    cell: Cell,
    owner: ConflictOwner,
    index: usize,
    side: Side,
) -> Result<(Option<Cell>, &'static str), crate::model::conflict::ResolveError> {
    match owner {
        ConflictOwner::Cluster => {
            resolve_cluster_in(programme, cell.cluster, index, side).map(|at| match at {
                Some(at) if at == cell.cluster => (Some(cell), ""),
                Some(at) => (Some(Cell::new(at, cell.activity)), "; the cluster moved"),
                None => (None, "; the cluster is removed, u undoes"),
            })
        }
        ConflictOwner::Activity => resolve_in(programme, cell, index, side).map(|at| match at {
            None => (None, "; the activity is removed, u undoes"),
            Some(at) if at != cell => (Some(at), "; the activity moved"),
            Some(at) => (Some(at), ""),
        }),
        ConflictOwner::Programme => {
            resolve_programme(programme, index, side).map(|()| (Some(cell), ""))
        }
    }
}

/// What choosing a side did, in the words of what the file holds: `kept` the side the file
/// already had, `took` the other.
fn resolution_message(entry: &ConflictEntry, side: Side, what: &str) -> String {
    let note = &entry.note;
    let value = note.side(side);
    let label = entry.label();
    let name = side_name(side);
    if side == note.in_file() {
        let value = match value {
            ConflictValue::Presence(Presence::Changed) => "its changes".to_string(),
            ConflictValue::Presence(Presence::Moved) => "where it moved it".to_string(),
            value => value.to_string(),
        };
        format!("{label}: kept {name}, {value}, as the file has it{what}.")
    } else {
        format!("{label}: took {name}, {value}{what}.")
    }
}

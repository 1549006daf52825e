//! Resolving merge conflicts in the editor: the picker over the conflict lines of the selected
//! activity and of its cluster, where each field gets ours or theirs as an undoable change.

use super::{Action, App, Effect, Mode, Scope, step_index};
use crate::model::Cell;
use crate::model::conflict::{
    ConflictField, ConflictNote, activity_conflicts, cluster_conflicts, resolve_cluster_in,
    resolve_in,
};
use crate::model::merge::Side;

/// A conflict the picker offers: noted in the selected activity's notes, or in its cluster's
/// summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictEntry {
    pub in_cluster: bool,
    pub note: ConflictNote,
}

impl ConflictEntry {
    /// The field's name, `cluster name` for the cluster's own fields.
    pub fn label(&self) -> String {
        match (self.in_cluster, self.note.field) {
            (true, field) if field != ConflictField::Cluster => format!("cluster {field}"),
            (_, field) => field.to_string(),
        }
    }
}

impl App {
    /// The merge conflicts of the selected activity, then those of its cluster, in line order.
    pub fn selected_conflicts(&self) -> Vec<ConflictEntry> {
        let entries = |in_cluster, notes: Vec<ConflictNote>| {
            notes
                .into_iter()
                .map(move |note| ConflictEntry { in_cluster, note })
        };
        let activity = self.selected_activity().map(activity_conflicts);
        let cluster = self.selected_cluster().map(cluster_conflicts);
        entries(false, activity.unwrap_or_default())
            .chain(entries(true, cluster.unwrap_or_default()))
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
        let in_activity = entries.iter().filter(|e| !e.in_cluster).count();
        // Tried on a copy first, so a conflict that cannot be resolved leaves no history.
        let mut resolved = self.programme.clone();
        let outcome = if entry.in_cluster {
            resolve_cluster_in(&mut resolved, cell.cluster, index - in_activity, side).map(|kept| {
                match kept {
                    true => (Some(cell), ""),
                    false => (None, "; the cluster is removed, u undoes"),
                }
            })
        } else {
            resolve_in(&mut resolved, cell, index, side).map(|at| match at {
                None => (None, "; the activity is removed, u undoes"),
                Some(at) if at != cell => (Some(at), "; the activity moved"),
                Some(at) => (Some(at), ""),
            })
        };
        let (at, what) = match outcome {
            Ok(outcome) => outcome,
            Err(e) => {
                self.warn(format!("Not resolved: {e}."));
                self.back();
                return;
            }
        };
        let after = at.unwrap_or(Cell::new(cell.cluster, cell.activity.saturating_sub(1)));
        self.change(Scope::Whole, after, |p| *p = resolved);
        let note = &entry.note;
        let (word, value) = match side {
            Side::Ours => ("kept ours", &note.ours),
            Side::Theirs => ("took theirs", &note.theirs),
        };
        self.inform(format!("{}: {word}, {value}{what}.", entry.label()));
        if at == Some(cell) {
            self.reopen_conflicts(index);
        } else {
            self.back();
        }
    }
}

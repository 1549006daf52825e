//! Resolving merge conflicts in the editor: the picker over the selected activity's conflict
//! lines, where each field gets ours or theirs as an undoable change.

use super::{Action, App, Effect, Mode, Scope, step_index};
use crate::model::conflict::{activity_conflicts, cluster_conflicts, resolve_in};
use crate::model::merge::Side;
use crate::model::{Activity, Cell};

impl App {
    /// The merge conflicts noted in the selected activity, in the order of their lines.
    pub fn selected_conflicts(&self) -> Vec<crate::model::conflict::ConflictNote> {
        self.selected_activity()
            .map(activity_conflicts)
            .unwrap_or_default()
    }

    pub(super) fn open_conflicts(&mut self, activity: &Activity) {
        if !activity_conflicts(activity).is_empty() {
            self.mode = Mode::Conflicts { index: 0 };
        } else if self
            .selected_cluster()
            .is_some_and(|c| !cluster_conflicts(c).is_empty())
        {
            self.back();
            self.inform("No merge conflicts in this activity; the cluster's are in its summary.");
        } else {
            self.back();
            self.inform("No merge conflicts in this activity.");
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

    /// Stays in the picker while the selected activity has conflicts left.
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
        let Some(note) = self.selected_conflicts().into_iter().nth(index) else {
            self.back();
            return;
        };
        // Tried on a copy first, so a conflict that cannot be resolved leaves no history.
        let mut resolved = self.programme.clone();
        match resolve_in(&mut resolved, cell, index, side) {
            Ok(at) => {
                let after = at.unwrap_or(Cell::new(cell.cluster, cell.activity.saturating_sub(1)));
                self.change(Scope::Whole, after, |p| *p = resolved);
                let (word, value) = match side {
                    Side::Ours => ("kept ours", &note.ours),
                    Side::Theirs => ("took theirs", &note.theirs),
                };
                let what = match at {
                    None => "; the activity is removed, u undoes".to_string(),
                    Some(at) if at != cell => "; the activity moved".to_string(),
                    Some(_) => String::new(),
                };
                self.inform(format!("{}: {word}, {value}{what}.", note.field));
                if at == Some(cell) {
                    self.reopen_conflicts(index);
                    return;
                }
            }
            Err(e) => self.warn(format!("Not resolved: {e}.")),
        }
        self.back();
    }
}

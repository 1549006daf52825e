//! The editor's side of the file: asking before a save, taking a save's answer, recovery and
//! reload as changes that undo can take back.

use super::{App, Effect, Mode, Question, Reloaded, Scope};
use crate::model::Programme;

impl App {
    pub(super) fn save(&mut self) -> Effect {
        if self.comments_pending {
            self.mode = Mode::Confirm(Question::DropComments);
            return Effect::None;
        }
        Effect::Save { overwrite: false }
    }

    pub(super) fn saved(&mut self, text: String) -> Effect {
        self.disk_text = text;
        self.saved_state = self.history.state();
        self.comments_pending = false;
        self.read_only = false;
        self.inform(format!("Saved {}.", self.path.display()));
        if std::mem::take(&mut self.quit_after_save) {
            Effect::Quit
        } else {
            Effect::None
        }
    }

    /// Puts back the unsaved changes a crashed session left in its recovery file, as one change
    /// that undo takes back to the file on disk.
    pub fn recover(&mut self, programme: Programme, from: &str) {
        let cell = self.selected;
        self.change(Scope::Whole, cell, |p| *p = programme);
        self.warn(format!(
            "Recovered unsaved changes from {from}; Ctrl-s saves them, undo goes back to the file."
        ));
    }

    pub(super) fn reloaded(&mut self, reloaded: Reloaded) {
        let Reloaded {
            programme,
            text,
            has_comments,
        } = reloaded;
        let cell = self.selected;
        // A reload is a change like any other, so undo brings the edits back.
        self.change(Scope::Whole, cell, |p| *p = programme);
        self.disk_text = text;
        self.saved_state = self.history.state();
        self.comments_pending = has_comments;
        self.form = None;
        self.mode = Mode::Normal;
        self.inform(format!(
            "Reloaded {}; undo brings your changes back.",
            self.path.display()
        ));
    }
}

//! The editor's side of the file: asking before a save, taking a save's answer, recovery and
//! reload as changes that undo can take back.

use super::{App, Effect, MergedWithDisk, Mode, Question, Reloaded};
use crate::model::{Operation, Programme};

impl App {
    pub(super) fn save(&mut self) -> Effect {
        if self.comments_pending {
            self.mode = Mode::Confirm(Question::DropComments);
            return Effect::None;
        }
        Effect::Save { overwrite: false }
    }

    pub(super) fn saved(&mut self, text: String) -> Effect {
        self.set_disk_text(text, self.history.state());
        self.comments_pending = false;
        self.read_only = false;
        match self.merged_conflicts.take() {
            Some(0) => self.inform(format!(
                "Merged with the changes on disk and saved {}; u undoes the merge.",
                self.path.display()
            )),
            Some(n) => self.warn(format!(
                "Merged with the changes on disk and saved {}: {}, noted in the file; m resolves them where they are marked.",
                self.path.display(),
                crate::text::plural(n, "conflict")
            )),
            None => self.inform(format!("Saved {}.", self.path.display())),
        }
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
        self.apply(Operation::Replace(Box::new(programme)), cell);
        self.warn(format!(
            "Recovered unsaved changes from {from}; Ctrl-s saves them, undo goes back to the file."
        ));
    }

    /// Puts the programme merged with the file on disk in place, as one change undo takes
    /// back, and saves it: the file on disk is now the base of the unsaved changes.
    pub(super) fn merged_with_disk(&mut self, merged: MergedWithDisk) -> Effect {
        let MergedWithDisk {
            programme,
            text,
            has_comments,
            conflicts,
        } = merged;
        let cell = self.selected;
        self.apply(Operation::Replace(Box::new(programme)), cell);
        // Undoing the merge puts back the file known before it, so a save then asks again.
        let before = self.set_disk_text(text, self.disk.saved_state);
        self.history.replaced_disk(before);
        self.comments_pending = has_comments;
        self.merged_conflicts = Some(conflicts);
        self.save()
    }

    pub(super) fn reloaded(&mut self, reloaded: Reloaded) {
        let Reloaded {
            programme,
            text,
            has_comments,
        } = reloaded;
        let cell = self.selected;
        // A reload is a change like any other, so undo brings the edits back.
        self.apply(Operation::Replace(Box::new(programme)), cell);
        // Undoing the reload puts back the file known before it, so a save then asks again.
        let before = self.set_disk_text(text, self.history.state());
        self.history.replaced_disk(before);
        self.comments_pending = has_comments;
        self.form = None;
        self.mode = Mode::Normal;
        self.inform(format!(
            "Reloaded {}; undo brings your changes back.",
            self.path.display()
        ));
    }
}

//! Long text edited in the user's own editor (`$VISUAL`/`$EDITOR`): what is handed over, where
//! the result goes back to, and what a failed, missing or idle editor leaves behind. The editor
//! itself is run by the terminal layer; this side only decides.

use super::{App, Effect, Mode, TextTarget};

/// Where text edited externally goes back to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ExternalTarget {
    /// Straight into this field of the selected activity, as one undoable change.
    Activity(TextTarget),
    /// Back into the open text box for this target, not yet applied.
    TextBox(TextTarget),
}

/// How an external edit ended, as the terminal layer reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExternalOutcome {
    /// The editor exited well; the file's text afterwards.
    Edited(String),
    /// The editor ran but failed (a non-zero exit, a file that could not be read back), and why.
    Failed(String),
    /// The editor could not be started, and why.
    Missing(String),
}

/// Why the user's editor did not edit a file: it failed, or could not be started. The text
/// says which editor and what happened.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditorError {
    /// The editor ran but failed (a non-zero exit), and why.
    #[error("{0}")]
    Failed(String),
    /// The editor could not be started, and why.
    #[error("{0}")]
    Missing(String),
}

impl From<EditorError> for ExternalOutcome {
    fn from(error: EditorError) -> Self {
        match error {
            EditorError::Failed(reason) => ExternalOutcome::Failed(reason),
            EditorError::Missing(reason) => ExternalOutcome::Missing(reason),
        }
    }
}

/// The text as the editor gave it back: line endings made LF and trailing blank space dropped,
/// as the built-in text box does, since editors add a final newline of their own.
fn normalised(text: &str) -> String {
    text.replace("\r\n", "\n").trim_end().to_string()
}

/// The file name the text is handed over in, so the user's editor shows what it is editing
/// (and picks Markdown highlighting).
fn file_name(id: &str, target: TextTarget) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    match target {
        TextTarget::Description => format!("wpmatrix-{id}.md"),
        TextTarget::Notes => format!("wpmatrix-{id}-notes.md"),
        TextTarget::ClusterSummary => format!("wpmatrix-{id}-summary.md"),
        _ => format!("wpmatrix-{id}.txt"),
    }
}

impl App {
    /// `E` in the grid: the selected activity's description, to the external editor.
    pub(super) fn edit_description_externally(&mut self) -> Effect {
        let Some(activity) = self.selected_activity() else {
            self.warn("No activity selected.");
            return Effect::None;
        };
        Effect::EditExternally {
            file_name: file_name(&activity.id, TextTarget::Description),
            text: activity.description.clone(),
            target: ExternalTarget::Activity(TextTarget::Description),
        }
    }

    /// `Ctrl-e` in a text box: the box's current text, to the external editor.
    pub(super) fn edit_box_externally(&mut self, target: TextTarget, text: String) -> Effect {
        self.mode = Mode::Text(target);
        if !target.multiline() {
            self.warn("Only a text of several lines (description, notes, summary) goes to the external editor.");
            return Effect::None;
        }
        let id = match target {
            TextTarget::ClusterSummary => self.selected_cluster().map(|c| c.id.clone()),
            _ => self.selected_activity().map(|a| a.id.clone()),
        };
        Effect::EditExternally {
            file_name: file_name(id.as_deref().unwrap_or("text"), target),
            text,
            target: ExternalTarget::TextBox(target),
        }
    }

    /// The external editor is done: the text changes only when it exited well with new text.
    pub(super) fn edited_externally(&mut self, edited: ExternalEdit) -> Effect {
        let ExternalEdit {
            target,
            before,
            outcome,
        } = edited;
        let after = match outcome {
            ExternalOutcome::Edited(after) => normalised(&after),
            ExternalOutcome::Failed(reason) | ExternalOutcome::Missing(reason) => {
                self.warn(format!("Text unchanged: {reason}."));
                return Effect::None;
            }
        };
        if after == normalised(&before) {
            self.inform("Text unchanged: the editor left it as it was.");
            return Effect::None;
        }
        match target {
            ExternalTarget::Activity(field) => {
                if let Err(problem) = self.submit_text(field, &after) {
                    self.warn(format!("Text unchanged: {problem}"));
                } else if self.message.is_none() {
                    self.inform("Text changed in the external editor; u undoes.");
                }
                Effect::None
            }
            ExternalTarget::TextBox(field) if self.mode == Mode::Text(field) => {
                self.inform("The text from the external editor is in the box, not yet applied.");
                Effect::EditText {
                    text: after,
                    multiline: true,
                }
            }
            ExternalTarget::TextBox(_) => Effect::None,
        }
    }
}

/// An external edit that ended: what was handed over, where it goes back to, how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalEdit {
    pub target: ExternalTarget,
    pub before: String,
    pub outcome: ExternalOutcome,
}

//! The repair screen, shown instead of the editor when the file cannot be loaded: the problems
//! as `check` lists them, the user's own editor opened at the first one, and a reload after it.
//! No I/O here: [`Repair::update`] answers what the terminal layer must do.

use std::path::PathBuf;

use super::{Action, EditorError, Message};
use crate::store::Diagnostic;
use crate::text::printable;

/// What the terminal layer has to do for the repair screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepairEffect {
    /// Nothing beyond redrawing.
    None,
    /// Open the file in the user's editor at this line (`EDITOR +LINE FILE`), then report
    /// with [`Repair::edited`].
    EditFile { line: usize },
    /// Leave without opening the file.
    Leave,
}

/// The state of the repair screen.
#[derive(Clone, Debug)]
pub struct Repair {
    pub path: PathBuf,
    /// The problems, as `FILE:LINE:COL: message`, control characters shown as pictures.
    pub problems: Vec<String>,
    /// The line of the first problem, where the user's editor opens.
    pub first_line: usize,
    pub message: Option<Message>,
    /// How many problem lines are scrolled off the top.
    pub scroll: usize,
}

impl Repair {
    /// The repair screen for `path`, which could not be loaded for these reasons.
    pub fn new(path: PathBuf, diagnostics: &[Diagnostic]) -> Repair {
        let mut repair = Repair {
            path,
            problems: Vec::new(),
            first_line: 1,
            message: None,
            scroll: 0,
        };
        repair.set_problems(diagnostics);
        repair
    }

    fn set_problems(&mut self, diagnostics: &[Diagnostic]) {
        let file = crate::text::printable_path(&self.path);
        self.problems = diagnostics
            .iter()
            .map(|d| printable(&d.headline(&file)).into_owned())
            .collect();
        self.first_line = diagnostics.first().map_or(1, |d| d.span.start.line);
        self.scroll = self.scroll.min(self.problems.len().saturating_sub(1));
    }

    /// Applies a key's action.
    pub fn update(&mut self, action: &Action) -> RepairEffect {
        match action {
            Action::EditExternally => {
                return RepairEffect::EditFile {
                    line: self.first_line,
                };
            }
            Action::Quit | Action::Cancel | Action::Done => return RepairEffect::Leave,
            Action::ListUp => self.scroll = self.scroll.saturating_sub(1),
            Action::ListDown => {
                self.scroll = (self.scroll + 1).min(self.problems.len().saturating_sub(1));
            }
            _ => {}
        }
        RepairEffect::None
    }

    /// The user's editor is done: `Err` says why it failed, and the file is left as it is.
    /// Answers whether to read the file again.
    pub fn edited(&mut self, result: Result<(), EditorError>) -> bool {
        match result {
            Ok(()) => true,
            Err(reason) => {
                self.warn(format!("File not reloaded: {reason}."));
                false
            }
        }
    }

    /// The file was read again and still cannot be loaded, for these reasons.
    pub fn still_broken(&mut self, diagnostics: &[Diagnostic]) {
        self.set_problems(diagnostics);
        let n = self.problems.len();
        let plural = if n == 1 { "" } else { "s" };
        self.warn(format!("Reloaded: still {n} problem{plural}."));
    }

    /// The file could not even be read again, and why.
    pub fn unreadable(&mut self, reason: String) {
        self.warn(reason);
    }

    fn warn(&mut self, text: String) {
        self.message = Some(Message {
            text,
            is_error: true,
        });
    }

    /// What leaving says on the way out: the problems, then why nothing was opened.
    pub fn farewell(&self) -> String {
        let file = crate::text::printable_path(&self.path);
        let mut out = self.problems.join("\n");
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!(
            "{file}: not opened: the file cannot be loaded as a programme; fix the problems above \
             (`wpmatrix check {file}` lists them) and open it again"
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Pos, Span};

    fn at_line(line: usize, message: &str) -> Diagnostic {
        let pos = Pos {
            offset: 0,
            line,
            col: 29,
        };
        Diagnostic::error(Span::at(pos), message)
    }

    #[test]
    fn edit_opens_the_first_problem_and_quit_leaves() {
        let mut repair = Repair::new(
            PathBuf::from("2022.ron"),
            &[at_line(16, "unknown status \"planed\""), at_line(27, "x")],
        );
        assert_eq!(
            repair.problems[0],
            "2022.ron:16:29: unknown status \"planed\""
        );
        assert_eq!(
            repair.update(&Action::EditExternally),
            RepairEffect::EditFile { line: 16 }
        );
        assert_eq!(repair.update(&Action::Quit), RepairEffect::Leave);
        assert!(
            repair
                .farewell()
                .contains("2022.ron:27:29: x\n2022.ron: not opened")
        );
    }

    #[test]
    fn a_failed_editor_keeps_the_list_and_a_reload_updates_it() {
        let mut repair = Repair::new(PathBuf::from("f.ron"), &[at_line(3, "a"), at_line(9, "b")]);
        assert!(!repair.edited(Err(EditorError::Failed(
            "the editor `false` failed (exit status: 1)".into()
        ))));
        let message = repair.message.clone().unwrap().text;
        assert_eq!(
            message,
            "File not reloaded: the editor `false` failed (exit status: 1)."
        );
        assert!(repair.edited(Ok(())));
        repair.still_broken(&[at_line(9, "b")]);
        assert_eq!(repair.problems, vec!["f.ron:9:29: b".to_string()]);
        assert_eq!(repair.first_line, 9);
        assert_eq!(repair.message.unwrap().text, "Reloaded: still 1 problem.");
    }
}

//! Running the user's own editor (`$VISUAL`, else `$EDITOR`, else `vi`) on a temporary file or on
//! the programme file itself: the terminal is handed over to it and taken back afterwards. Tests
//! put in a runner of their own, so headless runs never touch a terminal.

use std::ffi::OsString;
use std::io::{self, Write as _};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};

use crate::app::{EditorError, ExternalOutcome};

/// Something that lets the user edit text, or a file, outside wpmatrix.
pub trait ExternalEditor {
    /// Lets the user edit `text` in a temporary file named `file_name`, gone afterwards.
    fn edit_text(&mut self, text: &str, file_name: &str) -> ExternalOutcome;

    /// Opens `path` at `line` (`EDITOR +LINE FILE`); the reason when the editor failed or
    /// could not be started.
    fn edit_file(&mut self, path: &Path, line: usize) -> Result<(), EditorError>;
}

/// The editor the user chose in their environment, run as a child process.
#[derive(Clone, Debug)]
pub struct SystemEditor {
    /// The command, split like a shell word list (`code --wait` is a command and an argument).
    command: String,
    /// Leave the alternate screen and raw mode while it runs, and come back afterwards.
    hand_over: bool,
}

impl SystemEditor {
    /// `$VISUAL`, else `$EDITOR`, else `vi`; empty variables count as unset.
    pub fn from_env() -> SystemEditor {
        let chosen = ["VISUAL", "EDITOR"]
            .into_iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.trim().is_empty());
        SystemEditor::with_command(chosen.as_deref().unwrap_or("vi"))
    }

    /// An editor given as a command line, e.g. `code --wait`; it is not handed the terminal.
    pub fn with_command(command: &str) -> SystemEditor {
        SystemEditor {
            command: command.to_string(),
            hand_over: false,
        }
    }

    /// The same editor, handed the terminal while it runs (the editor's own terminal loop).
    pub fn handing_over_terminal(mut self) -> SystemEditor {
        self.hand_over = true;
        self
    }

    /// Runs the editor with `args` after its own words; a failure is the outcome to report.
    fn run(&self, args: &[OsString]) -> Result<(), EditorError> {
        let shown = self.command.escape_debug().to_string();
        let words = match shell_words::split(&self.command) {
            Ok(words) => words,
            Err(e) => {
                return Err(EditorError::Missing(format!(
                    "the editor command `{shown}` cannot be read ({e})"
                )));
            }
        };
        let Some((program, own_args)) = words.split_first() else {
            return Err(EditorError::Missing(
                "no editor: $VISUAL and $EDITOR are empty".into(),
            ));
        };
        let mut command = Command::new(program);
        command.args(own_args).args(args);
        if self.hand_over {
            give_terminal();
        }
        let status = command.status();
        if self.hand_over {
            take_terminal();
        }
        match status {
            Ok(status) if status.success() => Ok(()),
            Ok(status) => Err(EditorError::Failed(format!(
                "the editor `{shown}` failed ({status})"
            ))),
            Err(e) => Err(EditorError::Missing(format!(
                "cannot start the editor `{shown}`: {e}"
            ))),
        }
    }
}

impl ExternalEditor for SystemEditor {
    fn edit_text(&mut self, text: &str, file_name: &str) -> ExternalOutcome {
        let (_folder, path) = match temporary_file(text, file_name) {
            Ok(made) => made,
            Err(e) => {
                return ExternalOutcome::Failed(format!("cannot write a temporary file: {e}"));
            }
        };
        if let Err(failed) = self.run(&[path.clone().into_os_string()]) {
            return failed.into();
        }
        match crate::store::read_file(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => ExternalOutcome::Edited(text),
                Err(_) => ExternalOutcome::Failed("the edited text is not UTF-8".into()),
            },
            Err(e) => ExternalOutcome::Failed(format!(
                "cannot read the edited text back from {}: {e}",
                path.display()
            )),
        }
        // `_folder` goes here, and the file with it.
    }

    fn edit_file(&mut self, path: &Path, line: usize) -> Result<(), EditorError> {
        let args = [OsString::from(format!("+{line}")), path.into()];
        self.run(&args)
    }
}

/// A private folder (0700) holding `file_name` (0600) with `text` in it: the text may be
/// confidential planning, and the name is what the user's editor shows.
fn temporary_file(
    text: &str,
    file_name: &str,
) -> io::Result<(tempfile::TempDir, std::path::PathBuf)> {
    let folder = tempfile::Builder::new().prefix("wpmatrix-").tempdir()?;
    let path = folder.path().join(file_name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&path)?;
    file.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        file.write_all(b"\n")?;
    }
    file.sync_all()?;
    Ok((folder, path))
}

/// Whether SIGINT and SIGQUIT do what they normally do (end wpmatrix). Not while the terminal is
/// handed over: a Ctrl-C typed there reaches every process on the terminal, and it is meant for
/// the editor, not for wpmatrix waiting on it with unsaved changes.
fn interrupts_act() -> &'static Arc<AtomicBool> {
    static ACT: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    ACT.get_or_init(|| {
        let act = Arc::new(AtomicBool::new(true));
        #[cfg(unix)]
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGQUIT] {
            let _ = signal_hook::flag::register_conditional_default(signal, Arc::clone(&act));
        }
        act
    })
}

/// The terminal as a shell leaves it, for the editor: main screen, cooked mode, no mouse or
/// paste reporting, cursor shown.
fn give_terminal() {
    interrupts_act().store(false, Ordering::SeqCst);
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// The terminal as the wpmatrix loop wants it again; the caller redraws the whole screen.
fn take_terminal() {
    let _ = enable_raw_mode();
    let _ = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    );
    interrupts_act().store(true, Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_temporary_file_is_private_named_and_gone_afterwards() {
        let (folder, path) = temporary_file("Line one", "wpmatrix-a.md").unwrap();
        assert_eq!(path.file_name().unwrap(), "wpmatrix-a.md");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "Line one\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        drop(folder);
        assert!(!path.exists());
    }

    #[test]
    fn a_command_with_arguments_is_split_like_a_shell_word_list() {
        let mut editor =
            SystemEditor::with_command("sh -c 'printf \"%s\" \"$0\" > \"$1\"' 'New text'");
        assert_eq!(
            editor.edit_text("old", "wpmatrix-a.md"),
            ExternalOutcome::Edited("New text".into())
        );
    }

    #[test]
    fn failing_missing_and_unreadable_editors_say_which() {
        let failed = SystemEditor::with_command("false").edit_text("old", "x.md");
        assert!(
            matches!(&failed, ExternalOutcome::Failed(r) if r.contains("`false` failed (exit status: 1)")),
            "{failed:?}"
        );
        let missing = SystemEditor::with_command("/nonexistent/editor").edit_text("old", "x.md");
        assert!(
            matches!(&missing, ExternalOutcome::Missing(r) if r.starts_with("cannot start the editor `/nonexistent/editor`")),
            "{missing:?}"
        );
        let unclosed = SystemEditor::with_command("vi 'oops").edit_text("old", "x.md");
        assert!(
            matches!(&unclosed, ExternalOutcome::Missing(r) if r.contains("cannot be read")),
            "{unclosed:?}"
        );
    }
}

//! One module per subcommand. Each writes to the [`Console`] it is given and answers with an
//! [`Outcome`] (exit 0 or 1) or an [`Unusable`] (exit 2); `main` maps those to exit codes.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use crate::cli::{Cli, Command, Presentation};
use crate::store::LoadError;

pub mod adopt;
pub mod check;
pub mod completions;
pub mod diff;
pub mod edit;
pub mod export;
pub mod fmt;
pub mod git_drivers;
pub mod git_setup;
pub mod import;
pub mod log;
pub mod man;
mod merge_passes;
pub mod new;
pub mod progress;
pub mod recover;
pub mod report;
pub mod show;
pub mod stats;

/// What a command that ran answers: yes (exit 0) or no (exit 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Success; for `diff` no difference, for `check` no problem.
    Yes,
    /// The answer is "no": differences found, problems found, not canonical.
    No,
}

/// Narrows a programme to the activities `--filter` keeps; `None` keeps them all.
fn apply_filter(
    filter: Option<&str>,
    programme: &mut crate::model::Programme,
) -> Result<(), Unusable> {
    if let Some(filter) = parse_filter(filter, programme)? {
        filter.keep(programme);
    }
    Ok(())
}

/// `--filter F` read against a programme's own fields.
fn parse_filter(
    filter: Option<&str>,
    programme: &crate::model::Programme,
) -> Result<Option<crate::model::filter::Filter>, Unusable> {
    filter
        .map(|text| {
            crate::model::filter::Filter::parse_for(text, &programme.fields)
                .map_err(|e| Unusable(format!("--filter {text:?} {e}")))
        })
        .transpose()
}

/// Why a command could not run: its input or its arguments could not be used (exit 2).
/// The message is complete and printed as it is.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Unusable(pub String);

impl From<LoadError> for Unusable {
    fn from(err: LoadError) -> Self {
        Unusable(err.to_string())
    }
}

impl Unusable {
    /// An I/O failure on a path, said in words.
    pub fn io(action: &str, path: &std::path::Path, err: &io::Error) -> Self {
        Unusable(format!(
            "{}: cannot {action}: {err}",
            crate::text::printable_path(path)
        ))
    }
}

/// Where a command writes, and whether a person is reading it there.
pub struct Console<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// Standard output is a terminal: colours, snippets and terminal width are welcome.
    pub out_is_terminal: bool,
    pub err_is_terminal: bool,
    /// The width of the terminal standard output goes to, when it is one.
    pub out_width: Option<u16>,
}

impl Console<'_> {
    /// Runs `f` with a console on the process's standard output and error; `f` ends with
    /// [`Console::flush`] to learn whether everything was written.
    pub fn with_std<T>(f: impl FnOnce(&mut Console<'_>) -> T) -> T {
        let stdout = io::stdout();
        let stderr = io::stderr();
        let out_is_terminal = stdout.is_terminal();
        let err_is_terminal = stderr.is_terminal();
        let mut out = io::BufWriter::new(stdout.lock());
        // Not locked: a progress indicator draws to standard error from its own thread.
        let mut err = stderr;
        let out_width = out_is_terminal.then(crate::tui::terminal_width).flatten();
        let mut console = Console {
            out: &mut out,
            err: &mut err,
            out_is_terminal,
            err_is_terminal,
            out_width,
        };
        f(&mut console)
    }

    /// Pushes out what is still buffered. Output that cannot be written (a full disk) makes the
    /// command fail; a reader that went away (`| head`) does not.
    pub fn flush(&mut self) -> Result<(), Unusable> {
        match self.out.flush() {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                Err(Unusable(format!("cannot write output: {e}")))
            }
            _ => Ok(()),
        }
    }
}

/// Runs the command the user asked for.
pub fn run(cli: Cli, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let presentation = present(&cli)?;
    let Some(command) = cli.command else {
        return edit::run(cli.file.as_deref(), presentation.screen_reader);
    };
    match command {
        Command::Show {
            file,
            view,
            width,
            filter,
        } => show::run(&file, view, width, filter.as_deref(), console),
        Command::Check { files } => check::run(&files, console),
        Command::Fmt {
            check,
            drop_comments,
            files,
        } => fmt::run(&files, check, drop_comments, console),
        Command::Export(args) => export::run(&args, console),
        Command::Import(args) => import::run(&args, console),
        Command::Diff {
            old,
            new,
            format,
            color,
            filter,
        } => diff::run(&old, &new, format, color, filter.as_deref(), console),
        Command::New {
            year,
            from,
            empty,
            clusters_from,
            output,
            clear_dates,
        } => new::run(
            year,
            &new::Source::of(from, empty, clusters_from),
            output.as_deref(),
            clear_dates,
            console,
        ),
        Command::Report(args) => report::run(&args, console),
        Command::Stats(args) => stats::run(&args, console),
        Command::Log {
            file,
            activity,
            since,
        } => log::run(
            file.as_deref(),
            activity.as_deref(),
            since.as_deref(),
            console,
        ),
        Command::Adopt { file, on, by } => adopt::run(&file, &on, by.as_deref(), console),
        Command::Recover { list: _, delete } => recover::run(delete.as_deref(), console),
        Command::Completions { shell } => completions::run(shell, console),
        Command::Man => man::run(console),
        Command::GitSetup { global } => git_setup::run(global, console),
        Command::GitDiffDriver { args } => git_drivers::diff_driver(&args, console),
        Command::GitTextconv { file } => git_drivers::textconv(&file, console),
        Command::GitMergeDriver { args } => git_drivers::merge_driver(&args, console),
    }
}

/// Reads the presentation (ASCII, screen reader, theme) from the flags, the environment and the
/// config file, and sets it for the whole process.
fn present(cli: &Cli) -> Result<Presentation, Unusable> {
    // Only a regular file is read: a FIFO or a device there must not hang the start.
    let config = crate::tui::keyfile::user_config_file("config")
        .filter(|path| std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() < 1 << 20))
        .and_then(|path| std::fs::read_to_string(path).ok());
    let presentation =
        Presentation::resolve(cli, |name| std::env::var(name).ok(), config.as_deref())
            .map_err(|e| Unusable(e.to_string()))?;
    crate::text::ascii::set_ascii(presentation.ascii);
    let theme = if presentation.no_color {
        crate::tui::theme::ThemeName::Mono
    } else {
        presentation.theme
    };
    crate::tui::theme::set_theme(theme);
    Ok(presentation)
}

/// Maps a command's answer to the process's exit code, printing the reason for a failure.
pub fn exit_code(result: Result<Outcome, Unusable>, err: &mut dyn Write) -> ExitCode {
    match result {
        Ok(Outcome::Yes) => ExitCode::SUCCESS,
        Ok(Outcome::No) => ExitCode::from(1),
        Err(Unusable(message)) => {
            // The last guard: whatever a message quotes (a path, a title) cannot act on the
            // terminal. Its own symbols were drawn in the mode's set where it was made; what
            // it quotes of the planners' text stays as written.
            let message = crate::text::terminal_safe(message.trim_end());
            let _ = writeln!(err, "wpmatrix: {message}");
            ExitCode::from(2)
        }
    }
}

/// Writes, turning a broken pipe (`wpmatrix show … | head`) into a quiet success
/// and any other write failure into an [`Unusable`].
pub fn write_out(out: &mut dyn Write, text: &str) -> Result<(), Unusable> {
    write_bytes(out, text.as_bytes())
}

/// [`write_out`] for bytes that need not be text (an XLSX workbook).
pub fn write_bytes(out: &mut dyn Write, bytes: &[u8]) -> Result<(), Unusable> {
    match out.write_all(bytes) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Unusable(format!("cannot write output: {e}"))),
    }
}

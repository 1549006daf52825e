//! The terminal editor: the event loop, keys, keymap, theme and views. The only part of
//! wpmatrix that uses ratatui and crossterm.

pub mod editor;
pub mod external;
pub mod history;
pub mod keyfile;
pub mod keymap;
pub mod keys;
pub mod reading;
pub mod repair;
pub mod speech;
pub mod symbols;
pub mod theme;
pub mod view;
pub mod years;

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;

use crate::store::LoadError;

pub use editor::Editor;
use external::SystemEditor;
use keymap::Keymap;
use reading::Reading;
use repair::RepairScreen;

/// The width of the terminal, if there is one to ask.
pub fn terminal_width() -> Option<u16> {
    crossterm::terminal::size().ok().map(|(width, _)| width)
}

/// What the terminal shows first: the editor, or the repair screen for a file that cannot be
/// loaded.
enum Start {
    Editor(Box<Editor>),
    Repair(Box<RepairScreen>),
    /// A large file: its first screen while the rest is read.
    Reading(Box<Reading>),
}

/// Opens the editor on a programme file and runs it until the user quits. A file that cannot
/// be read is reported plainly before the terminal is taken; one that was read but is not a
/// programme opens the repair screen (leaving it without a fix is an error: exit 2).
pub fn run(path: &Path, screen_reader: bool) -> Result<(), RunError> {
    let (keymap, key_problems) = match keyfile::user_key_file() {
        Some(key_file) => keyfile::load(&key_file),
        None => (Keymap::default(), Vec::new()),
    };
    let terminal = io::stdin().is_terminal() && io::stdout().is_terminal();
    let reading = terminal
        .then(|| Reading::start(path, &keymap))
        .flatten()
        .map(|mut reading| {
            reading.screen_reader = screen_reader;
            reading
        });
    let start = match reading {
        Some(reading) => Start::Reading(Box::new(reading)),
        None => match Editor::open(path, keymap.clone()) {
            Ok(editor) => Start::Editor(Box::new(editor)),
            Err(error) if terminal => {
                Start::Repair(repair_or_error(path, error, &keymap, screen_reader)?)
            }
            Err(error) => return Err(RunError::Load(error)),
        },
    };
    if !terminal {
        return Err(RunError::NoTerminal(path.to_path_buf()));
    }
    let mut terminal = ratatui::try_init().map_err(RunError::TakeOver)?;
    // `try_init` installed ratatui's hook, which gives the terminal back on a panic; this one
    // runs before it and also turns off paste and mouse reporting.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
    // Without bracketed paste a pasted newline would act as Enter and the text after it as keys.
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let ended = end_on_signals();
    let result = match start {
        Start::Editor(editor) => Ok(Some(editor)),
        Start::Repair(screen) => repair_loop(&mut terminal, *screen, &ended),
        Start::Reading(reading) => match reading_loop(&mut terminal, *reading, &ended) {
            Ok(Some(Ok(editor))) => Ok(Some(Box::new(editor))),
            Ok(Some(Err(error))) => repair_or_error(path, error, &keymap, screen_reader)
                .and_then(|screen| repair_loop(&mut terminal, *screen, &ended)),
            Ok(None) => Ok(None),
            Err(message) => Err(message),
        },
    };
    let mut editor = None;
    let result = match result {
        Ok(Some(mut opened)) => {
            // Whatever the repair screen or an editor left there goes.
            let _ = redraw_all(&mut terminal);
            opened.set_external_editor(Box::new(SystemEditor::from_env().handing_over_terminal()));
            opened.app.report_setup_problems(key_problems);
            opened.screen_reader = screen_reader;
            // The clock is read here, at the edge, so everything below can be tested on a fixed day.
            opened.app.today = Some(chrono::Local::now().date_naive());
            let result = event_loop(&mut terminal, &mut opened, &ended).map_err(RunError::Terminal);
            editor = Some(opened);
            result
        }
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    if ended.load(Ordering::Relaxed) {
        let kept = editor
            .and_then(|e| e.recovery_path())
            .filter(|p| p.exists());
        return Err(RunError::Signal { kept });
    }
    result
}

/// Why the editor ended other than by the user quitting it (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The file cannot be read, or is no programme and there is no terminal to repair it in.
    #[error(transparent)]
    Load(LoadError),
    #[error("the editor needs a terminal; to print the programme use `wpmatrix show {}`", .0.display())]
    NoTerminal(PathBuf),
    #[error("cannot take over the terminal: {0}")]
    TakeOver(io::Error),
    #[error("terminal error: {0}")]
    Terminal(io::Error),
    /// The user left the repair screen without a fix; the screen's farewell says what is wrong.
    #[error("{0}")]
    Left(String),
    /// SIGTERM or SIGHUP; the recovery file the editor kept, if it had unsaved changes.
    #[error("ended by a signal{}", kept_note(.kept.as_deref()))]
    Signal { kept: Option<PathBuf> },
}

fn kept_note(kept: Option<&Path>) -> String {
    kept.map(|path| {
        format!(
            "; unsaved changes kept in {}, put back when the file is next opened",
            path.display()
        )
    })
    .unwrap_or_default()
}

/// The repair screen for a file that was read but is not a programme; what to say for one
/// that could not be read.
fn repair_or_error(
    path: &Path,
    error: LoadError,
    keymap: &Keymap,
    screen_reader: bool,
) -> Result<Box<RepairScreen>, RunError> {
    match repair::repairable(&error) {
        Some(diagnostics) => {
            let mut screen = RepairScreen::new(
                path,
                diagnostics,
                keymap.clone(),
                Box::new(SystemEditor::from_env().handing_over_terminal()),
            );
            screen.screen_reader = screen_reader;
            Ok(Box::new(screen))
        }
        None => Err(RunError::Load(error)),
    }
}

/// The first screen of a large file until it is read whole: the editor on it, why it is not a
/// programme, or nothing when the user left (or a signal ended us) first.
fn reading_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut reading: Reading,
    ended: &AtomicBool,
) -> Result<Option<Result<Editor, LoadError>>, RunError> {
    loop {
        terminal
            .draw(|frame| reading.draw(frame))
            .map_err(RunError::Terminal)?;
        loop {
            if reading.is_done() {
                return Ok(Some(reading.finish()));
            }
            if ended.load(Ordering::Relaxed) {
                return Ok(None);
            }
            // Short slices: the editor should follow the read as soon as it is done.
            if !event::poll(Duration::from_millis(10)).map_err(RunError::Terminal)? {
                continue;
            }
            match event::read().map_err(RunError::Terminal)? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    if reading.is_quit(key) {
                        return Ok(None);
                    }
                    reading.keep_key(key);
                }
                Event::Paste(text) => reading.keep_paste(text),
                Event::Resize(..) => break,
                _ => {}
            }
        }
    }
}

/// Clears the screen and forgets what is on it, so the next frame is drawn in full. Unlike
/// `Terminal::clear` it does not ask the terminal where its cursor is, which a terminal may
/// never answer.
fn redraw_all(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    use ratatui::backend::{Backend as _, ClearType};
    terminal.backend_mut().clear_region(ClearType::All)?;
    // Both buffers empty: the next draw writes every cell that is not blank.
    terminal.swap_buffers();
    Ok(())
}

/// The repair screen until the file loads (the editor on it), the user leaves (the reason to
/// exit 2) or a signal ends it (nothing).
fn repair_loop(
    terminal: &mut ratatui::DefaultTerminal,
    mut screen: RepairScreen,
    ended: &AtomicBool,
) -> Result<Option<Box<Editor>>, RunError> {
    loop {
        if screen.take_redraw_all() {
            redraw_all(terminal).map_err(RunError::Terminal)?;
        }
        terminal
            .draw(|frame| screen.draw(frame))
            .map_err(RunError::Terminal)?;
        let Some(event) = next_event(ended).map_err(RunError::Terminal)? else {
            return Ok(None);
        };
        let Event::Key(key) = event else {
            continue;
        };
        match screen.handle_key(key) {
            repair::Next::Stay => {}
            repair::Next::Open(editor) => return Ok(Some(editor)),
            repair::Next::Leave(farewell) => return Err(RunError::Left(farewell)),
        }
    }
}

/// The next key press or resize, waiting in slices so a signal is noticed; `None` once one
/// ended us.
fn next_event(ended: &AtomicBool) -> io::Result<Option<Event>> {
    loop {
        if ended.load(Ordering::Relaxed) {
            return Ok(None);
        }
        if !event::poll(Duration::from_millis(100))? {
            continue;
        }
        match event::read()? {
            Event::Key(key) if key.kind == KeyEventKind::Release => {}
            event @ (Event::Key(_) | Event::Resize(..)) => return Ok(Some(event)),
            _ => {}
        }
    }
}

/// A flag raised by SIGTERM or SIGHUP (a closed terminal, a shutdown), so the editor gives the
/// terminal back and keeps its recovery file instead of dying in the alternate screen.
fn end_on_signals() -> Arc<AtomicBool> {
    let ended = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&ended));
    }
    ended
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    editor: &mut Editor,
    ended: &AtomicBool,
) -> io::Result<()> {
    loop {
        if editor.take_redraw_all() {
            redraw_all(terminal)?;
        }
        terminal.draw(|frame| editor.draw(frame))?;
        if editor.quit {
            return Ok(());
        }
        // Wait for an event that can change the screen; mouse motion alone does not.
        loop {
            if ended.load(Ordering::Relaxed) {
                editor.abandon();
                return Ok(());
            }
            // A year switched to and read meanwhile goes on screen at once.
            if editor.year_is_read() {
                editor.finish_year();
                break;
            }
            // Waiting in slices, so a signal (or the end of a year's read) is noticed within one.
            let slice = if editor.year_being_read().is_some() {
                10
            } else {
                100
            };
            if !event::poll(Duration::from_millis(slice))? {
                continue;
            }
            match event::read()? {
                Event::Paste(text) => {
                    editor.handle_paste(&text);
                    break;
                }
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    editor.handle_key(key);
                    break;
                }
                Event::Mouse(mouse)
                    if !matches!(mouse.kind, MouseEventKind::Moved | MouseEventKind::Drag(_)) =>
                {
                    editor.handle_mouse(mouse);
                    break;
                }
                Event::Resize(..) | Event::FocusGained => break,
                _ => {}
            }
        }
    }
}

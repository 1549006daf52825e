//! The terminal editor: the event loop, keys, keymap, theme and views. The only part of
//! wpmatrix that uses ratatui and crossterm.

pub mod editor;
pub mod keyfile;
pub mod keymap;
pub mod keys;
pub mod theme;
pub mod view;

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;

pub use editor::Editor;
use keymap::Keymap;

/// The width of the terminal, if there is one to ask.
pub fn terminal_width() -> Option<u16> {
    crossterm::terminal::size().ok().map(|(width, _)| width)
}

/// Opens the editor on a programme file and runs it until the user quits.
/// The file is loaded before the terminal is taken, so a bad file is reported plainly.
pub fn run(path: &Path) -> Result<(), String> {
    let (keymap, key_problems) = match keyfile::user_key_file() {
        Some(key_file) => keyfile::load(&key_file),
        None => (Keymap::default(), Vec::new()),
    };
    let mut editor = Editor::open(path, keymap).map_err(|e| e.to_string())?;
    editor.app.report_setup_problems(key_problems);
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(format!(
            "the editor needs a terminal; to print the programme use `wpmatrix show {}`",
            path.display()
        ));
    }
    // color-eyre's hook first, so ratatui's restoring hook runs before it reports.
    let _ = color_eyre::install();
    let mut terminal =
        ratatui::try_init().map_err(|e| format!("cannot take over the terminal: {e}"))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
        previous(info);
    }));
    // Without bracketed paste a pasted newline would act as Enter and the text after it as keys.
    let _ = execute!(io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    let ended = end_on_signals();
    let result = event_loop(&mut terminal, &mut editor, &ended);
    let _ = execute!(io::stdout(), DisableBracketedPaste, DisableMouseCapture);
    ratatui::restore();
    if ended.load(Ordering::Relaxed) {
        let kept = editor.recovery_path().filter(|p| p.exists());
        return Err(match kept {
            Some(path) => format!(
                "ended by a signal; unsaved changes kept in {}, put back when the file is next opened",
                path.display()
            ),
            None => "ended by a signal".to_string(),
        });
    }
    result.map_err(|e| format!("terminal error: {e}"))
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
            // Waiting in slices, so a signal is noticed within one.
            if !event::poll(Duration::from_millis(100))? {
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

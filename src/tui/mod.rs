//! The terminal editor: the event loop, keys, keymap, theme and views. The only part of
//! wpmatrix that uses ratatui and crossterm.

pub mod editor;
pub mod keymap;
pub mod keys;
pub mod theme;
pub mod view;

use std::io::{self, IsTerminal};
use std::path::Path;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use crossterm::execute;

pub use editor::Editor;
use keymap::Keymap;

/// Opens the editor on a programme file and runs it until the user quits.
/// The file is loaded before the terminal is taken, so a bad file is reported plainly.
pub fn run(path: &Path) -> Result<(), String> {
    let (keymap, keymap_problem) = Keymap::load_user();
    let mut editor = Editor::open(path, keymap).map_err(|e| e.to_string())?;
    if let Some(problem) = keymap_problem {
        editor.dispatch(crate::app::Action::Notice(problem));
    }
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
        let _ = execute!(io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let _ = execute!(io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, &mut editor);
    let _ = execute!(io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result.map_err(|e| format!("terminal error: {e}"))
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, editor: &mut Editor) -> io::Result<()> {
    loop {
        terminal.draw(|frame| editor.draw(frame))?;
        if editor.quit {
            return Ok(());
        }
        // Wait for an event that can change the screen; mouse motion alone does not.
        loop {
            match event::read()? {
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

//! The repair screen in the terminal: the problems that stop the file from loading, the user's
//! own editor opened at the first one with `e`, and the editor proper once the file loads.

use std::path::Path;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::Editor;
use super::external::ExternalEditor;
use super::keymap::{KeyMode, Keymap};
use super::keys::{Key, display_key};
use super::theme;
use crate::app::{Action, Repair, RepairEffect};
use crate::session::StateDir;
use crate::store::{Diagnostic, LoadError};

/// The problems that make a load error worth repairing in place: a file that was read but is
/// not a programme. A file that cannot be read at all (missing, no permission) is not.
pub fn repairable(error: &LoadError) -> Option<&[Diagnostic]> {
    match error {
        LoadError::Invalid { rejection, .. } => Some(&rejection.diagnostics),
        LoadError::Io { .. } => None,
    }
}

/// Where the repair screen goes after a key.
pub enum Next {
    /// Stay on the repair screen.
    Stay,
    /// The file loads now: the editor on it.
    Open(Box<Editor>),
    /// Leave without opening; what to say on the way out.
    Leave(String),
}

/// The repair screen and what it needs to carry out its effects.
pub struct RepairScreen {
    pub repair: Repair,
    keymap: Keymap,
    external: Box<dyn ExternalEditor>,
    /// Where the opened editor keeps its recovery; `None`: the user's state folder.
    state: Option<StateDir>,
    /// The screen was handed to another program and must be drawn again in full.
    redraw_all: bool,
    /// Screen-reader mode: the cursor sits at the end of the heading, which says what is wrong.
    pub screen_reader: bool,
}

impl RepairScreen {
    pub fn new(
        path: &Path,
        diagnostics: &[Diagnostic],
        keymap: Keymap,
        external: Box<dyn ExternalEditor>,
    ) -> RepairScreen {
        RepairScreen {
            repair: Repair::new(path.to_path_buf(), diagnostics),
            keymap,
            external,
            state: None,
            redraw_all: false,
            screen_reader: false,
        }
    }

    /// The editor opened after a repair keeps its recovery in `state` (tests use their own).
    pub fn with_state(mut self, state: StateDir) -> RepairScreen {
        self.state = Some(state);
        self
    }

    /// Whether the screen must be drawn again in full; asking resets it.
    pub fn take_redraw_all(&mut self) -> bool {
        std::mem::take(&mut self.redraw_all)
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, event: KeyEvent) -> Next {
        let key = Key::from(event);
        let Some(action) = self.keymap.action(KeyMode::Repair, key).cloned() else {
            return Next::Stay;
        };
        match self.repair.update(&action) {
            RepairEffect::None => Next::Stay,
            RepairEffect::Leave => Next::Leave(self.repair.farewell()),
            RepairEffect::EditFile { line } => {
                let path = self.repair.path.clone();
                let result = self.external.edit_file(&path, line);
                self.redraw_all = true;
                if self.repair.edited(result) {
                    self.reopen()
                } else {
                    Next::Stay
                }
            }
        }
    }

    /// Reads the file again: the editor on it if it loads, the new list of problems if not.
    fn reopen(&mut self) -> Next {
        let path = self.repair.path.clone();
        let keymap = self.keymap.clone();
        let opened = match &self.state {
            Some(state) => Editor::open_in(&path, keymap, state.clone()),
            None => Editor::open(&path, keymap),
        };
        match opened {
            Ok(editor) => Next::Open(Box::new(editor)),
            Err(error) => {
                match repairable(&error) {
                    Some(diagnostics) => self.repair.still_broken(diagnostics),
                    None => self.repair.unreadable(error.to_string()),
                }
                Next::Stay
            }
        }
    }

    pub fn draw(&self, frame: &mut Frame) {
        frame.render_widget(
            RepairView {
                repair: &self.repair,
                keymap: &self.keymap,
            },
            frame.area(),
        );
        if self.screen_reader {
            let area = frame.area();
            let end = crate::text::columns(&heading(&self.repair));
            let x = crate::tui::view::cells(end).min(area.width.saturating_sub(1));
            frame.set_cursor_position((area.x + x, area.y));
        }
    }
}

/// The first line: which file cannot be loaded and how many problems it has.
fn heading(repair: &Repair) -> String {
    let heading = format!(
        " {} cannot be loaded: {} ",
        crate::text::printable_path(&repair.path),
        crate::text::plural(repair.problems.len(), "problem")
    );
    crate::text::printable(&heading).into_owned()
}

/// The repair screen drawn: a heading, the problems, the message and the keys.
struct RepairView<'a> {
    repair: &'a Repair,
    keymap: &'a Keymap,
}

impl RepairView<'_> {
    fn keys(&self, action: &Action) -> String {
        let keys: Vec<String> = self
            .keymap
            .keys(KeyMode::Repair, action)
            .into_iter()
            .map(display_key)
            .collect();
        keys.join("/")
    }
}

impl Widget for RepairView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height < 4 || area.width < 10 {
            return;
        }
        let repair = self.repair;
        buf.set_style(Rect::new(area.x, area.y, area.width, 1), theme::bar());
        buf.set_stringn(
            area.x,
            area.y,
            heading(repair),
            area.width as usize,
            theme::bar(),
        );
        let list_area = Rect::new(area.x, area.y + 2, area.width, area.height - 4);
        let lines: Vec<Line> = repair
            .problems
            .iter()
            .skip(repair.scroll)
            .map(|p| Line::from(p.as_str()))
            .collect();
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(list_area, buf);
        let message_y = area.bottom() - 2;
        if let Some(message) = &repair.message {
            let style = if message.is_error {
                theme::error()
            } else {
                Style::default()
            };
            buf.set_stringn(
                area.x,
                message_y,
                crate::text::printable(&message.text),
                area.width as usize,
                style,
            );
        }
        let edit = self.keys(&Action::EditExternally);
        let leave = self.keys(&Action::Quit);
        let hints = Line::from(vec![
            Span::styled(edit, theme::key()),
            Span::raw(format!(
                " edit at line {} in $EDITOR, then reload   ",
                repair.first_line
            )),
            Span::styled(leave, theme::key()),
            Span::raw(" leave unopened"),
        ]);
        buf.set_line(area.x, area.bottom() - 1, &hints, area.width);
    }
}

//! Screen-reader mode: no columns, boxes or decoration. The first line says where you are
//! (the sentence `show --view linear` prints for each activity) and the terminal's cursor sits
//! on it, so a screen reader reads it after each move; a message is the next line, spoken, not
//! an overlay; a picker or a form reads as a list below.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Clear, Widget};
use ratatui_textarea::TextArea;

use crate::app::{App, Mode};
use crate::model::Status;
use crate::report::linear::where_you_are;
use crate::text::{printable, wrap};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::view::popup::Popup;

/// The editor's screen in screen-reader mode.
pub struct SpokenScreen<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
}

impl SpokenScreen<'_> {
    /// The line that says where you are, or what the open picker has chosen.
    pub fn announcement(&self) -> String {
        let app = self.app;
        match &app.mode {
            Mode::StatusPicker { index } => {
                let status = Status::ALL.get(*index).copied().unwrap_or_default();
                format!(
                    "Status picker, {} of {}: {status}.",
                    index + 1,
                    Status::ALL.len()
                )
            }
            Mode::List => {
                let items = app.list_items();
                let (Some(editor), Some(activity)) = (app.list, app.selected_activity()) else {
                    return self.where_you_are();
                };
                let what = format!("{} of {}", editor.list.label(), printable(&activity.title));
                match items.get(editor.index) {
                    Some(item) => format!(
                        "{what}, {} of {}: {}.",
                        editor.index + 1,
                        items.len(),
                        printable(item)
                    ),
                    None => format!("{what}: none yet."),
                }
            }
            Mode::Help { .. } => "Help: the keys as bound, a line each.".to_string(),
            mode if !matches!(mode, Mode::Normal) => {
                format!(
                    "{} mode. {}",
                    mode.label().to_lowercase(),
                    self.where_you_are()
                )
            }
            _ => self.where_you_are(),
        }
    }

    fn where_you_are(&self) -> String {
        let app = self.app;
        if let Some(line) = crate::tui::years::spoken_ghost(app) {
            return line;
        }
        let problems = app.problems_of(app.selected).len();
        let mut line = where_you_are(&app.programme, app.selected, problems);
        if let Some(standing) = crate::tui::years::spoken_standing(app) {
            line.push(' ');
            line.push_str(&standing);
        }
        if app.is_dirty() {
            line.push_str(" Unsaved changes.");
        }
        line
    }

    /// Where the terminal's cursor goes: at the end of the announcement's first line.
    pub fn cursor(&self, area: Rect) -> Position {
        let width = usize::from(area.width.max(1));
        let first = wrap(&self.announcement(), width);
        let end = first.first().map_or(0, |l| crate::text::columns(l));
        Position::new(
            area.x + crate::tui::view::cells(end).min(area.width.saturating_sub(1)),
            area.y,
        )
    }
}

impl Widget for SpokenScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        if area.is_empty() {
            return;
        }
        let width = usize::from(area.width);
        let mut lines = wrap(&self.announcement(), width);
        if let Some(message) = &self.app.message {
            lines.extend(wrap(&printable(&message.text), width));
        }
        let hints: Vec<String> = self
            .keymap
            .hints(KeyMode::of(&self.app.mode))
            .into_iter()
            .map(|(key, what)| format!("{key} {what}"))
            .collect();
        lines.extend(wrap(&format!("Keys: {}.", hints.join(", ")), width));
        let mut y = area.y;
        for line in &lines {
            if y >= area.bottom() {
                return;
            }
            buf.set_stringn(area.x, y, line, width, ratatui::style::Style::new());
            y += 1;
        }
        // A picker, a form or a question reads as a list below the lines.
        if !matches!(self.app.mode, Mode::Normal) && y + 1 < area.bottom() {
            let below = Rect::new(area.x, y + 1, area.width, area.bottom() - y - 1);
            Popup {
                app: self.app,
                keymap: self.keymap,
                textarea: self.textarea,
            }
            .render(below, buf);
        }
    }
}

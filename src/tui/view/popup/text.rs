//! A text box (title, description, notes, names): the text widget with the mode's key hints under it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use super::{frame, hints};
use crate::app::TextTarget;
use crate::tui::keymap::{KeyMode, Keymap};

pub struct TextPopup<'a> {
    pub target: &'a TextTarget,
    pub mode: KeyMode,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
}

impl Widget for TextPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let height = if self.target.multiline() { 14 } else { 5 };
        let inner = frame(area, buf, 72, height, self.target.label());
        let [text_area, hint_row] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        if let Some(textarea) = self.textarea {
            textarea.render(text_area, buf);
        }
        hints(self.keymap, self.mode).render(hint_row, buf);
    }
}

//! A text box (title, description, notes, names): the text widget, why its value was refused or
//! the question before discarding changes, and the mode's key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use super::{frame, hints};
use crate::app::{Action, Refused, TextBox, TextTarget};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::keys::display_key;
use crate::tui::theme;

pub struct TextPopup<'a> {
    pub target: &'a TextTarget,
    pub state: &'a TextBox,
    pub mode: KeyMode,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
    /// For an item of the list editor: how the text reads as it is typed, or why it would be
    /// refused.
    pub preview: Option<Result<String, Refused>>,
}

impl TextPopup<'_> {
    /// The refusal or the question, if there is one to show.
    fn notice(&self) -> Option<Line<'static>> {
        if let Some(error) = &self.state.error {
            return Some(Line::styled(error.clone(), theme::error()));
        }
        if !self.state.discard_asked {
            return match &self.preview {
                Some(Ok(items)) if !items.is_empty() => Some(Line::from(vec![
                    Span::styled("Reads as: ", theme::dim()),
                    Span::raw(crate::text::terminal_safe(items).into_owned()),
                ])),
                Some(Err(reason)) => Some(Line::styled(reason.to_string(), theme::error())),
                Some(Ok(_)) | None => None,
            };
        }
        let keys = |action: &Action| {
            let keys: Vec<String> = self
                .keymap
                .keys(self.mode, action)
                .into_iter()
                .map(display_key)
                .collect();
            keys.join("/")
        };
        Some(Line::from(vec![
            Span::styled("Changes not kept: ", theme::error()),
            Span::styled(keys(&Action::Cancel), theme::key()),
            Span::styled(" again discards them, ", theme::error()),
            Span::styled(keys(&Action::Done), theme::key()),
            Span::styled(" keeps them", theme::error()),
        ]))
    }
}

impl Widget for TextPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let notice = self.notice();
        // Room for a refusal over two lines, so a long reason is read whole.
        let notice_rows = if notice.is_some() { 2 } else { 0 };
        let height = if self.target.multiline() { 14 } else { 5 } + notice_rows;
        let inner = frame(
            area,
            buf,
            72,
            height,
            &crate::text::drawn(self.target.label()),
        );
        let [text_area, notice_row, hint_row] = Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(notice_rows),
            Constraint::Length(1),
        ])
        .areas(inner);
        if let Some(textarea) = self.textarea {
            textarea.render(text_area, buf);
        }
        if let Some(notice) = notice {
            Paragraph::new(notice)
                .wrap(Wrap { trim: true })
                .render(notice_row, buf);
        }
        hints(self.keymap, self.mode).render(hint_row, buf);
    }
}

//! A question (unsaved changes, file changed on disk, comments to drop) with its answers' keys.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::frame;
use crate::app::{Action, Question};
use crate::model::Programme;
use crate::tui::keymap::{KeyMode, Keymap, action_name};
use crate::tui::keys::display_key;
use crate::tui::theme;

pub struct ConfirmPopup<'a> {
    pub question: &'a Question,
    pub programme: &'a Programme,
    pub keymap: &'a Keymap,
}

impl Widget for ConfirmPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = frame(area, buf, 60, 7, "Question");
        let mut answers = Vec::new();
        for answer in self.question.answers() {
            let action = Action::Answer(*answer);
            if let Some(key) = self.keymap.keys(KeyMode::Confirm, &action).first() {
                let name = action_name(&action).unwrap_or("");
                answers.push(Span::styled(display_key(*key), theme::key()));
                answers.push(Span::raw(format!(
                    " {}  ",
                    name.trim_start_matches("answer-")
                )));
            }
        }
        if let Some(key) = self.keymap.keys(KeyMode::Confirm, &Action::Cancel).first() {
            answers.push(Span::styled(display_key(*key), theme::key()));
            answers.push(Span::raw(" cancel"));
        }
        let lines = vec![
            Line::raw(self.question.text(self.programme)),
            Line::raw(""),
            Line::from(answers),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

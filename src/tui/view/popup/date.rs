//! Date entry: the accepted forms, the text typed so far and, once refused, why.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{frame, hints};
use crate::app::DateEntry;
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::theme;

pub struct DatePopup<'a> {
    pub entry: &'a DateEntry,
    pub keymap: &'a Keymap,
}

impl Widget for DatePopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let entry = self.entry;
        let title = format!("{} date", capitalise(entry.field.label()));
        let inner = frame(area, buf, 64, 7, &title);
        let lines = vec![
            Line::styled("2022-03-15, 2022-03 or 2022-Q2; empty clears", theme::dim()),
            Line::from(vec![
                Span::styled("> ", theme::key()),
                Span::raw(entry.text.clone()),
                Span::styled(crate::text::drawn("▏"), theme::key()),
            ]),
            match &entry.error {
                Some(e) => Line::styled(e.clone(), theme::error()),
                None => Line::raw(""),
            },
            hints(self.keymap, KeyMode::Date),
        ];
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

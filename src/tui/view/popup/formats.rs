//! The format picker: a filter line, the chosen formats, and the vocabulary to tick.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{frame, list};
use crate::app::{Action, FormatPicker, FormatRow};
use crate::model::join_formats;
use crate::text::truncate;
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::keys::display_key;
use crate::tui::theme;

pub struct FormatsPopup<'a> {
    pub picker: &'a FormatPicker,
    pub keymap: &'a Keymap,
    /// Why the last key typed into the filter was refused, shown under it.
    pub error: Option<&'a str>,
}

impl Widget for FormatsPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let picker = self.picker;
        let inner = frame(area, buf, 48, 20, "Formats");
        let error_rows = if self.error.is_some() { 2 } else { 0 };
        let [filter_row, error_row, chosen_row, list_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(error_rows),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(inner);
        if let Some(error) = self.error {
            Paragraph::new(Line::styled(error.to_string(), theme::error()))
                .wrap(Wrap { trim: true })
                .render(error_row, buf);
        }
        let filter = if picker.filtering || !picker.filter.is_empty() {
            format!("filter: {}{}", picker.filter, crate::text::glyph('▏'))
        } else {
            let keys = self.keymap.keys(KeyMode::Formats, &Action::Filter);
            let key = keys.first().map_or("?".to_string(), |k| display_key(*k));
            format!("{key} filters or adds a format")
        };
        Line::styled(filter, theme::key()).render(filter_row, buf);
        let chosen = format!("chosen: {}", join_formats(&picker.chosen));
        Line::styled(
            truncate(&chosen, chosen_row.width as usize),
            theme::formats(),
        )
        .render(chosen_row, buf);
        let rows = picker
            .rows()
            .into_iter()
            .map(|row| match row {
                FormatRow::Format(f, on) => {
                    let mark = if on { "[x] " } else { "[ ] " };
                    let style = if f.is_other() {
                        theme::formats()
                    } else {
                        Style::new()
                    };
                    Line::from(vec![
                        Span::raw(mark),
                        Span::styled(f.name().to_string(), style),
                    ])
                }
                FormatRow::Add(text) => Line::styled(format!("+ add {text:?}"), theme::key()),
            })
            .collect();
        list(list_area, buf, rows, picker.index);
    }
}

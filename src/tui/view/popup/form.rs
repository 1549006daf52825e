//! The activity form: every field of the selected activity, one per row, the chosen one highlighted.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{frame, hints, list};
use crate::app::App;
use crate::model::{Field, FieldKind, FieldValue};
use crate::text::truncate;
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::theme;
use crate::tui::view::cells;

pub struct FormPopup<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
}

impl Widget for FormPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(activity) = app.selected_activity() else {
            return;
        };
        let inner = frame(
            area,
            buf,
            72,
            cells(Field::EDITABLE.len()) + 3,
            &format!("Edit {}", activity.id),
        );
        let width = inner.width.saturating_sub(14) as usize;
        let rows: Vec<Line> = Field::EDITABLE
            .iter()
            .map(|field| {
                let value = match activity.get(*field) {
                    Some(FieldValue::Status(status)) => format!("{} {status}", status.symbol()),
                    // One row per field: line breaks show as a mark.
                    Some(value) if field.kind() == FieldKind::MultiLineText => value
                        .plain()
                        .replace('\n', &format!(" {} ", crate::text::glyph('⏎'))),
                    Some(value) => value.plain(),
                    None => String::new(),
                };
                Line::from(vec![
                    Span::styled(format!(" {:<12}", field.label()), theme::dim()),
                    Span::raw(truncate(&value, width)),
                ])
            })
            .collect();
        let [list_area, hint_row] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        list(list_area, buf, rows, app.form.unwrap_or(0));
        hints(self.keymap, KeyMode::Form).render(hint_row, buf);
    }
}

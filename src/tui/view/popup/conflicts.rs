//! Merge conflicts of the selected activity, its cluster and the programme: field, ours and
//! theirs, and under the table which side the file holds and the base of the highlighted one.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::{frame, hints, list};
use crate::app::App;
use crate::model::merge::Side;
use crate::text::{self as wrap, truncate};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::theme;
use crate::tui::view::cells;

/// The width the detail of a conflict is wrapped to, inside the popup's frame.
const DETAIL_WIDTH: usize = 73;
/// At most this many lines of detail; the rest is in the file's notes.
const DETAIL_LINES: usize = 4;

pub struct ConflictsPopup<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub index: usize,
}

impl Widget for ConflictsPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let entries = app.selected_conflicts();
        let id = match app.selected_activity() {
            Some(activity) => activity.id.as_str(),
            None => app.selected_cluster().map_or("", |c| c.id.as_str()),
        };
        // What else the highlighted line says (what the side that kept a removed activity
        // changed, what a value clashes with), under its base.
        let detail: Vec<String> = entries
            .get(self.index)
            .map(|e| e.note.detail.as_str())
            .filter(|d| !d.is_empty())
            .map(|d| wrap::wrap(d, DETAIL_WIDTH))
            .unwrap_or_default()
            .into_iter()
            .take(DETAIL_LINES)
            .collect();
        let inner = frame(
            area,
            buf,
            76,
            cells(entries.len() + detail.len()) + 6,
            &format!("Merge conflicts in {id}"),
        );
        if inner.height < 2 {
            return;
        }
        let value_width = (inner.width.saturating_sub(14) / 2) as usize;
        let row = |field: &str, ours: &str, theirs: &str| {
            format!(
                " {:<12} {} {}",
                truncate(field, 12),
                wrap::pad(&truncate(ours, value_width.saturating_sub(1)), value_width),
                truncate(theirs, value_width.saturating_sub(1)),
            )
        };
        let [header, list_area, _gap, base_row, detail_rows, hint_row] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(cells(detail.len())),
            Constraint::Length(1),
        ])
        .areas(inner);
        Line::styled(row("field", "ours", "theirs"), theme::dim()).render(header, buf);
        let rows = entries
            .iter()
            .map(|e| {
                Line::raw(row(
                    &e.label(),
                    &e.note.ours.to_string(),
                    &e.note.theirs.to_string(),
                ))
            })
            .collect();
        list(list_area, buf, rows, self.index);
        // What the file holds is said for the highlighted line: for a removal it is the side
        // that kept the activity, not always ours.
        let base = entries.get(self.index).map(|e| {
            let kept = match e.note.in_file() {
                Side::Ours => "ours",
                Side::Theirs => "theirs",
            };
            format!(
                " the file has {kept} {} {}",
                crate::text::glyph('·'),
                e.note.base_words()
            )
        });
        Line::styled(
            truncate(&base.unwrap_or_default(), base_row.width as usize),
            theme::dim(),
        )
        .render(base_row, buf);
        for (line, row) in detail.iter().zip(detail_rows.rows()) {
            let line = format!(" {line}");
            Line::styled(truncate(&line, row.width as usize), theme::dim()).render(row, buf);
        }
        hints(self.keymap, KeyMode::Conflicts).render(hint_row, buf);
    }
}

//! The timeline in the editor: the layout `show --view timeline` prints, painted in colour over
//! a viewport, with the selected activity highlighted, marked activities flagged and, under a
//! filter, only the matching activities. Only the rows on screen are laid out.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::model::compare::Comparison;
use crate::model::filter::FilterMatches;
use crate::model::{Cell, Programme};
use crate::report::timeline::{Part, RowKind, Timeline};
use crate::text::{drawn, glyph};
use crate::tui::theme;
use crate::tui::view::cells;
pub use crate::tui::view::fitted::MARK;

/// The timeline over plain inputs, so it draws for any state that has them.
pub struct TimelineView<'a> {
    pub programme: &'a Programme,
    pub selected: Cell,
    pub marks: &'a BTreeSet<Cell>,
    /// Activities the filter turned away are hidden.
    pub filter: Option<&'a FilterMatches>,
    /// Activities the current search found: their titles are highlighted.
    pub search: &'a BTreeSet<Cell>,
    /// Marked with a line when it falls in the programme's year.
    pub today: Option<NaiveDate>,
    /// The first body row the caller would like on top (kept from the last frame); moved just
    /// enough to show the selection. See [`body_top`].
    pub top: usize,
    /// While comparing: last year's activities not carried over, listed as ghost rows.
    pub ghosts: Option<&'a Comparison>,
}

/// The first body row to show so the selected activity's row is on screen, moving `top` as
/// little as possible. `height` counts body rows.
pub fn body_top(rows: &[RowKind], selected: Cell, height: usize, top: usize) -> usize {
    let Some(at) = rows
        .iter()
        .position(|r| matches!(r, RowKind::Activity(c) | RowKind::Undated(c) | RowKind::Ghost(c) if *c == selected))
    else {
        return top.min(rows.len().saturating_sub(height.max(1)));
    };
    // Show the cluster heading with the first activity of a cluster.
    let want_from = if at > 0
        && matches!(
            rows[at - 1],
            RowKind::Cluster(_) | RowKind::UndatedCluster(_)
        ) {
        at - 1
    } else {
        at
    };
    super::window_start(top, want_from, at, height, rows.len())
}

impl TimelineView<'_> {
    /// The body rows, the filter applied.
    pub fn rows(&self, layout: &Timeline<'_>) -> Vec<RowKind> {
        layout.body(|cell| self.filter.is_none_or(|f| f.contains(cell)))
    }
}

impl Widget for TimelineView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let layout =
            Timeline::new(self.programme, area.width as usize, self.today).with_ghosts(self.ghosts);
        let header = layout.header();
        let rows = self.rows(&layout);
        let header_height = header.len().min(area.height as usize);
        let height = area.height as usize - header_height;
        let top = body_top(&rows, self.selected, height, self.top);
        for (i, kind) in header.iter().enumerate().take(header_height) {
            self.draw_row(&layout, *kind, area, area.y + cells(i), buf);
        }
        for (i, kind) in rows.iter().skip(top).take(height).enumerate() {
            let y = area.y + cells(header_height + i);
            self.draw_row(&layout, *kind, area, y, buf);
        }
        // Where the screen is in the list, in the label column of the month scale.
        if rows.len() > height && header_height >= 2 {
            let last = (top + height).min(rows.len());
            let text = format!("rows {}{}{last} of {}", top + 1, glyph('–'), rows.len());
            let room = layout.label_width().min(area.width as usize);
            if text.width() <= room {
                buf.set_stringn(area.x, area.y + 1, &text, room, theme::dim());
            }
        }
    }
}

impl TimelineView<'_> {
    fn draw_row(&self, layout: &Timeline<'_>, kind: RowKind, area: Rect, y: u16, buf: &mut Buffer) {
        let row = layout.row(kind);
        let cell = match kind {
            RowKind::Activity(c) | RowKind::Undated(c) | RowKind::Ghost(c) => Some(c),
            _ => None,
        };
        let selected = cell == Some(self.selected);
        let line = Rect::new(area.x, y, area.width, 1);
        let base = super::selection_fill(buf, line, selected, Style::new());
        let found = cell.is_some_and(|c| self.search.contains(&c));
        let mut x = area.x;
        for span in &row.spans {
            let part = match span.part {
                Part::Title if found => theme::search_hit(),
                part => style(part),
            };
            if x >= area.right() {
                break;
            }
            let room = (area.right() - x) as usize;
            let (end, _) = buf.set_stringn(x, y, &span.text, room, base.patch(part));
            x = end;
        }
        if cell.is_some_and(|c| self.marks.contains(&c)) {
            buf.set_stringn(area.x, y, drawn(MARK), 1, base.patch(theme::mark()));
        }
    }
}

/// Colours for the layout's parts; the glyphs already carry the meaning.
fn style(part: Part) -> Style {
    match part {
        Part::Plain => Style::new(),
        Part::Heading | Part::Title => theme::title(),
        Part::Cluster => theme::cluster(),
        Part::Status(s) | Part::Bar(s) => theme::status(s),
        Part::Fuzzy(s) => theme::status(s).add_modifier(Modifier::DIM),
        Part::Event(s) => theme::status(s).add_modifier(Modifier::BOLD),
        Part::Edge => theme::edge(),
        Part::Quarter | Part::Dim => theme::dim(),
        Part::Today => theme::today(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<RowKind> {
        let mut rows = Vec::new();
        for c in 0..3 {
            rows.push(RowKind::Cluster(c));
            for a in 0..5 {
                rows.push(RowKind::Activity(Cell::new(c, a)));
            }
        }
        rows
    }

    #[test]
    fn scrolling_moves_only_as_far_as_the_selection_needs() {
        let rows = rows();
        // Visible already: stay.
        assert_eq!(body_top(&rows, Cell::new(0, 2), 5, 0), 0);
        // Below the screen: the selection becomes the last row.
        assert_eq!(body_top(&rows, Cell::new(1, 1), 5, 0), 4);
        // Above: the cluster heading comes along with a first activity.
        assert_eq!(body_top(&rows, Cell::new(1, 0), 5, 10), 6);
        // A top past the end is pulled back.
        assert_eq!(body_top(&rows, Cell::new(9, 9), 5, 100), rows.len() - 5);
    }
}

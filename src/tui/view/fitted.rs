//! The fitted grid (`z`, "the whole year at a glance"): every cluster and as many activity columns
//! as the screen holds, each cell its status symbol, as much of its title as fits and, when a line
//! is left under the title, who leads it. A pure layout ([`FittedLayout`]) decides the widths;
//! [`FittedGridView`] draws it from plain inputs.

use std::collections::BTreeSet;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::model::filter::FilterMatches;
use crate::model::{Cell, Programme, split_lead};
use crate::text::{drawn, glyph, terminal_safe, truncate, wrap};
use crate::tui::theme;
use crate::tui::view::cells;

/// Narrowest cell: a mark, the status symbol, a space and seven columns of title (six and a
/// `…`), so the six activity columns of the 2022 programme fit at 80 columns.
pub const MIN_CELL: u16 = 10;
/// Lines a cluster row needs to read: two of titles and a rule.
const READABLE_ROW: u16 = 3;
/// The heading line with column positions and the ruler.
const HEADER: u16 = 1;
/// Tallest a cluster row gets: enough for a long title; more would only spread the year out.
const MAX_ROW: u16 = 8;

/// One activity column on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Position of the activity in its cluster, from 0.
    pub index: usize,
    pub x: u16,
    pub width: u16,
}

/// Where everything of the fitted grid goes for a programme, an area and a selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FittedLayout {
    pub area: Rect,
    pub name_width: u16,
    /// The activity columns on screen, left to right, together filling the width.
    pub columns: Vec<Column>,
    /// Activity columns left of and right of the screen.
    pub hidden_before: usize,
    pub hidden_after: usize,
    /// The most activities any cluster has.
    pub widest: usize,
    /// The first cluster on screen.
    pub first_row: usize,
    /// The lines each cluster on screen gets, top to bottom (a rule included when a row has
    /// three or more); together they fill the height.
    pub row_heights: Vec<u16>,
}

impl FittedLayout {
    /// The layout that shows the selection, moving the previous top-left (`first`: cluster row,
    /// activity column) no more than needed.
    pub fn new(programme: &Programme, area: Rect, selected: Cell, first: (usize, usize)) -> Self {
        Self::spanning(programme, area, selected, first, programme.widest_cluster())
    }

    /// [`FittedLayout::new`] with rows `widest` cells long (last year's ghosts after a
    /// cluster's own activities make its row longer while comparing).
    pub fn spanning(
        programme: &Programme,
        area: Rect,
        selected: Cell,
        first: (usize, usize),
        widest: usize,
    ) -> Self {
        let clusters = programme.clusters.len().max(1);
        let widest = widest.max(1);
        let name_width = (area.width / 7).clamp(10, 18).min(area.width / 2);
        let rest = area.width.saturating_sub(name_width);
        let fit = usize::from((rest / MIN_CELL).max(1)).min(widest);
        let first_column = keep_visible(first.1, selected.activity, fit, widest);
        let columns = spread(area.x + name_width, rest, first_column, fit);
        let room = area.height.saturating_sub(HEADER);
        let fair = room / u16::try_from(clusters).unwrap_or(u16::MAX);
        let row_height = fair.clamp(1, MAX_ROW);
        let rows = usize::from(room / row_height).clamp(1, clusters);
        let first_row = keep_visible(first.0, selected.cluster, rows, clusters);
        // The lines a whole number of rows leaves over go to the top rows, one each.
        let mut spare = room.saturating_sub(row_height * cells(rows));
        let row_heights = (0..rows)
            .map(|_| {
                let extra = u16::from(spare > 0 && row_height < MAX_ROW);
                spare -= extra;
                row_height + extra
            })
            .collect();
        FittedLayout {
            area,
            name_width,
            hidden_before: first_column,
            hidden_after: widest - first_column - columns.len(),
            columns,
            widest,
            first_row,
            row_heights,
        }
    }

    /// Every cluster and every activity column is on screen.
    pub fn whole(&self, clusters: usize) -> bool {
        self.rows() >= clusters && self.hidden_before == 0 && self.hidden_after == 0
    }

    /// How much is on screen, for the status bar: `whole year`, or the clusters and columns
    /// shown of how many.
    pub fn extent(&self, clusters: usize) -> String {
        if self.whole(clusters) {
            return "whole year".to_string();
        }
        let mut parts = Vec::new();
        if self.rows() < clusters {
            let first = self.first_row + 1;
            parts.push(format!(
                "clusters {first}–{} of {clusters}",
                self.first_row + self.rows()
            ));
        }
        if self.hidden_before + self.hidden_after > 0 {
            let first = self.hidden_before + 1;
            let last = self.hidden_before + self.columns.len();
            parts.push(format!("columns {first}–{last} of {}", self.widest));
        }
        drawn(&parts.join(", ")).into_owned()
    }

    /// How many clusters are on screen.
    pub fn rows(&self) -> usize {
        self.row_heights.len()
    }

    /// Where a row on screen starts, counting from the top of the area.
    pub fn row_y(&self, row: usize) -> u16 {
        HEADER + self.row_heights.iter().take(row).sum::<u16>()
    }

    /// Lines of text a row's cells get: a rule takes the last line of a row of three or more.
    pub fn content_lines(&self, row: usize) -> u16 {
        match self.row_heights.get(row) {
            Some(&h) if h >= 3 => h - 1,
            Some(&h) => h,
            None => 0,
        }
    }

    /// The cell under a screen position.
    pub fn cell_at(&self, x: u16, y: u16) -> Option<Cell> {
        if y < self.area.y + HEADER || y >= self.area.bottom() {
            return None;
        }
        let offset = y - self.area.y;
        let row =
            (0..self.rows()).find(|&r| offset >= self.row_y(r) && offset < self.row_y(r + 1))?;
        let column = self
            .columns
            .iter()
            .find(|c| x >= c.x && x < c.x + c.width)?;
        Some(Cell::new(self.first_row + row, column.index))
    }

    /// Where the visible columns sit among all of them: `■` on screen, `·` not, or
    /// `3–7 of 9` when that would not fit in `room`.
    pub fn ruler(&self, room: usize) -> String {
        let shown = self.columns.len();
        let ruler: String = (0..self.widest)
            .map(|i| {
                if i >= self.hidden_before && i < self.hidden_before + shown {
                    glyph('■')
                } else {
                    glyph('·')
                }
            })
            .collect();
        if self.widest <= room {
            return ruler;
        }
        let first = self.hidden_before + 1;
        let last = self.hidden_before + shown;
        truncate(
            &format!("{first}{}{last} of {}", glyph('–'), self.widest),
            room,
        )
    }
}

/// Whether the whole programme fits in `area` with every cluster row readable.
pub fn fits(programme: &Programme, area: Rect) -> bool {
    let layout = FittedLayout::new(programme, area, Cell::new(0, 0), (0, 0));
    let readable =
        programme.clusters.len() <= 1 || layout.row_heights.iter().all(|&h| h >= READABLE_ROW);
    layout.whole(programme.clusters.len()) && readable
}

/// The first index of a window of `size` over `count` items that shows `selected`, as close to
/// `previous` as possible.
fn keep_visible(previous: usize, selected: usize, size: usize, count: usize) -> usize {
    let selected = selected.min(count.saturating_sub(1));
    super::window_start(previous, selected, selected, size, count)
}

/// `count` columns sharing `width` from `x`; the first ones take the remainder, one each.
fn spread(x: u16, width: u16, first: usize, count: usize) -> Vec<Column> {
    let count16 = u16::try_from(count.max(1)).unwrap_or(u16::MAX);
    let base = width / count16;
    let extra = width % count16;
    let mut at = x;
    (0..count)
        .map(|i| {
            let w = base + u16::from(cells(i) < extra);
            let column = Column {
                index: first + i,
                x: at,
                width: w,
            };
            at += w;
            column
        })
        .collect()
}

/// The fitted grid over plain inputs.
pub struct FittedGridView<'a> {
    pub programme: &'a Programme,
    pub layout: &'a FittedLayout,
    pub selected: Cell,
    pub marks: &'a BTreeSet<Cell>,
    /// Cells the filter turned away are dimmed.
    pub filter: Option<&'a FilterMatches>,
    /// Cells the current search found, highlighted.
    pub search: &'a BTreeSet<Cell>,
    /// Cells with a problem `check` reports: a `!` after the status symbol.
    pub problems: &'a BTreeSet<Cell>,
}

/// The glyph that flags a marked activity.
pub const MARK: &str = "✓";

impl Widget for FittedGridView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area).intersection(self.layout.area);
        if area.is_empty() {
            return;
        }
        self.header(area, buf);
        let l = self.layout;
        for row in 0..l.rows() {
            let content = l.content_lines(row);
            let c = l.first_row + row;
            let Some(cluster) = self.programme.clusters.get(c) else {
                break;
            };
            let y = area.y + l.row_y(row);
            if y >= area.bottom() {
                break;
            }
            let lines = content.min(area.bottom() - y);
            let name_style = if c == self.selected.cluster {
                theme::selected_cluster()
            } else {
                theme::cluster()
            };
            let name_room = usize::from(l.name_width.saturating_sub(1));
            let name = wrap(&cluster.name, name_room.max(1));
            super::write_wrapped(buf, area.x, y, &name, lines, name_room, name_style);
            for column in &l.columns {
                let rect = Rect::new(column.x, y, column.width, lines).intersection(area);
                self.cell(buf, rect, Cell::new(c, column.index));
            }
            if l.row_heights[row] <= content || y + content >= area.bottom() {
                continue;
            }
            let rule = drawn("─").repeat(usize::from(area.width));
            buf.set_stringn(
                area.x,
                y + content,
                rule,
                usize::from(area.width),
                theme::dim(),
            );
        }
    }
}

impl FittedGridView<'_> {
    /// The ruler over the name column, `#n` over each column and how many more lie right.
    fn header(&self, area: Rect, buf: &mut Buffer) {
        let l = self.layout;
        let room = usize::from(l.name_width.saturating_sub(1));
        buf.set_stringn(area.x, area.y, l.ruler(room), room, theme::dim());
        let more = (l.hidden_after > 0).then(|| format!("{} more {}", l.hidden_after, glyph('▶')));
        let labels_end = more.as_ref().map_or(area.right(), |m| {
            area.right().saturating_sub(cells(m.width()) + 1)
        });
        for column in &l.columns {
            let label = format!("#{}", column.index + 1);
            let x = column.x + 1;
            if x + cells(label.width()) > labels_end {
                break;
            }
            buf.set_stringn(x, area.y, &label, label.width(), theme::dim());
        }
        if let Some(more) = more {
            let x = area.right().saturating_sub(cells(more.width()));
            buf.set_stringn(x, area.y, &more, more.width(), theme::dim());
        }
    }

    /// One cell: mark, status symbol and the title wrapped over the lines there are.
    fn cell(&self, buf: &mut Buffer, rect: Rect, cell: Cell) {
        if rect.width < 4 || rect.height == 0 {
            return;
        }
        let selected = cell == self.selected;
        let base = super::selection_fill(buf, rect, selected, Style::new());
        let Some(activity) = self.programme.activity(cell) else {
            if cell.activity == 0 {
                let text = truncate("(none)", usize::from(rect.width - 1));
                buf.set_stringn(rect.x + 1, rect.y, text, 20, base.patch(theme::dim()));
            }
            return;
        };
        let dimmed = self.filter.is_some_and(|f| !f.contains(cell));
        let found = self.search.contains(&cell);
        let title_style = match (dimmed, found) {
            (true, _) => theme::dim(),
            (false, true) => theme::search_hit(),
            (false, false) => Style::new(),
        };
        let symbol_style = if dimmed {
            theme::dim()
        } else {
            theme::status(activity.status)
        };
        if self.marks.contains(&cell) {
            buf.set_stringn(rect.x, rect.y, drawn(MARK), 1, base.patch(theme::mark()));
        }
        buf.set_stringn(
            rect.x + 1,
            rect.y,
            activity.status.symbol(),
            1,
            base.patch(symbol_style),
        );
        if self.problems.contains(&cell) {
            buf.set_stringn(rect.x + 2, rect.y, "!", 1, base.patch(theme::problem()));
        }
        // The next cell's first column (its mark, mostly blank) keeps neighbouring titles apart.
        let width = usize::from(rect.width - 3).max(1);
        let lines = wrap(&activity.title, width);
        super::write_wrapped(
            buf,
            rect.x + 3,
            rect.y,
            &lines,
            rect.height,
            width,
            base.patch(title_style),
        );
        // Who leads goes on the line under the title, only when the whole title is above it.
        let title_lines = cells(lines.len().max(1));
        if !activity.leads.is_empty() && title_lines < rect.height {
            let leads = leads_line(&activity.leads, width);
            buf.set_stringn(
                rect.x + 3,
                rect.y + title_lines,
                &leads,
                width,
                base.patch(theme::dim()),
            );
        }
    }
}

/// The leads in a line of at most `width` columns: their codes, the first leading (`BE FR NL`);
/// those that do not fit counted (`BE FR +1`), and cut with `…` when not even one and the
/// count fit.
pub fn leads_line(leads: &[String], width: usize) -> String {
    let codes: Vec<String> = leads
        .iter()
        .map(|lead| terminal_safe(split_lead(lead).0).into_owned())
        .collect();
    for shown in (1..=codes.len()).rev() {
        let mut line = codes[..shown].join(" ");
        if shown < codes.len() {
            line.push_str(&format!(" +{}", codes.len() - shown));
        }
        if line.width() <= width {
            return line;
        }
    }
    truncate(&codes.join(" "), width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_moves_only_as_far_as_the_selection_needs() {
        assert_eq!(keep_visible(0, 2, 4, 6), 0);
        assert_eq!(keep_visible(0, 5, 4, 6), 2);
        assert_eq!(keep_visible(2, 1, 4, 6), 1);
        assert_eq!(keep_visible(9, 0, 4, 6), 0);
        assert_eq!(keep_visible(5, 5, 10, 6), 0);
    }

    #[test]
    fn leads_are_cut_honestly() {
        let leads: Vec<String> = ["BE: Actiris", "FR", "NL"].map(String::from).to_vec();
        assert_eq!(leads_line(&leads, 20), "BE FR NL");
        assert_eq!(leads_line(&leads, 8), "BE FR NL");
        assert_eq!(leads_line(&leads, 7), "BE +2");
        assert_eq!(leads_line(&leads, 5), "BE +2");
        assert_eq!(leads_line(&leads, 4), "BE …");
        assert_eq!(leads_line(&leads[1..], 5), "FR NL");
        assert_eq!(leads_line(&["ECO".to_string()], 2), "E…");
        assert_eq!(leads_line(&[], 9), "");
    }

    #[test]
    fn columns_fill_the_width_exactly() {
        let columns = spread(10, 103, 0, 6);
        assert_eq!(columns.iter().map(|c| c.width).sum::<u16>(), 103);
        assert_eq!(columns[5].x + columns[5].width, 113);
        assert!(columns.iter().all(|c| c.width >= 17));
    }
}

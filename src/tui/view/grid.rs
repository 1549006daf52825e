//! The matrix: a frozen column of cluster names, and the activities of the rows on screen as
//! cells. Only visible cells are drawn, so the cost of a frame does not grow with the programme.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use crate::app::App;
use crate::model::{Activity, Cell, join_formats};
use crate::text::{drawn, glyph, truncate, wrap, wrap_first};
use crate::tui::theme;
use crate::tui::view::cells;
use crate::tui::view::fitted::MARK;

/// Where the grid's parts are on screen; shared by drawing and by mouse clicks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GridGeometry {
    pub area: Rect,
    pub name_width: u16,
    pub cell_width: u16,
    pub row_height: u16,
    /// Cluster rows and activity columns that fit.
    pub rows: usize,
    pub columns: usize,
}

/// Lines a cell uses: title, description (at least one), formats, dates and status; more
/// description lines when every cluster fits anyway.
const ROW_HEIGHT: u16 = 6;
const TALL_ROW_HEIGHT: u16 = 9;
const HEADER: u16 = 1;

impl GridGeometry {
    pub fn new(area: Rect, clusters: usize) -> Self {
        let name_width = (area.width / 5).clamp(10, 24).min(area.width / 2);
        let rest = area.width.saturating_sub(name_width);
        let columns = (rest / 28).max(1);
        let cell_width = rest / columns;
        let room = area.height.saturating_sub(HEADER);
        let fair_share = room / u16::try_from(clusters.max(1)).unwrap_or(u16::MAX);
        let row_height = fair_share
            .clamp(ROW_HEIGHT, TALL_ROW_HEIGHT)
            .min(room)
            .max(1);
        let rows = (area.height.saturating_sub(HEADER) / row_height).max(1);
        GridGeometry {
            area,
            name_width,
            cell_width,
            row_height,
            rows: rows as usize,
            columns: columns as usize,
        }
    }

    /// The cell under a screen position (the first visible activity for a cluster name).
    pub fn cell_at(&self, app: &App, x: u16, y: u16) -> Option<Cell> {
        let a = self.area;
        if x < a.x || y < a.y + HEADER || x >= a.right() || y >= a.bottom() {
            return None;
        }
        let row = ((y - a.y - HEADER) / self.row_height) as usize;
        let column = if x < a.x + self.name_width {
            0
        } else {
            ((x - a.x - self.name_width) / self.cell_width.max(1)) as usize
        };
        let v = app.viewport;
        Some(Cell::new(v.first_row + row, v.first_column + column))
    }
}

/// The grid view over the editor state.
pub struct GridView<'a> {
    pub app: &'a App,
    pub geometry: GridGeometry,
}

impl Widget for GridView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        self.header(area, buf);
        for row in 0..self.geometry.rows {
            self.cluster_row(area, buf, row);
        }
    }
}

impl GridView<'_> {
    /// Which activity columns are on screen, and whether more lie beyond.
    fn header(&self, area: Rect, buf: &mut Buffer) {
        let g = self.geometry;
        let v = self.app.viewport;
        let widest = self.app.programme.widest_cluster();
        // The left marker lives in the name column, so it never runs into the column labels:
        // `#32 more` would read as column 32.
        let name_room = g.name_width.saturating_sub(1) as usize;
        let header = if v.first_column > 0 {
            let marker = format!("{} {} more", glyph('◀'), v.first_column);
            let both = format!("Clusters {marker}");
            if both.width() <= name_room {
                both
            } else {
                truncate(&marker, name_room)
            }
        } else {
            truncate("Clusters", name_room)
        };
        buf.set_stringn(
            area.x,
            area.y,
            &header,
            name_room.min(area.width as usize),
            theme::dim(),
        );
        let last_shown = (v.first_column + g.columns).min(widest);
        // Likewise the right marker: labels stop a space short of it.
        let right_marker = (widest > last_shown).then(|| {
            let more = format!("{} more {}", widest - last_shown, glyph('▶'));
            let x = area.right().saturating_sub(cells(more.width()));
            (x, more)
        });
        let labels_end = right_marker
            .as_ref()
            .map_or(area.right(), |(x, _)| x.saturating_sub(1));
        for col in 0..g.columns {
            let index = v.first_column + col;
            if index >= widest {
                break;
            }
            let x = area.x + g.name_width + cells(col) * g.cell_width;
            // Each column is a position in the clusters, said in words where there is room.
            let label = if g.cell_width >= 14 {
                format!("activity {}", index + 1)
            } else {
                format!("#{}", index + 1)
            };
            if x.saturating_add(1 + cells(label.width())) > labels_end {
                break;
            }
            buf.set_stringn(x + 1, area.y, &label, label.width(), theme::dim());
        }
        if let Some((x, more)) = right_marker {
            buf.set_stringn(x, area.y, &more, more.width(), theme::dim());
        }
    }

    /// One cluster row on screen: the frozen name column, the activity cells, a rule under it.
    fn cluster_row(&self, area: Rect, buf: &mut Buffer, row: usize) {
        let g = self.geometry;
        let app = self.app;
        let v = app.viewport;
        let clusters = &app.programme.clusters;
        let c = v.first_row + row;
        let Some(cluster) = clusters.get(c) else {
            return;
        };
        let y = area.y + HEADER + cells(row) * g.row_height;
        if y >= area.bottom() {
            return;
        }
        let height = g.row_height.min(area.bottom() - y);
        let content = height.saturating_sub(1).max(1);
        // The frozen cluster-name column.
        let name_style = if c == app.selected.cluster {
            theme::selected_cluster()
        } else {
            theme::cluster()
        };
        let name_width = g.name_width.saturating_sub(1) as usize;
        let lines = wrap(&cluster.name, name_width.max(1));
        super::write_wrapped(buf, area.x, y, &lines, content, name_width, name_style);
        if let Some(count) =
            Some(cluster.activities.len()).filter(|_| content as usize > lines.len())
        {
            let y_count = y + content - 1;
            let text = crate::text::plural(count, "activity");
            buf.set_stringn(
                area.x,
                y_count,
                truncate(&text, name_width),
                name_width,
                theme::dim(),
            );
        }
        // The activity cells.
        for col in 0..g.columns {
            let a = v.first_column + col;
            let x = area.x + g.name_width + cells(col) * g.cell_width;
            if x >= area.right() {
                break;
            }
            let width = g.cell_width.min(area.right() - x);
            let rect = Rect::new(x, y, width, content);
            let cell = Cell::new(c, a);
            let selected = cell == app.selected;
            match cluster.activities.get(a) {
                Some(activity) => {
                    let look = Look {
                        problem: app.problem_at(cell).is_some(),
                        selected,
                        marked: app.marked().contains(&cell),
                        dimmed: !app.passes_filter(cell),
                        found: app.search_hits().contains(&cell),
                        carried: app
                            .carried(cell)
                            .map(crate::model::compare::Carried::symbol),
                    };
                    render_cell(buf, rect, activity, look);
                }
                None if app.ghost_at(cell).is_some() => {
                    if let Some((_, ghost)) = app.ghost_at(cell) {
                        render_ghost(buf, rect, ghost, selected, app.last_year().map(|p| p.year));
                    }
                }
                None if a == 0 => {
                    let style = super::selection_fill(buf, rect, selected, theme::dim());
                    let text = truncate("(no activities)", width.saturating_sub(2) as usize);
                    buf.set_stringn(x + 1, y, text, width as usize, style);
                }
                None => {}
            }
        }
        // A rule under each row.
        if height > content {
            let rule = drawn("─").repeat(area.width as usize);
            buf.set_stringn(area.x, y + content, rule, area.width as usize, theme::dim());
        }
    }
}

/// How a cell is drawn besides its activity.
#[derive(Clone, Copy)]
struct Look {
    problem: bool,
    selected: bool,
    marked: bool,
    /// The filter turned it away.
    dimmed: bool,
    /// The search found it.
    found: bool,
    /// While comparing with last year: `+` new, `=` carried over, `~` changed.
    carried: Option<&'static str>,
}

/// Last year's activity not carried over, faded, after the cluster's own: `Enter` brings it back.
fn render_ghost(buf: &mut Buffer, rect: Rect, ghost: &Activity, selected: bool, year: Option<i32>) {
    if rect.width < 2 || rect.height == 0 {
        return;
    }
    let base = super::selection_fill(buf, rect, selected, theme::dim());
    let x = rect.x + 1;
    let width = (rect.width - 1) as usize;
    buf.set_stringn(
        x,
        rect.y,
        truncate(&format!("- {}", ghost.title), width),
        width,
        base,
    );
    if rect.height > 1 {
        let year = year.map_or_else(String::new, |y| format!(" in {y}"));
        let line = format!("not carried over ({}{year})", ghost.status);
        buf.set_stringn(x, rect.y + 1, truncate(&line, width), width, base);
    }
    if rect.height > 2 {
        buf.set_stringn(
            x,
            rect.y + 2,
            truncate("Enter brings it back", width),
            width,
            base,
        );
    }
}

/// One activity: status symbol and title, description, formats, dates and status word.
fn render_cell(buf: &mut Buffer, rect: Rect, activity: &Activity, look: Look) {
    if rect.width < 2 || rect.height == 0 {
        return;
    }
    let Look {
        problem,
        selected,
        marked,
        dimmed,
        found,
        carried,
    } = look;
    let base = super::selection_fill(buf, rect, selected, Style::new());
    // The gap column on the left: the mark, else how the activity stands against last year.
    if marked {
        buf.set_stringn(rect.x, rect.y, drawn(MARK), 1, base.patch(theme::mark()));
    } else if let Some(symbol) = carried {
        buf.set_stringn(rect.x, rect.y, symbol, 1, base.patch(theme::dim()));
    }
    // Dimmed cells keep their text, in grey: the filter narrows the eye, not the data.
    let base = if dimmed {
        base.patch(theme::dim())
    } else {
        base
    };
    let title_style = match (dimmed, found) {
        (true, _) => theme::dim(),
        (false, true) => theme::search_hit(),
        (false, false) => theme::title(),
    };
    let tint = |style: Style| if dimmed { theme::dim() } else { style };
    // One column of gap on the left keeps neighbouring cells apart.
    let x = rect.x + 1;
    let width = (rect.width - 1) as usize;
    let status = activity.status;
    let mark = if problem { "!" } else { "" };
    let (sx, _) = buf.set_stringn(
        x,
        rect.y,
        status.symbol(),
        width,
        base.patch(tint(theme::status(status))),
    );
    let title_width = width.saturating_sub(2 + mark.len());
    buf.set_stringn(
        sx + 1,
        rect.y,
        truncate(&activity.title, title_width),
        title_width,
        base.patch(title_style),
    );
    if problem {
        buf.set_stringn(
            rect.x + rect.width - 1,
            rect.y,
            mark,
            1,
            base.patch(theme::problem()),
        );
    }
    if rect.height < 2 {
        return;
    }
    // The last two lines are formats and dates; the description gets what is left.
    let footer = 2.min(rect.height - 1);
    let description_lines = rect.height - 1 - footer;
    if description_lines > 0 {
        // One line more than shown tells whether there is more (an ellipsis says so).
        let wanted = usize::from(description_lines) + 1;
        let lines = wrap_first(&activity.description, width, wanted);
        super::write_wrapped(buf, x, rect.y + 1, &lines, description_lines, width, base);
    }
    let formats_y = rect.y + rect.height - footer;
    if footer == 2 {
        let formats = join_formats(&activity.formats);
        buf.set_stringn(
            x,
            formats_y,
            truncate(&formats, width),
            width,
            base.patch(tint(theme::formats())),
        );
    }
    let status_style = base.patch(tint(theme::status(status)));
    let y = rect.y + rect.height - 1;
    dates_and_status(buf, (x, y), width, activity, base, status_style);
}

/// The last line of a cell: the dates, and the status word on the right in its colour.
fn dates_and_status(
    buf: &mut Buffer,
    (x, y): (u16, u16),
    width: usize,
    activity: &Activity,
    base: Style,
    status_style: Style,
) {
    let dates = dates_label(activity);
    let word = activity.status.as_str();
    let line = if dates.width() + word.width() < width {
        format!("{dates}{:>w$}", word, w = width - dates.width())
    } else {
        truncate(&format!("{dates} {word}"), width)
    };
    buf.set_stringn(x, y, line, width, base.patch(theme::dim()));
    // The status word in its colour, over the dim line.
    if dates.width() + word.width() < width {
        let wx = x + cells(width - word.width());
        buf.set_stringn(wx, y, word, word.width(), status_style);
    }
}

/// `Mar 2022 – Q2 2022`, one side alone, or "no dates".
pub fn dates_label(activity: &Activity) -> String {
    match activity.date_range() {
        range if range.is_empty() => "no dates".to_string(),
        range => drawn(&range).into_owned(),
    }
}

//! The screen: grid, detail panel, status line and popups, each a widget reading `&App`.

mod detail;
pub mod fitted;
mod grid;
pub mod popup;
mod stats;
mod status_line;
pub mod timeline;

pub use detail::DetailView;
use fitted::{FittedGridView, FittedLayout};
pub use grid::{GridGeometry, GridView, dates_label};
pub use status_line::StatusLine;
use timeline::TimelineView;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use std::collections::BTreeSet;

use crate::app::{App, View};
use crate::model::compare::Carried;
use crate::model::{Cell, Field};
use crate::report::timeline::{RowKind, Timeline};
use crate::text::{drawn, glyph, truncate};
use crate::tui::keymap::Keymap;
use crate::tui::theme;

/// Below this size the editor shows only a "terminal too small" message.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Where the parts of the screen go for a terminal size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScreenLayout {
    pub title: Rect,
    pub grid: GridGeometry,
    /// Where the fitted grid or the timeline goes: the body less the detail panel.
    pub main: Rect,
    /// Empty when the detail panel is hidden.
    pub detail: Rect,
    pub status: Rect,
}

impl ScreenLayout {
    /// The layout, or `None` when the terminal is too small.
    pub fn new(area: Rect, clusters: usize) -> Option<Self> {
        Self::with_detail(area, clusters, true, true)
    }

    /// The layout for the editor's view settings (the detail panel shown or not). The detail
    /// panel gives way to the fitted grid when the grid needs the room (every cluster with two
    /// lines of titles), unless the panel was asked back.
    pub fn of(area: Rect, app: &App) -> Option<Self> {
        let clusters = app.programme.clusters.len();
        let roomy = app.views.view == View::Grid && !app.views.fitted;
        let layout = Self::with_detail(area, clusters, app.views.detail, roomy)?;
        if app.views.detail && detail_gives_way(app) && !fitted::fits(&app.programme, layout.main) {
            return Self::with_detail(area, clusters, false, roomy);
        }
        Some(layout)
    }

    fn with_detail(area: Rect, clusters: usize, detail: bool, roomy: bool) -> Option<Self> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let title = Rect::new(area.x, area.y, area.width, 1);
        let status = Rect::new(area.x, area.bottom() - 2, area.width, 2);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 3);
        if !detail {
            return Some(ScreenLayout {
                title,
                grid: GridGeometry::new(body, clusters),
                main: body,
                detail: Rect::new(body.x, body.bottom(), body.width, 0),
                status,
            });
        }
        let (grid, detail) = if area.width >= 150 {
            let detail_width = (area.width / 4).clamp(40, 60);
            (
                Rect::new(body.x, body.y, body.width - detail_width, body.height),
                Rect::new(
                    body.right() - detail_width,
                    body.y,
                    detail_width,
                    body.height,
                ),
            )
        } else {
            let detail_height = (body.height / 3).clamp(6, 10);
            (
                Rect::new(body.x, body.y, body.width, body.height - detail_height),
                Rect::new(
                    body.x,
                    body.bottom() - detail_height,
                    body.width,
                    detail_height,
                ),
            )
        };
        let mut main = grid;
        let mut geometry = GridGeometry::new(grid, clusters);
        let mut detail = detail;
        if area.width < 150 && roomy {
            // Whole rows only: the lines a partial row would leave blank go to the detail panel,
            // and the other views give them up too, so no view draws under the panel.
            let used = (cells(geometry.rows) * geometry.row_height + 1).min(grid.height);
            let spare = grid.height - used;
            geometry.area.height = used;
            main.height = used;
            detail.y -= spare;
            detail.height += spare;
        }
        Some(ScreenLayout {
            title,
            grid: geometry,
            main,
            detail,
            status,
        })
    }
}

/// The whole screen.
pub struct Screen<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
}

impl Widget for Screen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(layout) = ScreenLayout::of(area, app) else {
            too_small(area, buf);
            return;
        };
        let marker = if app.is_dirty() { " [+]" } else { "" };
        let title = format!(
            " {} {} {}{marker}",
            app.programme.title,
            glyph('—'),
            app.path.display()
        );
        buf.set_stringn(
            layout.title.x,
            layout.title.y,
            truncate(&title, layout.title.width as usize),
            layout.title.width as usize,
            theme::title(),
        );
        main_view(app, &layout, buf);
        if !layout.detail.is_empty() {
            DetailView {
                app,
                keymap: self.keymap,
                beside: layout.detail.x > layout.grid.area.x,
            }
            .render(layout.detail, buf);
        }
        let extent = (app.views.view == View::Grid && app.views.fitted)
            .then(|| fitted_layout(app, layout.main).extent(app.programme.clusters.len()));
        StatusLine {
            app,
            keymap: self.keymap,
            extent,
        }
        .render(layout.status, buf);
        popup::Popup {
            app,
            keymap: self.keymap,
            textarea: self.textarea,
        }
        .render(area, buf);
    }
}

/// The grid, fitted or roomy, the timeline or the statistics, as the view settings say.
fn main_view(app: &App, layout: &ScreenLayout, buf: &mut Buffer) {
    match (app.views.view, app.views.fitted) {
        (View::Timeline, _) => TimelineView {
            programme: &app.programme,
            selected: app.selected,
            marks: app.marked(),
            filter: app.filter_matches(),
            search: app.search_hits(),
            today: app.today,
            top: app.views.timeline_top,
            ghosts: app.comparison(),
        }
        .render(layout.main, buf),
        (View::Grid, true) => {
            let fitted = fitted_layout(app, layout.main);
            // Only the clusters on screen are asked: the set costs the view, not the programme.
            let shown = fitted.first_row..fitted.first_row + fitted.rows();
            let problems: BTreeSet<Cell> = shown
                .filter_map(|c| Some((c, app.programme.clusters.get(c)?.activities.len())))
                .flat_map(|(c, len)| (0..len).map(move |a| Cell::new(c, a)))
                .filter(|&cell| app.problem_at(cell).is_some())
                .collect();
            FittedGridView {
                programme: &app.programme,
                layout: &fitted,
                selected: app.selected,
                marks: app.marked(),
                filter: app.filter_matches(),
                search: app.search_hits(),
                problems: &problems,
            }
            .render(layout.main, buf);
        }
        (View::Grid, false) => GridView {
            app,
            geometry: layout.grid,
        }
        .render(layout.grid.area, buf),
        (View::Statistics, _) => {
            // The detail panel below may have taken the grid's spare lines: stop where it starts.
            let mut area = layout.main;
            if layout.detail.height > 0 && layout.detail.x == area.x && layout.detail.y > area.y {
                area.height = area.height.min(layout.detail.y - area.y);
            }
            stats::StatsView { app }.render(area, buf);
        }
    }
    compared_marks(app, layout.main, buf);
}

/// While comparing with last year, the fitted grid's and the timeline's activities carry `+`
/// new, `=` carried over or `~` changed in their mark column (a marked activity keeps its mark).
/// The roomy grid draws its own.
fn compared_marks(app: &App, area: Rect, buf: &mut Buffer) {
    if app.comparison().is_none() {
        return;
    }
    let put = |buf: &mut Buffer, x: u16, y: u16, cell: Cell| {
        if app.marked().contains(&cell) {
            return;
        }
        if let Some(carried) = app.carried(cell) {
            let style = buf[(x, y)].style().patch(theme::dim());
            buf.set_stringn(x, y, carried.symbol(), 1, style);
        }
    };
    match (app.views.view, app.views.fitted) {
        (View::Timeline, _) => {
            let (top, rows) = timeline_top(app, area);
            let header = timeline_header(app, area);
            for (i, kind) in rows.iter().skip(top).enumerate() {
                let Some(y) = u16::try_from(header + i).ok().map(|dy| area.y + dy) else {
                    break;
                };
                if y >= area.bottom() {
                    break;
                }
                if let RowKind::Activity(cell) | RowKind::Undated(cell) = kind {
                    put(buf, area.x, y, *cell);
                    last_years_bar(app, area, y, *cell, buf);
                }
            }
        }
        (View::Grid, true) => {
            let fitted = fitted_layout(app, area);
            fitted_ghosts(app, &fitted, area, buf);
            for row in 0..fitted.rows() {
                let y = area.y + fitted.row_y(row);
                if y >= area.bottom() {
                    break;
                }
                let mut last = None;
                for x in area.x..area.right() {
                    let cell = fitted.cell_at(x, y);
                    if cell != last
                        && let Some(cell) = cell
                    {
                        put(buf, x, y, cell);
                    }
                    last = cell;
                }
            }
        }
        // The roomy grid marks its cells itself; the statistics have no cells to mark.
        (View::Grid, false) | (View::Statistics, _) => {}
    }
}

/// Last year's activities not carried over, faded after their cluster's own in the fitted grid:
/// `-`, last year's status and the title, as the roomy grid shows them.
fn fitted_ghosts(app: &App, fitted: &FittedLayout, area: Rect, buf: &mut Buffer) {
    for row in 0..fitted.rows() {
        let y = area.y + fitted.row_y(row);
        if y >= area.bottom() {
            break;
        }
        let lines = fitted.content_lines(row).min(area.bottom() - y);
        for column in &fitted.columns {
            let cell = Cell::new(fitted.first_row + row, column.index);
            let Some((_, ghost)) = app.ghost_at(cell) else {
                continue;
            };
            let rect = Rect::new(column.x, y, column.width, lines).intersection(area);
            if rect.width < 4 || rect.height == 0 {
                continue;
            }
            // An empty cluster's row says "(none)" in its first cell, where a ghost goes now.
            ratatui::widgets::Clear.render(rect, buf);
            let base = selection_fill(buf, rect, cell == app.selected, theme::dim());
            buf.set_stringn(rect.x, rect.y, "-", 1, base);
            buf.set_stringn(rect.x + 1, rect.y, ghost.status.symbol(), 1, base);
            let room = usize::from(rect.width.saturating_sub(3)).max(1);
            let title = crate::text::wrap(&ghost.title, room);
            write_wrapped(buf, rect.x + 3, rect.y, &title, rect.height, room, base);
        }
    }
}

/// Last year's bar of a carried-over activity whose dates changed, shifted on by a year and
/// drawn faintly where this year's row is blank.
fn last_years_bar(app: &App, area: Rect, y: u16, cell: Cell, buf: &mut Buffer) {
    let (Some(Carried::Changed(fields)), Some(old), Some(last_year)) = (
        app.carried(cell),
        app.last_years_activity(cell),
        app.last_year(),
    ) else {
        return;
    };
    if !fields
        .iter()
        .any(|f| matches!(f, Field::Start | Field::End))
    {
        return;
    }
    let years = app.programme.year.saturating_sub(last_year.year);
    let mut last = old.clone();
    last.start = old.start.and_then(|d| d.checked_add_years(years));
    last.end = old.end.and_then(|d| d.checked_add_years(years));
    let Some((first, end)) = crate::model::filter::activity_days(&last) else {
        return;
    };
    let layout = Timeline::new(&app.programme, area.width as usize, app.today);
    let (from, to) = layout.chart_span(first, end);
    for column in from..=to {
        let Some(x) = u16::try_from(column).ok().map(|c| area.x.saturating_add(c)) else {
            break;
        };
        if x >= area.right() {
            break;
        }
        if buf[(x, y)].symbol() == " " {
            let style = buf[(x, y)].style().patch(theme::dim());
            buf.set_stringn(x, y, drawn("┄"), 1, style);
        }
    }
}

/// Whether the detail panel would give way now: the fitted grid is on and the panel was not
/// asked back with the detail key since.
pub fn detail_gives_way(app: &App) -> bool {
    app.views.view == View::Grid && app.views.fitted && !app.views.detail_asked
}

/// The fitted grid's layout in `area`, scrolled from where the last frame left it.
pub fn fitted_layout(app: &App, area: Rect) -> FittedLayout {
    // While comparing, a row holds the cluster's ghosts too.
    let widest = (0..app.programme.clusters.len())
        .map(|c| app.row_len(c))
        .max()
        .unwrap_or(0);
    FittedLayout::spanning(
        &app.programme,
        area,
        app.selected,
        app.views.fitted_origin,
        widest,
    )
}

/// The timeline's first body row on screen in `area` for the editor's state, and its body rows.
pub fn timeline_top(app: &App, area: Rect) -> (usize, Vec<RowKind>) {
    let layout =
        Timeline::new(&app.programme, area.width as usize, app.today).with_ghosts(app.comparison());
    let rows = layout.body(|cell| app.passes_filter(cell));
    let header = layout.header().len().min(area.height as usize);
    let height = area.height as usize - header;
    let top = timeline::body_top(&rows, app.selected, height, app.views.timeline_top);
    (top, rows)
}

/// How many lines the timeline's scales take at the top of `area`.
pub fn timeline_header(app: &App, area: Rect) -> usize {
    Timeline::new(&app.programme, area.width as usize, app.today)
        .header()
        .len()
        .min(area.height as usize)
}

/// A count of terminal cells as ratatui measures them; anything past a terminal's size is as
/// far off screen as `u16::MAX`.
pub(crate) fn cells(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The first index of a window of `size` over `count` items that shows the items `from..=to`
/// (the end wins when they do not all fit), moving `previous` as little as possible.
fn window_start(previous: usize, from: usize, to: usize, size: usize, count: usize) -> usize {
    let size = size.max(1);
    let first = previous.min(count.saturating_sub(size));
    if from < first {
        from
    } else if to >= first + size {
        to + 1 - size
    } else {
        first
    }
}

/// The style a cell's text starts from: the selection's, with the whole of `rect` filled in it so
/// the highlight covers the cell and not just its letters, or `otherwise`.
fn selection_fill(buf: &mut Buffer, rect: Rect, selected: bool, otherwise: Style) -> Style {
    if selected {
        buf.set_style(rect, theme::selected());
        theme::selected()
    } else {
        otherwise
    }
}

/// Wrapped lines, the last one ending in `…` when some did not fit.
fn write_wrapped(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    lines: &[String],
    max_lines: u16,
    width: usize,
    style: Style,
) {
    let max = usize::from(max_lines);
    for (i, line) in lines.iter().take(max).enumerate() {
        let text = if i + 1 == max && lines.len() > max {
            truncate(&format!("{line}{}", glyph('…')), width)
        } else {
            truncate(line, width)
        };
        buf.set_stringn(x, y + cells(i), text, width, style);
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let text = format!(
        "Terminal too small: {}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
        area.width, area.height
    );
    let lines = crate::text::wrap(&text, area.width as usize);
    let top = area.y + area.height.saturating_sub(cells(lines.len())) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = top + cells(i);
        if y >= area.bottom() {
            break;
        }
        buf.set_stringn(area.x, y, line, area.width as usize, theme::error());
    }
}

//! The screen: grid, detail panel, status line and popups, each a widget reading `&App`.

mod detail;
pub mod fitted;
mod grid;
mod popup;
mod status_line;
pub mod timeline;

pub use detail::DetailView;
pub use grid::{GridGeometry, GridView, dates_label};
pub use status_line::StatusLine;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use ratatui_textarea::TextArea;

use crate::app::App;
use crate::report::wrap::truncate;
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
    pub detail: Rect,
    pub status: Rect,
}

impl ScreenLayout {
    /// The layout, or `None` when the terminal is too small.
    pub fn new(area: Rect, clusters: usize) -> Option<Self> {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            return None;
        }
        let title = Rect::new(area.x, area.y, area.width, 1);
        let status = Rect::new(area.x, area.bottom() - 2, area.width, 2);
        let body = Rect::new(area.x, area.y + 1, area.width, area.height - 3);
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
        let mut geometry = GridGeometry::new(grid, clusters);
        let mut detail = detail;
        if area.width < 150 {
            // Whole rows only: the lines a partial row would leave blank go to the detail panel.
            let used = (geometry.rows as u16 * geometry.row_height + 1).min(grid.height);
            let spare = grid.height - used;
            geometry.area.height = used;
            detail.y -= spare;
            detail.height += spare;
        }
        Some(ScreenLayout {
            title,
            grid: geometry,
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
        let Some(layout) = ScreenLayout::new(area, app.programme.clusters.len()) else {
            too_small(area, buf);
            return;
        };
        let marker = if app.is_dirty() { " [+]" } else { "" };
        let title = format!(" {} — {}{marker}", app.programme.title, app.path.display());
        buf.set_stringn(
            layout.title.x,
            layout.title.y,
            truncate(&title, layout.title.width as usize),
            layout.title.width as usize,
            theme::title(),
        );
        GridView {
            app,
            geometry: layout.grid,
        }
        .render(layout.grid.area, buf);
        DetailView {
            app,
            keymap: self.keymap,
            beside: layout.detail.x > layout.grid.area.x,
        }
        .render(layout.detail, buf);
        StatusLine {
            app,
            keymap: self.keymap,
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

fn too_small(area: Rect, buf: &mut Buffer) {
    if area.is_empty() {
        return;
    }
    let text = format!(
        "Terminal too small: {}x{}, need {MIN_WIDTH}x{MIN_HEIGHT}",
        area.width, area.height
    );
    let lines = crate::report::wrap::wrap(&text, area.width as usize);
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        buf.set_stringn(area.x, y, line, area.width as usize, theme::error());
    }
}

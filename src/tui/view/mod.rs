//! The screen: grid, detail panel, status line and popups, each a widget reading `&App`.

mod grid;
mod popup;

pub use grid::{GridGeometry, GridView, dates_label};

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use crate::app::{App, Mode};
use crate::model::{Severity, Target, join_formats};
use crate::report::wrap::truncate;
use crate::tui::keymap::{KeyMode, Keymap};
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
    pub fn new(area: Rect) -> Option<Self> {
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
        Some(ScreenLayout {
            title,
            grid: GridGeometry::new(grid),
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
        let Some(layout) = ScreenLayout::new(area) else {
            too_small(area, buf);
            return;
        };
        let app = self.app;
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
        DetailView { app }.render(layout.detail, buf);
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

/// The selected activity in full, its cluster's summary, and its problems.
pub struct DetailView<'a> {
    pub app: &'a App,
}

impl Widget for DetailView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let mut lines: Vec<Line> = Vec::new();
        let label = |name: &'static str| Span::styled(format!("{name:<12}"), theme::dim());
        if let Some(activity) = app.selected_activity() {
            let status = activity.status;
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", status.symbol()), theme::status(status)),
                Span::styled(activity.title.clone(), theme::title()),
                Span::styled(format!("  ({})", activity.id), theme::dim()),
            ]));
            for problem in app
                .problems()
                .iter()
                .filter(|p| p.location.target == Target::Activity(app.selected))
            {
                let word = match problem.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                lines.push(Line::styled(
                    format!("{word}: {}", problem.message),
                    theme::problem(),
                ));
            }
            lines.push(Line::from(vec![
                label("Status"),
                Span::styled(
                    format!("{} {status}", status.symbol()),
                    theme::status(status),
                ),
            ]));
            lines.push(Line::from(vec![
                label("Formats"),
                Span::styled(join_formats(&activity.formats), theme::formats()),
            ]));
            let date = |d: Option<crate::model::PlanDate>| {
                d.map_or("—".to_string(), |d| format!("{d} ({})", d.label()))
            };
            lines.push(Line::from(vec![
                label("Start"),
                Span::raw(date(activity.start)),
                Span::styled("   End ", theme::dim()),
                Span::raw(date(activity.end)),
            ]));
            if let Some(follow) = &activity.follow_up_of {
                lines.push(Line::from(vec![
                    label("Follows up"),
                    Span::raw(follow.clone()),
                ]));
            }
            lines.push(Line::from(label("Description")));
            lines.extend(
                activity
                    .description
                    .lines()
                    .map(|l| Line::raw(l.to_string())),
            );
            if !activity.notes.is_empty() {
                lines.push(Line::from(label("Notes")));
                lines.extend(activity.notes.lines().map(|l| Line::raw(l.to_string())));
            }
        } else {
            lines.push(Line::styled(
                "No activity here. Add one with the add key (see ? for keys).",
                theme::dim(),
            ));
        }
        if let Some(cluster) = app.selected_cluster() {
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Cluster ", theme::dim()),
                Span::styled(cluster.name.clone(), theme::cluster()),
            ]));
            if !cluster.summary.is_empty() {
                lines.push(Line::raw(cluster.summary.clone()));
            }
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().borders(Borders::TOP).title(" Activity "))
            .render(area, buf);
    }
}

/// Mode, file, unsaved marker and position; then the message, the search, or key hints.
pub struct StatusLine<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if area.height == 0 {
            return;
        }
        let width = area.width as usize;
        let file = app.path.file_name().map_or_else(
            || app.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let marker = if app.is_dirty() { " [+]" } else { "" };
        let clusters = app.programme.clusters.len();
        let count = app.selected_cluster().map_or(0, |c| c.activities.len());
        let problems = app.problems().len();
        let problems = match problems {
            0 => String::new(),
            1 => " │ 1 problem".to_string(),
            n => format!(" │ {n} problems"),
        };
        let bar = format!(
            " {} │ {file}{marker} │ cluster {}/{clusters} · activity {}/{count}{problems}",
            app.mode.label(),
            (app.selected.cluster + 1).min(clusters),
            (app.selected.activity + 1).min(count),
        );
        buf.set_style(Rect::new(area.x, area.y, area.width, 1), theme::bar());
        buf.set_stringn(area.x, area.y, truncate(&bar, width), width, theme::bar());
        if area.height < 2 {
            return;
        }
        let y = area.y + 1;
        if let Mode::Search(entry) = &app.mode {
            let text = format!("/{}▏", entry.query);
            let (x, _) = buf.set_stringn(area.x, y, truncate(&text, width), width, theme::key());
            if let Some(m) = &app.message {
                let rest = area.right().saturating_sub(x + 2) as usize;
                buf.set_stringn(x + 2, y, truncate(&m.text, rest), rest, theme::error());
            }
            return;
        }
        if let Some(message) = &app.message {
            let style = if message.is_error {
                theme::error()
            } else {
                ratatui::style::Style::new()
            };
            buf.set_stringn(area.x, y, truncate(&message.text, width), width, style);
            return;
        }
        if matches!(app.mode, Mode::Normal)
            && let Some(problem) = app.problem_at(app.selected)
        {
            buf.set_stringn(
                area.x,
                y,
                truncate(&problem.message, width),
                width,
                theme::problem(),
            );
            return;
        }
        let mut spans = Vec::new();
        for (key, what) in self.keymap.hints(KeyMode::of(&app.mode)) {
            spans.push(Span::styled(key, theme::key()));
            spans.push(Span::styled(format!(" {what}  "), theme::dim()));
        }
        buf.set_line(area.x, y, &Line::from(spans), area.width);
    }
}

//! The statistics view: bar charts of the activities the filter lets through, per status, month
//! by month through the programme's year, and per cluster (or per lead, theme or own field, as
//! `c` chooses). The selected bar is highlighted; Enter (in the app) filters the grid to it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Widget};

use crate::app::{App, StatsBar};
use crate::model::Status;
use crate::model::stats::GroupKey;
use crate::text::{printable, truncate};
use crate::tui::{symbols, theme};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The three charts, drawn from the app's counts.
pub struct StatsView<'a> {
    pub app: &'a App,
}

/// A bar's label from the planners' text: printable, then cut to the chart's label width.
fn label(text: &str) -> String {
    truncate(&printable(text), 28)
}

fn bar<'a>(label: String, value: usize, selected: bool, style: Style) -> Bar<'a> {
    let style = if selected {
        style.add_modifier(Modifier::REVERSED)
    } else {
        style
    };
    Bar::default()
        .label(Line::from(label))
        .value(value as u64)
        .style(style)
        .value_style(style.add_modifier(Modifier::BOLD))
}

impl Widget for StatsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let counts = self.app.stats_counts();
        let selected = self.app.selected_stats_bar();
        let [top, bottom] = Layout::default()
            .direction(Direction::Vertical)
            .constraints([Constraint::Percentage(50), Constraint::Percentage(50)])
            .areas(area);
        let [left, right] = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Percentage(40), Constraint::Percentage(60)])
            .areas(top);
        let statuses: Vec<Bar> = Status::ALL
            .iter()
            .zip(counts.statuses)
            .map(|(status, n)| {
                bar(
                    status.as_str().to_string(),
                    n,
                    selected == Some(StatsBar::Status(*status)),
                    theme::status(*status),
                )
            })
            .collect();
        BarChart::default()
            .block(framed(" Per status "))
            .bar_set(symbols::bars())
            .data(BarGroup::default().bars(&statuses))
            .bar_width(
                ((left.width.saturating_sub(2)) / 6)
                    .saturating_sub(1)
                    .clamp(1, 9),
            )
            .bar_gap(1)
            .render(left, buf);
        let months: Vec<Bar> = MONTHS
            .iter()
            .zip(counts.months)
            .enumerate()
            .map(|(m, (name, n))| {
                bar(
                    (*name).to_string(),
                    n,
                    selected == Some(StatsBar::Month(u32::try_from(m + 1).unwrap_or(u32::MAX))),
                    Style::default(),
                )
            })
            .collect();
        let title = format!(" Month by month {} ", self.app.programme.year);
        BarChart::default()
            .block(framed(&title))
            .bar_set(symbols::bars())
            .data(BarGroup::default().bars(&months))
            .bar_width(
                ((right.width.saturating_sub(2)) / 12)
                    .saturating_sub(1)
                    .clamp(1, 5),
            )
            .bar_gap(1)
            .render(right, buf);
        let key = self.app.stats_key();
        // Only the bars the chart has lines for are made, from the one that keeps the selection
        // in sight: at 100k activities there are thousands of clusters, and making a bar for
        // each every frame cost more than all the counting.
        let lines = usize::from(bottom.height.saturating_sub(2)).max(1);
        let chosen = match selected {
            Some(StatsBar::Cluster(row) | StatsBar::Group(row)) => row,
            Some(StatsBar::Status(_) | StatsBar::Month(_)) | None => 0,
        };
        let first = chosen.saturating_sub(lines - 1);
        let (lower, most): (Vec<Bar>, usize) = if *key == GroupKey::Cluster {
            let bars = self
                .app
                .programme
                .clusters
                .iter()
                .zip(&counts.clusters)
                .enumerate()
                .skip(first)
                .take(lines)
                .map(|(c, (cluster, n))| {
                    bar(
                        label(&cluster.name),
                        *n,
                        selected == Some(StatsBar::Cluster(c)),
                        Style::default(),
                    )
                })
                .collect();
            (bars, counts.clusters.iter().copied().max().unwrap_or(0))
        } else {
            let bars = counts
                .groups
                .iter()
                .enumerate()
                .skip(first)
                .take(lines)
                .map(|(row, (value, n))| {
                    bar(
                        label(value),
                        *n,
                        selected == Some(StatsBar::Group(row)),
                        Style::default(),
                    )
                })
                .collect();
            (bars, counts.groups.iter().map(|g| g.1).max().unwrap_or(0))
        };
        let title = format!(" Per {} ", key.name());
        BarChart::default()
            .block(framed(&title))
            .bar_set(symbols::bars())
            .data(BarGroup::default().bars(&lower))
            // Scaled to the longest bar of all, not of those in sight.
            .max(most.max(1) as u64)
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
            .render(bottom, buf);
    }
}

/// A chart's box, in the mode's border set.
fn framed(title: &str) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .border_set(symbols::border())
        .title(title.to_string())
}

//! How the editor shows the programme: grid, timeline or statistics, roomy or fitted grid,
//! detail panel or not (settings that last the session), moving up and down through the
//! timeline's rows, and the statistics view's bars, each of which filters the grid.

use super::App;
use crate::model::filter::{Filter, activity_days};
use crate::model::{Cell, PlanDate, Status};
use crate::report::timeline::{RowKind, Timeline};

/// The two ways of seeing the programme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Clusters as rows, activities as cells.
    #[default]
    Grid,
    /// One line per activity, a bar across the months of the year.
    Timeline,
    /// Bar charts: activities per status, per cluster and month by month.
    Statistics,
}

/// A bar of the statistics view; Enter on it filters the grid to its activities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatsBar {
    Status(Status),
    /// A cluster, by index.
    Cluster(usize),
    /// A month (1–12) of the programme's year.
    Month(u32),
}

/// How many activities the filter lets through, per status, per cluster and per month of the
/// programme's year (an activity counts in every month its dates overlap).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsCounts {
    pub statuses: [usize; 6],
    pub clusters: Vec<usize>,
    pub months: [usize; 12],
}

/// The view settings, kept for the whole session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ViewSettings {
    pub view: View,
    /// The grid fits the whole year on screen (status symbol and title per cell).
    pub fitted: bool,
    /// The detail panel is shown.
    pub detail: bool,
    /// The detail panel was asked back over the fitted grid, which it otherwise gives way to
    /// when the grid needs the room; the terminal decides that, and says so in `detail_hidden`.
    pub detail_asked: bool,
    /// The terminal hid the detail panel for the fitted grid in the last frame.
    pub detail_hidden: bool,
    /// The first cluster row and activity column of the fitted grid on screen, kept between
    /// frames so it scrolls only as far as the selection needs.
    pub fitted_origin: (usize, usize),
    /// The first timeline row on screen, likewise.
    pub timeline_top: usize,
    /// The selected bar of the statistics view, counting through [`App::stats_bars`].
    pub stats_bar: usize,
}

impl Default for ViewSettings {
    fn default() -> Self {
        ViewSettings {
            view: View::Grid,
            fitted: false,
            detail: true,
            detail_asked: false,
            detail_hidden: false,
            fitted_origin: (0, 0),
            timeline_top: 0,
            stats_bar: 0,
        }
    }
}

impl App {
    pub(super) fn switch_view(&mut self) {
        self.views.view = match self.views.view {
            View::Grid => View::Timeline,
            View::Timeline => View::Statistics,
            View::Statistics => View::Grid,
        };
        // The timeline hides what the filter turns away: the selection must stay visible.
        if self.views.view == View::Timeline
            && !self.passes_filter(self.selected)
            && let Some(&first) = self.timeline_cells().first()
        {
            self.select(first);
        }
    }

    pub(super) fn toggle_fitted(&mut self) {
        self.views.fitted = !self.views.fitted;
        self.views.detail_asked = false;
        // The fitted grid is a grid: `z` in the timeline or the statistics shows it.
        if self.views.view != View::Grid {
            self.views.view = View::Grid;
        }
        // How much of the year is on screen depends on the terminal: the status bar says it.
        self.inform(if self.views.fitted {
            "Fitted grid: every cluster and activity the screen holds."
        } else {
            "Roomy grid: every field of each cell."
        });
    }

    /// Every bar of the statistics view, in the order the selection moves through them:
    /// statuses, clusters, months.
    pub fn stats_bars(&self) -> Vec<StatsBar> {
        let statuses = Status::ALL.into_iter().map(StatsBar::Status);
        let clusters = (0..self.programme.clusters.len()).map(StatsBar::Cluster);
        statuses
            .chain(clusters)
            .chain((1..=12).map(StatsBar::Month))
            .collect()
    }

    /// The bar the statistics view's selection is on.
    pub fn selected_stats_bar(&self) -> Option<StatsBar> {
        let bars = self.stats_bars();
        bars.get(self.views.stats_bar.min(bars.len().saturating_sub(1)))
            .copied()
    }

    /// The counts the statistics view draws.
    pub fn stats_counts(&self) -> StatsCounts {
        let year = self.programme.year;
        let mut counts = StatsCounts {
            clusters: vec![0; self.programme.clusters.len()],
            ..StatsCounts::default()
        };
        // The months' first and last days, worked out once rather than per activity: this
        // runs at every frame.
        let months: [(chrono::NaiveDate, chrono::NaiveDate); 12] = std::array::from_fn(|m| {
            let month = PlanDate::Month {
                year,
                month: u32::try_from(m + 1).unwrap_or(12),
            };
            (month.first_day(), month.last_day())
        });
        for (cell, activity) in self.programme.activities() {
            if !self.passes_filter(cell) {
                continue;
            }
            if let Some(s) = Status::ALL.iter().position(|s| *s == activity.status) {
                counts.statuses[s] += 1;
            }
            counts.clusters[cell.cluster] += 1;
            if let Some((first, last)) = activity_days(activity) {
                for (count, (start, end)) in counts.months.iter_mut().zip(&months) {
                    *count += usize::from(first <= *end && last >= *start);
                }
            }
        }
        counts
    }

    /// Left/up and right/down in the statistics view: the previous or next bar.
    pub(super) fn step_stats(&mut self, by: isize) {
        let bars = self.stats_bars().len();
        self.views.stats_bar = super::step_index(self.views.stats_bar.min(bars), by, bars);
    }

    /// Enter in the statistics view: the grid, filtered to the selected bar's activities.
    pub(super) fn filter_to_stats_bar(&mut self) {
        let Some(bar) = self.selected_stats_bar() else {
            return;
        };
        let text = match bar {
            StatsBar::Status(status) => format!("status:{status}"),
            StatsBar::Cluster(c) => match self.programme.clusters.get(c) {
                Some(cluster) => format!("cluster:{}", cluster.id),
                None => return,
            },
            StatsBar::Month(month) => format!("in:{}-{month:02}", self.programme.year),
        };
        match Filter::parse(&text) {
            Ok(filter) => {
                self.set_filter(filter);
                self.views.view = View::Grid;
            }
            Err(e) => self.inform(format!("filter {text}: {e}")),
        }
    }

    pub(super) fn toggle_detail(&mut self) {
        // Hidden, or given way to the fitted grid: the key brings it back, over the grid.
        self.views.detail = self.views.detail_hidden || !self.views.detail;
        self.views.detail_asked = self.views.detail;
    }

    /// The activities in the order the timeline lists them (dated ones by cluster, then the
    /// undated ones), those the filter hides left out.
    pub fn timeline_cells(&self) -> Vec<Cell> {
        Timeline::new(&self.programme, crate::report::timeline::MIN_WIDTH, None)
            .with_ghosts(self.comparison())
            .body(|cell| self.passes_filter(cell))
            .into_iter()
            .filter_map(|row| match row {
                RowKind::Activity(cell) | RowKind::Undated(cell) | RowKind::Ghost(cell) => {
                    Some(cell)
                }
                _ => None,
            })
            .collect()
    }

    /// The timeline lists only what the filter lets through: when a change leaves the
    /// selection on an activity the filter now turns away (its status changed, an undo brought
    /// back one it never showed), the selection moves to the next listed activity in grid order,
    /// or the one before when none follows.
    pub(super) fn keep_selection_listed(&mut self) {
        // Ghosts are listed whatever the filter, as in the grid.
        let listed =
            |app: &Self, cell: Cell| app.passes_filter(cell) || app.ghost_at(cell).is_some();
        if self.views.view != View::Timeline
            || self.filter_matches().is_none_or(|m| m.count() == 0)
            || listed(self, self.selected)
        {
            return;
        }
        let cells: Vec<Cell> = self.programme.activities().map(|(cell, _)| cell).collect();
        let at = cells.partition_point(|&cell| cell < self.selected);
        let next = cells[at..].iter().find(|&&cell| listed(self, cell));
        let before = || cells[..at].iter().rev().find(|&&cell| listed(self, cell));
        if let Some(&cell) = next.or_else(before) {
            self.select(cell);
            self.wanted_column = cell.activity;
        }
    }

    /// Up and down in the timeline: the previous or next visible activity.
    pub(super) fn step_timeline(&mut self, by: isize) {
        let cells = self.timeline_cells();
        let next = match cells.iter().position(|c| *c == self.selected) {
            Some(at) => super::step_index(at, by, cells.len()),
            None => 0,
        };
        if let Some(&cell) = cells.get(next) {
            self.select(cell);
            self.wanted_column = self.selected.activity;
        }
    }
}

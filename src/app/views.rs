//! How the editor shows the programme: grid, timeline or statistics, roomy or fitted grid,
//! detail panel or not (settings that last the session), moving up and down through the
//! timeline's rows, and the statistics view's bars, each of which filters the grid.

use std::cell::RefCell;

use super::App;
use crate::model::filter::{Filter, activity_days};
use crate::model::stats::{self, GroupKey};
use crate::model::{Cell, Changes, PlanDate, Status};
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
    /// A row of the lower chart when it counts by a key other than the cluster, by index.
    Group(usize),
}

/// How many activities the filter lets through, per status, per cluster and per month of the
/// programme's year (an activity counts in every month its dates overlap), and per value of the
/// key the lower chart counts by when that is not the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsCounts {
    pub statuses: [usize; 6],
    pub clusters: Vec<usize>,
    pub months: [usize; 12],
    /// The lower chart's rows when it counts by a lead, a theme or an own field: each value
    /// and its count, as `stats --by KEY` gives them.
    pub groups: Vec<(String, usize)>,
}

/// What one cluster's activities that pass the filter add to the statistics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ClusterCounts {
    statuses: [usize; 6],
    months: [usize; 12],
    activities: usize,
}

/// The statistics view's counts, kept between frames: per cluster, each counted again only when
/// an edit's scope takes in its cluster, and all of them when the filter or the year changes.
/// Drawing then adds up one entry per cluster instead of counting every activity.
#[derive(Clone, Debug, Default)]
pub(crate) struct StatsCache {
    /// Per cluster; `None` to count again. Empty until first drawn.
    clusters: RefCell<Vec<Option<ClusterCounts>>>,
    /// The year the months were counted for.
    year: RefCell<Option<i32>>,
    /// What the lower chart counts by.
    by: GroupKey,
    /// The lower chart's rows for a key other than the cluster; `None` to count again (after
    /// any change, over the whole programme: such a key's rows depend on every activity).
    groups: RefCell<Option<Vec<(String, usize)>>>,
}

impl StatsCache {
    /// Everything is counted again at the next frame.
    pub(crate) fn forget(&mut self) {
        self.clusters.get_mut().clear();
        *self.groups.get_mut() = None;
    }
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
    /// statuses, clusters (or the values of the lower chart's key), months.
    pub fn stats_bars(&self) -> Vec<StatsBar> {
        let statuses = Status::ALL.into_iter().map(StatsBar::Status);
        let lower: Vec<StatsBar> = if self.stats.by == GroupKey::Cluster {
            (0..self.programme.clusters.len())
                .map(StatsBar::Cluster)
                .collect()
        } else {
            (0..self.stats_counts().groups.len())
                .map(StatsBar::Group)
                .collect()
        };
        statuses
            .chain(lower)
            .chain((1..=12).map(StatsBar::Month))
            .collect()
    }

    /// What the lower chart of the statistics view counts by: the cluster, a lead, a theme or
    /// one of the programme's own fields.
    pub fn stats_key(&self) -> &GroupKey {
        &self.stats.by
    }

    /// The keys the lower chart offers, in the order `c` goes through them: the cluster, then
    /// every key of `stats` the other charts do not show (leads, themes, own fields).
    fn lower_chart_keys(&self) -> Vec<GroupKey> {
        GroupKey::all(&self.programme)
            .into_iter()
            .filter(|key| {
                !matches!(key, GroupKey::Quarter) && !GroupKey::DEFAULT[1..3].contains(key)
            })
            .collect()
    }

    /// `c` in the statistics view: the lower chart counts by the next key.
    pub(super) fn cycle_stats_key(&mut self) {
        let keys = self.lower_chart_keys();
        let next = keys
            .iter()
            .position(|key| *key == self.stats.by)
            .map_or(0, |at| (at + 1) % keys.len().max(1));
        self.stats.by = keys.get(next).cloned().unwrap_or_default();
        *self.stats.groups.get_mut() = None;
        self.inform(format!(
            "The lower chart counts per {}.",
            self.stats.by.name()
        ));
    }

    /// Follows an edit: the clusters its scope names are counted again at the next frame, the
    /// others kept; a change of the programme's own fields (its year, its themes, its fields)
    /// counts everything again.
    pub(super) fn follow_stats(&mut self, changed: &Changes) {
        *self.stats.groups.get_mut() = None;
        if changed.header {
            self.stats.forget();
            return;
        }
        let Some(splice) = changed.clusters else {
            return;
        };
        let parts = self.stats.clusters.get_mut();
        if parts.is_empty() {
            return;
        }
        match splice.ranges(self.programme.clusters.len()) {
            Some((before, now)) if before.end <= parts.len() => {
                parts.splice(before, now.map(|_| None));
            }
            Some(_) | None => parts.clear(),
        }
    }

    /// One cluster's activities that pass the filter, counted.
    fn count_cluster(
        &self,
        c: usize,
        months: &[(chrono::NaiveDate, chrono::NaiveDate); 12],
    ) -> ClusterCounts {
        let mut counts = ClusterCounts::default();
        let Some(cluster) = self.programme.clusters.get(c) else {
            return counts;
        };
        for (a, activity) in cluster.activities.iter().enumerate() {
            if !self.passes_filter(Cell::new(c, a)) {
                continue;
            }
            counts.activities += 1;
            if let Some(s) = Status::ALL.iter().position(|s| *s == activity.status) {
                counts.statuses[s] += 1;
            }
            if let Some((first, last)) = activity_days(activity) {
                for (count, (start, end)) in counts.months.iter_mut().zip(months) {
                    *count += usize::from(first <= *end && last >= *start);
                }
            }
        }
        counts
    }

    /// The bar the statistics view's selection is on.
    pub fn selected_stats_bar(&self) -> Option<StatsBar> {
        let bars = self.stats_bars();
        bars.get(self.views.stats_bar.min(bars.len().saturating_sub(1)))
            .copied()
    }

    /// The counts the statistics view draws: added up from the counts kept per cluster, those
    /// an edit or the filter made stale counted again first.
    pub fn stats_counts(&self) -> StatsCounts {
        let year = self.programme.year;
        let clusters = self.programme.clusters.len();
        let mut parts = self.stats.clusters.borrow_mut();
        let mut counted_year = self.stats.year.borrow_mut();
        if *counted_year != Some(year) || parts.len() != clusters {
            parts.clear();
            parts.resize(clusters, None);
            *counted_year = Some(year);
        }
        let mut counts = StatsCounts {
            clusters: vec![0; clusters],
            ..StatsCounts::default()
        };
        if parts.iter().any(Option::is_none) {
            // The months' first and last days, worked out once rather than per activity.
            let months: [(chrono::NaiveDate, chrono::NaiveDate); 12] = std::array::from_fn(|m| {
                let month = PlanDate::Month {
                    year,
                    month: u32::try_from(m + 1).unwrap_or(12),
                };
                (month.first_day(), month.last_day())
            });
            for (c, part) in parts.iter_mut().enumerate() {
                if part.is_none() {
                    *part = Some(self.count_cluster(c, &months));
                }
            }
        }
        for (c, part) in parts.iter().enumerate() {
            let part = part.unwrap_or_default();
            counts.clusters[c] = part.activities;
            for (total, n) in counts.statuses.iter_mut().zip(part.statuses) {
                *total += n;
            }
            for (total, n) in counts.months.iter_mut().zip(part.months) {
                *total += n;
            }
        }
        if self.stats.by != GroupKey::Cluster {
            let mut groups = self.stats.groups.borrow_mut();
            counts.groups.clone_from(groups.get_or_insert_with(|| {
                let kept: Vec<_> = self
                    .programme
                    .activities()
                    .filter(|(cell, _)| self.passes_filter(*cell))
                    .filter_map(|(cell, a)| {
                        let cluster = self.programme.clusters.get(cell.cluster)?;
                        Some((cluster, cell.cluster, a))
                    })
                    .collect();
                stats::frequency_of(&self.programme, self.stats.by.clone(), &kept).rows
            }));
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
            StatsBar::Group(row) => {
                let counts = self.stats_counts();
                let Some((value, _)) = counts.groups.get(row) else {
                    return;
                };
                // The row of those without a value, and a value a filter term cannot hold,
                // have no term to filter by.
                if value.starts_with("(no ") || value.contains([' ', ',', '"']) || value.is_empty()
                {
                    self.inform(format!("No filter term picks out {value}."));
                    return;
                }
                format!("{}:{value}", self.stats.by.name())
            }
        };
        match Filter::parse_for(&text, &self.programme.fields) {
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

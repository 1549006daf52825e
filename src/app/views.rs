//! How the editor shows the programme: grid or timeline, roomy or fitted grid, detail panel or
//! not (settings that last the session), and moving up and down through the timeline's rows.

use super::App;
use crate::model::Cell;
use crate::report::timeline::{RowKind, Timeline};

/// The two ways of seeing the programme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    /// Clusters as rows, activities as cells.
    #[default]
    Grid,
    /// One line per activity, a bar across the months of the year.
    Timeline,
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
        }
    }
}

impl App {
    pub(super) fn switch_view(&mut self) {
        self.views.view = match self.views.view {
            View::Grid => View::Timeline,
            View::Timeline => View::Grid,
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
        if self.views.view == View::Timeline {
            self.views.view = View::Grid;
        }
        // How much of the year is on screen depends on the terminal: the status bar says it.
        self.inform(if self.views.fitted {
            "Fitted grid: every cluster and activity the screen holds."
        } else {
            "Roomy grid: every field of each cell."
        });
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
            .body(|cell| self.passes_filter(cell))
            .into_iter()
            .filter_map(|row| match row {
                RowKind::Activity(cell) | RowKind::Undated(cell) => Some(cell),
                _ => None,
            })
            .collect()
    }

    /// The timeline lists only what the filter lets through: when a change leaves the
    /// selection on an activity the filter now turns away (its status changed, an undo brought
    /// back one it never showed), the selection moves to the next listed activity in grid order,
    /// or the one before when none follows.
    pub(super) fn keep_selection_listed(&mut self) {
        let listed = |app: &Self, cell: Cell| app.passes_filter(cell);
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

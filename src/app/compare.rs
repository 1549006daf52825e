//! The comparison with last year in the editor: toggled on with last year's programme (which the
//! terminal layer reads), kept up to date after every change, and a dropped activity brought
//! back as a follow-up in one undoable step.

use std::sync::Arc;

use super::{App, Effect};
use crate::model::Changes;
use crate::model::compare::{Carried, Comparison, Following};
use crate::model::diff::{FieldChange, matched_fields};
use crate::model::edit::Operation;
use crate::model::{Activity, Cell, Programme};

/// The comparison in force: last year's programme and how this year stands against it.
#[derive(Clone, Debug)]
pub struct Compared {
    pub last: Programme,
    /// How this year stands against it, kept up to date through edits.
    pub following: Following,
}

impl App {
    /// Turns the comparison off, or asks for last year's programme to turn it on.
    pub(super) fn toggle_compare(&mut self) -> Effect {
        if let Some(compared) = self.compared.take() {
            self.compared_off = Some((compared, self.history.state()));
            self.refilter_standing();
            self.inform("Comparison with last year off.");
            return Effect::None;
        }
        Effect::CompareWithLastYear
    }

    /// Whether the comparison last turned off was made with `last` and this programme as it is
    /// now, so that [`Action::ComparedAgain`] can bring it back without copying `last`.
    pub fn kept_comparison_of(&self, last: &Programme) -> bool {
        self.compared_off.as_ref().is_some_and(|(compared, state)| {
            *state == self.history.state() && compared.last == *last
        })
    }

    /// Brings back the comparison last turned off (see [`App::kept_comparison_of`]).
    pub(super) fn compare_again(&mut self, name: &str) {
        match self.compared_off.take() {
            Some((compared, _)) => self.compare_in_force(compared, name),
            None => self.warn("No comparison to bring back: C compares with last year."),
        }
    }

    /// Compares with `last` (last year's programme, as the terminal layer found it).
    pub(super) fn compare_with(&mut self, last: Programme, name: &str) {
        let kept = self
            .compared_off
            .take()
            .filter(|(compared, state)| *state == self.history.state() && compared.last == last);
        let compared = match kept {
            Some((compared, _)) => compared,
            None => Compared {
                following: Following::new(&last, &self.programme),
                last,
            },
        };
        self.compare_in_force(compared, name);
    }

    fn compare_in_force(&mut self, compared: Compared, name: &str) {
        let Compared { last, following } = compared;
        let counts = following.comparison.counts(&self.programme);
        self.inform(format!(
            "Compared with {} ({name}): {} new, {} carried over, {} changed, {} not carried over.",
            last.year, counts.new, counts.unchanged, counts.changed, counts.dropped
        ));
        self.compared = Some(Compared { last, following });
        self.refilter_standing();
    }

    /// The comparison the filter's `is:` terms ask.
    pub(super) fn shared_comparison(&self) -> Option<Arc<Comparison>> {
        self.compared
            .as_ref()
            .map(|c| Arc::clone(&c.following.comparison))
    }

    /// The comparison in force, if any.
    pub fn comparison(&self) -> Option<&Comparison> {
        self.compared
            .as_ref()
            .map(|c| c.following.comparison.as_ref())
    }

    /// Last year's programme, while comparing.
    pub fn last_year(&self) -> Option<&Programme> {
        self.compared.as_ref().map(|c| &c.last)
    }

    /// How the activity at a cell stands against last year, while comparing.
    pub fn carried(&self, cell: Cell) -> Option<&Carried> {
        let activity = self.programme.activity(cell)?;
        Some(self.comparison()?.of(&activity.id))
    }

    /// Last year's activity that the activity at a cell is, while comparing.
    pub fn last_years_activity(&self, cell: Cell) -> Option<&Activity> {
        let compared = self.compared.as_ref()?;
        compared.last.activity(compared.following.last_of(cell)?)
    }

    /// What changed since last year in the activity at a cell, field by field, with last
    /// year's value and this year's, as `diff` tells them; empty when nothing did.
    pub fn changes_since_last_year(&self, cell: Cell) -> Vec<FieldChange> {
        let (Some(last), Some(old), Some(activity)) = (
            self.last_year(),
            self.last_years_activity(cell),
            self.programme.activity(cell),
        ) else {
            return Vec::new();
        };
        matched_fields(last.year, self.programme.year, old, activity)
    }

    /// How many cells a cluster's row has: its activities, and while comparing the ghosts of
    /// last year's activities not carried over after them.
    pub fn row_len(&self, cluster: usize) -> usize {
        let Some(c) = self.programme.clusters.get(cluster) else {
            return 0;
        };
        let ghosts = self
            .comparison()
            .map_or(0, |comparison| comparison.dropped_in(&c.id).count());
        c.activities.len() + ghosts
    }

    /// The ghost at a cell past the cluster's activities, while comparing: its index among the
    /// dropped activities, and last year's activity.
    pub fn ghost_at(&self, cell: Cell) -> Option<(usize, &Activity)> {
        let cluster = self.programme.clusters.get(cell.cluster)?;
        let k = cell.activity.checked_sub(cluster.activities.len())?;
        let comparison = self.comparison()?;
        comparison
            .dropped
            .iter()
            .enumerate()
            .filter(|(_, d)| d.cluster_id == cluster.id)
            .nth(k)
            .map(|(i, d)| (i, &d.activity))
    }

    /// After a change: the comparison follows the programme, comparing again only what the
    /// change touched when it leaves every match as it was.
    pub(super) fn follow_comparison(&mut self, changed: &Changes) {
        // The one turned off is kept while following it is cheap, to come back at once.
        if let Some((compared, state)) = &mut self.compared_off {
            if compared
                .following
                .follow_cheaply(&compared.last, &self.programme, changed)
            {
                *state = self.history.state();
            } else {
                self.compared_off = None;
            }
        }
        if let Some(compared) = &mut self.compared
            && compared
                .following
                .follow(&compared.last, &self.programme, changed)
        {
            self.refilter_standing();
        }
    }

    /// Brings last year's activity `id` (not carried over) back into its cluster, at the end,
    /// as a follow-up of last year's: dates a year on, status planned, notes cleared. One step.
    pub(super) fn restore_dropped(&mut self, index: usize) {
        let Some(compared) = &self.compared else {
            self.warn("Not comparing: C compares with last year first.");
            return;
        };
        let Some(dropped) = compared.following.comparison.dropped.get(index) else {
            self.warn("No such activity of last year.");
            return;
        };
        let last_year = compared.last.year;
        let Some(c) = self
            .programme
            .clusters
            .iter()
            .position(|c| c.id == dropped.cluster_id)
        else {
            self.warn(format!(
                "Its cluster ({}) is not in this year's programme.",
                dropped.cluster_id
            ));
            return;
        };
        let old = dropped.activity.clone();
        let id = self.programme.unique_activity_id(&old.title);
        let years = self.programme.year - last_year;
        let activity = Activity {
            id,
            follow_up_of: Some(format!("{last_year}/{}", old.id)),
            status: crate::model::Status::Planned,
            notes: String::new(),
            start: old.start.and_then(|d| d.checked_add_years(years)),
            end: old.end.and_then(|d| d.checked_add_years(years)),
            ..old
        };
        let at = self.programme.clusters[c].activities.len();
        let title = activity.title.clone();
        let cell = Cell::new(c, at);
        self.apply(
            Operation::Insert {
                cell,
                activity: Box::new(activity),
            },
            cell,
        );
        self.inform(format!(
            "Brought back from {last_year}: {title} (u undoes)."
        ));
    }
}

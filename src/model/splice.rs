//! What an edit changed, as runs replaced (of clusters, or of one cluster's activities): what
//! the undo history, the recovery journal and the editor's incremental check and views all need
//! to know of an edit.

use std::collections::BTreeSet;
use std::ops::Range;

use super::Cell;

/// A run of clusters replaced: `removed` clusters from `at` on, by `inserted` others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: usize,
    pub inserted: usize,
}

impl Splice {
    /// The cluster at `index`, changed in place.
    pub fn one(index: usize) -> Splice {
        Splice {
            at: index,
            removed: 1,
            inserted: 1,
        }
    }

    /// Every cluster: `removed` of them replaced by `inserted`.
    pub fn all(removed: usize, inserted: usize) -> Splice {
        Splice {
            at: 0,
            removed,
            inserted,
        }
    }

    /// This splice followed by `next` (whose indices count after this one), as one splice.
    pub fn then(self, next: Splice) -> Splice {
        let at = self.at.min(next.at);
        let end_now = (self.at + self.inserted).max(next.at + next.removed);
        Splice {
            at,
            // Past this splice's clusters, a cluster now at i was at i - inserted + removed.
            removed: end_now + self.removed - self.inserted - at,
            inserted: end_now + next.inserted - next.removed - at,
        }
    }
}

impl Splice {
    /// The clusters the splice replaced (as numbered before it) and their replacements (as
    /// numbered now, in a programme of `now` clusters); `None` when the splice does not fit.
    pub fn ranges(self, now: usize) -> Option<(Range<usize>, Range<usize>)> {
        let end = self.at.checked_add(self.inserted)?;
        let old_end = self.at.checked_add(self.removed)?;
        (end <= now).then_some((self.at..old_end, self.at..end))
    }

    /// Follows a set of cells through this splice of cluster `cluster`'s activities: cells of
    /// the replaced activities go, later ones in the cluster move, and `found` (cells of the
    /// replacements) come in.
    pub fn follow_activity_cells(
        self,
        cluster: usize,
        cells: &mut BTreeSet<Cell>,
        found: impl IntoIterator<Item = Cell>,
    ) {
        let end = self.at.saturating_add(self.removed);
        let from = Cell::new(cluster, self.at);
        let to = Cell::new(cluster.saturating_add(1), 0);
        let tail: Vec<Cell> = cells.range(from..to).copied().collect();
        for cell in &tail {
            cells.remove(cell);
        }
        let moved = tail.into_iter().filter(|cell| cell.activity >= end);
        cells.extend(
            moved.map(|cell| Cell::new(cluster, cell.activity - self.removed + self.inserted)),
        );
        cells.extend(found);
    }

    /// Follows a set of cells through the splice: cells of replaced clusters go, cells after
    /// them move with their clusters, and `found` (cells of the replacements) come in.
    pub fn follow_cells(self, cells: &mut BTreeSet<Cell>, found: impl IntoIterator<Item = Cell>) {
        let old_end = self.at.saturating_add(self.removed);
        let kept: Vec<Cell> = cells
            .split_off(&Cell::new(self.at, 0))
            .into_iter()
            .filter(|cell| cell.cluster >= old_end)
            .map(|cell| Cell::new(cell.cluster - self.removed + self.inserted, cell.activity))
            .collect();
        cells.extend(kept);
        cells.extend(found);
    }
}

/// What changed in a programme between two of its states (ids of the editor's history).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub from: u64,
    pub to: u64,
    /// The programme's own fields may have changed.
    pub header: bool,
    /// The clusters that may have changed.
    pub clusters: Option<Splice>,
    /// When everything that changed in the clusters is one run of one cluster's activities
    /// (the cluster's own fields as they were): that cluster and the run.
    pub activities: Option<(usize, Splice)>,
}

impl Changes {
    /// Adds a change made after the ones already here.
    pub fn add(&mut self, header: bool, splice: Option<Splice>) {
        self.header |= header;
        self.clusters = match (self.clusters, splice) {
            (Some(before), Some(next)) => Some(before.then(next)),
            (before, next) => before.or(next),
        };
    }

    /// A change to a run of one cluster's activities.
    pub fn of_activities(cluster: usize, run: Splice) -> Changes {
        Changes {
            clusters: Some(Splice::one(cluster)),
            activities: Some((cluster, run)),
            ..Changes::default()
        }
    }

    /// Adds changes made after the ones already here.
    pub fn merge(&mut self, later: Changes) {
        let activities = match (self.clusters, self.activities, later.activities) {
            _ if later.clusters.is_none() => self.activities,
            (None, _, later) => later,
            (Some(_), Some((c, before)), Some((l, next))) if c == l => Some((c, before.then(next))),
            _ => None,
        };
        self.add(later.header, later.clusters);
        self.activities = activities;
    }
}

//! A run of clusters replaced by a change: what the undo history, the recovery journal and the
//! editor's incremental check all need to know of an edit.

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

//! A run of clusters replaced by a change: what the undo history, the recovery journal and the
//! editor's incremental check all need to know of an edit.

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

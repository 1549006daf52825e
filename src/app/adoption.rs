//! Whether the programme differs from its adoption tag ("amended"): the tag's version is read
//! once, and after each edit only what the edit touched is compared with it again.

use std::collections::BTreeSet;

use super::App;
use crate::model::{Changes, Programme};

/// The programme as its adoption tag has it, and where the programme in the editor differs.
#[derive(Clone, Debug)]
pub struct Adopted {
    version: Programme,
    /// The programme's own fields differ.
    header: bool,
    /// The clusters that differ from the tag's cluster at the same place.
    clusters: BTreeSet<usize>,
}

impl Adopted {
    /// `version`, the tag's, against `now`.
    fn new(version: Programme, now: &Programme) -> Adopted {
        let mut adopted = Adopted {
            version,
            header: false,
            clusters: BTreeSet::new(),
        };
        adopted.compare_header(now);
        adopted.compare_all(now);
        adopted
    }

    fn compare_header(&mut self, now: &Programme) {
        self.header = now.without_clusters() != self.version.without_clusters();
    }

    fn compare_all(&mut self, now: &Programme) {
        let count = now.clusters.len().max(self.version.clusters.len());
        self.clusters = (0..count)
            .filter(|&c| now.clusters.get(c) != self.version.clusters.get(c))
            .collect();
    }

    /// After `changes`: only the clusters they name are compared again, unless the clusters
    /// moved (then all are).
    fn follow(&mut self, now: &Programme, changes: &Changes) {
        if changes.header {
            self.compare_header(now);
        }
        match changes.clusters {
            Some(run) if run.removed == run.inserted => {
                for c in run.at..run.at + run.inserted {
                    if now.clusters.get(c) == self.version.clusters.get(c) {
                        self.clusters.remove(&c);
                    } else {
                        self.clusters.insert(c);
                    }
                }
            }
            Some(_) => self.compare_all(now),
            None => {}
        }
    }

    fn amended(&self) -> bool {
        self.header || !self.clusters.is_empty()
    }
}

impl App {
    /// The programme as the year's adoption tag has it: `None` without a tag, an error for a
    /// version that cannot be read (which counts as different).
    pub fn set_adopted_version<E>(&mut self, version: Option<Result<Programme, E>>) {
        match version {
            None => {
                self.adoption = None;
                self.amended = false;
            }
            Some(Err(_)) => {
                self.adoption = None;
                self.amended = true;
            }
            Some(Ok(version)) => {
                let adopted = Adopted::new(version, &self.programme);
                self.amended = adopted.amended();
                self.adoption = Some(adopted);
            }
        }
    }

    /// After a change: whether the programme still differs from its adoption tag.
    pub(super) fn follow_adoption(&mut self, changed: &Changes) {
        if let Some(adopted) = &mut self.adoption {
            adopted.follow(&self.programme, changed);
            self.amended = adopted.amended();
        }
    }
}

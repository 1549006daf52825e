//! The journal of a recovery file: what changed since its snapshot, one appended record per
//! change, so that keeping the recovery costs the size of an edit and not of the programme.
//!
//! A record is a line `// journal LEN FINGERPRINT AT REMOVED` followed by LEN bytes: the
//! canonical text of a programme holding the programme's own fields (title, year, adoption, notes) and
//! the clusters that replace the REMOVED clusters from index AT on. FINGERPRINT (FNV-1a of the
//! bytes) tells a record cut short by a crash, which is ignored with everything after it.

pub use crate::model::Splice;
use crate::model::{Cluster, Programme};
use crate::store::{parse, to_canonical};

/// What changed in a programme between two of its states (ids of the editor's history).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub from: u64,
    pub to: u64,
    /// The programme's own fields may have changed.
    pub header: bool,
    /// The clusters that may have changed.
    pub clusters: Option<Splice>,
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

    /// Adds changes made after the ones already here.
    pub fn merge(&mut self, later: Changes) {
        self.add(later.header, later.clusters);
    }
}

const RECORD: &str = "\n// journal ";

/// The record that brings a programme from the state `changes` start at to `programme`.
pub fn record(programme: &Programme, changes: &Changes) -> String {
    let splice = changes.clusters.unwrap_or(Splice {
        at: 0,
        removed: 0,
        inserted: 0,
    });
    let end = splice
        .at
        .saturating_add(splice.inserted)
        .min(programme.clusters.len());
    let at = splice.at.min(end);
    let part = Programme {
        year: programme.year,
        title: programme.title.clone(),
        adopted: programme.adopted,
        notes: programme.notes.clone(),
        clusters: programme.clusters[at..end].to_vec(),
    };
    let payload = to_canonical(&part);
    format!(
        "{RECORD}{} {} {at} {}\n{payload}",
        payload.len(),
        super::recovery::fingerprint(&payload),
        splice.removed
    )
}

/// Why a journal cannot be applied although its records are whole.
#[derive(Debug, PartialEq, Eq)]
pub struct Broken;

/// Applies the records in `journal` to `programme` in order, up to the first one cut short.
pub fn replay(programme: &mut Programme, mut journal: &[u8]) -> Result<(), Broken> {
    while let Some(rest) = journal.strip_prefix(RECORD.as_bytes()) {
        let Some(line_end) = rest.iter().position(|&b| b == b'\n') else {
            return Ok(()); // cut short in its first line
        };
        let line = std::str::from_utf8(&rest[..line_end]).map_err(|_| Broken)?;
        let fields: Vec<&str> = line.split(' ').collect();
        let [len, fingerprint, at, removed] = fields[..] else {
            return Ok(());
        };
        let number = |s: &str| s.parse::<usize>().map_err(|_| Broken);
        let (len, at, removed) = (number(len)?, number(at)?, number(removed)?);
        let body = &rest[line_end + 1..];
        let Some(payload) = body.get(..len) else {
            return Ok(()); // cut short
        };
        let Ok(payload) = std::str::from_utf8(payload) else {
            return Ok(()); // cut short inside a character
        };
        if super::recovery::fingerprint(payload) != fingerprint {
            return Ok(()); // cut short, or not what was written
        }
        let part = parse(payload).map_err(|_| Broken)?.programme;
        let end = at.checked_add(removed).ok_or(Broken)?;
        if end > programme.clusters.len() {
            return Err(Broken);
        }
        programme.year = part.year;
        programme.title = part.title;
        programme.adopted = part.adopted;
        programme.notes = part.notes;
        let _: Vec<Cluster> = programme.clusters.splice(at..end, part.clusters).collect();
        journal = &body[len..];
    }
    if journal.is_empty() || RECORD.as_bytes().starts_with(journal) {
        Ok(())
    } else {
        Err(Broken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Programme};

    fn programme(clusters: usize) -> Programme {
        let mut p = Programme::new(2023, "Plan");
        for c in 0..clusters {
            let mut cluster = Cluster::new(format!("c{c}"), format!("Cluster {c}"));
            cluster
                .activities
                .push(Activity::new(format!("a{c}"), format!("Activity {c}")));
            p.clusters.push(cluster);
        }
        p
    }

    /// Applies `edit` to `now`, recording the changes it declares.
    fn edit(
        now: &mut Programme,
        journal: &mut String,
        splice: Splice,
        edit: impl FnOnce(&mut Programme),
    ) {
        edit(now);
        let mut changes = Changes::default();
        changes.add(true, Some(splice));
        journal.push_str(&record(now, &changes));
    }

    #[test]
    fn many_records_replayed_give_the_programme_exactly() {
        let start = programme(6);
        let mut now = start.clone();
        let mut journal = String::new();
        for round in 0..40 {
            let i = round % 5;
            edit(&mut now, &mut journal, Splice::one(i), |p| {
                match p.clusters[i].activities.first_mut() {
                    Some(activity) => activity.title = format!("round {round}"),
                    None => p.clusters[i].name = format!("round {round}"),
                }
            });
            edit(
                &mut now,
                &mut journal,
                Splice {
                    at: i,
                    removed: 2,
                    inserted: 2,
                },
                |p| p.clusters.swap(i, i + 1),
            );
            if round % 7 == 0 {
                edit(
                    &mut now,
                    &mut journal,
                    Splice {
                        at: 3,
                        removed: 0,
                        inserted: 1,
                    },
                    |p| {
                        p.clusters
                            .insert(3, Cluster::new(format!("n{round}"), "New"))
                    },
                );
            }
            if round % 9 == 0 {
                edit(
                    &mut now,
                    &mut journal,
                    Splice {
                        at: 1,
                        removed: 1,
                        inserted: 0,
                    },
                    |p| drop(p.clusters.remove(1)),
                );
            }
            edit(&mut now, &mut journal, Splice::all(0, 0), |p| {
                p.title = format!("Plan {round}")
            });
        }
        let mut replayed = start.clone();
        replay(&mut replayed, journal.as_bytes()).unwrap();
        assert_eq!(replayed, now);
    }

    #[test]
    fn the_programme_notes_travel_in_a_record() {
        // A programme-level merge conflict lives in the programme's notes; resolving it after a
        // crash must not come back unresolved.
        let start = programme(2);
        let mut now = start.clone();
        let mut journal = String::new();
        edit(&mut now, &mut journal, Splice::all(0, 0), |p| {
            p.notes = "CONFLICT title: ours=\"A\" theirs=\"B\"".into()
        });
        edit(&mut now, &mut journal, Splice::all(0, 0), |p| {
            p.notes.clear()
        });
        let mut replayed = start.clone();
        replayed.notes = "stale".into();
        replay(&mut replayed, journal.as_bytes()).unwrap();
        assert_eq!(replayed, now);
        assert_eq!(replayed.notes, "");
    }

    #[test]
    fn a_torn_last_record_is_ignored() {
        let start = programme(3);
        let mut now = start.clone();
        let mut journal = String::new();
        edit(&mut now, &mut journal, Splice::one(0), |p| {
            p.title = "One".into()
        });
        let after_first = now.clone();
        let whole_first = journal.len();
        edit(&mut now, &mut journal, Splice::one(2), |p| {
            p.clusters[2].name = "Two".into()
        });
        for cut in whole_first + 1..journal.len() {
            let mut replayed = start.clone();
            replay(&mut replayed, &journal.as_bytes()[..cut]).unwrap();
            assert_eq!(replayed, after_first, "cut at {cut}");
        }
        // A record whose bytes are not what was written (its fingerprint tells) is not applied.
        let mut replayed = start.clone();
        let spoiled = journal.replacen("Two", "Tw0", 1);
        replay(&mut replayed, spoiled.as_bytes()).unwrap();
        assert_eq!(replayed, after_first);
    }

    #[test]
    fn a_whole_record_that_does_not_fit_is_refused() {
        let mut now = programme(2);
        let mut changes = Changes::default();
        changes.add(
            false,
            Some(Splice {
                at: 1,
                removed: 5,
                inserted: 1,
            }),
        );
        let record = record(&now, &changes);
        assert_eq!(replay(&mut now, record.as_bytes()), Err(Broken));
        assert_eq!(replay(&mut programme(2), b"garbage"), Err(Broken));
    }

    #[test]
    fn splices_compose_like_applying_them_in_turn() {
        // Clusters are numbers; a splice replaces a run with fresh numbers.
        let mut fresh = 100;
        let mut apply = |v: &mut Vec<u32>, s: Splice| {
            let new: Vec<u32> = (0..s.inserted)
                .map(|_| {
                    fresh += 1;
                    fresh
                })
                .collect();
            v.splice(s.at..s.at + s.removed, new);
        };
        let cases = [
            (Splice::one(2), Splice::one(7)),
            (
                Splice {
                    at: 3,
                    removed: 0,
                    inserted: 2,
                },
                Splice::one(1),
            ),
            (
                Splice {
                    at: 1,
                    removed: 3,
                    inserted: 0,
                },
                Splice {
                    at: 4,
                    removed: 2,
                    inserted: 5,
                },
            ),
            (
                Splice::one(5),
                Splice {
                    at: 0,
                    removed: 1,
                    inserted: 0,
                },
            ),
        ];
        for (first, second) in cases {
            let start: Vec<u32> = (0..10).collect();
            let mut v = start.clone();
            apply(&mut v, first);
            apply(&mut v, second);
            let mut changes = Changes::default();
            changes.add(false, Some(first));
            changes.add(false, Some(second));
            let s = changes.clusters.unwrap();
            // Outside the composed splice nothing changed; its length matches.
            assert_eq!(v[..s.at], start[..s.at], "{first:?} then {second:?}");
            assert_eq!(v.len() - s.inserted, start.len() - s.removed);
            assert_eq!(v[s.at + s.inserted..], start[s.at + s.removed..]);
        }
    }
}

//! The journal of a recovery file: what changed since its snapshot, one appended record per
//! change, so that keeping the recovery costs the size of an edit and not of the programme.
//!
//! A record is a line `// journal LEN FINGERPRINT AT REMOVED` followed by LEN bytes: the
//! canonical text of a programme holding the programme's own fields (title, year, adoption, notes) and
//! the clusters that replace the REMOVED clusters from index AT on. FINGERPRINT (FNV-1a of the
//! bytes) tells a record cut short by a crash, which is ignored with everything after it.
//! A change inside one cluster's activities is recorded as `// journal LEN FINGERPRINT AT
//! REMOVED of CLUSTER`: the programme text holds one cluster, whose activities replace the
//! REMOVED activities from AT on in cluster CLUSTER (a cluster of thousands of activities is
//! not written out for a status changed in it).

pub use crate::model::{Changes, Splice};
use crate::model::{Cluster, Programme};
use crate::store::{parse, to_canonical};

const RECORD: &str = "\n// journal ";

/// The record that brings a programme from the state `changes` start at to `programme`.
pub fn record(programme: &Programme, changes: &Changes) -> String {
    if let Some((c, run)) = changes.activities
        && let Some(cluster) = programme.clusters.get(c)
        && let Some(activities) = cluster.activities.get(run.at..run.at + run.inserted)
    {
        let part = Programme {
            clusters: vec![Cluster {
                activities: activities.to_vec(),
                ..cluster.without_activities()
            }],
            ..Programme::without_clusters(programme)
        };
        let payload = to_canonical(&part);
        return format!(
            "{RECORD}{} {} {} {} of {c}\n{payload}",
            payload.len(),
            super::recovery::fingerprint(&payload),
            run.at,
            run.removed
        );
    }
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
        clusters: programme.clusters[at..end].to_vec(),
        ..Programme::without_clusters(programme)
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
        let (len, fingerprint, at, removed, of) = match fields[..] {
            [len, fingerprint, at, removed] => (len, fingerprint, at, removed, None),
            [len, fingerprint, at, removed, "of", cluster] => {
                (len, fingerprint, at, removed, Some(cluster))
            }
            _ => return Ok(()),
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
        let mut part = parse(payload).map_err(|_| Broken)?.programme;
        let end = at.checked_add(removed).ok_or(Broken)?;
        let clusters = std::mem::take(&mut part.clusters);
        match of {
            None => {
                if end > programme.clusters.len() {
                    return Err(Broken);
                }
                let _: Vec<Cluster> = programme.clusters.splice(at..end, clusters).collect();
            }
            Some(cluster) => {
                let [run] = <[Cluster; 1]>::try_from(clusters).map_err(|_| Broken)?;
                let activities = &mut programme
                    .clusters
                    .get_mut(number(cluster)?)
                    .ok_or(Broken)?
                    .activities;
                if end > activities.len() {
                    return Err(Broken);
                }
                let _: Vec<_> = activities.splice(at..end, run.activities).collect();
            }
        }
        programme.year = part.year;
        programme.title = part.title;
        programme.adopted = part.adopted;
        programme.stage = part.stage;
        programme.notes = part.notes;
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
                            .insert(3, Cluster::new(format!("n{round}"), "New"));
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
                p.title = format!("Plan {round}");
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
            p.notes = "CONFLICT title: ours=\"A\" theirs=\"B\"".into();
        });
        edit(&mut now, &mut journal, Splice::all(0, 0), |p| {
            p.notes.clear();
        });
        let mut replayed = start.clone();
        replayed.notes = "stale".into();
        replay(&mut replayed, journal.as_bytes()).unwrap();
        assert_eq!(replayed, now);
        assert_eq!(replayed.notes, "");
    }

    #[test]
    fn the_programme_stage_travels_in_a_record() {
        let start = programme(2);
        let mut now = start.clone();
        let mut journal = String::new();
        edit(&mut now, &mut journal, Splice::all(0, 0), |p| {
            p.stage = Some(crate::model::Stage::Consultation);
        });
        let mut replayed = start.clone();
        replay(&mut replayed, journal.as_bytes()).unwrap();
        assert_eq!(replayed, now);
    }

    #[test]
    fn a_torn_last_record_is_ignored() {
        let start = programme(3);
        let mut now = start.clone();
        let mut journal = String::new();
        edit(&mut now, &mut journal, Splice::one(0), |p| {
            p.title = "One".into();
        });
        let after_first = now.clone();
        let whole_first = journal.len();
        edit(&mut now, &mut journal, Splice::one(2), |p| {
            p.clusters[2].name = "Two".into();
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

    /// One edit, as the editor declares it: a run of one cluster's activities, or clusters.
    #[derive(Clone, Debug)]
    enum Edit {
        Title { c: usize, a: usize },
        Insert { c: usize, a: usize },
        Remove { c: usize, a: usize },
        Swap { c: usize, a: usize },
        RenameCluster { c: usize },
        InsertCluster { c: usize },
    }

    /// Makes the edit when it fits; answers what it changed.
    fn apply(p: &mut Programme, edit: &Edit, n: usize) -> Option<Changes> {
        fn list(p: &mut Programme, c: usize) -> Option<&mut Vec<Activity>> {
            p.clusters.get_mut(c).map(|c| &mut c.activities)
        }
        let run = |at, removed, inserted| Splice {
            at,
            removed,
            inserted,
        };
        Some(match *edit {
            Edit::Title { c, a } => {
                list(p, c)?.get_mut(a)?.title = format!("edit {n}");
                Changes::of_activities(c, run(a, 1, 1))
            }
            Edit::Insert { c, a } => {
                let activities = list(p, c)?;
                let a = a.min(activities.len());
                activities.insert(a, Activity::new(format!("n{n}"), format!("New {n}")));
                Changes::of_activities(c, run(a, 0, 1))
            }
            Edit::Remove { c, a } => {
                let activities = list(p, c)?;
                (a < activities.len()).then(|| activities.remove(a))?;
                Changes::of_activities(c, run(a, 1, 0))
            }
            Edit::Swap { c, a } => {
                let activities = list(p, c)?;
                (a + 1 < activities.len()).then(|| activities.swap(a, a + 1))?;
                Changes::of_activities(c, run(a, 2, 2))
            }
            Edit::RenameCluster { c } => {
                p.clusters.get_mut(c)?.name = format!("Renamed {n}");
                let mut changes = Changes::default();
                changes.add(false, Some(Splice::one(c)));
                changes
            }
            Edit::InsertCluster { c } => {
                let c = c.min(p.clusters.len());
                p.clusters
                    .insert(c, Cluster::new(format!("k{n}"), "Inserted"));
                let mut changes = Changes::default();
                changes.add(false, Some(run(c, 0, 1)));
                changes
            }
        })
    }

    fn edit_strategy() -> impl proptest::strategy::Strategy<Value = (Edit, bool)> {
        use proptest::prelude::*;
        let i = || 0usize..5;
        let edit = prop_oneof![
            3 => (i(), i()).prop_map(|(c, a)| Edit::Title { c, a }),
            2 => (i(), i()).prop_map(|(c, a)| Edit::Insert { c, a }),
            2 => (i(), i()).prop_map(|(c, a)| Edit::Remove { c, a }),
            2 => (i(), i()).prop_map(|(c, a)| Edit::Swap { c, a }),
            1 => i().prop_map(|c| Edit::RenameCluster { c }),
            1 => i().prop_map(|c| Edit::InsertCluster { c }),
        ];
        (edit, any::<bool>())
    }

    proptest::proptest! {
        /// Edits recorded one by one or several to a record (as the editor gathers them between
        /// two keeps of the recovery file) replay to the programme exactly.
        #[test]
        fn records_of_activity_runs_and_clusters_replay_exactly(
            edits in proptest::collection::vec(edit_strategy(), 1..30),
        ) {
            let mut start = programme(4);
            for cluster in &mut start.clusters {
                for k in 0..3 {
                    cluster.activities.push(Activity::new(format!("{}-{k}", cluster.id), "A"));
                }
            }
            let mut now = start.clone();
            let mut journal = String::new();
            let mut pending = Changes::default();
            for (n, (edit, keep)) in edits.iter().enumerate() {
                if let Some(changes) = apply(&mut now, edit, n) {
                    pending.merge(changes);
                }
                if *keep {
                    journal.push_str(&record(&now, &std::mem::take(&mut pending)));
                }
            }
            journal.push_str(&record(&now, &pending));
            let mut replayed = start.clone();
            proptest::prop_assert_eq!(replay(&mut replayed, journal.as_bytes()), Ok(()));
            proptest::prop_assert_eq!(replayed, now);
        }
    }

    #[test]
    fn a_status_changed_in_a_large_cluster_records_that_activity_alone() {
        let mut now = programme(2);
        for k in 0..2_000 {
            now.clusters[1]
                .activities
                .push(Activity::new(format!("b{k}"), format!("Activity {k}")));
        }
        let start = now.clone();
        now.clusters[1].activities[1500].status = crate::model::Status::Done;
        let changes = Changes::of_activities(
            1,
            Splice {
                at: 1500,
                removed: 1,
                inserted: 1,
            },
        );
        let record = record(&now, &changes);
        assert!(record.contains(" of 1\n"), "{record}");
        assert!(record.len() < 1_000, "{} bytes", record.len());
        let mut replayed = start;
        replay(&mut replayed, record.as_bytes()).unwrap();
        assert_eq!(replayed, now);
        // An activity run that does not fit its cluster is refused, not applied somewhere else.
        let bad = record.replacen(" 1500 1 of 1", " 5000 1 of 1", 1);
        assert_eq!(replay(&mut programme(2), bad.as_bytes()), Err(Broken));
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

use proptest::prelude::*;

use super::*;
use crate::model::{Activity, Changes, Cluster, PlanDate, check};

/// Ids, names and titles from small sets, so duplicates and empty values are common.
const IDS: [&str; 4] = ["a", "b", "c", ""];
const NAMES: [&str; 3] = ["One", "Two", " "];

fn activity(id: usize, title: usize, dated: bool) -> Activity {
    let mut activity = Activity::new(IDS[id % IDS.len()], ["A", "B", ""][title % 3]);
    if dated {
        activity.start = Some("2023-03".parse::<PlanDate>().expect("a date"));
    }
    activity
}

fn cluster(id: usize, name: usize, activities: Vec<Activity>) -> Cluster {
    let mut cluster = Cluster::new(IDS[id % IDS.len()], NAMES[name % NAMES.len()]);
    cluster.activities = activities;
    cluster
}

/// One change an editor can make, and what it replaced.
#[derive(Clone, Debug)]
enum Edit {
    Activity {
        c: usize,
        a: usize,
        id: usize,
        title: usize,
    },
    AddActivity {
        c: usize,
        at: usize,
        id: usize,
    },
    DropActivity {
        c: usize,
        a: usize,
    },
    Cluster {
        c: usize,
        id: usize,
        name: usize,
    },
    AddCluster {
        at: usize,
        id: usize,
    },
    DropCluster {
        at: usize,
    },
    SwapClusters {
        at: usize,
    },
    Year(bool),
    Title(bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = || 0usize..6;
    prop_oneof![
        (i(), i(), i(), i()).prop_map(|(c, a, id, title)| Edit::Activity { c, a, id, title }),
        (i(), i(), i()).prop_map(|(c, at, id)| Edit::AddActivity { c, at, id }),
        (i(), i()).prop_map(|(c, a)| Edit::DropActivity { c, a }),
        (i(), i(), i()).prop_map(|(c, id, name)| Edit::Cluster { c, id, name }),
        (i(), i()).prop_map(|(at, id)| Edit::AddCluster { at, id }),
        i().prop_map(|at| Edit::DropCluster { at }),
        i().prop_map(|at| Edit::SwapClusters { at }),
        any::<bool>().prop_map(Edit::Year),
        any::<bool>().prop_map(Edit::Title),
    ]
}

/// Makes the edit, when it fits the programme; answers what it changed: a run of one
/// cluster's activities when `runs`, else the cluster (both must be followed alike).
fn apply(p: &mut Programme, edit: &Edit, runs: bool) -> Option<Changes> {
    let n = p.clusters.len();
    let run = |c: usize, at, removed, inserted| {
        if runs {
            Changes::of_activities(
                c,
                Splice {
                    at,
                    removed,
                    inserted,
                },
            )
        } else {
            changes(false, Some(Splice::one(c)))
        }
    };
    let splice = |at, removed, inserted| {
        changes(
            false,
            Some(Splice {
                at,
                removed,
                inserted,
            }),
        )
    };
    Some(match *edit {
        Edit::Activity { c, a, id, title } => {
            let old = p.clusters.get_mut(c)?.activities.get_mut(a)?;
            *old = activity(id, title, old.start.is_some());
            run(c, a, 1, 1)
        }
        Edit::AddActivity { c, at, id } => {
            let list = &mut p.clusters.get_mut(c)?.activities;
            let at = at.min(list.len());
            list.insert(at, activity(id, 0, at % 2 == 0));
            run(c, at, 0, 1)
        }
        Edit::DropActivity { c, a } => {
            let list = &mut p.clusters.get_mut(c)?.activities;
            (a < list.len()).then(|| list.remove(a))?;
            run(c, a, 1, 0)
        }
        Edit::Cluster { c, id, name } => {
            let cluster = p.clusters.get_mut(c)?;
            cluster.id = IDS[id % IDS.len()].into();
            cluster.name = NAMES[name % NAMES.len()].into();
            splice(c, 1, 1)
        }
        Edit::AddCluster { at, id } => {
            let at = at.min(n);
            let activities = vec![activity(id, 1, false), activity(id + 1, 0, true)];
            p.clusters.insert(at, cluster(id, id, activities));
            splice(at, 0, 1)
        }
        Edit::DropCluster { at } => {
            (at < n).then(|| p.clusters.remove(at))?;
            splice(at, 1, 0)
        }
        Edit::SwapClusters { at } => {
            (at + 1 < n).then(|| p.clusters.swap(at, at + 1))?;
            splice(at, 2, 2)
        }
        Edit::Year(later) => {
            p.year = if later { 2023 } else { 2022 };
            changes(true, None)
        }
        Edit::Title(empty) => {
            p.title = if empty { " ".into() } else { "Plan".into() };
            changes(true, None)
        }
    })
}

fn changes(header: bool, clusters: Option<Splice>) -> Changes {
    let mut changes = Changes::default();
    changes.add(header, clusters);
    changes
}

fn programme() -> impl Strategy<Value = Programme> {
    let activities = prop::collection::vec((0usize..4, 0usize..3, any::<bool>()), 0..4);
    prop::collection::vec((0usize..4, 0usize..3, activities), 0..5).prop_map(|clusters| {
        let mut p = Programme::new(2022, "Plan");
        for (id, name, activities) in clusters {
            let activities = activities
                .into_iter()
                .map(|(id, title, dated)| activity(id, title, dated))
                .collect();
            p.clusters.push(cluster(id, name, activities));
        }
        p
    })
}

fn listed(checked: &CheckedProgramme) -> Vec<Problem> {
    checked.iter().cloned().collect()
}

proptest! {
    /// After any edits, one at a time or several told as one splice (as undo groups them),
    /// the kept problems are exactly what `check` finds on the programme as it now is.
    #[test]
    fn kept_problems_are_always_what_check_finds(
        start in programme(),
        edits in prop::collection::vec((edit(), any::<bool>()), 1..12),
        runs in any::<bool>(),
    ) {
        let mut p = start;
        let mut checked = CheckedProgramme::new(&p);
        prop_assert_eq!(listed(&checked), check(&p));
        let mut pending = Changes::default();
        for (edit, tell_now) in &edits {
            let Some(changed) = apply(&mut p, edit, runs) else { continue };
            pending.merge(changed);
            if *tell_now {
                checked.update(&p, &std::mem::take(&mut pending));
                let expected = check(&p);
                prop_assert_eq!(listed(&checked), expected.clone());
                prop_assert_eq!(checked.len(), expected.len());
                for (c, cluster) in p.clusters.iter().enumerate() {
                    for a in 0..cluster.activities.len() {
                        let cell = Cell::new(c, a);
                        let mine: Vec<&Problem> = expected
                            .iter()
                            .filter(|p| p.location.target == Target::Activity(cell))
                            .collect();
                        let found: Vec<&Problem> = checked.of_activity(cell).iter().collect();
                        prop_assert_eq!(found, mine);
                    }
                }
            }
        }
        checked.update(&p, &pending);
        prop_assert_eq!(listed(&checked), check(&p));
    }
}

#[test]
fn an_id_taken_in_one_cluster_makes_the_later_holder_elsewhere_a_duplicate() {
    let mut p = Programme::new(2022, "Plan");
    p.clusters.push(cluster(0, 0, vec![activity(1, 0, false)]));
    p.clusters.push(cluster(1, 1, vec![activity(0, 0, false)]));
    let mut checked = CheckedProgramme::new(&p);
    assert!(checked.is_empty());
    // The first cluster's activity takes the second's id: the second is now the duplicate.
    p.clusters[0].activities[0].id = "a".into();
    checked.update(&p, &changes(false, Some(Splice::one(0))));
    assert_eq!(checked.len(), 1);
    assert_eq!(
        checked.of_activity(Cell::new(1, 0))[0].message,
        "duplicate activity id \"a\"; \"A\" in cluster \"One\" already has it"
    );
    // Its title changes: the message that names it follows.
    p.clusters[0].activities[0].title = "Renamed".into();
    checked.update(&p, &changes(false, Some(Splice::one(0))));
    assert_eq!(
        checked.of_activity(Cell::new(1, 0))[0].message,
        "duplicate activity id \"a\"; \"Renamed\" in cluster \"One\" already has it"
    );
}

#[test]
fn ids_that_share_a_hash_are_not_taken_for_duplicates() {
    let mut p = Programme::new(2022, "Plan");
    p.clusters.push(cluster(0, 0, vec![activity(0, 0, false)]));
    p.clusters.push(cluster(1, 1, vec![activity(1, 0, false)]));
    let mut checked = CheckedProgramme::new(&p);
    // As if "a" and "b" hashed alike: "a"'s cell listed, first, among the holders of "b".
    checked.hold(key("b"), Cell::new(0, 0));
    checked.update(&p, &changes(false, Some(Splice::one(1))));
    assert!(checked.is_empty(), "{:?}", listed(&checked));
}

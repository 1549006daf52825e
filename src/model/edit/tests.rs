use proptest::prelude::*;

use super::*;
use crate::model::{PlanDate, Status};

fn programme() -> impl Strategy<Value = Programme> {
    let activities = prop::collection::vec(0u8..3, 0..5);
    prop::collection::vec(activities, 0..5).prop_map(|clusters| {
        let mut p = Programme::new(2022, "Plan 2022");
        for (c, titles) in clusters.into_iter().enumerate() {
            let mut cluster = Cluster::new(format!("c{c}"), format!("Cluster {c}"));
            for (a, title) in titles.into_iter().enumerate() {
                let activity = Activity::new(format!("a{c}-{a}"), format!("Title {title}"));
                cluster.activities.push(activity);
            }
            p.clusters.push(cluster);
        }
        p
    })
}

/// A field and a value for it; now and then a value of another kind, which must change nothing.
fn field_value() -> impl Strategy<Value = (Field, FieldValue)> {
    let date = || {
        prop_oneof![
            Just(None),
            Just("2022-03".parse::<PlanDate>().ok()),
            Just("2022-Q4".parse::<PlanDate>().ok()),
        ]
    };
    prop_oneof![
        "[a-c]{0,2}".prop_map(|t| (Field::Title, FieldValue::Text(t))),
        "[a-c]{0,2}".prop_map(|t| (Field::Description, FieldValue::Text(t))),
        "[a-c]{0,2}".prop_map(|t| (Field::Notes, FieldValue::Text(t))),
        (0usize..6).prop_map(|s| (Field::Status, FieldValue::Status(Status::ALL[s]))),
        date().prop_map(|d| (Field::Start, FieldValue::Date(d))),
        date().prop_map(|d| (Field::End, FieldValue::Date(d))),
        Just((Field::Status, FieldValue::Text("x".into()))),
        Just((Field::Year, FieldValue::Year(2023))),
    ]
}

fn cluster_value() -> impl Strategy<Value = (Field, FieldValue)> {
    prop_oneof![
        "[a-c]{0,2}".prop_map(|t| (Field::Name, FieldValue::Text(t))),
        "[a-c]{0,2}".prop_map(|t| (Field::Summary, FieldValue::Text(t))),
        Just((Field::Start, FieldValue::Date(None))),
    ]
}

fn header_value() -> impl Strategy<Value = (Field, FieldValue)> {
    prop_oneof![
        "[a-c]{0,2}".prop_map(|t| (Field::Title, FieldValue::Text(t))),
        "[a-c]{0,2}".prop_map(|t| (Field::Notes, FieldValue::Text(t))),
        (2020i32..2025).prop_map(|y| (Field::Year, FieldValue::Year(y))),
        Just((Field::Status, FieldValue::Status(Status::Done))),
    ]
}

/// Any operation, with indices that may or may not fit the programme.
fn operation() -> impl Strategy<Value = Operation> {
    let i = || 0usize..6;
    let cell = || (i(), i()).prop_map(|(c, a)| Cell::new(c, a));
    prop_oneof![
        3 => (cell(), field_value())
            .prop_map(|(cell, (field, value))| Operation::SetField { cell, field, value }),
        1 => (i(), cluster_value()).prop_map(|(cluster, (field, value))| {
            Operation::SetClusterField { cluster, field, value }
        }),
        1 => header_value().prop_map(|(field, value)| Operation::SetHeader { field, value }),
        2 => (cell(), 0u8..3).prop_map(|(cell, n)| Operation::Insert {
            cell,
            activity: Box::new(Activity::new(format!("new{n}"), "New")),
        }),
        2 => cell().prop_map(|cell| Operation::Remove { cell }),
        2 => (i(), prop::collection::btree_set(0usize..6, 0..4)).prop_map(|(cluster, set)| {
            Operation::RemoveSome { cluster, positions: set.into_iter().collect() }
        }),
        1 => (i(), prop::collection::vec(0usize..6, 0..4)).prop_map(|(cluster, positions)| {
            Operation::RemoveSome { cluster, positions }
        }),
        2 => (cell(), cell()).prop_map(|(from, to)| Operation::Move { from, to }),
        2 => (i(), i()).prop_map(|(from, to)| Operation::Move {
            from: Cell::new(from % 2, to),
            to: Cell::new(from % 2, from),
        }),
        1 => (i(), 0u8..3).prop_map(|(at, n)| Operation::InsertCluster {
            at,
            cluster: Box::new(Cluster::new(format!("new{n}"), "New")),
        }),
        1 => i().prop_map(|at| Operation::RemoveCluster { at }),
        1 => (i(), i()).prop_map(|(from, to)| Operation::MoveCluster { from, to }),
    ]
}

/// Why `after` differs from `before` outside `scope`, if it does: the guarantee every
/// follower of an edit (undo, the journal, the check, filter, search, marks) relies on.
fn outside(scope: &Scope, before: &Programme, after: &Programme) -> Option<String> {
    let same_header = before.year == after.year
        && before.title == after.title
        && before.adopted == after.adopted
        && before.stage == after.stage
        && before.notes == after.notes;
    let (old, new) = (&before.clusters, &after.clusters);
    match scope {
        Scope::Whole => None,
        Scope::Header => (old != new).then(|| "a cluster changed".into()),
        Scope::Clusters(indices) => {
            if !same_header {
                return Some("the header changed".into());
            }
            if old.len() != new.len() {
                return Some("the number of clusters changed".into());
            }
            (0..old.len())
                .find(|c| !indices.contains(c) && old[*c] != new[*c])
                .map(|c| format!("cluster {c} changed"))
        }
        Scope::Activities { cluster, run } => {
            if !same_header {
                return Some("the header changed".into());
            }
            if old.len() != new.len() {
                return Some("the number of clusters changed".into());
            }
            if let Some(c) = (0..old.len()).find(|c| c != cluster && old[*c] != new[*c]) {
                return Some(format!("cluster {c} changed"));
            }
            let (Some(was), Some(now)) = (old.get(*cluster), new.get(*cluster)) else {
                return (old != new).then(|| "no such cluster, yet a change".into());
            };
            if was.without_activities() != now.without_activities() {
                return Some("the cluster's own fields changed".into());
            }
            runs_differ("activity", &was.activities, &now.activities, *run)
        }
        Scope::Splice(run) => runs_differ("cluster", old, new, *run),
    }
}

/// Why `new` is not `old` with the run `run` replaced, if it is not.
fn runs_differ<T: PartialEq>(what: &str, old: &[T], new: &[T], run: Splice) -> Option<String> {
    if old == new {
        return None;
    }
    if old.len() + run.inserted != new.len() + run.removed {
        return Some(format!(
            "{} {what}s became {}, not {} - {} + {}",
            old.len(),
            new.len(),
            old.len(),
            run.removed,
            run.inserted
        ));
    }
    let at = run.at.min(old.len());
    if old[..at] != new[..at.min(new.len())] {
        return Some(format!("a {what} before {at} changed"));
    }
    let (old_end, new_end) = (at + run.removed, at + run.inserted);
    if old.get(old_end..) != new.get(new_end..) {
        return Some(format!("a {what} after the run changed"));
    }
    None
}

proptest! {
    /// Whatever an operation changed lies inside the scope it reports; one that does not fit
    /// changes nothing.
    #[test]
    fn every_operation_changes_only_its_scope(
        start in programme(),
        operations in prop::collection::vec(operation(), 1..12),
    ) {
        let mut programme = start;
        for operation in operations {
            let before = programme.clone();
            let scope = operation.scope();
            let described = format!("{operation:?}");
            if let Ok(()) = operation.apply(&mut programme) {
                prop_assert_eq!(outside(&scope, &before, &programme), None,
                    "{} reports {:?}", described, scope);
            } else {
                prop_assert_eq!(&programme, &before, "{} failed", described);
            }
        }
    }

    /// A transaction's merged scope covers everything its operations changed together; one
    /// that stops at an operation that does not fit has made those before it, and no more.
    #[test]
    fn a_transaction_changes_only_its_merged_scope(
        start in programme(),
        operations in prop::collection::vec(operation(), 1..8),
    ) {
        let mut one_by_one = start.clone();
        let mut made = Transaction::default();
        for operation in operations.clone() {
            if operation.clone().apply(&mut one_by_one).is_err() {
                break;
            }
            made.push(operation);
        }
        let transaction: Transaction = operations.into_iter().collect();
        let mut programme = start.clone();
        let described = format!("{made:?}");
        transaction.apply(&mut programme).ok();
        prop_assert_eq!(&programme, &one_by_one);
        if let Some(scope) = made.scope() {
            prop_assert_eq!(outside(&scope, &start, &programme), None,
                "{} reports {:?}", described, scope);
        }
    }
}

#[test]
fn scopes_of_one_cluster_merge_into_one_run_and_of_several_into_clusters() {
    let set = |c, a| Operation::SetField {
        cell: Cell::new(c, a),
        field: Field::Status,
        value: FieldValue::Status(Status::Done),
    };
    let one: Transaction = [set(1, 7), set(1, 2)].into_iter().collect();
    assert_eq!(
        one.scope(),
        Some(Scope::Activities {
            cluster: 1,
            run: Splice {
                at: 2,
                removed: 6,
                inserted: 6
            }
        })
    );
    let two: Transaction = [set(3, 0), set(1, 2), set(3, 1)].into_iter().collect();
    assert_eq!(two.scope(), Some(Scope::Clusters(vec![1, 3])));
    let title = Operation::SetHeader {
        field: Field::Title,
        value: FieldValue::Text("T".into()),
    };
    let with_header: Transaction = [title, set(2, 0)].into_iter().collect();
    assert_eq!(with_header.scope(), Some(Scope::Splice(Splice::one(2))));
    assert_eq!(Transaction::default().scope(), None);
}

//! This year's programme beside last year's, activity by activity: new, carried over unchanged,
//! carried over and changed (with which fields), and last year's activities not carried over.
//! Matching is `diff`'s (id, then follow-up, then title), and what a roll-over does (dates a year
//! on, the follow-up link) is no change.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use super::diff::{matched_activities, matched_clusters, matched_field_names};
use super::{Activity, Changes, Field, Programme};

/// Hashing for the comparison's own tables: nothing in them comes from outside the two
/// programmes, and `SipHash` was a seventh of making a comparison afresh.
type Hashing = foldhash::fast::FixedState;

/// How an activity of this year stands against last year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Carried {
    /// Not in last year's programme.
    New,
    /// Carried over as it was.
    Unchanged,
    /// Carried over, these fields changed (last year's and this year's values are told, for
    /// one activity at a time, by [`super::diff::matched_fields`]).
    Changed(Vec<Field>),
}

impl Carried {
    /// One character for a cell: `+` new, `=` carried over, `~` carried and changed.
    pub fn symbol(&self) -> &'static str {
        match self {
            Carried::New => "+",
            Carried::Unchanged => "=",
            Carried::Changed(_) => "~",
        }
    }

    /// The word the filter and the detail panel use.
    pub fn word(&self) -> &'static str {
        match self {
            Carried::New => "new",
            Carried::Unchanged => "carried",
            Carried::Changed(_) => "changed",
        }
    }
}

/// What the filter's `is:` selects: `new`, `changed`, `carried` (carried over, changed or not)
/// or `dropped` (last year's activities not carried over, which no activity of this year is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    New,
    Changed,
    Carried,
    Dropped,
}

impl Standing {
    pub const ALL: [Standing; 4] = [
        Standing::New,
        Standing::Changed,
        Standing::Carried,
        Standing::Dropped,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Standing::New => "new",
            Standing::Changed => "changed",
            Standing::Carried => "carried",
            Standing::Dropped => "dropped",
        }
    }

    /// Whether an activity of this year that stands as `carried` is selected.
    #[expect(
        clippy::match_same_arms,
        reason = "one arm per standing, as the legend lists them"
    )]
    pub fn holds(self, carried: &Carried) -> bool {
        match (self, carried) {
            (Standing::New, Carried::New) => true,
            (Standing::Changed, Carried::Changed(_)) => true,
            (Standing::Carried, Carried::Unchanged | Carried::Changed(_)) => true,
            (Standing::New | Standing::Changed | Standing::Carried | Standing::Dropped, _) => false,
        }
    }
}

/// A last-year activity not carried over, and the cluster it was in (this year's id for a
/// cluster still there).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub cluster_id: String,
    pub activity: Activity,
}

/// The comparison of a programme with last year's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparison {
    pub last_year: i32,
    /// By this year's activity id; an activity not listed is carried over unchanged.
    changed: HashMap<String, Carried, Hashing>,
    pub dropped: Vec<Dropped>,
}

/// How many activities of each kind a comparison has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CarriedCounts {
    pub new: usize,
    pub unchanged: usize,
    pub changed: usize,
    pub dropped: usize,
}

impl Comparison {
    /// `this` against `last`.
    pub fn new(last: &Programme, this: &Programme) -> Comparison {
        Arc::unwrap_or_clone(Following::new(last, this).comparison)
    }

    /// How the activity with this id stands against last year.
    pub fn of(&self, id: &str) -> &Carried {
        self.changed.get(id).unwrap_or(&Carried::Unchanged)
    }

    /// Last year's activities not carried over that were in this cluster.
    pub fn dropped_in<'a>(&'a self, cluster_id: &'a str) -> impl Iterator<Item = &'a Activity> {
        self.dropped
            .iter()
            .filter(move |d| d.cluster_id == cluster_id)
            .map(|d| &d.activity)
    }

    /// The counts, for `programme` (this year's).
    pub fn counts(&self, programme: &Programme) -> CarriedCounts {
        let mut counts = CarriedCounts {
            dropped: self.dropped.len(),
            ..CarriedCounts::default()
        };
        for (_, activity) in programme.activities() {
            match self.of(&activity.id) {
                Carried::New => counts.new += 1,
                Carried::Unchanged => counts.unchanged += 1,
                Carried::Changed(_) => counts.changed += 1,
            }
        }
        counts
    }
}

/// What an activity's match with last year rests on: its id, follow-up link and title (a
/// change of any may match it, or free its match for another, differently).
fn matching_key(activity: &Activity) -> u64 {
    Hashing::default().hash_one((&activity.id, &activity.follow_up_of, &activity.title))
}

/// What a cluster's match with last year rests on: its id and name.
fn cluster_key(cluster: &super::Cluster) -> u64 {
    Hashing::default().hash_one((&cluster.id, &cluster.name))
}

/// One activity of this year as the comparison last saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    key: u64,
    /// Last year's activity it is (a cell of last year's programme).
    old: Option<super::Cell>,
}

/// A comparison kept up to date through edits: an edit that leaves every id, follow-up link,
/// title and cluster as it was leaves the matching as it was, so only the activities it touched
/// are compared again. Any other edit matches the whole programme again, as
/// [`Comparison::new`] does.
#[derive(Clone, Debug)]
pub struct Following {
    /// Shared with the filter, whose `is:` terms ask it.
    pub comparison: Arc<Comparison>,
    year: i32,
    clusters: Vec<u64>,
    /// Per cluster of this year, per activity.
    slots: Vec<Vec<Slot>>,
    /// No two activities of this year share an id (the comparison is kept by id).
    unique_ids: bool,
}

impl Following {
    /// `this` against `last`, matched as `diff` matches them.
    pub fn new(last: &Programme, this: &Programme) -> Following {
        let pairs = matched_activities(last, this);
        let mut slots: Vec<Vec<Slot>> = this
            .clusters
            .iter()
            .map(|c| {
                c.activities
                    .iter()
                    .map(|a| Slot {
                        key: matching_key(a),
                        old: None,
                    })
                    .collect()
            })
            .collect();
        let mut matched_old: Vec<Vec<bool>> = last
            .clusters
            .iter()
            .map(|c| vec![false; c.activities.len()])
            .collect();
        for (new, old, _) in pairs {
            if let Some(slot) = slots
                .get_mut(new.cluster)
                .and_then(|row| row.get_mut(new.activity))
            {
                slot.old = Some(old);
            }
            if let Some(seen) = matched_old
                .get_mut(old.cluster)
                .and_then(|row| row.get_mut(old.activity))
            {
                *seen = true;
            }
        }
        let mut changed =
            HashMap::with_capacity_and_hasher(this.activity_count(), Hashing::default());
        let mut ids = std::collections::HashSet::with_capacity_and_hasher(
            this.activity_count(),
            Hashing::default(),
        );
        let mut unique_ids = true;
        for (cell, activity) in this.activities() {
            unique_ids &= ids.insert(activity.id.as_str());
            let old = slots[cell.cluster][cell.activity].old;
            let carried = carried(last, this.year, old, activity);
            if carried != Carried::Unchanged {
                changed.insert(activity.id.clone(), carried);
            }
        }
        let dropped = dropped(last, this, &matched_old);
        Following {
            comparison: Arc::new(Comparison {
                last_year: last.year,
                changed,
                dropped,
            }),
            year: this.year,
            clusters: this.clusters.iter().map(cluster_key).collect(),
            slots,
            unique_ids,
        }
    }

    /// Last year's activity (its cell in last year's programme) that this year's at `cell` is.
    pub fn last_of(&self, cell: super::Cell) -> Option<super::Cell> {
        self.slots.get(cell.cluster)?.get(cell.activity)?.old
    }

    /// Follows `this` after `changes`: compares again only what they touched when the matching
    /// cannot have moved, and everything otherwise. Whether anything was compared again.
    pub fn follow(&mut self, last: &Programme, this: &Programme, changes: &Changes) -> bool {
        if changes.clusters.is_none() && (!changes.header || this.year == self.year) {
            return false;
        }
        if !self.follow_in_place(last, this, changes) {
            *self = Following::new(last, this);
        }
        true
    }

    /// Follows `this` after `changes` only when that is cheap (the matching stays as it was):
    /// whether the comparison is up to date; when not, it must be made afresh.
    pub fn follow_cheaply(
        &mut self,
        last: &Programme,
        this: &Programme,
        changes: &Changes,
    ) -> bool {
        let untouched = changes.clusters.is_none() && (!changes.header || this.year == self.year);
        untouched || self.follow_in_place(last, this, changes)
    }

    /// Compares again the activities `changes` touched, when the matching stays as it was:
    /// `false` (having changed nothing) when it may not.
    fn follow_in_place(&mut self, last: &Programme, this: &Programme, changes: &Changes) -> bool {
        let Some(run) = changes.clusters else {
            return false;
        };
        if !self.unique_ids
            || this.year != self.year
            || run.removed != run.inserted
            || this.clusters.len() != self.clusters.len()
        {
            return false;
        }
        // The cells to compare again: a run of one cluster, or whole clusters.
        let mut touched: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        if let Some((c, activities)) = changes.activities {
            if activities.removed != activities.inserted {
                return false;
            }
            touched.push((c, activities.at..activities.at + activities.inserted));
        } else {
            for c in run.at..run.at + run.inserted {
                let Some(cluster) = this.clusters.get(c) else {
                    return false;
                };
                if self.clusters.get(c) != Some(&cluster_key(cluster)) {
                    return false;
                }
                touched.push((c, 0..cluster.activities.len()));
            }
        }
        for (c, range) in &touched {
            let (Some(cluster), Some(slots)) = (this.clusters.get(*c), self.slots.get(*c)) else {
                return false;
            };
            if cluster.activities.len() != slots.len() {
                return false;
            }
            let (Some(activities), Some(slots)) = (
                cluster.activities.get(range.clone()),
                slots.get(range.clone()),
            ) else {
                return false;
            };
            if activities
                .iter()
                .zip(slots)
                .any(|(a, slot)| matching_key(a) != slot.key)
            {
                return false;
            }
        }
        // Every id, link, title and cluster as it was: each keeps its match.
        let comparison = Arc::make_mut(&mut self.comparison);
        for (c, range) in touched {
            for p in range {
                let (Some(activity), Some(slot)) =
                    (this.clusters[c].activities.get(p), self.slots[c].get(p))
                else {
                    continue;
                };
                match carried(last, this.year, slot.old, activity) {
                    Carried::Unchanged => {
                        comparison.changed.remove(&activity.id);
                    }
                    carried => {
                        comparison.changed.insert(activity.id.clone(), carried);
                    }
                }
            }
        }
        true
    }
}

/// How `activity` of `year` stands against `old`, last year's activity it is (if any).
fn carried(last: &Programme, year: i32, old: Option<super::Cell>, activity: &Activity) -> Carried {
    let Some(old_activity) = old.and_then(|cell| last.activity(cell)) else {
        return Carried::New;
    };
    let fields = matched_field_names(last.year, year, old_activity, activity);
    if fields.is_empty() {
        Carried::Unchanged
    } else {
        Carried::Changed(fields)
    }
}

/// Last year's activities no activity of this year is, in `diff`'s order: those of each
/// cluster still there in this year's order, then those of clusters not there.
fn dropped(last: &Programme, this: &Programme, matched_old: &[Vec<bool>]) -> Vec<Dropped> {
    let cluster_of_new = matched_clusters(last, this);
    let mut seen = vec![false; last.clusters.len()];
    let mut dropped = Vec::new();
    let gone = |oc: usize, cluster_id: &str, dropped: &mut Vec<Dropped>| {
        let (Some(cluster), Some(matched)) = (last.clusters.get(oc), matched_old.get(oc)) else {
            return;
        };
        for (activity, _) in cluster.activities.iter().zip(matched).filter(|(_, m)| !**m) {
            dropped.push(Dropped {
                cluster_id: cluster_id.to_string(),
                activity: activity.clone(),
            });
        }
    };
    for (cluster, oc) in this.clusters.iter().zip(&cluster_of_new) {
        if let Some(oc) = *oc {
            seen[oc] = true;
            gone(oc, &cluster.id, &mut dropped);
        }
    }
    for (oc, cluster) in last.clusters.iter().enumerate() {
        if !seen[oc] {
            gone(oc, &cluster.id, &mut dropped);
        }
    }
    dropped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cluster, Status};

    fn programme(year: i32, activities: &[(&str, &str, Option<&str>)]) -> Programme {
        let mut p = Programme::new(year, "P");
        let mut cluster = Cluster::new("c", "C");
        for (id, title, follows) in activities {
            let mut a = Activity::new(*id, *title);
            a.follow_up_of = follows.map(str::to_string);
            cluster.activities.push(a);
        }
        p.clusters.push(cluster);
        p
    }

    #[test]
    fn activities_are_new_carried_changed_or_dropped() {
        let last = programme(
            2021,
            &[
                ("kept", "Kept", None),
                ("renamed", "Old name", None),
                ("gone", "Gone", None),
            ],
        );
        let mut this = programme(
            2022,
            &[
                ("kept", "Kept", Some("2021/kept")),
                ("new-name", "New name", Some("2021/renamed")),
                ("fresh", "Fresh", None),
            ],
        );
        this.clusters[0].activities[0].status = Status::Planned;
        let c = Comparison::new(&last, &this);
        assert_eq!(c.of("kept"), &Carried::Unchanged);
        assert_eq!(c.of("fresh"), &Carried::New);
        let Carried::Changed(fields) = c.of("new-name") else {
            panic!("{:?}", c.of("new-name"));
        };
        assert_eq!(fields, &[Field::Id, Field::Title]);
        assert_eq!(
            c.dropped_in("c").map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["gone"]
        );
        assert_eq!(
            c.counts(&this),
            CarriedCounts {
                new: 1,
                unchanged: 1,
                changed: 1,
                dropped: 1
            }
        );
    }

    #[test]
    fn is_terms_ask_the_comparison_and_match_nothing_without_one() {
        use crate::model::filter::Filter;
        let last = programme(2021, &[("kept", "Kept", None)]);
        let this = programme(
            2022,
            &[
                ("kept", "Kept", Some("2021/kept")),
                ("fresh", "Fresh", None),
            ],
        );
        let cluster = &this.clusters[0];
        let filter = Filter::parse("is:new").unwrap();
        assert!(!filter.matches(cluster, &cluster.activities[1]));
        let compared = std::sync::Arc::new(Comparison::new(&last, &this));
        let filter = filter.comparing(Some(compared.clone()));
        assert!(filter.matches(cluster, &cluster.activities[1]));
        assert!(!filter.matches(cluster, &cluster.activities[0]));
        let dropped = Filter::parse("is:dropped")
            .unwrap()
            .comparing(Some(compared));
        assert!(!dropped.matches(cluster, &cluster.activities[0]));
    }
}

#[cfg(test)]
mod following_tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::edit::{Operation, Transaction};
    use crate::model::{Cell, Cluster, Field, FieldValue, PlanDate, Status};

    const TITLES: &[&str] = &["Skills", "Skills fair", "Youth", "Green jobs", "Guidance"];

    /// A programme of `year` whose ids, titles and links come from a small set, so that
    /// activities match across the years by id, by follow-up and by title, and some not at all.
    fn programme(year: i32) -> impl Strategy<Value = Programme> {
        let activity = (0u8..6, 0usize..5, prop::option::of(0u8..6), 0usize..6);
        let cluster = (0u8..3, prop::collection::vec(activity, 0..5));
        prop::collection::vec(cluster, 0..4).prop_map(move |clusters| {
            let mut p = Programme::new(year, "P");
            for (c, (name, activities)) in clusters.into_iter().enumerate() {
                let mut cluster = Cluster::new(format!("c{c}"), format!("Cluster {name}"));
                for (a, (id, title, follows, status)) in activities.into_iter().enumerate() {
                    let mut activity = Activity::new(format!("a{id}-{c}{a}"), TITLES[title]);
                    activity.follow_up_of = follows.map(|f| format!("{}/a{f}-00", year - 1));
                    activity.status = Status::ALL[status];
                    cluster.activities.push(activity);
                }
                p.clusters.push(cluster);
            }
            p
        })
    }

    fn field_value() -> impl Strategy<Value = (Field, FieldValue)> {
        let date = prop_oneof![
            Just(None),
            Just("2022-03".parse::<PlanDate>().ok()),
            Just("2021-03".parse::<PlanDate>().ok()),
        ];
        prop_oneof![
            (0usize..5).prop_map(|t| (Field::Title, FieldValue::Text(TITLES[t].into()))),
            (0u8..6).prop_map(|i| (Field::Id, FieldValue::Text(format!("a{i}-00")))),
            prop::option::of(0u8..6).prop_map(|f| {
                (
                    Field::FollowUpOf,
                    FieldValue::Reference(f.map(|f| format!("2021/a{f}-00"))),
                )
            }),
            (0usize..6).prop_map(|s| (Field::Status, FieldValue::Status(Status::ALL[s]))),
            date.prop_map(|d| (Field::Start, FieldValue::Date(d))),
            "[ab]{0,2}".prop_map(|t| (Field::Notes, FieldValue::Text(t))),
        ]
    }

    fn operation() -> impl Strategy<Value = Operation> {
        let i = || 0usize..5;
        let cell = || (i(), i()).prop_map(|(c, a)| Cell::new(c, a));
        prop_oneof![
            6 => (cell(), field_value())
                .prop_map(|(cell, (field, value))| Operation::SetField { cell, field, value }),
            1 => (i(), 0u8..3).prop_map(|(cluster, n)| Operation::SetClusterField {
                cluster,
                field: Field::Name,
                value: FieldValue::Text(format!("Cluster {n}")),
            }),
            1 => (2021i32..2024).prop_map(|y| Operation::SetHeader {
                field: Field::Year,
                value: FieldValue::Year(y),
            }),
            1 => (cell(), 0usize..5).prop_map(|(cell, t)| Operation::Insert {
                cell,
                activity: Box::new(Activity::new(format!("n{}", cell.activity), TITLES[t])),
            }),
            1 => cell().prop_map(|cell| Operation::Remove { cell }),
            1 => (cell(), cell()).prop_map(|(from, to)| Operation::Move { from, to }),
            1 => i().prop_map(|at| Operation::RemoveCluster { at }),
        ]
    }

    /// The comparison as `diff` tells it: what [`Following::new`] must agree with.
    fn from_diff(last: &Programme, this: &Programme) -> Comparison {
        use crate::model::diff::{Presence, diff};
        let mut changed = HashMap::default();
        let mut dropped = Vec::new();
        for cluster in diff(last, this).clusters {
            for activity in cluster.activities {
                match activity.presence {
                    Presence::Added => {
                        changed.insert(activity.id, Carried::New);
                    }
                    Presence::Both if !activity.fields.is_empty() => {
                        changed.insert(
                            activity.id,
                            Carried::Changed(activity.fields.iter().map(|f| f.field).collect()),
                        );
                    }
                    Presence::Both => {}
                    Presence::Removed => {
                        let old = last.find(&activity.id).and_then(|c| last.activity(c));
                        dropped.extend(old.map(|old| Dropped {
                            cluster_id: cluster.id.clone(),
                            activity: old.clone(),
                        }));
                    }
                }
            }
        }
        Comparison {
            last_year: last.year,
            changed,
            dropped,
        }
    }

    proptest! {
        /// A comparison is `diff`'s: new, carried over, changed and dropped as it says.
        #[test]
        fn a_comparison_is_what_diff_says(last in programme(2021), this in programme(2022)) {
            prop_assert_eq!(Comparison::new(&last, &this), from_diff(&last, &this));
        }

        /// After any edits, one by one and in batches, the comparison kept up to date is the
        /// one made afresh.
        #[test]
        fn the_kept_comparison_is_a_fresh_one(
            last in programme(2021),
            this in programme(2022),
            edits in prop::collection::vec(prop::collection::vec(operation(), 1..4), 1..8),
        ) {
            let mut programme = this;
            let mut kept = Following::new(&last, &programme);
            // Kept only while following is cheap, as the comparison turned off is.
            let mut cheap = Some(kept.clone());
            for edit in edits {
                // The operations that fit, made in turn as one edit.
                let mut made = Transaction::default();
                for operation in edit {
                    if operation.clone().apply(&mut programme).is_ok() {
                        made.push(operation);
                    }
                }
                let Some(scope) = made.scope() else { continue };
                let changes = scope.changes(programme.clusters.len());
                kept.follow(&last, &programme, &changes);
                if let Some(following) = &mut cheap {
                    if following.follow_cheaply(&last, &programme, &changes) {
                        prop_assert_eq!(
                            following.comparison.as_ref(),
                            &Comparison::new(&last, &programme),
                            "cheaply after {:?}", made
                        );
                    } else {
                        cheap = None;
                    }
                }
                prop_assert_eq!(
                    kept.comparison.as_ref(),
                    &Comparison::new(&last, &programme),
                    "after {:?}", made
                );
            }
        }
    }
}

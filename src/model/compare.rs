//! This year's programme beside last year's, activity by activity: new, carried over unchanged,
//! carried over and changed (with which fields), and last year's activities not carried over.
//! Matching is `diff`'s (id, then follow-up, then title), and what a roll-over does (dates a year
//! on, the follow-up link) is no change.

use std::collections::HashMap;

use super::diff::{FieldChange, Presence, diff};
use super::{Activity, Programme};

/// How an activity of this year stands against last year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Carried {
    /// Not in last year's programme.
    New,
    /// Carried over as it was.
    Unchanged,
    /// Carried over, these fields changed (last year's value -> this year's).
    Changed(Vec<FieldChange>),
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
    changed: HashMap<String, Carried>,
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
        let changes = diff(last, this);
        let mut changed = HashMap::new();
        let mut dropped = Vec::new();
        for cluster in changes.clusters {
            for activity in cluster.activities {
                match activity.presence {
                    Presence::Added => {
                        changed.insert(activity.id, Carried::New);
                    }
                    Presence::Both if !activity.fields.is_empty() => {
                        changed.insert(activity.id, Carried::Changed(activity.fields));
                    }
                    Presence::Both => {}
                    Presence::Removed => {
                        if let Some(old) = last.find(&activity.id).and_then(|c| last.activity(c)) {
                            dropped.push(Dropped {
                                cluster_id: cluster.id.clone(),
                                activity: old.clone(),
                            });
                        }
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
        let title = fields
            .iter()
            .find(|f| f.field == crate::model::Field::Title);
        assert_eq!(title.map(|f| f.old.as_str()), Some("Old name"));
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

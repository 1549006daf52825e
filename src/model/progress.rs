//! How the year went: the programme now against an earlier version of it (the adopted one),
//! per cluster and in total: delivered, under way, still planned, overdue, slipped, brought
//! forward, postponed, cancelled, added and dropped, each figure with the activities behind it.
//! Activities are followed from one version to the other as `diff` matches them.

use chrono::NaiveDate;
use serde::Serialize;

use super::diff::{matched_activities, matched_clusters};
use super::filter::activity_days;
use super::{Activity, Cell, Cluster, PlanDate, Programme, Status};

/// One figure of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// Done.
    Delivered,
    /// Ongoing.
    UnderWay,
    /// Planned or to be confirmed.
    StillPlanned,
    /// Still planned, with an end before today.
    Overdue,
    /// Its end is later than in the earlier version.
    Slipped,
    /// Its end is earlier than in the earlier version.
    BroughtForward,
    Postponed,
    Cancelled,
    /// Not in the earlier version.
    Added,
    /// In the earlier version, not now.
    Dropped,
}

impl Figure {
    /// Every figure, in the order the report gives them.
    pub const ALL: [Figure; 10] = [
        Figure::Delivered,
        Figure::UnderWay,
        Figure::StillPlanned,
        Figure::Overdue,
        Figure::Slipped,
        Figure::BroughtForward,
        Figure::Postponed,
        Figure::Cancelled,
        Figure::Added,
        Figure::Dropped,
    ];

    /// The figures that compare with an earlier version; without one they are left out.
    pub fn needs_earlier(self) -> bool {
        matches!(
            self,
            Figure::Slipped | Figure::BroughtForward | Figure::Added | Figure::Dropped
        )
    }

    /// The figure's name in words: `still planned`.
    pub fn label(self) -> &'static str {
        match self {
            Figure::Delivered => "delivered",
            Figure::UnderWay => "under way",
            Figure::StillPlanned => "still planned",
            Figure::Overdue => "overdue",
            Figure::Slipped => "slipped",
            Figure::BroughtForward => "brought forward",
            Figure::Postponed => "postponed",
            Figure::Cancelled => "cancelled",
            Figure::Added => "added since",
            Figure::Dropped => "dropped since",
        }
    }

    /// The figure's name for tools (CSV, JSON): `still_planned`.
    pub fn key(self) -> &'static str {
        match self {
            Figure::Delivered => "delivered",
            Figure::UnderWay => "under_way",
            Figure::StillPlanned => "still_planned",
            Figure::Overdue => "overdue",
            Figure::Slipped => "slipped",
            Figure::BroughtForward => "brought_forward",
            Figure::Postponed => "postponed",
            Figure::Cancelled => "cancelled",
            Figure::Added => "added",
            Figure::Dropped => "dropped",
        }
    }

    fn index(self) -> usize {
        Figure::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

/// An activity behind a figure, as it is now (as it was, for a dropped one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub status: Status,
    pub start: Option<PlanDate>,
    pub end: Option<PlanDate>,
    /// For slipped and brought forward: how its end moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<EndMove>,
}

/// How far an activity's end moved since the earlier version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EndMove {
    /// The end it had (its last day: a month as an end is its last day).
    pub was: NaiveDate,
    /// The end it has.
    pub now: NaiveDate,
    /// Days later (negative: earlier).
    pub days: i64,
}

/// One cluster's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterProgress {
    pub id: String,
    pub name: String,
    /// Only in the earlier version: every activity in it was dropped.
    pub dropped: bool,
    /// The activities behind each figure, in [`Figure::ALL`] order.
    #[serde(serialize_with = "figures_map")]
    pub figures: [Vec<Entry>; 10],
}

fn figures_map<S: serde::Serializer>(
    figures: &[Vec<Entry>; 10],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = serializer.serialize_map(Some(figures.len()))?;
    for (figure, entries) in Figure::ALL.iter().zip(figures) {
        map.serialize_entry(figure.key(), entries)?;
    }
    map.end()
}

impl ClusterProgress {
    /// The activities behind a figure.
    pub fn entries(&self, figure: Figure) -> &[Entry] {
        &self.figures[figure.index()]
    }

    fn push(&mut self, figure: Figure, entry: Entry) {
        self.figures[figure.index()].push(entry);
    }

    /// Whether no figure has an activity.
    fn is_empty(&self) -> bool {
        self.figures.iter().all(Vec::is_empty)
    }
}

/// The whole report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub year: i32,
    pub title: String,
    /// Whether there was an earlier version to compare with.
    pub compared: bool,
    pub today: NaiveDate,
    /// How many activities the programme has now (those the filter kept).
    pub activities: usize,
    /// The clusters in display order; clusters only the earlier version has come last.
    pub clusters: Vec<ClusterProgress>,
}

impl Progress {
    /// How many activities are behind a figure, in all clusters.
    pub fn total(&self, figure: Figure) -> usize {
        self.clusters.iter().map(|c| c.entries(figure).len()).sum()
    }

    /// The figures this report gives: all of them with an earlier version, else those of the
    /// programme as it stands.
    pub fn figures(&self) -> impl Iterator<Item = Figure> + '_ {
        Figure::ALL
            .into_iter()
            .filter(|f| self.compared || !f.needs_earlier())
    }

    /// Each activity behind `figure`, with its cluster, in report order.
    pub fn entries(&self, figure: Figure) -> impl Iterator<Item = (&ClusterProgress, &Entry)> {
        self.clusters
            .iter()
            .flat_map(move |c| c.entries(figure).iter().map(move |e| (c, e)))
    }
}

fn entry(activity: &Activity, moved: Option<EndMove>) -> Entry {
    Entry {
        id: activity.id.clone(),
        title: activity.title.clone(),
        status: activity.status,
        start: activity.start,
        end: activity.end,
        moved,
    }
}

fn empty_cluster(cluster: &Cluster, dropped: bool) -> ClusterProgress {
    ClusterProgress {
        id: cluster.id.clone(),
        name: cluster.name.clone(),
        dropped,
        figures: Default::default(),
    }
}

/// The day an activity ends, as the timeline draws it: its end, else its start (a one-day
/// event or a deadline); `None` when it has no dates.
fn end_day(activity: &Activity) -> Option<NaiveDate> {
    activity_days(activity).map(|(_, end)| end)
}

/// Which activities of a programme a report is about, judged once per activity, so that the
/// activities need not be held whole once judged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept(Vec<Vec<bool>>);

impl Kept {
    /// The activities of `programme` that `keep` keeps.
    pub fn of(programme: &Programme, keep: &impl Fn(&Cluster, &Activity) -> bool) -> Kept {
        Kept(
            programme
                .clusters
                .iter()
                .map(|c| c.activities.iter().map(|a| keep(c, a)).collect())
                .collect(),
        )
    }

    fn get(&self, cell: Cell) -> bool {
        self.0
            .get(cell.cluster)
            .and_then(|c| c.get(cell.activity))
            .copied()
            .unwrap_or(false)
    }
}

/// A programme as [`progress_of`] needs it, judged by `keep` and then made small where it is:
/// each activity becomes what the report looks at of it (its id, title, status, dates and
/// `follow_up_of`, by which it is matched, listed and dated), so that the other version can be
/// read beside it. At 100k filled activities a whole programme is about 190 MB.
pub fn reduced(programme: &mut Programme, keep: &impl Fn(&Cluster, &Activity) -> bool) -> Kept {
    let kept = Kept::of(programme, keep);
    for cluster in &mut programme.clusters {
        for activity in &mut cluster.activities {
            // The id and title are moved, not copied: no new room while the rest is let go.
            let mut small = Activity::new(
                std::mem::take(&mut activity.id),
                std::mem::take(&mut activity.title),
            );
            small.status = activity.status;
            small.start = activity.start;
            small.end = activity.end;
            small.follow_up_of = activity.follow_up_of.take();
            *activity = small;
        }
    }
    kept
}

/// How the programme `now` went against `earlier` (when there is one), as of `today`, over the
/// activities `keep` keeps (in `now`, and in `earlier` for the dropped ones).
pub fn progress(
    now: &Programme,
    earlier: Option<&Programme>,
    today: NaiveDate,
    keep: &impl Fn(&Cluster, &Activity) -> bool,
) -> Progress {
    let now_kept = Kept::of(now, keep);
    let earlier_kept = earlier.map(|e| Kept::of(e, keep));
    progress_of((now, &now_kept), earlier.zip(earlier_kept.as_ref()), today)
}

/// [`progress`] over activities already judged: each programme with which of its activities
/// the report is about. The programmes may be [`reduced`].
pub fn progress_of(
    (now, now_kept): (&Programme, &Kept),
    earlier: Option<(&Programme, &Kept)>,
    today: NaiveDate,
) -> Progress {
    let (earlier, earlier_kept) = earlier.unzip();
    let mut clusters: Vec<ClusterProgress> = now
        .clusters
        .iter()
        .map(|c| empty_cluster(c, false))
        .collect();
    let mut earlier_of_now: Vec<Vec<Option<Cell>>> = now
        .clusters
        .iter()
        .map(|c| vec![None; c.activities.len()])
        .collect();
    let mut matched_earlier: Vec<Vec<bool>> = earlier
        .map(|e| {
            e.clusters
                .iter()
                .map(|c| vec![false; c.activities.len()])
                .collect()
        })
        .unwrap_or_default();
    if let Some(earlier) = earlier {
        for (n, o, _) in matched_activities(earlier, now) {
            earlier_of_now[n.cluster][n.activity] = Some(o);
            matched_earlier[o.cluster][o.activity] = true;
        }
    }
    // A whole year between the versions (a report against last year's programme) is the same
    // time of year, not a slip.
    let years = earlier.map_or(0, |e| now.year.saturating_sub(e.year));
    let mut activities = 0;
    // Clusters whose every activity the filter turned away are left out of the report.
    let mut turned_away = vec![false; now.clusters.len()];
    for (cell, activity) in now.activities() {
        if !now_kept.get(cell) {
            turned_away[cell.cluster] = true;
            continue;
        }
        activities += 1;
        let report = &mut clusters[cell.cluster];
        let status_figure = match activity.status {
            Status::Done => Figure::Delivered,
            Status::Ongoing => Figure::UnderWay,
            Status::Planned | Status::Tbc => Figure::StillPlanned,
            Status::Postponed => Figure::Postponed,
            Status::Cancelled => Figure::Cancelled,
        };
        report.push(status_figure, entry(activity, None));
        if status_figure == Figure::StillPlanned && end_day(activity).is_some_and(|d| d < today) {
            report.push(Figure::Overdue, entry(activity, None));
        }
        let Some(earlier) = earlier else {
            continue;
        };
        let Some(old_cell) = earlier_of_now[cell.cluster][cell.activity] else {
            report.push(Figure::Added, entry(activity, None));
            continue;
        };
        let Some(old) = earlier.activity(old_cell) else {
            continue;
        };
        let was = end_day(old).map(|d| {
            PlanDate::Day(d)
                .checked_add_years(years)
                .map_or(d, PlanDate::first_day)
        });
        if let (Some(was), Some(now_end)) = (was, end_day(activity)) {
            let days = (now_end - was).num_days();
            let moved = Some(EndMove {
                was,
                now: now_end,
                days,
            });
            if days > 0 {
                report.push(Figure::Slipped, entry(activity, moved));
            } else if days < 0 {
                report.push(Figure::BroughtForward, entry(activity, moved));
            }
        }
    }
    if let Some(earlier) = earlier {
        let cluster_of_now = matched_clusters(earlier, now);
        let mut now_of_earlier: Vec<Option<usize>> = vec![None; earlier.clusters.len()];
        for (n, o) in cluster_of_now.iter().enumerate() {
            if let Some(o) = o {
                now_of_earlier[*o] = Some(n);
            }
        }
        for (o, cluster) in earlier.clusters.iter().enumerate() {
            let mut gone = empty_cluster(cluster, true);
            for (p, activity) in cluster.activities.iter().enumerate() {
                let kept = earlier_kept.is_some_and(|k| k.get(Cell::new(o, p)));
                if matched_earlier[o][p] || !kept {
                    continue;
                }
                let target = match now_of_earlier[o] {
                    Some(n) => &mut clusters[n],
                    None => &mut gone,
                };
                target.push(Figure::Dropped, entry(activity, None));
            }
            if !gone.is_empty() {
                clusters.push(gone);
            }
        }
    }
    let mut index = 0;
    clusters.retain(|cluster| {
        let shown = !turned_away.get(index).copied().unwrap_or(false) || !cluster.is_empty();
        index += 1;
        shown
    });
    Progress {
        year: now.year,
        title: now.title.clone(),
        compared: earlier.is_some(),
        today,
        activities,
        clusters,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn dated(id: &str, status: Status, end: Option<&str>) -> Activity {
        let mut a = Activity::new(id, id.to_uppercase());
        a.status = status;
        a.end = end.map(|e| e.parse().unwrap());
        a
    }

    fn adopted() -> Programme {
        let mut p = Programme::new(2022, "WP 2022");
        let mut c = Cluster::new("c", "C");
        c.activities = vec![
            dated("slips", Status::Planned, Some("2022-05")),
            dated("earlier", Status::Planned, Some("2022-Q4")),
            dated("dropped", Status::Planned, None),
            dated("same", Status::Tbc, Some("2022-03-01")),
        ];
        let mut gone = Cluster::new("gone", "Gone");
        gone.activities = vec![dated("lost", Status::Planned, None)];
        p.clusters = vec![c, gone];
        p
    }

    fn now() -> Programme {
        let mut p = adopted();
        p.clusters.pop();
        let c = &mut p.clusters[0];
        c.activities[0].end = Some("2022-06-30".parse().unwrap());
        c.activities[0].status = Status::Ongoing;
        c.activities[1].end = Some("2022-09".parse().unwrap());
        c.activities[1].status = Status::Done;
        c.activities.remove(2);
        c.activities
            .push(dated("added", Status::Cancelled, Some("2022-01")));
        p
    }

    fn ids(progress: &Progress, figure: Figure) -> Vec<&str> {
        progress
            .entries(figure)
            .map(|(_, e)| e.id.as_str())
            .collect()
    }

    #[test]
    fn every_figure_lists_its_activities() {
        let report = progress(&now(), Some(&adopted()), day("2022-04-01"), &|_, _| true);
        assert_eq!(ids(&report, Figure::Delivered), ["earlier"]);
        assert_eq!(ids(&report, Figure::UnderWay), ["slips"]);
        assert_eq!(ids(&report, Figure::StillPlanned), ["same"]);
        assert_eq!(ids(&report, Figure::Overdue), ["same"]);
        assert_eq!(ids(&report, Figure::Cancelled), ["added"]);
        assert_eq!(ids(&report, Figure::Added), ["added"]);
        assert_eq!(ids(&report, Figure::Dropped), ["dropped", "lost"]);
        let slipped: Vec<_> = report.entries(Figure::Slipped).collect();
        assert_eq!(
            slipped[0].1.moved,
            Some(EndMove {
                was: day("2022-05-31"),
                now: day("2022-06-30"),
                days: 30
            })
        );
        let forward: Vec<_> = report.entries(Figure::BroughtForward).collect();
        assert_eq!(forward[0].1.moved.map(|m| m.days), Some(-92));
        assert_eq!(report.clusters.len(), 2);
        assert!(report.clusters[1].dropped);
        assert_eq!(report.activities, 4);
    }

    #[test]
    fn without_an_earlier_version_only_the_programme_as_it_stands() {
        let report = progress(&now(), None, day("2022-04-01"), &|_, _| true);
        assert!(!report.compared);
        assert_eq!(report.figures().count(), 6);
        assert_eq!(report.total(Figure::Added), 0);
        assert_eq!(report.total(Figure::StillPlanned), 1);
    }

    #[test]
    fn overdue_is_still_planned_with_an_end_before_today() {
        let report = progress(&now(), None, day("2022-03-01"), &|_, _| true);
        assert_eq!(
            report.total(Figure::Overdue),
            0,
            "ends on today: not overdue"
        );
    }
}

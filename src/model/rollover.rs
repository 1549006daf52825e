//! Rolling a programme over to a later year: which activities are carried into the new year,
//! and how they are reset.

use super::{Activity, Cluster, Format, PlanDate, Programme, Status};

/// The new year's programme, and what stayed behind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollover {
    pub programme: Programme,
    /// Activities not carried over (done or cancelled), in display order.
    pub left_behind: Vec<LeftBehind>,
    /// Dates of carried-over activities that could not be moved on without leaving
    /// [`YEARS`](super::YEARS): they are cleared in `programme`. `(activity id, the old date)`,
    /// in display order.
    pub out_of_range: Vec<(String, PlanDate)>,
}

/// An activity that ended in the old year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftBehind {
    pub cluster: String,
    pub id: String,
    pub title: String,
    pub status: Status,
}

/// How dates are carried into the new year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dates {
    /// Moved on by the years between the programmes, at their own precision.
    Move,
    /// Dropped: the new year is planned afresh.
    Clear,
}

/// Whether an activity comes back every year whatever its status: a meeting, or anything in the
/// meetings row.
pub fn is_recurring(cluster: &Cluster, activity: &Activity) -> bool {
    cluster.id == "meetings" || activity.formats.contains(&Format::parse("Meeting"))
}

/// The programme for `year`, rolled over from `old`, which must plan an earlier year.
///
/// Clusters stay as they are. Recurring activities and those not finished (neither done nor
/// cancelled) are carried over with the same id, `follow_up_of` pointing at their origin, the
/// status reset to planned (tbc stays tbc), dates moved on or cleared, and empty notes: notes
/// speak of the old year, which `follow_up_of` still leads to. The title's year is updated.
/// A date that would leave [`YEARS`](super::YEARS) is cleared and listed in `out_of_range`.
pub fn roll_over(old: &Programme, year: i32, dates: Dates) -> Rollover {
    let years = year.checked_sub(old.year);
    let mut left_behind = Vec::new();
    let mut out_of_range = Vec::new();
    let clusters = old
        .clusters
        .iter()
        .map(|cluster| {
            let mut carried = Cluster {
                activities: Vec::new(),
                ..cluster.clone()
            };
            for activity in &cluster.activities {
                let finished = matches!(activity.status, Status::Done | Status::Cancelled);
                if finished && !is_recurring(cluster, activity) {
                    left_behind.push(LeftBehind {
                        cluster: cluster.name.clone(),
                        id: activity.id.clone(),
                        title: activity.title.clone(),
                        status: activity.status,
                    });
                    continue;
                }
                let mut moved = |date: Option<PlanDate>| match (dates, date) {
                    (Dates::Move, Some(d)) => {
                        let moved = years.and_then(|years| d.checked_add_years(years));
                        if moved.is_none() {
                            out_of_range.push((activity.id.clone(), d));
                        }
                        moved
                    }
                    (Dates::Move, None) | (Dates::Clear, _) => None,
                };
                let (start, end) = (moved(activity.start), moved(activity.end));
                carried.activities.push(Activity {
                    status: if activity.status == Status::Tbc {
                        Status::Tbc
                    } else {
                        Status::Planned
                    },
                    start,
                    end,
                    follow_up_of: Some(format!("{}/{}", old.year, activity.id)),
                    notes: String::new(),
                    ..activity.clone()
                });
            }
            carried
        })
        .collect();
    let programme = Programme {
        year,
        title: old.title.replace(&old.year.to_string(), &year.to_string()),
        adopted: None,
        clusters,
    };
    Rollover {
        programme,
        left_behind,
        out_of_range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::check;

    fn programme() -> Programme {
        let mut p = Programme::new(2022, "Work Programme 2022");
        let mut work = Cluster::new("work", "Work");
        let mut a = Activity::new("a", "A");
        a.status = Status::Done;
        let mut b = Activity::new("b", "B");
        b.status = Status::Tbc;
        b.start = Some("2022-Q2".parse().unwrap());
        b.end = Some("2022-06-30".parse().unwrap());
        b.notes = "moved from March".into();
        work.activities = vec![a, b];
        let mut meetings = Cluster::new("meetings", "Meetings");
        let mut board = Activity::new("board", "Board");
        board.status = Status::Done;
        meetings.activities = vec![board];
        p.clusters = vec![work, meetings];
        p
    }

    #[test]
    fn done_is_left_behind_but_recurring_meetings_come_back() {
        let r = roll_over(&programme(), 2023, Dates::Move);
        assert_eq!(r.programme.title, "Work Programme 2023");
        let ids: Vec<&str> = r
            .programme
            .activities()
            .map(|(_, a)| a.id.as_str())
            .collect();
        assert_eq!(ids, ["b", "board"]);
        assert_eq!(r.left_behind.len(), 1);
        assert_eq!(r.left_behind[0].id, "a");
        let board = &r.programme.clusters[1].activities[0];
        assert_eq!(board.status, Status::Planned);
        assert_eq!(board.follow_up_of.as_deref(), Some("2022/board"));
    }

    #[test]
    fn tbc_stays_tbc_and_dates_move_at_their_precision() {
        let r = roll_over(&programme(), 2023, Dates::Move);
        let b = &r.programme.clusters[0].activities[0];
        assert_eq!(b.status, Status::Tbc);
        assert_eq!(
            b.start,
            Some(PlanDate::Quarter {
                year: 2023,
                quarter: 2
            })
        );
        assert_eq!(b.end.map(|d| d.to_string()).as_deref(), Some("2023-06-30"));
        assert_eq!(b.notes, "");
        assert_eq!(check(&r.programme), Vec::new());
    }

    #[test]
    fn clear_dates_drops_them() {
        let r = roll_over(&programme(), 2024, Dates::Clear);
        let b = &r.programme.clusters[0].activities[0];
        assert_eq!((b.start, b.end), (None, None));
        assert_eq!(r.programme.year, 2024);
    }

    #[test]
    fn dates_that_would_leave_four_digit_years_are_cleared_and_listed() {
        let mut old = programme();
        old.clusters[0].activities[1].end = Some("2023-01-31".parse().unwrap());
        let r = roll_over(&old, 9999, Dates::Move);
        let b = &r.programme.clusters[0].activities[0];
        assert_eq!(
            b.start,
            Some(PlanDate::Quarter {
                year: 9999,
                quarter: 2
            })
        );
        assert_eq!(b.end, None);
        assert_eq!(
            r.out_of_range,
            vec![("b".to_string(), "2023-01-31".parse().unwrap())]
        );
        assert_eq!(roll_over(&old, 2023, Dates::Move).out_of_range, vec![]);
    }

    #[test]
    fn absurd_years_built_in_code_do_not_overflow() {
        let mut old = programme();
        old.year = i32::MIN;
        let r = roll_over(&old, i32::MAX, Dates::Move);
        let b = &r.programme.clusters[0].activities[0];
        assert_eq!((b.start, b.end), (None, None));
        assert_eq!(r.out_of_range.len(), 2);
    }
}

//! Starting a new year's programme: rolling one over (which activities are carried into the new
//! year, and how they are reset), or starting from clusters alone, the standard ones included.

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
    /// How many carried-over activities had notes, which the new year starts without.
    pub notes_cleared: usize,
    /// How many sessions and outputs of carried-over activities stayed in the old year: they
    /// happened (or were to happen) then.
    pub sessions_left: usize,
    pub outputs_left: usize,
    /// Carried-over activities whose title named the year, renamed for the new one, in display
    /// order.
    pub renamed: Vec<Renamed>,
}

/// An activity title that named the old year (or the one after it), and its new title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renamed {
    pub id: String,
    pub from: String,
    pub to: String,
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
    let mut notes_cleared = 0;
    let mut renamed = Vec::new();
    let (mut sessions_left, mut outputs_left) = (0, 0);
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
                notes_cleared += usize::from(!activity.notes.is_empty());
                sessions_left += activity.sessions.len();
                outputs_left += activity.outputs.len();
                let title = match with_years_moved(&activity.title, old.year, year) {
                    Some(title) => {
                        renamed.push(Renamed {
                            id: activity.id.clone(),
                            from: activity.title.clone(),
                            to: title.clone(),
                        });
                        title
                    }
                    None => activity.title.clone(),
                };
                carried.activities.push(Activity {
                    title,
                    status: if activity.status == Status::Tbc {
                        Status::Tbc
                    } else {
                        Status::Planned
                    },
                    start,
                    end,
                    follow_up_of: Some(format!("{}/{}", old.year, activity.id)),
                    notes: String::new(),
                    sessions: Vec::new(),
                    outputs: Vec::new(),
                    ..activity.clone()
                });
            }
            carried
        })
        .collect();
    let programme = Programme {
        year,
        title: next_title(old, year),
        adopted: None,
        stage: None,
        notes: String::new(),
        themes: old.themes.clone(),
        fields: old.fields.clone(),
        clusters,
    };
    Rollover {
        programme,
        left_behind,
        out_of_range,
        notes_cleared,
        sessions_left,
        outputs_left,
        renamed,
    }
}

/// The old programme's title with its year replaced by the new one.
fn next_title(old: &Programme, year: i32) -> String {
    super::edit::title_for_year(&old.title, old.year, year).unwrap_or_else(|| old.title.clone())
}

/// `text` with each year in it that is `from` or the year after moved on to `to` (or the year
/// after): what an activity's title naming the programme's year means in the new one. "Work
/// Programme 2023", prepared in 2022, is prepared in 2023 as "Work Programme 2024". Unlike
/// [`super::edit::title_for_year`] (the programme's own title), it moves the next year too.
/// `None` when no year is named (a year is four digits standing alone, not part of a longer
/// number).
pub fn with_years_moved(text: &str, from: i32, to: i32) -> Option<String> {
    let years = to.checked_sub(from)?;
    let mut out = String::with_capacity(text.len());
    let mut moved = false;
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| c.is_ascii_digit()) {
        out.push_str(&rest[..at]);
        let digits = rest[at..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(rest.len() - at, |end| end);
        let number = &rest[at..at + digits];
        let named = (digits == 4)
            .then(|| number.parse::<i32>().ok())
            .flatten()
            .filter(|y| *y == from || Some(*y) == from.checked_add(1))
            .and_then(|y| y.checked_add(years));
        match named {
            Some(year) => {
                out.push_str(&year.to_string());
                moved = true;
            }
            None => out.push_str(number),
        }
        rest = &rest[at + digits..];
    }
    out.push_str(rest);
    moved.then_some(out)
}

/// A programme for `year` with `old`'s clusters (ids, names, summaries) and no activities; the
/// title's year is updated.
pub fn clusters_only(old: &Programme, year: i32) -> Programme {
    Programme {
        year,
        title: next_title(old, year),
        adopted: None,
        stage: None,
        notes: String::new(),
        themes: old.themes.clone(),
        fields: old.fields.clone(),
        clusters: old
            .clusters
            .iter()
            .map(|cluster| Cluster {
                activities: Vec::new(),
                ..cluster.clone()
            })
            .collect(),
    }
}

/// A programme for `year` with the [`STANDARD_CLUSTERS`] and no activities.
pub fn standard(year: i32) -> Programme {
    let mut programme = Programme::new(year, STANDARD_TITLE.replace("{year}", &year.to_string()));
    programme.clusters = STANDARD_CLUSTERS
        .iter()
        .map(|&(id, name, summary)| Cluster {
            summary: summary.to_string(),
            ..Cluster::new(id, name)
        })
        .collect();
    programme
}

/// The title of a programme started with `new --empty`; `{year}` is replaced.
pub const STANDARD_TITLE: &str = "PES Network Work Programme {year}";

/// The six clusters of the PES Network work programme, as in the shipped `programmes/2022.ron`:
/// `(id, name, summary)`, in display order. A programme started with `new --empty` has them.
#[rustfmt::skip]
pub const STANDARD_CLUSTERS: [(&str, &str, &str); 6] = [
    (
        "recovery-and-structural-changes",
        "Recovery and structural changes",
        "A specific focus on external developments in the labour market, the 'twin' green and digital transition. In the wake of the pandemic, jobs are disappearing, new ones emerging. Skills and labour shortages have become particularly acute in some sectors. This will go in parallel with longer structural changes and trends in the world of work, such as digitalisation, more frequent transitions, a growing trend towards entrepreneurship and the greening of the economy. Jobseekers and employers need the right skills, knowledge and competences and PES have the potential to support them by identifying future skills needs, deliver suitable training, career guidance and support.",
    ),
    (
        "pes-service-delivery",
        "PES service delivery",
        "Continuous improvement and modernization of service delivery will be all the more important in the months to come to absorb a surge in the number of jobseekers, supporting their reallocation across occupations and sectors, whilst reaching out to the most vulnerable.\nIncreased digitalization represents new opportunities for PES (for instance in terms of outreach, agile and flexible support, increased personalisation, and co-production of services) but also raises significant challenges.",
    ),
    (
        "pes-performance-management",
        "PES performance management",
        "Performance Management is key to PES for making their business case, demonstrate public added value towards policies and customers. It is strongly linked to topics such as quality management, knowledge management and human resource development. In recent years, digitalisation has also become an even more important part of PES' performance management, with related challenges in terms of data protection, use of artificial intelligence and security of personal information.",
    ),
    (
        "pes-visibility-and-partnerships",
        "PES visibility and partnerships",
        "Awareness and knowledge transfer within the PES Network and its members should be further strengthened, building on steps taken in recent years to enhance the network's outreach. Many PES have experienced a boost of co-operation since the pandemic, with key partners.",
    ),
    (
        "others",
        "Others",
        "",
    ),
    (
        "meetings",
        "Meetings",
        "",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::check;

    #[test]
    fn a_title_naming_the_year_or_the_next_moves_on_and_other_numbers_stay() {
        assert_eq!(
            with_years_moved("Work Programme 2023", 2022, 2023).as_deref(),
            Some("Work Programme 2024")
        );
        assert_eq!(
            with_years_moved("Report 2023 (draft 2023)", 2023, 2025).as_deref(),
            Some("Report 2025 (draft 2025)")
        );
        assert_eq!(
            with_years_moved("Study of 2019 and 12023", 2022, 2023),
            None
        );
        assert_eq!(with_years_moved("Jour fixe", 2022, 2023), None);
        assert_eq!(
            with_years_moved("2022–2023 review", 2022, 2023).as_deref(),
            Some("2023–2024 review")
        );
    }

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
        assert_eq!(r.notes_cleared, 1);
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

    #[test]
    fn clusters_only_keeps_the_clusters_and_drops_every_activity() {
        let mut old = programme();
        old.clusters[0].summary = "what the work is for".into();
        let p = clusters_only(&old, 2025);
        assert_eq!(p.title, "Work Programme 2025");
        assert_eq!(p.activity_count(), 0);
        let kept: Vec<(&str, &str, &str)> = p
            .clusters
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str(), c.summary.as_str()))
            .collect();
        assert_eq!(
            kept,
            [
                ("work", "Work", "what the work is for"),
                ("meetings", "Meetings", "")
            ]
        );
    }

    #[test]
    fn the_standard_programme_has_six_empty_clusters_and_passes_check() {
        let p = standard(2027);
        assert_eq!(p.title, "PES Network Work Programme 2027");
        assert_eq!(p.clusters.len(), 6);
        assert_eq!(p.clusters[5].id, "meetings");
        assert_eq!(p.activity_count(), 0);
        assert_eq!(check(&p), Vec::new());
    }
}

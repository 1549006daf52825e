//! The programme as an iCalendar file (RFC 5545) that planners import into Outlook, Thunderbird
//! or khal: one all-day VEVENT per dated activity, with a stable UID so that importing a newer
//! export updates the events instead of adding copies.
//!
//! Written by hand rather than with a library, because every byte must be reproducible: CRLF
//! line ends, lines folded at 75 octets on character boundaries, TEXT escaped, and DTSTAMP and
//! SEQUENCE taken from the file's history ([`Stamps`]), never from the clock, so two exports of
//! the same file are identical.
//!
//! An event is what [`events`] makes of an activity; sessions (several dated occurrences of one
//! activity) will each be an event of their own with the UID `YEAR/ID/N@wpmatrix`, a LOCATION
//! from their place, and a URL from the first output, added in [`Event`] and [`events`].

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::filter::activity_days;
use crate::model::{Activity, Cluster, PlanDate, Programme, Status, range_label};
use crate::store::{self, git};
use crate::text::printable;

/// The most octets on a line, its line break not counted (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// How exactly an event's days are known: the coarsest precision of its dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Day,
    Month,
    Quarter,
}

impl Precision {
    fn of(date: PlanDate) -> Precision {
        match date {
            PlanDate::Day(_) => Precision::Day,
            PlanDate::Month { .. } => Precision::Month,
            PlanDate::Quarter { .. } => Precision::Quarter,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
        }
    }
}

/// One calendar event, before DTSTAMP and SEQUENCE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// `2022/pes-board@wpmatrix`.
    pub uid: String,
    pub summary: String,
    pub description: String,
    /// The first day.
    pub start: NaiveDate,
    /// The day after the last (DTEND of an all-day event is exclusive).
    pub end: NaiveDate,
    pub status: &'static str,
    pub precision: Precision,
    pub categories: Vec<String>,
}

/// The stable UID of an activity's event.
pub fn uid(year: i32, activity_id: &str) -> String {
    format!("{year}/{activity_id}@wpmatrix")
}

/// The events of a programme, in display order, and how many activities have no dates.
pub fn events(programme: &Programme) -> (Vec<Event>, usize) {
    let mut events = Vec::new();
    let mut undated = 0;
    for cluster in &programme.clusters {
        for activity in &cluster.activities {
            match event(programme.year, cluster, activity) {
                Some(event) => events.push(event),
                None => undated += 1,
            }
        }
    }
    (events, undated)
}

/// An activity's event; `None` when it has no dates. Its days are those the timeline draws (a
/// month or a quarter is its whole span, a lone start its day, month or quarter), except that a
/// lone end is a deadline: one day, the last its end stands for.
fn event(year: i32, cluster: &Cluster, activity: &Activity) -> Option<Event> {
    let (first, last) = match (activity.start, activity.end) {
        (None, Some(end)) => (end.last_day(), end.last_day()),
        _ => activity_days(activity)?,
    };
    let precision = [activity.start, activity.end]
        .into_iter()
        .flatten()
        .map(Precision::of)
        .max()
        .unwrap_or(Precision::Day);
    let status = match activity.status {
        Status::Cancelled => "CANCELLED",
        _ if precision != Precision::Day => "TENTATIVE",
        Status::Tbc | Status::Postponed => "TENTATIVE",
        Status::Planned | Status::Ongoing | Status::Done => "CONFIRMED",
    };
    let deadline = activity.start.is_none();
    let summary = match deadline {
        true => format!("Deadline: {}", activity.title),
        false => activity.title.clone(),
    };
    let mut description = String::new();
    if !activity.description.is_empty() {
        let _ = write!(description, "{}\n\n", activity.description);
    }
    let _ = write!(
        description,
        "Cluster: {}\nStatus: {}\nDates: {}",
        cluster.name,
        activity.status,
        range_label(activity.start, activity.end)
    );
    if deadline {
        description.push_str(" (a deadline: only an end is planned)");
    }
    if precision != Precision::Day {
        let _ = write!(
            description,
            "\nPrecision: {} (the exact days are not known yet)",
            precision.name()
        );
    }
    Some(Event {
        uid: uid(year, &activity.id),
        summary,
        description,
        start: first,
        end: last.succ_opt().unwrap_or(last),
        status,
        precision,
        categories: activity
            .formats
            .iter()
            .map(|f| f.name().to_string())
            .collect(),
    })
}

/// What makes two exports differ for a client: DTSTAMP, and each event's SEQUENCE.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stamps {
    /// When the programme last changed (UTC).
    pub stamp: DateTime<Utc>,
    /// How many times each event (by UID) changed since it first appeared.
    pub sequence: HashMap<String, u32>,
}

/// The calendar: what to write, and how many activities were left out for lack of dates.
pub struct Calendar {
    pub text: String,
    pub events: usize,
    pub undated: usize,
}

/// The whole calendar.
pub fn to_ics(programme: &Programme, stamps: &Stamps) -> Calendar {
    let (events, undated) = events(programme);
    let mut out = String::with_capacity(512 * (events.len() + 1));
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        concat!(
            "PRODID:-//wpmatrix//wpmatrix ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        content_line(&mut out, line);
    }
    content_line(
        &mut out,
        &format!("X-WR-CALNAME:{}", text_value(&programme.title)),
    );
    let stamp = stamps.stamp.format("%Y%m%dT%H%M%SZ").to_string();
    for event in &events {
        let sequence = stamps.sequence.get(&event.uid).copied().unwrap_or(0);
        write_event(&mut out, event, &stamp, sequence);
    }
    content_line(&mut out, "END:VCALENDAR");
    Calendar {
        text: out,
        events: events.len(),
        undated,
    }
}

/// An event's properties, without DTSTAMP, LAST-MODIFIED and SEQUENCE: what a change of the
/// event is measured on.
fn properties(event: &Event) -> Vec<String> {
    let mut lines = vec![
        format!("UID:{}", text_value(&event.uid)),
        format!("DTSTART;VALUE=DATE:{}", event.start.format("%Y%m%d")),
        format!("DTEND;VALUE=DATE:{}", event.end.format("%Y%m%d")),
        format!("SUMMARY:{}", text_value(&event.summary)),
        format!("DESCRIPTION:{}", text_value(&event.description)),
        format!("STATUS:{}", event.status),
        "TRANSP:TRANSPARENT".to_string(),
    ];
    if !event.categories.is_empty() {
        let list: Vec<String> = event.categories.iter().map(|c| text_value(c)).collect();
        lines.push(format!("CATEGORIES:{}", list.join(",")));
    }
    if event.precision != Precision::Day {
        lines.push(format!("X-WPMATRIX-PRECISION:{}", event.precision.name()));
    }
    lines
}

fn write_event(out: &mut String, event: &Event, stamp: &str, sequence: u32) {
    content_line(out, "BEGIN:VEVENT");
    let mut lines = properties(event).into_iter();
    if let Some(uid) = lines.next() {
        content_line(out, &uid);
    }
    content_line(out, &format!("DTSTAMP:{stamp}"));
    content_line(out, &format!("LAST-MODIFIED:{stamp}"));
    content_line(out, &format!("SEQUENCE:{sequence}"));
    for line in lines {
        content_line(out, &line);
    }
    content_line(out, "END:VEVENT");
}

/// Each event's properties as one text, by UID: two versions of a programme whose event texts
/// differ changed that event.
pub fn fingerprints(programme: &Programme) -> HashMap<String, String> {
    events(programme)
        .0
        .iter()
        .map(|event| (event.uid.clone(), properties(event).join("\n")))
        .collect()
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped; other
/// control characters, which TEXT may not hold, shown as visible pictures.
pub fn text_value(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    // printable keeps line breaks and shows every other control character (a lone CR too).
    for c in printable(&text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded: at most 75 octets a line, breaking only between
/// characters, each continuation starting with a space; CRLF after each.
pub fn content_line(out: &mut String, line: &str) {
    let mut room = LINE_OCTETS;
    let mut used = 0;
    for c in line.chars() {
        let octets = c.len_utf8();
        if used + octets > room {
            out.push_str("\r\n ");
            // The space counts towards the continuation's 75 octets.
            room = LINE_OCTETS - 1;
            used = 0;
        }
        out.push(c);
        used += octets;
    }
    out.push_str("\r\n");
}

/// DTSTAMP and SEQUENCE from the file's history: in git, the time of its last commit and, per
/// event, the number of commits that changed it (and one more, stamped with the file's
/// modification time, when the file on disk differs from its last commit); outside git, the
/// file's modification time and no changes.
pub fn stamps(file: &Path, programme: &Programme) -> Result<Stamps, String> {
    let modified = || -> Result<DateTime<Utc>, String> {
        let time = std::fs::metadata(file)
            .and_then(|m| m.modified())
            .map_err(|e| format!("{}: cannot read its modification time: {e}", file.display()))?;
        // Whole seconds: DTSTAMP has no fractions, and the same file must give the same bytes.
        let time = DateTime::<Utc>::from(time);
        Ok(DateTime::from_timestamp(time.timestamp(), 0).unwrap_or(time))
    };
    let history = git::file_history(file).unwrap_or_default();
    let Some(&(_, last_time)) = history.first() else {
        return Ok(Stamps {
            stamp: modified()?,
            sequence: HashMap::new(),
        });
    };
    let mut sequence: HashMap<String, u32> = HashMap::new();
    let mut previous: HashMap<String, String> = HashMap::new();
    let mut count = |version: HashMap<String, String>, previous: &mut HashMap<String, String>| {
        for (uid, text) in &version {
            if previous.get(uid).is_some_and(|old| old != text) {
                *sequence.entry(uid.clone()).or_insert(0) += 1;
            }
        }
        *previous = version;
    };
    // Oldest first; a commit whose file does not load (a conflict committed as is) is skipped.
    for (commit, _) in history.iter().rev() {
        let Ok(bytes) = git::show_file_at(commit, file) else {
            continue;
        };
        if let Ok((_, parsed)) = store::parse_bytes(&bytes) {
            count(fingerprints(&parsed.programme), &mut previous);
        }
    }
    let now = fingerprints(programme);
    let stamp = if now == previous {
        DateTime::from_timestamp(last_time, 0).unwrap_or_default()
    } else {
        count(now, &mut previous);
        modified()?
    };
    Ok(Stamps { stamp, sequence })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        content_line(&mut out, line);
        out
    }

    #[test]
    fn lines_fold_at_75_octets_between_characters() {
        let long = format!("SUMMARY:{}", "é".repeat(60));
        let out = folded(&long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        // Unfolding gives the line back.
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), long);
        assert_eq!(
            out.split("\r\n").nth(1).map(|l| l.starts_with(' ')),
            Some(true)
        );
        assert_eq!(folded("SHORT:x"), "SHORT:x\r\n");
        let exactly = format!("X:{}", "a".repeat(73));
        assert_eq!(folded(&exactly), format!("{exactly}\r\n"));
        assert_eq!(
            folded(&format!("{exactly}b")),
            format!("{exactly}\r\n b\r\n")
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            text_value("a;b,c\\d\ne\r\nf\u{1b}[2J\rg"),
            "a\\;b\\,c\\\\d\\ne\\nf␛[2J␍g"
        );
        assert_eq!(text_value("\nx"), "\\nx");
    }

    #[test]
    fn dates_make_all_day_events_with_exclusive_ends() {
        let cluster = Cluster::new("c", "C");
        let mut a = Activity::new("a", "A");
        a.start = Some("2022-03-15".parse().unwrap());
        a.end = Some("2022-03-16".parse().unwrap());
        let e = event(2022, &cluster, &a).unwrap();
        assert_eq!(
            (e.start.to_string(), e.end.to_string()),
            ("2022-03-15".into(), "2022-03-17".into())
        );
        assert_eq!((e.status, e.precision), ("CONFIRMED", Precision::Day));
        a.end = Some("2022-Q2".parse().unwrap());
        let e = event(2022, &cluster, &a).unwrap();
        assert_eq!(e.end.to_string(), "2022-07-01");
        assert_eq!((e.status, e.precision), ("TENTATIVE", Precision::Quarter));
        a.start = None;
        a.end = Some("2022-05-31".parse().unwrap());
        let e = event(2022, &cluster, &a).unwrap();
        assert_eq!(e.summary, "Deadline: A");
        assert_eq!(
            (e.start.to_string(), e.end.to_string()),
            ("2022-05-31".into(), "2022-06-01".into())
        );
        a.status = Status::Cancelled;
        assert_eq!(event(2022, &cluster, &a).unwrap().status, "CANCELLED");
        a.end = None;
        assert!(event(2022, &cluster, &a).is_none());
    }
}

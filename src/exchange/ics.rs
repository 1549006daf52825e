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
    let summary = if deadline {
        format!("Deadline: {}", activity.title)
    } else {
        activity.title.clone()
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
    let mut line = String::new();
    for event in &events {
        let sequence = stamps.sequence.get(&event.uid).copied().unwrap_or(0);
        write_event(&mut out, &mut line, event, &stamp, sequence);
    }
    content_line(&mut out, "END:VCALENDAR");
    Calendar {
        text: out,
        events: events.len(),
        undated,
    }
}

/// Writes an event's properties but its UID, DTSTAMP, LAST-MODIFIED and SEQUENCE, folded:
/// with the UID, what a change of the event is measured on. `line` is scratch space, so an
/// export of 100k events does not allocate per property.
fn write_properties(out: &mut String, line: &mut String, event: &Event) {
    let mut property = |out: &mut String, name: &str, value: &dyn Fn(&mut String)| {
        line.clear();
        line.push_str(name);
        line.push(':');
        value(line);
        content_line(out, line);
    };
    let date = |day: NaiveDate| {
        move |l: &mut String| {
            let _ = write!(l, "{}", day.format("%Y%m%d"));
        }
    };
    property(out, "DTSTART;VALUE=DATE", &date(event.start));
    property(out, "DTEND;VALUE=DATE", &date(event.end));
    property(out, "SUMMARY", &|l| push_text_value(l, &event.summary));
    property(out, "DESCRIPTION", &|l| {
        push_text_value(l, &event.description);
    });
    property(out, "STATUS", &|l| l.push_str(event.status));
    property(out, "TRANSP", &|l| l.push_str("TRANSPARENT"));
    if !event.categories.is_empty() {
        property(out, "CATEGORIES", &|l| {
            for (i, category) in event.categories.iter().enumerate() {
                if i > 0 {
                    l.push(',');
                }
                push_text_value(l, category);
            }
        });
    }
    if event.precision != Precision::Day {
        property(out, "X-WPMATRIX-PRECISION", &|l| {
            l.push_str(event.precision.name());
        });
    }
}

fn write_event(out: &mut String, line: &mut String, event: &Event, stamp: &str, sequence: u32) {
    content_line(out, "BEGIN:VEVENT");
    line.clear();
    line.push_str("UID:");
    push_text_value(line, &event.uid);
    content_line(out, line);
    line.clear();
    let _ = write!(
        line,
        "DTSTAMP:{stamp}\r\nLAST-MODIFIED:{stamp}\r\nSEQUENCE:{sequence}\r\n"
    );
    out.push_str(line);
    write_properties(out, line, event);
    content_line(out, "END:VEVENT");
}

/// Each event's properties as one text, by UID: two versions of a programme whose event texts
/// differ changed that event.
pub fn fingerprints(programme: &Programme) -> HashMap<String, String> {
    let mut line = String::new();
    events(programme)
        .0
        .into_iter()
        .map(|event| {
            let mut text = String::new();
            write_properties(&mut text, &mut line, &event);
            (event.uid, text)
        })
        .collect()
}

/// A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped; other
/// control characters, which TEXT may not hold, shown as visible pictures.
pub fn text_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_text_value(&mut out, text);
    out
}

/// [`text_value`], appended to `out`.
fn push_text_value(out: &mut String, text: &str) {
    // A CR before a LF is part of the line break; printable shows any other as ␍.
    let joined;
    let text = if text.contains("\r\n") {
        joined = text.replace("\r\n", "\n");
        joined.as_str()
    } else {
        text
    };
    for c in printable(text).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Appends one content line, folded: at most 75 octets a line, breaking only between
/// characters, each continuation starting with a space; CRLF after each.
pub fn content_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The space counts towards the continuation's 75 octets.
        room = LINE_OCTETS - 1;
    }
    out.push_str(rest);
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
        let emoji = format!("DESCRIPTION:{}", "😀".repeat(40));
        let out = folded(&emoji);
        assert!(out.split("\r\n").all(|l| l.len() <= 75));
        assert_eq!(out.replace("\r\n ", "").trim_end_matches("\r\n"), emoji);
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

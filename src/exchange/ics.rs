//! The programme as an iCalendar file (RFC 5545) that planners import into Outlook, Thunderbird
//! or khal: one all-day VEVENT per dated activity, with a stable UID so that importing a newer
//! export updates the events instead of adding copies.
//!
//! Written by hand rather than with a library, because every byte must be reproducible: CRLF
//! line ends, lines folded at 75 octets on character boundaries, TEXT escaped, and DTSTAMP and
//! SEQUENCE taken from the file's history ([`Stamps`]), never from the clock, so two exports of
//! the same file are identical.
//!
//! An event is what [`events`] makes of an activity, or of each of its dated sessions: an
//! activity with sessions is its sessions in the calendar (its own start and end stay its
//! planned span, which the sessions fall in).
//!
//! UIDs: an activity's event is `YEAR/ID@wpmatrix`; a session's is `YEAR/ID/sN@wpmatrix`, N the
//! session's own id, which is given once and never renumbered. So adding a session, or moving
//! one in the list, leaves every other session's UID as it was; a deleted session's event is no
//! longer exported, and a client keeps the copy it imported until it is deleted there (a
//! publishing client that replaces the whole calendar drops it). When an activity gets its first
//! dated session, its own event is replaced by the sessions' likewise.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::model::{
    Activity, Cluster, Mode, PlanDate, Programme, Session, SessionStatus, Status, is_link,
    range_label,
};
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
    /// The activity's formats, then its themes' names.
    pub categories: Vec<String>,
    /// Where: a session's place and country, or `online`.
    pub location: Option<String>,
    /// The link of the activity's first output that has one.
    pub url: Option<String>,
}

/// The stable UID of an activity's event.
pub fn uid(year: i32, activity_id: &str) -> String {
    format!("{year}/{activity_id}@wpmatrix")
}

/// The stable UID of a session's event: by the session's own id, not its place in the list.
pub fn session_uid(year: i32, activity_id: &str, session: u32) -> String {
    format!("{year}/{activity_id}/s{session}@wpmatrix")
}

/// The events of a programme, in display order, and how many activities have no dates (an
/// activity whose sessions have dates has them). Sessions without dates are left out.
pub fn events(programme: &Programme) -> (Vec<Event>, usize) {
    let mut events = Vec::new();
    let mut undated = 0;
    for cluster in &programme.clusters {
        for activity in &cluster.activities {
            let before = events.len();
            let shared = Shared::of(programme, activity);
            events.extend(activity.sessions.iter().filter_map(|session| {
                session_event(programme.year, cluster, activity, session, &shared)
            }));
            if events.len() == before {
                match event(programme.year, cluster, activity, shared) {
                    Some(event) => events.push(event),
                    None => undated += 1,
                }
            }
        }
    }
    (events, undated)
}

/// What every event of an activity has: its categories and its URL.
#[derive(Clone)]
struct Shared {
    categories: Vec<String>,
    url: Option<String>,
}

impl Shared {
    fn of(programme: &Programme, activity: &Activity) -> Shared {
        let themes = activity.themes.iter().map(|id| {
            programme
                .themes
                .iter()
                .find(|t| t.id == *id && !t.name.is_empty())
                .map_or_else(|| id.clone(), |t| t.name.clone())
        });
        Shared {
            categories: activity
                .formats
                .iter()
                .map(|f| f.name().to_string())
                .chain(themes)
                .collect(),
            // A URI is not escaped as TEXT is: only a plain http(s) address without control
            // characters goes in, so a hostile link cannot break the line.
            url: activity
                .outputs
                .iter()
                .filter_map(|o| o.link.as_deref())
                .find(|link| is_link(link) && !link.chars().any(char::is_control))
                .map(str::to_string),
        }
    }
}

/// The first and last day of a start and an end, and whether it is a deadline (only an end):
/// the days the timeline draws (a month or a quarter is its whole span, a lone start its day,
/// month or quarter), except that a lone end is one day, the last its end stands for.
fn days(start: Option<PlanDate>, end: Option<PlanDate>) -> Option<(NaiveDate, NaiveDate, bool)> {
    match (start, end) {
        (None, None) => None,
        (None, Some(end)) => Some((end.last_day(), end.last_day(), true)),
        (Some(s), Some(e)) => Some((s.first_day(), e.last_day(), false)),
        (Some(d), None) => Some((d.first_day(), d.last_day(), false)),
    }
}

/// The coarsest precision of a start and an end.
fn precision_of(start: Option<PlanDate>, end: Option<PlanDate>) -> Precision {
    [start, end]
        .into_iter()
        .flatten()
        .map(Precision::of)
        .max()
        .unwrap_or(Precision::Day)
}

/// An event's status from its activity's status and its dates' precision.
fn status_of(status: Status, precision: Precision) -> &'static str {
    match status {
        Status::Cancelled => "CANCELLED",
        _ if precision != Precision::Day => "TENTATIVE",
        Status::Tbc | Status::Postponed => "TENTATIVE",
        Status::Planned | Status::Ongoing | Status::Done => "CONFIRMED",
    }
}

/// A session's event; `None` when it has no dates. A cancelled session (or activity) is
/// cancelled; a held one on known days is confirmed; otherwise as an activity.
fn session_event(
    year: i32,
    cluster: &Cluster,
    activity: &Activity,
    session: &Session,
    shared: &Shared,
) -> Option<Event> {
    let (first, last, deadline) = days(session.start, session.end)?;
    let precision = precision_of(session.start, session.end);
    let status = match session.status {
        SessionStatus::Cancelled => "CANCELLED",
        // Held, but on days not yet known: still tentative, as the precision says.
        SessionStatus::Held
            if activity.status != Status::Cancelled && precision == Precision::Day =>
        {
            "CONFIRMED"
        }
        SessionStatus::Held | SessionStatus::Planned => status_of(activity.status, precision),
    };
    let location = location(session);
    let summary = match &location {
        Some(place) => format!("{} ({place})", activity.title),
        None => activity.title.clone(),
    };
    let session_line = format!("Session {}: {}\n", session.id, session.status);
    let mut description = description_head(
        cluster,
        activity,
        &session_line,
        range_label(session.start, session.end),
        deadline,
    );
    if let Some(mode) = session.mode {
        let _ = write!(description, "\nMode: {mode}");
    }
    if !session.host.is_empty() {
        let _ = write!(description, "\nHost: {}", session.host);
    }
    match (session.participants, session.online) {
        (Some(all), Some(online)) => {
            let _ = write!(description, "\nParticipants: {all} ({online} online)");
        }
        (Some(all), None) => {
            let _ = write!(description, "\nParticipants: {all}");
        }
        (None, Some(online)) => {
            let _ = write!(description, "\nParticipants online: {online}");
        }
        (None, None) => {}
    }
    precision_line(&mut description, precision);
    Some(Event {
        uid: session_uid(year, &activity.id, session.id),
        summary,
        description,
        start: first,
        end: last.succ_opt().unwrap_or(last),
        status,
        precision,
        categories: shared.categories.clone(),
        location,
        url: shared.url.clone(),
    })
}

/// Where a session is: `Lyon, FR`; `online` for an online one; a hybrid one's place and
/// `online`.
fn location(session: &Session) -> Option<String> {
    let place = [session.place.trim(), session.country.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    match (session.mode, place.is_empty()) {
        (Some(Mode::Online), true) => Some("online".to_string()),
        (Some(Mode::Online), false) => Some(format!("online ({place})")),
        (Some(Mode::Hybrid), false) => Some(format!("{place} and online")),
        (Some(Mode::Hybrid), true) => Some("hybrid".to_string()),
        (Some(Mode::Physical) | None, false) => Some(place),
        (Some(Mode::Physical) | None, true) => None,
    }
}

/// The line that says a date is only known to the month or quarter; none for exact days.
fn precision_line(description: &mut String, precision: Precision) {
    if precision != Precision::Day {
        let _ = write!(
            description,
            "\nPrecision: {} (the exact days are not known yet)",
            precision.name()
        );
    }
}

/// The start of an event's description: the activity's own text, its cluster and status, a
/// line of the session's (`session`, with its newline, or empty) and the dates.
fn description_head(
    cluster: &Cluster,
    activity: &Activity,
    session: &str,
    dates: impl std::fmt::Display,
    deadline: bool,
) -> String {
    let mut description = String::new();
    if !activity.description.is_empty() {
        let _ = write!(description, "{}\n\n", activity.description);
    }
    let _ = write!(
        description,
        "Cluster: {}\nStatus: {}\n{session}Dates: {dates}",
        cluster.name, activity.status,
    );
    if deadline {
        description.push_str(" (a deadline: only an end is planned)");
    }
    description
}

/// An activity's event; `None` when it has no dates. Its days are those the timeline draws (a
/// month or a quarter is its whole span, a lone start its day, month or quarter), except that a
/// lone end is a deadline: one day, the last its end stands for.
fn event(year: i32, cluster: &Cluster, activity: &Activity, shared: Shared) -> Option<Event> {
    let (first, last, deadline) = days(activity.start, activity.end)?;
    let precision = precision_of(activity.start, activity.end);
    let status = status_of(activity.status, precision);
    let summary = if deadline {
        format!("Deadline: {}", activity.title)
    } else {
        activity.title.clone()
    };
    let mut description = description_head(
        cluster,
        activity,
        "",
        range_label(activity.start, activity.end),
        deadline,
    );
    precision_line(&mut description, precision);
    Some(Event {
        uid: uid(year, &activity.id),
        summary,
        description,
        start: first,
        end: last.succ_opt().unwrap_or(last),
        status,
        precision,
        categories: shared.categories,
        location: None,
        url: shared.url,
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
    if let Some(location) = &event.location {
        property(out, "LOCATION", &|l| push_text_value(l, location));
    }
    if let Some(url) = &event.url {
        property(out, "URL", &|l| l.push_str(url));
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

/// The file's modification time, which stamps the calendar outside git, cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{}: cannot read its modification time: {source}", path.display())]
pub struct StampError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// DTSTAMP and SEQUENCE from the file's history: in git, the time of its last commit and, per
/// event, the number of commits that changed it (and one more, stamped with the file's
/// modification time, when the file on disk differs from its last commit); outside git, the
/// file's modification time and no changes.
pub fn stamps(file: &Path, programme: &Programme) -> Result<Stamps, StampError> {
    let modified = || -> Result<DateTime<Utc>, StampError> {
        let time = std::fs::metadata(file)
            .and_then(|m| m.modified())
            .map_err(|source| StampError {
                path: file.to_path_buf(),
                source,
            })?;
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

    fn none() -> Shared {
        Shared {
            categories: Vec::new(),
            url: None,
        }
    }

    #[test]
    fn dates_make_all_day_events_with_exclusive_ends() {
        let cluster = Cluster::new("c", "C");
        let mut a = Activity::new("a", "A");
        a.start = Some("2022-03-15".parse().unwrap());
        a.end = Some("2022-03-16".parse().unwrap());
        let e = event(2022, &cluster, &a, none()).unwrap();
        assert_eq!(
            (e.start.to_string(), e.end.to_string()),
            ("2022-03-15".into(), "2022-03-17".into())
        );
        assert_eq!((e.status, e.precision), ("CONFIRMED", Precision::Day));
        a.end = Some("2022-Q2".parse().unwrap());
        let e = event(2022, &cluster, &a, none()).unwrap();
        assert_eq!(e.end.to_string(), "2022-07-01");
        assert_eq!((e.status, e.precision), ("TENTATIVE", Precision::Quarter));
        a.start = None;
        a.end = Some("2022-05-31".parse().unwrap());
        let e = event(2022, &cluster, &a, none()).unwrap();
        assert_eq!(e.summary, "Deadline: A");
        assert_eq!(
            (e.start.to_string(), e.end.to_string()),
            ("2022-05-31".into(), "2022-06-01".into())
        );
        a.status = Status::Cancelled;
        assert_eq!(
            event(2022, &cluster, &a, none()).unwrap().status,
            "CANCELLED"
        );
        a.end = None;
        assert!(event(2022, &cluster, &a, none()).is_none());
    }

    #[test]
    fn a_session_is_where_its_place_is_or_online() {
        let session = |place: &str, country: &str, mode| Session {
            place: place.into(),
            country: country.into(),
            mode,
            ..Session::default()
        };
        let at = |s: Session| location(&s);
        assert_eq!(
            at(session("Lyon", "FR", Some(Mode::Physical))).as_deref(),
            Some("Lyon, FR")
        );
        assert_eq!(at(session("", "FR", None)).as_deref(), Some("FR"));
        assert_eq!(
            at(session("", "", Some(Mode::Online))).as_deref(),
            Some("online")
        );
        assert_eq!(
            at(session("Rome", "IT", Some(Mode::Hybrid))).as_deref(),
            Some("Rome, IT and online")
        );
        assert_eq!(at(session("", "", None)), None);
    }

    #[test]
    fn only_a_plain_link_becomes_the_url_and_themes_join_the_categories() {
        let mut p = Programme::new(2022, "t");
        p.themes = vec![crate::model::Theme {
            id: "green".into(),
            name: "Green transition".into(),
        }];
        let mut a = Activity::new("a", "A");
        a.formats = vec![crate::model::Format::parse("Seminar")];
        a.themes = vec!["green".into(), "undeclared".into()];
        let link = |l: &str| crate::model::Output {
            link: Some(l.into()),
            ..crate::model::Output::default()
        };
        a.outputs = vec![
            link("https://x.org/\r\nX-EVIL:1"),
            link("https://x.org/a\u{1b}b"),
            link("https://x.org/ok"),
        ];
        let shared = Shared::of(&p, &a);
        assert_eq!(shared.url.as_deref(), Some("https://x.org/ok"));
        assert_eq!(
            shared.categories,
            ["Seminar", "Green transition", "undeclared"]
        );
    }
}

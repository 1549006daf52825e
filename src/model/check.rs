//! Validation of a programme: the problems `check` reports and the editor marks on cells.
//!
//! Problems name a place in the programme (a [`Location`]), not a place in a file: the store maps
//! locations to lines and columns, the editor to cells.

use std::collections::HashMap;
use std::fmt;

/// Ids and names are short and come from the file, not from an attacker racing a server: a
/// fast hash is worth more here than `SipHash`'s protection (a quarter of a load went to it).
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

use super::Field;

use super::conflict::{
    CONFLICT_MARKER, ConflictNote, activity_conflicts, cluster_conflicts, programme_conflicts,
};
use super::{
    Cell, Format, OwnKind, Programme, check_range, follow_up_form_error, is_link, is_member_code,
    lead_problem, parse_follow_up, slug,
};

/// The thing a problem is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Programme,
    Cluster(usize),
    Activity(Cell),
}

/// A place in a programme: a thing, and optionally one of its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub target: Target,
    pub field: Option<Field>,
}

impl Location {
    pub fn programme(field: Field) -> Self {
        Location {
            target: Target::Programme,
            field: Some(field),
        }
    }

    pub fn cluster(index: usize, field: Field) -> Self {
        Location {
            target: Target::Cluster(index),
            field: Some(field),
        }
    }

    pub fn activity(cell: Cell, field: Field) -> Self {
        Location {
            target: Target::Activity(cell),
            field: Some(field),
        }
    }
}

/// How serious a problem is: errors make `check` fail, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One item of a list field (a lead, a session, an output, a theme) by its place in the
/// list, or one entry of the own-field values by its field id.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Item {
    Index(usize),
    Key(String),
}

/// Where inside a field a problem is: one of its items, and maybe one part of that item (a
/// session's `country`, an output's `link`), so that the file can be pointed at the value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Within {
    pub item: Item,
    pub part: Option<&'static str>,
}

impl Within {
    pub fn item(index: usize) -> Self {
        Within {
            item: Item::Index(index),
            part: None,
        }
    }

    pub fn part(index: usize, part: &'static str) -> Self {
        Within {
            item: Item::Index(index),
            part: Some(part),
        }
    }

    pub fn key(key: &str) -> Self {
        Within {
            item: Item::Key(key.to_string()),
            part: None,
        }
    }
}

/// One thing wrong with a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    /// The item of a list field the problem is about, when it is about one.
    pub within: Option<Within>,
    pub message: String,
}

impl Problem {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            location,
            within: None,
            message: message.into(),
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Warning,
            location,
            within: None,
            message: message.into(),
        }
    }

    /// The same problem, placed at one item of its field.
    #[must_use]
    pub fn within(mut self, within: Within) -> Self {
        self.within = Some(within);
        self
    }
}

/// Every problem of a programme, in file order.
///
/// Which cluster or activity first held an id is settled in one pass over the programme; the
/// clusters are then checked in two runs, the second on another thread from
/// [`PARALLEL_FROM`] activities, and the problems put together in order.
pub fn check(programme: &Programme) -> Vec<Problem> {
    let mut problems = Vec::new();
    check_header(&mut problems, programme);
    let firsts = Firsts::of(programme);
    let all = 0..programme.clusters.len();
    if firsts.activities.len() < PARALLEL_FROM {
        check_clusters(&mut problems, programme, &firsts, all);
        return problems;
    }
    // The second run starts at the cluster that holds the middle activity.
    let half = firsts.activities.len() / 2;
    let split = firsts.starts.partition_point(|&start| start <= half);
    let second = |problems: &mut Vec<Problem>| {
        check_clusters(problems, programme, &firsts, split..all.end);
    };
    std::thread::scope(|s| {
        // Without a second thread (the system refuses one), the second run follows the first.
        let checking = std::thread::Builder::new().spawn_scoped(s, || {
            let mut problems = Vec::new();
            second(&mut problems);
            problems
        });
        check_clusters(&mut problems, programme, &firsts, 0..split);
        match checking {
            Ok(checking) => problems.extend(
                checking
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            ),
            Err(_) => second(&mut problems),
        }
    });
    problems
}

/// From this many activities a second thread checks half of the clusters: starting one costs
/// about what checking a few dozen activities does.
const PARALLEL_FROM: usize = 1_000;

/// Who held each cluster's id and name, and each activity's id, before it.
struct Firsts {
    clusters: Vec<ClusterFirsts>,
    /// By activity in programme order.
    activities: Vec<Option<Cell>>,
    /// Where each cluster's activities start in `activities`.
    starts: Vec<usize>,
}

impl Firsts {
    fn of(programme: &Programme) -> Self {
        let hasher = foldhash::fast::FixedState::default;
        let count = programme.clusters.len();
        let mut cluster_ids = Map::with_capacity_and_hasher(count, hasher());
        let mut cluster_names = Map::with_capacity_and_hasher(count, hasher());
        let mut activity_ids: Map<&str, Cell> =
            Map::with_capacity_and_hasher(programme.activity_count(), hasher());
        let mut firsts = Firsts {
            clusters: Vec::with_capacity(count),
            activities: Vec::with_capacity(programme.activity_count()),
            starts: Vec::with_capacity(count),
        };
        for (c, cluster) in programme.clusters.iter().enumerate() {
            firsts.clusters.push(ClusterFirsts {
                id: first_holder(&mut cluster_ids, &cluster.id, c),
                name: first_holder(&mut cluster_names, cluster.name.trim(), c),
            });
            firsts.starts.push(firsts.activities.len());
            for (a, activity) in cluster.activities.iter().enumerate() {
                let first = first_holder(&mut activity_ids, &activity.id, Cell::new(c, a));
                firsts.activities.push(first);
            }
        }
        firsts
    }
}

/// The problems of some clusters and their activities, in order.
fn check_clusters(
    problems: &mut Vec<Problem>,
    programme: &Programme,
    firsts: &Firsts,
    clusters: std::ops::Range<usize>,
) {
    for c in clusters {
        check_cluster(problems, programme, c, firsts.clusters[c]);
        let start = firsts.starts[c];
        for a in 0..programme.clusters[c].activities.len() {
            check_activity(
                problems,
                programme,
                Cell::new(c, a),
                firsts.activities[start + a],
            );
        }
    }
}

/// The first holder of `key` met before `holder`, or none (then `holder` is the first).
pub(super) fn first_holder<'a, T: Copy>(
    seen: &mut Map<&'a str, T>,
    key: &'a str,
    holder: T,
) -> Option<T> {
    if let Some(&first) = seen.get(key) {
        Some(first)
    } else {
        seen.insert(key, holder);
        None
    }
}

/// The problems of the programme's own fields (title, year, notes).
pub(super) fn check_header(problems: &mut Vec<Problem>, programme: &Programme) {
    if programme.title.trim().is_empty() {
        problems.push(Problem::error(
            Location::programme(Field::Title),
            "the programme has an empty title",
        ));
    }
    if let Err(e) = super::Year::new(programme.year.into()) {
        problems.push(Problem::error(
            Location::programme(Field::Year),
            e.to_string(),
        ));
    }
    for note in programme_conflicts(programme) {
        problems.push(Problem::error(
            Location::programme(Field::Notes),
            format!("{}; resolve it in the editor", unresolved(&note)),
        ));
    }
    check_declarations(problems, programme);
}

/// The programme's themes and own fields: ids that are slugs, given once, and own fields that
/// take no built-in column, filter key or statistics key.
fn check_declarations(problems: &mut Vec<Problem>, programme: &Programme) {
    let at = Location::programme;
    for (n, theme) in programme.themes.iter().enumerate() {
        check_id(problems, at(Field::ThemeDecls), "theme", &theme.id);
        if programme.themes[..n].iter().any(|t| t.id == theme.id) {
            problems.push(Problem::error(
                at(Field::ThemeDecls),
                format!("theme {:?} is declared twice", theme.id),
            ));
        }
    }
    for (n, field) in programme.fields.iter().enumerate() {
        let here = at(Field::FieldDecls);
        if field.id.trim().is_empty() {
            problems.push(Problem::error(here, "an own field has an empty id"));
        } else if is_reserved_key(&field.id) {
            problems.push(Problem::error(
                here,
                format!(
                    "own field {:?} takes the name of a built-in column, filter key or \
                     statistics key; give it another id",
                    field.id
                ),
            ));
        } else if field.id.contains([':', ',', ' ', '"', ';']) {
            problems.push(Problem::error(
                here,
                format!(
                    "own field id {:?} holds a space or one of : , ; \" which filters and cells use",
                    field.id
                ),
            ));
        }
        if programme.fields[..n].iter().any(|f| f.id == field.id) {
            problems.push(Problem::error(
                here,
                format!("own field {:?} is declared twice", field.id),
            ));
        }
        if let OwnKind::Choice(words) = &field.kind
            && words.iter().all(|w| w.trim().is_empty())
        {
            problems.push(Problem::error(
                here,
                format!(
                    "own field {:?} is a choice without any word to choose",
                    field.id
                ),
            ));
        }
    }
}

/// Whether an id is taken by a built-in column, filter key or statistics key.
pub fn is_reserved_key(id: &str) -> bool {
    const OTHERS: [&str; 9] = [
        "year",
        "cluster_id",
        "cluster",
        "position",
        "activity_id",
        "quarter",
        "month",
        "is",
        "lead",
    ];
    let id = id.trim().to_ascii_lowercase();
    super::FIELDS.iter().any(|f| f.name == id)
        || OTHERS.contains(&id.as_str())
        || super::filter::FILTER_KEYS.contains(&id.as_str())
}

/// The clusters that had a cluster's id and (trimmed) name before it, if any did.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ClusterFirsts {
    pub id: Option<usize>,
    pub name: Option<usize>,
}

/// The problems of a cluster's own fields (not its activities).
pub(super) fn check_cluster(
    problems: &mut Vec<Problem>,
    programme: &Programme,
    c: usize,
    firsts: ClusterFirsts,
) {
    let cluster = &programme.clusters[c];
    let at = |field| Location::cluster(c, field);
    check_id(problems, at(Field::Id), "cluster", &cluster.id);
    if let Some(first) = firsts.id {
        problems.push(Problem::error(
            at(Field::Id),
            format!(
                "duplicate cluster id {:?}; cluster {:?} already has it",
                cluster.id, programme.clusters[first].name
            ),
        ));
    }
    let name = cluster.name.trim();
    if name.is_empty() {
        problems.push(Problem::error(
            at(Field::Name),
            "the cluster has an empty name",
        ));
    } else if let Some(first) = firsts.name {
        problems.push(Problem::warning(
            at(Field::Name),
            format!(
                "cluster name {name:?} is also the name of cluster {:?} (row {}); rows with one name are hard to tell apart",
                programme.clusters[first].id,
                first + 1
            ),
        ));
    }
    // Conflicts are rare: a search for the marker spares parsing every line of every text.
    let conflicts = if cluster.summary.contains(CONFLICT_MARKER) {
        cluster_conflicts(cluster)
    } else {
        Vec::new()
    };
    for note in conflicts {
        problems.push(Problem::error(
            at(Field::Summary),
            format!("{}; resolve it in the editor", unresolved(&note)),
        ));
    }
}

/// The problems of one activity; `first` is the activity that had its id before it, if any.
pub(super) fn check_activity(
    problems: &mut Vec<Problem>,
    programme: &Programme,
    cell: Cell,
    first: Option<Cell>,
) {
    let activity = &programme.clusters[cell.cluster].activities[cell.activity];
    let at = |field| Location::activity(cell, field);
    check_id(problems, at(Field::Id), "activity", &activity.id);
    if let Some(first) = first.filter(|_| !activity.id.is_empty()) {
        let other = programme.activity(first).map_or("", |a| a.title.as_str());
        problems.push(Problem::error(
            at(Field::Id),
            format!(
                "duplicate activity id {:?}; {:?} in cluster {:?} already has it",
                activity.id, other, programme.clusters[first.cluster].name
            ),
        ));
    }
    if activity.title.trim().is_empty() {
        problems.push(Problem::error(
            at(Field::Title),
            "the activity has an empty title",
        ));
    }
    check_formats(problems, at(Field::Formats), &activity.formats);
    for (field, date) in [(Field::Start, activity.start), (Field::End, activity.end)] {
        if let Some(date) = date.filter(|d| d.year() != programme.year) {
            problems.push(Problem::warning(
                at(field),
                format!("{field} {date} is outside {}", programme.year),
            ));
        }
    }
    if let Err(message) = check_range(activity.start, activity.end) {
        problems.push(Problem::error(at(Field::End), message.to_string()));
    }
    if let Some(reference) = &activity.follow_up_of {
        match parse_follow_up(reference) {
            None => problems.push(Problem::error(
                at(Field::FollowUpOf),
                follow_up_form_error(reference, programme.year, &activity.id),
            )),
            Some((year, _)) if year >= programme.year => problems.push(Problem::warning(
                at(Field::FollowUpOf),
                format!("follow_up_of {reference:?} points at {year}, not at an earlier year"),
            )),
            Some(_) => {}
        }
    }
    check_occasions(problems, programme, activity, at);
    // An unresolved merge is an error, so that CI catches a conflicted file committed as is.
    let conflicts = if activity.notes.contains(CONFLICT_MARKER) {
        activity_conflicts(activity)
    } else {
        Vec::new()
    };
    for note in conflicts {
        problems.push(Problem::error(
            at(Field::Notes),
            format!("{}; resolve it in the editor", unresolved(&note)),
        ));
    }
}

/// Leads, themes, sessions, outputs and own-field values: each by its rules.
fn check_occasions(
    problems: &mut Vec<Problem>,
    programme: &Programme,
    activity: &super::Activity,
    at: impl Fn(Field) -> Location,
) {
    for (i, lead) in activity.leads.iter().enumerate() {
        if let Some(message) = lead_problem(lead) {
            problems.push(Problem::error(at(Field::Leads), message).within(Within::item(i)));
        }
    }
    for (i, theme) in activity.themes.iter().enumerate() {
        if !programme.themes.iter().any(|t| t.id == *theme) {
            let declared: Vec<&str> = programme.themes.iter().map(|t| t.id.as_str()).collect();
            problems.push(
                Problem::error(
                    at(Field::Themes),
                    match declared.as_slice() {
                        [] => format!(
                            "theme {theme:?} is not declared; the programme declares no themes \
                         (`themes: [Theme(id: {theme:?}, name: \"{}\")]`)",
                            crate::text::glyph('…')
                        ),
                        _ => format!(
                            "theme {theme:?} is not declared; the programme's themes are {}",
                            declared.join(", ")
                        ),
                    },
                )
                .within(Within::item(i)),
            );
        }
    }
    let span = super::filter::activity_days(activity);
    for (n, session) in activity.sessions.iter().enumerate() {
        let here = at(Field::Sessions);
        let name = SessionName(session.id);
        if activity.sessions[..n].iter().any(|s| s.id == session.id) {
            problems.push(
                Problem::error(here, format!("{name} appears twice")).within(Within::part(n, "id")),
            );
        }
        if let Err(message) = check_range(session.start, session.end) {
            problems.push(
                Problem::error(here, format!("{name}: {message}")).within(Within::part(n, "end")),
            );
        }
        for (what, code) in [("country", &session.country), ("host", &session.host)] {
            if !code.is_empty() && !is_member_code(code) {
                problems.push(
                    Problem::error(
                        here,
                        format!(
                            "{name}: {what} {code:?} is not a member code (ISO 3166-1 alpha-2 \
                             such as FR, or EL, UK, EC, ELA, ECO)"
                        ),
                    )
                    .within(Within::part(n, what)),
                );
            }
        }
        if let (Some(all), Some(online)) = (session.participants, session.online)
            && online > all
        {
            problems.push(
                Problem::error(
                    here,
                    format!("{name}: {online} online is more than the {all} participants"),
                )
                .within(Within::part(n, "online")),
            );
        }
        let days = match (session.start, session.end) {
            (Some(s), e) => Some((s.first_day(), e.unwrap_or(s).last_day())),
            (None, Some(e)) => Some((e.first_day(), e.last_day())),
            (None, None) => None,
        };
        if let (Some((first, last)), Some((start, end))) = (days, span)
            && (first < start || last > end)
        {
            problems.push(
                Problem::warning(
                    here,
                    format!(
                        "{name} falls outside the activity's planned span ({})",
                        crate::text::drawn(&activity.date_range())
                    ),
                )
                .within(Within::part(n, "start")),
            );
        }
    }
    for (n, output) in activity.outputs.iter().enumerate() {
        let here = at(Field::Outputs);
        if output.title.trim().is_empty() {
            problems.push(
                Problem::error(here, "an output has an empty title")
                    .within(Within::part(n, "title")),
            );
        }
        if let Some(link) = output.link.as_deref().filter(|l| !is_link(l)) {
            problems.push(
                Problem::error(
                    here,
                    format!("output link {link:?} is not an http:// or https:// address"),
                )
                .within(Within::part(n, "link")),
            );
        }
    }
    for (id, value) in &activity.values {
        let here = at(Field::Values);
        let entry = Within::key(id);
        let Some(field) = programme.fields.iter().find(|f| f.id == *id) else {
            problems.push(
                Problem::error(
                    here,
                    format!("own field {id:?} is not declared in the programme's `fields`"),
                )
                .within(entry),
            );
            continue;
        };
        match field.kind.canonical(value) {
            Err(message) => problems.push(
                Problem::error(here, format!("{id} ({}): {message}", field.kind.word()))
                    .within(entry),
            ),
            Ok(canonical) if canonical != *value => problems.push(
                Problem::warning(
                    here,
                    format!(
                        "{id} {value:?} is written {canonical:?} in canonical form; `fmt` writes it so"
                    ),
                )
                .within(entry),
            ),
            Ok(_) => {}
        }
    }
}

/// How a message names a session: `session #2`, written only when there is a message.
struct SessionName(u32);

impl fmt::Display for SessionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "session #{}", self.0)
    }
}

fn unresolved(note: &ConflictNote) -> String {
    format!(
        "unresolved merge conflict in {}: ours {}, theirs {}",
        note.field, note.ours, note.theirs
    )
}

fn check_id(problems: &mut Vec<Problem>, location: Location, what: &str, id: &str) {
    if id.is_empty() {
        problems.push(Problem::error(
            location,
            format!("the {what} has an empty id"),
        ));
    } else if !is_plain_slug(id) && slug(id) != id {
        problems.push(Problem::error(
            location,
            format!(
                "{what} id {id:?} is not a slug (lower-case letters, digits and single dashes); try {:?}",
                slug(id)
            ),
        ));
    }
}

/// Lower-case ASCII letters and digits in runs joined by single dashes: text that [`slug`]
/// leaves as it is, told without making the slug.
fn is_plain_slug(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.first().is_some_and(|&b| b != b'-')
        && bytes.last().is_some_and(|&b| b != b'-')
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.contains("--")
}

fn check_formats(problems: &mut Vec<Problem>, location: Location, formats: &[Format]) {
    for (i, format) in formats.iter().enumerate() {
        if format.name().trim().is_empty() {
            problems.push(Problem::error(location, "a format is empty"));
        } else if format.name().contains(';') {
            problems.push(Problem::error(
                location,
                format!(
                    "format {:?} contains `;`, which separates formats in CSV; make it two formats \
                     or write it without `;`",
                    format.name()
                ),
            ));
        } else if formats[..i].contains(format) {
            problems.push(Problem::warning(
                location,
                format!("format {:?} is listed twice", format.name()),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Cluster, PlanDate};

    fn programme() -> Programme {
        let mut p = Programme::new(2022, "Test");
        let mut c = Cluster::new("c", "Cluster");
        c.activities.push(Activity::new("a", "A"));
        c.activities.push(Activity::new("b", "B"));
        p.clusters.push(c);
        p
    }

    fn messages(p: &Programme) -> Vec<String> {
        check(p).into_iter().map(|p| p.message).collect()
    }

    #[test]
    fn a_plain_slug_is_told_alike_with_and_without_making_the_slug() {
        let samples = [
            "a", "a-b", "a--b", "-a", "a-", "A", "ab1-2c", "é", "a b", "", "-", "x9", "a_b",
        ];
        for id in samples {
            if is_plain_slug(id) {
                assert_eq!(slug(id), id, "{id:?}");
            } else {
                assert!(
                    id.is_empty() || slug(id) != id,
                    "{id:?} is a slug the fast test missed"
                );
            }
        }
    }

    #[test]
    fn a_large_programme_is_checked_on_two_threads_as_on_one() {
        let mut p = Programme::new(2022, "Large");
        for c in 0..60 {
            let mut cluster = Cluster::new(format!("c{c}"), format!("Cluster {}", c % 7));
            for a in 0..40 {
                let mut activity = Activity::new(format!("a{c}-{a}"), format!("A {a}"));
                if a % 9 == 0 {
                    // The same id in the first and the second run, and within each.
                    activity.id = format!("shared-{}", a % 2);
                    activity.formats = vec![Format::parse("Seminar"), Format::parse("Seminar")];
                }
                cluster.activities.push(activity);
            }
            p.clusters.push(cluster);
        }
        assert!(p.activity_count() >= PARALLEL_FROM);
        let mut one_thread = Vec::new();
        check_header(&mut one_thread, &p);
        check_clusters(&mut one_thread, &p, &Firsts::of(&p), 0..p.clusters.len());
        let problems = check(&p);
        assert_eq!(problems, one_thread);
        let last = problems.last().expect("problems");
        assert_eq!(
            last.location,
            Location::activity(Cell::new(59, 36), Field::Formats)
        );
        assert!(
            problems.iter().any(|problem| problem.location
                == Location::activity(Cell::new(59, 36), Field::Id)
                && problem.message
                    == "duplicate activity id \"shared-0\"; \"A 0\" in cluster \"Cluster 0\" already has it"),
            "a holder in the first run is named from the second"
        );
        assert!(problems.iter().any(|problem| problem.location
            == Location::cluster(59, Field::Name)
            && problem.message.contains("cluster \"c3\" (row 4)")));
    }

    #[test]
    fn a_clean_programme_has_no_problems() {
        assert_eq!(messages(&programme()), Vec::<String>::new());
    }

    #[test]
    fn end_before_start_is_an_error_on_the_end() {
        let mut p = programme();
        let a = &mut p.clusters[0].activities[0];
        a.start = Some("2022-Q2".parse::<PlanDate>().unwrap());
        a.end = Some("2022-03".parse::<PlanDate>().unwrap());
        let problems = check(&p);
        assert_eq!(problems.len(), 1);
        assert_eq!(
            problems[0].location,
            Location::activity(Cell::new(0, 0), Field::End)
        );
        assert_eq!(problems[0].message, "end 2022-03 is before start 2022-Q2");
    }

    #[test]
    fn a_month_end_within_a_quarter_start_is_fine() {
        let mut p = programme();
        let a = &mut p.clusters[0].activities[0];
        a.start = Some("2022-Q2".parse().unwrap());
        a.end = Some("2022-04".parse().unwrap());
        assert!(check(&p).is_empty());
    }

    #[test]
    fn duplicate_ids_name_the_first_holder() {
        let mut p = programme();
        p.clusters[0].activities[1].id = "a".into();
        assert_eq!(
            messages(&p),
            vec!["duplicate activity id \"a\"; \"A\" in cluster \"Cluster\" already has it"]
        );
    }

    #[test]
    fn dates_outside_the_year_are_only_warnings() {
        let mut p = programme();
        p.clusters[0].activities[0].end = Some("2023-Q1".parse().unwrap());
        let problems = check(&p);
        assert_eq!(problems[0].severity, Severity::Warning);
        assert_eq!(problems[0].message, "end 2023-Q1 is outside 2022");
    }

    #[test]
    fn unresolved_conflict_is_an_error_on_the_notes() {
        let mut p = programme();
        p.clusters[0].activities[1].notes =
            "Mine\nCONFLICT status: ours=done theirs=cancelled (base planned)".into();
        let problems = check(&p);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].severity, Severity::Error);
        assert_eq!(
            problems[0].location,
            Location::activity(Cell::new(0, 1), Field::Notes)
        );
        assert_eq!(
            problems[0].message,
            "unresolved merge conflict in status: ours done, theirs cancelled; resolve it in the editor"
        );
    }

    #[test]
    fn unresolved_cluster_conflict_is_an_error_on_the_summary() {
        let mut p = programme();
        p.clusters[0].summary = "CONFLICT name: ours=\"A\" theirs=\"B\" (base \"C\")".into();
        let problems = check(&p);
        assert_eq!(problems[0].location, Location::cluster(0, Field::Summary));
        assert_eq!(problems[0].severity, Severity::Error);
        assert_eq!(
            problems[0].message,
            "unresolved merge conflict in name: ours \"A\", theirs \"B\"; resolve it in the editor"
        );
    }

    #[test]
    fn a_semicolon_in_a_format_is_an_error_a_comma_is_not() {
        let mut p = programme();
        p.clusters[0].activities[0].formats =
            vec![Format::parse("Study, phase 2"), Format::parse("A; B")];
        let problems = check(&p);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].severity, Severity::Error);
        assert_eq!(
            problems[0].location,
            Location::activity(Cell::new(0, 0), Field::Formats)
        );
        assert_eq!(
            problems[0].message,
            "format \"A; B\" contains `;`, which separates formats in CSV; make it two formats or \
             write it without `;`"
        );
    }

    #[test]
    fn follow_up_must_be_year_slash_id() {
        let mut p = programme();
        p.clusters[0].activities[0].follow_up_of = Some("quality management".into());
        assert_eq!(
            messages(&p),
            vec![
                "follow_up_of \"quality management\" is not <year>/<activity id>, e.g. \"2021/a\""
            ]
        );
    }
}

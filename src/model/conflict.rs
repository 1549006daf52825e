//! Merge conflicts left in a programme: reading back the `CONFLICT ...` lines the merge writes
//! into an activity's notes (a cluster's summary), and resolving one by choosing a side.
//!
//! The merge keeps "ours" in the field and writes both values down (see [`super::merge`]), so
//! choosing ours only takes the line out, and choosing theirs sets the field from the line.
//! A line that starts like a conflict but cannot be read whole is not a conflict: it stays as
//! the planner's text.

use std::fmt;

use super::merge::{CONFLICT_MARKER, Side, write_conflict_line};
use super::{Activity, Cell, Cluster, Format, PlanDate, Programme, Status, join_formats};

/// The field a conflict line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictField {
    Title,
    Description,
    Formats,
    Status,
    Start,
    End,
    FollowUpOf,
    Notes,
    /// An activity's cluster (both sides moved it), or a cluster removed against a change.
    Cluster,
    /// An activity removed on one side and changed on the other.
    Activity,
    /// A cluster's name.
    Name,
    /// A cluster's summary.
    Summary,
}

impl ConflictField {
    const ALL: [ConflictField; 12] = [
        ConflictField::Title,
        ConflictField::Description,
        ConflictField::Formats,
        ConflictField::Status,
        ConflictField::Start,
        ConflictField::End,
        ConflictField::FollowUpOf,
        ConflictField::Notes,
        ConflictField::Cluster,
        ConflictField::Activity,
        ConflictField::Name,
        ConflictField::Summary,
    ];

    /// The name the merge writes, which is the field's name in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictField::Title => "title",
            ConflictField::Description => "description",
            ConflictField::Formats => "formats",
            ConflictField::Status => "status",
            ConflictField::Start => "start",
            ConflictField::End => "end",
            ConflictField::FollowUpOf => "follow_up_of",
            ConflictField::Notes => "notes",
            ConflictField::Cluster => "cluster",
            ConflictField::Activity => "activity",
            ConflictField::Name => "name",
            ConflictField::Summary => "summary",
        }
    }
}

impl fmt::Display for ConflictField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one side did to a thing the other side removed or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    Changed,
    Removed,
}

/// One side's value in a conflict line, typed by its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConflictValue {
    /// Title, description, notes, a cluster's name or summary, or a cluster id.
    Text(String),
    Formats(Vec<Format>),
    Status(Status),
    Date(Option<PlanDate>),
    /// A `follow_up_of` reference.
    Reference(Option<String>),
    Presence(Presence),
}

impl fmt::Display for ConflictValue {
    /// The value as the merge writes it: text quoted and escaped as in Rust, `none` for nothing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConflictValue::Text(text) | ConflictValue::Reference(Some(text)) => {
                write!(f, "{text:?}")
            }
            ConflictValue::Formats(formats) => write!(f, "{:?}", join_formats(formats)),
            ConflictValue::Status(status) => f.write_str(status.as_str()),
            ConflictValue::Date(Some(date)) => write!(f, "{date}"),
            ConflictValue::Date(None) | ConflictValue::Reference(None) => f.write_str("none"),
            ConflictValue::Presence(Presence::Changed) => f.write_str("changed"),
            ConflictValue::Presence(Presence::Removed) => f.write_str("removed"),
        }
    }
}

/// A conflict read back from a line of notes (or of a cluster's summary).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictNote {
    pub field: ConflictField,
    pub ours: ConflictValue,
    pub theirs: ConflictValue,
    /// The common ancestor's value; absent when there was none or for removals.
    pub base: Option<ConflictValue>,
    /// The line of the text it was read from, counting from 0.
    pub line: usize,
}

impl ConflictNote {
    /// The value of one side.
    pub fn side(&self, side: Side) -> &ConflictValue {
        match side {
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }
}

impl fmt::Display for ConflictNote {
    /// The line as the merge writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let base = self.base.as_ref().map(|b| b as &dyn fmt::Display);
        write_conflict_line(f, &self.field, &self.ours, &self.theirs, base)
    }
}

/// Every conflict line in a text, in order.
pub fn conflicts_in(text: &str) -> Vec<ConflictNote> {
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| parse_line(line, i))
        .collect()
}

/// The conflicts of an activity, from its notes.
pub fn activity_conflicts(activity: &Activity) -> Vec<ConflictNote> {
    conflicts_in(&activity.notes)
}

/// The conflicts of a cluster, from its summary.
pub fn cluster_conflicts(cluster: &Cluster) -> Vec<ConflictNote> {
    conflicts_in(&cluster.summary)
}

/// Reads one line as a conflict; `None` for anything else.
pub fn parse_line(line: &str, index: usize) -> Option<ConflictNote> {
    let rest = line.strip_prefix(CONFLICT_MARKER)?.strip_prefix(' ')?;
    let (name, rest) = rest.split_once(": ")?;
    let field = ConflictField::ALL
        .into_iter()
        .find(|f| f.as_str() == name)?;
    let rest = rest.strip_prefix("ours=")?;
    let (ours, rest) = raw_value(rest, ' ')?;
    let rest = rest.strip_prefix(" theirs=")?;
    let (theirs, rest) = raw_value(rest, ' ')?;
    let base = match rest {
        "" => None,
        rest => {
            let rest = rest.strip_prefix(" (base ")?;
            let (base, rest) = raw_value(rest, ')')?;
            if rest != ")" {
                return None;
            }
            Some(base)
        }
    };
    let ours = typed(field, ours)?;
    let theirs = typed(field, theirs)?;
    // Both sides are of one kind: a cluster conflict is either a move or a removal.
    if std::mem::discriminant(&ours) != std::mem::discriminant(&theirs) {
        return None;
    }
    let base = match base {
        Some(base) => Some(typed(field, base)?),
        None => None,
    };
    Some(ConflictNote {
        field,
        ours,
        theirs,
        base,
        line: index,
    })
}

/// A value as written: quoted text (unescaped) or a bare word.
enum Raw<'a> {
    Quoted(String),
    Word(&'a str),
}

/// Splits a value off the front of `text`: a quoted string, or a word ending at `end` or at
/// the end of the text.
fn raw_value(text: &str, end: char) -> Option<(Raw<'_>, &str)> {
    if let Some(quoted) = text.strip_prefix('"') {
        let (value, used) = unescape(quoted)?;
        return Some((Raw::Quoted(value), &quoted[used..]));
    }
    let stop = text.find([end, ' ']).unwrap_or(text.len());
    if stop == 0 {
        return None;
    }
    Some((Raw::Word(&text[..stop]), &text[stop..]))
}

/// Reads a string written with Rust's `{:?}` up to its closing quote: the text and the number of
/// bytes used, closing quote included.
fn unescape(text: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let (_, escaped) = chars.next()?;
                out.push(match escaped {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '0' => '\0',
                    '\\' | '"' | '\'' => escaped,
                    'u' => {
                        if chars.next()?.1 != '{' {
                            return None;
                        }
                        let mut hex = String::new();
                        loop {
                            match chars.next()?.1 {
                                '}' => break,
                                h if h.is_ascii_hexdigit() && hex.len() < 6 => hex.push(h),
                                _ => return None,
                            }
                        }
                        char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
                    }
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

fn typed(field: ConflictField, raw: Raw<'_>) -> Option<ConflictValue> {
    use ConflictField as F;
    Some(match (field, raw) {
        (
            F::Title | F::Description | F::Notes | F::Name | F::Summary | F::Cluster,
            Raw::Quoted(t),
        ) => ConflictValue::Text(t),
        (F::Formats, Raw::Quoted(t)) => ConflictValue::Formats(if t.is_empty() {
            Vec::new()
        } else {
            t.split("; ").map(Format::parse).collect()
        }),
        (F::Status, Raw::Word(w)) => ConflictValue::Status(w.parse().ok()?),
        (F::Start | F::End, Raw::Word("none")) => ConflictValue::Date(None),
        (F::Start | F::End, Raw::Word(w)) => ConflictValue::Date(Some(w.parse().ok()?)),
        (F::FollowUpOf, Raw::Word("none")) => ConflictValue::Reference(None),
        (F::FollowUpOf, Raw::Quoted(t)) => ConflictValue::Reference(Some(t)),
        (F::Activity | F::Cluster, Raw::Word("changed")) => {
            ConflictValue::Presence(Presence::Changed)
        }
        (F::Activity | F::Cluster, Raw::Word("removed")) => {
            ConflictValue::Presence(Presence::Removed)
        }
        _ => return None,
    })
}

/// Why a conflict could not be resolved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("there is no conflict number {0}")]
    NoSuchConflict(usize),
    #[error("a {0} conflict is resolved on the whole programme, not on one activity")]
    NeedsProgramme(ConflictField),
    #[error("cluster {0:?} is no longer in the programme")]
    NoSuchCluster(String),
    #[error("a {0} conflict does not belong here")]
    Misplaced(ConflictField),
}

/// Resolves the `index`th conflict of an activity's notes by choosing a side for its field,
/// and takes exactly that line out of the notes. Moves and removals need the whole programme:
/// see [`resolve_in`].
pub fn resolve(activity: &mut Activity, index: usize, side: Side) -> Result<(), ResolveError> {
    let note = activity_conflicts(activity)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let chosen = note.side(side).clone();
    // Ours is what the field holds already; notes are rebuilt around the line below.
    if side == Side::Theirs && note.field != ConflictField::Notes {
        set_field(activity, note.field, chosen.clone())?;
    }
    activity.notes = remove_line(&activity.notes, note.line);
    if note.field == ConflictField::Notes
        && side == Side::Theirs
        && let (ConflictValue::Text(ours), ConflictValue::Text(theirs)) = (&note.ours, chosen)
    {
        activity.notes = replace_body(&activity.notes, ours, theirs);
    }
    Ok(())
}

fn set_field(
    activity: &mut Activity,
    field: ConflictField,
    value: ConflictValue,
) -> Result<(), ResolveError> {
    use ConflictField as F;
    use ConflictValue as V;
    match (field, value) {
        (F::Title, V::Text(t)) => activity.title = t,
        (F::Description, V::Text(t)) => activity.description = t,
        (F::Formats, V::Formats(f)) => activity.formats = f,
        (F::Status, V::Status(s)) => activity.status = s,
        (F::Start, V::Date(d)) => activity.start = d,
        (F::End, V::Date(d)) => activity.end = d,
        (F::FollowUpOf, V::Reference(r)) => activity.follow_up_of = r,
        (F::Cluster | F::Activity, _) => return Err(ResolveError::NeedsProgramme(field)),
        (field, _) => return Err(ResolveError::Misplaced(field)),
    }
    Ok(())
}

/// Resolves the `index`th conflict of the activity at `cell`, moves and removals included:
/// choosing the side that moved an activity moves it (to the end of that cluster), choosing
/// the side that removed it removes it. Answers where the activity is afterwards (`None` once
/// removed).
pub fn resolve_in(
    programme: &mut Programme,
    cell: Cell,
    index: usize,
    side: Side,
) -> Result<Option<Cell>, ResolveError> {
    let activity = programme
        .activity(cell)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let note = activity_conflicts(activity)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let take_line = |programme: &mut Programme, at: Cell| {
        if let Some(a) = programme.activity_mut(at) {
            a.notes = remove_line(&a.notes, note.line);
        }
    };
    match (note.field, note.side(side)) {
        (ConflictField::Activity, ConflictValue::Presence(Presence::Removed)) => {
            programme.clusters[cell.cluster]
                .activities
                .remove(cell.activity);
            Ok(None)
        }
        (ConflictField::Activity, _) => {
            take_line(programme, cell);
            Ok(Some(cell))
        }
        (ConflictField::Cluster, ConflictValue::Text(id)) if side == Side::Theirs => {
            let to = programme
                .clusters
                .iter()
                .position(|c| &c.id == id)
                .ok_or_else(|| ResolveError::NoSuchCluster(id.clone()))?;
            take_line(programme, cell);
            if to == cell.cluster {
                return Ok(Some(cell));
            }
            let moved = programme.clusters[cell.cluster]
                .activities
                .remove(cell.activity);
            programme.clusters[to].activities.push(moved);
            Ok(Some(Cell::new(
                to,
                programme.clusters[to].activities.len() - 1,
            )))
        }
        (ConflictField::Cluster, _) => {
            take_line(programme, cell);
            Ok(Some(cell))
        }
        _ => {
            if let Some(a) = programme.activity_mut(cell) {
                resolve(a, index, side)?;
            }
            Ok(Some(cell))
        }
    }
}

/// Resolves the `index`th conflict of a cluster's summary for its name or summary. A removal
/// against a change (`cluster`) is only taken out here: see [`resolve_cluster_in`].
pub fn resolve_cluster(
    cluster: &mut Cluster,
    index: usize,
    side: Side,
) -> Result<(), ResolveError> {
    let note = cluster_conflicts(cluster)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let summary = remove_line(&cluster.summary, note.line);
    match (note.field, side, note.ours, note.theirs) {
        (_, Side::Ours, ..) | (ConflictField::Cluster, ..) => cluster.summary = summary,
        (ConflictField::Name, _, _, ConflictValue::Text(name)) => {
            cluster.name = name;
            cluster.summary = summary;
        }
        (ConflictField::Summary, _, ConflictValue::Text(ours), ConflictValue::Text(theirs)) => {
            cluster.summary = replace_body(&summary, &ours, theirs);
        }
        (field, ..) => return Err(ResolveError::Misplaced(field)),
    }
    Ok(())
}

/// Resolves the `index`th conflict of the cluster at `cluster`, removals included: choosing
/// the side that removed the cluster removes it with its activities. Answers whether the
/// cluster is still there.
pub fn resolve_cluster_in(
    programme: &mut Programme,
    cluster: usize,
    index: usize,
    side: Side,
) -> Result<bool, ResolveError> {
    let kept = programme
        .clusters
        .get_mut(cluster)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    let note = cluster_conflicts(kept)
        .into_iter()
        .nth(index)
        .ok_or(ResolveError::NoSuchConflict(index))?;
    if note.field == ConflictField::Cluster
        && *note.side(side) == ConflictValue::Presence(Presence::Removed)
    {
        programme.clusters.remove(cluster);
        return Ok(false);
    }
    resolve_cluster(kept, index, side)?;
    Ok(true)
}

/// The text without its `index`th line and the line break that joined it to the others: the
/// exact inverse of the merge appending the line.
pub fn remove_line(text: &str, index: usize) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    if index < lines.len() {
        lines.remove(index);
    }
    lines.join("\n")
}

/// Notes (or a summary) that held `ours` followed by conflict lines, with `theirs` in place of
/// `ours`. When the text no longer starts with `ours` (edited since the merge), `theirs`
/// replaces everything but the remaining conflict lines.
fn replace_body(text: &str, ours: &str, theirs: String) -> String {
    let rest = match text.strip_prefix(ours) {
        Some(rest) if ours.is_empty() => rest.to_string(),
        Some("") => String::new(),
        Some(rest) if rest.starts_with('\n') => rest[1..].to_string(),
        _ => conflicts_in(text)
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut out = theirs;
    if !rest.is_empty() {
        super::merge::append_line(&mut out, &rest);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::merge::merge;

    fn programme_with(activity: Activity) -> Programme {
        let mut p = Programme::new(2022, "WP");
        let mut c = Cluster::new("c", "C");
        c.activities.push(activity);
        p.clusters.push(c);
        p.clusters.push(Cluster::new("d", "D"));
        p
    }

    /// The activity merged from three versions of one activity, and the conflicts noted.
    fn merged(base: &Activity, ours: &Activity, theirs: &Activity) -> Activity {
        let m = merge(
            &programme_with(base.clone()),
            &programme_with(ours.clone()),
            &programme_with(theirs.clone()),
        );
        m.programme.clusters[0].activities[0].clone()
    }

    fn value_of(activity: &Activity, field: ConflictField) -> ConflictValue {
        match field {
            ConflictField::Title => ConflictValue::Text(activity.title.clone()),
            ConflictField::Description => ConflictValue::Text(activity.description.clone()),
            ConflictField::Formats => ConflictValue::Formats(activity.formats.clone()),
            ConflictField::Status => ConflictValue::Status(activity.status),
            ConflictField::Start => ConflictValue::Date(activity.start),
            ConflictField::End => ConflictValue::Date(activity.end),
            ConflictField::FollowUpOf => ConflictValue::Reference(activity.follow_up_of.clone()),
            ConflictField::Notes => ConflictValue::Text(activity.notes.clone()),
            other => panic!("{other} is not an activity field"),
        }
    }

    const FIELDS: [ConflictField; 8] = [
        ConflictField::Title,
        ConflictField::Description,
        ConflictField::Formats,
        ConflictField::Status,
        ConflictField::Start,
        ConflictField::End,
        ConflictField::FollowUpOf,
        ConflictField::Notes,
    ];

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[a-c \"\\\\\n\r\t'é😀{}()=;:]{0,8}",
            any::<String>(),
            Just("CONFLICT status: ours=done".to_string()),
        ]
    }

    fn date() -> impl Strategy<Value = Option<PlanDate>> {
        prop_oneof![
            Just(None),
            (1u32..=12, 1u32..=28)
                .prop_map(|(m, d)| Some(format!("2022-{m:02}-{d:02}").parse().unwrap())),
            (1u32..=12).prop_map(|m| Some(format!("2022-{m:02}").parse().unwrap())),
            (1u32..=4).prop_map(|q| Some(format!("2022-Q{q}").parse().unwrap())),
        ]
    }

    prop_compose! {
        fn activity()(
            title in text(),
            description in text(),
            formats in proptest::collection::vec(
                prop_oneof![Just("Webinar".to_string()), "[a-z\"\\\\é ]{1,6}"], 0..3),
            status in proptest::sample::select(Status::ALL.to_vec()),
            start in date(),
            end in date(),
            follow_up_of in proptest::option::of(text()),
            notes in text(),
        ) -> Activity {
            let mut a = Activity::new("a", title);
            a.description = description;
            a.formats = formats.iter().map(|f| Format::parse(f)).collect();
            a.formats.retain(|f| !f.name().is_empty());
            a.status = status;
            a.start = start;
            a.end = end;
            a.follow_up_of = follow_up_of;
            a.notes = notes;
            a
        }
    }

    /// Three versions of one activity where each field is, at random, the same as the base,
    /// changed on one side, or changed on both.
    fn three_versions() -> impl Strategy<Value = (Activity, Activity, Activity)> {
        (activity(), activity(), activity(), any::<[u8; 8]>()).prop_map(|(base, o, t, pick)| {
            let (mut ours, mut theirs) = (base.clone(), base.clone());
            for (field, choice) in FIELDS.iter().zip(pick) {
                if choice % 3 != 0 {
                    copy_field(&mut ours, &o, *field);
                }
                if choice % 3 != 1 {
                    copy_field(&mut theirs, &t, *field);
                }
            }
            (base, ours, theirs)
        })
    }

    fn resolve_all(mut activity: Activity, side: Side) -> Activity {
        while !activity_conflicts(&activity).is_empty() {
            resolve(&mut activity, 0, side).unwrap();
        }
        activity
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn every_conflict_the_merge_writes_reads_back_as_both_sides_had_it(
            (base, ours, theirs) in three_versions()
        ) {
            let merged = merged(&base, &ours, &theirs);
            let notes = activity_conflicts(&merged);
            let expected: Vec<ConflictField> = FIELDS
                .into_iter()
                .filter(|f| {
                    let (b, o, t) = (value_of(&base, *f), value_of(&ours, *f), value_of(&theirs, *f));
                    o != t && b != o && b != t
                })
                .collect();
            let found: Vec<ConflictField> = notes.iter().map(|n| n.field).collect();
            prop_assert_eq!(found, expected);
            for note in &notes {
                prop_assert_eq!(&note.ours, &value_of(&ours, note.field));
                prop_assert_eq!(&note.theirs, &value_of(&theirs, note.field));
                prop_assert_eq!(note.base.as_ref(), Some(&value_of(&base, note.field)));
            }
        }

        #[test]
        fn resolving_every_conflict_gives_the_chosen_side_and_no_conflict_lines(
            (base, ours, theirs) in three_versions()
        ) {
            let merged = merged(&base, &ours, &theirs);
            let conflicted: Vec<ConflictField> =
                activity_conflicts(&merged).iter().map(|n| n.field).collect();
            for (side, chosen) in [(Side::Ours, &ours), (Side::Theirs, &theirs)] {
                let resolved = resolve_all(merged.clone(), side);
                let clean = merged_without_conflicts(&base, &ours, &theirs);
                for field in FIELDS {
                    let want = if conflicted.contains(&field) {
                        value_of(chosen, field)
                    } else {
                        value_of(&clean, field)
                    };
                    prop_assert_eq!(value_of(&resolved, field), want, "{} {:?}", field, side);
                }
            }
        }

        #[test]
        fn any_line_starting_with_the_marker_reads_or_is_left_alone(tail in any::<String>()) {
            let line = format!("CONFLICT {tail}");
            if let Some(note) = parse_line(&line, 0) {
                prop_assert_eq!(parse_line(&note.to_string(), 0), Some(note));
            }
            let mut a = Activity::new("a", "A");
            a.notes = line.clone();
            let before = a.clone();
            let count = activity_conflicts(&a).len();
            if count == 0 {
                prop_assert!(resolve(&mut a, 0, Side::Theirs).is_err());
                prop_assert_eq!(a, before);
            }
        }
    }

    /// The merged activity had no field conflicted: each field as `pick` would have it.
    fn merged_without_conflicts(base: &Activity, ours: &Activity, theirs: &Activity) -> Activity {
        let mut clean = ours.clone();
        for field in FIELDS {
            if value_of(base, field) == value_of(ours, field) {
                copy_field(&mut clean, theirs, field);
            }
        }
        clean
    }

    fn copy_field(to: &mut Activity, from: &Activity, field: ConflictField) {
        match field {
            ConflictField::Title => to.title = from.title.clone(),
            ConflictField::Description => to.description = from.description.clone(),
            ConflictField::Formats => to.formats = from.formats.clone(),
            ConflictField::Status => to.status = from.status,
            ConflictField::Start => to.start = from.start,
            ConflictField::End => to.end = from.end,
            ConflictField::FollowUpOf => to.follow_up_of = from.follow_up_of.clone(),
            ConflictField::Notes => to.notes = from.notes.clone(),
            other => panic!("{other} is not an activity field"),
        }
    }

    fn note(line: &str) -> ConflictNote {
        parse_line(line, 0).unwrap_or_else(|| panic!("{line} does not read"))
    }

    #[test]
    fn status_conflict_reads_with_typed_values() {
        let n = note("CONFLICT status: ours=done theirs=cancelled (base planned)");
        assert_eq!(n.field, ConflictField::Status);
        assert_eq!(n.ours, ConflictValue::Status(Status::Done));
        assert_eq!(n.theirs, ConflictValue::Status(Status::Cancelled));
        assert_eq!(n.base, Some(ConflictValue::Status(Status::Planned)));
    }

    #[test]
    fn quoted_text_is_unescaped() {
        let n = note(r#"CONFLICT title: ours="A" theirs="B \"x\" \\ \n\u{301}é" (base "C")"#);
        assert_eq!(
            n.theirs,
            ConflictValue::Text("B \"x\" \\ \n\u{301}é".into())
        );
        let n = note(r#"CONFLICT formats: ours="Seminar; Webinar" theirs="" (base "Study")"#);
        assert_eq!(
            n.ours,
            ConflictValue::Formats(vec![Format::parse("Seminar"), Format::parse("Webinar")])
        );
        assert_eq!(n.theirs, ConflictValue::Formats(vec![]));
    }

    #[test]
    fn absent_dates_and_references_read_as_none() {
        let n = note("CONFLICT end: ours=none theirs=2022-Q2");
        assert_eq!(n.ours, ConflictValue::Date(None));
        assert_eq!(n.base, None);
        let n = note(r#"CONFLICT follow_up_of: ours=none theirs="2021/x" (base none)"#);
        assert_eq!(n.theirs, ConflictValue::Reference(Some("2021/x".into())));
        assert_eq!(n.base, Some(ConflictValue::Reference(None)));
    }

    #[test]
    fn broken_conflict_lines_are_not_conflicts() {
        for line in [
            "CONFLICT",
            "CONFLICT status",
            "CONFLICT status: ours=done",
            "CONFLICT status: ours=done theirs=nope",
            "CONFLICT status: ours=done theirs=cancelled (base planned",
            "CONFLICT status: ours=done theirs=cancelled (base planned) more",
            r#"CONFLICT title: ours="unterminated theirs="B""#,
            r#"CONFLICT title: ours="\q" theirs="B""#,
            r#"CONFLICT title: ours="\u{110000}" theirs="B""#,
            r#"CONFLICT title: ours=bare theirs="B""#,
            "CONFLICT colour: ours=red theirs=blue",
            r#"CONFLICT cluster: ours="c" theirs=removed"#,
            " CONFLICT status: ours=done theirs=cancelled",
        ] {
            assert_eq!(parse_line(line, 0), None, "{line}");
        }
    }

    #[test]
    fn resolving_takes_out_only_that_line() {
        let mut a = Activity::new("a", "A");
        a.status = Status::Done;
        a.notes = "Keep me\nCONFLICT status: ours=done theirs=cancelled (base planned)\nCONFLICT title: ours=\"A\" theirs=\"B\" (base \"C\")".into();
        resolve(&mut a, 1, Side::Theirs).unwrap();
        assert_eq!(a.title, "B");
        assert_eq!(
            a.notes,
            "Keep me\nCONFLICT status: ours=done theirs=cancelled (base planned)"
        );
        resolve(&mut a, 0, Side::Ours).unwrap();
        assert_eq!((a.status, a.notes.as_str()), (Status::Done, "Keep me"));
        assert_eq!(
            resolve(&mut a, 0, Side::Ours),
            Err(ResolveError::NoSuchConflict(0))
        );
    }

    #[test]
    fn choosing_the_side_that_moved_an_activity_moves_it() {
        let mut a = Activity::new("a", "A");
        a.notes = r#"CONFLICT cluster: ours="c" theirs="d" (base "e")"#.into();
        let mut p = programme_with(a);
        let at = resolve_in(&mut p, Cell::new(0, 0), 0, Side::Theirs).unwrap();
        assert_eq!(at, Some(Cell::new(1, 0)));
        assert_eq!(p.clusters[1].activities[0].notes, "");
        assert!(p.clusters[0].activities.is_empty());
    }

    #[test]
    fn choosing_the_side_that_removed_an_activity_removes_it() {
        let mut a = Activity::new("a", "A");
        a.notes = "CONFLICT activity: ours=changed theirs=removed".into();
        let mut p = programme_with(a);
        let mut kept = p.clone();
        assert_eq!(
            resolve_in(&mut p, Cell::new(0, 0), 0, Side::Theirs),
            Ok(None)
        );
        assert!(p.clusters[0].activities.is_empty());
        assert_eq!(
            resolve_in(&mut kept, Cell::new(0, 0), 0, Side::Ours),
            Ok(Some(Cell::new(0, 0)))
        );
        assert_eq!(kept.clusters[0].activities[0].notes, "");
    }

    #[test]
    fn cluster_name_and_summary_conflicts_resolve_in_the_summary() {
        let mut c = Cluster::new("c", "Ours");
        c.summary = "Our text\nCONFLICT name: ours=\"Ours\" theirs=\"Theirs\" (base \"B\")\nCONFLICT summary: ours=\"Our text\" theirs=\"Their text\" (base \"\")".into();
        resolve_cluster(&mut c, 0, Side::Theirs).unwrap();
        assert_eq!(c.name, "Theirs");
        resolve_cluster(&mut c, 0, Side::Theirs).unwrap();
        assert_eq!(c.summary, "Their text");
    }

    #[test]
    fn choosing_the_side_that_removed_a_cluster_removes_it() {
        let mut p = programme_with(Activity::new("a", "A"));
        p.clusters[1].summary = "CONFLICT cluster: ours=changed theirs=removed".into();
        let mut kept = p.clone();
        assert_eq!(resolve_cluster_in(&mut kept, 1, 0, Side::Ours), Ok(true));
        assert_eq!(kept.clusters[1].summary, "");
        assert_eq!(resolve_cluster_in(&mut p, 1, 0, Side::Theirs), Ok(false));
        assert_eq!(p.clusters.len(), 1);
    }

    #[test]
    fn a_conflict_that_does_not_fit_changes_nothing() {
        let mut c = Cluster::new("c", "C");
        c.summary = "CONFLICT status: ours=done theirs=cancelled".into();
        let before = c.clone();
        assert_eq!(
            resolve_cluster(&mut c, 0, Side::Theirs),
            Err(ResolveError::Misplaced(ConflictField::Status))
        );
        assert_eq!(c, before);
        let mut a = Activity::new("a", "A");
        a.notes = r#"CONFLICT name: ours="A" theirs="B""#.into();
        let before = a.clone();
        assert!(resolve(&mut a, 0, Side::Theirs).is_err());
        assert_eq!(a, before);
    }
}

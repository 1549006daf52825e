//! Merge conflicts left in a programme: the typed note ([`ConflictNote`]) and its line
//! `CONFLICT status: ours=done theirs=cancelled (base planned)`, written and read back here and
//! nowhere else, and (in `resolve`) resolving one by choosing a side.
//!
//! The merge keeps "ours" in the field and writes both values down (see [`super::merge`]), so
//! choosing ours only takes the line out, and choosing theirs sets the field from the line.
//! Text values are quoted as the canonical RON writer quotes strings ([`super::quote`]).
//! A line that starts like a conflict but cannot be read whole is not a conflict: it stays as
//! the planner's text.

use std::fmt;

use super::{
    Activity, Cluster, Field, FieldKind, FieldValue, Format, Programme, join_formats, quote,
    unquote,
};

mod resolve;
#[cfg(test)]
mod tests;

pub use resolve::{
    ResolveError, remove_line, resolve, resolve_cluster, resolve_cluster_in, resolve_in,
    resolve_programme,
};

/// The first word of every conflict line written into a file.
pub const CONFLICT_MARKER: &str = "CONFLICT";

/// One of the two sides of a merge: which one places something, or which value a planner
/// chooses when resolving a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    Ours,
    Theirs,
}

/// What a conflict line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConflictField {
    /// A field both sides changed differently.
    Field(Field),
    /// An activity's cluster (both sides moved it), or a cluster removed against a change.
    Cluster,
    /// An activity removed on one side and changed (or moved) on the other.
    Activity,
    /// An activity both sides moved to different places.
    Place,
    /// A cluster's row, when both sides moved the cluster to different places.
    Row,
}

impl ConflictField {
    /// The name the merge writes: the field's name in files, `cluster` or `activity`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictField::Field(field) => field.as_str(),
            ConflictField::Cluster => "cluster",
            ConflictField::Activity => "activity",
            ConflictField::Place => "place",
            ConflictField::Row => "row",
        }
    }

    fn from_name(name: &str) -> Option<ConflictField> {
        match name {
            "cluster" => Some(ConflictField::Cluster),
            "activity" => Some(ConflictField::Activity),
            "place" => Some(ConflictField::Place),
            "row" => Some(ConflictField::Row),
            // An id conflicts when both sides renamed one activity differently.
            name => Field::from_name(name)
                .filter(|f| f.kind() != FieldKind::Children)
                .map(ConflictField::Field),
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
    /// Moved, and otherwise left as it was.
    Moved,
    Removed,
}

impl Presence {
    fn as_str(self) -> &'static str {
        match self {
            Presence::Changed => "changed",
            Presence::Moved => "moved",
            Presence::Removed => "removed",
        }
    }
}

/// Where one side put an activity: its cluster's id and the activity it follows (`None`: the
/// first of its cluster).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub cluster: String,
    pub after: Option<String>,
}

impl fmt::Display for Place {
    /// `in "meetings" after "pes-board"`, or `in "meetings" first`, ids quoted as the canonical
    /// writer quotes strings.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "in {}", quote(&self.cluster))?;
        match &self.after {
            Some(after) => write!(f, " after {}", quote(after)),
            None => f.write_str(" first"),
        }
    }
}

impl Place {
    /// Reads a place off the front of `text`, answering the rest.
    fn parse(text: &str) -> Option<(Place, &str)> {
        let rest = text.strip_prefix("in \"")?;
        let (cluster, used) = unquote(rest)?;
        let rest = &rest[used..];
        if let Some(rest) = rest.strip_prefix(" first") {
            return Some((
                Place {
                    cluster,
                    after: None,
                },
                rest,
            ));
        }
        let rest = rest.strip_prefix(" after \"")?;
        let (after, used) = unquote(rest)?;
        let after = Some(after);
        Some((Place { cluster, after }, &rest[used..]))
    }
}

/// One side's value in a conflict line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConflictValue {
    /// The field's value; for a move, the cluster id as text.
    Value(FieldValue),
    /// For a removal against a change or a move.
    Presence(Presence),
    /// For a move against a move.
    Place(Place),
    /// For a cluster's row: the cluster it follows (`None`: the first).
    Row(Option<String>),
}

impl ConflictValue {
    /// Text: a title, a cluster's name, a cluster id.
    pub fn text(text: impl Into<String>) -> Self {
        ConflictValue::Value(FieldValue::Text(text.into()))
    }
}

impl From<FieldValue> for ConflictValue {
    fn from(value: FieldValue) -> Self {
        ConflictValue::Value(value)
    }
}

impl fmt::Display for ConflictValue {
    /// The value as the merge writes it: text quoted as the canonical writer quotes strings,
    /// `none` for nothing, words and dates bare.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = match self {
            ConflictValue::Value(value) => value,
            ConflictValue::Presence(presence) => return f.write_str(presence.as_str()),
            ConflictValue::Place(place) => return place.fmt(f),
            ConflictValue::Row(Some(after)) => return write!(f, "after {}", quote(after)),
            ConflictValue::Row(None) => return f.write_str("first"),
        };
        match value {
            FieldValue::Text(text) | FieldValue::Reference(Some(text)) => f.write_str(&quote(text)),
            FieldValue::Formats(formats) => f.write_str(&quote(&join_formats(formats))),
            FieldValue::Status(status) => f.write_str(status.as_str()),
            FieldValue::Date(Some(_))
            | FieldValue::Year(_)
            | FieldValue::Day(Some(_))
            | FieldValue::Stage(Some(_)) => f.write_str(&value.plain()),
            FieldValue::Date(None)
            | FieldValue::Reference(None)
            | FieldValue::Day(None)
            | FieldValue::Stage(None) => f.write_str("none"),
            // The newer fields go by their plain (cell) form, quoted: one pair of functions,
            // `plain` and `FieldKind::from_plain`, writes and reads them.
            FieldValue::List(_)
            | FieldValue::Sessions(_)
            | FieldValue::Outputs(_)
            | FieldValue::Values(_)
            | FieldValue::Themes(_)
            | FieldValue::Fields(_) => f.write_str(&quote(&value.plain())),
        }
    }
}

/// A conflict: the field, both sides' values and the base's, and where its line is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictNote {
    pub field: ConflictField,
    pub ours: ConflictValue,
    pub theirs: ConflictValue,
    /// The common ancestor's value; absent when there was none or for removals.
    pub base: Option<ConflictValue>,
    /// What else the planner should know, in words, written after `; ` at the end of the line:
    /// what the side that kept a removed activity changed, or what a merged value clashes with.
    /// Empty for most conflicts.
    pub detail: String,
    /// The line of the text it was read from (or is written to), counting from 0.
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

    /// The side whose version the file holds: ours, but for a removal the side that kept it.
    pub fn in_file(&self) -> Side {
        match self.ours {
            ConflictValue::Presence(Presence::Removed) => Side::Theirs,
            _ => Side::Ours,
        }
    }

    /// What the common ancestor had, in words: its value, or that the thing was there.
    pub fn base_words(&self) -> String {
        match (&self.base, self.field) {
            (Some(base), _) => format!("base (before both changes): {base}"),
            // A removal always has a base: the thing was in it, as the side that kept it
            // found it.
            (None, ConflictField::Activity) => {
                "base: the activity, before one side removed it".to_string()
            }
            (None, ConflictField::Cluster) if matches!(self.ours, ConflictValue::Presence(_)) => {
                "base: the cluster, before one side removed it".to_string()
            }
            (None, _) => "no common base: both sides added it".to_string(),
        }
    }

    /// Appends the note's line to a text (an activity's notes, a cluster's summary), recording
    /// which line it is.
    pub fn append_to(&mut self, text: &mut String) {
        self.line = if text.is_empty() {
            0
        } else {
            text.split('\n').count()
        };
        append_line(text, &self.to_string());
    }
}

impl fmt::Display for ConflictNote {
    /// The line as the merge writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (field, ours, theirs) = (self.field, &self.ours, &self.theirs);
        write!(f, "{CONFLICT_MARKER} {field}: ours={ours} theirs={theirs}")?;
        if let Some(base) = &self.base {
            write!(f, " (base {base})")?;
        }
        if !self.detail.is_empty() {
            write!(f, "; {}", self.detail)?;
        }
        Ok(())
    }
}

/// Appends a line, always after a line break when there is text already (even text ending in
/// one), so that taking the line out again gives back exactly the text before it.
pub(crate) fn append_line(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(line);
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

/// The conflicts of the programme's own fields (title, year, adoption date), from its notes.
pub fn programme_conflicts(programme: &Programme) -> Vec<ConflictNote> {
    conflicts_in(&programme.notes)
}

/// The conflicts of a cluster, from its summary.
pub fn cluster_conflicts(cluster: &Cluster) -> Vec<ConflictNote> {
    conflicts_in(&cluster.summary)
}

/// Reads one line as a conflict; `None` for anything else.
pub fn parse_line(line: &str, index: usize) -> Option<ConflictNote> {
    let rest = line.strip_prefix(CONFLICT_MARKER)?.strip_prefix(' ')?;
    let (name, rest) = rest.split_once(": ")?;
    let field = ConflictField::from_name(name)?;
    let value = |text, end| match field {
        ConflictField::Place => {
            Place::parse(text).map(|(place, rest)| (ConflictValue::Place(place), rest))
        }
        ConflictField::Row => parse_row(text),
        _ => raw_value(text, end).and_then(|(raw, rest)| Some((typed(field, raw)?, rest))),
    };
    let rest = rest.strip_prefix("ours=")?;
    let (ours, rest) = value(rest, ' ')?;
    let rest = rest.strip_prefix(" theirs=")?;
    let (theirs, rest) = value(rest, ' ')?;
    let (base, rest) = match rest.strip_prefix(" (base ") {
        None => (None, rest),
        Some(rest) => {
            let (base, rest) = value(rest, ')')?;
            (Some(base), rest.strip_prefix(')')?)
        }
    };
    let detail = match rest {
        "" => String::new(),
        rest => rest.strip_prefix("; ")?.to_string(),
    };
    // Both sides are of one kind: a cluster conflict is either a move or a removal.
    if std::mem::discriminant(&ours) != std::mem::discriminant(&theirs) {
        return None;
    }
    Some(ConflictNote {
        field,
        ours,
        theirs,
        base,
        detail,
        line: index,
    })
}

/// Reads a row (`first`, `after "id"`) off the front of `text`, answering the rest.
fn parse_row(text: &str) -> Option<(ConflictValue, &str)> {
    if let Some(rest) = text.strip_prefix("first") {
        return Some((ConflictValue::Row(None), rest));
    }
    let rest = text.strip_prefix("after \"")?;
    let (after, used) = unquote(rest)?;
    Some((ConflictValue::Row(Some(after)), &rest[used..]))
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
        let (value, used) = unquote(quoted)?;
        return Some((Raw::Quoted(value), &quoted[used..]));
    }
    let stop = text.find([end, ' ', ';']).unwrap_or(text.len());
    if stop == 0 {
        return None;
    }
    Some((Raw::Word(&text[..stop]), &text[stop..]))
}

/// A written value read by its field's kind.
fn typed(field: ConflictField, raw: Raw<'_>) -> Option<ConflictValue> {
    let field = match (field, raw) {
        (ConflictField::Cluster, Raw::Quoted(id)) => return Some(ConflictValue::text(id)),
        (ConflictField::Activity | ConflictField::Cluster, Raw::Word(word)) => {
            return Some(ConflictValue::Presence(match word {
                "changed" => Presence::Changed,
                "moved" => Presence::Moved,
                "removed" => Presence::Removed,
                _ => return None,
            }));
        }
        (ConflictField::Field(field), raw) => (field, raw),
        _ => return None,
    };
    let value = match (field.0.kind(), field.1) {
        (FieldKind::Text | FieldKind::MultiLineText | FieldKind::Id, Raw::Quoted(t)) => {
            FieldValue::Text(t)
        }
        (FieldKind::Formats, Raw::Quoted(t)) => FieldValue::Formats(if t.is_empty() {
            Vec::new()
        } else {
            t.split("; ").map(Format::parse).collect()
        }),
        (FieldKind::Status, Raw::Word(w)) => FieldValue::Status(w.parse().ok()?),
        (FieldKind::Date, Raw::Word("none")) => FieldValue::Date(None),
        (FieldKind::Date, Raw::Word(w)) => FieldValue::Date(Some(w.parse().ok()?)),
        (FieldKind::FollowUp, Raw::Word("none")) => FieldValue::Reference(None),
        (FieldKind::FollowUp, Raw::Quoted(t)) => FieldValue::Reference(Some(t)),
        (FieldKind::Year, Raw::Word(w)) => FieldValue::Year(super::Year::parse(w).ok()?.get()),
        (FieldKind::Day, Raw::Word("none")) => FieldValue::Day(None),
        (FieldKind::Stage, Raw::Word("none")) => FieldValue::Stage(None),
        (FieldKind::Stage, Raw::Word(w)) => FieldValue::Stage(Some(w.parse().ok()?)),
        (FieldKind::Day, Raw::Word(w)) if w.len() == 10 => {
            FieldValue::Day(Some(chrono::NaiveDate::parse_from_str(w, "%Y-%m-%d").ok()?))
        }
        (
            kind @ (FieldKind::Codes
            | FieldKind::Tags
            | FieldKind::Sessions
            | FieldKind::Outputs
            | FieldKind::Values
            | FieldKind::ThemeDecls
            | FieldKind::FieldDecls),
            Raw::Quoted(t),
        ) => kind.from_plain(&t).ok()?,
        // Any other pairing is a line that only looks like a conflict: it stays the planner's
        // text.
        _ => return None,
    };
    Some(ConflictValue::Value(value))
}

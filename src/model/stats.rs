//! Frequency tables of a programme's activities: how many per cluster, status, format or
//! quarter, and cross tables of two of those keys. `stats`, the report's charts and the editor
//! count with these.
//!
//! A key says which values an activity counts under ([`GroupKey::members`]); everything else
//! (the order of the rows, the totals, cross tables) follows from that. A new key (a lead, a
//! theme, a programme's own field) is a variant here with its name, its values and their order.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

/// Maps looked up once per activity and value: foldhash, as `check` does, rather than `SipHash`,
/// which was the largest single cost of counting at 100k activities.
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

use serde::Serialize;

use super::field::{Field, FieldKind};
use super::filter::activity_days;
use super::{Activity, Cluster, Format, OwnKind, Programme, Status, split_lead};
use chrono::Datelike;

/// What activities are grouped by: the cluster, the quarters their dates span, a field the
/// field table gives a key ([`Field::key`]: status, format, lead, theme, and any field given one
/// later), or one of the programme's own fields.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum GroupKey {
    /// The cluster an activity is in.
    #[default]
    Cluster,
    /// Each calendar quarter its dates span; undated activities have their own row.
    Quarter,
    /// A field of the table with a key. Status has a row for every status, used or not; a
    /// list field (formats, leads, themes) counts an activity once under each of its values,
    /// and one without any in its own row.
    Field(Field),
    /// One of the programme's own fields, by id: a choice field has a row for each of its
    /// words, a text or url field one per value; an activity without a value has its own row.
    Own(String),
}

/// The value an undated activity counts under.
pub const UNDATED: &str = "(undated)";
/// The value an activity without a format counts under.
pub const NO_FORMAT: &str = "(no format)";

/// A `--by` key that names nothing statistics count by.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("unknown key {word:?}; expected one of {expected}")]
    Unknown { word: String, expected: String },
    /// An own field whose values are not a handful of groups (a number, a date).
    #[error(
        "{id} is a {kind} field, which is not counted by value; group by a choice, text or url \
         field"
    )]
    NotCounted { id: String, kind: &'static str },
}

impl GroupKey {
    /// Statistics by status.
    pub const STATUS: GroupKey = GroupKey::Field(Field::Status);
    /// Statistics by format.
    pub const FORMAT: GroupKey = GroupKey::Field(Field::Formats);
    /// The keys `stats` prints a table of when none is asked for, in that order.
    pub const DEFAULT: [GroupKey; 4] = [
        GroupKey::Cluster,
        GroupKey::STATUS,
        GroupKey::FORMAT,
        GroupKey::Quarter,
    ];

    /// Every key a programme can be counted by: the default ones, then every other field the
    /// field table gives a key, then the programme's own fields that are counted by value.
    pub fn all(programme: &Programme) -> Vec<GroupKey> {
        let mut keys = GroupKey::DEFAULT.to_vec();
        for field in Field::ACTIVITY {
            let key = GroupKey::Field(*field);
            if field.key().is_some() && !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys.extend(
            programme
                .fields
                .iter()
                .filter(|decl| counted_by_value(&decl.kind))
                .map(|decl| GroupKey::Own(decl.id.clone())),
        );
        keys
    }

    /// The key as the command line and the tables name it.
    pub fn name(&self) -> &str {
        match self {
            GroupKey::Cluster => "cluster",
            GroupKey::Quarter => "quarter",
            GroupKey::Field(field) => field.key().unwrap_or(field.as_str()),
            GroupKey::Own(id) => id,
        }
    }

    /// Reads a key's name (any case): a key of [`GroupKey::all`], the built-in ones first.
    pub fn parse(text: &str, programme: &Programme) -> Result<GroupKey, KeyError> {
        let word = text.trim();
        let all = GroupKey::all(programme);
        if let Some(key) = all.iter().find(|key| key.name().eq_ignore_ascii_case(word)) {
            return Ok(key.clone());
        }
        if let Some(decl) = programme.fields.iter().find(|d| d.id == word) {
            return Err(KeyError::NotCounted {
                id: decl.id.clone(),
                kind: decl.kind.word(),
            });
        }
        Err(KeyError::Unknown {
            word: word.to_string(),
            expected: all
                .iter()
                .map(GroupKey::name)
                .collect::<Vec<_>>()
                .join(", "),
        })
    }

    /// How one activity may count more than once under this key, in words for the table's
    /// note; `None` when it counts once.
    pub fn counts_many(&self) -> Option<String> {
        match self {
            GroupKey::Cluster | GroupKey::Own(_) => None,
            GroupKey::Quarter => Some("once in each quarter it spans".to_string()),
            GroupKey::Field(field) => {
                is_list(field.kind()).then(|| format!("once under each {} it has", self.name()))
            }
        }
    }

    /// The row of an activity without a value under this key: `(no format)`, `(no lead)`.
    fn none_row(&self) -> String {
        format!("(no {})", self.name())
    }

    /// The rows of this key for the activities kept, in order, and which rows each kept
    /// activity counts under.
    fn members(
        &self,
        programme: &Programme,
        kept: &[(&Cluster, usize, &Activity)],
    ) -> (Vec<String>, Vec<Membership>) {
        match self {
            GroupKey::Cluster => {
                // Clusters in display order, each once, even when two share a name.
                let mut rows: Vec<String> = Vec::new();
                let clusters = kept.iter().map(|k| k.1 + 1).max().unwrap_or(0);
                let mut row_of: Vec<Option<usize>> = vec![None; clusters];
                let members = kept
                    .iter()
                    .map(|&(cluster, index, _)| {
                        let row = *row_of[index].get_or_insert_with(|| {
                            rows.push(cluster.name.clone());
                            rows.len() - 1
                        });
                        Membership::Span(row, row)
                    })
                    .collect();
                (rows, members)
            }
            GroupKey::Quarter => quarter_members(kept),
            GroupKey::Field(field) => {
                let known: Vec<Format> = match field.kind() {
                    FieldKind::Formats => Format::known().collect(),
                    _ => Vec::new(),
                };
                let (fixed, show_unused): (Vec<&str>, bool) = match field.kind() {
                    FieldKind::Status => (Status::ALL.iter().map(|s| s.as_str()).collect(), true),
                    // The vocabulary is long: only the formats in use, in its order.
                    FieldKind::Formats => (known.iter().map(Format::name).collect(), false),
                    // The programme's themes, each one, in their declared order.
                    FieldKind::Tags => (
                        programme.themes.iter().map(|t| t.id.as_str()).collect(),
                        true,
                    ),
                    _ => (Vec::new(), false),
                };
                value_members(&fixed, show_unused, &self.none_row(), kept, |a, out| {
                    field_values(*field, a, out);
                })
            }
            GroupKey::Own(id) => {
                let words: Vec<&str> = match programme.fields.iter().find(|d| d.id == *id) {
                    Some(decl) => match &decl.kind {
                        OwnKind::Choice(words) => words.iter().map(String::as_str).collect(),
                        OwnKind::Text | OwnKind::Number | OwnKind::Date | OwnKind::Url => {
                            Vec::new()
                        }
                    },
                    None => Vec::new(),
                };
                value_members(&words, true, &self.none_row(), kept, |a, out| {
                    if let Some(value) = a.values.get(id)
                        && !value.trim().is_empty()
                    {
                        out.push(Cow::Borrowed(value.as_str()));
                    }
                })
            }
        }
    }
}

/// Whether an own field's values fall into groups worth counting.
fn counted_by_value(kind: &OwnKind) -> bool {
    match kind {
        OwnKind::Choice(_) | OwnKind::Text | OwnKind::Url => true,
        OwnKind::Number | OwnKind::Date => false,
    }
}

/// Whether a field of this kind holds a list, so an activity may count under several values.
fn is_list(kind: FieldKind) -> bool {
    match kind {
        FieldKind::Formats
        | FieldKind::Codes
        | FieldKind::Tags
        | FieldKind::Sessions
        | FieldKind::Outputs
        | FieldKind::Values
        | FieldKind::Children
        | FieldKind::ThemeDecls
        | FieldKind::FieldDecls => true,
        FieldKind::Id
        | FieldKind::Text
        | FieldKind::MultiLineText
        | FieldKind::Status
        | FieldKind::Date
        | FieldKind::FollowUp
        | FieldKind::Year
        | FieldKind::Day
        | FieldKind::Stage => false,
    }
}

/// The values an activity counts under for a field, added to `out`: its status, its formats'
/// names, its leads' member codes (`BE: Actiris` counts under `BE`), its theme ids; any other
/// field its cell's items or its plain text. Empty values are none.
fn field_values<'a>(field: Field, activity: &'a Activity, out: &mut Vec<Cow<'a, str>>) {
    match field.kind() {
        FieldKind::Status => out.push(Cow::Borrowed(activity.status.as_str())),
        FieldKind::Formats => out.extend(activity.formats.iter().map(|f| Cow::Borrowed(f.name()))),
        FieldKind::Codes => out.extend(
            activity
                .leads
                .iter()
                .map(|lead| split_lead(lead).0)
                .filter(|code| !code.is_empty())
                .map(Cow::Borrowed),
        ),
        FieldKind::Tags => out.extend(activity.themes.iter().map(|t| Cow::Borrowed(t.as_str()))),
        _ => out.extend(
            activity
                .get(field)
                .map(|value| value.items().unwrap_or_else(|| vec![value.plain()]))
                .unwrap_or_default()
                .into_iter()
                .filter(|v| !v.trim().is_empty())
                .map(Cow::Owned),
        ),
    }
}

/// Rows from each activity's values: the `fixed` values first in their order (all of them when
/// `show_unused`, else those in use), then the others by name, then `none` when an activity
/// has no value. An activity counts once under each of its values.
///
/// The values are kept in one list for all activities (`ends` says where each one's end), not
/// a list each: at 100k activities that is two allocations instead of 100k.
fn value_members<'a>(
    fixed: &[&str],
    show_unused: bool,
    none: &str,
    kept: &[(&'a Cluster, usize, &'a Activity)],
    values_of: impl Fn(&'a Activity, &mut Vec<Cow<'a, str>>),
) -> (Vec<String>, Vec<Membership>) {
    let mut flat: Vec<Cow<'a, str>> = Vec::with_capacity(kept.len());
    let mut ends: Vec<usize> = Vec::with_capacity(kept.len());
    for (_, _, activity) in kept {
        values_of(activity, &mut flat);
        ends.push(flat.len());
    }
    let values = || {
        let starts = std::iter::once(0).chain(ends.iter().copied());
        starts.zip(ends.iter().copied()).map(|(s, e)| &flat[s..e])
    };
    let fixed_row: Map<&str, usize> = fixed.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let mut used = vec![show_unused; fixed.len()];
    let mut others: BTreeSet<&str> = BTreeSet::new();
    let mut any_without = false;
    for own in values() {
        any_without |= own.is_empty();
        for value in own {
            match fixed_row.get(value.as_ref()) {
                Some(&i) => used[i] = true,
                None => {
                    others.insert(value.as_ref());
                }
            }
        }
    }
    let mut rows: Vec<String> = Vec::new();
    let mut row_of: Map<&str, usize> = Map::default();
    for (value, _) in fixed.iter().zip(&used).filter(|(_, used)| **used) {
        row_of.insert(value, rows.len());
        rows.push((*value).to_string());
    }
    for value in others {
        row_of.insert(value, rows.len());
        rows.push(value.to_string());
    }
    let without = rows.len();
    if any_without {
        rows.push(none.to_string());
    }
    let members = values()
        .map(|own| {
            let mut own: Vec<usize> = own
                .iter()
                .filter_map(|v| row_of.get(v.as_ref()).copied())
                .collect();
            own.sort_unstable();
            own.dedup();
            match own.as_slice() {
                [] => Membership::Span(without, without),
                [one] => Membership::Span(*one, *one),
                _ => Membership::Rows(own),
            }
        })
        .collect();
    (rows, members)
}

/// Which rows of a key an activity counts under.
#[derive(Clone, Debug)]
enum Membership {
    /// These rows (more than one), each once.
    Rows(Vec<usize>),
    /// Every row from the first to the last (a run of quarters, or one row), without listing
    /// them: an activity over centuries costs no more than one over a month, and an activity
    /// under one value costs no allocation.
    Span(usize, usize),
}

/// A quarter as a number that counts on by one from quarter to quarter.
fn quarter_number(day: chrono::NaiveDate) -> i64 {
    i64::from(day.year()) * 4 + i64::from(day.month0() / 3)
}

fn quarter_label(number: i64) -> String {
    format!("{}-Q{}", number.div_euclid(4), number.rem_euclid(4) + 1)
}

fn quarter_members(kept: &[(&Cluster, usize, &Activity)]) -> (Vec<String>, Vec<Membership>) {
    let spans: Vec<Option<(i64, i64)>> = kept
        .iter()
        .map(|(_, _, a)| activity_days(a).map(|(s, e)| (quarter_number(s), quarter_number(e))))
        .collect();
    let first = spans.iter().flatten().map(|s| s.0).min();
    let last = spans.iter().flatten().map(|s| s.1).max();
    let mut rows: Vec<String> = match (first, last) {
        (Some(first), Some(last)) => (first..=last).map(quarter_label).collect(),
        _ => Vec::new(),
    };
    let undated = rows.len();
    if spans.iter().any(Option::is_none) {
        rows.push(UNDATED.to_string());
    }
    let base = first.unwrap_or(0);
    let members = spans
        .into_iter()
        .map(|span| match span {
            // Days of a checked range never run backwards; a hostile end before its start
            // still counts in its quarters.
            Some((s, e)) => {
                let (s, e) = (s.min(e), s.max(e));
                Membership::Span(as_row(s - base), as_row(e - base))
            }
            None => Membership::Span(undated, undated),
        })
        .collect();
    (rows, members)
}

fn as_row(offset: i64) -> usize {
    usize::try_from(offset).unwrap_or(0)
}

/// One key's table: each row's count of activities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Frequency {
    #[serde(serialize_with = "key_name")]
    pub key: GroupKey,
    /// How many activities were counted (those the filter kept).
    pub activities: usize,
    /// The rows in order: a value and how many activities count under it.
    #[serde(serialize_with = "rows_as_objects")]
    pub rows: Vec<(String, usize)>,
}

/// Two keys' cross table: how many activities count under each pair of values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CrossTable {
    #[serde(serialize_with = "key_name")]
    pub rows_key: GroupKey,
    #[serde(serialize_with = "key_name")]
    pub columns_key: GroupKey,
    pub activities: usize,
    pub row_values: Vec<String>,
    pub column_values: Vec<String>,
    /// `counts[row][column]`.
    pub counts: Vec<Vec<usize>>,
    /// Each row's count whatever the column: the row key's own table.
    pub row_totals: Vec<usize>,
    /// Each column's count whatever the row.
    pub column_totals: Vec<usize>,
}

/// Rows as `{"value": …, "activities": …}`, which reads better in JSON than pairs.
fn rows_as_objects<S: serde::Serializer>(
    rows: &[(String, usize)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Row<'a> {
        value: &'a str,
        activities: usize,
    }
    serializer.collect_seq(rows.iter().map(|(value, activities)| Row {
        value,
        activities: *activities,
    }))
}

fn key_name<S: serde::Serializer>(key: &GroupKey, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(key.name())
}

/// The activities a filter keeps, with their cluster and the cluster's index.
pub fn kept_activities<'a>(
    programme: &'a Programme,
    keep: &impl Fn(&Cluster, &Activity) -> bool,
) -> Vec<(&'a Cluster, usize, &'a Activity)> {
    programme
        .clusters
        .iter()
        .enumerate()
        .flat_map(|(c, cluster)| cluster.activities.iter().map(move |a| (cluster, c, a)))
        .filter(|(cluster, _, a)| keep(cluster, a))
        .collect()
}

/// Counts per row of a membership list: a difference array, so a span costs two steps.
fn tally(rows: usize, members: &[Membership]) -> Vec<usize> {
    let mut delta = vec![0i64; rows + 1];
    for member in members {
        add_member(&mut delta, member);
    }
    prefix(&delta, rows)
}

fn add_member(delta: &mut [i64], member: &Membership) {
    match member {
        Membership::Rows(rows) => {
            for &r in rows {
                delta[r] += 1;
                delta[r + 1] -= 1;
            }
        }
        Membership::Span(first, last) => {
            delta[*first] += 1;
            delta[*last + 1] -= 1;
        }
    }
}

fn prefix(delta: &[i64], rows: usize) -> Vec<usize> {
    let mut running = 0i64;
    (0..rows)
        .map(|r| {
            running += delta[r];
            usize::try_from(running).unwrap_or(0)
        })
        .collect()
}

/// The table of one key.
pub fn frequency(
    programme: &Programme,
    key: GroupKey,
    keep: &impl Fn(&Cluster, &Activity) -> bool,
) -> Frequency {
    frequency_of(programme, key, &kept_activities(programme, keep))
}

/// The table of one key over activities already picked (with their cluster and its index).
pub fn frequency_of(
    programme: &Programme,
    key: GroupKey,
    kept: &[(&Cluster, usize, &Activity)],
) -> Frequency {
    let (values, members) = key.members(programme, kept);
    let counts = tally(values.len(), &members);
    Frequency {
        key,
        activities: kept.len(),
        rows: values.into_iter().zip(counts).collect(),
    }
}

/// The cross table of two different keys.
pub fn cross_table(
    programme: &Programme,
    rows_key: GroupKey,
    columns_key: GroupKey,
    keep: &impl Fn(&Cluster, &Activity) -> bool,
) -> CrossTable {
    // Spans are cheap along columns: a table with quarters down the side is counted with
    // quarters across and turned.
    if rows_key == GroupKey::Quarter && columns_key != GroupKey::Quarter {
        return cross_table(programme, columns_key, rows_key, keep).transposed();
    }
    let kept = kept_activities(programme, keep);
    let (row_values, row_members) = rows_key.members(programme, &kept);
    let (column_values, column_members) = columns_key.members(programme, &kept);
    let columns = column_values.len();
    let mut delta = vec![vec![0i64; columns + 1]; row_values.len()];
    for (row_member, column_member) in row_members.iter().zip(&column_members) {
        match row_member {
            Membership::Rows(rows) => {
                for &r in rows {
                    add_member(&mut delta[r], column_member);
                }
            }
            Membership::Span(first, last) => {
                for row in delta.iter_mut().take(*last + 1).skip(*first) {
                    add_member(row, column_member);
                }
            }
        }
    }
    let counts = delta.iter().map(|d| prefix(d, columns)).collect();
    CrossTable {
        rows_key,
        columns_key,
        activities: kept.len(),
        row_totals: tally(row_values.len(), &row_members),
        column_totals: tally(columns, &column_members),
        row_values,
        column_values,
        counts,
    }
}

impl CrossTable {
    /// The same table with rows and columns swapped.
    fn transposed(self) -> CrossTable {
        let counts = (0..self.column_values.len())
            .map(|c| self.counts.iter().map(|row| row[c]).collect())
            .collect();
        CrossTable {
            rows_key: self.columns_key,
            columns_key: self.rows_key,
            activities: self.activities,
            row_values: self.column_values,
            column_values: self.row_values,
            counts,
            row_totals: self.column_totals,
            column_totals: self.row_totals,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Cluster, FieldDecl, Theme};

    fn programme() -> Programme {
        let mut p = Programme::new(2022, "t");
        let mut a = Cluster::new("a", "A");
        let mut x = Activity::new("x", "X");
        x.formats = vec![Format::parse("Seminar"), Format::parse("Toolkit")];
        x.start = Some("2022-02".parse().unwrap());
        x.end = Some("2022-Q3".parse().unwrap());
        let mut y = Activity::new("y", "Y");
        y.status = Status::Done;
        y.end = Some("2022-12-31".parse().unwrap());
        a.activities = vec![x, y];
        let mut b = Cluster::new("b", "B");
        let mut z = Activity::new("z", "Z");
        z.formats = vec![Format::parse("Seminar"), Format::parse("Own thing")];
        b.activities = vec![z];
        p.clusters = vec![a, b];
        p
    }

    fn all(_: &Cluster, _: &Activity) -> bool {
        true
    }

    #[test]
    fn an_activity_counts_once_per_format_and_the_formatless_have_a_row() {
        let table = frequency(&programme(), GroupKey::FORMAT, &all);
        assert_eq!(table.activities, 3);
        let rows: Vec<(&str, usize)> = table.rows.iter().map(|(v, n)| (v.as_str(), *n)).collect();
        assert_eq!(
            rows,
            [
                ("Seminar", 2),
                ("Toolkit", 1),
                ("Own thing", 1),
                (NO_FORMAT, 1)
            ]
        );
    }

    #[test]
    fn an_activity_counts_in_every_quarter_it_spans_and_undated_ones_apart() {
        let table = frequency(&programme(), GroupKey::Quarter, &all);
        let rows: Vec<(&str, usize)> = table.rows.iter().map(|(v, n)| (v.as_str(), *n)).collect();
        assert_eq!(
            rows,
            [
                ("2022-Q1", 1),
                ("2022-Q2", 1),
                ("2022-Q3", 1),
                ("2022-Q4", 1),
                (UNDATED, 1)
            ]
        );
    }

    #[test]
    fn a_span_over_centuries_is_counted_without_listing_it() {
        let mut p = programme();
        p.clusters[0].activities[0].start = Some("1000-Q1".parse().unwrap());
        p.clusters[0].activities[0].end = Some("9999-Q4".parse().unwrap());
        let table = frequency(&p, GroupKey::Quarter, &all);
        assert_eq!(table.rows.len(), 9000 * 4 + 1);
        assert_eq!(table.rows[0], ("1000-Q1".to_string(), 1));
        assert_eq!(table.rows[4 * 1022 + 3], ("2022-Q4".to_string(), 2));
    }

    #[test]
    fn cross_table_counts_pairs_and_keeps_each_keys_own_totals() {
        let table = cross_table(&programme(), GroupKey::Cluster, GroupKey::STATUS, &all);
        assert_eq!(table.row_values, ["A", "B"]);
        assert_eq!(table.column_values.len(), 6);
        assert_eq!(table.counts[0], [1, 0, 0, 1, 0, 0]);
        assert_eq!(table.counts[1], [1, 0, 0, 0, 0, 0]);
        assert_eq!(table.row_totals, [2, 1]);
        assert_eq!(table.column_totals, [2, 0, 0, 1, 0, 0]);
        let by_quarter = cross_table(&programme(), GroupKey::Quarter, GroupKey::FORMAT, &all);
        assert_eq!(by_quarter.row_values[0], "2022-Q1");
        // Q3: only X, with two formats.
        assert_eq!(by_quarter.counts[2], [1, 1, 0, 0]);
        assert_eq!(by_quarter.counts[4], [1, 0, 1, 0], "undated Z");
    }

    #[test]
    fn the_filter_decides_what_is_counted() {
        let table = frequency(
            &programme(),
            GroupKey::STATUS,
            &|c: &Cluster, _: &Activity| c.id == "b",
        );
        assert_eq!(table.activities, 1);
        assert_eq!(table.rows[0], ("planned".to_string(), 1));
    }

    #[test]
    fn keys_are_read_by_name_and_unknown_ones_named() {
        let mut p = programme();
        assert_eq!(GroupKey::parse("Format", &p), Ok(GroupKey::FORMAT));
        assert_eq!(
            GroupKey::parse("lead", &p),
            Ok(GroupKey::Field(Field::Leads))
        );
        assert_eq!(
            GroupKey::parse("budget", &p).unwrap_err().to_string(),
            "unknown key \"budget\"; expected one of cluster, status, format, quarter, lead, theme"
        );
        p.fields = vec![
            FieldDecl {
                id: "budget".into(),
                name: String::new(),
                kind: OwnKind::Number,
            },
            FieldDecl {
                id: "priority".into(),
                name: String::new(),
                kind: OwnKind::Choice(vec!["high".into(), "low".into()]),
            },
        ];
        assert_eq!(
            GroupKey::parse("Priority", &p),
            Ok(GroupKey::Own("priority".into()))
        );
        assert_eq!(
            GroupKey::parse("budget", &p).unwrap_err().to_string(),
            "budget is a number field, which is not counted by value; group by a choice, text or \
             url field"
        );
        assert_eq!(
            GroupKey::parse("x", &p).unwrap_err().to_string(),
            "unknown key \"x\"; expected one of cluster, status, format, quarter, lead, theme, \
             priority"
        );
    }

    fn rows(table: &Frequency) -> Vec<(&str, usize)> {
        table.rows.iter().map(|(v, n)| (v.as_str(), *n)).collect()
    }

    #[test]
    fn leads_count_by_member_code_once_each_and_the_leadless_apart() {
        let mut p = programme();
        p.clusters[0].activities[0].leads = vec!["FR".into(), "BE: Actiris".into()];
        p.clusters[1].activities[0].leads = vec!["BE: VDAB".into()];
        let table = frequency(&p, GroupKey::Field(Field::Leads), &all);
        assert_eq!(rows(&table), [("BE", 2), ("FR", 1), ("(no lead)", 1)]);
        assert_eq!(
            GroupKey::Field(Field::Leads).counts_many().as_deref(),
            Some("once under each lead it has")
        );
    }

    #[test]
    fn themes_list_every_declared_theme_in_order_then_undeclared_ones() {
        let mut p = programme();
        p.themes = vec![
            Theme {
                id: "mobility".into(),
                name: "Mobility".into(),
            },
            Theme {
                id: "green".into(),
                name: "Green".into(),
            },
        ];
        p.clusters[0].activities[0].themes = vec!["green".into(), "zz".into()];
        p.clusters[1].activities[0].themes = vec!["green".into()];
        let table = frequency(&p, GroupKey::Field(Field::Themes), &all);
        assert_eq!(
            rows(&table),
            [("mobility", 0), ("green", 2), ("zz", 1), ("(no theme)", 1)]
        );
    }

    #[test]
    fn own_choice_fields_have_a_row_per_word_and_text_fields_per_value() {
        let mut p = programme();
        p.fields = vec![
            FieldDecl {
                id: "priority".into(),
                name: String::new(),
                kind: OwnKind::Choice(vec!["high".into(), "medium".into(), "low".into()]),
            },
            FieldDecl {
                id: "rapporteur".into(),
                name: String::new(),
                kind: OwnKind::Text,
            },
        ];
        let set = |p: &mut Programme, c: usize, a: usize, field: &str, value: &str| {
            p.clusters[c].activities[a]
                .values
                .insert(field.into(), value.into());
        };
        set(&mut p, 0, 0, "priority", "low");
        set(&mut p, 0, 1, "priority", "low");
        set(&mut p, 0, 0, "rapporteur", "NL");
        set(&mut p, 1, 0, "rapporteur", "DE");
        let table = frequency(&p, GroupKey::Own("priority".into()), &all);
        assert_eq!(
            rows(&table),
            [("high", 0), ("medium", 0), ("low", 2), ("(no priority)", 1)]
        );
        let table = frequency(&p, GroupKey::Own("rapporteur".into()), &all);
        assert_eq!(rows(&table), [("DE", 1), ("NL", 1), ("(no rapporteur)", 1)]);
        let cross = cross_table(
            &p,
            GroupKey::Own("priority".into()),
            GroupKey::Cluster,
            &all,
        );
        assert_eq!(cross.counts, [[0, 0], [0, 0], [2, 0], [0, 1]]);
    }
}

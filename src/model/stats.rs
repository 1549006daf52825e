//! Frequency tables of a programme's activities: how many per cluster, status, format or
//! quarter, and cross tables of two of those keys. `stats`, the report's charts and the editor
//! count with these.
//!
//! A key says which values an activity counts under ([`GroupKey::members`]); everything else
//! (the order of the rows, the totals, cross tables) follows from that. A new key (a lead, a
//! theme, a programme's own field) is a variant here with its name, its values and their order.

use std::collections::HashMap;

use serde::Serialize;

use super::filter::activity_days;
use super::{Activity, Cluster, Format, Programme, Status};
use chrono::Datelike;

/// What activities are grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum GroupKey {
    /// The cluster an activity is in.
    Cluster,
    /// Its status; every status has a row, used or not.
    Status,
    /// Each of its formats; an activity without one has its own row.
    Format,
    /// Each calendar quarter its dates span; undated activities have their own row.
    Quarter,
}

/// The value an undated activity counts under.
pub const UNDATED: &str = "(undated)";
/// The value an activity without a format counts under.
pub const NO_FORMAT: &str = "(no format)";

impl GroupKey {
    /// Every key, in the order `stats` prints them by default.
    pub const ALL: [GroupKey; 4] = [
        GroupKey::Cluster,
        GroupKey::Status,
        GroupKey::Format,
        GroupKey::Quarter,
    ];

    /// The key as the command line and the tables name it.
    pub fn name(self) -> &'static str {
        match self {
            GroupKey::Cluster => "cluster",
            GroupKey::Status => "status",
            GroupKey::Format => "format",
            GroupKey::Quarter => "quarter",
        }
    }

    /// Reads a key's name (any case).
    pub fn parse(text: &str) -> Result<GroupKey, String> {
        let word = text.trim();
        GroupKey::ALL
            .into_iter()
            .find(|key| key.name().eq_ignore_ascii_case(word))
            .ok_or_else(|| {
                format!(
                    "unknown key {word:?}; expected one of {}",
                    GroupKey::ALL.map(GroupKey::name).join(", ")
                )
            })
    }

    /// How one activity may count more than once under this key, in words for the table's
    /// note; `None` when it counts once.
    pub fn counts_many(self) -> Option<&'static str> {
        match self {
            GroupKey::Cluster | GroupKey::Status => None,
            GroupKey::Format => Some("once under each format it has"),
            GroupKey::Quarter => Some("once in each quarter it spans"),
        }
    }

    /// The rows of this key for the activities kept, in order, and which rows each kept
    /// activity counts under.
    fn members(self, kept: &[(&Cluster, usize, &Activity)]) -> (Vec<String>, Vec<Membership>) {
        match self {
            GroupKey::Cluster => {
                // Clusters in display order, each once, even when two share a name.
                let mut rows: Vec<String> = Vec::new();
                let mut row_of: HashMap<usize, usize> = HashMap::new();
                let members = kept
                    .iter()
                    .map(|&(cluster, index, _)| {
                        let row = *row_of.entry(index).or_insert_with(|| {
                            rows.push(cluster.name.clone());
                            rows.len() - 1
                        });
                        Membership::Rows(vec![row])
                    })
                    .collect();
                (rows, members)
            }
            GroupKey::Status => {
                let rows = Status::ALL.map(|s| s.as_str().to_string()).to_vec();
                let members = kept
                    .iter()
                    .map(|(_, _, a)| {
                        let row = Status::ALL.iter().position(|s| *s == a.status);
                        Membership::Rows(row.into_iter().collect())
                    })
                    .collect();
                (rows, members)
            }
            GroupKey::Format => format_members(kept),
            GroupKey::Quarter => quarter_members(kept),
        }
    }
}

/// Which rows of a key an activity counts under.
#[derive(Clone, Debug)]
enum Membership {
    /// These rows, each once.
    Rows(Vec<usize>),
    /// Every row from the first to the last (a run of quarters), without listing them: an
    /// activity over centuries costs no more than one over a month.
    Span(usize, usize),
}

fn format_members(kept: &[(&Cluster, usize, &Activity)]) -> (Vec<String>, Vec<Membership>) {
    // Known formats in the vocabulary's order, then the file's own by name, then none.
    let mut used: HashMap<&str, (usize, String)> = HashMap::new();
    let known: Vec<String> = Format::known().map(|f| f.name().to_string()).collect();
    let mut any_without = false;
    for (_, _, activity) in kept {
        any_without |= activity.formats.is_empty();
        for format in &activity.formats {
            let name = format.name();
            if !used.contains_key(name) {
                let rank = known.iter().position(|k| k == name).unwrap_or(known.len());
                used.insert(name, (rank, name.to_string()));
            }
        }
    }
    let mut rows: Vec<(usize, String)> = used.into_values().collect();
    rows.sort();
    let mut rows: Vec<String> = rows.into_iter().map(|(_, name)| name).collect();
    let row_of: HashMap<String, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, name)| (name.clone(), i))
        .collect();
    let without = rows.len();
    if any_without {
        rows.push(NO_FORMAT.to_string());
    }
    let members = kept
        .iter()
        .map(|(_, _, activity)| {
            let mut own: Vec<usize> = activity
                .formats
                .iter()
                .filter_map(|f| row_of.get(f.name()).copied())
                .collect();
            own.sort_unstable();
            own.dedup();
            if own.is_empty() {
                own.push(without);
            }
            Membership::Rows(own)
        })
        .collect();
    (rows, members)
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
            None => Membership::Rows(vec![undated]),
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

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `serialize_with` passes the field by reference"
)]
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
    let kept = kept_activities(programme, keep);
    let (values, members) = key.members(&kept);
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
    let (row_values, row_members) = rows_key.members(&kept);
    let (column_values, column_members) = columns_key.members(&kept);
    let columns = column_values.len();
    let mut delta = vec![vec![0i64; columns + 1]; row_values.len()];
    for (row_member, column_member) in row_members.iter().zip(&column_members) {
        let rows = match row_member {
            Membership::Rows(rows) => rows.clone(),
            Membership::Span(first, last) => (*first..=*last).collect(),
        };
        for r in rows {
            add_member(&mut delta[r], column_member);
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
    use crate::model::{Activity, Cluster};

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
        let table = frequency(&programme(), GroupKey::Format, &all);
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
        let table = cross_table(&programme(), GroupKey::Cluster, GroupKey::Status, &all);
        assert_eq!(table.row_values, ["A", "B"]);
        assert_eq!(table.column_values.len(), 6);
        assert_eq!(table.counts[0], [1, 0, 0, 1, 0, 0]);
        assert_eq!(table.counts[1], [1, 0, 0, 0, 0, 0]);
        assert_eq!(table.row_totals, [2, 1]);
        assert_eq!(table.column_totals, [2, 0, 0, 1, 0, 0]);
        let by_quarter = cross_table(&programme(), GroupKey::Quarter, GroupKey::Format, &all);
        assert_eq!(by_quarter.row_values[0], "2022-Q1");
        // Q3: only X, with two formats.
        assert_eq!(by_quarter.counts[2], [1, 1, 0, 0]);
        assert_eq!(by_quarter.counts[4], [1, 0, 1, 0], "undated Z");
    }

    #[test]
    fn the_filter_decides_what_is_counted() {
        let table = frequency(
            &programme(),
            GroupKey::Status,
            &|c: &Cluster, _: &Activity| c.id == "b",
        );
        assert_eq!(table.activities, 1);
        assert_eq!(table.rows[0], ("planned".to_string(), 1));
    }

    #[test]
    fn keys_are_read_by_name_and_unknown_ones_named() {
        assert_eq!(GroupKey::parse("Format"), Ok(GroupKey::Format));
        assert_eq!(
            GroupKey::parse("lead").unwrap_err(),
            "unknown key \"lead\"; expected one of cluster, status, format, quarter"
        );
    }
}

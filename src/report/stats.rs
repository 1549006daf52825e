//! Frequency tables as text for people (`wpmatrix stats`), and as records for CSV: one key's
//! counts, or two keys' cross table, each with a note when an activity may count more than once.

use std::fmt::Write as _;

use crate::model::stats::{CrossTable, Frequency, GroupKey};
use crate::text::{columns, pad, plural, printable};

/// The widest a value is shown at the side of a table.
const VALUE_WIDTH: usize = 40;

/// What the counts are, under a table: how many activities, and which keys count one activity
/// more than once.
pub fn note(activities: usize, keys: &[&GroupKey]) -> String {
    let many: Vec<String> = keys.iter().filter_map(|k| k.counts_many()).collect();
    let count = plural(activities, "activity");
    if many.is_empty() {
        count
    } else {
        format!(
            "{count}; an activity counts {}, so the counts may add up to more",
            many.join(" and ")
        )
    }
}

fn side_width<'a>(title: &str, values: impl Iterator<Item = &'a String>) -> usize {
    values
        .map(|v| columns(&printable(v)).min(VALUE_WIDTH))
        .chain([columns(title), columns("all")])
        .max()
        .unwrap_or(0)
}

/// One key's table.
pub fn frequency_text(table: &Frequency) -> String {
    let name = table.key.name();
    let width = side_width(name, table.rows.iter().map(|(v, _)| v));
    let count_width = columns("activities");
    let mut out = format!("{}  activities\n", pad(name, width));
    for (value, count) in &table.rows {
        let _ = writeln!(out, "{}  {count:>count_width$}", pad(value, width));
    }
    let _ = writeln!(out, "{}", note(table.activities, &[&table.key]));
    out
}

/// Two keys' table: the first key down the side, the second across, and `all` for each
/// value whatever the other key.
pub fn cross_text(table: &CrossTable) -> String {
    let corner = format!("{} \\ {}", table.rows_key.name(), table.columns_key.name());
    let width = side_width(&corner, table.row_values.iter());
    let headings: Vec<String> = table
        .column_values
        .iter()
        .map(|v| printable(v).into_owned())
        .chain(["all".to_string()])
        .collect();
    let widths: Vec<usize> = headings.iter().map(|h| columns(h).max(3)).collect();
    let mut out = pad(&corner, width);
    for (heading, w) in headings.iter().zip(&widths) {
        let _ = write!(out, "  {}", pad(heading, *w));
    }
    let mut out = out.trim_end().to_string();
    out.push('\n');
    let mut line = |name: &str, counts: &[usize], all: usize| {
        let mut text = pad(name, width);
        for (count, w) in counts.iter().chain([&all]).zip(&widths) {
            let _ = write!(text, "  {count:>w$}");
        }
        let _ = writeln!(out, "{text}");
    };
    for (r, value) in table.row_values.iter().enumerate() {
        line(value, &table.counts[r], table.row_totals[r]);
    }
    line("all", &table.column_totals, table.activities);
    let _ = writeln!(
        out,
        "{}",
        note(table.activities, &[&table.rows_key, &table.columns_key])
    );
    out
}

/// One key's table as CSV records: `KEY,activities`, then a row per value.
pub fn frequency_records(table: &Frequency) -> Vec<Vec<String>> {
    let mut records = vec![vec![table.key.name().to_string(), "activities".to_string()]];
    records.extend(
        table
            .rows
            .iter()
            .map(|(value, count)| vec![value.clone(), count.to_string()]),
    );
    records
}

/// Two keys' table as CSV records, one per pair of values: `ROWKEY,COLUMNKEY,activities`.
pub fn cross_records(table: &CrossTable) -> Vec<Vec<String>> {
    let mut records = vec![vec![
        table.rows_key.name().to_string(),
        table.columns_key.name().to_string(),
        "activities".to_string(),
    ]];
    for (r, row) in table.row_values.iter().enumerate() {
        for (c, column) in table.column_values.iter().enumerate() {
            records.push(vec![
                row.clone(),
                column.clone(),
                table.counts[r][c].to_string(),
            ]);
        }
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::stats::GroupKey;

    #[test]
    fn the_note_says_which_keys_count_an_activity_more_than_once() {
        assert_eq!(note(1, &[&GroupKey::STATUS]), "1 activity");
        assert_eq!(
            note(3, &[&GroupKey::FORMAT, &GroupKey::Quarter]),
            "3 activities; an activity counts once under each format it has and once in each \
             quarter it spans, so the counts may add up to more"
        );
    }
}

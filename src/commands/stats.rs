//! `wpmatrix stats [FILE] [--by KEY,...] [--filter F] [--format text|csv|json]`: frequency
//! tables of the programme's activities, or a cross table of two keys.

use serde::Serialize;

use super::report::{parse_filter, programme_file};
use super::{Console, Outcome, Unusable, write_out};
use crate::cli::{StatsArgs, StatsFormat};
use crate::exchange::csv_rows::{self, CsvFlavour};
use crate::model::stats::{self, CrossTable, Frequency, GroupKey};
use crate::model::{Activity, Cluster, Programme};
use crate::report::stats::{cross_records, cross_text, frequency_records, frequency_text};
use crate::store;
use crate::text::terminal_safe;

/// What `--by` asks for.
#[derive(Serialize)]
#[serde(untagged)]
enum Tables {
    Each(Vec<Frequency>),
    Cross(CrossTable),
}

/// Prints the tables.
pub fn run(args: &StatsArgs, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let file = programme_file(args.file.as_deref())?;
    let filter = parse_filter(args.filter.as_deref())?;
    let (_, parsed) = store::load(&file)?;
    let programme = parsed.programme;
    // The programme's own fields are keys too, so the keys are read once it is loaded.
    let keys = keys(&args.by, &programme)?;
    let keep = |cluster: &Cluster, activity: &Activity| filter.matches(cluster, activity);
    let tables = match keys.as_slice() {
        [rows, columns] => Tables::Cross(stats::cross_table(
            &programme,
            rows.clone(),
            columns.clone(),
            &keep,
        )),
        keys => {
            // The filter is judged once for every table.
            let kept = stats::kept_activities(&programme, &keep);
            Tables::Each(
                keys.iter()
                    .map(|key| stats::frequency_of(&programme, key.clone(), &kept))
                    .collect(),
            )
        }
    };
    let text = match (args.format, &tables) {
        (StatsFormat::Text, Tables::Cross(table)) => cross_text(table),
        (StatsFormat::Text, Tables::Each(tables)) => tables
            .iter()
            .map(frequency_text)
            .collect::<Vec<_>>()
            .join("\n"),
        (StatsFormat::Csv, tables) => {
            let records = match tables {
                Tables::Cross(table) => cross_records(table),
                Tables::Each(tables) => tables.iter().flat_map(frequency_records).collect(),
            };
            let mut bytes = Vec::new();
            csv_rows::write_records_with(records, CsvFlavour::Plain, b',', &mut bytes)
                .map_err(|e| Unusable(format!("cannot write CSV: {e}")))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        (StatsFormat::Json, tables) => {
            let mut json = serde_json::to_string_pretty(tables)
                .map_err(|e| Unusable(format!("cannot write JSON: {e}")))?;
            json.push('\n');
            json
        }
    };
    if console.out_is_terminal {
        write_out(console.out, &terminal_safe(&text))?;
    } else {
        write_out(console.out, &text)?;
    }
    Ok(Outcome::Yes)
}

/// The keys `--by` names: none means the default keys, one table each; two a cross table.
fn keys(by: &[String], programme: &Programme) -> Result<Vec<GroupKey>, Unusable> {
    let keys = by
        .iter()
        .map(|name| GroupKey::parse(name, programme).map_err(|e| Unusable(format!("--by: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    match keys.as_slice() {
        [] => Ok(GroupKey::DEFAULT.to_vec()),
        [a, b] if a == b => Err(Unusable(format!(
            "--by {0},{0}: a cross table needs two different keys",
            a.name()
        ))),
        [_] | [_, _] => Ok(keys),
        _ => Err(Unusable(format!(
            "--by {}: give one key for its table or two for a cross table",
            by.join(",")
        ))),
    }
}

//! `wpmatrix new YEAR --from FILE`: rolls a programme over to a later year and lists what stays
//! behind.

use std::fmt::Write as _;
use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::model::rollover::{Dates, roll_over};
use crate::model::{YEARS, Year};
use crate::store;

/// Writes the new year's programme (never over an existing file) and prints what was carried
/// over and what was left behind.
pub fn run(
    year: i32,
    from: &Path,
    output: Option<&Path>,
    clear_dates: bool,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    Year::new(year.into()).map_err(|e| Unusable(e.to_string()))?;
    let old = store::load(from)?.1.programme;
    if year <= old.year {
        return Err(Unusable(format!(
            "{} plans {}; the new year must come after it, not {year}",
            from.display(),
            old.year
        )));
    }
    let target = output.map_or_else(
        || from.with_file_name(format!("{year}.ron")),
        Path::to_path_buf,
    );
    if target.exists() {
        return Err(Unusable(format!(
            "{} already exists; remove it or choose another file with -o",
            target.display()
        )));
    }
    let dates = if clear_dates {
        Dates::Clear
    } else {
        Dates::Move
    };
    let rolled = roll_over(&old, year, dates);
    if !rolled.out_of_range.is_empty() {
        let shown: Vec<String> = rolled
            .out_of_range
            .iter()
            .take(3)
            .map(|(id, date)| format!("{id} {date}"))
            .collect();
        let more = rolled.out_of_range.len().saturating_sub(shown.len());
        return Err(Unusable(format!(
            "{}: moving its dates on to {year} would take {} of them past {}-12-31 ({}{}); choose an earlier year or --clear-dates",
            from.display(),
            rolled.out_of_range.len(),
            YEARS.end(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        )));
    }
    store::save(&target, &rolled.programme).map_err(|e| Unusable::io("write", &target, &e))?;

    let mut out = format!(
        "wrote {}: {} activities carried over from {} ({}), dates {}\n",
        target.display(),
        rolled.programme.activity_count(),
        from.display(),
        old.year,
        match dates {
            Dates::Move => "moved on",
            Dates::Clear => "cleared",
        }
    );
    if !rolled.left_behind.is_empty() {
        let _ = writeln!(
            out,
            "left behind in {} ({}):",
            old.year,
            rolled.left_behind.len()
        );
        for left in &rolled.left_behind {
            let _ = writeln!(
                out,
                "  {:<9} {} / {} ({})",
                left.status.as_str(),
                left.cluster,
                left.title,
                left.id
            );
        }
    }
    write_out(console.out, &out)?;
    Ok(Outcome::Yes)
}

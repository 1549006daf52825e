//! `wpmatrix new YEAR --from FILE`: rolls a programme over to a later year and lists what stays
//! behind.

use std::fmt::Write as _;
use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::model::rollover::{Dates, roll_over};
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
    let old = store::load(from)?.1.programme;
    if !(1000..=9999).contains(&year) {
        return Err(Unusable(format!("{year} is not a four-digit year")));
    }
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

//! `wpmatrix new YEAR [--from FILE | --empty | --clusters-from FILE]`: starts a new year's
//! programme, rolled over from an old one (by default the newest under `programmes/`) or from
//! clusters alone, and says what was carried over and what was not.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::edit::{newest_programme, programmes_folder, shown_folder};
use super::{Console, Outcome, Unusable, write_out};
use crate::model::rollover::{Dates, Rollover, clusters_only, roll_over, standard};
use crate::model::{Programme, YEARS, Year};
use crate::store;
use crate::text::{plural, printable};

/// Where the new programme comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Roll over the newest `programmes/<year>.ron` under the current folder.
    Newest,
    /// Roll over this programme.
    From(PathBuf),
    /// The standard clusters, no activities.
    Empty,
    /// This programme's clusters, no activities.
    ClustersFrom(PathBuf),
}

impl Source {
    /// The source the options name; clap lets at most one of them through.
    pub fn of(from: Option<PathBuf>, empty: bool, clusters_from: Option<PathBuf>) -> Self {
        match (from, clusters_from) {
            (Some(from), _) => Source::From(from),
            (None, Some(file)) => Source::ClustersFrom(file),
            (None, None) if empty => Source::Empty,
            (None, None) => Source::Newest,
        }
    }
}

/// Writes the new year's programme (never over an existing file) and prints what it holds and
/// what stayed behind.
pub fn run(
    year: i32,
    source: &Source,
    output: Option<&Path>,
    clear_dates: bool,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    Year::new(year.into()).map_err(|e| Unusable(e.to_string()))?;
    let folder = programmes_folder();
    let from = match source {
        Source::Empty => None,
        Source::Newest => Some(newest_to_roll_over(&folder)?),
        Source::From(file) | Source::ClustersFrom(file) => Some(file.clone()),
    };
    let target = match (output, &from) {
        (Some(out), _) => out.to_path_buf(),
        (None, Some(from)) => from.with_file_name(format!("{year}.ron")),
        (None, None) => folder.join(format!("{year}.ron")),
    };
    // Before anything is read: `new 2023` when 2023 is there says so, whatever the source.
    if store::file::is_regular(&target) {
        return Err(Unusable(format!(
            "{} already exists; remove it or choose another file with -o",
            target.display()
        )));
    }
    let (programme, report) = match (source, &from) {
        (Source::Empty, _) | (_, None) => {
            let programme = standard(year);
            let report = format!(
                "{} standard clusters, no activities\n",
                programme.clusters.len()
            );
            (programme, report)
        }
        (Source::ClustersFrom(_), Some(file)) => {
            let old = store::load(file)?.1.programme;
            let programme = clusters_only(&old, year);
            let report = format!(
                "{} clusters from {} ({}), no activities\n",
                programme.clusters.len(),
                file.display(),
                old.year
            );
            (programme, report)
        }
        (Source::Newest | Source::From(_), Some(file)) => rolled_over(file, year, clear_dates)?,
    };
    if output.is_none() && from.is_none() && !folder.as_os_str().is_empty() {
        // A start from nothing in a fresh folder: the default folder is made, nothing else.
        std::fs::create_dir_all(&folder).map_err(|e| Unusable::io("create", &folder, &e))?;
    }
    store::save(&target, &programme).map_err(|e| Unusable::io("write", &target, &e))?;
    write_out(
        console.out,
        &format!("wrote {}: {report}", target.display()),
    )?;
    Ok(Outcome::Yes)
}

/// The newest programme in the programmes folder, or a message on how to name or start one.
fn newest_to_roll_over(folder: &Path) -> Result<PathBuf, Unusable> {
    match newest_programme(folder) {
        Ok(Some(path)) => Ok(path),
        Ok(None) => Err(Unusable(format!(
            "no {}<year>.ron here to roll over; name one with --from FILE, or start with --empty",
            shown_folder(folder).replace("this folder", "")
        ))),
        Err(e) => Err(Unusable(format!(
            "{} cannot be read ({e}); name a programme to roll over with --from FILE",
            shown_folder(folder)
        ))),
    }
}

/// Rolls `from` over to `year`: the programme and the report of what was carried over, what
/// stayed behind and which notes were cleared.
fn rolled_over(from: &Path, year: i32, clear_dates: bool) -> Result<(Programme, String), Unusable> {
    let old = store::load(from)?.1.programme;
    if year <= old.year {
        return Err(Unusable(format!(
            "{} plans {}; the new year must come after it, not {year}",
            from.display(),
            old.year
        )));
    }
    let dates = if clear_dates {
        Dates::Clear
    } else {
        Dates::Move
    };
    let rolled = roll_over(&old, year, dates);
    if !rolled.out_of_range.is_empty() {
        return Err(Unusable(out_of_range(from, year, &rolled)));
    }
    let mut out = format!(
        "{} activities carried over from {} ({}), dates {}\n{}",
        rolled.programme.activity_count(),
        from.display(),
        old.year,
        match dates {
            Dates::Move => "moved on",
            Dates::Clear => "cleared",
        },
        skipped(old.year, year)
    );
    if rolled.notes_cleared > 0 {
        let _ = writeln!(
            out,
            "notes cleared on {} of them (they stay in {})",
            rolled.notes_cleared,
            from.display()
        );
    }
    if rolled.sessions_left + rolled.outputs_left > 0 {
        let _ = writeln!(
            out,
            "{} and {} of them left behind (they stay in {})",
            plural(rolled.sessions_left, "session"),
            plural(rolled.outputs_left, "output"),
            from.display()
        );
    }
    if !rolled.renamed.is_empty() {
        let _ = writeln!(
            out,
            "titles naming the year, renamed ({}):",
            rolled.renamed.len()
        );
        for renamed in &rolled.renamed {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" ({})",
                printable(&renamed.from),
                printable(&renamed.to),
                printable(&renamed.id)
            );
        }
    }
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
                printable(&left.cluster),
                printable(&left.title),
                printable(&left.id)
            );
        }
    }
    Ok((rolled.programme, out))
}

/// The line saying which years a roll-over passes by, if any (from 2023 to 2025: 2024).
fn skipped(from: i32, to: i32) -> String {
    let (first, last) = (from.saturating_add(1), to.saturating_sub(1));
    let (years, verb) = match last - first {
        ..0 => return String::new(),
        0 => (first.to_string(), "is"),
        1 => (format!("{first} and {last}"), "are"),
        _ => (format!("{first} to {last}"), "are"),
    };
    format!("{years} {verb} skipped: {from} rolls over straight to {to}\n")
}

/// Why the dates cannot be moved on: the first few that would leave the four-digit years.
fn out_of_range(from: &Path, year: i32, rolled: &Rollover) -> String {
    let shown: Vec<String> = rolled
        .out_of_range
        .iter()
        .take(3)
        .map(|(id, date)| format!("{id} {date}"))
        .collect();
    let more = rolled.out_of_range.len().saturating_sub(shown.len());
    format!(
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
    )
}

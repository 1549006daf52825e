//! `wpmatrix import CSV (-o FILE | --into EXISTING) [--dry-run] [--keep-going]`: a rows-layout
//! CSV back into a programme, all or nothing unless `--keep-going`.

use std::collections::HashMap;
use std::path::Path;

use super::{Console, Outcome, Unusable, progress, write_out};
use crate::exchange::csv_import::{RowProblem, Sheet, apply, read_sheet};
use crate::model::diff::diff;
use crate::model::{Programme, Severity, Target, check};
use crate::report::diff::render_text;
use crate::report::plural;
use crate::store;

/// Imports the CSV. Row problems: nothing written (exit 2), or with `--keep-going` the good rows
/// written and the rest listed (exit 1).
pub fn run(
    csv: &Path,
    output: Option<&Path>,
    into: Option<&Path>,
    dry_run: bool,
    keep_going: bool,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let mut progress = progress::watch(console, "importing");
    let console = &mut progress.console();
    let name = csv.display().to_string();
    let bytes = std::fs::read(csv).map_err(|e| Unusable::io("read", csv, &e))?;
    let sheet = read_sheet(&bytes).map_err(|p| Unusable(format!("{name}:{p}")))?;
    // Without a usable year in any row (every row refused) the rows' problems are the news,
    // not the missing year.
    if into.is_none() && new_year(&sheet, output).is_none() && !sheet.problems.is_empty() {
        for problem in &sheet.problems {
            write_out(console.err, &format!("{name}:{problem}\n"))?;
        }
        let count = plural(sheet.problems.len(), "problem");
        return Err(Unusable(format!(
            "{name}: {count} and no row with a usable year, nothing written"
        )));
    }
    let (target, base) = starting_point(&sheet, &name, output, into, dry_run)?;

    let mut programme = base.clone();
    let (mut problems, lines) = apply(&sheet, &mut programme);
    problems.extend(sheet.problems.iter().cloned());
    problems.sort_by_key(|p| p.line);
    let invalid = invalid_programme(&programme, &lines);
    for problem in problems.iter().chain(&invalid) {
        write_out(console.err, &format!("{name}:{problem}\n"))?;
    }
    if !invalid.is_empty() || (!problems.is_empty() && !keep_going) {
        let hint = if invalid.is_empty() {
            "; --keep-going writes the good rows"
        } else {
            ""
        };
        let count = plural(problems.len() + invalid.len(), "problem");
        return Err(Unusable(format!("{name}: {count}, nothing written{hint}")));
    }

    let target_name = target.display().to_string();
    let verb = if dry_run { "would write" } else { "wrote" };
    let report = if into.is_none() {
        format!(
            "{verb} {target_name}: {}, {}\n{}\n",
            plural(programme.clusters.len(), "cluster"),
            plural(programme.activity_count(), "activity"),
            not_in_rows_layout(&programme.title)
        )
    } else {
        let changes = diff(&base, &programme);
        if changes.is_empty() {
            format!("{target_name}: no changes\n")
        } else {
            let colour = console.out_is_terminal;
            format!("{}{verb} {target_name}\n", render_text(&changes, colour))
        }
    };
    // Written before it is reported: a failed write must not follow "wrote …".
    if !dry_run && (into.is_none() || programme != base) {
        crate::session::writable::check(target).map_err(|e| Unusable(e.to_string()))?;
        store::save(target, &programme).map_err(|e| Unusable::io("write", target, &e))?;
    }
    write_out(console.out, &report)?;
    if problems.is_empty() {
        return Ok(Outcome::Yes);
    }
    let left_out = plural(problems.len(), "row problem");
    write_out(console.err, &format!("{name}: {left_out} left out\n"))?;
    Ok(Outcome::No)
}

/// Where the result goes and what the rows go into: the `--into` programme, or a new one for
/// the CSV's year (the `year` column's, else the output file's name).
fn starting_point<'p>(
    sheet: &Sheet,
    name: &str,
    output: Option<&'p Path>,
    into: Option<&'p Path>,
    dry_run: bool,
) -> Result<(&'p Path, Programme), Unusable> {
    if let Some(existing) = into {
        let (_, parsed) = store::load(existing)?;
        if !parsed.comments.is_empty() && !dry_run {
            return Err(Unusable(format!(
                "{}: has comments that writing would drop; move them into `notes`, \
                 or run `wpmatrix fmt --drop-comments` on it first",
                existing.display()
            )));
        }
        return Ok((existing, parsed.programme));
    }
    let Some(output) = output else {
        return Err(Unusable("import needs -o FILE or --into FILE".into()));
    };
    if output.exists() && !dry_run {
        return Err(Unusable(format!(
            "{0} exists; `--into {0}` merges the CSV into it (keeping what the CSV lacks), \
             or remove it first",
            output.display()
        )));
    }
    // `check` wants a programme's year in its file name: never write a file it rejects.
    if let (Some(rows), Some(named)) = (sheet.year(), store::year_of_file_name(output))
        && rows != named
    {
        let fitting = output.with_file_name(format!("{rows}.ron"));
        return Err(Unusable(format!(
            "{name}: the rows are for {rows} (the `year` column), but {} is named for \
             {named}, which `check` would reject; write it to {}, or change the year \
             column to {named}",
            output.display(),
            fitting.display()
        )));
    }
    let year = new_year(sheet, Some(output)).ok_or_else(|| {
        Unusable(format!(
            "{name}: no year; add a `year` column, or name the output after the year \
             (programmes/2023.ron)"
        ))
    })?;
    Ok((
        output,
        Programme::new(year, format!("Work Programme {year}")),
    ))
}

/// The year of a new programme: the rows' `year` column, else the output file's name.
fn new_year(sheet: &Sheet, output: Option<&Path>) -> Option<i32> {
    sheet
        .year()
        .or_else(|| output.and_then(store::year_of_file_name))
}

/// What a plain import cannot give back, said after every one, so that nobody replaces a
/// programme with an import of its export and loses them unawares.
fn not_in_rows_layout(title: &str) -> String {
    format!(
        "note: the title, adoption date, cluster summaries and empty clusters are not in the rows \
         layout; the title is {title:?}. `import --into EXISTING` keeps them from an existing programme"
    )
}

/// Errors `check` finds in the programme import would write, at the line of the row that put
/// the activity there where there is one. Import checks rows as it reads them, so these are rare.
fn invalid_programme(programme: &Programme, lines: &HashMap<String, u64>) -> Vec<RowProblem> {
    check(programme)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .map(|p| {
            let line = match p.location.target {
                Target::Activity(cell) => programme
                    .activity(cell)
                    .and_then(|a| lines.get(&a.id))
                    .copied(),
                _ => None,
            };
            RowProblem {
                line: line.unwrap_or(1),
                message: p.message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Cluster};

    fn programme() -> Programme {
        let mut p = Programme::new(2022, "WP");
        let mut c = Cluster::new("c", "C");
        c.activities.push(Activity::new("a", "A"));
        c.activities.push(Activity::new("b", "B"));
        p.clusters.push(c);
        p
    }

    #[test]
    fn an_invalid_result_is_reported_at_the_row_that_made_it() {
        let mut p = programme();
        let b = &mut p.clusters[0].activities[1];
        b.start = Some("2022-06".parse().unwrap());
        b.end = Some("2022-Q1".parse().unwrap());
        let lines = HashMap::from([("b".to_string(), 7)]);
        assert_eq!(
            invalid_programme(&p, &lines),
            [RowProblem {
                line: 7,
                message: "end 2022-Q1 is before start 2022-06".into()
            }]
        );
    }
}

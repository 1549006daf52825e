//! `wpmatrix import CSV|XLSX (-o FILE | --into EXISTING [--prune [--force]]) [--dates dmy|mdy]
//! [--match-titles] [--dry-run] [--keep-going]`: a rows-layout sheet back into a programme, all or nothing
//! unless `--keep-going`.

use std::path::Path;

use super::{Console, Outcome, Unusable, progress, write_out};
use crate::cli::{DatesOrder, ImportArgs};
use crate::exchange::csv_import::{
    Applied, Column, DateOrder, RowLines, RowProblem, Sheet, SheetError, Similar, TitleMatch,
    UnknownColumns, apply_sheet_rows, read_csv, read_table, unknown_columns,
};
use crate::exchange::xlsx_read::{XlsxReadError, read_xlsx};
use crate::model::diff::{SharedWith, diff_from_cells, outline};
use crate::model::sheet::{prune, unclaimed};
use crate::model::{Activity, FieldDecl, OwnKind, Programme, Severity, Target, Theme, check, slug};
use crate::report::diff::render_text;
use crate::store;
use crate::text::plural;

/// Imports the sheet. Row problems: nothing written (exit 2), or with `--keep-going` the good
/// rows written and the rest listed (exit 1).
pub fn run(args: &ImportArgs, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let mut progress = progress::watch(console, "importing");
    let console = &mut progress.console();
    let (output, into, dry_run) = (args.output.as_deref(), args.into.as_deref(), args.dry_run);
    if args.prune && into.is_none() {
        return Err(Unusable(
            "--prune removes the activities a sheet no longer has from an existing programme: \
             it needs --into FILE"
                .into(),
        ));
    }
    let name = args.sheet.display().to_string();
    let bytes = store::read_file(&args.sheet).map_err(|e| Unusable::io("read", &args.sheet, &e))?;
    let dates = args.dates.map(|d| match d {
        DatesOrder::Dmy => DateOrder::Dmy,
        DatesOrder::Mdy => DateOrder::Mdy,
    });
    let (sheet, places) = read(&args.sheet, &bytes, dates)?;
    // The rows hold their own copies of the cells: at 100k activities the file is 30 MB more
    // to keep through the writing.
    drop(bytes);
    let at = |problem: &RowProblem| {
        let place = places(problem.line, problem.column);
        format!("{name}:{place}: {}", problem.message)
    };
    // Without a usable year in any row (every row refused) the rows' problems are the news,
    // not the missing year.
    if into.is_none() && new_year(&sheet, output).is_none() && !sheet.problems.is_empty() {
        for problem in &sheet.problems {
            write_out(console.err, &format!("{}\n", at(problem)))?;
        }
        let count = plural(sheet.problems.len(), "problem");
        return Err(Unusable(format!(
            "{name}: {count} and no row with a usable year, nothing written"
        )));
    }
    let (target, mut programme) = starting_point(&sheet, &name, output, into, dry_run)?;
    // The rows go into the programme where it is, not into a copy: what the report needs of
    // the programme as it was is its own fields and clusters (here) and the old values of the
    // activities the rows change (`Applied::before`).
    let base = outline(&programme);
    let mut sheet = sheet;
    // `--add-fields` declares fields in the result: reported and saved as any change is.
    own_columns(&mut sheet, &mut programme, args)
        .map_err(|message| Unusable(format!("{name}:{}: {message}", places(1, None))))?;

    let Sheet {
        columns,
        own: _,
        rows,
        problems: read_problems,
    } = sheet;
    let titles = if args.match_titles {
        TitleMatch::Similar
    } else {
        TitleMatch::Same
    };
    // Each row is read from its cells as it is applied: the rows are never all held read.
    let Applied {
        mut problems,
        lines,
        similar,
        mut before,
    } = apply_sheet_rows(&columns, &rows, &mut programme, titles);
    drop(rows);
    problems.extend(read_problems);
    problems.sort_by_key(|p| p.line);
    if into.is_none() {
        declare_themes(&mut programme);
    }
    let invalid = invalid_programme(&programme, &lines);
    for problem in problems.iter().chain(&invalid) {
        write_out(console.err, &format!("{}\n", at(problem)))?;
    }
    if !invalid.is_empty() || (!problems.is_empty() && !args.keep_going) {
        let hint = if invalid.is_empty() {
            "; --keep-going writes the good rows"
        } else {
            ""
        };
        let count = plural(problems.len() + invalid.len(), "problem");
        return Err(Unusable(format!("{name}: {count}, nothing written{hint}")));
    }
    if args.prune && !problems.is_empty() {
        // The activity of a row left out is not in the sheet as read: pruning would remove it.
        return Err(Unusable(format!(
            "{name}: --prune with rows left out would remove their activities; nothing written, \
             correct the rows first"
        )));
    }
    let missing = unclaimed(&programme, &lines);
    let total = before.len();
    if args.prune && !args.force && 2 * missing > total {
        return Err(Unusable(format!(
            "{name}: --prune would remove {missing} of the {total} activities of {}: a sheet \
             that lacks more than half of them is more likely a part of the programme (a \
             filtered export, for example) than the whole; nothing written. Import the whole \
             programme's sheet, leave out --prune to keep them, or add --force to remove them",
            target.display()
        )));
    }
    let missing = if args.prune {
        prune(&mut programme, &lines, &mut before);
        0
    } else {
        missing
    };

    let changed =
        into.is_none() || !same_outline(&base, &programme) || !before.unchanged(&programme);
    // Written before it is reported: a failed write must not follow "wrote …". Written before
    // the report is made, too: the memory the report's diff takes and gives back stays with
    // the process, and the programme's text, written whole, would come on top of it (at 100k
    // changed activities, about 120 MB more at the peak).
    if !dry_run && changed {
        crate::session::writable::check(target).map_err(|e| Unusable(e.to_string()))?;
        store::save(target, &programme).map_err(|e| Unusable::io("write", target, &e))?;
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
        let colour = console.out_is_terminal;
        before.restore_names(&programme);
        let old_cells = before.cells(&programme);
        let shared = before.shared(&programme);
        let similar = similar_report(
            &similar,
            (&base, &old_cells),
            &|line| places(line, None),
            &name,
        );
        into_report(
            (&base, old_cells),
            &shared,
            &programme,
            &target_name,
            (verb, missing, &similar),
            colour,
        )
    };
    write_out(console.out, &report)?;
    if problems.is_empty() {
        return Ok(Outcome::Yes);
    }
    let left_out = plural(problems.len(), "row problem");
    write_out(console.err, &format!("{name}: {left_out} left out\n"))?;
    Ok(Outcome::No)
}

/// How a row problem names its place: a CSV line, or in a workbook the address of the cell
/// (of the row's first cell when the problem is the whole row's).
type Places = Box<dyn Fn(u64, Option<usize>) -> String>;

/// Reads the sheet: an .xlsx by its name or its zip signature, else a CSV. Also answers how
/// messages name a row.
fn read(path: &Path, bytes: &[u8], dates: Option<DateOrder>) -> Result<(Sheet, Places), Unusable> {
    let name = path.display();
    let xlsx = bytes.starts_with(b"PK\x03\x04")
        || path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let failed = |e: SheetError, places: &dyn Fn(u64, Option<usize>) -> String| match e {
        SheetError::At(p) => Unusable(format!(
            "{name}:{}: {}",
            places(p.line, p.column),
            p.message
        )),
        SheetError::Dates(e) => Unusable(format!("{name}: {e}")),
    };
    if !xlsx {
        let places: Places = Box::new(|line, _| line.to_string());
        let sheet = read_csv(bytes, dates).map_err(|e| failed(e, &places))?;
        return Ok((sheet, places));
    }
    let table = read_xlsx(bytes).map_err(|e| match e {
        // Named as every cell problem is: `FILE:Sheet!B2: message`.
        XlsxReadError::Damaged(damaged) => {
            Unusable(format!("{name}:{}: {}", damaged.at, damaged.message))
        }
        e @ (XlsxReadError::NotXlsx(_) | XlsxReadError::NoHeader(_)) => {
            Unusable(format!("{name}: {e}"))
        }
    })?;
    let cell = |line: u64, column: Column| {
        let index = table.column(column).unwrap_or(0);
        table.cell_address(u32::try_from(line).unwrap_or(u32::MAX), index)
    };
    let addresses = table.addresses();
    let places: Places = Box::new(move |line, column| {
        addresses.cell_address(u32::try_from(line).unwrap_or(u32::MAX), column.unwrap_or(0))
    });
    let header_line = u64::from(table.header_row);
    let sheet = read_table(&table.header, header_line, &table, dates, cell)
        .map_err(|e| failed(e, &places))?;
    Ok((sheet, places))
}

/// Settles the sheet's columns that are no built-in column: each is one of the programme's own
/// fields (by its id, or a header whose slug is the id), a column `--ignore-columns` leaves
/// out, or with `--add-fields` a new text field of the programme. Any other is refused by name
/// with those two ways out. The rows' values are then keyed by the fields' ids.
fn own_columns(
    sheet: &mut Sheet,
    base: &mut Programme,
    args: &ImportArgs,
) -> Result<(), UnknownColumns> {
    let ignored = |name: &str| {
        args.ignore_columns
            .iter()
            .any(|c| c.trim().eq_ignore_ascii_case(name) || slug(c) == slug(name))
    };
    let declared = |programme: &Programme, name: &str| {
        programme
            .fields
            .iter()
            .find(|f| f.id == name || f.id == slug(name))
            .map(|f| f.id.clone())
    };
    let unknown: Vec<&str> = sheet
        .own
        .iter()
        .map(String::as_str)
        .filter(|n| !ignored(n) && declared(base, n).is_none())
        .collect();
    if !args.add_fields
        && let Some(refused) = unknown_columns(&unknown)
    {
        return Err(refused);
    }
    for name in unknown.iter().map(ToString::to_string).collect::<Vec<_>>() {
        let id = slug(&name);
        base.fields.push(FieldDecl {
            name: if id == name { String::new() } else { name },
            id,
            kind: OwnKind::Text,
        });
    }
    // Each own column's id, or `None` for one left out.
    let ids: Vec<Option<String>> = sheet
        .own
        .iter()
        .map(|n| (!ignored(n)).then(|| declared(base, n)).flatten())
        .collect();
    sheet.columns.retain(|c| match c {
        Column::Own(index) => ids.get(*index).is_some_and(Option::is_some),
        Column::Place(_) | Column::Field(_) => true,
    });
    sheet.rows.settle_own(ids);
    Ok(())
}

/// A new programme declares the themes its rows tag activities with, each named by its id:
/// the names, like the title, are not in the rows layout.
fn declare_themes(programme: &mut Programme) {
    let mut used: Vec<String> = Vec::new();
    for (_, activity) in programme.activities() {
        for theme in &activity.themes {
            if !used.contains(theme) {
                used.push(theme.clone());
            }
        }
    }
    for id in used {
        if !programme.themes.iter().any(|t| t.id == id) {
            programme.themes.push(Theme {
                name: id.clone(),
                id,
            });
        }
    }
}

/// The rows added beside an activity like them, one line each, and what to do instead: a
/// planner who meant to update that activity learns it before the next import adds another.
fn similar_report(
    similar: &[Similar],
    (base, old_cells): (&Programme, &[(usize, usize, &Activity)]),
    place: &dyn Fn(u64) -> String,
    name: &str,
) -> String {
    if similar.is_empty() {
        return String::new();
    }
    let mut report = String::new();
    for row in similar {
        let like = old_cells
            .iter()
            .find(|(_, _, a)| a.id == row.like)
            .and_then(|&(c, _, activity)| {
                let cluster = base.clusters.get(c)?;
                Some(format!(
                    "{:?} ({}) in {:?}",
                    activity.title, activity.id, cluster.name
                ))
            });
        let like = like.unwrap_or_else(|| format!("({})", row.like));
        report.push_str(&format!(
            "{name}:{}: {:?} added, similar to {like}\n",
            place(row.line),
            row.title
        ));
    }
    report.push_str(
        "note: a row without activity_id updates only the activity of its cluster with the same \
         title; to update the similar one instead, give the row its activity_id, or import with \
         --match-titles\n",
    );
    report
}

/// What an `--into` import prints: the changes (or that there are none), the rows added beside
/// a similar activity, and how many activities the sheet lacks that were kept.
fn into_report<'a>(
    (base, old_cells): (&'a Programme, Vec<(usize, usize, &'a Activity)>),
    shared: &'a [SharedWith<'a>],
    programme: &'a Programme,
    target_name: &str,
    (verb, missing, similar): (&str, usize, &str),
    colour: bool,
) -> String {
    let changes = diff_from_cells(base, old_cells, shared, programme);
    let mut report = if changes.is_empty() {
        format!("{target_name}: no changes\n")
    } else {
        format!(
            "{}{similar}{verb} {target_name}\n",
            render_text(&changes, colour)
        )
    };
    if missing > 0 {
        let (count, are) = match missing {
            1 => ("1 activity".to_string(), "is"),
            n => (format!("{n} activities"), "are"),
        };
        report.push_str(&format!(
            "note: {count} {are} in {target_name} but not in the sheet; kept (--prune would \
             remove them)\n"
        ));
    }
    report
}

/// Whether `programme` has the own fields and clusters of `outline` (their activities aside).
fn same_outline(outline: &Programme, programme: &Programme) -> bool {
    programme.without_clusters() == outline.without_clusters()
        && programme.clusters.len() == outline.clusters.len()
        && programme
            .clusters
            .iter()
            .zip(&outline.clusters)
            .all(|(c, o)| c.id == o.id && c.name == o.name && c.summary == o.summary)
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
    if store::file::is_regular(output) && !dry_run {
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
fn invalid_programme(programme: &Programme, lines: &RowLines) -> Vec<RowProblem> {
    let errors: Vec<_> = check(programme)
        .into_iter()
        .filter(|p| p.severity == Severity::Error)
        .collect();
    if errors.is_empty() {
        return Vec::new();
    }
    // By id, not by cell: of an id the programme already had twice, both holders are at the
    // line of the row that named it.
    let lines = lines.by_id(programme);
    errors
        .into_iter()
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
                column: None,
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
        let lines = RowLines(vec![vec![None, Some(7)]]);
        assert_eq!(
            invalid_programme(&p, &lines),
            [RowProblem {
                line: 7,
                column: None,
                message: "end 2022-Q1 is before start 2022-06".into()
            }]
        );
    }
}

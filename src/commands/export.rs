//! `wpmatrix export FILE [--to csv|md|json|xlsx|html|ics] [--layout rows|grid] [--excel]
//! [--delimiter D] [--filter F] [-o OUT]`.

use std::path::Path;

use super::{Console, Outcome, Unusable, progress, write_bytes};
use crate::cli::{ExportArgs, ExportFormat, Layout};
use crate::exchange::csv_grid::grid_records;
use crate::exchange::csv_rows::{self, CsvFlavour};
use crate::exchange::{html, ics, json, markdown, xlsx};
use crate::model::Programme;
use crate::store;
use crate::text::{plural, printable};

/// Exports a programme; without `-o`, to standard output.
pub fn run(args: &ExportArgs, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let mut progress = progress::watch(console, "exporting");
    let console = &mut progress.console();
    check_options(args.to, args.layout, args.excel, args.delimiter)?;
    let output = args.output.as_deref();
    if let Some(message) = refuse_terminal(args.to, output.is_some(), console.out_is_terminal) {
        return Err(Unusable(message));
    }
    if let Some(path) = output {
        refuse_own_input(&args.file, path, "export", &format_name(args.to))?;
    }
    let (_, mut parsed) = store::load(&args.file)?;
    super::apply_filter(args.filter.as_deref(), &mut parsed.programme)?;
    if args.to == ExportFormat::Ics {
        return calendar(args, &parsed.programme, console);
    }
    let how = Rendering {
        to: args.to,
        layout: args.layout,
        excel: args.excel,
        delimiter: args.delimiter.unwrap_or(b','),
        terminal: output.is_none() && console.out_is_terminal,
    };
    let bytes = render(&parsed.programme, &how)?;
    match output {
        Some(path) => {
            store::write_file(path, &bytes).map_err(|e| Unusable::io("write", path, &e))?;
        }
        None => write_bytes(console.out, &bytes)?,
    }
    Ok(Outcome::Yes)
}

/// `--to ics`: the calendar, stamped from the file's history; how many activities were left
/// out for lack of dates is said on standard error.
fn calendar(
    args: &ExportArgs,
    programme: &Programme,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let stamps = ics::stamps(&args.file, programme).map_err(|e| Unusable(e.to_string()))?;
    let calendar = ics::to_ics(programme, &stamps);
    match &args.output {
        Some(path) => store::write_file(path, calendar.text.as_bytes())
            .map_err(|e| Unusable::io("write", path, &e))?,
        None => write_bytes(console.out, calendar.text.as_bytes())?,
    }
    if calendar.undated > 0 {
        let note = format!(
            "note: {} without dates left out of the calendar ({} in it)\n",
            plural(calendar.undated, "activity"),
            plural(calendar.events, "event")
        );
        write_bytes(console.err, note.as_bytes())?;
    }
    Ok(Outcome::Yes)
}

/// `--layout`, `--excel` and `--delimiter` only mean something for CSV; saying so beats
/// ignoring them.
fn check_options(
    to: ExportFormat,
    layout: Layout,
    excel: bool,
    delimiter: Option<u8>,
) -> Result<(), Unusable> {
    if to == ExportFormat::Csv {
        return Ok(());
    }
    let name = format_name(to);
    let refused = if excel {
        "--excel"
    } else if layout == Layout::Grid {
        "--layout grid"
    } else if delimiter.is_some() {
        "--delimiter"
    } else {
        return Ok(());
    };
    Err(Unusable(format!(
        "{refused} is for CSV; --to {name} does not take it"
    )))
}

fn format_name(to: ExportFormat) -> String {
    format!("{to:?}").to_lowercase()
}

/// Why a format may not go to standard output, if it may not: binary output would garble the
/// terminal it lands on.
pub fn refuse_terminal(
    to: ExportFormat,
    has_output: bool,
    out_is_terminal: bool,
) -> Option<String> {
    (to == ExportFormat::Xlsx && !has_output && out_is_terminal).then(|| {
        "an XLSX workbook is binary and standard output is a terminal; \
         write it to a file with -o FILE.xlsx, or redirect the output"
            .to_string()
    })
}

/// `-o` naming the programme itself (as `./x.ron`, through a symlink or a hard link) would
/// replace the programme with its export (or its report, `command` says which): refused before
/// anything is read or written.
pub(super) fn refuse_own_input(
    input: &Path,
    output: &Path,
    command: &str,
    extension: &str,
) -> Result<(), Unusable> {
    if !same_file(input, output) {
        return Ok(());
    }
    let suggestion = input.with_extension(extension);
    Err(Unusable(format!(
        "{}: -o names the programme being {command}ed; the {command} would replace it. \
         Write it to another file, e.g. -o {}",
        crate::text::printable_path(output),
        crate::text::printable_path(&suggestion)
    )))
}

/// Whether two paths name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(x), Ok(y)) = (std::fs::canonicalize(a), std::fs::canonicalize(b))
        && x == y
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    false
}

/// What to render and for whom.
#[derive(Clone, Copy, Debug)]
pub struct Rendering {
    pub to: ExportFormat,
    pub layout: Layout,
    pub excel: bool,
    /// The CSV delimiter: `,`, `;` or tab.
    pub delimiter: u8,
    /// Standard output is a terminal: control characters from the file are shown as visible
    /// pictures (`␛`) instead of acting on it. Files and pipes get the exact bytes.
    pub terminal: bool,
}

/// The exported bytes.
pub fn render(programme: &Programme, how: &Rendering) -> Result<Vec<u8>, Unusable> {
    let flavour = if how.excel {
        CsvFlavour::Excel
    } else {
        CsvFlavour::Plain
    };
    let safe = |cell: String| {
        if how.terminal {
            printable(&cell).into_owned()
        } else {
            cell
        }
    };
    let csv = |records: Vec<Vec<String>>| {
        let mut bytes = Vec::new();
        csv_rows::write_records_with(records, flavour, how.delimiter, &mut bytes)
            .map_err(|e| Unusable(format!("cannot write CSV: {e}")))?;
        Ok(bytes)
    };
    let cells = |record: Vec<String>| record.into_iter().map(safe).collect::<Vec<_>>();
    match (how.to, how.layout) {
        (ExportFormat::Csv, Layout::Rows) => csv(csv_rows::rows(programme)
            .map(|row| cells(row.clone()))
            .collect()),
        (ExportFormat::Csv, Layout::Grid) => csv(grid_records(programme).map(cells).collect()),
        (ExportFormat::Md, _) => Ok(safe(markdown::to_markdown(programme)).into_bytes()),
        (ExportFormat::Json, _) => json::to_json(programme)
            .map(|text| safe(text).into_bytes())
            .map_err(|e| Unusable(format!("cannot write JSON: {e}"))),
        (ExportFormat::Html, _) => Ok(html::to_html(programme).into_bytes()),
        // Stamped as of no history: `run` stamps it from the file's.
        (ExportFormat::Ics, _) => Ok(ics::to_ics(programme, &ics::Stamps::default())
            .text
            .into_bytes()),
        (ExportFormat::Xlsx, _) => {
            xlsx::to_xlsx(programme).map_err(|e| Unusable(format!("cannot write XLSX: {e}")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xlsx_refuses_only_a_terminal_without_output_file() {
        assert!(refuse_terminal(ExportFormat::Xlsx, false, true).is_some());
        assert!(refuse_terminal(ExportFormat::Xlsx, true, true).is_none());
        assert!(refuse_terminal(ExportFormat::Xlsx, false, false).is_none());
        for text in [
            ExportFormat::Csv,
            ExportFormat::Md,
            ExportFormat::Json,
            ExportFormat::Html,
        ] {
            assert!(refuse_terminal(text, false, true).is_none());
        }
    }

    #[test]
    fn csv_options_are_refused_for_other_formats() {
        assert!(check_options(ExportFormat::Md, Layout::Rows, true, None).is_err());
        assert!(check_options(ExportFormat::Json, Layout::Grid, false, None).is_err());
        let err = check_options(ExportFormat::Html, Layout::Rows, false, Some(b';')).unwrap_err();
        assert_eq!(err.0, "--delimiter is for CSV; --to html does not take it");
        assert!(check_options(ExportFormat::Csv, Layout::Grid, true, Some(b';')).is_ok());
        assert!(check_options(ExportFormat::Xlsx, Layout::Rows, false, None).is_ok());
    }
}

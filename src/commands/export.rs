//! `wpmatrix export FILE [--to csv|md|json|xlsx] [--layout rows|grid] [--excel] [-o OUT]`.

use std::path::Path;

use super::{Console, Outcome, Unusable, progress, write_bytes};
use crate::cli::{ExportFormat, Layout};
use crate::exchange::{csv_grid, csv_rows, json, markdown, xlsx};
use crate::model::Programme;
use crate::store;

/// Exports a programme; without `-o`, to standard output.
pub fn run(
    file: &Path,
    to: ExportFormat,
    layout: Layout,
    excel: bool,
    output: Option<&Path>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let mut progress = progress::watch(console, "exporting");
    let console = &mut progress.console();
    check_options(to, layout, excel)?;
    if let Some(message) = refuse_terminal(to, output.is_some(), console.out_is_terminal) {
        return Err(Unusable(message));
    }
    let (_, parsed) = store::load(file)?;
    let bytes = render(&parsed.programme, to, layout, excel)?;
    match output {
        Some(path) => {
            store::write_atomically(path, &bytes).map_err(|e| Unusable::io("write", path, &e))?
        }
        None => write_bytes(console.out, &bytes)?,
    }
    Ok(Outcome::Yes)
}

/// `--layout` and `--excel` only mean something for CSV; saying so beats ignoring them.
fn check_options(to: ExportFormat, layout: Layout, excel: bool) -> Result<(), Unusable> {
    if to == ExportFormat::Csv {
        return Ok(());
    }
    let name = format!("{to:?}").to_lowercase();
    if excel {
        return Err(Unusable(format!(
            "--excel is for CSV; --to {name} does not take it"
        )));
    }
    if layout == Layout::Grid {
        return Err(Unusable(format!(
            "--layout grid is for CSV; --to {name} does not take it"
        )));
    }
    Ok(())
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

/// The exported bytes.
pub fn render(
    programme: &Programme,
    to: ExportFormat,
    layout: Layout,
    excel: bool,
) -> Result<Vec<u8>, Unusable> {
    let flavour = if excel {
        csv_rows::CsvFlavour::Excel
    } else {
        csv_rows::CsvFlavour::Plain
    };
    let csv = |write: &dyn Fn(&mut Vec<u8>) -> csv::Result<()>| {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Unusable(format!("cannot write CSV: {e}")))?;
        Ok(bytes)
    };
    match (to, layout) {
        (ExportFormat::Csv, Layout::Rows) => {
            csv(&|out| csv_rows::write_records(csv_rows::rows(programme), flavour, out))
        }
        (ExportFormat::Csv, Layout::Grid) => {
            csv(&|out| csv_grid::write_grid(programme, flavour, out))
        }
        (ExportFormat::Md, _) => Ok(markdown::to_markdown(programme).into_bytes()),
        (ExportFormat::Json, _) => json::to_json(programme)
            .map(String::into_bytes)
            .map_err(|e| Unusable(format!("cannot write JSON: {e}"))),
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
        for text in [ExportFormat::Csv, ExportFormat::Md, ExportFormat::Json] {
            assert!(refuse_terminal(text, false, true).is_none());
        }
    }

    #[test]
    fn excel_and_grid_are_refused_for_other_formats() {
        assert!(check_options(ExportFormat::Md, Layout::Rows, true).is_err());
        assert!(check_options(ExportFormat::Json, Layout::Grid, false).is_err());
        assert!(check_options(ExportFormat::Csv, Layout::Grid, true).is_ok());
        assert!(check_options(ExportFormat::Xlsx, Layout::Rows, false).is_ok());
    }
}

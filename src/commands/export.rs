//! `wpmatrix export FILE [--to csv|md|json|xlsx] [--layout rows|grid] [-o OUT]`.

use std::path::Path;

use super::{Console, Outcome, Unusable};
use crate::cli::{ExportFormat, Layout};
use crate::store::{self, csv_rows};

/// Exports a programme; without `-o`, to standard output.
pub fn run(
    file: &Path,
    to: ExportFormat,
    layout: Layout,
    excel: bool,
    output: Option<&Path>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let (_, parsed) = store::load(file)?;
    let programme = &parsed.programme;
    let mut bytes = Vec::new();
    match (to, layout, excel) {
        (ExportFormat::Csv, Layout::Rows, false) => {
            csv_rows::write_rows(programme, &mut bytes)
                .map_err(|e| Unusable(format!("cannot write CSV: {e}")))?;
        }
        _ => {
            return Err(Unusable(format!(
                "export --to {to:?} --layout {layout:?}{} is not built yet",
                if excel { " --excel" } else { "" }
            )));
        }
    }
    match output {
        Some(path) => {
            store::write_atomically(path, &bytes).map_err(|e| Unusable::io("write", path, &e))?
        }
        None => super::write_out(console.out, &String::from_utf8_lossy(&bytes))?,
    }
    Ok(Outcome::Yes)
}

//! `wpmatrix check FILE...`: every problem of every file as `FILE:LINE:COL: message`.

use std::path::PathBuf;

use super::{Console, Outcome, Unusable, write_out};
use crate::store::{self, LoadError, file_diagnostics, has_errors, render};

/// Checks each file. Problems found: exit 1. A file that cannot be read as a programme at all
/// (missing, not text, not RON, cut short): exit 2, after every file has been checked.
pub fn run(files: &[PathBuf], console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let snippets = console.out_is_terminal;
    let mut problems = false;
    let mut unreadable = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match store::load(path) {
            Ok((text, parsed)) => {
                let diagnostics = file_diagnostics(path, &text, &parsed);
                problems |= has_errors(&diagnostics);
                write_out(
                    console.out,
                    &render(&diagnostics, &name, Some(&text), snippets),
                )?;
            }
            Err(LoadError::Invalid {
                text, rejection, ..
            }) => {
                let shown = render(&rejection.diagnostics, &name, text.as_deref(), snippets);
                write_out(console.out, &shown)?;
                if rejection.well_formed {
                    problems = true;
                } else {
                    unreadable.push(name);
                }
            }
            Err(e @ LoadError::Io { .. }) => {
                // The reports so far go out first, so the two streams read in order.
                console.flush()?;
                write_out(console.err, &format!("wpmatrix: {e}\n"))?;
                unreadable.push(name);
            }
        }
    }
    if !unreadable.is_empty() {
        return Err(Unusable(format!(
            "not a programme: {}",
            unreadable.join(", ")
        )));
    }
    Ok(if problems { Outcome::No } else { Outcome::Yes })
}

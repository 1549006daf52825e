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
    let mut unreachable_files = Vec::new();
    for path in files {
        let name = crate::text::printable_path(path);
        match store::load(path) {
            Ok((text, parsed)) => {
                let diagnostics = file_diagnostics(path, &text, &parsed);
                problems |= has_errors(&diagnostics);
                let shown = render(&diagnostics, &name, Some(&text), snippets);
                write_out(console.out, &shown)?;
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
            // Said once, at the end, where it is the reason for exit 2.
            Err(e @ LoadError::Io { .. }) => unreachable_files.push(e.to_string()),
        }
    }
    if !unreadable.is_empty() {
        unreachable_files.push(format!("not a programme: {}", unreadable.join(", ")));
    }
    if !unreachable_files.is_empty() {
        return Err(Unusable(unreachable_files.join("\nwpmatrix: ")));
    }
    Ok(if problems { Outcome::No } else { Outcome::Yes })
}

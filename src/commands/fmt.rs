//! `wpmatrix fmt [--check] FILE...`: rewrites programme files in canonical form.

use std::path::PathBuf;

use super::{Console, Outcome, Unusable, write_out};
use crate::store::{self, Diagnostic, LoadError, render, to_canonical};

/// Formats each file. `--check` changes nothing and answers "no" (exit 1) when a file is not
/// canonical, or is a programme with problems (a duplicate or unknown field, an unknown
/// status…), as `check` answers for it. A file that cannot be read, is not a programme at all,
/// or whose comments a rewrite would drop, is left untouched and makes the command fail (exit 2)
/// after the other files are done; so does a programme with problems that `fmt` was to rewrite.
pub fn run(
    files: &[PathBuf],
    check_only: bool,
    drop_comments: bool,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let mut not_canonical = false;
    let mut failed = Vec::new();
    for path in files {
        let name = crate::text::printable_path(path);
        let (text, parsed) = match store::load(path) {
            Ok(loaded) => loaded,
            Err(e) => {
                write_out(console.err, &format!("{e}\n"))?;
                match e {
                    LoadError::Invalid { rejection, .. } if check_only && rejection.well_formed => {
                        not_canonical = true;
                    }
                    LoadError::Invalid { .. } | LoadError::Io { .. } => failed.push(name),
                }
                continue;
            }
        };
        if store::is_canonical(&parsed.programme, &text) {
            continue;
        }
        let canonical = to_canonical(&parsed.programme);
        if check_only {
            not_canonical = true;
            let line = first_different_line(&text, &canonical);
            let advice = if parsed.comments.is_empty() {
                format!("`wpmatrix fmt {name}` rewrites it")
            } else {
                // A plain `fmt` refuses to drop comments: say what works.
                format!(
                    "it has comments, which `wpmatrix fmt --drop-comments {name}` drops as it rewrites it (move them into `notes` to keep them)"
                )
            };
            write_out(
                console.out,
                &format!("{name}:{line}: not in canonical form; {advice}\n"),
            )?;
            continue;
        }
        if !parsed.comments.is_empty() && !drop_comments {
            let diagnostics: Vec<Diagnostic> = parsed
                .comments
                .iter()
                .map(|span| {
                    Diagnostic::error(
                        *span,
                        "formatting would drop this comment; move it into a `notes` field, or pass --drop-comments",
                    )
                })
                .collect();
            write_out(
                console.err,
                &render(&diagnostics, &name, Some(&text), console.err_is_terminal),
            )?;
            failed.push(name);
            continue;
        }
        if let Err(read_only) = crate::session::writable::check(path) {
            write_out(console.err, &format!("wpmatrix: {read_only}\n"))?;
            failed.push(name);
            continue;
        }
        store::write_file(path, canonical.as_bytes())
            .map_err(|e| Unusable::io("write", path, &e))?;
        write_out(console.out, &format!("formatted {name}\n"))?;
    }
    if !failed.is_empty() {
        return Err(Unusable(format!("left unformatted: {}", failed.join(", "))));
    }
    Ok(if not_canonical {
        Outcome::No
    } else {
        Outcome::Yes
    })
}

fn first_different_line(a: &str, b: &str) -> usize {
    a.split('\n')
        .zip(b.split('\n'))
        .position(|(x, y)| x != y)
        .map_or_else(|| a.lines().count().min(b.lines().count()) + 1, |i| i + 1)
}

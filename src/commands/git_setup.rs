//! `wpmatrix git-setup [--global]`: writes the git config for the `wpmatrix` diff and merge
//! drivers that `.gitattributes` names, and prints what it wrote.
//!
//! One driver name carries both diff settings, because git picks between them by command:
//! `git diff` runs `diff.wpmatrix.command` (the activity-level diff), while `git log -p` and
//! `git show` never run an external diff unless given `--ext-diff` and use
//! `diff.wpmatrix.textconv` instead (one line per activity). So both get a readable answer.
//!
//! The commands name this very executable by its absolute path rather than a bare `wpmatrix`:
//! git runs drivers from hooks, IDEs and GUIs whose PATH may not have it, and a test or a
//! `cargo run` build installs itself. After moving the binary, run `git-setup` again.

use std::fmt::Write as _;
use std::path::Path;

use super::{Console, Outcome, Unusable, write_out};
use crate::store::{self, git};

/// The `.gitattributes` line that assigns the drivers to programme files.
pub const ATTRIBUTES_LINE: &str = "programmes/*.ron diff=wpmatrix merge=wpmatrix";

/// Writes the config (the current repository's, or the user's with `--global`) and, in a
/// repository whose `.gitattributes` does not name the drivers yet, adds the line there.
pub fn run(global: bool, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    let exe = std::env::current_exe()
        .map_err(|e| Unusable(format!("cannot find the wpmatrix executable: {e}")))?;
    let exe = shell_quote(&exe.to_string_lossy());
    let entries = [
        ("diff.wpmatrix.command", format!("{exe} git-diff-driver")),
        ("diff.wpmatrix.textconv", format!("{exe} git-textconv")),
        (
            "merge.wpmatrix.name",
            "wpmatrix: structural merge of programme files".to_string(),
        ),
        (
            "merge.wpmatrix.driver",
            format!("{exe} git-merge-driver %O %A %B %L %P"),
        ),
    ];
    let scope = if global { "--global" } else { "--local" };
    let mut out = String::new();
    for (key, value) in &entries {
        git::set_config(key, value, global, None).map_err(|e| Unusable(e.to_string()))?;
        let _ = writeln!(out, "git config {scope} {key} {}", shell_quote(value));
    }
    if global {
        let _ = writeln!(
            out,
            "each repository's .gitattributes must name the drivers: {ATTRIBUTES_LINE}"
        );
    } else {
        let top = git::top_level(None).map_err(|e| Unusable(e.to_string()))?;
        let attributes = Path::new(&top).join(".gitattributes");
        // A file that cannot be read is not written over with our line alone.
        let existing = match store::read_file(&attributes) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                Unusable(format!(
                    "{}: not UTF-8 text; add this line to it yourself: {ATTRIBUTES_LINE}",
                    attributes.display()
                ))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => return Err(Unusable::io("read", &attributes, &e)),
        };
        if !existing.contains("diff=wpmatrix") {
            let mut text = existing;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(ATTRIBUTES_LINE);
            text.push('\n');
            store::write_file(&attributes, text.as_bytes())
                .map_err(|e| Unusable::io("write", &attributes, &e))?;
            let _ = writeln!(out, "added to {}: {ATTRIBUTES_LINE}", attributes.display());
        }
    }
    write_out(console.out, &out)?;
    Ok(Outcome::Yes)
}

/// Quotes a word for the shell git runs driver commands with.
fn shell_quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./%=:+,@".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn shell_quote_leaves_plain_paths_and_quotes_the_rest() {
        assert_eq!(shell_quote("/usr/bin/wpmatrix"), "/usr/bin/wpmatrix");
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}

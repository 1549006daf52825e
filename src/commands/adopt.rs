//! `wpmatrix adopt FILE --on DATE [--by BODY]`: records the adoption of a programme: sets
//! `adopted` and the stage, commits the file alone and tags the commit `wp-YEAR-adopted`.

use std::path::Path;

use chrono::NaiveDate;

use super::{Console, Outcome, Unusable, write_out};
use crate::model::Stage;
use crate::session::writable;
use crate::store::git;
use crate::store::history::{adoption_tag, locate, plainly};
use crate::store::{self, to_canonical, write_file};

/// Adopts the programme in `file` on `on`; refuses a file with uncommitted changes and a year
/// whose tag exists already.
pub fn run(
    file: &Path,
    on: &str,
    by: Option<&str>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let day = NaiveDate::parse_from_str(on, "%Y-%m-%d")
        .ok()
        .filter(|_| on.len() == 10)
        .ok_or_else(|| {
            Unusable(format!(
                "--on {on:?} is not a day; write it as YYYY-MM-DD, e.g. 2021-12-10"
            ))
        })?;
    let by = by.map(str::trim).filter(|b| !b.is_empty());
    let (text, parsed) = store::load(file)?;
    let name = file.display();
    let (dir, in_git) = locate(file);
    let failed = |e: git::GitError| Unusable(format!("{name}: {}", plainly(&e)));
    let status = git::git(
        &[
            "status",
            "--porcelain",
            "--untracked-files=all",
            "--",
            &in_git,
        ],
        Some(&dir),
    )
    .map_err(failed)?;
    let status = String::from_utf8_lossy(&status);
    if status.starts_with("??") {
        return Err(Unusable(format!(
            "{name} is not committed yet; commit it first, then adopt it"
        )));
    }
    if !status.trim().is_empty() {
        return Err(Unusable(format!(
            "{name} has uncommitted changes; commit or discard them first, so that the adoption commit holds the adoption alone"
        )));
    }
    let mut programme = parsed.programme;
    let tag = adoption_tag(programme.year);
    if git::tag_exists(&dir, &tag).map_err(failed)? {
        return Err(Unusable(format!(
            "{name}: the {} programme is adopted already (tag {tag}); `git tag -d {tag}` first to adopt it again",
            programme.year
        )));
    }
    writable::check(file).map_err(|e| Unusable(e.to_string()))?;
    let message = match by {
        Some(body) => format!("{} programme adopted by {body} on {day}", programme.year),
        None => format!("{} programme adopted on {day}", programme.year),
    };
    programme.adopted = Some(day);
    programme.stage = Some(Stage::Adopted);
    let adopted = to_canonical(&programme);
    if adopted != text {
        write_file(file, adopted.as_bytes()).map_err(|e| Unusable::io("write", file, &e))?;
        let committed = git::git(
            &["commit", "--quiet", "--only", "-m", &message, "--", &in_git],
            Some(&dir),
        );
        if let Err(e) = committed {
            // The file goes back as it was: an adoption is the commit and the tag, or nothing.
            write_file(file, text.as_bytes())
                .map_err(|w| Unusable(format!("{name}: {e}; and putting it back failed: {w}")))?;
            return Err(failed(e));
        }
    }
    git::git(&["tag", "-a", "-m", &message, &tag], Some(&dir)).map_err(failed)?;
    let by = by.map(|body| format!(" by {body}")).unwrap_or_default();
    write_out(
        console.out,
        &format!("{name}: adopted{by} on {day}; committed and tagged {tag}\n"),
    )?;
    Ok(Outcome::Yes)
}

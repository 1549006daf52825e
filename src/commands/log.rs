//! `wpmatrix log [FILE] [--activity ID] [--since REV]`: git's history of a programme told as
//! activity-level changes, one commit after another, newest first, each as `diff` prints it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{Console, Outcome, Unusable, edit, write_out};
use crate::report::diff::render_text;
use crate::store::history::{self, Change, Commit};
use crate::store::{self, year_of_file_name};
use crate::text::{plural, terminal_safe};

/// Prints the history; always "yes" when it could be told.
pub fn run(
    file: Option<&Path>,
    activity: Option<&str>,
    since: Option<&str>,
    console: &mut Console<'_>,
) -> Result<Outcome, Unusable> {
    let file = match file {
        Some(file) => file.to_path_buf(),
        None => newest()?,
    };
    if !file.exists() && year_of_file_name(&file).is_none() {
        return Err(Unusable(format!("{}: no such file", file.display())));
    }
    let current = store::load(&file).ok();
    // What its history needs of the file as it is now, for when it is let go.
    let now = current
        .as_ref()
        .map(|(text, parsed)| history::Now::of(text, &parsed.programme));
    let current = current.map(|(_, parsed)| parsed.programme);
    let year = current
        .as_ref()
        .map(|p| p.year)
        .or_else(|| year_of_file_name(&file))
        .ok_or_else(|| {
            Unusable(format!(
                "{}: cannot tell the programme's year (the file does not load and its name is no YEAR.ron)",
                file.display()
            ))
        })?;
    let since = match since {
        Some("adopted") => {
            let tag = history::adoption_tag(year);
            let (dir, _) = history::locate(&file);
            let exists = store::git::tag_exists(&dir, &tag)
                .map_err(|e| Unusable(format!("{}: {}", file.display(), history::plainly(&e))))?;
            if !exists {
                return Err(Unusable(format!(
                    "{}: no adoption tag {tag} yet; `wpmatrix adopt {} --on DATE` makes it",
                    file.display(),
                    file.display()
                )));
            }
            Some(tag)
        }
        other => other.map(str::to_string),
    };
    let in_file = match (activity, &current) {
        (Some(id), Some(programme)) => programme.find(id).is_some(),
        (Some(_), None) => false,
        (None, _) => true,
    };
    // Whether the file is amended since its adoption is told by fingerprints: of the file as it
    // is now, and of the version at the tag, which is most often one of those read for the
    // history anyway. The file itself is let go before its history is read (at 100k
    // activities it is a few hundred MB).
    let adoption = now.as_ref().and_then(|now| {
        let blob = history::adopted_blob(&file, year)?;
        Some((blob, now.whole()))
    });
    drop(current);
    let failed = |e| Unusable(format!("{}: {}", file.display(), history::plainly(&e)));
    let commits = history::commits(&file, since.as_deref()).map_err(failed)?;
    let adopted_blob = adoption.as_ref().and_then(|(blob, _)| blob.as_ref().ok());
    let walked = history::told(
        &file,
        &commits,
        activity,
        adopted_blob.map(String::as_str),
        now,
    )
    .map_err(failed)?;
    // The version at the tag is read on its own only when it was none of those.
    let amended = adoption.and_then(|(_, now)| {
        let then = walked
            .adopted
            .or_else(|| history::adopted_print(&file, year))?;
        Some(then.differs(now))
    });
    let mut out = String::new();
    if amended == Some(true) {
        let _ = writeln!(
            out,
            "{} is amended since its adoption (tag {})\n",
            file.display(),
            history::adoption_tag(year)
        );
    }
    let colour = console.out_is_terminal;
    let mut told = false;
    for (commit, change) in commits.iter().zip(walked.changes) {
        if let Some(change) = change {
            // A blank line between commits, as git log has.
            if told {
                out.push('\n');
            }
            commit_text(&mut out, commit, &change, colour);
            told = true;
        }
    }
    if !in_file && !told {
        return Err(Unusable(format!(
            "{}: no activity {:?} in the file or its history",
            file.display(),
            activity.unwrap_or_default()
        )));
    }
    let out = if console.out_is_terminal {
        terminal_safe(&out).into_owned()
    } else {
        out
    };
    write_out(console.out, &out)?;
    Ok(Outcome::Yes)
}

fn newest() -> Result<PathBuf, Unusable> {
    edit::newest_programme(&edit::programmes_folder())
        .ok()
        .flatten()
        .ok_or_else(|| Unusable("no programme given and no programmes/<year>.ron here".into()))
}

/// One commit: who, when and why as git has it, then what it did to the activities.
fn commit_text(out: &mut String, commit: &Commit, change: &Change, colour: bool) {
    let tags = if commit.tags.is_empty() {
        String::new()
    } else {
        format!(" (tag: {})", commit.tags.join(", tag: "))
    };
    // As short as git's own abbreviations usually are, and the same length in every line.
    let hash = commit.hash.get(..10).unwrap_or(&commit.hash);
    let head = format!("commit {hash}{tags}");
    if colour {
        let _ = writeln!(out, "\x1b[33m{head}\x1b[0m");
    } else {
        let _ = writeln!(out, "{head}");
    }
    let _ = writeln!(out, "Author: {}", commit.author);
    let _ = writeln!(out, "Date:   {}\n", commit.date);
    for line in commit.message.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out.push('\n');
    match change {
        Change::Created(count) => {
            let _ = writeln!(out, "created with {}", plural(*count, "activity"));
        }
        Change::Deleted => out.push_str("deleted\n"),
        Change::LayoutOnly => out.push_str("layout only: no activity changed\n"),
        Change::Unreadable(side, why) => {
            let _ = writeln!(out, "the file {side} this commit is no programme: {why}");
        }
        Change::Changed(changes) => out.push_str(&render_text(changes, colour)),
    }
}

//! `wpmatrix log [FILE] [--activity ID] [--since REV]`: git's history of a programme told as
//! activity-level changes, one commit after another, newest first, each as `diff` prints it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::{Console, Outcome, Unusable, edit, write_out};
use crate::model::Programme;
use crate::model::diff::{ProgrammeDiff, diff};
use crate::report::diff::render_text;
use crate::store::history::{self, Commit};
use crate::store::{self, year_of_file_name};
use crate::text::{plural, terminal_safe};

/// What one commit did to the file.
enum Change {
    Created(usize),
    Deleted,
    /// Only the layout changed (white space, order of nothing, comments): no activity did.
    LayoutOnly,
    Changed(ProgrammeDiff),
    /// A side that is no programme: which, and why.
    Unreadable(&'static str, String),
}

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
    let current = store::load(&file).ok().map(|(_, parsed)| parsed.programme);
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
            if !history::tag_exists(&dir, &tag).map_err(|e| Unusable(e.to_string()))? {
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
    let commits = history::commits(&file, since.as_deref())
        .map_err(|e| Unusable(format!("{}: {e}", file.display())))?;
    let changes = changes(&file, &commits, activity)?;

    let mut out = String::new();
    if let Some(programme) = &current
        && history::amended(&file, programme) == Some(true)
    {
        let _ = writeln!(
            out,
            "{} is amended since its adoption (tag {})\n",
            file.display(),
            history::adoption_tag(year)
        );
    }
    let in_file = match (activity, &current) {
        (Some(id), Some(programme)) => programme.find(id).is_some(),
        (Some(_), None) => false,
        (None, _) => true,
    };
    let colour = console.out_is_terminal;
    let mut told = false;
    for (commit, change) in commits.iter().zip(changes) {
        if let Some(change) = change {
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
    edit::newest_programme(Path::new("programmes"))
        .ok()
        .flatten()
        .ok_or_else(|| Unusable("no programme given and no programmes/<year>.ron here".into()))
}

/// What each commit (in the order given) did, reading every version once, in one git process,
/// and keeping a version only until its last use. With `only`, what it did to that activity
/// (`None` for a commit that left it alone).
fn changes(
    file: &Path,
    commits: &[Commit],
    only: Option<&str>,
) -> Result<Vec<Option<Change>>, Unusable> {
    let mut uses = history::uses(commits);
    // Oldest first, each blob once, in the order the commits need them.
    let mut wanted: Vec<&str> = Vec::new();
    for id in commits
        .iter()
        .rev()
        .flat_map(|c| [&c.before, &c.after])
        .flatten()
    {
        if !wanted.contains(&id.as_str()) {
            wanted.push(id);
        }
    }
    let mut versions: HashMap<String, Rc<Result<Programme, String>>> = HashMap::new();
    let mut done: Vec<Option<Change>> = Vec::with_capacity(commits.len());
    let mut chronological = commits.iter().rev().peekable();
    let (dir, _) = history::locate(file);
    history::read_programmes(&dir, &wanted, |id, programme| {
        versions.insert(id.to_string(), Rc::new(programme));
        while let Some(commit) = chronological.peek() {
            let side = |blob: &Option<String>| match blob {
                None => Some(None),
                Some(id) => versions.get(id).map(|v| Some(Rc::clone(v))),
            };
            let (Some(before), Some(after)) = (side(&commit.before), side(&commit.after)) else {
                break;
            };
            done.push(change(before.as_deref(), after.as_deref(), only));
            for id in [&commit.before, &commit.after].into_iter().flatten() {
                if let Some(left) = uses.get_mut(id.as_str()) {
                    *left -= 1;
                    if *left == 0 {
                        versions.remove(id);
                    }
                }
            }
            chronological.next();
        }
    })
    .map_err(|e| Unusable(format!("{}: {e}", file.display())))?;
    done.reverse();
    Ok(done)
}

fn change(
    before: Option<&Result<Programme, String>>,
    after: Option<&Result<Programme, String>>,
    only: Option<&str>,
) -> Option<Change> {
    let has = |p: &Programme| only.is_none_or(|id| p.find(id).is_some());
    Some(match (before, after) {
        (_, Some(Err(why))) => Change::Unreadable("after", why.clone()),
        (Some(Err(why)), _) => Change::Unreadable("before", why.clone()),
        (None, Some(Ok(new))) if has(new) => Change::Created(new.activity_count()),
        (None, Some(Ok(_))) => return None,
        (Some(Ok(old)), None) if has(old) => Change::Deleted,
        (_, None) => return None,
        (Some(Ok(old)), Some(Ok(new))) => {
            let mut changes = diff(old, new);
            if let Some(id) = only {
                changes = changes.only_activity(id);
                if changes.is_empty() {
                    return None;
                }
            }
            if changes.is_empty() {
                Change::LayoutOnly
            } else {
                Change::Changed(changes)
            }
        }
    })
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
    out.push('\n');
}

//! A programme file's history in git: the commits that changed it (`git log --raw`), its
//! versions read in one `git cat-file --batch` process, and the adoption tag
//! (`wp-YEAR-adopted`) with the programme as adopted.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::rc::Rc;

use super::git::{self, GitError};
use crate::model::Programme;
use crate::model::diff::{ProgrammeDiff, diff};

/// Why a version of the file is no programme to compare with.
#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    /// The version does not parse: the first problem found.
    #[error("{0}")]
    Rejected(String),
    /// The version does not parse and no problem was named.
    #[error("not a programme")]
    Unnamed,
    /// git could not give the version.
    #[error(transparent)]
    Git(#[from] GitError),
    /// The version at the adoption tag (`TAG:PATH`) does not parse.
    #[error("{0} is not a programme")]
    AtTag(String),
}

/// The name of a year's adoption tag.
pub fn adoption_tag(year: i32) -> String {
    format!("wp-{year}-adopted")
}

/// Where git runs for a file (its folder) and how git names it there (`./NAME`), so that a file
/// anywhere is read in its own repository.
pub fn locate(file: &Path) -> (PathBuf, String) {
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    (dir, format!("./{name}"))
}

/// What git said, in its own words and without the command line: for a person who asked about
/// a programme, not about git (`not a git repository …`, `bad revision 'x..HEAD'`).
pub fn plainly(err: &GitError) -> String {
    match err {
        GitError::Failed { message, .. } => message
            .lines()
            .map(|l| l.strip_prefix("fatal: ").unwrap_or(l))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// One commit that changed the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The commit's abbreviated hash.
    pub hash: String,
    pub author: String,
    /// The author's date, `YYYY-MM-DD`.
    pub date: String,
    /// The whole message, without its final newline.
    pub message: String,
    /// The tags on the commit, as `git log` decorates them.
    pub tags: Vec<String>,
    /// The file's blob before the commit (`None`: the commit created the file).
    pub before: Option<String>,
    /// The file's blob after the commit (`None`: the commit deleted the file).
    pub after: Option<String>,
}

const NO_BLOB: &str = "0000000000000000000000000000000000000000";

/// The commits that changed `file`, newest first; `since` limits them to those after a revision.
/// Merges are left out, as `git log -p` shows no change for them.
pub fn commits(file: &Path, since: Option<&str>) -> Result<Vec<Commit>, GitError> {
    let (dir, name) = locate(file);
    let range = since.map(|rev| format!("{rev}..HEAD"));
    let mut args = vec![
        "log",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--date=short",
        "--format=%x1e%h%x1f%an%x1f%ad%x1f%D%x1f%B%x1f",
    ];
    if let Some(range) = &range {
        if range.starts_with('-') {
            return Err(GitError::OptionLikeRevision);
        }
        args.push("--end-of-options");
        args.push(range);
    }
    args.extend(["--", &name]);
    let out = git::git(&args, Some(&dir))?;
    let text = String::from_utf8_lossy(&out);
    Ok(text.split('\x1e').filter_map(commit_of).collect())
}

/// One record of the log format above, with its raw lines after the last separator.
fn commit_of(record: &str) -> Option<Commit> {
    let mut parts = record.splitn(6, '\x1f');
    let hash = parts.next()?.to_string();
    let author = parts.next()?.to_string();
    let date = parts.next()?.to_string();
    let decorations = parts.next()?;
    let message = parts.next()?.trim_end().to_string();
    let raw = parts.next()?;
    // `:100644 100644 OLD NEW M\tPATH`; a merge has no such line.
    let line = raw.lines().find(|l| l.starts_with(':'))?;
    let mut fields = line.split('\t').next()?.split(' ');
    let (before, after) = (fields.nth(2)?, fields.next()?);
    let blob = |id: &str| (id != NO_BLOB).then(|| id.to_string());
    let tags = decorations
        .split(", ")
        .filter_map(|d| d.strip_prefix("tag: "))
        .map(str::to_string)
        .collect();
    Some(Commit {
        hash,
        author,
        date,
        message,
        tags,
        before: blob(before),
        after: blob(after),
    })
}

/// Reads the blobs `ids` in one `git cat-file --batch` process, giving each to `each` in order
/// as it arrives (so that only what `each` keeps stays in memory).
pub fn read_blobs(
    dir: &Path,
    ids: &[&str],
    mut each: impl FnMut(&str, Vec<u8>),
) -> Result<(), GitError> {
    let mut child = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::NotRun)?;
    let broken = |what: &str| GitError::Failed {
        command: "cat-file --batch".to_string(),
        message: what.to_string(),
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(broken("no pipes to git"));
    };
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    // Written from another thread: git answers while it reads, and both pipes are finite.
    let read = std::thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(request.as_bytes()));
        let mut reader = BufReader::new(stdout);
        let mut header = String::new();
        for id in ids {
            header.clear();
            reader
                .read_line(&mut header)
                .map_err(|e| broken(&e.to_string()))?;
            // `<oid> blob <size>`, or `<oid> missing`.
            let size = match header.trim_end().split(' ').collect::<Vec<_>>()[..] {
                [_, "blob", size] => size.parse::<usize>().ok(),
                _ => None,
            }
            .ok_or_else(|| broken(&format!("blob {id}: {}", header.trim_end())))?;
            let mut bytes = vec![0; size + 1];
            reader
                .read_exact(&mut bytes)
                .map_err(|e| broken(&e.to_string()))?;
            bytes.pop();
            each(id, bytes);
        }
        writer
            .join()
            .map_err(|_| broken("the writer to git failed"))?
            .map_err(|e| broken(&e.to_string()))
    });
    let waited = child.wait().map_err(GitError::NotRun);
    read?;
    waited.map(|_| ())
}

/// The programmes at `ids`, read with [`read_blobs`]; a blob that is no programme is the first
/// problem's message.
pub fn read_programmes(
    dir: &Path,
    ids: &[&str],
    mut each: impl FnMut(&str, Result<Programme, VersionError>),
) -> Result<(), GitError> {
    read_blobs(dir, ids, |id, bytes| {
        let programme = super::parse_owned(bytes)
            .map(|(_, parsed)| parsed.programme)
            .map_err(|(_, rejection)| {
                rejection
                    .diagnostics
                    .first()
                    .map_or(VersionError::Unnamed, |d| {
                        VersionError::Rejected(d.message.clone())
                    })
            });
        each(id, programme);
    })
}

/// Whether a tag exists in the repository around `dir`.
pub fn tag_exists(dir: &Path, tag: &str) -> Result<bool, GitError> {
    let reference = format!("refs/tags/{tag}");
    let out = git::run(&["rev-parse", "-q", "--verify", &reference], Some(dir))?;
    Ok(out.status.success())
}

/// The programme in `file` as its year's adoption tag has it; `None` when there is no tag (or
/// no git, or no repository).
pub fn adopted_version(file: &Path, year: i32) -> Option<Result<Programme, VersionError>> {
    let (dir, name) = locate(file);
    let tag = adoption_tag(year);
    if !tag_exists(&dir, &tag).ok()? {
        return None;
    }
    let spec = format!("{tag}:{name}");
    let bytes = match git::git(&["show", "--end-of-options", &spec], Some(&dir)) {
        Ok(bytes) => bytes,
        Err(e) => return Some(Err(e.into())),
    };
    Some(
        super::parse_owned(bytes)
            .map(|(_, parsed)| parsed.programme)
            .map_err(|_| VersionError::AtTag(spec)),
    )
}

/// Whether `programme` (the file as it is now) differs from its adoption tag: `None` when it
/// has none. A version at the tag that cannot be read counts as different.
pub fn amended(file: &Path, programme: &Programme) -> Option<bool> {
    adopted_version(file, programme.year).map(|adopted| adopted.as_ref().ok() != Some(programme))
}

/// How many times each blob is wanted, to drop a version once its last use is done.
pub fn uses(commits: &[Commit]) -> HashMap<&str, usize> {
    let mut uses = HashMap::new();
    for id in commits.iter().flat_map(|c| [&c.before, &c.after]).flatten() {
        *uses.entry(id.as_str()).or_insert(0) += 1;
    }
    uses
}

/// What one commit did to the file.
pub enum Change {
    Created(usize),
    Deleted,
    /// Only the layout changed (white space, order of nothing, comments): no activity did.
    LayoutOnly,
    Changed(ProgrammeDiff),
    /// A side that is no programme: which, and why.
    Unreadable(&'static str, String),
}

/// What each commit (in the order given) did, reading every version once, in one git process,
/// and keeping a version only until its last use. With `only`, what it did to that activity
/// (`None` for a commit that left it alone).
pub fn changes(
    file: &Path,
    commits: &[Commit],
    only: Option<&str>,
) -> Result<Vec<Option<Change>>, GitError> {
    let mut uses = uses(commits);
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
    let mut versions: HashMap<String, Rc<Result<Programme, VersionError>>> = HashMap::new();
    let mut done: Vec<Option<Change>> = Vec::with_capacity(commits.len());
    let mut chronological = commits.iter().rev().peekable();
    let (dir, _) = locate(file);
    read_programmes(&dir, &wanted, |id, programme| {
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
    })?;
    done.reverse();
    Ok(done)
}

#[expect(
    clippy::match_same_arms,
    reason = "the cases of before and after, each guarded case beside its fallback"
)]
fn change(
    before: Option<&Result<Programme, VersionError>>,
    after: Option<&Result<Programme, VersionError>>,
    only: Option<&str>,
) -> Option<Change> {
    let has = |p: &Programme| only.is_none_or(|id| p.find(id).is_some());
    Some(match (before, after) {
        (_, Some(Err(why))) => Change::Unreadable("after", why.to_string()),
        (Some(Err(why)), _) => Change::Unreadable("before", why.to_string()),
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

//! A programme file's history in git: the commits that changed it (`git log --raw`), its
//! versions read in one `git cat-file --batch` process, and the adoption tag
//! (`wp-YEAR-adopted`) with the programme as adopted.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{ChildStdout, Command, Stdio};

use super::git::{self, GitError};
use crate::model::diff::{
    Prints, ProgrammeDiff, diff, fingerprint, id_key, outline, prints, stand_in,
};
use crate::model::{Activity, Cell, Programme};

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
    let (dir, name) = git::folder_and_name(file);
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

/// Runs `git cat-file MODE` in `dir` with the object ids `ids` on its input, written from
/// another thread (git answers while it reads, and both pipes are finite), and gives its output
/// to `read`; `broken` makes the error of a reply that is not what was asked.
fn cat_file<T>(
    dir: &Path,
    mode: &str,
    ids: &[&str],
    read: impl FnOnce(BufReader<ChildStdout>, &dyn Fn(&str) -> GitError) -> Result<T, GitError>,
) -> Result<T, GitError> {
    let mut child = Command::new("git")
        .args(["cat-file", mode])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(GitError::NotRun)?;
    let broken = |what: &str| GitError::Failed {
        command: format!("cat-file {mode}"),
        message: what.to_string(),
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(broken("no pipes to git"));
    };
    let request: String = ids.iter().map(|id| format!("{id}\n")).collect();
    let answer = std::thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(request.as_bytes()));
        let answer = read(BufReader::new(stdout), &broken)?;
        writer
            .join()
            .map_err(|_| broken("the writer to git failed"))?
            .map_err(|e| broken(&e.to_string()))?;
        Ok(answer)
    });
    let waited = child.wait().map_err(GitError::NotRun);
    let answer = answer?;
    waited?;
    Ok(answer)
}

/// Reads the blobs `ids` in one `git cat-file --batch` process, giving each to `each` in order
/// as it arrives (so that only what `each` keeps stays in memory).
pub fn read_blobs(
    dir: &Path,
    ids: &[&str],
    mut each: impl FnMut(&str, Vec<u8>),
) -> Result<(), GitError> {
    cat_file(dir, "--batch", ids, |mut reader, broken| {
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
        Ok(())
    })
}

/// The programme in a blob's bytes; one that is no programme is the first problem's message.
fn programme_of(bytes: Vec<u8>) -> Result<Programme, VersionError> {
    super::parse_owned(bytes)
        .map(|(_, parsed)| parsed.programme)
        .map_err(|(_, rejection)| {
            rejection
                .diagnostics
                .first()
                .map_or(VersionError::Unnamed, |d| {
                    VersionError::Rejected(d.message.clone())
                })
        })
}

/// The file as it is now, as much of it as telling its history needs once it is let go: its
/// size, a fingerprint of its text, and the [`Prints`] of its programme. A version with the same
/// text need not be read for its fingerprints again.
pub struct Now {
    size: usize,
    text: u128,
    whole: Option<u128>,
    /// Each activity's fingerprint, until a version takes them.
    by_key: Option<Fingerprints>,
}

impl Now {
    pub fn of(text: &str, programme: &Programme) -> Now {
        let Prints { by_key, whole } = prints(programme);
        Now {
            size: text.len(),
            text: text_print(text.as_bytes()),
            whole,
            by_key: Some(by_key),
        }
    }

    /// The [`Prints::whole`] of the file as it is now.
    pub fn whole(&self) -> Option<u128> {
        self.whole
    }

    /// Whether `bytes` are the file's text as it is now.
    fn is(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.size && text_print(bytes) == self.text
    }
}

/// Two 64-bit hashes of a text.
fn text_print(bytes: &[u8]) -> u128 {
    use std::hash::{DefaultHasher, Hasher};
    let mut first = DefaultHasher::new();
    let mut second = DefaultHasher::new();
    second.write_u8(0x5a);
    first.write(bytes);
    second.write(bytes);
    u128::from(first.finish()) << 64 | u128::from(second.finish())
}

/// The folder git runs in for `file` and the file at its year's adoption tag (`TAG:PATH`);
/// `None` when there is no tag (or no git, or no repository).
fn at_adoption(file: &Path, year: i32) -> Option<(PathBuf, String)> {
    let (dir, name) = locate(file);
    let tag = adoption_tag(year);
    git::tag_exists(&dir, &tag).ok()?.then(|| {
        let spec = format!("{tag}:{name}");
        (dir, spec)
    })
}

/// The programme in `file` as its year's adoption tag has it; `None` when there is no tag (or
/// no git, or no repository).
pub fn adopted_version(file: &Path, year: i32) -> Option<Result<Programme, VersionError>> {
    let (dir, spec) = at_adoption(file, year)?;
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

/// The blob `file` is at its year's adoption tag: `None` when there is no tag (or no git, or no
/// repository).
pub fn adopted_blob(file: &Path, year: i32) -> Option<Result<String, GitError>> {
    let (dir, spec) = at_adoption(file, year)?;
    let out = git::git(&["rev-parse", "--verify", "-q", &spec], Some(&dir));
    Some(out.map(|out| String::from_utf8_lossy(&out).trim().to_string()))
}

/// What tells whether the file is amended since its adoption: the version at the tag as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Adopted {
    /// Its [`Prints::whole`](crate::model::diff::Prints::whole).
    Print(u128),
    /// It is no programme, or no fingerprint of it could be made: it differs from every version.
    Unknown,
}

impl Adopted {
    fn of(whole: Option<u128>) -> Adopted {
        whole.map_or(Adopted::Unknown, Adopted::Print)
    }

    /// Whether the programme whose [`Prints::whole`](crate::model::diff::Prints::whole) is
    /// `now` differs from this version.
    pub fn differs(self, now: Option<u128>) -> bool {
        !matches!((self, now), (Adopted::Print(then), Some(now)) if then == now)
    }
}

/// The version at the year's adoption tag, read on its own: `None` when there is no tag.
pub fn adopted_print(file: &Path, year: i32) -> Option<Adopted> {
    adopted_version(file, year)
        .map(|adopted| Adopted::of(adopted.ok().and_then(|p| prints(&p).whole)))
}

/// Whether `programme` (the file as it is now) differs from its adoption tag: `None` when it
/// has none. A version at the tag that cannot be read counts as different.
pub fn amended(file: &Path, programme: &Programme) -> Option<bool> {
    adopted_version(file, programme.year).map(|adopted| adopted.as_ref().ok() != Some(programme))
}

/// What one commit did to the file.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    Created(usize),
    Deleted,
    /// Only the layout changed (white space, order of nothing, comments): no activity did.
    LayoutOnly,
    Changed(ProgrammeDiff),
    /// A side that is no programme: which, and why.
    Unreadable(&'static str, String),
}

/// What each commit (in the order given) did. With `only`, what it did to that activity
/// (`None` for a commit that left it alone). See [`told`].
pub fn changes(
    file: &Path,
    commits: &[Commit],
    only: Option<&str>,
) -> Result<Vec<Option<Change>>, GitError> {
    told(file, commits, only, None, None).map(|told| told.changes)
}

/// What `log` tells of the file's history.
pub struct Told {
    /// What each commit did.
    pub changes: Vec<Option<Change>>,
    /// The version asked about, if it was one of those read.
    pub adopted: Option<Adopted>,
}

/// What each commit (in the order given) did, and the version `adopted` (a blob) if it is one
/// of those read.
///
/// Versions up to [`WHOLE_UP_TO`] are held whole ([`Holding::Whole`]). Larger ones are not: at
/// 100k filled activities each is about 190 MB, and the text of the one being read 130 MB more
/// ([`Holding::CutDown`]). As `diff` does, a version is first read for a
/// fingerprint of each activity, then read again and cut down to what its comparisons still
/// need: the activities that are the same (by id and fingerprint) in every version it is still
/// to be compared with are kept as their id's key alone. When the other side of a commit is
/// read, the same activities of both become [`stand_in`]s (made from that side's own) and the
/// two are diffed. Versions are cut oldest first, each read for its fingerprints just before
/// the version it is compared with is cut, so that only a few versions' fingerprints are held;
/// a version that is the file as it is now (`now`, read already) is not read for them again.
pub fn told(
    file: &Path,
    commits: &[Commit],
    only: Option<&str>,
    adopted: Option<&str>,
    now: Option<Now>,
) -> Result<Told, GitError> {
    let (dir, _) = locate(file);
    let ids: Vec<&str> = (commits.iter())
        .flat_map(|c| [&c.before, &c.after])
        .flatten()
        .map(String::as_str)
        .collect();
    // Sizes git cannot give: cut down, which fits whatever they are.
    let holding = match blob_sizes(&dir, &ids) {
        Ok(sizes) if sizes.iter().all(|&size| size <= WHOLE_UP_TO) => Holding::Whole,
        Ok(_) | Err(_) => Holding::CutDown,
    };
    told_holding(file, commits, only, adopted, now, holding)
}

/// How [`told_holding`] holds the versions it compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    /// Each version read once and held whole until its comparisons are made: at most two
    /// programmes and a text, fine for a file up to [`WHOLE_UP_TO`].
    Whole,
    /// Each version read twice and held cut down (see [`told`]): one reading and a small
    /// remainder at a time, for a version of any size, at the price of the second reading.
    CutDown,
}

/// The largest version (its text, in bytes) that is held whole: two programmes of it and its
/// text take about four times that (about 32 MB), far inside the memory budget of any command
/// (at least 300 MB); reading each version twice would make a long history of small files
/// nearly twice as slow to tell (a 10k programme without the optional fields is about 5 MB).
pub const WHOLE_UP_TO: u64 = 8 * 1024 * 1024;

/// The sizes of the blobs `ids`, from one `git cat-file --batch-check`.
fn blob_sizes(dir: &Path, ids: &[&str]) -> Result<Vec<u64>, GitError> {
    cat_file(dir, "--batch-check", ids, |reader, broken| {
        let mut sizes = Vec::with_capacity(ids.len());
        for line in reader.lines() {
            let line = line.map_err(|e| broken(&e.to_string()))?;
            // `<oid> blob <size>`, or `<oid> missing`.
            let size = match line.split(' ').collect::<Vec<_>>()[..] {
                [_, "blob", size] => size.parse::<u64>().ok(),
                _ => None,
            };
            sizes.push(size.ok_or_else(|| broken(&line))?);
        }
        Ok(sizes)
    })
}

/// [`told`], holding the versions as `holding` says.
pub fn told_holding(
    file: &Path,
    commits: &[Commit],
    only: Option<&str>,
    adopted: Option<&str>,
    now: Option<Now>,
    holding: Holding,
) -> Result<Told, GitError> {
    let (dir, _) = locate(file);
    let mut walk = Walk::new(commits, only, adopted, holding);
    let steps = walk.steps();
    let ids: Vec<&str> = steps
        .iter()
        .map(|&(version, _)| walk.ids[version])
        .collect();
    let mut steps = steps.into_iter();
    let mut now = now;
    read_blobs(&dir, &ids, |_, bytes| {
        let Some((version, reading)) = steps.next() else {
            return;
        };
        match reading {
            // The file as it is now was read for them already.
            Reading::Prints if now.as_ref().is_some_and(|now| now.is(&bytes)) => {
                let taken = now
                    .as_mut()
                    .and_then(|now| Some((now.by_key.take()?, now.whole)));
                if let Some((by_key, whole)) = taken {
                    walk.printed_as(version, by_key, whole);
                } else {
                    walk.printed(version, programme_of(bytes));
                }
            }
            Reading::Prints => walk.printed(version, programme_of(bytes)),
            Reading::Cut => walk.cut(version, programme_of(bytes)),
        }
    })?;
    // A commit not told had a version that was not where the walk left it: git gave a blob
    // otherwise the second time.
    if walk.told.iter().any(|told| !told) {
        return Err(GitError::Failed {
            command: "cat-file --batch".to_string(),
            message: "a version read twice differed between its readings".to_string(),
        });
    }
    Ok(Told {
        changes: walk.done,
        adopted: walk.print,
    })
}

/// Each activity's fingerprint by its id's key, as [`prints`] makes them.
type Fingerprints = HashMap<u64, Option<u128>>;

/// A version just read, as its comparisons have it: the programme (theirs to keep when no
/// other needs it) and its fingerprints.
type Fresh<'p> = (Cow<'p, Programme>, &'p Fingerprints);

/// A version a comparison needs is not held as the walk left it.
struct Lost;

/// Why a version is read: for its fingerprints, or to be compared and cut down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    Prints,
    Cut,
}

/// A version read, cut down to what its comparisons still to come need: its outline and, per
/// cluster, its activities.
struct Cut {
    outline: Programme,
    activities: Vec<Vec<Kept>>,
    /// The keys more than one of its activities hold: never the same as another version's.
    duplicated: HashSet<u64>,
}

/// A version read, held for the comparisons still to come.
enum Held {
    Whole(Programme),
    Cut(Cut),
}

/// An activity of a [`Cut`]: whole, or the key of its id when it is the same in every version
/// still to be compared with (its stand-in is made from that version's own).
enum Kept {
    Whole(Box<Activity>),
    Same(u64),
}

/// The versions of the file that `commits` compare, and what is known of each while they are
/// read.
struct Walk<'c> {
    /// Each version's blob, once.
    ids: Vec<&'c str>,
    /// Each commit's versions before and after, as indexes into `ids`.
    sides: Vec<(Option<usize>, Option<usize>)>,
    /// For each version, the commits that compare it.
    commits_of: Vec<Vec<usize>>,
    /// The fingerprints of each version read for them and not yet cut (a cut version is
    /// compared by its [`Cut`]).
    prints: Vec<Option<Fingerprints>>,
    /// Why a version is no programme.
    unreadable: Vec<Option<String>>,
    /// Whether a version has been read to be cut (its commits with versions read are told).
    cut: Vec<bool>,
    held: Vec<Option<Held>>,
    /// What each commit did, once told.
    done: Vec<Option<Change>>,
    /// Which commits are told.
    told: Vec<bool>,
    only: Option<&'c str>,
    /// The version whose whole fingerprint is asked for, and that fingerprint once made.
    wanted: Option<usize>,
    print: Option<Adopted>,
    holding: Holding,
}

impl<'c> Walk<'c> {
    fn new(
        commits: &'c [Commit],
        only: Option<&'c str>,
        blob: Option<&str>,
        holding: Holding,
    ) -> Walk<'c> {
        let mut ids: Vec<&'c str> = Vec::new();
        let mut index = |id: &'c Option<String>| {
            let id = id.as_deref()?;
            Some(
                ids.iter()
                    .position(|&known| known == id)
                    .unwrap_or_else(|| {
                        ids.push(id);
                        ids.len() - 1
                    }),
            )
        };
        // Newest first, the version after a commit before the one before it.
        let sides: Vec<_> = commits
            .iter()
            .map(|c| {
                let after = index(&c.after);
                (index(&c.before), after)
            })
            .collect();
        let mut commits_of = vec![Vec::new(); ids.len()];
        for (c, &(before, after)) in sides.iter().enumerate() {
            for version in [before, after].into_iter().flatten() {
                if !commits_of[version].contains(&c) {
                    commits_of[version].push(c);
                }
            }
        }
        let count = ids.len();
        let wanted = blob.and_then(|blob| ids.iter().position(|&id| id == blob));
        Walk {
            ids,
            sides,
            commits_of,
            prints: (0..count).map(|_| None).collect(),
            unreadable: vec![None; count],
            cut: vec![false; count],
            held: (0..count).map(|_| None).collect(),
            done: commits.iter().map(|_| None).collect(),
            told: vec![false; commits.len()],
            only,
            wanted,
            print: None,
            holding,
        }
    }

    /// The other version of a commit that compares `version` with another.
    fn partner(&self, commit: usize, version: usize) -> Option<usize> {
        match self.sides[commit] {
            (Some(before), Some(after)) if before == version => Some(after),
            (Some(before), Some(after)) if after == version => Some(before),
            (Some(_) | None, Some(_) | None) => None,
        }
    }

    /// The readings, in order: each version once to be cut, oldest first, and before that
    /// each version it is compared with that is not cut yet once for its fingerprints.
    fn steps(&self) -> Vec<(usize, Reading)> {
        let mut printed = vec![false; self.ids.len()];
        let mut cut = vec![false; self.ids.len()];
        let mut steps = Vec::new();
        // Oldest first, so that the newest version, most often the file as it is now, is read
        // for its fingerprints (which the file's own reading made) before it is cut.
        for version in (0..self.ids.len()).rev() {
            for &commit in &self.commits_of[version] {
                if let Some(other) = self.partner(commit, version)
                    && self.holding == Holding::CutDown
                    && !cut[other]
                    && !printed[other]
                    && other != version
                {
                    printed[other] = true;
                    steps.push((other, Reading::Prints));
                }
            }
            cut[version] = true;
            steps.push((version, Reading::Cut));
        }
        steps
    }

    /// Whether `version` is still to be compared with a version not cut yet.
    fn to_come(&self, version: usize) -> bool {
        self.commits_of[version]
            .iter()
            .filter_map(|&c| self.partner(c, version))
            .any(|other| !self.cut[other])
    }

    /// A version read for its fingerprints.
    /// A version whose fingerprints were made when the file as it is now was read.
    fn printed_as(&mut self, version: usize, by_key: Fingerprints, whole: Option<u128>) {
        if self.wanted == Some(version) {
            self.print = Some(Adopted::of(whole));
        }
        self.prints[version] = Some(by_key);
    }

    fn printed(&mut self, version: usize, programme: Result<Programme, VersionError>) {
        match programme {
            Ok(programme) => {
                let prints = self.prints_of(version, &programme);
                self.prints[version] = Some(prints);
            }
            Err(why) => {
                if self.wanted == Some(version) {
                    self.print = Some(Adopted::Unknown);
                }
                self.unreadable[version] = Some(why.to_string());
            }
        }
    }

    /// The fingerprints of a version read whole, noting its whole one if it is wanted.
    fn prints_of(&mut self, version: usize, programme: &Programme) -> Fingerprints {
        // Versions held whole are compared whole.
        if self.holding == Holding::Whole && self.wanted != Some(version) {
            return Fingerprints::new();
        }
        let prints = prints(programme);
        if self.wanted == Some(version) {
            self.print = Some(Adopted::of(prints.whole));
        }
        prints.by_key
    }

    /// A version read to be cut: the commits whose versions are now all read are told, then
    /// it is cut down for those still to come, and what no commit needs any more is let go.
    fn cut(&mut self, version: usize, programme: Result<Programme, VersionError>) {
        self.cut[version] = true;
        let prints = self.prints[version].take();
        let programme = match programme {
            Ok(programme) => {
                let prints = prints.unwrap_or_else(|| self.prints_of(version, &programme));
                Some((programme, prints))
            }
            Err(why) => {
                if self.wanted == Some(version) {
                    self.print = Some(Adopted::Unknown);
                }
                self.unreadable[version] = Some(why.to_string());
                None
            }
        };
        let ready: Vec<usize> = self.commits_of[version]
            .iter()
            .copied()
            .filter(|&c| {
                let (before, after) = self.sides[c];
                !self.told[c] && [before, after].into_iter().flatten().all(|v| self.cut[v])
            })
            .collect();
        // Cut down first, for the versions still to come; then the comparisons of this one may
        // have the programme itself, the last of them to make its view in place.
        if let Some((programme, prints)) = &programme
            && self.holding == Holding::CutDown
            && self.to_come(version)
        {
            self.held[version] = Some(Held::Cut(self.cut_down(version, programme, prints)));
        }
        let (mut whole, prints) = programme.unzip();
        // Held whole, the programme is kept as it is.
        let last = match self.holding {
            Holding::Whole => None,
            Holding::CutDown => ready.len().checked_sub(1),
        };
        for (n, commit) in ready.into_iter().enumerate() {
            let read = if Some(n) == last {
                whole.take().map(Cow::Owned)
            } else {
                whole.as_ref().map(Cow::Borrowed)
            };
            // A commit whose other side is lost stays untold, and the walk says so at its end.
            if let Ok(change) = self.tell(commit, version, read.zip(prints.as_ref())) {
                self.done[commit] = change;
                self.told[commit] = true;
            }
        }
        if let Some(programme) = whole
            && self.holding == Holding::Whole
            && self.to_come(version)
        {
            self.held[version] = Some(Held::Whole(programme));
        }
        let left =
            |walk: &Self, version: usize| walk.commits_of[version].iter().any(|&c| !walk.told[c]);
        let mut seen = self.commits_of[version].clone();
        seen.retain(|&c| self.told[c]);
        for commit in seen {
            let (before, after) = self.sides[commit];
            for told in [before, after].into_iter().flatten() {
                if !left(self, told) {
                    self.held[told] = None;
                    self.prints[told] = None;
                }
            }
        }
    }

    /// What a commit did, told when `version` (one of its sides; `read`, the programme and its
    /// fingerprints, if it is one) is the last of them read; [`Lost`] if a side that should be
    /// held is not.
    fn tell(
        &self,
        commit: usize,
        version: usize,
        read: Option<Fresh<'_>>,
    ) -> Result<Option<Change>, Lost> {
        let (before, after) = self.sides[commit];
        let why = |side: Option<usize>| self.unreadable[side?].clone();
        if let Some(why) = why(after) {
            return Ok(Some(Change::Unreadable("after", why)));
        }
        if let Some(why) = why(before) {
            return Ok(Some(Change::Unreadable("before", why)));
        }
        let (programme, prints) = read.ok_or(Lost)?;
        let has = |p: &Programme| self.only.is_none_or(|id| p.find(id).is_some());
        Ok(match (before, after) {
            (None, Some(_)) => has(&programme).then(|| Change::Created(programme.activity_count())),
            (Some(_), None) => has(&programme).then_some(Change::Deleted),
            // A commit that changed only the file's mode: nothing of the programme.
            (Some(b), Some(a)) if b == a => self.only.is_none().then_some(Change::LayoutOnly),
            (Some(b), Some(a)) => {
                let other = if b == version { a } else { b };
                match self.held[other].as_ref().ok_or(Lost)? {
                    Held::Whole(held) if b == version => changed(&programme, held, self.only),
                    Held::Whole(held) => changed(held, &programme, self.only),
                    Held::Cut(cut) => {
                        let (fresh, held) = Self::views(programme, prints, cut).ok_or(Lost)?;
                        if b == version {
                            changed(&fresh, &held, self.only)
                        } else {
                            changed(&held, &fresh, self.only)
                        }
                    }
                }
            }
            (None, None) => None,
        })
    }

    /// The programme just read (with its fingerprints) and the cut of `other`, each with the
    /// activities the same in both as stand-ins: what a diff of the two needs, and no more.
    fn views(
        programme: Cow<'_, Programme>,
        prints: &Fingerprints,
        held: &Cut,
    ) -> Option<(Programme, Programme)> {
        // The keys of the activities the same in both: those the cut kept as the same in every
        // version still to come, and those it kept whole for another version but that are the
        // same in this one.
        let mut same: HashSet<u64> = HashSet::new();
        for kept in held.activities.iter().flatten() {
            match kept {
                Kept::Same(key) => {
                    same.insert(*key);
                }
                Kept::Whole(activity) => {
                    let key = id_key(&activity.id);
                    if !held.duplicated.contains(&key)
                        && matches!(prints.get(&key), Some(Some(print)) if fingerprint(activity) == Some(*print))
                    {
                        same.insert(key);
                    }
                }
            }
        }
        let view = match programme {
            // Nothing needs the programme after: its same activities become stand-ins in place.
            Cow::Owned(mut programme) => {
                for cluster in &mut programme.clusters {
                    for activity in &mut cluster.activities {
                        if same.contains(&id_key(&activity.id)) {
                            *activity = stand_in(activity);
                        }
                    }
                }
                programme
            }
            Cow::Borrowed(programme) => {
                let mut view = outline(programme);
                for (cluster, whole) in view.clusters.iter_mut().zip(&programme.clusters) {
                    cluster.activities = (whole.activities.iter())
                        .map(|activity| {
                            if same.contains(&id_key(&activity.id)) {
                                stand_in(activity)
                            } else {
                                activity.clone()
                            }
                        })
                        .collect();
                }
                view
            }
        };
        // Where each same activity is in the view, to make the cut's stand-ins from.
        let cells: HashMap<u64, Cell> = view
            .activities()
            .map(|(cell, activity)| (id_key(&activity.id), cell))
            .filter(|(key, _)| same.contains(key))
            .collect();
        let mut theirs = held.outline.clone();
        for (cluster, kept) in theirs.clusters.iter_mut().zip(&held.activities) {
            for kept in kept {
                cluster.activities.push(match kept {
                    Kept::Whole(activity) if same.contains(&id_key(&activity.id)) => {
                        stand_in(activity)
                    }
                    Kept::Whole(activity) => (**activity).clone(),
                    Kept::Same(key) => view.activity(*cells.get(key)?)?.clone(),
                });
            }
        }
        Some((view, theirs))
    }

    /// `programme` (of `version`) cut down for the versions still to be compared with it (not
    /// cut yet): an activity the same in every one of them is kept as its id's key, any other
    /// as a copy (a compact one: the programme's own memory is let go whole, for the next
    /// version read to take).
    fn cut_down(&self, version: usize, programme: &Programme, mine: &Fingerprints) -> Cut {
        // The fingerprints of the versions still to come that are programmes: each was read
        // for them before this one (`None` if one was not, and then nothing is the same).
        let others: Option<Vec<&Fingerprints>> = self.commits_of[version]
            .iter()
            .filter_map(|&c| self.partner(c, version))
            .filter(|&other| !self.cut[other] && self.unreadable[other].is_none())
            .map(|other| self.prints[other].as_ref())
            .collect();
        let same_everywhere = |key: u64| {
            let (Some(Some(print)), Some(others)) = (mine.get(&key), &others) else {
                return false;
            };
            others
                .iter()
                .all(|theirs| theirs.get(&key) == Some(&Some(*print)))
        };
        let outline = outline(programme);
        let activities = (programme.clusters.iter())
            .map(|cluster| {
                (cluster.activities.iter())
                    .map(|activity| {
                        let key = id_key(&activity.id);
                        if same_everywhere(key) {
                            Kept::Same(key)
                        } else {
                            Kept::Whole(Box::new(activity.clone()))
                        }
                    })
                    .collect()
            })
            .collect();
        let duplicated = mine
            .iter()
            .filter_map(|(&key, print)| print.is_none().then_some(key))
            .collect();
        Cut {
            outline,
            activities,
            duplicated,
        }
    }
}

/// What a commit did between two versions that are both programmes.
fn changed(old: &Programme, new: &Programme, only: Option<&str>) -> Option<Change> {
    let mut changes = diff(old, new);
    if let Some(id) = only {
        changes = changes.only_activity(id);
        if changes.is_empty() {
            return None;
        }
    }
    Some(if changes.is_empty() {
        Change::LayoutOnly
    } else {
        Change::Changed(changes)
    })
}

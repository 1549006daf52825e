//! `log` on a long history of a generated programme, told as the whole programmes tell it: the
//! command must print the bytes that diffing every commit's two versions whole prints, and
//! reading each version cut down (fingerprints, then the same activities as stand-ins, as a large
//! file is read) must tell what holding them whole tells.

use std::collections::HashMap;

use wpmatrix::model::diff::diff;
use wpmatrix::model::{Activity, PlanDate, Programme, Status};
use wpmatrix::report::diff::render_text;
use wpmatrix::store;
use wpmatrix::store::history::{self, Adopted, Holding};
use wpmatrix::text::plural;

use crate::common::repo::Repo;

/// One commit as the test made it: its message and the file's text after it (`None`: deleted).
struct Made {
    message: &'static str,
    text: Option<String>,
}

/// The programme's text as written.
fn text(programme: &Programme) -> String {
    store::to_canonical(programme)
}

/// What one commit did, from its two versions whole: the path `log` took before it read them
/// cut down.
fn whole_change(
    versions: &mut Versions,
    before: Option<&str>,
    after: Option<&str>,
    only: Option<&str>,
) -> Option<String> {
    let has = |p: &Programme| only.is_none_or(|id| p.find(id).is_some());
    let before = before.map(|text| versions.read(text).clone());
    let after = after.map(|text| versions.read(text).clone());
    Some(match (&before, &after) {
        (_, Some(Err(why))) => format!("the file after this commit is no programme: {why}\n"),
        (Some(Err(why)), _) => format!("the file before this commit is no programme: {why}\n"),
        (None, Some(Ok(new))) if has(new) => {
            format!(
                "created with {}\n",
                plural(new.activity_count(), "activity")
            )
        }
        (Some(Ok(old)), None) if has(old) => "deleted\n".to_string(),
        (_, None) | (None, Some(Ok(_))) => return None,
        (Some(Ok(old)), Some(Ok(new))) => {
            let mut changes = diff(old, new);
            if let Some(id) = only {
                changes = changes.only_activity(id);
                if changes.is_empty() {
                    return None;
                }
            }
            if changes.is_empty() {
                "layout only: no activity changed\n".to_string()
            } else {
                render_text(&changes, false)
            }
        }
    })
}

/// What the test learnt of the repository's versions, each thing once: the text of each
/// commit's first parent's version (git is asked once per commit, not once per listing, as a
/// commit never changes) and each text read whole.
#[derive(Default)]
struct Versions {
    /// For each commit, its parent's version of the file (`None`: the parent has no file).
    before: HashMap<(String, String), Option<String>>,
    read: HashMap<String, Result<Programme, String>>,
}

impl Versions {
    /// The file as `commit`'s first parent has it, `None` where it has no such file.
    fn before(&mut self, repo: &Repo, commit: &str, file: &str) -> Option<String> {
        let key = (commit.to_string(), file.to_string());
        self.before
            .entry(key)
            .or_insert_with(|| {
                let before = repo
                    .try_git(&["show", &format!("{commit}^:{file}")])
                    .stdout
                    .clone();
                let parent_has_file = repo
                    .try_git(&["cat-file", "-e", &format!("{commit}^:{file}")])
                    .code
                    == 0;
                parent_has_file.then_some(before)
            })
            .clone()
    }

    /// A text read whole: its programme or the first problem found in it.
    fn read(&mut self, text: &str) -> &Result<Programme, String> {
        self.read.entry(text.to_string()).or_insert_with(|| {
            store::parse(text)
                .map(|parsed| parsed.programme)
                .map_err(|rejection| {
                    rejection
                        .diagnostics
                        .first()
                        .map_or("not a programme".to_string(), |d| d.message.clone())
                })
        })
    }
}

/// What `log` printed before it read versions cut down: each commit (newest first, as `git
/// log` lists them) told from its versions whole.
fn expected(
    versions: &mut Versions,
    repo: &Repo,
    file: &str,
    made: &[(String, Made)],
    only: Option<&str>,
) -> Vec<String> {
    // The commits as `log` lists them (its hashes cut to ten characters, as git abbreviates
    // them there).
    let listed = repo.git(&[
        "log",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--format=%x1e%h%x1f%H%x1f%D%x1f",
        "--",
        file,
    ]);
    let mut told = Vec::new();
    for record in listed.split('\x1e').filter(|r| !r.is_empty()) {
        let mut parts = record.split('\x1f');
        let (short, full, decorations) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let short = short.get(..10).unwrap_or(short);
        let Some((_, commit)) = made.iter().find(|(hash, _)| hash == full) else {
            // A merge: git log shows no change for it, and neither does `log`.
            continue;
        };
        let before = versions.before(repo, full, file);
        let Some(change) = whole_change(versions, before.as_deref(), commit.text.as_deref(), only)
        else {
            continue;
        };
        let tags: Vec<&str> = decorations
            .split(", ")
            .filter_map(|d| d.strip_prefix("tag: "))
            .collect();
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" (tag: {})", tags.join(", tag: "))
        };
        told.push(format!(
            "commit {short}{tags}\nAuthor: Ana Planner\nDate:   2022-01-01\n\n    {}\n\n{change}",
            commit.message
        ));
    }
    told
}

/// Each commit's hash and what it made, committing `text` (or deleting the file) on the branch
/// checked out.
fn commit(repo: &Repo, file: &str, message: &'static str, text: Option<String>) -> (String, Made) {
    match &text {
        Some(text) => {
            std::fs::write(repo.path().join(file), text).unwrap();
            repo.git(&["add", file]);
        }
        None => {
            repo.git(&["rm", "-q", file]);
        }
    }
    repo.git(&["commit", "-q", "-m", message]);
    let hash = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    (hash, Made { message, text })
}

/// The activity at position `n` over all clusters.
fn nth(programme: &mut Programme, n: usize) -> &mut Activity {
    programme
        .clusters
        .iter_mut()
        .flat_map(|c| &mut c.activities)
        .nth(n)
        .unwrap()
}

#[test]
fn log_of_a_long_history_is_what_the_whole_versions_tell() {
    let repo = Repo::new();
    let mut versions = Versions::default();
    let first = crate::generate::programme_filled(80, 41);
    let year = first.year;
    let file = format!("programmes/{year}.ron");
    let file = file.as_str();
    let mut made = Vec::new();
    made.push(commit(&repo, file, "created", Some(text(&first))));

    // Statuses and titles.
    let mut adopted = first.clone();
    for (n, activity) in (adopted.clusters.iter_mut())
        .flat_map(|c| &mut c.activities)
        .enumerate()
    {
        match n % 9 {
            0 => activity.status = Status::Done,
            4 => activity.title.push_str(" (renamed)"),
            _ => {}
        }
    }
    made.push(commit(
        &repo,
        file,
        "statuses and titles",
        Some(text(&adopted)),
    ));
    repo.git(&["tag", &format!("wp-{year}-adopted")]);
    // The file as adopted: not amended.
    let log = repo.wpmatrix(&["log", file]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    assert_eq!(
        log.stdout,
        expected(&mut versions, &repo, file, &made, None).join("\n")
    );

    // Dates, an activity added and one dropped.
    let mut dated = adopted.clone();
    for (n, activity) in (dated.clusters.iter_mut())
        .flat_map(|c| &mut c.activities)
        .enumerate()
    {
        if n % 13 == 0 {
            activity.end = Some(PlanDate::Day(format!("{year}-12-30").parse().unwrap()));
        }
    }
    dated.clusters[0].activities.remove(2);
    (dated.clusters[1].activities).push(Activity::new("added-later", "Added later"));
    made.push(commit(
        &repo,
        file,
        "dates, one in one out",
        Some(text(&dated)),
    ));

    // Activities moved between clusters, one of them changed on the way.
    let mut moved = dated.clone();
    let taken: Vec<Activity> = moved.clusters[2].activities.drain(..2).collect();
    let moved_id = taken[0].id.clone();
    moved.clusters[3].activities.extend(taken);
    let last = moved.clusters[3].activities.len() - 1;
    moved.clusters[3].activities[last].status = Status::Cancelled;
    made.push(commit(&repo, file, "moved", Some(text(&moved))));

    // Only the layout.
    let relaid = format!(
        "// relaid\n{}\n",
        text(&moved).replace("\n    ", "\n      ")
    );
    assert!(store::parse(&relaid).is_ok());
    made.push(commit(&repo, file, "relaid", Some(relaid)));

    // Back to an earlier version (its blob is read once, compared with two others).
    made.push(commit(&repo, file, "back to the dates", Some(text(&dated))));

    // No programme, then one again with a change.
    made.push(commit(
        &repo,
        file,
        "broken",
        Some("Programme(year: oops)\n".into()),
    ));
    let mut fixed = dated.clone();
    nth(&mut fixed, 7).description.push_str(" Fixed.");
    made.push(commit(&repo, file, "fixed", Some(text(&fixed))));

    // Two branches changing far apart, merged: a version compared with two others.
    let base = fixed.clone();
    repo.git(&["checkout", "-q", "-b", "side"]);
    let mut side = base.clone();
    nth(&mut side, 1).notes = "From the side branch.".into();
    made.push(commit(&repo, file, "on the side", Some(text(&side))));
    repo.git(&["checkout", "-q", "main"]);
    let mut main = base.clone();
    let count = main.activity_count();
    nth(&mut main, count - 2).title = "Changed on main".into();
    made.push(commit(&repo, file, "on main", Some(text(&main))));
    repo.git(&["merge", "-q", "--no-edit", "side"]);
    let merged = std::fs::read_to_string(repo.path().join(file)).unwrap();
    let mut last_one = store::parse(&merged).unwrap().programme;
    nth(&mut last_one, 20).title = "Last of all".into();
    made.push(commit(&repo, file, "last", Some(text(&last_one))));

    // The file is small, so `log` holds its versions whole; cut down they tell the same.
    let path = repo.path().join(file);
    let commits = history::commits(&path, None).unwrap();
    let tag = repo.git(&["rev-parse", &format!("wp-{year}-adopted:{file}")]);
    for only in [None, Some(moved_id.as_str()), Some("added-later")] {
        let told =
            |holding| history::told_holding(&path, &commits, only, Some(tag.trim()), None, holding);
        let (whole, cut) = (
            told(Holding::Whole).unwrap(),
            told(Holding::CutDown).unwrap(),
        );
        assert_eq!(cut.changes, whole.changes, "{only:?}");
        assert_eq!(cut.adopted, whole.adopted);
        assert!(matches!(cut.adopted, Some(Adopted::Print(_))));
        // The newest version is the file as it is now: its fingerprints are taken from there.
        let text = std::fs::read_to_string(&path).unwrap();
        let now = history::Now::of(&text, &store::parse(&text).unwrap().programme);
        let told = history::told_holding(
            &path,
            &commits,
            only,
            Some(tag.trim()),
            Some(now),
            Holding::CutDown,
        );
        assert_eq!(told.unwrap().changes, whole.changes, "{only:?}");
    }

    let amended = format!("{file} is amended since its adoption (tag wp-{year}-adopted)\n\n");
    let log = repo.wpmatrix(&["log", file]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let all = expected(&mut versions, &repo, file, &made, None);
    assert_eq!(log.stdout, format!("{amended}{}", all.join("\n")));
    for told in [
        "layout only",
        "no programme",
        "created with 80",
        "moved from",
    ] {
        assert!(log.stdout.contains(told), "{told}: {}", log.stdout);
    }
    for id in [moved_id.as_str(), "added-later"] {
        let log = repo.wpmatrix(&["log", file, "--activity", id]);
        assert_eq!(log.code, 0, "{}", log.stderr);
        assert_eq!(
            log.stdout,
            format!(
                "{amended}{}",
                expected(&mut versions, &repo, file, &made, Some(id)).join("\n")
            ),
            "{id}"
        );
    }
    let since = repo.wpmatrix(&["log", file, "--since", "adopted"]);
    assert_eq!(since.code, 0, "{}", since.stderr);
    let after_adoption: Vec<String> = all
        .into_iter()
        .take_while(|told| !told.contains(" (tag: wp-"))
        .collect();
    assert_eq!(
        since.stdout,
        format!("{amended}{}", after_adoption.join("\n"))
    );

    // Deleted, and the file as it is now gone: no line on its adoption. (git took the emptied
    // folder away too; the folder is where `log` runs git.)
    made.push(commit(&repo, file, "deleted", None));
    std::fs::create_dir_all(repo.path().join("programmes")).unwrap();
    let log = repo.wpmatrix(&["log", file]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    assert_eq!(
        log.stdout,
        expected(&mut versions, &repo, file, &made, None).join("\n")
    );
}

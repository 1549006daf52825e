//! git integration in a throwaway repository: `git-setup`, then `git diff`, `git log -p` and
//! `git merge` of programme files through the wpmatrix drivers.

use std::process::Command;

use wpmatrix::model::{Activity, Programme, Status};
use wpmatrix::store;

use crate::common::bin;
use crate::common::repo::{FILE, Repo};

fn activity<'a>(p: &'a mut Programme, id: &str) -> &'a mut Activity {
    let cell = p.find(id).expect("activity");
    p.activity_mut(cell).expect("cell")
}

#[test]
fn git_setup_writes_and_prints_the_driver_config() {
    let dir = tempfile::tempdir().expect("tempdir");
    let git = |args: &[&str]| {
        crate::common::run::output(
            Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .env("HOME", dir.path()),
        )
    };
    git(&["init", "-q"]);
    let out = crate::common::wpmatrix()
        .arg("git-setup")
        .current_dir(dir.path())
        .env("HOME", dir.path())
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout);
    for key in [
        "diff.wpmatrix.command",
        "diff.wpmatrix.textconv",
        "merge.wpmatrix.name",
        "merge.wpmatrix.driver",
    ] {
        assert!(
            stdout.contains(&format!("git config --local {key} ")),
            "{stdout}"
        );
    }
    let driver = git(&["config", "merge.wpmatrix.driver"]);
    assert_eq!(
        String::from_utf8_lossy(&driver.stdout).trim(),
        format!("{} git-merge-driver %O %A %B %L %P", bin().display())
    );
    let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).expect("added");
    assert_eq!(
        attributes,
        "programmes/*.ron diff=wpmatrix merge=wpmatrix\n"
    );
    assert!(stdout.contains("added to"), "{stdout}");
}

#[test]
fn git_diff_shows_the_activity_level_diff() {
    let repo = Repo::with_drivers();
    let mut p = repo.load(2022);
    let board = activity(&mut p, "pes-board");
    board.status = Status::Done;
    board.end = Some("2022-06-30".parse().expect("date"));
    repo.save(&p);
    let run = repo.try_git(&["diff"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with(&format!("wpmatrix diff a/{FILE} b/{FILE}\n")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("cluster \"Meetings\" (meetings)\n  ~ \"PES Board\" (pes-board)\n      status: planned -> done\n      end: none -> 2022-06-30\n"), "{}", run.stdout);
}

#[test]
fn git_diff_of_a_new_file_lists_everything_as_added() {
    let repo = Repo::with_drivers();
    let mut next = repo.load(2022);
    next.year = 2023;
    store::save(&repo.path().join("programmes/2023.ron"), &next).expect("save");
    repo.git(&["add", "programmes/2023.ron"]);
    let run = repo.try_git(&["diff", "--cached"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("+ cluster \"Meetings\" (meetings), row 6"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("32 added, 0 removed"), "{}", run.stdout);
}

#[test]
fn git_log_names_the_activity_on_every_changed_line() {
    let repo = Repo::with_drivers();
    repo.change(2022, "board done, research as report", |p| {
        activity(p, "pes-board").status = Status::Done;
        activity(p, "research")
            .formats
            .push(wpmatrix::model::Format::parse("Report"));
    });
    let log = repo.git(&["log", "-p", "-1"]);
    let changed: Vec<&str> = log
        .lines()
        .filter(|l| {
            (l.starts_with('+') || l.starts_with('-'))
                && !l.starts_with("+++")
                && !l.starts_with("---")
        })
        .collect();
    assert_eq!(changed.len(), 4, "{log}");
    assert!(changed.contains(&"-[Meetings] \"PES Board\" (pes-board): status planned | dates none | formats Meeting | description \"Online/Physical\""), "{log}");
    assert!(changed.contains(&"+[Meetings] \"PES Board\" (pes-board): status done | dates none | formats Meeting | description \"Online/Physical\""), "{log}");
    assert!(
        changed.iter().any(|l| l.starts_with(
            "+[Others] \"Research\" (research): status planned | dates none | formats Study; Survey; Report"
        )),
        "{log}"
    );
    let show = repo.git(&["show", "HEAD"]);
    assert!(
        show.contains("+[Meetings] \"PES Board\" (pes-board): status done"),
        "{show}"
    );
}

/// Two branches from main: `ours` (checked out after) and `theirs`, each with its change.
fn branches(repo: &Repo, ours: impl FnOnce(&mut Programme), theirs: impl FnOnce(&mut Programme)) {
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    repo.change(2022, "theirs", theirs);
    repo.git(&["checkout", "-q", "main"]);
    repo.change(2022, "ours", ours);
}

#[test]
fn merge_of_changes_to_adjacent_fields_and_different_activities_is_clean() {
    let repo = Repo::with_drivers();
    let base_text = repo.read(2022).0;
    branches(
        &repo,
        |p| {
            activity(p, "afepas").status = Status::Done;
            // Remove one activity and add another at the end of its cluster.
            p.clusters[4].activities.remove(0);
            p.clusters[5]
                .activities
                .push(Activity::new("network-plenary", "Network plenary"));
        },
        |p| {
            // The line right below `status` in the file.
            activity(p, "afepas").start = Some("2022-Q3".parse().expect("date"));
            activity(p, "research").status = Status::Ongoing;
            let moved = p.clusters[0].activities.remove(5);
            p.clusters[1].activities.insert(0, moved);
        },
    );
    let ours_text = repo.read(2022).0;
    let theirs_text = repo.git(&["show", &format!("theirs:{FILE}")]);

    let run = repo.try_git(&["merge", "-q", "--no-edit", "theirs"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let (text, merged) = repo.read(2022);
    assert_eq!(
        text,
        store::to_canonical(&merged),
        "the merge result is canonical"
    );
    let afepas = activity(&mut merged.clone(), "afepas").clone();
    assert_eq!(afepas.status, Status::Done);
    assert_eq!(
        afepas.start.map(|d| d.to_string()).as_deref(),
        Some("2022-Q3")
    );
    assert_eq!(
        activity(&mut merged.clone(), "research").status,
        Status::Ongoing
    );
    assert!(merged.find("mutual-assistance-projects").is_none());
    assert!(merged.find("network-plenary").is_some());
    assert_eq!(
        merged.clusters[1].activities[0].id,
        "short-time-work-schemes"
    );
    assert!(!text.contains("CONFLICT"));

    // git's own line merge would have stopped at the adjacent status and start lines.
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, content) in [("o", &ours_text), ("b", &base_text), ("t", &theirs_text)] {
        std::fs::write(dir.path().join(name), content).expect("write");
    }
    let line_merge = crate::common::run::output(
        Command::new("git")
            .args(["merge-file", "-p", "o", "b", "t"])
            .current_dir(dir.path()),
    );
    assert_ne!(
        line_merge.status.code(),
        Some(0),
        "a line merge conflicts here"
    );
}

#[test]
fn merge_of_two_changes_to_one_field_conflicts_and_stays_loadable() {
    let repo = Repo::with_drivers();
    branches(
        &repo,
        |p| activity(p, "pes-board").status = Status::Done,
        |p| {
            activity(p, "pes-board").status = Status::Cancelled;
            activity(p, "afepas").status = Status::Ongoing;
        },
    );
    let run = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains(&format!("CONFLICT (content): Merge conflict in {FILE}")),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(
            "activity \"pes-board\": CONFLICT status: ours=done theirs=cancelled (base planned)"
        ),
        "{}",
        run.stderr
    );

    let (text, mut merged) = repo.read(2022);
    assert!(!text.contains("<<<<<<<"), "no raw conflict markers");
    let board = activity(&mut merged, "pes-board").clone();
    assert_eq!(board.status, Status::Done, "ours is kept");
    assert_eq!(
        board.notes,
        "CONFLICT status: ours=done theirs=cancelled (base planned)"
    );
    assert_eq!(activity(&mut merged, "afepas").status, Status::Ongoing);
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains(&format!("UU {FILE}")), "{status}");
    // The file is still a programme every command can read; check points at the conflict.
    let check = repo.wpmatrix(&["check", FILE]);
    assert_eq!(check.code, 1, "an unresolved conflict is an error");
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| Some((i + 1, l.find("\"CONFLICT status")? + 1)))
        .expect("the notes line");
    assert!(
        check.stdout.contains(&format!(
            "{FILE}:{line}:{column}: unresolved merge conflict in status: ours done, theirs cancelled; resolve it in the editor"
        )),
        "{}",
        check.stdout
    );
}

#[test]
fn merge_falls_back_to_git_text_merge_when_a_side_is_not_a_programme() {
    let repo = Repo::with_drivers();
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    let text = repo.read(2022).0;
    std::fs::write(
        repo.file(2022),
        text.replace("Programme(", "Programme(\n    oops: 1,"),
    )
    .expect("write");
    repo.git(&["commit", "-q", "-am", "broken"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.change(2022, "ours", |p| {
        activity(p, "pes-board").status = Status::Done;
    });
    let run = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert!(
        run.stderr.contains("using git's text merge"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.code, 0,
        "the lines do not overlap: {}{}",
        run.stdout, run.stderr
    );
    let merged = std::fs::read_to_string(repo.file(2022)).expect("read");
    assert!(merged.contains("oops: 1,") && merged.contains("status: done"));
}

/// Commits a text edit of the programme file, comments and all.
fn commit_text_change(repo: &Repo, message: &str, change: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(repo.file(2022)).expect("read");
    std::fs::write(repo.file(2022), change(&text)).expect("write");
    repo.git(&["commit", "-q", "-am", message]);
}

#[test]
fn merge_of_a_programme_with_comments_keeps_them_through_git_text_merge() {
    let repo = Repo::with_drivers();
    commit_text_change(&repo, "comment", |t| {
        t.replacen("notes: \"\",", "notes: \"\", // keep this comment", 1)
    });
    repo.git(&["checkout", "-q", "-b", "theirs"]);
    commit_text_change(&repo, "done", |t| {
        t.replacen("status: planned", "status: done", 1)
    });
    repo.git(&["checkout", "-q", "main"]);
    commit_text_change(&repo, "webinar", |t| {
        t.replacen("formats: [\"Seminar\"]", "formats: [\"Webinar\"]", 1)
    });

    let run = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "wpmatrix: {FILE}: a side has comments, which the structural merge would drop; using git's text merge"
        )),
        "{}",
        run.stderr
    );
    let text = std::fs::read_to_string(repo.file(2022)).expect("read");
    assert!(text.contains("notes: \"\", // keep this comment"), "{text}");
    let (_, mut merged) = repo.read(2022);
    assert_eq!(
        activity(&mut merged, "pes-stakeholder-conference").status,
        Status::Done
    );
    let skills = activity(
        &mut merged,
        "future-skills-career-guidance-lifelong-learning",
    );
    assert_eq!(wpmatrix::model::join_formats(&skills.formats), "Webinar");
}

#[test]
fn diff_reads_a_revision_through_git() {
    let repo = Repo::with_drivers();
    repo.change(2022, "board done", |p| {
        activity(p, "pes-board").status = Status::Done;
    });
    let run = repo.wpmatrix(&["diff", &format!("HEAD~1:{FILE}"), FILE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("status: planned -> done"),
        "{}",
        run.stdout
    );
    let run = repo.wpmatrix(&["diff", &format!("HEAD~5:{FILE}"), FILE]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "wpmatrix: HEAD~5:{FILE}: `git show HEAD~5:{FILE}` failed: fatal:"
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_refuses_a_revision_that_git_would_take_for_an_option() {
    let repo = Repo::with_drivers();
    let target = repo.path().join("pwned");
    let spec = format!("--output={}:x", target.display());
    let run = repo.wpmatrix(&["diff", "--", &spec, FILE]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "wpmatrix: {spec}: a revision cannot start with '-' (git would take it for an option)"
        )),
        "{}",
        run.stderr
    );
    assert!(
        !repo.path().join("pwned:x").exists() && !target.exists(),
        "git show wrote no file"
    );
}

#[test]
fn git_diff_falls_back_to_a_line_diff_when_a_side_is_not_a_programme() {
    let repo = Repo::with_drivers();
    let text = repo.read(2022).0;
    std::fs::write(
        repo.file(2022),
        text.replace("Programme(", "Programme(\n    oops: 1,"),
    )
    .expect("write");
    let run = repo.try_git(&["diff"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("line diff follows"), "{}", run.stdout);
    assert!(run.stdout.contains("\n+    oops: 1,\n"), "{}", run.stdout);
}

#[test]
fn conflict_left_by_a_merge_is_resolved_in_the_editor_and_commits_clean() {
    use wpmatrix::app::Action;
    use wpmatrix::tui::{Editor, keymap::Keymap};
    let repo = Repo::with_drivers();
    branches(
        &repo,
        |p| activity(p, "pes-board").status = Status::Done,
        |p| activity(p, "pes-board").status = Status::Cancelled,
    );
    assert_eq!(repo.try_git(&["merge", "--no-edit", "theirs"]).code, 1);

    let state = tempfile::tempdir().expect("state folder");
    let state = wpmatrix::session::StateDir::at(state.path().join("wpmatrix")).expect("state");
    let mut editor = Editor::open_in(&repo.file(2022), Keymap::default(), state).expect("opens");
    let cell = editor.app.programme.find("pes-board").expect("pes-board");
    editor.dispatch(Action::Select(cell));
    editor.type_keys("mt<C-s>").expect("keys");

    let (text, mut merged) = repo.read(2022);
    assert!(!text.contains("CONFLICT"), "{text}");
    assert_eq!(activity(&mut merged, "pes-board").status, Status::Cancelled);
    let check = repo.wpmatrix(&["check", FILE]);
    assert_eq!((check.code, check.stdout.as_str()), (0, ""));
    repo.git(&["add", FILE]);
    repo.git(&["commit", "-q", "--no-edit"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn git_diff_of_a_renamed_programme_names_both_paths_and_shows_the_change() {
    let repo = Repo::with_drivers();
    repo.git(&["mv", FILE, "programmes/2023.ron"]);
    let renamed = repo.path().join("programmes/2023.ron");
    let mut p = store::load(&renamed).expect("loads").1.programme;
    activity(&mut p, "pes-board").status = Status::Done;
    store::save(&renamed, &p).expect("save");
    repo.git(&["commit", "-q", "-am", "2022 becomes 2023"]);
    let run = repo.try_git(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(&format!(
            "wpmatrix diff a/{FILE} b/programmes/2023.ron\nrenamed {FILE} -> programmes/2023.ron\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  ~ \"PES Board\" (pes-board)\n      status: planned -> done\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("0 added, 0 removed, 0 moved, 1 changed"),
        "{}",
        run.stdout
    );
}

#[test]
fn git_diff_of_a_pure_rename_says_it_was_only_renamed() {
    let repo = Repo::with_drivers();
    repo.git(&["mv", FILE, "programmes/2023.ron"]);
    repo.git(&["commit", "-q", "-m", "renamed"]);
    let run = repo.try_git(&["diff", "HEAD~1", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "wpmatrix diff a/{FILE} b/programmes/2023.ron\nrenamed {FILE} -> programmes/2023.ron\n\
             no activity-level difference (the file was only renamed)\n"
        )
    );
}

#[test]
fn editing_leaves_no_file_in_the_repository_and_keeps_the_recovery_in_the_state_folder() {
    use wpmatrix::tui::{Editor, keymap::Keymap};
    let repo = Repo::with_drivers();
    let home = tempfile::tempdir().expect("state folder");
    let state = wpmatrix::session::StateDir::at(home.path().join("wpmatrix")).expect("state");
    let mut editor =
        Editor::open_in(&repo.file(2022), Keymap::default(), state.clone()).expect("opens");
    editor.type_keys("c").expect("keys");
    assert!(editor.app.is_dirty());
    let status = repo.git(&[
        "status",
        "--porcelain",
        "--ignored",
        "--untracked-files=all",
    ]);
    assert_eq!(status, "", "nothing new in the repository while editing");
    let recovery = wpmatrix::session::recovery::path_for(&state, &repo.file(2022));
    assert!(
        recovery.exists(),
        "the unsaved change is in {}",
        recovery.display()
    );
    assert_eq!(recovery.parent(), Some(state.path()));
    editor.type_keys("<C-s>").expect("keys");
    drop(editor);
    let status = repo.git(&[
        "status",
        "--porcelain",
        "--ignored",
        "--untracked-files=all",
    ]);
    assert_eq!(status.trim(), format!("M {FILE}"));
    let left: Vec<_> = std::fs::read_dir(state.path()).expect("lists").collect();
    assert!(
        left.is_empty(),
        "recovery and lock gone after save and quit: {left:?}"
    );
}

#[test]
fn programme_title_changed_on_both_sides_is_kept_flagged_and_resolved_in_the_editor() {
    use wpmatrix::tui::{Editor, keymap::Keymap};
    let repo = Repo::with_drivers();
    branches(
        &repo,
        |p| p.title = "Our work programme".into(),
        |p| p.title = "Their work programme".into(),
    );
    let run = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "programme: CONFLICT title: ours=\"Our work programme\" theirs=\"Their work programme\" (base \"PES Network Work Programme 2022\") (the file has ours)"
        ),
        "{}",
        run.stderr
    );
    let status = repo.git(&["status", "--porcelain"]);
    assert!(status.contains(&format!("UU {FILE}")), "{status}");
    let (text, merged) = repo.read(2022);
    assert_eq!(merged.title, "Our work programme");
    assert!(
        text.contains("    notes: \"CONFLICT title: ours=\\\"Our work programme\\\" theirs=\\\"Their work programme\\\""),
        "theirs' title is in the file: {text}"
    );
    let check = repo.wpmatrix(&["check", FILE]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    let line = text
        .lines()
        .position(|l| l.starts_with("    notes: "))
        .expect("the notes line")
        + 1;
    assert!(
        check.stdout.contains(&format!(
            "{FILE}:{line}:12: unresolved merge conflict in title: ours \"Our work programme\", theirs \"Their work programme\"; resolve it in the editor"
        )),
        "{}",
        check.stdout
    );

    // Resolved in the editor, from whatever activity is selected: theirs, then ours.
    for (key, title) in [("t", "Their work programme"), ("o", "Our work programme")] {
        let state = tempfile::tempdir().expect("state folder");
        let state = wpmatrix::session::StateDir::at(state.path().join("wpmatrix")).expect("state");
        std::fs::write(repo.file(2022), &text).expect("back to the merged file");
        let mut editor =
            Editor::open_in(&repo.file(2022), Keymap::default(), state).expect("opens");
        editor.type_keys(&format!("m{key}<C-s>")).expect("keys");
        let (saved, resolved) = repo.read(2022);
        assert_eq!(resolved.title, title);
        assert!(
            !saved.contains("CONFLICT") && !saved.contains("\n    notes:"),
            "{saved}"
        );
        let check = repo.wpmatrix(&["check", FILE]);
        assert_eq!((check.code, check.stdout.as_str()), (0, ""));
    }
    repo.git(&["add", FILE]);
    repo.git(&["commit", "-q", "--no-edit"]);
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[test]
fn removal_against_a_change_says_the_file_has_theirs_and_moves_conflict_through_git() {
    let repo = Repo::with_drivers();
    branches(
        &repo,
        |p| {
            let board = p.find("pes-board").expect("pes-board");
            p.clusters[board.cluster].activities.remove(board.activity);
            let research = p.find("research").expect("research");
            let moved = p.clusters[research.cluster]
                .activities
                .remove(research.activity);
            p.clusters[0].activities.insert(0, moved);
        },
        |p| {
            activity(p, "pes-board").status = Status::Done;
            let research = p.find("research").expect("research");
            let moved = p.clusters[research.cluster]
                .activities
                .remove(research.activity);
            p.clusters[1].activities.insert(0, moved);
        },
    );
    let run = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(
            "activity \"pes-board\": CONFLICT activity: ours=removed theirs=changed; changed status \
             planned -> done (the file has theirs)"
        ),
        "{}",
        run.stderr
    );
    let (_, mut merged) = repo.read(2022);
    assert_eq!(activity(&mut merged, "pes-board").status, Status::Done);
    let research = merged.find("research").expect("kept");
    assert_eq!(
        (research.cluster, research.activity),
        (0, 0),
        "in ours' place"
    );
    let notes = &merged.clusters[0].activities[0].notes;
    let last = notes.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!(
            "CONFLICT place: ours=in \"{}\" first theirs=in \"{}\" first (base in \"others\"",
            merged.clusters[0].id, merged.clusters[1].id
        )),
        "{notes}"
    );
    let check = repo.wpmatrix(&["check", FILE]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains("unresolved merge conflict in place: ours in \""),
        "{}",
        check.stdout
    );
}

#[test]
fn merge_keeps_both_sides_cluster_moves_and_refuses_dates_that_clash_once_merged() {
    let repo = Repo::with_drivers();
    let base_rows: Vec<String> = repo
        .load(2022)
        .clusters
        .iter()
        .map(|c| c.id.clone())
        .collect();
    branches(
        &repo,
        |p| {
            p.clusters.swap(0, 1);
            activity(p, "afepas").start = Some("2022-05-01".parse().expect("date"));
        },
        |p| {
            p.clusters.swap(2, 3);
            activity(p, "afepas").end = Some("2022-03".parse().expect("date"));
        },
    );
    let run = repo.try_git(&["merge", "--no-edit", "theirs"]);
    assert_eq!(
        run.code, 1,
        "a clash is a conflict: {}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stderr.contains(
            "activity \"afepas\": CONFLICT end: ours=none theirs=2022-03 (base none); clashes \
             with ours' start 2022-05-01: end 2022-03 is before start 2022-05-01 (the file has ours)"
        ),
        "{}",
        run.stderr
    );
    let merged = repo.load(2022);
    let rows: Vec<&str> = merged.clusters.iter().map(|c| c.id.as_str()).collect();
    let b = &base_rows;
    assert_eq!(
        rows,
        [&b[1], &b[0], &b[3], &b[2], &b[4], &b[5]],
        "both swaps"
    );
    let check = repo.wpmatrix(&["check", FILE]);
    assert_eq!(check.code, 1);
    assert!(
        !check.stdout.contains("is before start"),
        "{}",
        check.stdout
    );
    assert!(
        check.stdout.contains("unresolved merge conflict in end"),
        "{}",
        check.stdout
    );
}

/// A programme outside any repository is shown and reported without starting git to look for
/// its adoption tag; once its folder is a repository, the same commands ask git.
#[cfg(unix)]
#[test]
fn git_is_started_only_for_a_programme_in_a_repository() {
    use std::os::unix::fs::PermissionsExt;
    let real = crate::common::run::output(Command::new("sh").args(["-c", "command -v git"]));
    let real = String::from_utf8(real.stdout).unwrap().trim().to_string();
    assert!(!real.is_empty(), "git is needed");
    let tools = tempfile::tempdir().unwrap();
    let runs = tools.path().join("runs");
    let fake = tools.path().join("git");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\necho \"$*\" >> '{}'\nexec '{real}' \"$@\"\n",
            runs.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        tools.path().display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let dir = tempfile::tempdir().unwrap();
    let outside = crate::common::run::output(
        Command::new(&real)
            .args(["rev-parse", "--git-dir"])
            .current_dir(dir.path()),
    );
    assert!(
        !outside.status.success(),
        "the test needs a temporary folder outside any repository"
    );
    crate::common::copy_of_2022(dir.path());
    let run = |args: &[&str]| {
        crate::common::wpmatrix()
            .args(args)
            .current_dir(dir.path())
            .env("PATH", &path)
            .assert()
            .success();
    };
    let runs_of_git = || std::fs::read_to_string(&runs).unwrap_or_default();
    run(&["show", "2022.ron"]);
    run(&["report", "2022.ron"]);
    assert_eq!(runs_of_git(), "", "git was started outside a repository");

    let init = crate::common::run::output(
        Command::new(&real)
            .args(["init", "-q"])
            .current_dir(dir.path()),
    );
    assert!(init.status.success());
    run(&["show", "2022.ron"]);
    run(&["report", "2022.ron"]);
    assert_eq!(
        runs_of_git()
            .matches("rev-parse -q --verify refs/tags/wp-2022-adopted")
            .count(),
        2,
        "{}",
        runs_of_git()
    );
}

//! All the years in one place, from the command line: `log` (a programme's history as
//! activity-level changes), `adopt` (commit and tag), `diff adopted:FILE` and "amended" in `show`,
//! on a scratch repository with three years and a history.

use crate::common::repo::Repo;
use wpmatrix::model::Stage;

const SKILLS: &str = "future-skills-career-guidance-lifelong-learning";

#[test]
fn log_tells_each_commit_as_activity_changes_newest_first() {
    let repo = Repo::three_years();
    let log = repo.wpmatrix(&["log", "programmes/2022.ron"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    let out = log.stdout;
    assert!(
        out.starts_with(
            "programmes/2022.ron is amended since its adoption (tag wp-2022-adopted)\n\ncommit "
        ),
        "{out}"
    );
    let messages: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("    ") && !l.starts_with("     "))
        .map(str::trim)
        .collect();
    assert_eq!(
        messages,
        [
            "A blank line",
            "Skills seminar to be confirmed",
            "2022 programme adopted by PES Board on 2021-12-10",
            "2022 rolled over from 2021",
        ]
    );
    assert!(
        out.contains("Author: Ana Planner\nDate:   2022-01-01\n"),
        "{out}"
    );
    assert!(
        out.contains("    A blank line\n\nlayout only: no activity changed\n"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "    Skills seminar to be confirmed\n\ncluster \"Recovery and structural changes\" (recovery-and-structural-changes)\n  ~ \"Future skills, career guidance, lifelong learning\" ({SKILLS})\n      status: planned -> tbc\n\n0 added, 0 removed, 0 moved, 1 changed\n"
        )),
        "{out}"
    );
    assert!(
        out.contains("programme\n  adopted: none -> 2021-12-10\n  stage: none -> adopted\n"),
        "{out}"
    );
    assert!(out.contains("(tag: wp-2022-adopted)"), "{out}");
    assert!(out.contains("created with 30 activities"), "{out}");
}

#[test]
fn log_of_one_activity_shows_only_the_commits_that_changed_it() {
    let repo = Repo::three_years();
    let log = repo.wpmatrix(&["log", "programmes/2022.ron", "--activity", SKILLS]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    assert_eq!(log.stdout.matches("commit ").count(), 2, "{}", log.stdout);
    assert!(log.stdout.contains("status: planned -> tbc"));
    assert!(!log.stdout.contains("adopted: none"), "{}", log.stdout);
    assert!(!log.stdout.contains("layout only"), "{}", log.stdout);

    let none = repo.wpmatrix(&["log", "programmes/2022.ron", "--activity", "nope"]);
    assert_eq!(none.code, 2);
    assert_eq!(
        none.stderr,
        "wpmatrix: programmes/2022.ron: no activity \"nope\" in the file or its history\n"
    );
}

#[test]
fn log_since_adopted_lists_the_amendments() {
    let repo = Repo::three_years();
    let log = repo.wpmatrix(&["log", "programmes/2022.ron", "--since", "adopted"]);
    assert_eq!(log.code, 0, "{}", log.stderr);
    assert_eq!(log.stdout.matches("\ncommit ").count(), 2, "{}", log.stdout);
    assert!(
        !log.stdout.contains("adopted by PES Board"),
        "{}",
        log.stdout
    );

    let none = repo.wpmatrix(&["log", "programmes/2023.ron", "--since", "adopted"]);
    assert_eq!(none.code, 2);
    assert_eq!(
        none.stderr,
        "wpmatrix: programmes/2023.ron: no adoption tag wp-2023-adopted yet; `wpmatrix adopt programmes/2023.ron --on DATE` makes it\n"
    );
}

#[test]
fn adopt_commits_the_file_alone_and_tags_it_with_the_body() {
    let repo = Repo::three_years();
    // Something else staged stays staged, out of the adoption commit.
    std::fs::write(repo.path().join("other.txt"), "x").expect("writes");
    repo.git(&["add", "other.txt"]);
    let adopt = repo.wpmatrix(&[
        "adopt",
        "programmes/2023.ron",
        "--on",
        "2022-12-09",
        "--by",
        "PES Board",
    ]);
    assert_eq!(adopt.code, 0, "{}", adopt.stderr);
    assert_eq!(
        adopt.stdout,
        "programmes/2023.ron: adopted by PES Board on 2022-12-09; committed and tagged wp-2023-adopted\n"
    );
    let programme = repo.load(2023);
    assert_eq!(
        programme.adopted.map(|d| d.to_string()).as_deref(),
        Some("2022-12-09")
    );
    assert_eq!(programme.stage, Some(Stage::Adopted));
    // The file gains the date and the stage, and nothing else (the body is no field).
    let changed: Vec<String> = repo
        .git(&["diff", "-U0", "HEAD~1", "HEAD"])
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .map(str::to_string)
        .collect();
    assert_eq!(
        changed,
        [
            "-    adopted: None,",
            "+    adopted: Some(\"2022-12-09\"),",
            "+    stage: adopted,"
        ]
    );
    assert_eq!(
        repo.git(&["show", "--name-only", "--format=%s", "HEAD"]),
        "2023 programme adopted by PES Board on 2022-12-09\n\nprogrammes/2023.ron\n"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "A  other.txt\n");
    assert_eq!(
        repo.git(&["tag", "-n1", "-l", "wp-2023-adopted"]),
        "wp-2023-adopted 2023 programme adopted by PES Board on 2022-12-09\n"
    );
    assert_eq!(repo.git(&["cat-file", "-t", "wp-2023-adopted"]), "tag\n");
}

#[test]
fn adopt_refuses_uncommitted_changes_and_an_existing_tag() {
    let repo = Repo::three_years();
    let before = std::fs::read_to_string(repo.file(2022)).expect("reads");
    let again = repo.wpmatrix(&["adopt", "programmes/2022.ron", "--on", "2022-01-05"]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.stderr,
        "wpmatrix: programmes/2022.ron: the 2022 programme is adopted already (tag wp-2022-adopted); `git tag -d wp-2022-adopted` first to adopt it again\n"
    );
    assert_eq!(std::fs::read_to_string(repo.file(2022)).unwrap(), before);

    let mut text = std::fs::read_to_string(repo.file(2023)).expect("reads");
    text = text.replacen("status: planned", "status: done", 1);
    std::fs::write(repo.file(2023), &text).expect("writes");
    let dirty = repo.wpmatrix(&["adopt", "programmes/2023.ron", "--on", "2022-12-09"]);
    assert_eq!(dirty.code, 2);
    assert_eq!(
        dirty.stderr,
        "wpmatrix: programmes/2023.ron has uncommitted changes; commit or discard them first, so that the adoption commit holds the adoption alone\n"
    );
    assert_eq!(std::fs::read_to_string(repo.file(2023)).unwrap(), text);
    assert!(repo.git(&["tag", "-l", "wp-2023-adopted"]).is_empty());

    let bad = repo.wpmatrix(&["adopt", "programmes/2023.ron", "--on", "2022-12"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("--on \"2022-12\" is not a day"),
        "{}",
        bad.stderr
    );
}

#[test]
fn diff_against_adopted_shows_the_amendments_and_show_says_amended() {
    let repo = Repo::three_years();
    let diff = repo.wpmatrix(&["diff", "adopted:programmes/2022.ron", "programmes/2022.ron"]);
    assert_eq!(diff.code, 1, "{}", diff.stderr);
    assert!(
        diff.stdout.contains("status: planned -> tbc"),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stdout
            .ends_with("0 added, 0 removed, 0 moved, 1 changed\n")
    );

    let show = repo.wpmatrix(&["show", "programmes/2022.ron"]);
    assert!(
        show.stdout
            .starts_with("PES Network Work Programme 2022 (adopted 2021-12-10, amended)\n"),
        "{}",
        show.stdout
    );
    let timeline = repo.wpmatrix(&["show", "--view", "timeline", "programmes/2022.ron"]);
    assert!(
        timeline
            .stdout
            .starts_with("PES Network Work Programme 2022 (adopted 2021-12-10, amended)\n"),
        "{}",
        timeline.stdout
    );
    // Back as adopted: no longer amended.
    repo.git(&[
        "checkout",
        "-q",
        "wp-2022-adopted",
        "--",
        "programmes/2022.ron",
    ]);
    let show = repo.wpmatrix(&["show", "programmes/2022.ron"]);
    assert!(
        show.stdout
            .starts_with("PES Network Work Programme 2022 (adopted 2021-12-10)\n"),
        "{}",
        show.stdout
    );
    // A filter narrows what is shown, not what is compared with the tag.
    let filtered = repo.wpmatrix(&["show", "--filter", "status:done", "programmes/2022.ron"]);
    assert!(
        filtered
            .stdout
            .starts_with("PES Network Work Programme 2022 (adopted 2021-12-10)\n"),
        "{}",
        filtered.stdout
    );
    let timeline = repo.wpmatrix(&["show", "--view", "timeline", "programmes/2022.ron"]);
    assert!(
        timeline
            .stdout
            .starts_with("PES Network Work Programme 2022\n"),
        "{}",
        timeline.stdout
    );
    let no_tag = repo.wpmatrix(&["diff", "adopted:programmes/2023.ron", "programmes/2023.ron"]);
    assert_eq!(no_tag.code, 2);
    assert_eq!(
        no_tag.stderr,
        "wpmatrix: adopted:programmes/2023.ron: no adoption tag wp-2023-adopted yet; `wpmatrix adopt programmes/2023.ron --on DATE` makes it\n"
    );
}

mod editor {
    //! Switching years in the editor, headless.

    use crate::common::repo::Repo;
    use crate::common::session::Session;
    use wpmatrix::app::{Mode, Question};

    fn year(s: &Session) -> i32 {
        s.editor.app.programme.year
    }

    #[test]
    fn lt_and_gt_switch_years_by_the_programmes_year_each_keeping_its_undo() {
        let repo = Repo::three_years();
        // The file names lie: the years come from the programmes.
        std::fs::rename(repo.file(2021), repo.path().join("programmes/old.ron")).unwrap();
        let mut s = Session::open(&repo.file(2022), 120, 40);
        assert_eq!(year(&s), 2022);
        // Amended since its adoption tag.
        assert!(
            s.status().contains("│ 2022.ron amended │"),
            "{}",
            s.status()
        );
        let before = s.editor.app.selected_activity().unwrap().status;
        s.keys("c");
        let changed = s.editor.app.selected_activity().unwrap().status;
        assert_ne!(changed, before);
        s.keys("<");
        assert_eq!(year(&s), 2021);
        assert!(s.status().contains("│ old.ron (2021) │"), "{}", s.status());
        assert!(s.status().contains("Year 2021: old.ron"), "{}", s.status());
        assert!(!s.editor.app.is_dirty());
        s.keys("<");
        assert_eq!(year(&s), 2021);
        assert!(
            s.status().contains("No earlier programme than 2021"),
            "{}",
            s.status()
        );
        s.keys(">>");
        assert_eq!(year(&s), 2023);
        s.keys("<");
        // 2022 as it was left: the edit there, and its undo.
        assert_eq!(year(&s), 2022);
        assert!(s.editor.app.is_dirty());
        assert_eq!(s.editor.app.selected_activity().unwrap().status, changed);
        s.keys("u");
        assert!(!s.editor.app.is_dirty());
        assert_eq!(s.editor.app.selected_activity().unwrap().status, before);
    }

    #[test]
    fn every_year_keeps_its_recovery_and_quit_asks_about_each_unsaved_one() {
        let repo = Repo::three_years();
        let mut s = Session::open(&repo.file(2022), 120, 40);
        s.keys("c<c");
        assert_eq!(year(&s), 2021);
        let state = s.state().clone();
        let recovery = |year: i32| wpmatrix::session::recovery::path_for(&state, &repo.file(year));
        assert!(recovery(2021).exists());
        assert!(recovery(2022).exists());
        // 2022, parked, keeps its lock: a second session on it keeps no recovery.
        let second = wpmatrix::tui::Editor::open_in(
            &repo.file(2022),
            wpmatrix::tui::keymap::Keymap::default(),
            state.clone(),
        )
        .unwrap();
        let told = second.app.message.as_ref().map(|m| m.text.clone());
        assert!(
            told.as_deref()
                .is_some_and(|m| m.contains("open in another wpmatrix session")),
            "{told:?}"
        );
        drop(second);
        s.keys("q");
        assert_eq!(*s.mode(), Mode::Confirm(Question::QuitUnsaved));
        assert_eq!(year(&s), 2021);
        // Saved: 2021 is done, and 2022 asks in turn.
        s.keys("s");
        assert!(!s.editor.quit);
        assert_eq!(year(&s), 2022);
        assert_eq!(*s.mode(), Mode::Confirm(Question::QuitUnsaved));
        s.keys("d");
        assert!(s.editor.quit);
        assert!(!recovery(2021).exists());
        assert!(!recovery(2022).exists());
        assert_eq!(
            repo.git(&["status", "--porcelain"]),
            " M programmes/2021.ron\n"
        );
    }
}

mod programme_fields {
    //! The editor sets the programme's adoption date, notes and stage, and says "amended"
    //! while the programme differs from its adoption tag.

    use crate::common::repo::Repo;
    use crate::common::session::Session;

    fn status_at(s: &Session, cell: wpmatrix::model::Cell) -> wpmatrix::model::Status {
        s.editor.app.programme.activity(cell).expect("there").status
    }

    #[test]
    fn the_adoption_date_and_the_programme_notes_are_edited_and_undone() {
        let mut s = Session::of_2022(120, 40);
        s.keys("B<C-u>2021-12<enter>");
        assert!(
            s.screen()
                .contains("The adoption date is a day: 2021-12 is wider"),
            "{}",
            s.screen()
        );
        s.keys("<C-u>2021-12-15<enter>");
        assert_eq!(
            s.editor
                .app
                .programme
                .adopted
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-12-15")
        );
        s.keys("PAmended in March.<C-s><C-s>");
        assert!(
            s.on_disk().contains(
                "    adopted: Some(\"2021-12-15\"),\n    notes: \"Amended in March.\",\n"
            ),
            "{}",
            s.on_disk()
        );
        s.keys("uu");
        assert_eq!(s.editor.app.programme.notes, "");
        assert_eq!(
            s.editor
                .app
                .programme
                .adopted
                .map(|d| d.to_string())
                .as_deref(),
            Some("2021-12-10")
        );
        s.keys("B<C-u><enter>");
        assert_eq!(s.editor.app.programme.adopted, None);
    }

    #[test]
    fn amended_is_said_as_soon_as_the_programme_differs_from_its_tag_and_no_longer() {
        use wpmatrix::model::Status;
        let repo = Repo::three_years();
        let mut s = Session::open(&repo.file(2022), 140, 40);
        assert!(s.status().contains("amended"), "{}", s.status());
        // The skills seminar, tbc since the adoption, back to planned: as adopted.
        let cell = s
            .editor
            .app
            .programme
            .find("future-skills-career-guidance-lifelong-learning")
            .expect("carried over");
        s.keys(&"j".repeat(cell.cluster));
        s.keys("0");
        s.keys(&"l".repeat(cell.activity));
        assert_eq!(s.selected(), cell);
        for _ in 0..Status::ALL.len() {
            if status_at(&s, cell) == Status::Planned {
                break;
            }
            s.keys("c");
        }
        assert_eq!(status_at(&s, cell), Status::Planned);
        assert!(!s.status().contains("amended"), "{}", s.status());
        s.keys("c");
        assert!(s.status().contains("amended"), "{}", s.status());
        s.keys("u");
        assert!(!s.status().contains("amended"), "{}", s.status());
        // Saved as adopted, it stays so.
        s.keys("<C-s>");
        assert!(!s.status().contains("amended"), "{}", s.status());
    }

    #[test]
    fn the_stage_is_set_in_the_editor_one_undo_step_each() {
        use wpmatrix::model::Stage;
        let mut s = Session::of_2022(120, 40);
        let before = s.editor.app.programme.stage;
        s.keys("W<C-u>adoptd<enter>");
        assert!(
            s.screen()
                .contains("unknown stage \"adoptd\"; expected one of draft, consultation, adopted"),
            "{}",
            s.screen()
        );
        assert_eq!(s.editor.app.programme.stage, before);
        s.keys("<C-u>consultation<enter>");
        assert_eq!(s.editor.app.programme.stage, Some(Stage::Consultation));
        s.keys("W<C-u>adopted<enter>");
        assert_eq!(s.editor.app.programme.stage, Some(Stage::Adopted));
        s.keys("<C-s>");
        assert!(
            s.on_disk().contains("    stage: Some(adopted),\n")
                || s.on_disk().contains("    stage: adopted,\n"),
            "{}",
            s.on_disk()
        );
        s.keys("u");
        assert_eq!(
            s.editor.app.programme.stage,
            Some(Stage::Consultation),
            "{}",
            s.screen()
        );
        s.keys("u");
        assert_eq!(s.editor.app.programme.stage, before);
        s.keys("W<C-u><enter>");
        assert_eq!(s.editor.app.programme.stage, before.and(None));
    }
}

mod comparing {
    //! `C` compares a year with the one before: marks, last year's values, ghosts brought back.

    use crate::common::repo::Repo;
    use crate::common::session::Session;
    use wpmatrix::model::compare::Carried;
    use wpmatrix::model::{Cell, Status};

    const CONFERENCE: &str = "pes-stakeholder-conference";

    #[test]
    fn compare_marks_cells_shows_last_years_values_and_brings_a_ghost_back() {
        let repo = Repo::three_years();
        let mut s = Session::open(&repo.file(2022), 160, 50);
        s.keys("C");
        assert!(
            s.status().contains("Compared with 2021 (2021.ron): 0 new, 23 carried over, 7 changed, 2 not carried over."),
            "{}",
            s.status()
        );
        // The amended skills seminar: changed, with 2021's status beside this year's.
        let app = &s.editor.app;
        assert!(matches!(
            app.carried(Cell::new(0, 0)),
            Some(Carried::Changed(_))
        ));
        let screen = s.screen();
        assert!(
            screen.contains("~ carried over from 2021, changed:"),
            "{screen}"
        );
        assert!(screen.contains("2021: planned  now: tbc"), "{screen}");
        // An edit that leaves every match as it was compares again only what it touched.
        s.keys("l");
        assert_eq!(
            s.editor.app.carried(Cell::new(0, 1)),
            Some(&Carried::Unchanged)
        );
        s.keys("c");
        assert!(matches!(
            s.editor.app.carried(Cell::new(0, 1)),
            Some(Carried::Changed(fields)) if fields.len() == 1
        ));
        s.keys("u0");
        assert_eq!(
            s.editor.app.carried(Cell::new(0, 1)),
            Some(&Carried::Unchanged)
        );
        // The conference and the greening seminar, done in 2021 and left behind, are ghosts at
        // the end of their cluster.
        let len = s.editor.app.programme.clusters[0].activities.len();
        s.keys("$");
        assert_eq!(s.selected(), Cell::new(0, len + 1));
        s.keys("h");
        assert_eq!(s.selected(), Cell::new(0, len));
        let screen = s.screen();
        assert!(screen.contains("- PES Stakeholder conference"), "{screen}");
        assert!(
            screen.contains("In 2021, ● done; not carried over."),
            "{screen}"
        );
        assert!(screen.contains("=○ Partnerships for better"), "{screen}");
        s.keys("<enter>");
        let programme = &s.editor.app.programme;
        let back = programme.activity(Cell::new(0, len)).expect("brought back");
        assert_eq!(
            back.follow_up_of.as_deref(),
            Some(&*format!("2021/{CONFERENCE}"))
        );
        assert_eq!(back.status, Status::Planned);
        // Matched to 2021's by its follow-up: carried over, its status reset.
        assert!(matches!(
            s.editor.app.carried(Cell::new(0, len)),
            Some(Carried::Changed(_))
        ));
        assert_eq!(s.editor.app.comparison().unwrap().dropped.len(), 1);
        // One step back.
        s.keys("u");
        assert_eq!(s.editor.app.programme.clusters[0].activities.len(), len);
        assert_eq!(s.editor.app.comparison().unwrap().dropped.len(), 2);
        // The filter selects by standing, and follows the comparison.
        s.keys("\\is:changed<enter>");
        assert!(
            s.status().contains("filter is:changed · 7/30"),
            "{}",
            s.status()
        );
        s.keys("\\<C-u>is:carried,new<enter>");
        assert!(
            s.status().contains("filter is:carried,new · 30/30"),
            "{}",
            s.status()
        );
        s.keys("\\<C-u>is:gone");
        assert!(
            s.status().contains(
                "unknown standing \"gone\"; expected one of new, changed, carried, dropped"
            ),
            "{}",
            s.status()
        );
        s.keys("<C-u><esc>");
        assert!(s.editor.app.filter().is_none());
        // The fitted grid and the timeline carry the marks too.
        s.keys("z");
        assert!(s.screen().contains("~? Future skills"), "{}", s.screen());
        s.keys("z<tab>");
        let lines = s.lines();
        assert!(
            lines.iter().any(|l| l.starts_with("~ ? Future skills")),
            "{}",
            s.screen()
        );
        s.keys("<tab>C");
        assert!(s.editor.app.comparison().is_none());
        assert!(!s.screen().contains("carried over from 2021"));
        // Edited while off and turned on again: the comparison kept meanwhile is a fresh one.
        s.keys("0cC");
        let fresh =
            wpmatrix::model::compare::Comparison::new(&repo.load(2021), &s.editor.app.programme);
        assert_eq!(s.editor.app.comparison(), Some(&fresh));
        assert!(s.status().contains("Compared with 2021"), "{}", s.status());
    }
}

mod history {
    //! `G`: an activity's chain across the years and its changes in git.

    use crate::common::repo::Repo;
    use crate::common::session::Session;
    use wpmatrix::app::Mode;

    #[test]
    fn g_shows_the_chain_across_years_and_the_commits_that_changed_it() {
        let repo = Repo::three_years();
        let mut s = Session::open(&repo.file(2022), 140, 40);
        // The first activity of 2022: the skills seminar, amended after adoption.
        s.keys("G");
        let Mode::History { history, .. } = s.mode() else {
            panic!("{:?}", s.mode());
        };
        let lines = history.lines.join("\n");
        assert_eq!(
            history.lines[..4],
            [
                "Across the years (follow-up links)",
                "  2021  ○ planned    Future skills, career guidance, lifelong learning  (no dates)",
                "▶ 2022  ? tbc        Future skills, career guidance, lifelong learning  (no dates)",
                "  2023  ? tbc        Future skills, career guidance, lifelong learning  (no dates)",
            ],
            "{lines}"
        );
        assert!(
            lines.contains("  2022-01-01  Ana Planner  Skills seminar to be confirmed: status\n"),
            "{lines}"
        );
        assert!(
            lines.contains(
                "  2022-01-01  Ana Planner  2022 rolled over from 2021: created with the file"
            ),
            "{lines}"
        );
        assert!(!lines.contains("A blank line"), "{lines}");
        assert!(
            s.screen().contains("History of Future skills"),
            "{}",
            s.screen()
        );
        s.keys("q");
        assert_eq!(*s.mode(), Mode::Normal);
    }
}

#[cfg(unix)]
mod terminal {
    //! The years in a real terminal: open the newest, step back a year, compare, quit.

    use crate::common::pty::Spawn;
    use crate::common::repo::Repo;

    #[test]
    fn the_editor_steps_back_a_year_compares_and_quits_in_a_terminal() {
        let repo = Repo::three_years();
        let no_args: [&str; 0] = [];
        let mut pty = Spawn::wpmatrix(&no_args)
            .size(140, 40)
            .cwd(repo.path())
            .homes(repo.path())
            .start();
        pty.wait_for("2023.ron");
        pty.wait_for("GRID");
        pty.send(b"<");
        pty.wait_for("Year 2022: 2022.ron");
        pty.wait_for("2022.ron amended");
        pty.send(b"C");
        pty.wait_for("Compared with 2021 (2021.ron)");
        pty.wait_for("~ carried over from 2021, changed:");
        // The fitted grid lists last year's ghosts after their cluster.
        pty.send(b"z");
        pty.wait_until("the fitted grid shows the conference's ghost", |screen| {
            let text = screen.contents();
            text.contains("whole year") && text.contains("Stakeho")
        });
        pty.send(b"z");
        pty.send(b">");
        pty.wait_for("Year 2023: 2023.ron");
        pty.send(b"q");
        let status = pty.wait_for_exit();
        assert!(status.success(), "{status:?}");
    }
}

mod last_years_bars {
    use crate::common::repo::Repo;
    use crate::common::session::Session;

    #[test]
    fn the_timeline_draws_last_years_dates_faintly_a_year_on() {
        let repo = Repo::three_years();
        let mut last = repo.load(2021);
        let skills = "future-skills-career-guidance-lifelong-learning";
        let cell = last.find(skills).unwrap();
        let activity = last.activity_mut(cell).unwrap();
        activity.start = Some("2021-03".parse().unwrap());
        activity.end = Some("2021-04".parse().unwrap());
        repo.save(&last);
        let mut s = Session::open(&repo.file(2022), 140, 40);
        s.keys("<tab>");
        let row = |s: &Session| {
            s.lines()
                .into_iter()
                .find(|l| l.contains("Future skills"))
                .unwrap()
        };
        assert!(!row(&s).contains('┄'), "{}", row(&s));
        s.keys("C");
        let shown = row(&s);
        assert!(shown.contains("┄┄┄"), "{shown}");
        // Where March and April of this year are on the chart.
        let header = s.lines().into_iter().find(|l| l.contains("Jan")).unwrap();
        let column = |text: &str, needle: &str| text[..text.find(needle).unwrap()].chars().count();
        let bar = column(&shown, "┄");
        assert!(
            bar >= column(&header, "Mar") && bar < column(&header, "Apr"),
            "{header}\n{shown}"
        );
    }
}

#[test]
fn log_and_adopt_outside_git_say_so_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let file = crate::common::copy_of_2022(dir.path());
    let run = |args: &[&str]| {
        crate::common::wpmatrix()
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
            .output()
            .unwrap()
    };
    let name = file.file_name().unwrap().to_str().unwrap();
    for args in [&["log", name][..], &["adopt", name, "--on", "2021-12-10"]] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("wpmatrix: 2022.ron: not a git repository"),
            "{stderr}"
        );
    }
    let out = run(&["log", name, "--since=-x"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("a revision cannot start with '-'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

mod ghosts {
    //! Last year's activities not carried over, in the fitted grid and in screen-reader mode,
    //! in every mode, at 80x24 and 120x40.

    use crate::common::repo::Repo;
    use crate::common::session::Session;

    /// The screen's lines as one text, as a screen reader reads on.
    fn spoken(s: &Session) -> String {
        let lines: Vec<String> = s.lines().iter().map(|l| l.trim_end().to_string()).collect();
        lines.join(" ")
    }

    /// 2022 compared with 2021, in the fitted grid, on the first ghost of the first cluster.
    fn on_a_ghost(repo: &Repo, width: u16, height: u16) -> Session {
        let mut s = Session::open(&repo.file(2022), width, height);
        s.keys("Cz$h");
        assert!(s.editor.app.ghost_at(s.selected()).is_some());
        // Counted apart from this year's activities, not as activity 4 of 3.
        assert!(s.status().contains("ghost 1/2 of 2021"), "{}", s.status());
        s
    }

    #[test]
    fn the_fitted_grid_shows_last_years_ghosts_after_their_cluster() {
        let repo = Repo::three_years();
        for (width, height) in [(80, 24), (120, 40)] {
            let s = on_a_ghost(&repo, width, height);
            let screen = s.screen();
            assert!(screen.contains("-● PES"), "{screen}");
            insta::assert_snapshot!(format!("ghosts_fitted_{width}x{height}"), screen);
        }
        wpmatrix::text::ascii::set_ascii_here(Some(true));
        for (width, height) in [(80, 24), (120, 40)] {
            let s = on_a_ghost(&repo, width, height);
            insta::assert_snapshot!(format!("ghosts_fitted_ascii_{width}x{height}"), s.screen());
        }
        wpmatrix::text::ascii::set_ascii_here(None);
    }

    #[test]
    fn screen_reader_mode_says_what_a_ghost_is_and_how_an_activity_stands() {
        let repo = Repo::three_years();
        for (width, height) in [(80, 24), (120, 40)] {
            let mut s = on_a_ghost(&repo, width, height);
            s.editor.screen_reader = true;
            s.draw();
            insta::assert_snapshot!(format!("ghosts_spoken_{width}x{height}"), s.screen());
            assert!(
                spoken(&s).starts_with("Cluster 1 of 6, Recovery and structural changes. Not carried over from 2021: PES Stakeholder conference, done in 2021. Enter brings it back as a follow-up."),
                "{}",
                s.screen()
            );
            s.keys("0");
            assert!(
                spoken(&s).contains("Carried over from 2021, changed: status."),
                "{}",
                s.screen()
            );
        }
    }
}

mod timeline_ghosts {
    //! Last year's activities not carried over, as faded ghost rows in the timeline, their bars
    //! a year on, in every mode, at 80x24 and 120x40; Enter brings one back.

    use crate::common::repo::Repo;
    use crate::common::session::Session;

    /// 2021's conference, left behind, planned for May and June.
    fn dated_conference() -> Repo {
        let repo = Repo::three_years();
        let mut last = repo.load(2021);
        let cell = last.find("pes-stakeholder-conference").unwrap();
        let activity = last.activity_mut(cell).unwrap();
        activity.start = Some("2021-05".parse().unwrap());
        activity.end = Some("2021-06".parse().unwrap());
        repo.save(&last);
        repo
    }

    /// 2022 compared with 2021, in the timeline, on the conference's ghost row.
    fn on_a_ghost(repo: &Repo, width: u16, height: u16) -> Session {
        let mut s = Session::open(&repo.file(2022), width, height);
        s.keys("C<tab>");
        for _ in 0..60 {
            if s.editor
                .app
                .ghost_at(s.selected())
                .is_some_and(|(_, a)| a.id == "pes-stakeholder-conference")
            {
                return s;
            }
            s.keys("k");
        }
        panic!("no ghost row reached:\n{}", s.screen());
    }

    /// The conference's ghost row (the detail panel names it too, without a status).
    fn ghost_rows(s: &Session) -> Vec<String> {
        s.lines()
            .into_iter()
            .filter(|l| l.starts_with("- ") && l.contains(" PES Stakehol"))
            .filter(|l| !l.contains("(pes-stakeholder-conference)"))
            .collect()
    }

    fn ghost_row(s: &Session) -> String {
        ghost_rows(s)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("{}", s.screen()))
    }

    #[test]
    fn the_timeline_lists_last_years_ghosts_faded_with_their_bars_a_year_on() {
        let repo = dated_conference();
        for (width, height) in [(80, 24), (120, 40)] {
            let s = on_a_ghost(&repo, width, height);
            let row = ghost_row(&s);
            assert!(row.starts_with("- ● PES Stakehol"), "{row}");
            assert!(row.contains('┄'), "{row}");
            insta::assert_snapshot!(format!("ghosts_timeline_{width}x{height}"), s.screen());
        }
        wpmatrix::text::ascii::set_ascii_here(Some(true));
        for (width, height) in [(80, 24), (120, 40)] {
            let s = on_a_ghost(&repo, width, height);
            let row = ghost_row(&s);
            assert!(row.starts_with("- * PES Stakehol"), "{row}");
            assert!(row.is_ascii(), "{row}");
            insta::assert_snapshot!(
                format!("ghosts_timeline_ascii_{width}x{height}"),
                s.screen()
            );
        }
        wpmatrix::text::ascii::set_ascii_here(None);
    }

    #[test]
    fn screen_reader_mode_says_a_timeline_ghost_was_not_carried_over() {
        let repo = dated_conference();
        for (width, height) in [(80, 24), (120, 40)] {
            let mut s = on_a_ghost(&repo, width, height);
            s.editor.screen_reader = true;
            s.draw();
            insta::assert_snapshot!(
                format!("ghosts_timeline_spoken_{width}x{height}"),
                s.screen()
            );
            let spoken: Vec<String> = s.lines().iter().map(|l| l.trim_end().to_string()).collect();
            assert!(
                spoken.join(" ").contains("Not carried over from 2021: PES Stakeholder conference, done in 2021. Enter brings it back as a follow-up."),
                "{}",
                s.screen()
            );
        }
    }

    #[test]
    fn enter_on_a_timeline_ghost_brings_it_back_as_a_follow_up_in_one_step() {
        let repo = dated_conference();
        let mut s = on_a_ghost(&repo, 120, 40);
        let count = s.editor.app.programme.activity_count();
        s.keys("<enter>");
        assert_eq!(s.editor.app.programme.activity_count(), count + 1);
        assert!(
            s.status()
                .contains("Brought back from 2021: PES Stakeholder conference"),
            "{}",
            s.status()
        );
        let back = s.editor.app.programme.activity(s.selected()).cloned();
        assert!(
            back.as_ref()
                .and_then(|a| a.follow_up_of.as_deref())
                .is_some_and(|f| f.starts_with("2021/")),
            "{back:?}"
        );
        // Carried over now: its ghost row is gone, and this year's row is there, a year on.
        assert!(ghost_rows(&s).is_empty(), "{}", s.screen());
        let row = s
            .lines()
            .into_iter()
            .find(|l| l.contains("○ PES Stakeholder conference"))
            .unwrap_or_else(|| panic!("{}", s.screen()));
        assert!(row.contains('█') || row.contains('░'), "{row}");
        s.keys("u");
        assert_eq!(s.editor.app.programme.activity_count(), count);
        assert!(ghost_row(&s).starts_with("- "), "{}", s.screen());
    }
}

mod large_years {
    //! Switching to a large year shows its first screen at once and the whole year once read.

    use crate::common::session::Session;
    use crate::generate;
    use wpmatrix::store::to_canonical;
    use wpmatrix::tui::reading::FIRST_SCREEN_FROM;

    #[test]
    fn a_large_year_switched_to_shows_its_first_screen_then_all_of_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut large = generate::programme(5_000, 5);
        large.year = 2022;
        let text = to_canonical(&large);
        assert!(
            text.len() as u64 >= FIRST_SCREEN_FROM,
            "{} bytes",
            text.len()
        );
        std::fs::write(dir.path().join("2022.ron"), text).unwrap();
        let mut small = wpmatrix::model::Programme::new(2023, "Work Programme 2023");
        small.clusters.push(wpmatrix::model::Cluster::new("c", "C"));
        std::fs::write(dir.path().join("2023.ron"), to_canonical(&small)).unwrap();

        let mut s = Session::open(&dir.path().join("2023.ron"), 120, 30);
        s.keys("<");
        // The first frame is the first screen of 2022 (unless the read was quicker still).
        if s.editor.year_is_read() {
            s.editor.finish_year();
        } else {
            assert!(s.screen().contains("reading the rest"), "{}", s.screen());
            assert!(
                s.screen().contains(&large.clusters[0].name),
                "{}",
                s.screen()
            );
            assert_eq!(s.editor.app.programme.year, 2023);
        }
        // A key waits for the rest, then counts.
        s.keys("j");
        assert_eq!(s.editor.app.programme.year, 2022);
        assert_eq!(s.editor.app.programme.activity_count(), 5_000);
        assert_eq!(s.selected().cluster, 1);
        // Back to 2023 and forth again: 2022 is open in the session, no reading.
        s.keys("><");
        assert_eq!(s.editor.app.programme.year, 2022);
        assert!(!s.screen().contains("reading the rest"), "{}", s.screen());
    }
}

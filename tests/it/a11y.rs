//! Every terminal and every planner (issues 18 and 22): the timeline's columns on screen, views
//! that keep to their own area, what a filter hides, printable names, the whole year at 80x24,
//! and the ASCII, screen-reader and high-contrast modes.

use crate::common;

use common::session::Session;

const TIMELINE_FIXTURE: &str = include_str!("../fixtures/timeline.ron");

fn timeline_session(width: u16, height: u16) -> Session {
    Session::new(
        TIMELINE_FIXTURE,
        width,
        height,
        chrono::NaiveDate::from_ymd_opt(2022, 5, 20),
    )
}

/// The lines from the detail panel's title line down, above the status bar.
fn detail_panel(s: &Session) -> Vec<String> {
    let lines = s.lines();
    let top = lines
        .iter()
        .position(|l| l.contains(" Activity "))
        .unwrap_or_else(|| panic!("no detail panel:\n{}", s.screen()));
    lines[top..lines.len() - 2].to_vec()
}

#[test]
fn the_timeline_never_draws_under_the_detail_panel() {
    // The 2022 programme has no dates: its long "Without dates" list reached under the panel.
    let mut s = Session::of_2022(120, 36);
    s.keys("<tab>");
    let panel = detail_panel(&s);
    let status = panel
        .iter()
        .find(|l| l.starts_with("Status"))
        .expect("a status line");
    assert_eq!(status.trim_end(), "Status      ○ planned", "{}", s.screen());
    let formats = panel
        .iter()
        .find(|l| l.starts_with("Formats"))
        .expect("a formats line");
    assert_eq!(formats.trim_end(), "Formats     Online", "{}", s.screen());
    let through = panel.iter().filter(|l| l.contains("planned")).count();
    assert_eq!(
        through,
        1,
        "only the status line says planned:\n{}",
        s.screen()
    );
}

#[test]
fn a_filter_that_hides_every_dated_activity_says_so_in_the_timeline() {
    let mut s = timeline_session(120, 40);
    s.keys("\\id:undated<enter><tab>");
    let screen = s.screen();
    assert!(!screen.contains("No activity has dates yet."), "{screen}");
    assert!(
        screen
            .contains("No activity the filter keeps has dates; it hides 9 activities with dates."),
        "{screen}"
    );
    assert!(screen.contains("Survey of PES"), "{screen}");
}

#[test]
fn the_fitted_grid_shows_every_2022_activity_at_80x24() {
    let mut s = Session::of_2022(80, 24);
    s.keys("z");
    let screen = s.screen();
    assert!(!screen.contains("more ▶"), "{screen}");
    assert!(s.status().contains("whole year"), "{screen}");
    assert!(
        !screen.contains(" Activity "),
        "the detail panel gives way:\n{screen}"
    );
    for cluster in &common::shipped().clusters {
        let first_word = cluster.name.split(' ').next().unwrap();
        assert!(screen.contains(first_word), "{first_word}:\n{screen}");
    }
    // The detail key brings the panel back, rows one line shorter.
    s.keys("i");
    let screen = s.screen();
    assert!(screen.contains(" Activity "), "{screen}");
    assert!(screen.contains("Meetings"), "{screen}");
    s.keys("i");
    assert!(!s.screen().contains(" Activity "), "{}", s.screen());
}

#[test]
fn the_fitted_grid_never_says_whole_year_when_it_is_not() {
    let mut s = Session::of_2022(60, 16);
    s.keys("z");
    let status = s.status();
    assert!(!status.contains("whole year"), "{}", s.screen());
    assert!(!s.screen().contains("the whole year"), "{}", s.screen());
}

/// Issue 18 item 8: a file named to write to the clipboard through OSC 52.
const EVIL: &str = "e\u{1b}]52;c;aGk=\u{7}.ron";

fn no_escape_reaches_the_terminal(output: &std::process::Output, what: &str) {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "{what}: {text:?}"
    );
    assert!(
        text.contains("␛]52;c;aGk=␇.ron"),
        "{what} names the file: {text:?}"
    );
}

#[test]
fn file_names_reach_the_terminal_printable() {
    let place = common::Place::new();
    let good = place.folder().join(EVIL);
    std::fs::copy(&place.path, &good).unwrap();
    let bad = place.folder().join(format!("bad-{EVIL}"));
    std::fs::write(&bad, "Programme(\n").unwrap();
    let missing = place.folder().join(format!("missing-{EVIL}"));
    let cases: Vec<(&str, Vec<&std::ffi::OsStr>)> = vec![
        ("show", vec!["show".as_ref(), bad.as_os_str()]),
        ("show missing", vec!["show".as_ref(), missing.as_os_str()]),
        ("export", vec!["export".as_ref(), bad.as_os_str()]),
        (
            "export -o itself",
            vec![
                "export".as_ref(),
                good.as_os_str(),
                "-o".as_ref(),
                good.as_os_str(),
            ],
        ),
        (
            "diff",
            vec!["diff".as_ref(), good.as_os_str(), bad.as_os_str()],
        ),
        ("fmt", vec!["fmt".as_ref(), bad.as_os_str()]),
        (
            "fmt --check",
            vec!["fmt".as_ref(), "--check".as_ref(), bad.as_os_str()],
        ),
        ("check", vec!["check".as_ref(), bad.as_os_str()]),
        ("editor without a terminal", vec![bad.as_os_str()]),
    ];
    for (what, args) in cases {
        let output = common::wpmatrix_in(place.state_home.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{what}: {output:?}");
        no_escape_reaches_the_terminal(&output, what);
    }
}

#[test]
fn the_merge_drivers_report_is_printable() {
    let place = common::Place::new();
    let text = common::programme_text();
    let write = |name: &str, text: &str| {
        let path = place.folder().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let base = write("base.ron", &text);
    let ours = write(
        "ours.ron",
        &text.replacen("status: planned", "status: tbc", 1),
    );
    let theirs = write(
        "theirs.ron",
        &text.replacen("status: planned", "status: done", 1),
    );
    let output = common::wpmatrix()
        .arg("git-merge-driver")
        .args([&base, &ours, &theirs])
        .arg("7")
        .arg(EVIL)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    no_escape_reaches_the_terminal(&output, "merge driver");
}

fn with_disguised_title() -> String {
    common::programme_text().replacen(
        "title: \"PES Stakeholder conference\"",
        "title: \"PES \\u{202E}Stakeholder\\u{200B} con\\u{2028}ference\"",
        1,
    )
}

#[test]
fn bidi_and_invisible_characters_in_titles_are_shown_in_show_and_diff() {
    let place = common::Place::with_text(&with_disguised_title());
    let shown = "PES \\u{202E}Stakeholder\\u{200B} con\\u{2028}ference";
    let timeline = common::wpmatrix()
        .args(["show", "--view", "timeline", "--width", "120"])
        .arg(&place.path)
        .output()
        .unwrap();
    let text = String::from_utf8(timeline.stdout).unwrap();
    assert!(text.contains(shown), "{text}");
    let grid = common::wpmatrix()
        .args(["show", "--width", "200"])
        .arg(&place.path)
        .output()
        .unwrap();
    let text = String::from_utf8(grid.stdout).unwrap();
    assert!(text.contains("\\u{202E}Stakeholder"), "{text}");
    let diff = common::wpmatrix()
        .arg("diff")
        .arg(common::SHIPPED)
        .arg(&place.path)
        .output()
        .unwrap();
    let text = String::from_utf8(diff.stdout).unwrap();
    assert!(text.contains("\\u{202e}Stakeholder\\u{200b}"), "{text}");
    assert!(
        !text.contains(['\u{202E}', '\u{200B}', '\u{2028}']),
        "{text}"
    );
}

#[test]
fn bidi_and_invisible_characters_in_titles_are_shown_in_the_editor() {
    let mut s = Session::new(&with_disguised_title(), 120, 40, None);
    let screen = s.screen();
    assert!(
        screen.contains("PES \\u{202E}Stakeholder\\u{200B} con\\u{2028}ference"),
        "{screen}"
    );
    s.keys("<tab>");
    let screen = s.screen();
    assert!(
        !screen.contains(['\u{202E}', '\u{200B}', '\u{2028}']),
        "{screen}"
    );
    assert!(screen.contains("\\u{202E}Stakeholder"), "{screen}");
}

#[test]
fn a_long_list_of_key_file_problems_scrolls_to_its_end() {
    let place = common::Place::new();
    let config = tempfile::tempdir().unwrap();
    let key_file = config.path().join("keys.conf");
    let lines: String = (1..=40)
        .map(|i| format!("grid no-such-action-{i} x\n"))
        .collect();
    std::fs::write(&key_file, lines).unwrap();
    let mut editor =
        wpmatrix::tui::Editor::open_with_keys(&place.path, &key_file, place.state.clone()).unwrap();
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    let mut screen = |editor: &mut wpmatrix::tui::Editor| {
        terminal.draw(|f| editor.draw(f)).unwrap();
        terminal.backend().to_string()
    };
    let first = screen(&mut editor);
    assert!(first.contains("keys.conf:1:"), "{first}");
    assert!(!first.contains("keys.conf:40:"), "{first}");
    assert!(first.contains("↑↓ scroll"), "{first}");
    let mut seen_last = false;
    for _ in 0..80 {
        editor.type_keys("j").unwrap();
        if screen(&mut editor).contains("keys.conf:40:") {
            seen_last = true;
            break;
        }
    }
    assert!(seen_last, "{}", screen(&mut editor));
    // Further down, the keys come into view too.
    for _ in 0..80 {
        editor.type_keys("j").unwrap();
    }
    let bottom = screen(&mut editor);
    assert!(bottom.contains("keys.conf:40:"), "{bottom}");
}

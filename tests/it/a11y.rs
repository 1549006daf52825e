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

/// ASCII mode (or a theme) for this test's thread, put back when dropped.
struct Mode;

impl Mode {
    fn ascii() -> Mode {
        wpmatrix::text::ascii::set_ascii_here(Some(true));
        Mode
    }

    fn theme(name: wpmatrix::tui::theme::ThemeName) -> Mode {
        wpmatrix::tui::theme::set_theme_here(Some(name));
        Mode
    }
}

impl Drop for Mode {
    fn drop(&mut self) {
        wpmatrix::text::ascii::set_ascii_here(None);
        wpmatrix::tui::theme::set_theme_here(None);
    }
}

/// The characters of `screen` that are neither ASCII nor in the planners' own text.
fn drawn_beyond_ascii(screen: &str, user_text: &str) -> Vec<char> {
    let mut odd: Vec<char> = screen
        .chars()
        .filter(|c| !c.is_ascii() && !user_text.contains(*c))
        .collect();
    odd.sort_unstable();
    odd.dedup();
    odd
}

/// Every view and popup of the editor, as keys from the grid: fitted grid, timeline,
/// statistics, comparison marks and ghost rows, detail panel, forms, pickers, text boxes,
/// help, search, filter, marks, the history and the questions.
const EVERY_SCREEN: &[&str] = &[
    "",
    "z",
    "<tab>",
    "<tab><tab>",
    "<tab><tab>j",
    "?",
    "s",
    "<enter>",
    "<enter>j",
    "f",
    "f/x",
    "b",
    "e",
    "t",
    "D",
    "O",
    "S",
    "F",
    "X",
    "q",
    "/conf<enter>",
    "/conf",
    "\\status:tbc<enter>",
    "\\status:",
    "vjv",
    "i",
    "zi",
    "<tab>i",
    "C",
    "C$",
    "Cj$l",
    "zC",
    "zC$",
    "<tab>C",
    "G",
];

/// The editor on a three-year repository, today fixed, after `keys`.
fn every_screen_of(repo: &common::repo::Repo, width: u16, height: u16, keys: &str) -> String {
    let mut s = Session::open(&repo.file(2022), width, height);
    s.editor.app.today = chrono::NaiveDate::from_ymd_opt(2022, 5, 20);
    s.keys("c"); // a change, so the unsaved marker and the undo hint show
    s.keys(keys);
    s.screen()
}

#[test]
fn ascii_mode_draws_only_ascii_when_the_planners_wrote_only_ascii() {
    let _ascii = Mode::ascii();
    let repo = common::repo::Repo::three_years();
    for year in [2021, 2022, 2023] {
        let text = std::fs::read_to_string(repo.file(year)).unwrap();
        assert!(text.is_ascii(), "the test needs ASCII-only programmes");
    }
    for (width, height) in [(80, 24), (120, 40), (200, 50)] {
        for keys in EVERY_SCREEN {
            let screen = every_screen_of(&repo, width, height, keys);
            let odd = drawn_beyond_ascii(&screen, "");
            assert!(
                odd.is_empty(),
                "{width}x{height} after {keys:?}: {odd:?}\n{screen}"
            );
        }
    }
    // The merge conflicts popup, and the detail panel that tells of them.
    let merged = crate::editor_scenarios::merged_with_conflicts();
    for keys in ["", "m", "mj"] {
        let mut s = Session::new(&merged, 80, 24, None);
        s.keys(keys);
        let screen = s.screen();
        assert!(screen.contains("conflict"), "{keys:?}\n{screen}");
        let odd = drawn_beyond_ascii(&screen, "");
        assert!(odd.is_empty(), "{keys:?}: {odd:?}\n{screen}");
    }
    // The repair screen of a file that does not load.
    let (screen, _) = repair_screen_drawn(false);
    assert!(screen.contains("planed"), "{screen}");
    assert!(screen.is_ascii(), "{screen}");
}

/// The repair screen of a file with an unknown status, drawn at 80x24: its text and where the
/// cursor is (`None`: hidden).
fn repair_screen_drawn(screen_reader: bool) -> (String, Option<(u16, u16)>) {
    let place = common::Place::with_text(&common::programme_text().replacen(
        "status: planned,",
        "status: planed,",
        1,
    ));
    let error = wpmatrix::tui::Editor::open_in(
        &place.path,
        wpmatrix::tui::keymap::Keymap::default(),
        place.state.clone(),
    )
    .err()
    .unwrap();
    let diagnostics = wpmatrix::tui::repair::repairable(&error).unwrap().to_vec();
    let mut repair = wpmatrix::tui::repair::RepairScreen::new(
        &place.path,
        &diagnostics,
        wpmatrix::tui::keymap::Keymap::default(),
        Box::new(wpmatrix::tui::external::SystemEditor::from_env()),
    );
    repair.screen_reader = screen_reader;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|frame| repair.draw(frame)).unwrap();
    let backend = terminal.backend();
    let cursor = backend.cursor_visible().then(|| {
        let at = backend.cursor_position();
        (at.x, at.y)
    });
    let screen: String = terminal
        .backend()
        .buffer()
        .content
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    (screen, cursor)
}

#[test]
fn the_repair_screen_puts_the_cursor_on_its_heading_in_screen_reader_mode() {
    let (screen, cursor) = repair_screen_drawn(true);
    assert!(screen.contains("cannot be loaded: 1 problem"), "{screen}");
    let (x, y) = cursor.unwrap();
    assert_eq!(y, 0);
    assert!(x > 20, "{x}");
    assert_eq!(repair_screen_drawn(false).1, None);
}

#[test]
fn ascii_mode_keeps_the_planners_typography_and_draws_its_own_in_ascii() {
    let _ascii = Mode::ascii();
    let text = common::programme_text()
        .replacen(
            "title: \"PES Network Work Programme 2022\"",
            "title: \"Work Programme \u{2014} Grüße\"",
            1,
        )
        .replace(
            "Future skills, career guidance, lifelong learning",
            "Future skills \u{00B7} career guidance\u{2026}",
        );
    assert!(
        text.contains('—') && text.contains('…'),
        "the fixture changed"
    );
    for keys in ["", "z", "<tab>", "<tab><tab>", "G", "<enter>", "D"] {
        let mut s = Session::new(&text, 120, 40, None);
        s.keys("l");
        s.keys(keys);
        let screen = s.screen();
        assert!(
            screen.contains("Future skills · "),
            "after {keys:?}:\n{screen}"
        );
        // The program's own drawing: ASCII borders and rules, not box drawing.
        let odd = drawn_beyond_ascii(&screen, "—…·üß");
        assert!(odd.is_empty(), "after {keys:?}: {odd:?}\n{screen}");
    }
    let mut s = Session::new(&text, 120, 40, None);
    s.keys("l");
    let screen = s.screen();
    assert!(screen.contains("Work Programme — Grüße - "), "{screen}");
    assert!(
        screen.contains("Future skills · career guidance…"),
        "{screen}"
    );
    assert!(screen.contains("+-") || screen.contains("--"), "{screen}");
    // `show` likewise: its rules in ASCII, the titles as written.
    let place = common::Place::with_text(&text);
    for view in ["grid", "timeline"] {
        let output = common::wpmatrix()
            .args(["--ascii", "show", "--width", "120", "--view", view])
            .arg(&place.path)
            .output()
            .unwrap();
        let shown = String::from_utf8(output.stdout).unwrap();
        assert!(shown.contains("Future skills · career"), "{view}:\n{shown}");
        let odd = drawn_beyond_ascii(&shown, "—…·üß");
        assert!(odd.is_empty(), "{view}: {odd:?}\n{shown}");
        assert!(!shown.contains('│') && !shown.contains('─'), "{shown}");
    } // A message quotes the name as written.
    let missing = place.folder().join("2022 — ü.ron");
    let output = common::wpmatrix()
        .args(["--ascii", "show"])
        .arg(&missing)
        .output()
        .unwrap();
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(said.contains("2022 — ü.ron: cannot read"), "{said}");
}

#[test]
fn ascii_mode_escapes_hidden_characters_of_the_planners_text() {
    let _ascii = Mode::ascii();
    let text = with_disguised_title();
    let mut s = Session::new(&text, 120, 40, None);
    assert!(
        s.screen().contains("\\u{202E}Stakeholder"),
        "{}",
        s.screen()
    );
    s.keys("<tab>");
    assert!(
        s.screen().contains("\\u{202E}Stakeholder"),
        "{}",
        s.screen()
    );
}

#[test]
fn ascii_mode_snapshots() {
    let _ascii = Mode::ascii();
    let mut s = Session::of_2022(80, 24);
    insta::assert_snapshot!("ascii_grid_80x24", s.screen());
    s.keys("z");
    insta::assert_snapshot!("ascii_fitted_80x24", s.screen());
    let mut s = Session::of_2022(120, 40);
    insta::assert_snapshot!("ascii_grid_120x40", s.screen());
    s.keys("<tab>");
    insta::assert_snapshot!("ascii_timeline_120x40", s.screen());
}

#[test]
fn default_mode_snapshots() {
    let s = Session::of_2022(80, 24);
    insta::assert_snapshot!("default_grid_80x24", s.screen());
    let s = Session::of_2022(120, 40);
    insta::assert_snapshot!("default_grid_120x40", s.screen());
}

fn show_with(env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = common::wpmatrix();
    cmd.args(["show", common::SHIPPED, "--width", "100"])
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let output = cmd.output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn show_is_ascii_when_asked_by_flag_variable_terminal_or_locale() {
    let programme = common::programme_text();
    let unicode = show_with(&[], &[]);
    assert!(unicode.contains('│') && unicode.contains('─'), "{unicode}");
    for (env, args) in [
        (vec![], vec!["--ascii"]),
        (vec![("WPMATRIX_ASCII", "1")], vec![]),
        (vec![("TERM", "linux")], vec![]),
        (vec![("LC_ALL", "C")], vec![]),
        (
            vec![
                ("LC_ALL", ""),
                ("LC_CTYPE", "POSIX"),
                ("LANG", "en_GB.UTF-8"),
            ],
            vec![],
        ),
        (vec![("LC_ALL", "de_DE.ISO-8859-1")], vec![]),
    ] {
        for view in ["grid", "timeline", "linear"] {
            let mut args = args.clone();
            args.extend(["--view", view]);
            let text = show_with(&env, &args);
            let odd = drawn_beyond_ascii(&text, &programme);
            assert!(odd.is_empty(), "{env:?} {args:?}: {odd:?}\n{text}");
        }
    }
    // LC_ALL decides before LC_CTYPE and LANG.
    let utf8 = show_with(&[("LC_ALL", "en_GB.utf8"), ("LANG", "C")], &[]);
    assert!(utf8.contains('│'), "{utf8}");
}

#[test]
fn messages_are_ascii_in_ascii_mode() {
    let output = common::wpmatrix()
        .args([
            "--ascii",
            "show",
            "--width",
            "59",
            common::SHIPPED,
            "--view",
            "timeline",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stderr).unwrap();
    assert!(text.is_ascii() && text.contains("too narrow"), "{text}");
    let place = common::Place::new();
    let evil = place.folder().join(format!("bad-{EVIL}"));
    std::fs::write(&evil, "Programme(\n").unwrap();
    let output = common::wpmatrix()
        .arg("check")
        .arg(&evil)
        .env("LC_ALL", "C")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap()
    );
    assert!(text.is_ascii(), "{text}");
    assert!(
        text.contains("bad-e\\u{001B}]52;c;aGk=\\u{0007}.ron"),
        "{text}"
    );
}

fn spoken(width: u16, height: u16) -> Session {
    let mut s = Session::of_2022(width, height);
    s.editor.screen_reader = true;
    s.draw();
    s
}

#[test]
fn screen_reader_mode_says_where_you_are_on_one_line_with_the_cursor_on_it() {
    let mut s = spoken(80, 24);
    assert_eq!(
        s.lines()[0].trim_end(),
        "Cluster 1 of 6, Recovery and structural changes. Activity 1 of 6, PES"
    );
    s.keys("jll");
    let screen = s.lines().join("\n");
    let joined: Vec<String> = s.lines().iter().map(|l| l.trim_end().to_string()).collect();
    let joined = joined.join(" ");
    let said = "Cluster 2 of 6, PES service delivery. Activity 3 of 5, Behavioural science. Status planned. Formats Jour fixe. No dates.";
    assert!(joined.contains(said), "{screen}");
    // No boxes, columns or symbols.
    assert!(!screen.contains(['│', '─', '○', '┌']), "{screen}");
    let cursor = s.terminal.get_cursor_position().unwrap();
    assert_eq!(
        cursor.y, 0,
        "the cursor is on the line that says where you are"
    );
    // A message is a line, not an overlay; a picker reads as a list.
    s.keys("s");
    assert!(
        s.lines()[0].starts_with("Status picker, 1 of 6: planned."),
        "{}",
        s.screen()
    );
    s.keys("j");
    assert!(
        s.lines()[0].starts_with("Status picker, 2 of 6: tbc."),
        "{}",
        s.screen()
    );
    s.keys("<enter>");
    assert!(s.screen().contains("Status tbc."), "{}", s.screen());
}

#[test]
fn screen_reader_snapshots() {
    let mut s = spoken(80, 24);
    insta::assert_snapshot!("screen_reader_80x24", s.screen());
    let mut wide = spoken(120, 40);
    wide.keys("jll");
    insta::assert_snapshot!("screen_reader_120x40", wide.screen());
    s.keys("s");
    insta::assert_snapshot!("screen_reader_status_picker_80x24", s.screen());
}

#[test]
fn show_linear_prints_the_programme_as_the_screen_reader_says_it() {
    let text = show_with(&[], &["--view", "linear"]);
    assert!(
        text.starts_with("PES Network Work Programme 2022. 6 clusters and 32 activities.\n"),
        "{text}"
    );
    assert!(
        text.contains("Cluster 2 of 6, PES service delivery. Activity 3 of 5, Behavioural science. Status planned. Formats Jour fixe. No dates.\n"),
        "{text}"
    );
    assert_eq!(
        text.lines().filter(|l| l.starts_with("Cluster ")).count(),
        32
    );
}

#[test]
fn themes_are_data_and_mono_has_no_colour() {
    use ratatui::style::Color;
    use wpmatrix::tui::theme::ThemeName;
    let colours = |s: &Session| {
        s.terminal
            .backend()
            .buffer()
            .content
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count()
    };
    let default = Session::of_2022(80, 24);
    assert!(colours(&default) > 0);
    let _mono = Mode::theme(ThemeName::Mono);
    let mono = Session::of_2022(80, 24);
    assert_eq!(colours(&mono), 0, "{}", mono.screen());
    // The selection still shows, by reversed video.
    let selected = mono
        .terminal
        .backend()
        .buffer()
        .content
        .iter()
        .any(|c| c.modifier.contains(ratatui::style::Modifier::REVERSED));
    assert!(selected);
    let _contrast = Mode::theme(ThemeName::HighContrast);
    let contrast = Session::of_2022(80, 24);
    let dark_grey = contrast
        .terminal
        .backend()
        .buffer()
        .content
        .iter()
        .any(|c| c.fg == Color::DarkGray);
    assert!(!dark_grey, "nothing is dimmed in high contrast");
}

#[test]
fn the_theme_comes_from_the_flag_the_variable_or_the_config_file() {
    use clap::Parser;
    use wpmatrix::cli::{Cli, Presentation};
    use wpmatrix::tui::theme::ThemeName;
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    };
    let utf8: &[(&str, &str)] = &[("LANG", "C.UTF-8")];
    let resolve =
        |args: &[&str], vars, config| Presentation::resolve(&Cli::parse_from(args), vars, config);
    let plain = resolve(&["wpmatrix"], env(utf8), None).unwrap();
    assert_eq!(
        (plain.ascii, plain.screen_reader, plain.theme),
        (false, false, ThemeName::Default)
    );
    let flagged = resolve(
        &["wpmatrix", "--theme", "mono", "--screen-reader"],
        env(utf8),
        Some("theme high-contrast"),
    )
    .unwrap();
    assert_eq!(
        (flagged.theme, flagged.screen_reader),
        (ThemeName::Mono, true)
    );
    let from_config = resolve(&["wpmatrix"], env(utf8), Some("theme high-contrast\n")).unwrap();
    assert_eq!(from_config.theme, ThemeName::HighContrast);
    let variable: &[(&str, &str)] = &[
        ("LANG", "C.UTF-8"),
        ("WPMATRIX_THEME", "mono"),
        ("WPMATRIX_SCREEN_READER", "1"),
    ];
    let from_env = resolve(&["wpmatrix"], env(variable), Some("theme high-contrast")).unwrap();
    assert_eq!(
        (from_env.theme, from_env.screen_reader),
        (ThemeName::Mono, true)
    );
    let wrong = resolve(&["wpmatrix"], env(utf8), Some("theme neon"))
        .unwrap_err()
        .to_string();
    assert!(
        wrong.contains("neon") && wrong.contains("high-contrast"),
        "{wrong}"
    );
    let posix: &[(&str, &str)] = &[("LANG", "POSIX")];
    assert!(resolve(&["wpmatrix"], env(posix), None).unwrap().ascii);
    assert!(
        resolve(&["wpmatrix"], env(&[]), None).unwrap().ascii,
        "no locale at all"
    );
}

#[test]
fn an_unknown_theme_is_refused_with_exit_2() {
    let output = common::wpmatrix()
        .args(["show", common::SHIPPED])
        .env("WPMATRIX_THEME", "neon")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("WPMATRIX_THEME=neon"));
}

#[cfg(unix)]
#[test]
fn screen_reader_mode_in_a_real_terminal_announces_each_move_where_the_cursor_is() {
    use common::pty::Spawn;
    let dir = tempfile::tempdir().unwrap();
    let path = common::copy_of_2022(dir.path());
    let mut pty = Spawn::wpmatrix(&[std::ffi::OsStr::new("--screen-reader"), path.as_os_str()])
        .homes(dir.path())
        .size(120, 30)
        .start();
    pty.wait_for("Cluster 1 of 6, Recovery and structural changes. Activity 1 of 6");
    let announced = |pty: &common::pty::Pty, said: &str| {
        pty.wait_for(said);
        // The cursor arrives after the text: wait for it, then look.
        pty.wait_until("the cursor on the first line", |screen| {
            screen.cursor_position().0 == 0
        });
        pty.screen(|screen| {
            let (row, _) = screen.cursor_position();
            let line = screen
                .contents()
                .lines()
                .nth(usize::from(row))
                .unwrap_or("")
                .to_string();
            assert!(
                line.starts_with("Cluster"),
                "the cursor is on {line:?}:\n{}",
                screen.contents()
            );
            assert!(
                !screen.contents().contains(['│', '─', '┌']),
                "{}",
                screen.contents()
            );
        });
    };
    for (keys, said) in [
        ("j", "Cluster 2 of 6, PES service delivery. Activity 1 of 5"),
        (
            "ll",
            "Activity 3 of 5, Behavioural science. Status planned. Formats Jour fixe. No dates.",
        ),
        (
            "j",
            "Cluster 3 of 6, PES performance management. Activity 3 of 5",
        ),
    ] {
        pty.send(keys.as_bytes());
        announced(&pty, said);
    }
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
}

#[test]
fn a_700_character_summary_is_edited_as_a_wrapped_paragraph() {
    let words = "Continuous improvement and modernization of service delivery will be all the more important";
    let mut summary = String::new();
    while summary.len() < 700 {
        summary.push_str(words);
        summary.push(' ');
    }
    let summary = summary.trim_end().to_string();
    assert!(summary.len() >= 700 && !summary.contains('\n'));
    let mut s = Session::of_2022(100, 30);
    let before = s.editor.app.programme.clusters[0].summary.clone();
    s.keys("S<C-u>");
    s.editor.handle_paste(&summary);
    s.draw();
    // The paragraph shows wrapped: several lines of it, none cut at the box's edge.
    let screen = s.screen();
    let shown = s
        .lines()
        .iter()
        .filter(|l| l.contains("modernization") || l.contains("service delivery"))
        .count();
    assert!(shown >= 4, "{screen}");
    assert!(!screen.contains("Continuous improvement and modernization of service delivery will be all the more important Continuous improvement and modernization of service"), "one line scrolled sideways:\n{screen}");
    // Up moves by the wrapped line: the cursor stays in the one line of text.
    let textarea = s.editor.textarea.as_ref().unwrap();
    assert_eq!(textarea.lines().len(), 1);
    let at = textarea.cursor();
    s.keys("<up>");
    let then = s.editor.textarea.as_ref().unwrap().cursor();
    assert_eq!(then.0, at.0, "still the same line of text");
    assert!(then.1 < at.1, "{at:?} then {then:?}");
    s.keys("<C-s>");
    assert_eq!(s.editor.app.programme.clusters[0].summary, summary);
    // Undo gives the old summary back, redo the new, and saving writes it.
    s.keys("u");
    assert_eq!(s.editor.app.programme.clusters[0].summary, before);
    s.keys("<C-r><C-s>");
    assert!(s.on_disk().contains(&summary[..200]), "saved");
    let reread = wpmatrix::store::load(&s.path).unwrap().1.programme;
    assert_eq!(reread.clusters[0].summary, summary);
}

#[test]
fn help_fits_every_size_without_cutting_a_name() {
    let names: Vec<&str> = wpmatrix::tui::keymap::NAMED_ACTIONS
        .iter()
        .map(|(name, _, _)| *name)
        .collect();
    for (width, height) in [(80, 24), (120, 40), (100, 30)] {
        let mut s = Session::of_2022(width, height);
        s.keys("?");
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..80 {
            let lines = s.lines();
            // The popup's frame is whole: both corners of every border line are on screen.
            let top = lines
                .iter()
                .position(|l| l.contains("Keys (as bound)"))
                .expect("help open");
            let bottom = lines
                .iter()
                .rposition(|l| l.contains('└'))
                .expect("a bottom border");
            assert!(
                lines[top].contains('┌') && lines[top].contains('┐'),
                "{}",
                s.screen()
            );
            assert!(
                lines[bottom].contains('└') && lines[bottom].contains('┘'),
                "{}",
                s.screen()
            );
            for line in &lines[top + 1..bottom] {
                assert!(line.contains('│'), "{}", s.screen());
                for word in line.split(['│', ' ']) {
                    if names.contains(&word) {
                        seen.insert(word.to_string());
                    }
                }
            }
            let hint: String = lines[top + 1..bottom]
                .iter()
                .map(|l| l.split('│').nth(1).unwrap_or("").trim_end().to_string() + " ")
                .collect();
            assert!(
                hint.contains("grid quit <C-q> Z"),
                "the hint is cut:\n{}",
                s.screen()
            );
            s.keys("j");
        }
        let missing: Vec<&&str> = names.iter().filter(|n| !seen.contains(**n)).collect();
        assert!(
            missing.is_empty(),
            "{width}x{height}: names never shown whole: {missing:?}"
        );
    }
}

#[test]
fn help_snapshots() {
    let mut s = Session::of_2022(120, 40);
    s.keys("?");
    insta::assert_snapshot!("help_120x40", s.screen());
    let mut s = Session::of_2022(80, 24);
    s.keys("?");
    insta::assert_snapshot!("help_80x24", s.screen());
}

#[cfg(unix)]
#[test]
fn no_color_is_honoured_by_show_and_diff_on_a_terminal() {
    use common::pty::Spawn;
    let colours = |env: Option<(&str, &str)>, args: &[&str]| {
        let mut spawn = Spawn::wpmatrix(args).size(120, 40);
        if let Some((key, value)) = env {
            spawn = spawn.env(key, value);
        }
        let mut pty = spawn.start();
        let status = pty.wait_for_exit();
        let output = pty.output();
        assert!(status.exit_code() <= 1, "{output}");
        // Bold titles in the grid, red and green in the diff.
        output.contains("\u{1b}[1m") || output.contains("\u{1b}[3")
    };
    let theirs = tempfile::tempdir().unwrap();
    let changed = theirs.path().join("2022.ron");
    std::fs::write(
        &changed,
        common::programme_text().replacen("status: planned", "status: done", 1),
    )
    .unwrap();
    let changed = changed.to_str().unwrap();
    let show = ["show", common::SHIPPED];
    let diff = ["diff", common::SHIPPED, changed];
    assert!(colours(None, &show), "show colours a terminal");
    assert!(colours(None, &diff), "diff colours a terminal");
    assert!(!colours(Some(("NO_COLOR", "1")), &show));
    assert!(!colours(Some(("NO_COLOR", "1")), &diff));
    // Set but empty is not set.
    assert!(colours(Some(("NO_COLOR", "")), &show));
}

#[cfg(unix)]
#[test]
fn a_c_locale_gives_an_ascii_editor_in_a_real_terminal() {
    use common::pty::Spawn;
    let dir = tempfile::tempdir().unwrap();
    let path = common::copy_of_2022(dir.path());
    let mut pty = Spawn::wpmatrix(&[path.as_os_str()])
        .homes(dir.path())
        .env("LC_ALL", "C")
        .start();
    pty.wait_for("GRID | 2022.ron");
    pty.send(b"z");
    pty.wait_for("whole year");
    let screen = pty.contents();
    assert!(screen.is_ascii(), "{screen}");
    assert!(screen.contains("o PES"), "{screen}");
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
}

/// The screen of a screen-reader session: its first line and whether it is free of boxes.
fn spoken_lines(s: &Session) -> Vec<String> {
    let lines: Vec<String> = s.lines().iter().map(|l| l.trim_end().to_string()).collect();
    let screen = lines.join("\n");
    assert!(
        !screen.contains(['│', '─', '┌', '+', '|']),
        "a box is drawn:\n{screen}"
    );
    lines
}

#[test]
fn every_popup_reads_as_a_spoken_list_in_screen_reader_mode() {
    for (keys, first, listed) in [
        ("s", "Status picker, 1 of 6: planned.", "  tbc"),
        ("sjj", "Status picker, 3 of 6: ongoing.", "> ongoing"),
        (
            "f",
            "Format picker, 1 of 31: Conference, not chosen. Chosen: Online.",
            "> Conference, not chosen",
        ),
        ("fj", "Format picker, 2 of ", "> "),
        (
            "<enter>",
            "Edit pes-stakeholder-conference, field, 1 of ",
            "> Title: PES Stakeholder conference",
        ),
        (
            "<enter>j",
            "Edit pes-stakeholder-conference, field, 2 of ",
            "> ",
        ),
        ("?", "Help, line 1 of ", "> essentials (grid):"),
        ("?j", "Help, line 2 of ", "> "),
        (
            "G",
            "History of PES Stakeholder conference, line 1 of ",
            "> Across the years",
        ),
        (
            "G",
            "History of PES Stakeholder conference, line 1 of ",
            "  2022: planned. PES Stakeholder conference. Dates: no dates. This programme.",
        ),
        (
            "<tab><tab>",
            "Statistics, activities per bar, 1 of ",
            "  Status tbc: ",
        ),
        (
            "<tab><tab>j",
            "Statistics, activities per bar, 2 of ",
            "> Status tbc: ",
        ),
        (
            "b",
            "Start date: empty.",
            "  2022-03-15, 2022-03 or 2022-Q2",
        ),
        (
            "D",
            "Description, line 1 of 1: Meeting labour",
            "> Meeting labour",
        ),
        ("/conf", "Search: conf. ", ""),
        (
            "\\status:",
            "Filter: status:. Not a filter: ",
            "  status: format: in: cluster:",
        ),
        ("cq", "There are unsaved changes.", "  <esc> cancel"),
    ] {
        let mut s = spoken(80, 24);
        s.keys(keys);
        let lines = spoken_lines(&s);
        let screen = lines.join("\n");
        assert!(lines[0].starts_with(first), "{keys:?}: {first:?}\n{screen}");
        assert!(
            lines.iter().skip(2).any(|l| l.starts_with(listed)),
            "{keys:?}: {listed:?}\n{screen}"
        );
        // The cursor is on the line that says where you are.
        let cursor = s.terminal.get_cursor_position().unwrap();
        assert_eq!(cursor.y, 0, "{keys:?}\n{screen}");
    }
}

#[test]
fn merge_conflicts_read_as_a_spoken_list() {
    let mut s = Session::new(
        &crate::editor_scenarios::merged_with_conflicts(),
        80,
        24,
        None,
    );
    s.editor.screen_reader = true;
    s.keys("mj");
    let lines = spoken_lines(&s);
    let screen = lines.join("\n");
    assert!(
        lines[0].starts_with("Merge conflicts, 2 of 2: status: ours done, theirs cancelled."),
        "{screen}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("  title: ours \"Our conference\", theirs")),
        "{screen}"
    );
}

#[test]
fn screen_reader_popup_snapshots() {
    let mut s = spoken(120, 40);
    s.keys("fj");
    insta::assert_snapshot!("screen_reader_formats_120x40", s.screen());
    let mut s = spoken(80, 24);
    s.keys("<enter>jj");
    insta::assert_snapshot!("screen_reader_form_80x24", s.screen());
}

#[test]
fn screen_reader_lines_show_hidden_characters_of_the_planners_text() {
    let text = with_disguised_title();
    let mut s = Session::new(&text, 120, 40, None);
    s.editor.screen_reader = true;
    s.keys("<tab><tab>");
    let screen = s.lines().join("\n");
    assert!(!screen.contains('\u{202E}'), "{screen}");
}

#[test]
fn screen_reader_mode_in_a_real_terminal_reads_a_popup_line_by_line() {
    use common::pty::Spawn;
    let dir = tempfile::tempdir().unwrap();
    let path = common::copy_of_2022(dir.path());
    let mut pty = Spawn::wpmatrix(&[std::ffi::OsStr::new("--screen-reader"), path.as_os_str()])
        .homes(dir.path())
        .size(100, 30)
        .start();
    pty.wait_for("Cluster 1 of 6, Recovery and structural changes. Activity 1 of 6");
    let read = |pty: &common::pty::Pty, said: &str, listed: &str| {
        pty.wait_for(said);
        pty.wait_until("the cursor on the first line", |screen| {
            screen.cursor_position().0 == 0
        });
        pty.screen(|screen| {
            let contents = screen.contents();
            let first = contents.lines().next().unwrap_or("");
            assert!(first.starts_with(said), "{contents}");
            assert!(
                contents.lines().any(|l| l.trim_end() == listed),
                "{listed:?}:\n{contents}"
            );
            assert!(!contents.contains(['│', '─', '┌']), "{contents}");
        });
    };
    pty.send(b"s");
    read(&pty, "Status picker, 1 of 6: planned.", "> planned");
    pty.send(b"j");
    read(&pty, "Status picker, 2 of 6: tbc.", "> tbc");
    pty.send(b"j");
    read(&pty, "Status picker, 3 of 6: ongoing.", "> ongoing");
    pty.send(b"\x1b");
    pty.wait_for("Cluster 1 of 6, Recovery and structural changes. Activity 1 of 6");
    pty.send(b"?");
    read(&pty, "Help, line 1 of ", "> essentials (grid):");
    pty.send(b"j");
    pty.wait_for("Help, line 2 of ");
    pty.send(b"q");
    pty.wait_for("Cluster 1 of 6");
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
}

/// The full fixture with U+202E in a cluster's name, an activity's title, a session's place
/// and an own field's value.
fn full_with_bidi() -> String {
    let full = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/full.ron"
    ))
    .unwrap();
    let text = full
        .replacen("name: \"Meetings\"", "name: \"Meet\\u{202E}ings\"", 1)
        .replacen(
            "title: \"EURES Coordination Group meetings\"",
            "title: \"EURES \\u{202E}Coordination Group meetings\"",
            1,
        )
        .replacen("place: \"Lyon\"", "place: \"Ly\\u{202E}on\"", 1)
        .replacen(
            "\"rapporteur\": \"ECO\"",
            "\"rapporteur\": \"E\\u{202E}CO\"",
            1,
        );
    assert_eq!(text.matches("\\u{202E}").count(), 4, "the fixture changed");
    text
}

#[test]
fn every_new_view_shows_bidi_characters_of_the_planners_text_as_escapes() {
    let text = full_with_bidi();
    for (keys, shown) in [
        // The fields detail: title, session place and own field.
        ("", "EURES \\u{202E}Coordination"),
        ("", "Ly\\u{202E}on"),
        ("", "E\\u{202E}CO"),
        // The statistics view: the cluster's name.
        ("<tab><tab>", "Meet\\u{202E}ings"),
        // The history popup: the title.
        ("G", "EURES \\u{202E}Coordination"),
    ] {
        for screen_reader in [false, true] {
            let mut s = Session::new(&text, 160, 50, None);
            s.editor.screen_reader = screen_reader;
            s.keys(keys);
            let screen = s.screen();
            assert!(!screen.contains('\u{202E}'), "{keys:?}:\n{screen}");
            if !screen_reader || !keys.is_empty() {
                assert!(screen.contains(shown), "{keys:?} {shown:?}:\n{screen}");
            }
        }
    }
    // The report and the stats as text.
    let place = common::Place::with_text(&text);
    for args in [
        vec!["report", "--today", "2022-12-31"],
        vec!["stats", "--by", "cluster"],
        vec!["show", "--view", "linear"],
    ] {
        let output = common::wpmatrix()
            .args(&args)
            .arg(&place.path)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
        let out = String::from_utf8(output.stdout).unwrap();
        assert!(!out.contains('\u{202E}'), "{args:?}:\n{out}");
        assert!(out.contains("Meet\\u{202E}ings"), "{args:?}:\n{out}");
    }
}

#[test]
fn the_report_draws_its_arrows_and_dashes_in_ascii_in_ascii_mode() {
    let full = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");
    let report = |ascii: bool| {
        let mut cmd = common::wpmatrix();
        cmd.env("LC_ALL", "C.UTF-8");
        if ascii {
            cmd.arg("--ascii");
        }
        let output = cmd
            .args(["report", "--today", "2022-12-31", full])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let unicode = report(false);
    assert!(unicode.contains("May 2022 – Nov 2022"), "{unicode}");
    let ascii = report(true);
    assert!(ascii.contains("May 2022 - Nov 2022"), "{ascii}");
    assert!(ascii.is_ascii(), "{ascii}");
}

#[test]
fn check_in_ascii_mode_quotes_the_file_as_written_and_draws_its_samples_in_ascii() {
    let dashed = common::programme_text().replacen("start: None,", "start: Some(\"2022—03\"),", 1);
    let place = common::Place::with_text(&dashed);
    let misnamed = place.folder().join("misnamed.ron");
    std::fs::write(&misnamed, "Programm(\n  year: 2022,\n)\n").unwrap();
    let output = common::wpmatrix()
        .args(["--ascii", "check"])
        .arg(&place.path)
        .arg(&misnamed)
        .output()
        .unwrap();
    let said = String::from_utf8(output.stdout).unwrap();
    assert!(said.contains("invalid date \"2022—03\""), "{said}");
    assert!(
        said.contains("expected `Programme(~)`, found `Programm(~)`"),
        "{said}"
    );
}

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

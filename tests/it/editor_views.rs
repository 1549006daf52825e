//! The editor's views: the fitted grid (`z`), the detail panel (`i`), the timeline (`Tab`) and
//! the help (`?`), drawn headless at the sizes planners use.

use crate::common;

use chrono::NaiveDate;
use common::session::Session;
use wpmatrix::app::View;
use wpmatrix::model::{Cell, PlanDate, Status};
use wpmatrix::tui::keymap::Keymap;

const TIMELINE_FIXTURE: &str = include_str!("../fixtures/timeline.ron");

fn timeline_session(width: u16, height: u16) -> Session {
    Session::new(
        TIMELINE_FIXTURE,
        width,
        height,
        NaiveDate::from_ymd_opt(2022, 5, 20),
    )
}

#[test]
fn fitted_grid_at_120x40_shows_the_whole_2022_programme() {
    let mut s = Session::of_2022(120, 40);
    s.keys("z");
    assert!(s.editor.app.views.fitted);
    let screen = s.screen();
    assert!(!screen.contains("more ▶"), "{screen}");
    let programme = common::shipped();
    for cluster in &programme.clusters {
        let first_word = cluster.name.split_whitespace().next().unwrap();
        assert!(screen.contains(first_word), "{first_word}\n{screen}");
        for activity in &cluster.activities {
            // The start of every title is on screen, after its status symbol.
            let start: String = activity.title.chars().take(5).collect();
            let cell = format!("{} {start}", activity.status.symbol());
            assert!(screen.contains(&cell), "{cell:?}\n{screen}");
        }
    }
    // The ruler says every column is on screen.
    assert!(s.lines()[1].starts_with("■■■■■■ "), "{}", s.lines()[1]);
    insta::assert_snapshot!(screen);
}

#[test]
fn fitted_grid_at_60x24_says_how_many_columns_more() {
    // At 80x24 the whole 2022 programme fits (see `a11y`); at 60 columns one column is left out.
    let mut s = Session::of_2022(60, 24);
    s.keys("z");
    let header = s.lines()[1].clone();
    assert!(header.contains("1 more ▶"), "{header}");
    assert!(header.starts_with("■■■■■·"), "{header}");
    insta::assert_snapshot!(s.screen());
    // Going to the last column scrolls the ruler along.
    s.keys("$");
    assert_eq!(s.selected(), Cell::new(0, 5));
    assert!(s.lines()[1].starts_with("·■■■■■"), "{}", s.lines()[1]);
}

#[test]
fn fitted_grid_and_hidden_detail_last_the_session() {
    let mut s = Session::of_2022(80, 24);
    assert!(s.screen().contains(" Activity "));
    let rows = s.editor.app.viewport.rows;
    s.keys("i");
    assert!(!s.screen().contains(" Activity "), "{}", s.screen());
    // The roomy grid takes the panel's room: more rows of clusters show.
    assert!(s.editor.app.viewport.rows > rows, "{}", s.screen());
    s.keys("z");
    assert!(!s.screen().contains(" Activity "));
    s.keys("<tab>");
    assert_eq!(s.editor.app.views.view, View::Timeline);
    s.keys("<tab>");
    assert!(
        s.editor.app.views.fitted,
        "z outlives a trip to the timeline"
    );
    s.keys("i");
    assert!(s.screen().contains(" Activity "));
    s.keys("z");
    assert!(!s.editor.app.views.fitted);
    assert!(s.lines()[1].contains("activity 1"), "{}", s.lines()[1]);
}

#[test]
fn a_click_in_the_fitted_grid_selects_the_cell_under_it() {
    let mut s = Session::of_2022(120, 40);
    s.keys("z");
    let (row, column) = s
        .lines()
        .iter()
        .enumerate()
        .find_map(|(y, l)| l.find("Behavioural").map(|x| (y, l[..x].chars().count())))
        .unwrap();
    s.editor.handle_mouse(crossterm::event::MouseEvent {
        kind: crossterm::event::MouseEventKind::Down(crossterm::event::MouseButton::Left),
        column: u16::try_from(column).unwrap(),
        row: u16::try_from(row).unwrap(),
        modifiers: crossterm::event::KeyModifiers::NONE,
    });
    let title = &s.editor.app.selected_activity().unwrap().title;
    assert_eq!(title, "Behavioural science");
}

#[test]
fn timeline_in_the_editor_at_120x40() {
    let mut s = timeline_session(120, 40);
    s.keys("<tab>");
    let screen = s.screen();
    assert!(screen.contains("today"), "{screen}");
    assert!(s.status().contains("TIMELINE"), "{}", s.status());
    insta::assert_snapshot!(screen);
}

#[test]
fn timeline_in_the_editor_at_80x24() {
    let mut s = timeline_session(80, 24);
    s.keys("i<tab>j");
    insta::assert_snapshot!(s.screen());
}

#[test]
fn timeline_moves_through_the_listed_activities_and_edits_like_the_grid() {
    let mut s = timeline_session(120, 40);
    s.keys("<tab>");
    let order = s.editor.app.timeline_cells();
    assert_eq!(order.first(), Some(&Cell::new(0, 0)));
    s.keys("j");
    assert_eq!(s.selected(), order[1]);
    // Down past the last dated activity of a cluster goes to the next cluster's first.
    let first_of_second = order.iter().position(|c| c.cluster == 1).unwrap();
    s.keys(&"j".repeat(first_of_second - 1));
    assert_eq!(s.selected().cluster, 1);
    s.keys("k");
    assert_eq!(s.selected().cluster, 0);
    // The same editing keys: a month later moves the bar, one undo puts it back.
    s.keys(&"k".repeat(10));
    let cell = s.selected();
    let before = s.editor.app.programme.activity(cell).unwrap().clone();
    let row_before = row_of(&s, &before.title);
    s.keys("}");
    let after = s.editor.app.programme.activity(cell).unwrap().clone();
    assert_ne!(after.start, before.start);
    assert_ne!(row_of(&s, &before.title), row_before, "the bar moved");
    s.keys("u");
    assert_eq!(s.editor.app.programme.activity(cell).unwrap(), &before);
    s.keys("b<C-u>2022-03-01<enter>");
    let start = s.editor.app.programme.activity(cell).unwrap().start;
    assert_eq!(start, Some("2022-03-01".parse::<PlanDate>().unwrap()));
    s.keys("s<down><enter>");
    let status = s.editor.app.programme.activity(cell).unwrap().status;
    assert_ne!(status, before.status);
    assert_eq!(s.editor.app.views.view, View::Timeline);
}

#[test]
fn a_change_that_hides_the_selection_from_a_filtered_timeline_moves_it_to_a_listed_one() {
    let mut s = timeline_session(120, 40);
    s.keys("<tab>");
    let status = |s: &Session, cell: Cell| s.editor.app.programme.activity(cell).unwrap().status;
    s.keys("\\status:planned<enter>");
    let kept = Status::Planned;
    let first = s.selected();
    assert_eq!(
        status(&s, first),
        kept,
        "the filter selected a listed activity"
    );
    assert!(
        s.editor.app.timeline_cells().len() > 1,
        "the filter lists more than one"
    );
    // `c` changes its status: the filter turns it away, and the selection goes to one it lists.
    s.keys("c");
    assert_ne!(status(&s, first), kept);
    let now = s.selected();
    assert_ne!(now, first);
    assert!(
        s.editor.app.timeline_cells().contains(&now),
        "{now:?} is listed"
    );
    assert_eq!(status(&s, now), kept);
    // Undo lists it again; redo hides it again, and the selection is again on a listed one.
    s.keys("u");
    assert_eq!(status(&s, first), kept);
    s.keys("<C-r>");
    assert_ne!(status(&s, first), kept);
    assert!(s.editor.app.timeline_cells().contains(&s.selected()));
}

fn row_of(s: &Session, title: &str) -> String {
    s.lines()
        .into_iter()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title} not on screen"))
}

#[test]
fn help_at_200x50_shows_every_action_name_in_full_without_scrolling() {
    let mut s = Session::of_2022(200, 50);
    s.keys("?");
    let screen = s.screen();
    assert!(!screen.contains("↑↓ scroll"), "{screen}");
    let words: Vec<&str> = screen
        .split(|c: char| c.is_whitespace() || c == '"' || c == '│')
        .collect();
    for (_, _, _, action) in Keymap::default().help() {
        let name = wpmatrix::tui::keymap::action_name(action).unwrap();
        assert!(words.contains(&name), "{name} missing:\n{screen}");
    }
    // Essentials lead: save is on the first line of keys.
    assert!(s.lines()[4].contains("save"), "{}", s.lines()[4]);
    insta::assert_snapshot!(screen);
}

#[test]
fn help_at_80x24_lays_keys_out_in_columns_and_scrolls() {
    let mut s = Session::of_2022(80, 24);
    s.keys("?");
    let screen = s.screen();
    assert!(screen.contains("↑↓ scroll"), "{screen}");
    assert!(
        screen.contains("switch-view") && screen.contains("list-up"),
        "{screen}"
    );
    assert!(!screen.contains("conflicts mode"));
    s.keys(&"j".repeat(60));
    assert!(s.screen().contains("conflicts mode"), "{}", s.screen());
    // Scrolling stopped at the end, so one step back up shows at once.
    let bottom = s.screen();
    s.keys("k");
    assert_ne!(s.screen(), bottom);
}

#[test]
fn status_of_a_cell_is_shown_without_colour_in_both_views() {
    let mut s = timeline_session(120, 40);
    s.keys("<tab>");
    let line = row_of(&s, "Site visit to Lisbon");
    assert!(line.contains(Status::Cancelled.symbol()) && line.contains("cancelled"));
}

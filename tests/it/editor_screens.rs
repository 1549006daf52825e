//! The editor's screen at different sizes: snapshots of whole screens, what stands out, and
//! that drawing never panics. Editing scenarios are in `editor_scenarios.rs`.

use crate::common;

use common::programme_text;
use common::session::Session;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::Mode;
use wpmatrix::model::{Cell, Status};

fn session_with(text: &str, width: u16, height: u16) -> Session {
    Session::new(text, width, height, None)
}

fn session() -> Session {
    Session::of_2022(80, 24)
}

#[test]
fn help_lists_keys_as_bound() {
    let mut s = session_with(&programme_text(), 100, 40);
    s.keys("?");
    let screen = s.screen();
    assert!(screen.contains("cycle-status"), "{screen}");
    // Saving is among the essentials on top; the last mode's keys need scrolling down to.
    assert!(screen.contains("<C-s>"), "{screen}");
    assert!(!screen.contains("conflicts mode"), "{screen}");
    s.keys(&"j".repeat(40));
    assert!(s.screen().contains("conflicts mode"), "{}", s.screen());
    s.keys("?");
    assert_eq!(s.editor.app.mode, Mode::Normal);
}

#[test]
fn selection_stays_visible_when_moving_far() {
    let mut s = session();
    s.keys("jjjjj$");
    let v = s.editor.app.viewport;
    let cell = s.selected();
    assert!(cell.cluster >= v.first_row && cell.cluster < v.first_row + v.rows);
    assert!(cell.activity >= v.first_column && cell.activity < v.first_column + v.columns);
    let title = &s.editor.app.programme.activity(cell).unwrap().title;
    let shown: String = title.chars().take(10).collect();
    assert!(s.screen().contains(&shown), "{}", s.screen());
}

#[test]
fn mouse_click_selects_the_cell_under_it() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = session();
    let layout =
        wpmatrix::tui::view::ScreenLayout::new(ratatui::layout::Rect::new(0, 0, 80, 24), 6)
            .unwrap();
    let g = layout.grid;
    let x = g.area.x + g.name_width + g.cell_width + 2;
    let y = g.area.y + 1 + g.row_height + 1;
    s.editor.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    assert_eq!(s.selected(), Cell::new(1, 1));
    s.editor.handle_mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    });
    s.draw();
    assert_eq!(s.editor.app.viewport.first_row, 1);
}

#[test]
fn screen_at_80x24() {
    let s = session();
    insta::assert_snapshot!(s.screen());
}

#[test]
fn screen_at_200x50_with_form_open() {
    let mut s = session_with(&programme_text(), 200, 50);
    s.keys("jl");
    insta::assert_snapshot!("screen_at_200x50", s.screen());
    s.keys("<enter>");
    insta::assert_snapshot!("form_at_200x50", s.screen());
}

#[test]
fn scrolled_grid_header_keeps_markers_and_column_labels_apart_at_100x30() {
    let mut s = session_with(&programme_text(), 100, 30);
    s.keys("lll");
    let screen = s.screen();
    let header = screen.lines().nth(1).unwrap();
    let first_column = s.editor.app.viewport.first_column;
    assert!(first_column > 0, "{screen}");
    let marker = format!("Clusters ◀ {first_column} more");
    assert!(header.contains(&marker), "{header}");
    for label in [first_column + 1, first_column + 2].map(|n| format!(" activity {n} ")) {
        assert!(header.contains(&label), "{label:?} in {header}");
    }
    insta::assert_snapshot!(screen);
}

#[test]
fn status_picker_at_80x24() {
    let mut s = session();
    s.keys("s");
    insta::assert_snapshot!(s.screen());
}

#[test]
fn wide_characters_keep_the_grid_aligned() {
    let text = programme_text().replacen(
        "PES Stakeholder conference",
        "日本語のタイトル 🎉 Émploi",
        1,
    );
    let s = session_with(&text, 80, 24);
    let screen = s.screen();
    insta::assert_snapshot!(screen);
}

#[test]
fn render_never_panics_at_any_size() {
    let place = common::Place::new();
    let mut editor = place.open();
    editor.type_keys("jjl").unwrap();
    // Every size below the smallest usable one draws the same "too small" line: a few of those,
    // then each side of the widths and heights the layout changes at (the editor's 60x16, the
    // detail panel beside the grid from 150 columns), the usual terminals, and sizes up to
    // 300x100 between them. Each width is drawn at a short, a usual and a tall height, and each
    // height at a narrow, a usual and a wide width: a threshold of one side is met whatever the
    // other, and the whole cross product drew three times the frames for no more thresholds.
    let widths = [
        1, 2, 9, 10, 11, 30, 59, 60, 61, 62, 67, 74, 79, 80, 81, 93, 100, 111, 120, 133, 149, 150,
        151, 177, 200, 300,
    ];
    let heights = [
        1, 2, 3, 4, 5, 15, 16, 17, 18, 21, 24, 25, 31, 40, 50, 61, 100,
    ];
    let sizes = widths
        .into_iter()
        .flat_map(|w| [16, 24, 100].map(move |h| (w, h)))
        .chain(
            heights
                .into_iter()
                .flat_map(|h| [60, 80, 300].map(move |w| (w, h))),
        );
    for (w, h) in sizes {
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        for keys in [
            "",
            "?",
            "<esc><enter>",
            "<esc>s",
            "<esc><esc>f/x",
            "<esc><esc><esc>b",
        ] {
            editor.type_keys(keys).unwrap();
            terminal.draw(|f| editor.draw(f)).unwrap();
        }
        editor.type_keys("<esc><esc><esc>").unwrap();
    }
}

#[test]
fn small_terminal_says_so() {
    let s = session_with(&programme_text(), 40, 10);
    assert!(s.screen().contains("Terminal too small"), "{}", s.screen());
}

#[test]
fn help_at_80x24() {
    let mut s = session();
    s.keys("?");
    insta::assert_snapshot!(s.screen());
}

#[test]
fn date_entry_with_error_at_80x24() {
    let mut s = session();
    s.keys("e2022-Q5<enter>");
    insta::assert_snapshot!(s.screen());
}

#[test]
fn selected_cell_stands_out_and_status_has_colour_and_symbol() {
    use ratatui::style::{Color, Modifier};
    let s = session();
    let buffer = s.terminal.backend().buffer();
    let layout =
        wpmatrix::tui::view::ScreenLayout::new(ratatui::layout::Rect::new(0, 0, 80, 24), 6)
            .unwrap();
    let g = layout.grid;
    // The first cell: its symbol one column in, on the first line under the header.
    let (x, y) = (g.area.x + g.name_width + 1, g.area.y + 1);
    let symbol = &buffer[(x, y)];
    assert_eq!(symbol.symbol(), Status::Planned.symbol());
    assert_eq!(symbol.fg, Color::Blue);
    assert!(
        symbol.modifier.contains(Modifier::REVERSED),
        "selected cell is reversed"
    );
    let next_cell = &buffer[(x + g.cell_width, y)];
    assert!(!next_cell.modifier.contains(Modifier::REVERSED));
}

#[test]
fn counts_of_one_are_singular() {
    let text = "Programme(\n    year: 2022,\n    title: \"Empty\",\n    adopted: None,\n    clusters: [],\n)\n";
    let mut s = session_with(text, 80, 24);
    s.keys("AFirst cluster<enter>");
    assert!(s.screen().contains("0 activities"), "{}", s.screen());
    s.keys("aFirst activity<enter>");
    let screen = s.screen();
    assert!(screen.contains("1 activity "), "{screen}");
    assert!(!screen.contains("1 activities"), "{screen}");
    s.keys("X");
    assert!(
        s.screen()
            .contains("Delete cluster \"First cluster\" and its 1 activity?"),
        "{}",
        s.screen()
    );
}

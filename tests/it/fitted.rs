//! The fitted grid (the whole year at a glance) on the shipped 2022 programme: its layout
//! decisions and its screens at 80x24 and 120x40.

use crate::common::shipped as programme_2022;
use std::collections::BTreeSet;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use wpmatrix::model::Cell;
use wpmatrix::model::filter::Filter;
use wpmatrix::tui::view::fitted::{FittedGridView, FittedLayout, MARK};

struct Drawn {
    terminal: Terminal<TestBackend>,
    layout: FittedLayout,
}

fn draw(
    width: u16,
    height: u16,
    selected: Cell,
    marks: &[Cell],
    filter: Option<&str>,
    search: &[Cell],
) -> Drawn {
    let programme = programme_2022();
    let area = Rect::new(0, 0, width, height);
    let layout = FittedLayout::new(&programme, area, selected, (0, 0));
    let marks: BTreeSet<Cell> = marks.iter().copied().collect();
    let search: BTreeSet<Cell> = search.iter().copied().collect();
    let problems: BTreeSet<Cell> = [Cell::new(1, 1)].into();
    let matches = filter.map(|f| Filter::parse(f).unwrap().apply(&programme));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            let view = FittedGridView {
                programme: &programme,
                layout: &layout,
                selected,
                marks: &marks,
                filter: matches.as_ref(),
                search: &search,
                problems: &problems,
            };
            frame.render_widget(view, frame.area());
        })
        .unwrap();
    Drawn { terminal, layout }
}

#[test]
fn every_cluster_and_activity_fits_at_120x40() {
    let programme = programme_2022();
    let layout = FittedLayout::new(
        &programme,
        Rect::new(0, 0, 120, 40),
        Cell::new(0, 0),
        (0, 0),
    );
    assert_eq!(programme.clusters.len(), 6);
    assert_eq!(layout.columns.len(), layout.widest, "{layout:?}");
    assert_eq!(layout.rows(), 6);
    assert_eq!(
        layout.row_heights.iter().sum::<u16>(),
        39,
        "rows fill the height"
    );
    assert_eq!((layout.hidden_before, layout.hidden_after), (0, 0));
    // The editor keeps a title line and two status lines: the grid still fits in what is left.
    let editor = FittedLayout::new(
        &programme,
        Rect::new(0, 1, 120, 37),
        Cell::new(5, 0),
        (0, 0),
    );
    assert_eq!((editor.columns.len(), editor.rows()), (6, 6));
    let drawn = draw(120, 40, Cell::new(1, 2), &[], None, &[]);
    let buffer = drawn.terminal.backend().buffer();
    for (cell, activity) in programme.activities() {
        let column = layout.columns[cell.activity];
        let y = layout.row_y(cell.cluster);
        let symbol = buffer[(column.x + 1, y)].symbol().to_string();
        let shown: String = (column.x + 3..column.x + column.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        let first_word = activity.title.split_whitespace().next().unwrap();
        assert_eq!(symbol, activity.status.symbol(), "{}", activity.title);
        assert!(
            shown
                .trim_end()
                .starts_with(first_word.trim_end_matches(','))
                || first_word.len() > shown.len(),
            "{} shown as {shown:?}",
            activity.title
        );
    }
}

#[test]
fn fitted_grid_at_120x40() {
    let drawn = draw(
        120,
        40,
        Cell::new(1, 2),
        &[Cell::new(0, 0), Cell::new(3, 1)],
        None,
        &[],
    );
    insta::assert_snapshot!(drawn.terminal.backend().to_string());
}

#[test]
fn fitted_grid_at_60x24() {
    // At 80x24 the whole 2022 programme fits; at 60 columns one column is left out.
    let drawn = draw(60, 24, Cell::new(0, 0), &[], None, &[]);
    let more = drawn.layout.hidden_after;
    assert!(
        more > 0 && drawn.layout.columns.len() >= 4,
        "{:?}",
        drawn.layout
    );
    let screen = drawn.terminal.backend().to_string();
    assert!(screen.contains(&format!("{more} more ▶")), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn scrolling_right_moves_the_ruler() {
    let drawn = draw(60, 24, Cell::new(0, 5), &[], None, &[]);
    let layout = &drawn.layout;
    assert_eq!(layout.columns.last().unwrap().index, 5);
    assert_eq!(layout.hidden_after, 0);
    let ruler = layout.ruler(20);
    assert!(ruler.starts_with('·') && ruler.ends_with('■'), "{ruler}");
    assert!(drawn.terminal.backend().to_string().contains(&ruler));
    // Too little room for one glyph a column: the ruler says it in numbers.
    assert_eq!(layout.ruler(3), "2–…");
    assert!(layout.ruler(5).starts_with("2–6"));
}

#[test]
fn filter_dims_search_highlights_marks_flag() {
    let programme = programme_2022();
    let tbc = programme
        .activities()
        .find(|(_, a)| a.status == wpmatrix::model::Status::Tbc)
        .map(|(cell, _)| cell)
        .expect("2022 has a tbc activity");
    let marked = Cell::new(0, 1);
    let found = tbc;
    let drawn = draw(
        120,
        40,
        Cell::new(5, 0),
        &[marked],
        Some("status:tbc"),
        &[found],
    );
    let buffer = drawn.terminal.backend().buffer();
    let at = |cell: Cell| {
        let column = drawn
            .layout
            .columns
            .iter()
            .find(|c| c.index == cell.activity)
            .unwrap();
        let y = drawn.layout.row_y(cell.cluster - drawn.layout.first_row);
        (column.x, y)
    };
    let (x, y) = at(tbc);
    let dim = ratatui::style::Color::DarkGray;
    assert_ne!(buffer[(x + 3, y)].fg, dim, "the tbc activity matches");
    let (x, y) = at(marked);
    assert_eq!(buffer[(x, y)].symbol(), MARK);
    assert_eq!(buffer[(x + 3, y)].fg, dim, "a planned activity is dimmed");
    let (x, y) = at(Cell::new(1, 1));
    assert_eq!(buffer[(x + 2, y)].symbol(), "!", "a problem shows");
    let (x, y) = at(found);
    assert!(buffer[(x + 3, y)].modifier.contains(Modifier::UNDERLINED));
    let (x, y) = at(Cell::new(5, 0));
    assert!(buffer[(x + 3, y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_click_finds_its_cell() {
    let programme = programme_2022();
    let layout = FittedLayout::new(
        &programme,
        Rect::new(0, 0, 120, 40),
        Cell::new(0, 0),
        (0, 0),
    );
    let column = layout.columns[3];
    let y = layout.row_y(2) + 1;
    assert_eq!(layout.cell_at(column.x + 2, y), Some(Cell::new(2, 3)));
    assert_eq!(layout.cell_at(0, 0), None);
}

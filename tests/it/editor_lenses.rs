//! What narrows and gathers the editor's view: the filter line (`\`), search counts (`/`, `n`,
//! `N`) and marks (`v`, `V`) with the edits that then apply to every marked activity at once.

use crate::common;

use common::session::Session;
use ratatui::style::Color;
use wpmatrix::app::{Mode, search_matches};
use wpmatrix::model::{Cell, Format, PlanDate, Status};

/// The 2022 programme with one accented title, as French planners write them.
fn accented() -> String {
    common::programme_text().replacen(
        "title: \"Behavioural science\"",
        "title: \"Séminaire sur les sciences comportementales\"",
        1,
    )
}

/// The foreground colour of the first character of `text` on screen.
fn colour_of(s: &Session, text: &str) -> Option<Color> {
    let buffer = s.terminal.backend().buffer();
    let (y, line) = s
        .lines()
        .into_iter()
        .enumerate()
        .find(|(_, l)| l.contains(text))?;
    let x = line[..line.find(text)?].chars().count();
    Some(buffer[(u16::try_from(x).unwrap(), u16::try_from(y).unwrap())].fg)
}

#[test]
fn filter_is_accent_and_case_insensitive_and_counts_in_the_status_line() {
    let mut s = Session::new(&accented(), 120, 40, None);
    s.keys("z\\SEMINAIRE");
    assert!(matches!(s.editor.app.mode, Mode::FilterLine(_)));
    // Live: the matrix narrows while typing, before Enter.
    assert!(
        s.status().contains("filter SEMINAIRE · 1/32"),
        "{}",
        s.status()
    );
    s.keys("<enter>");
    assert_eq!(s.editor.app.mode, Mode::Normal);
    assert!(
        s.status().contains("filter SEMINAIRE · 1/32"),
        "{}",
        s.status()
    );
    // The selection went to the one match; the others are dimmed, the match is not.
    let title = &s.editor.app.selected_activity().unwrap().title;
    assert!(title.starts_with("Séminaire"), "{title}");
    assert_eq!(colour_of(&s, "Greening"), Some(Color::DarkGray));
    assert_ne!(colour_of(&s, "Séminaire"), Some(Color::DarkGray));
    // In the timeline the others are hidden altogether.
    s.keys("<tab>");
    assert!(!s.screen().contains("Greening"), "{}", s.screen());
    assert!(s.screen().contains("Séminaire"));
    assert_eq!(s.editor.app.timeline_cells().len(), 1);
}

#[test]
fn filter_terms_combine_and_a_bad_term_is_reported_with_its_column() {
    let mut s = Session::of_2022(120, 40);
    s.keys("\\status:tbc,planned");
    assert!(s.status().contains("· 32/32"), "{}", s.status());
    s.keys(" status:tbc");
    assert!(
        s.status()
            .contains("filter status:tbc,planned status:tbc · 1/32"),
        "{}",
        s.status()
    );
    s.keys("<C-u>format:webinar status:nope");
    let status = s.status();
    assert!(status.contains("at column 23"), "{status}");
    assert!(status.contains("nope"), "{status}");
    // Enter does not accept a filter that does not parse.
    s.keys("<enter>");
    assert!(matches!(s.editor.app.mode, Mode::FilterLine(_)));
}

#[test]
fn escape_on_an_empty_filter_line_clears_the_filter() {
    let mut s = Session::of_2022(80, 24);
    s.keys("\\status:tbc<enter>");
    assert!(s.editor.app.filter().is_some());
    // Escape with text puts back what was in force; the filter stays.
    s.keys("\\x<esc>");
    assert_eq!(s.editor.app.filter().unwrap().text(), "status:tbc");
    s.keys("\\<C-u><esc>");
    assert!(s.editor.app.filter().is_none());
    assert!(s.status().contains("Filter cleared."), "{}", s.status());
    assert!(!s.status().contains("filter status"), "{}", s.status());
}

#[test]
fn filter_follows_edits_to_the_programme() {
    let mut s = Session::of_2022(80, 24);
    s.keys("\\status:tbc<enter>");
    assert!(s.status().contains("1/32"), "{}", s.status());
    // Cycling the first activity from planned makes it tbc: it joins the matches.
    s.keys("<home>kkkkkk");
    assert_eq!(s.selected(), Cell::new(0, 0));
    s.keys("c");
    assert!(s.status().contains("2/32"), "{}", s.status());
    s.keys("u");
    assert!(s.status().contains("1/32"), "{}", s.status());
}

#[test]
fn search_counts_matches_and_wraps_with_a_word() {
    let mut s = Session::of_2022(120, 40);
    let all = search_matches(&s.editor.app.programme, "pes", |_| true);
    assert!(all.len() > 3);
    s.keys("/PES<enter>");
    assert!(
        s.status().contains(&format!("match 1/{}", all.len())),
        "{}",
        s.status()
    );
    s.keys("n");
    assert!(
        s.status().contains(&format!("match 2/{}", all.len())),
        "{}",
        s.status()
    );
    s.keys("NN");
    assert_eq!(s.selected(), *all.last().unwrap());
    assert!(
        s.status().contains("search wrapped to the last match"),
        "{}",
        s.status()
    );
    assert!(s.status().contains(&format!("match {0}/{0}", all.len())));
    s.keys("n");
    assert_eq!(s.selected(), *all.first().unwrap());
    assert!(
        s.status().contains("search wrapped to the first match"),
        "{}",
        s.status()
    );
}

#[test]
fn search_highlights_every_match_on_screen() {
    let mut s = Session::of_2022(120, 40);
    s.keys("z/skills<enter>");
    let hits = s.editor.app.search_hits().clone();
    assert!(hits.len() >= 2, "{hits:?}");
    let buffer = s.terminal.backend().buffer().clone();
    let highlighted = buffer
        .content()
        .iter()
        .filter(|c| c.fg == Color::Yellow && c.symbol() != " ")
        .count();
    assert!(highlighted > 10, "{highlighted}");
    // Searching within a filter: only what the filter keeps can match.
    s.keys("\\status:tbc<enter>");
    assert!(s.editor.app.search_hits().len() < hits.len());
}

/// Gives an activity dates by typing them, from wherever the selection is.
fn date(s: &mut Session, start: &str, end: &str) {
    s.keys(&format!("b<C-u>{start}<enter>e<C-u>{end}<enter>"));
}

fn activity(s: &Session, cell: Cell) -> &wpmatrix::model::Activity {
    s.editor.app.programme.activity(cell).unwrap()
}

#[test]
fn bulk_status_and_shift_over_two_clusters_and_one_undo_each() {
    let mut s = Session::of_2022(120, 40);
    let cells = [Cell::new(0, 0), Cell::new(0, 1), Cell::new(1, 0)];
    date(&mut s, "2022-03", "2022-04");
    s.keys("v");
    s.keys("l");
    date(&mut s, "2022-Q2", "2022-Q3");
    s.keys("v");
    s.keys("jh");
    date(&mut s, "2022-05-12", "2022-05-12");
    s.keys("v");
    assert_eq!(
        s.editor.app.marked().iter().copied().collect::<Vec<_>>(),
        cells
    );
    assert!(s.status().contains("3 marked"), "{}", s.status());
    let dated: Vec<_> = cells.iter().map(|c| activity(&s, *c).clone()).collect();
    // Status for all three at once.
    s.keys("s<down><enter>");
    for cell in cells {
        assert_eq!(activity(&s, cell).status, Status::Tbc);
    }
    assert!(
        s.status().contains("changed 3 of 3 marked"),
        "{}",
        s.status()
    );
    // A month later for all three at once.
    s.keys("}");
    assert!(
        s.status()
            .contains("Dates moved 1 month later: changed 3 of 3"),
        "{}",
        s.status()
    );
    assert_eq!(
        activity(&s, cells[0]).start,
        Some("2022-04".parse::<PlanDate>().unwrap())
    );
    assert_eq!(
        activity(&s, cells[1]).end,
        Some("2022-10".parse::<PlanDate>().unwrap())
    );
    assert_eq!(
        activity(&s, cells[2]).start,
        Some("2022-06-12".parse::<PlanDate>().unwrap())
    );
    // One undo takes all three back a month; the next one their statuses.
    s.keys("u");
    for (cell, before) in cells.iter().zip(&dated) {
        assert_eq!(
            (activity(&s, *cell).start, activity(&s, *cell).end),
            (before.start, before.end)
        );
        assert_eq!(activity(&s, *cell).status, Status::Tbc);
    }
    s.keys("u");
    for (cell, before) in cells.iter().zip(&dated) {
        assert_eq!(activity(&s, *cell), before);
    }
    // Marks show in both views.
    assert!(s.screen().contains('✓'));
    s.keys("<tab>");
    assert_eq!(s.screen().matches('✓').count(), 3, "{}", s.screen());
    s.keys("<esc>");
    assert!(s.editor.app.marked().is_empty());
    assert!(!s.screen().contains('✓'));
}

#[test]
fn bulk_shift_skips_activities_without_dates_and_says_so() {
    let mut s = Session::of_2022(120, 40);
    date(&mut s, "2022-03", "2022-04");
    s.keys("vlv}");
    assert!(
        s.status()
            .contains("changed 1 of 2 marked activities; 1 skipped (no dates)"),
        "{}",
        s.status()
    );
    assert_eq!(activity(&s, Cell::new(0, 1)).start, None);
}

#[test]
fn bulk_formats_add_and_remove_across_the_marked() {
    let mut s = Session::of_2022(120, 40);
    s.keys("V");
    assert_eq!(s.editor.app.marked().len(), 6);
    let webinar = Format::parse("Webinar");
    s.keys("f/Webinar<enter><esc>");
    for a in &s.editor.app.programme.clusters[0].activities {
        assert!(a.formats.contains(&webinar), "{}", a.title);
    }
    let others: Vec<_> = s.editor.app.programme.clusters[1].activities.clone();
    assert!(s.status().contains("Added Webinar"), "{}", s.status());
    s.keys("f/Webinar<enter><esc>");
    let before = common::shipped();
    assert_eq!(s.editor.app.programme.clusters[0], before.clusters[0]);
    assert_eq!(s.editor.app.programme.clusters[1].activities, others);
    // `V` again unmarks the cluster.
    s.keys("V");
    assert!(s.editor.app.marked().is_empty());
}

#[test]
fn bulk_delete_asks_first_naming_how_many() {
    let mut s = Session::of_2022(120, 40);
    s.keys("vjv");
    s.keys("x");
    assert!(
        s.screen().contains("Delete the 2 marked activities?"),
        "{}",
        s.screen()
    );
    s.keys("n");
    assert_eq!(s.editor.app.programme.activity_count(), 32);
    s.keys("xy");
    assert_eq!(s.editor.app.programme.activity_count(), 30);
    assert!(s.editor.app.marked().is_empty());
    s.keys("u");
    assert_eq!(s.editor.app.programme, common::shipped());
}

#[test]
fn marks_follow_their_activities_when_others_move() {
    let mut s = Session::of_2022(120, 40);
    s.keys("lv");
    let title = activity(&s, Cell::new(0, 1)).title.clone();
    // Moving the first activity right swaps it with the marked one.
    s.keys("hL");
    let marked: Vec<Cell> = s.editor.app.marked().iter().copied().collect();
    assert_eq!(marked, [Cell::new(0, 0)]);
    assert_eq!(activity(&s, marked[0]).title, title);
}

//! The editor's statistics view (`Tab` from the timeline): bar charts per status, per cluster and
//! month by month, counting what the filter lets through; Enter on a bar filters the grid to it.

use crate::common::session::Session;
use wpmatrix::app::{StatsBar, View};
use wpmatrix::model::Status;

#[test]
fn tab_cycles_grid_timeline_statistics_and_back() {
    let mut s = Session::of_2022(120, 36);
    s.keys("<tab>");
    assert_eq!(s.editor.app.views.view, View::Timeline);
    s.keys("<tab>");
    assert_eq!(s.editor.app.views.view, View::Statistics);
    let screen = s.screen();
    for title in [" Per status ", " Month by month 2022 ", " Per cluster "] {
        assert!(screen.contains(title), "{title}\n{screen}");
    }
    assert!(s.status().contains("STATISTICS"), "{}", s.status());
    // The charts stop where the detail panel starts.
    let panel = s
        .lines()
        .iter()
        .position(|l| l.starts_with(" Activity "))
        .unwrap();
    assert!(s.lines()[panel - 1].starts_with('└'), "{screen}");
    assert!(
        s.lines()[panel..].iter().all(|l| !l.contains('┘')),
        "{}",
        s.screen()
    );
    s.keys("<tab>");
    assert_eq!(s.editor.app.views.view, View::Grid);
}

#[test]
fn the_charts_count_what_the_filter_lets_through() {
    let mut s = Session::of_2022(120, 36);
    let all = s.editor.app.stats_counts();
    assert_eq!(all.statuses, [31, 1, 0, 0, 0, 0]);
    assert_eq!(all.clusters, [6, 5, 5, 6, 5, 5]);
    assert_eq!(all.months, [0; 12], "the shipped programme has no dates");
    s.keys("\\cluster:meetings<enter>");
    let meetings = s.editor.app.stats_counts();
    assert_eq!(meetings.statuses, [5, 0, 0, 0, 0, 0]);
    assert_eq!(meetings.clusters, [0, 0, 0, 0, 0, 5]);
}

#[test]
fn enter_on_a_bar_filters_the_grid_to_it() {
    let mut s = Session::of_2022(120, 36);
    s.keys("<tab><tab>");
    assert_eq!(
        s.editor.app.selected_stats_bar(),
        Some(StatsBar::Status(Status::Planned))
    );
    // Down to tbc, then Enter: the grid, filtered to the one tbc activity.
    s.keys("j<enter>");
    assert_eq!(s.editor.app.views.view, View::Grid);
    assert!(
        s.status().contains("filter status:tbc · 1/32"),
        "{}",
        s.status()
    );
    // Back to the statistics, along to the last cluster (Meetings).
    s.keys("\\<c-u><esc><tab><tab>");
    for _ in 0..10 {
        s.keys("l");
    }
    assert_eq!(
        s.editor.app.selected_stats_bar(),
        Some(StatsBar::Cluster(5))
    );
    s.keys("<enter>");
    assert!(
        s.status().contains("filter cluster:meetings · 5/32"),
        "{}",
        s.status()
    );
}

#[test]
fn an_activity_counts_in_every_month_its_dates_overlap() {
    let mut s = Session::of_2022(120, 36);
    s.keys("b2022-03-20<enter>e2022-Q2<enter>");
    assert_eq!(
        s.editor.app.stats_counts().months,
        [0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
        "{}",
        s.status()
    );
}

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

#[test]
fn the_counts_follow_edits_undo_and_the_filter_after_they_were_drawn() {
    let mut s = Session::of_2022(120, 36);
    s.keys("<tab><tab>");
    assert_eq!(s.editor.app.stats_counts().statuses, [31, 1, 0, 0, 0, 0]);
    // An edit in the first cluster, made from the grid, after the counts were drawn.
    s.keys("<tab>c");
    s.draw();
    assert_eq!(s.editor.app.stats_counts().statuses, [30, 2, 0, 0, 0, 0]);
    s.keys("b2022-02<enter>");
    assert_eq!(s.editor.app.stats_counts().months[1], 1);
    s.keys("u");
    assert_eq!(s.editor.app.stats_counts().months[1], 0);
    s.keys("u");
    assert_eq!(s.editor.app.stats_counts().statuses, [31, 1, 0, 0, 0, 0]);
    // A cluster added and removed moves the others' counts with them.
    s.keys("\\cluster:meetings<enter>");
    assert_eq!(s.editor.app.stats_counts().clusters, [0, 0, 0, 0, 0, 5]);
    s.keys("\\<c-u><esc>");
    assert_eq!(s.editor.app.stats_counts().clusters, [6, 5, 5, 6, 5, 5]);
}

/// A programme with leads, themes and own fields.
const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

#[test]
fn c_counts_the_lower_chart_by_lead_theme_and_own_fields_and_enter_filters_to_a_bar() {
    let mut s = Session::open(std::path::Path::new(FULL), 120, 36);
    s.keys("<tab><tab>");
    assert!(s.screen().contains(" Per cluster "), "{}", s.screen());
    s.keys("c");
    assert!(s.screen().contains(" Per lead "), "{}", s.screen());
    assert!(s.status().contains("The lower chart counts per lead."));
    let counts = s.editor.app.stats_counts();
    assert_eq!(
        counts.groups,
        [
            ("BE".to_string(), 1),
            ("EC".to_string(), 1),
            ("ECO".to_string(), 2),
            ("ELA".to_string(), 1),
            ("NL".to_string(), 1),
            ("SE".to_string(), 1),
            ("(no lead)".to_string(), 1),
        ]
    );
    // Past the six statuses to the third lead, ECO: Enter filters the grid to its two.
    for _ in 0..8 {
        s.keys("l");
    }
    assert_eq!(s.editor.app.selected_stats_bar(), Some(StatsBar::Group(2)));
    s.keys("<enter>");
    assert_eq!(s.editor.app.views.view, View::Grid);
    assert!(
        s.status().contains("filter lead:ECO · 2/5"),
        "{}",
        s.status()
    );
    // The filter narrows the lower chart too; then on to themes and the own fields.
    s.keys("<tab><tab>c");
    assert!(s.screen().contains(" Per theme "), "{}", s.screen());
    assert_eq!(
        s.editor.app.stats_counts().groups,
        [
            ("mobility".to_string(), 1),
            ("green".to_string(), 0),
            ("digital".to_string(), 1),
        ]
    );
    s.keys("cc");
    assert!(s.screen().contains(" Per priority "), "{}", s.screen());
    s.keys("\\<c-u><esc>");
    assert_eq!(
        s.editor.app.stats_counts().groups,
        [
            ("high".to_string(), 1),
            ("medium".to_string(), 1),
            ("low".to_string(), 0),
            ("(no priority)".to_string(), 3),
        ]
    );
    // Round to the cluster again.
    s.keys("cc");
    assert!(s.screen().contains(" Per cluster "), "{}", s.screen());
}

#[test]
fn moving_and_deleting_clusters_moves_their_counts_with_them() {
    let mut s = Session::of_2022(120, 36);
    s.keys("<tab><tab>");
    assert_eq!(s.editor.app.stats_counts().clusters, [6, 5, 5, 6, 5, 5]);
    // The first cluster (6 activities, one done) down one place, from the grid.
    s.keys("<tab><A-j>");
    assert_eq!(s.editor.app.stats_counts().clusters, [5, 6, 5, 6, 5, 5]);
    s.keys("X");
    // Deleting the cluster now first (5 activities) asks first: yes.
    s.keys("y");
    let counts = s.editor.app.stats_counts();
    let shown: Vec<usize> = s
        .editor
        .app
        .programme
        .clusters
        .iter()
        .map(|c| c.activities.len())
        .collect();
    assert_eq!(shown.len(), 5, "{}", s.status());
    assert_eq!(counts.clusters, shown);
    assert_eq!(
        counts.statuses.iter().sum::<usize>(),
        shown.iter().sum::<usize>()
    );
    s.keys("uu");
    assert_eq!(s.editor.app.stats_counts().clusters, [6, 5, 5, 6, 5, 5]);
}

#[test]
fn the_lower_chart_scrolls_to_keep_the_selected_bar_in_sight() {
    let mut s = Session::of_2022(100, 24);
    s.keys("<tab><tab>");
    let chart = |s: &Session| {
        let lines = s.lines();
        let top = lines
            .iter()
            .position(|l| l.contains(" Per cluster "))
            .unwrap();
        lines[top..]
            .iter()
            .take_while(|l| !l.starts_with('└'))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(chart(&s).contains("Recovery"), "{}", s.screen());
    assert!(
        !chart(&s).contains("Meetings"),
        "too few lines for all six: {}",
        s.screen()
    );
    for _ in 0..11 {
        s.keys("l");
    }
    assert_eq!(
        s.editor.app.selected_stats_bar(),
        Some(StatsBar::Cluster(5))
    );
    assert!(chart(&s).contains("Meetings"), "{}", s.screen());
}

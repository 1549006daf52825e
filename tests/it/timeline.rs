//! The timeline as `show --view timeline` prints it: golden text at two widths with every date
//! precision, the widths it accepts and refuses, and the 2022 programme.

use crate::common::PROGRAMME_2022;
use crate::common::wpmatrix;
use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;
use wpmatrix::report::timeline;

const FIXTURE: &str = "tests/fixtures/timeline.ron";

fn fixture() -> wpmatrix::model::Programme {
    wpmatrix::store::load(std::path::Path::new(FIXTURE))
        .expect("fixture loads")
        .1
        .programme
}

fn today() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2022, 5, 20)
}

/// The chart part of the line of an activity.
fn chart_of<'a>(text: &'a str, title: &str) -> &'a str {
    let line = text
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("no line for {title}"));
    line.split_once('│').map_or("", |(_, chart)| chart)
}

#[test]
fn timeline_at_80_columns() {
    let text = timeline(&fixture(), 80, today());
    insta::assert_snapshot!("timeline_fixture_80", text);
}

#[test]
fn timeline_at_140_columns() {
    let text = timeline(&fixture(), 140, today());
    insta::assert_snapshot!("timeline_fixture_140", text);
}

#[test]
fn each_precision_is_drawn_its_own_way() {
    for width in [60, 80, 140, 300] {
        let text = timeline(&fixture(), width, today());
        // Day-exact dates: a solid bar and nothing fuzzy.
        let day = chart_of(&text, "Conference");
        assert!(day.contains('█') && !day.contains('░'), "{width}: {day}");
        // Month and quarter ends fade.
        let month = chart_of(&text, "Seminar");
        assert!(
            month.contains('░') && month.contains('█'),
            "{width}: {month}"
        );
        let quarter = chart_of(&text, "Study on");
        assert!(quarter.contains('░') && !quarter.contains('█'), "{width}");
        // A one-day event is one mark, not a month.
        let event = chart_of(&text, "Webinar on");
        assert_eq!(event.matches('◆').count(), 1, "{width}");
        assert!(!event.contains('█'), "{width}");
        // Cancelled reads without colour: a thin line, never blocks.
        let cancelled = chart_of(&text, "Site visit");
        assert!(
            cancelled.contains('┅') && !cancelled.contains('░'),
            "{width}"
        );
        assert!(text.contains("× Site visit"), "{width}");
        // Undated activities are listed apart, after the chart.
        let undated = text
            .find("Without dates: 2 activities")
            .expect("undated section");
        assert!(text.find("Survey of PES").unwrap() > undated, "{width}");
        // Today falls in the year.
        assert!(text.contains("today 20 May 2022"), "{width}");
        let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap();
        assert!(widest <= width, "{width}: a line of {widest}");
    }
}

#[test]
fn bars_use_the_whole_width() {
    let narrow = timeline(&fixture(), 80, today());
    let wide = timeline(&fixture(), 200, today());
    let bar = |text: &str| chart_of(text, "Working group").matches(['█', '░']).count();
    assert!(
        bar(&wide) > bar(&narrow) * 2,
        "{} vs {}",
        bar(&wide),
        bar(&narrow)
    );
    // The scale line reaches the right edge at every width.
    for text in [&narrow, &wide] {
        let months = text.lines().nth(2).unwrap();
        assert!(months.trim_end().ends_with("Dec"), "{months}");
    }
}

#[test]
fn today_outside_the_year_is_not_marked() {
    let text = timeline(&fixture(), 100, NaiveDate::from_ymd_opt(2023, 1, 2));
    assert!(!text.contains("today "));
    assert!(!text.contains('▼'));
}

#[test]
fn show_prints_the_timeline_at_any_sensible_width() {
    for width in [60u16, 99, 160, 300] {
        let output = wpmatrix()
            .args(["show", FIXTURE, "--view", "timeline", "--width"])
            .arg(width.to_string())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{width}");
        let text = String::from_utf8(output.stdout).unwrap();
        let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap();
        assert!(widest <= usize::from(width), "{width}: {widest}");
        assert!(
            widest + 5 >= usize::from(width),
            "{width} uses only {widest}"
        );
        assert!(text.contains("Webinar on AI"));
    }
}

#[test]
fn show_refuses_silly_widths_and_says_why() {
    wpmatrix()
        .args(["show", FIXTURE, "--view", "timeline", "--width", "59"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--width 59 is too narrow; 60 columns at least",
        ));
    wpmatrix()
        .args(["show", FIXTURE, "--view", "timeline", "--width", "5000"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--width 5000 is too wide; 1000 columns at most",
        ));
    wpmatrix()
        .args(["show", FIXTURE, "--width", "0"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("too narrow"));
}

#[test]
fn the_2022_programme_has_no_dates_yet_and_says_so() {
    let output = wpmatrix()
        .args([
            "show",
            PROGRAMME_2022,
            "--view",
            "timeline",
            "--width",
            "100",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("No activity has dates yet."));
    assert!(text.contains("Without dates: 32 activities"));
    assert!(text.contains("? PES support to LTUs"));
}

mod widget {
    //! The timeline widget the editor draws, on a `TestBackend`.

    use std::collections::BTreeSet;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::style::Modifier;
    use wpmatrix::model::Cell;
    use wpmatrix::model::filter::Filter;
    use wpmatrix::tui::view::timeline::{MARK, TimelineView};

    use super::{fixture, today};

    fn draw(
        width: u16,
        height: u16,
        selected: Cell,
        filter: Option<&str>,
    ) -> Terminal<TestBackend> {
        let programme = fixture();
        let marks: BTreeSet<Cell> = [Cell::new(0, 0), Cell::new(1, 0)].into();
        let matches = filter.map(|f| Filter::parse(f).unwrap().apply(&programme));
        let search: BTreeSet<Cell> = [Cell::new(0, 1)].into();
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        terminal
            .draw(|frame| {
                let view = TimelineView {
                    programme: &programme,
                    selected,
                    marks: &marks,
                    filter: matches.as_ref(),
                    search: &search,
                    today: today(),
                    top: 0,
                    ghosts: None,
                };
                frame.render_widget(view, frame.area());
            })
            .unwrap();
        terminal
    }

    /// The screen row showing a text.
    fn row_of(terminal: &Terminal<TestBackend>, text: &str) -> u16 {
        let screen = terminal.backend().to_string();
        let index = screen
            .lines()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text} not on screen:\n{screen}"));
        u16::try_from(index).unwrap()
    }

    #[test]
    fn timeline_widget_at_80x24() {
        let terminal = draw(80, 24, Cell::new(0, 4), None);
        insta::assert_snapshot!(terminal.backend().to_string());
    }

    #[test]
    fn timeline_widget_at_120x40() {
        let terminal = draw(120, 40, Cell::new(1, 3), None);
        insta::assert_snapshot!(terminal.backend().to_string());
    }

    #[test]
    fn selection_is_highlighted_and_marks_are_flagged() {
        let terminal = draw(120, 40, Cell::new(0, 4), None);
        let buffer = terminal.backend().buffer();
        let selected = row_of(&terminal, "Webinar on AI");
        assert!(buffer[(40, selected)].modifier.contains(Modifier::REVERSED));
        let other = row_of(&terminal, "Seminar series");
        assert!(!buffer[(40, other)].modifier.contains(Modifier::REVERSED));
        assert_eq!(
            buffer[(0, row_of(&terminal, "Conference on"))].symbol(),
            MARK
        );
        assert_eq!(buffer[(0, row_of(&terminal, "Newsletter"))].symbol(), MARK);
        assert_eq!(buffer[(0, other)].symbol(), " ");
        // Seminar series is a search match: its title stands out, its neighbours' do not.
        assert!(buffer[(10, other)].modifier.contains(Modifier::UNDERLINED));
        let plain = row_of(&terminal, "Study on");
        assert!(!buffer[(10, plain)].modifier.contains(Modifier::UNDERLINED));
    }

    #[test]
    fn a_filter_hides_what_does_not_match() {
        let terminal = draw(100, 30, Cell::new(0, 3), Some("status:tbc,ongoing"));
        let screen = terminal.backend().to_string();
        for kept in ["Study on", "Working group", "Newsletter", "Survey of PES"] {
            assert!(screen.contains(kept), "{kept} missing:\n{screen}");
        }
        for hidden in ["Conference on", "Webinar on AI", "Site visit", "Report "] {
            assert!(!screen.contains(hidden), "{hidden} shown:\n{screen}");
        }
    }

    #[test]
    fn selection_far_down_scrolls_into_view() {
        let terminal = draw(80, 12, Cell::new(1, 4), None);
        let screen = terminal.backend().to_string();
        assert!(screen.contains("Report"), "{screen}");
        assert!(screen.contains("rows "), "{screen}");
    }
}

mod scale {
    //! The editor filters and draws programmes far larger than any real one.

    use std::collections::BTreeSet;

    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use wpmatrix::model::filter::Filter;
    use wpmatrix::model::{Activity, Cell, Cluster, Programme};
    use wpmatrix::tui::view::timeline::TimelineView;

    fn big() -> Programme {
        let mut p = Programme::new(2022, "Big");
        for c in 0..100 {
            let mut cluster = Cluster::new(format!("c{c}"), format!("Cluster {c}"));
            for a in 0..1000 {
                let mut activity = Activity::new(format!("a-{c}-{a}"), format!("Activity {a}"));
                if a % 2 == 0 {
                    activity.start = Some(format!("2022-{:02}", a % 12 + 1).parse().unwrap());
                }
                cluster.activities.push(activity);
            }
            p.clusters.push(cluster);
        }
        p
    }

    #[test]
    fn a_frame_of_a_hundred_thousand_activities_is_quick() {
        let programme = big();
        let marks = BTreeSet::new();
        let matches = Filter::parse("in:2022-Q1").unwrap().apply(&programme);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
        let started = std::time::Instant::now();
        for top in [0, 50_000] {
            terminal
                .draw(|frame| {
                    let view = TimelineView {
                        programme: &programme,
                        selected: Cell::new(99, 998),
                        marks: &marks,
                        filter: Some(&matches),
                        search: &marks,
                        today: None,
                        top,
                        ghosts: None,
                    };
                    frame.render_widget(view, frame.area());
                })
                .unwrap();
        }
        let took = started.elapsed();
        eprintln!("two timeline frames over 100 000 activities: {took:?}");
        let screen = terminal.backend().to_string();
        // The selection (an activity of March) is on screen, near the end.
        assert!(screen.contains("Activity 998"), "{screen}");
        assert!(took.as_secs_f64() < 2.0, "took {took:?}");
    }

    #[test]
    fn a_filter_that_keeps_nothing_says_so() {
        let programme = big();
        let matches = Filter::parse("in:2021").unwrap().apply(&programme);
        let mut terminal = Terminal::new(TestBackend::new(80, 10)).unwrap();
        let marks = BTreeSet::new();
        terminal
            .draw(|frame| {
                let view = TimelineView {
                    programme: &programme,
                    selected: Cell::new(0, 0),
                    marks: &marks,
                    filter: Some(&matches),
                    search: &marks,
                    today: None,
                    top: 0,
                    ghosts: None,
                };
                frame.render_widget(view, frame.area());
            })
            .unwrap();
        let screen = terminal.backend().to_string();
        assert!(
            screen.contains("No activity matches the filter."),
            "{screen}"
        );
    }
}

/// Issue 18 item 15: the terminal timeline places dates where the HTML page does.
mod columns {
    use super::chart_of;
    use wpmatrix::model::{Activity, Cluster, Programme};
    use wpmatrix::report::timeline;

    fn programme(dates: &[(&str, &str, &str)]) -> Programme {
        let mut programme = Programme::new(2022, "Columns");
        let mut cluster = Cluster::new("c", "C");
        for (title, start, end) in dates {
            let mut activity = Activity::new(title.to_lowercase(), *title);
            activity.start = Some(start.parse().unwrap());
            activity.end = Some(end.parse().unwrap());
            cluster.activities.push(activity);
        }
        programme.clusters.push(cluster);
        programme
    }

    /// Chart columns (counted in characters) where each month's label starts, and of the three
    /// quarter lines.
    fn scale(text: &str) -> (Vec<usize>, Vec<usize>) {
        let months: Vec<char> = text
            .lines()
            .nth(2)
            .unwrap()
            .split_once('│')
            .unwrap()
            .1
            .chars()
            .collect();
        let mut starts = Vec::new();
        for (x, ch) in months.iter().enumerate() {
            let before = if x == 0 { ' ' } else { months[x - 1] };
            if ch.is_alphabetic() && !before.is_alphabetic() {
                starts.push(x);
            }
        }
        let lines = months
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == '┊')
            .map(|(x, _)| x)
            .collect();
        (starts, lines)
    }

    fn first_mark(chart: &str) -> usize {
        chart.chars().position(|c| "█░◆".contains(c)).unwrap()
    }

    fn last_mark(chart: &str) -> usize {
        chart
            .chars()
            .collect::<Vec<_>>()
            .iter()
            .rposition(|c| "█░◆".contains(*c))
            .unwrap()
    }

    #[test]
    fn every_day_is_drawn_inside_its_own_month_and_quarter() {
        let mut dates = Vec::new();
        let names: Vec<(String, String, String)> = (1..=12)
            .flat_map(|m| {
                let last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
                [1, last].map(|d| {
                    (
                        format!("Event m{m:02} d{d:02}"),
                        format!("2022-{m:02}-{d:02}"),
                        m,
                    )
                })
            })
            .map(|(t, d, _)| (t, d.clone(), d))
            .collect();
        for (t, s, e) in &names {
            dates.push((t.as_str(), s.as_str(), e.as_str()));
        }
        let p = programme(&dates);
        for width in [60, 80, 100, 120, 140, 200, 301] {
            let text = timeline(&p, width, None);
            let (months, lines) = scale(&text);
            assert_eq!(lines.len(), 3, "{width}");
            for (title, _, _) in &names {
                let m: usize = title[7..9].parse().unwrap();
                let x = first_mark(chart_of(&text, title));
                // Narrow charts leave some months unnamed; where all are named, check them too.
                // A column holds several days, so the last days of a month may share the column
                // where the next month's name starts.
                if months.len() == 12 {
                    let next = months.get(m).copied().unwrap_or(usize::MAX);
                    assert!(
                        x + 1 >= months[m - 1] && x <= next,
                        "{width}: {title} at {x}, months {months:?}"
                    );
                }
                let quarter = (m - 1) / 3;
                if quarter > 0 {
                    assert!(
                        x > lines[quarter - 1],
                        "{width}: {title} at {x}, lines {lines:?}"
                    );
                }
                if quarter < 3 {
                    assert!(
                        x < lines[quarter],
                        "{width}: {title} at {x}, lines {lines:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_month_to_quarter_range_starts_at_its_month_and_stays_in_its_quarter() {
        let p = programme(&[
            ("May to Q2", "2022-05", "2022-Q2"),
            ("Whole Q2", "2022-Q2", "2022-Q2"),
            ("June 30", "2022-06-30", "2022-06-30"),
        ]);
        for width in [100, 120, 160] {
            let text = timeline(&p, width, None);
            let (months, lines) = scale(&text);
            let may = chart_of(&text, "May to Q2");
            assert_eq!(first_mark(may), months[4], "{width}: {may}");
            assert!(last_mark(may) < lines[1], "{width}: {may}");
            let q2 = chart_of(&text, "Whole Q2");
            assert_eq!(first_mark(q2), lines[0] + 1, "{width}: {q2}");
            assert_eq!(last_mark(q2), lines[1] - 1, "{width}: {q2}");
            let june = chart_of(&text, "June 30");
            assert_eq!(last_mark(june), lines[1] - 1, "{width}: {june}");
        }
    }
}

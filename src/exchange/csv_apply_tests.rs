//! A CSV read and applied to a programme: ids, positions, moves, updates of the columns given.

use super::csv_import::{RowProblem, TitleMatch, apply, apply_rows, read_sheet};
use crate::model::{Activity, Cluster, Programme, Status};

fn problem(line: u64, message: impl Into<String>) -> RowProblem {
    RowProblem {
        line,
        column: None,
        message: message.into(),
    }
}

fn import(csv: &str) -> (Programme, Vec<RowProblem>) {
    let sheet = read_sheet(csv.as_bytes()).unwrap();
    let mut programme = Programme::new(2022, "t");
    let (mut problems, _) = apply(&sheet, &mut programme, TitleMatch::Same);
    problems.extend(sheet.problems);
    (programme, problems)
}

fn ids(programme: &Programme) -> Vec<&str> {
    programme.activities().map(|(_, a)| a.id.as_str()).collect()
}

#[test]
fn missing_ids_are_slugs_that_step_around_given_ones() {
    let (p, problems) = import(
        "cluster,title,activity_id\nC,Seminar,\nC,Other,seminar-2\nC,Seminar,\nC,★,\nC,Seminar,\n",
    );
    assert_eq!(problems, vec![]);
    assert_eq!(
        ids(&p),
        ["seminar", "seminar-2", "seminar-3", "activity", "seminar-4"]
    );
}

#[test]
fn position_orders_activities_and_clusters_keep_first_appearance() {
    let (p, problems) = import("cluster;title;position\nB;b2;2\nA;a1;1\nB;b1;1\nA;a2;\n");
    assert_eq!(problems, vec![]);
    let names: Vec<&str> = p.clusters.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["B", "A"]);
    assert_eq!(ids(&p), ["b1", "b2", "a1", "a2"]);
}

#[test]
fn into_moves_renames_and_updates_only_the_columns_given() {
    let mut p = Programme::new(2022, "t");
    let mut a = Cluster::new("a", "A");
    for id in ["x", "y", "z"] {
        let mut activity = Activity::new(id, id.to_uppercase());
        activity.notes = format!("note {id}");
        a.activities.push(activity);
    }
    p.clusters.push(a);
    p.clusters.push(Cluster::new("b", "B"));
    // x moves to B; z, now second in A, is updated by a later row; B is renamed.
    let sheet =
        read_sheet(b"activity_id,cluster_id,cluster,title\nx,b,Bee,X moved\nz,a,A,Z again\n")
            .unwrap();
    let (problems, lines) = apply(&sheet, &mut p, TitleMatch::Same);
    assert_eq!(problems, vec![]);
    assert_eq!(lines.get("z"), Some(&3));
    assert_eq!(ids(&p), ["y", "z", "x"]);
    assert_eq!(p.clusters[1].name, "Bee");
    let z = p.activity(p.find("z").unwrap()).unwrap();
    assert_eq!((z.title.as_str(), z.notes.as_str()), ("Z again", "note z"));
}

#[test]
fn row_lines_are_the_same_with_crlf_lf_and_cr_and_blank_lines() {
    let lf = "cluster,title,notes\n\nC,,\"two\nlines\"\n\n\nC,,\nC,ok,\n,x\n";
    let crlf = lf.replace('\n', "\r\n");
    let cr = lf.replace('\n', "\r");
    for text in [lf.to_string(), crlf, cr] {
        let sheet = read_sheet(text.as_bytes()).unwrap();
        let lines: Vec<u64> = sheet.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 7, 9], "{text:?}");
        assert_eq!(sheet.rows.to_vec()[0].line, 8, "{text:?}");
    }
}

#[test]
fn short_rows_lacking_only_optional_cells_have_empty_ones_and_long_rows_are_refused() {
    let sheet = read_sheet(
        b"cluster,title,status,start,end,follow_up_of,notes,description,\r\n\
          C,short,done\r\nC,long,,,,,,,,x\r\nC,ok,,,,,,,\r\n",
    )
    .unwrap();
    let rows = sheet.rows.to_vec();
    let titles: Vec<&str> = rows.iter().map(|r| &*r.activity.title).collect();
    assert_eq!(titles, ["short", "ok"]);
    assert_eq!(rows[0].activity.status, Status::Done);
    assert_eq!(
        sheet.problems,
        [RowProblem {
            column: Some(9),
            ..problem(
                3,
                "the row has 10 cells but the header names 9 columns, so \"x\" is under no \
                 column: a cell with a comma in its text is split there unless the cell is in \
                 quotes (\"a, b\"); quote that cell, or add a name for the extra column to the \
                 header"
            )
        }]
    );
}

#[test]
fn short_rows_lacking_a_cell_that_says_something_are_refused() {
    // A description broken by a line break without quotes: two short rows, not two activities.
    let sheet = read_sheet(
        b"cluster,title,description,status,year\n\
          Cluster A,Webinar,first line\nsecond line,done\nCluster A,Study,x,planned,2022\n",
    )
    .unwrap();
    let rows = sheet.rows.to_vec();
    let titles: Vec<&str> = rows.iter().map(|r| &*r.activity.title).collect();
    assert_eq!(titles, ["Study"]);
    assert_eq!(
        sheet.problems,
        [
            problem(
                2,
                "the row has 3 cells but the header has 5; is a quote missing?"
            ),
            problem(
                3,
                "the row has 2 cells but the header has 5; is a quote missing?"
            ),
        ]
    );
    // A description before the optional columns cannot be left out either: the second half
    // of a break in it would read as a row.
    let sheet = read_sheet(b"cluster,title,description,notes\nC,T,first\nsecond,n\n").unwrap();
    assert_eq!(sheet.rows.len(), 1);
    assert_eq!(
        sheet.problems,
        [problem(
            3,
            "the row has 2 cells but the header has 4; is a quote missing?"
        )]
    );
}

#[test]
fn a_year_that_is_not_four_digits_is_refused_at_its_row_and_not_the_sheet_year() {
    let sheet =
        read_sheet(b"year,cluster,title\n0999,C,T\n+202,C,U\n2024,C,V\n 2025 ,C,W\n").unwrap();
    assert_eq!(
        sheet.problems,
        [
            RowProblem {
                column: Some(0),
                ..problem(
                    2,
                    "year \"0999\" is not a four-digit year (from 1000 to 9999)"
                )
            },
            RowProblem {
                column: Some(0),
                ..problem(
                    3,
                    "year \"+202\" is not a four-digit year (from 1000 to 9999)"
                )
            },
        ]
    );
    assert_eq!(sheet.year(), Some(2024));
    assert_eq!(sheet.rows.to_vec()[1].year, Some(2025));
}

#[test]
fn text_that_is_not_utf8_is_refused_at_its_line() {
    let err = read_sheet(b"cluster,title\nC,Caf\xe9\n").unwrap_err();
    assert_eq!(err.line, 2);
    let err = read_sheet(b"cluster,title\rC,ok\r\rC,Caf\xe9\r").unwrap_err();
    assert_eq!(err.line, 4, "old Mac line ends");
    assert!(err.message.contains("\"CSV UTF-8\""), "{}", err.message);
}

#[test]
fn thousands_of_moves_keep_order_and_updates_find_their_activity() {
    const N: usize = 3000;
    let mut p = Programme::new(2022, "t");
    let mut a = Cluster::new("a", "A");
    for i in 0..N {
        a.activities
            .push(Activity::new(format!("x{i}"), format!("X{i}")));
    }
    p.clusters.push(a);
    p.clusters.push(Cluster::new("b", "B"));
    // Every third activity moves to B, in a scrambled order; then every activity left in A
    // gets a new title, so each update has to find its activity after all the moves.
    let mut csv = String::from("activity_id,cluster_id,cluster,title\n");
    let moved: Vec<usize> = (0..N).map(|k| (k * 7) % N).filter(|i| i % 3 == 0).collect();
    for i in &moved {
        csv.push_str(&format!("x{i},b,B,moved {i}\n"));
    }
    for i in (0..N).filter(|i| i % 3 != 0).rev() {
        csv.push_str(&format!("x{i},a,A,kept {i}\n"));
    }
    let sheet = read_sheet(csv.as_bytes()).unwrap();
    let (problems, _) = apply(&sheet, &mut p, TitleMatch::Same);
    assert_eq!(problems, vec![]);
    let titles = |c: usize| -> Vec<String> {
        p.clusters[c]
            .activities
            .iter()
            .map(|a| a.title.clone())
            .collect()
    };
    let kept: Vec<String> = (0..N)
        .filter(|i| i % 3 != 0)
        .map(|i| format!("kept {i}"))
        .collect();
    assert_eq!(titles(0), kept, "A keeps the rest, in order");
    let arrived: Vec<String> = moved.iter().map(|i| format!("moved {i}")).collect();
    assert_eq!(titles(1), arrived, "B has the moved ones, in row order");
    assert_eq!(p.activity_count(), N);
}

#[test]
fn many_moves_between_clusters_lose_no_activity() {
    let mut p = Programme::new(2022, "t");
    let mut csv = String::from("activity_id,cluster_id,cluster,title\n");
    for c in 0..3 {
        let mut cluster = Cluster::new(format!("c{c}"), format!("C{c}"));
        for a in 0..4 {
            cluster
                .activities
                .push(Activity::new(format!("a{c}-{a}"), "t"));
        }
        p.clusters.push(cluster);
    }
    // Every activity moves one cluster on, taken in an order that removes from the middle.
    for a in [1, 3, 0, 2] {
        for c in [2, 0, 1] {
            let to = (c + 1) % 3;
            csv.push_str(&format!("a{c}-{a},c{to},C{to},t\n"));
        }
    }
    let sheet = read_sheet(csv.as_bytes()).unwrap();
    let (problems, _) = apply(&sheet, &mut p, TitleMatch::Same);
    assert_eq!(problems, vec![]);
    for c in 0..3 {
        let from = (c + 2) % 3;
        let expected: Vec<String> = [1, 3, 0, 2]
            .iter()
            .map(|a| format!("a{from}-{a}"))
            .collect();
        let got: Vec<&str> = p.clusters[c]
            .activities
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(got, expected, "cluster c{c}");
    }
}

/// Clusters A and B, each with a "Seminar" and one other activity; B's other one follows up a
/// 2021 activity.
fn two_clusters() -> Programme {
    let mut p = Programme::new(2022, "t");
    for (c, other) in [("a", "Guidance toolkit"), ("b", "Mutual learning")] {
        let mut cluster = Cluster::new(c, c.to_uppercase());
        cluster
            .activities
            .push(Activity::new(format!("{c}-seminar"), "Seminar"));
        let mut activity = Activity::new(format!("{c}-other"), other);
        if c == "b" {
            activity.follow_up_of = Some("2021/peer-learning".into());
        }
        cluster.activities.push(activity);
        p.clusters.push(cluster);
    }
    p
}

fn apply_to(mut p: Programme, csv: &str, titles: TitleMatch) -> (Programme, Vec<RowProblem>) {
    let sheet = read_sheet(csv.as_bytes()).unwrap();
    let (problems, _) = apply(&sheet, &mut p, titles);
    (p, problems)
}

#[test]
fn rows_without_ids_update_only_the_same_title_in_their_cluster() {
    let csv = "cluster,title,follow_up_of,notes\n\
               B,SEMINAR!,,b\n\
               A,Séminar,,a\n\
               B,Exchange of practices,2021/peer-learning,renamed\n\
               A,Guidance toolkits,,plural\n\
               A,Mutual learning,,other cluster\n";
    let mut p = two_clusters();
    let sheet = read_sheet(csv.as_bytes()).unwrap();
    let applied = apply_rows(
        &sheet.columns,
        sheet.rows.to_vec(),
        &mut p,
        TitleMatch::Same,
    );
    assert_eq!(applied.problems, vec![]);
    // Case, accents and punctuation aside the seminars are the same titles in the same
    // clusters; everything else is added, and the similar activity is named.
    assert_eq!(
        ids(&p),
        [
            "a-seminar",
            "a-other",
            "guidance-toolkits",
            "mutual-learning",
            "b-seminar",
            "b-other",
            "exchange-of-practices"
        ]
    );
    let notes: Vec<&str> = p.activities().map(|(_, a)| a.notes.as_str()).collect();
    assert_eq!(
        notes,
        ["a", "", "plural", "other cluster", "b", "", "renamed"]
    );
    let similar: Vec<(u64, &str, &str)> = applied
        .similar
        .iter()
        .map(|s| (s.line, s.title.as_str(), s.like.as_str()))
        .collect();
    assert_eq!(
        similar,
        // B's other activity is the hint of the follow-up row, and so of no other.
        [
            (4, "Exchange of practices", "b-other"),
            (5, "Guidance toolkits", "a-other"),
        ]
    );
}

#[test]
fn two_rows_with_one_title_or_two_activities_with_it_are_not_a_match() {
    let mut p = two_clusters();
    p.clusters[0]
        .activities
        .push(Activity::new("a-seminar-2", "Seminar"));
    // Two activities of A are "Seminar": which one the row means is a guess, so it is added.
    let (p, problems) = apply_to(p, "cluster,title,notes\nA,seminar,x\n", TitleMatch::Same);
    assert_eq!(problems, vec![]);
    assert_eq!(p.clusters[0].activities.len(), 4);
    assert!(
        p.activities()
            .all(|(_, a)| a.notes.is_empty() || a.id == "seminar")
    );
    // Two rows for B's one "Seminar": neither takes it over.
    let csv = "cluster,title,notes\nB,Seminar,1\nB,Seminar,2\n";
    let (p, problems) = apply_to(two_clusters(), csv, TitleMatch::Same);
    assert_eq!(problems, vec![]);
    assert_eq!(p.clusters[1].activities.len(), 4);
    assert_eq!(p.clusters[1].activities[0].notes, "");
}

#[test]
fn rows_without_ids_find_their_activity_as_diff_does_with_match_titles() {
    let csv = "cluster,title,follow_up_of,notes\n\
               B,Seminar,,b\n\
               A,Seminar,,a\n\
               B,Exchange of practices,2021/peer-learning,renamed\n\
               A,Guidance toolkits,,plural\n\
               A,Something else entirely,,new\n";
    let (p, problems) = apply_to(two_clusters(), csv, TitleMatch::Similar);
    assert_eq!(problems, vec![]);
    // Equal titles stay in their own cluster; the follow-up and the similar title are the
    // activities they were; only the unlike title is added.
    assert_eq!(
        ids(&p),
        [
            "a-seminar",
            "a-other",
            "something-else-entirely",
            "b-seminar",
            "b-other"
        ]
    );
    let notes: Vec<&str> = p.activities().map(|(_, a)| a.notes.as_str()).collect();
    assert_eq!(notes, ["a", "plural", "new", "b", "renamed"]);
    let titles: Vec<&str> = p.activities().map(|(_, a)| a.title.as_str()).collect();
    assert_eq!(titles[1], "Guidance toolkits");
    assert_eq!(titles[4], "Exchange of practices");
}

#[test]
fn an_activity_named_by_id_is_not_taken_by_a_row_without_one() {
    let csv = "activity_id,cluster,title,notes\n\
               a-seminar,A,Seminar,by id\n\
               ,A,Seminar,no id\n";
    // Without --match-titles the row is added: the seminar of its cluster is taken.
    let (p, problems) = apply_to(two_clusters(), csv, TitleMatch::Same);
    assert_eq!(problems, vec![]);
    assert_eq!(p.clusters[0].activities.len(), 3);
    assert_eq!(p.clusters[0].activities[2].id, "seminar");
    assert_eq!(p.clusters[1].activities[0].notes, "");
    let (p, problems) = apply_to(two_clusters(), csv, TitleMatch::Similar);
    assert_eq!(problems, vec![]);
    let a = &p.clusters[0].activities;
    assert_eq!(
        (a[0].id.as_str(), a[0].notes.as_str()),
        ("a-seminar", "by id")
    );
    // The row without an id could only be B's seminar, in another cluster: it moves there.
    assert_eq!(a.len(), 3);
    assert_eq!(
        (a[2].id.as_str(), a[2].notes.as_str()),
        ("b-seminar", "no id")
    );
}

#[test]
fn an_edited_title_among_many_alike_finds_its_activity() {
    // Every title edited, and they share their common words with eighty others: the number and
    // the cluster are what tie each to its activity.
    let mut p = Programme::new(2022, "t");
    let mut csv = String::from("cluster,title\n");
    for c in ["A", "B"] {
        let mut cluster = Cluster::new(c.to_lowercase(), c);
        for i in 0..40 {
            let title = format!("Peer review of youth guarantee {c}{i}");
            cluster
                .activities
                .push(Activity::new(format!("{c}-{i}"), &title));
            csv.push_str(&format!("{c},{title} (hybrid)\n"));
        }
        p.clusters.push(cluster);
    }
    let (p, problems) = apply_to(p, &csv, TitleMatch::Similar);
    assert_eq!(problems, vec![]);
    assert_eq!(p.activity_count(), 80, "nothing added");
    for (_, a) in p.activities() {
        let (c, i) = a.id.split_once('-').unwrap();
        assert_eq!(
            a.title,
            format!("Peer review of youth guarantee {c}{i} (hybrid)")
        );
    }
}

#[test]
fn excel_date_forms_read_in_a_csv_too() {
    let (p, problems) = import(
        "cluster,title,start,end\nC,a,Mar-22,Mar 2022\nC,b,March 2022,03.2022\n\
         C,c,2022-03-01T00:00:00,44635\nC,d,15/03/2022,1/4/2022\n",
    );
    assert_eq!(problems, vec![]);
    let dates: Vec<String> = p
        .activities()
        .flat_map(|(_, a)| [a.start, a.end])
        .map(|d| d.map(|d| d.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(
        dates,
        [
            "2022-03",
            "2022-03",
            "2022-03",
            "2022-03",
            "2022-03-01",
            "2022-03-15",
            "2022-03-15",
            "2022-04-01"
        ]
    );
}

#[test]
fn an_emptied_own_value_is_a_change_whose_old_value_is_kept() {
    let mut p = Programme::new(2022, "t");
    let mut c = Cluster::new("c", "C");
    for (id, budget) in [("a", "100"), ("b", "200"), ("c", "")] {
        let mut activity = Activity::new(id, id.to_uppercase());
        activity.values.insert("budget".into(), budget.into());
        c.activities.push(activity);
    }
    p.clusters.push(c);
    let old = p.clone();
    // `a` keeps its budget, `b` has it emptied; `c` (no row) had an empty one, now cleared; `d`
    // is added with none.
    let sheet = read_sheet(
        b"activity_id,cluster_id,cluster,title,budget\na,c,C,A,100\nb,c,C,B,\nd,c,C,D,\n",
    )
    .unwrap();
    let rows = sheet.rows.to_vec();
    let mut applied = apply_rows(&sheet.columns, rows, &mut p, TitleMatch::Same);
    assert_eq!(applied.problems, []);
    applied.before.restore_names(&p);
    let budgets: Vec<Option<&str>> = p
        .activities()
        .map(|(_, a)| a.values.get("budget").map(String::as_str))
        .collect();
    assert_eq!(budgets, [Some("100"), None, None, None]);
    let kept: Vec<&str> = applied
        .before
        .0
        .iter()
        .filter_map(|was| Some(was.value.as_ref()?.activity.id.as_str()))
        .collect();
    assert_eq!(kept, ["b", "c"]);
    let was: Vec<&Activity> = applied
        .before
        .cells(&p)
        .into_iter()
        .map(|(_, _, a)| a)
        .collect();
    let old: Vec<&Activity> = old.activities().map(|(_, a)| a).collect();
    assert_eq!(was, old);
    assert!(!applied.before.unchanged(&p));
}

//! Import of sheets with many rows through the CLI: rows in many clusters, out of order, with
//! repeated ids, rows without ids and clusters named only by name; and a day/month order that
//! only a late row settles. What these pin down is what import keeps track of across rows
//! (ids, lines, positions, clusters), whose bookkeeping is tuned for a hundred thousand rows.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use wpmatrix::model::{PlanDate, Programme};
use wpmatrix::store;

const CLUSTERS: usize = 40;
const ROWS_PER_CLUSTER: usize = 15;

/// What a generated row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A row with an id of its own.
    Own,
    /// A row without an id: its title is "Seminar", so import makes `seminar`, `seminar-2`, ….
    WithoutId,
    /// A row repeating the id of the row with this index (in the same cluster, earlier).
    Repeats(usize),
}

/// Row `i`: its cluster (the clusters take turns, so each appears first in order), the position it
/// gives (the reverse of the order its cluster's rows come in), and its kind.
fn row(i: usize, kinds: &[Kind]) -> (usize, usize, Kind) {
    let cluster = i % CLUSTERS;
    let position = ROWS_PER_CLUSTER - i / CLUSTERS;
    let kind = if i % 7 == 3 {
        Kind::WithoutId
    } else if i % 11 == 10 && i >= CLUSTERS && kinds[i - CLUSTERS] == Kind::Own {
        Kind::Repeats(i - CLUSTERS)
    } else {
        Kind::Own
    };
    (cluster, position, kind)
}

/// A cluster's id column and name: the even clusters give an id, the odd ones only a name,
/// and the last two names make the same slug.
fn cluster_cells(c: usize) -> (String, String) {
    match c {
        38 => (String::new(), "Skills & Jobs".into()),
        39 => (String::new(), "Skills Jobs".into()),
        c if c % 2 == 0 => (format!("c-{c}"), format!("Cluster {c}")),
        c => (String::new(), format!("Named Ö {c}")),
    }
}

/// The id import gives a cluster: its own, else one made from its name.
fn cluster_id(c: usize) -> String {
    match c {
        38 => "skills-jobs".into(),
        39 => "skills-jobs-2".into(),
        c if c % 2 == 0 => format!("c-{c}"),
        c => format!("named-o-{c}"),
    }
}

#[test]
fn many_rows_in_many_clusters_keep_their_order_ids_and_messages() {
    let count = CLUSTERS * ROWS_PER_CLUSTER;
    let mut kinds = Vec::new();
    let mut csv = String::from("cluster_id,cluster,position,activity_id,title,notes\n");
    for i in 0..count {
        let (c, position, kind) = row(i, &kinds);
        kinds.push(kind);
        let (id_cell, name) = cluster_cells(c);
        let (id, title) = match kind {
            Kind::Own => (format!("a-{i}"), format!("Activity {i}")),
            Kind::WithoutId => (String::new(), "Seminar".to_string()),
            Kind::Repeats(j) => (format!("a-{j}"), format!("Again {j}")),
        };
        writeln!(csv, "{id_cell},{name},{position},{id},{title},row {i}").unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("wp.csv"), &csv).unwrap();
    let output = crate::common::wpmatrix()
        .current_dir(dir.path())
        .args(["import", "wp.csv", "-o", "2022.ron", "--keep-going"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();

    // Row i is on line i + 2: each repeat is reported at its line, naming the first row's.
    let line = |i: usize| i + 2;
    let repeats: Vec<(usize, usize)> = (0..count)
        .filter_map(|i| match kinds[i] {
            Kind::Repeats(j) => Some((i, j)),
            _ => None,
        })
        .collect();
    assert!(repeats.len() > 20, "the sheet should repeat ids");
    let mut expected: String = repeats
        .iter()
        .map(|&(i, j)| {
            format!(
                "wp.csv:{}: activity \"a-{j}\" is already on line {}\n",
                line(i),
                line(j)
            )
        })
        .collect();
    writeln!(expected, "wp.csv: {} row problems left out", repeats.len()).unwrap();
    assert_eq!(stderr, expected);
    assert_eq!(output.status.code(), Some(1));

    // Clusters in order of first appearance; in each, the rows left in by their positions
    // (the reverse of sheet order); ids for rows without one in display order.
    let programme: Programme = store::load(&dir.path().join("2022.ron"))
        .unwrap()
        .1
        .programme;
    let ids: Vec<&str> = programme.clusters.iter().map(|c| c.id.as_str()).collect();
    let expected_ids: Vec<String> = (0..CLUSTERS).map(cluster_id).collect();
    assert_eq!(ids, expected_ids);
    let mut seminars = 0;
    for (c, cluster) in programme.clusters.iter().enumerate() {
        let mut rows: Vec<usize> = (c..count)
            .step_by(CLUSTERS)
            .filter(|&i| !matches!(kinds[i], Kind::Repeats(_)))
            .collect();
        rows.reverse();
        let expected: Vec<String> = rows
            .iter()
            .map(|&i| match kinds[i] {
                Kind::WithoutId => {
                    seminars += 1;
                    match seminars {
                        1 => "seminar".to_string(),
                        n => format!("seminar-{n}"),
                    }
                }
                _ => format!("a-{i}"),
            })
            .collect();
        let got: Vec<&str> = cluster.activities.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(got, expected, "cluster {c}");
        let notes: Vec<String> = rows.iter().map(|i| format!("row {i}")).collect();
        let got: Vec<&str> = cluster
            .activities
            .iter()
            .map(|a| a.notes.as_str())
            .collect();
        assert_eq!(got, notes, "cluster {c}");
    }
}

/// Imports `csv` as 2022 and answers the start dates, or the error.
fn starts(dir: &Path, csv: &str) -> Result<Vec<PlanDate>, String> {
    fs::write(dir.join("wp.csv"), csv).unwrap();
    let _ = fs::remove_file(dir.join("2022.ron"));
    let output = crate::common::wpmatrix()
        .current_dir(dir)
        .args(["import", "wp.csv", "-o", "2022.ron"])
        .output()
        .unwrap();
    if !output.status.success() {
        return Err(String::from_utf8(output.stderr).unwrap());
    }
    let programme = store::load(&dir.join("2022.ron")).unwrap().1.programme;
    Ok(programme
        .activities()
        .filter_map(|(_, a)| a.start)
        .collect())
}

#[test]
fn a_late_row_settles_the_day_month_order_of_the_rows_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let ambiguous: String = (0..200).map(|i| format!("C,T{i},03/04/2022\n")).collect();
    let day = |d: u32, m: u32| PlanDate::Day(chrono::NaiveDate::from_ymd_opt(2022, m, d).unwrap());

    let day_first = format!("cluster,title,start\n{ambiguous}C,Late,15/04/2022\n");
    let mut expected = vec![day(3, 4); 200];
    expected.push(day(15, 4));
    assert_eq!(starts(dir.path(), &day_first), Ok(expected));

    let month_first = format!("cluster,title,start\n{ambiguous}C,Late,04/15/2022\n");
    let mut expected = vec![day(4, 3); 200];
    expected.push(day(15, 4));
    assert_eq!(starts(dir.path(), &month_first), Ok(expected));

    let undecided = format!("cluster,title,start\n{ambiguous}");
    assert_eq!(
        starts(dir.path(), &undecided),
        Err(
            "wpmatrix: wp.csv: line 2, start \"03/04/2022\" could be day/month or month/day and \
             no date in the file has a day above 12 to tell; nothing was written: give --dates \
             dmy (day first) or --dates mdy (month first)\n"
                .into()
        )
    );
    assert!(!dir.path().join("2022.ron").exists());
}

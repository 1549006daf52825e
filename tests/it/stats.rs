//! `wpmatrix stats`: frequency tables by cluster, status, format and quarter, a cross table of
//! two keys, as text, CSV and JSON; an activity counts under each format and in each quarter.

use crate::common::{PROGRAMME_2022, copy_of_2022, wpmatrix};
use wpmatrix::model::{PlanDate, Status};

fn stats(args: &[&str]) -> String {
    let out = wpmatrix().arg("stats").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    String::from_utf8(out.stdout).unwrap()
}

/// The shipped programme with a few dates and statuses, in a scratch folder.
fn dated() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let (_, parsed) = wpmatrix::store::load(&path).unwrap();
    let mut programme = parsed.programme;
    let date = |text: &str| Some(text.parse::<PlanDate>().unwrap());
    for (id, start, end, status) in [
        ("pes-board", "2022-03", "2022-Q3", Status::Ongoing),
        ("afepas", "2022-11-08", "2022-11-08", Status::Planned),
        ("research", "2021-12", "2022-01", Status::Done),
    ] {
        let cell = programme.find(id).unwrap();
        let activity = programme.activity_mut(cell).unwrap();
        activity.start = date(start);
        activity.end = date(end);
        activity.status = status;
    }
    wpmatrix::store::save(&path, &programme).unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

#[test]
fn one_key_gives_its_table_with_every_status_even_unused() {
    assert_eq!(
        stats(&[PROGRAMME_2022, "--by", "status"]),
        "\
status     activities
planned            31
tbc                 1
ongoing             0
done                0
postponed           0
cancelled           0
32 activities
"
    );
}

#[test]
fn quarters_count_an_activity_in_each_quarter_it_spans_and_undated_apart() {
    let (_dir, file) = dated();
    assert_eq!(
        stats(&[&file, "--by", "quarter"]),
        "\
quarter    activities
2021-Q4             1
2022-Q1             2
2022-Q2             1
2022-Q3             1
2022-Q4             1
(undated)          29
32 activities; an activity counts once in each quarter it spans, so the counts may add up to more
"
    );
}

#[test]
fn two_keys_give_a_cross_table_with_each_keys_own_totals() {
    let (_dir, file) = dated();
    assert_eq!(
        stats(&[
            &file,
            "--by",
            "status,quarter",
            "--filter",
            "cluster:meetings,others"
        ]),
        "\
status \\ quarter  2021-Q4  2022-Q1  2022-Q2  2022-Q3  2022-Q4  (undated)  all
planned                 0        0        0        0        1          7    8
tbc                     0        0        0        0        0          0    0
ongoing                 0        1        1        1        0          0    1
done                    1        1        0        0        0          0    1
postponed               0        0        0        0        0          0    0
cancelled               0        0        0        0        0          0    0
all                     1        2        1        1        1          7   10
10 activities; an activity counts once in each quarter it spans, so the counts may add up to more
"
    );
}

#[test]
fn formats_count_once_under_each_and_the_formatless_have_a_row() {
    let text = stats(&[
        PROGRAMME_2022,
        "--by",
        "format",
        "--filter",
        "cluster:others",
    ]);
    assert_eq!(
        text,
        "\
format                      activities
Study                                1
Survey                               1
Jour fixe                            1
Publication                          1
EU Labour Market Barometer           1
(no format)                          1
5 activities; an activity counts once under each format it has, so the counts may add up to more
"
    );
}

#[test]
fn without_by_one_table_per_key() {
    let text = stats(&[PROGRAMME_2022]);
    let heads: Vec<&str> = text
        .split("\n\n")
        .filter_map(|table| table.lines().next())
        .collect();
    assert_eq!(
        heads,
        [
            "cluster                          activities",
            "status     activities",
            "format                      activities",
            "quarter    activities"
        ]
    );
}

#[test]
fn csv_and_json_for_tools() {
    let (_dir, file) = dated();
    let csv = stats(&[&file, "--by", "cluster,status", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 6 * 6);
    assert_eq!(lines[0], "cluster,status,activities");
    assert!(csv.contains("Meetings,ongoing,1\r\n"), "{csv}");
    assert!(csv.contains("Others,done,1\r\n"));
    let csv = stats(&[&file, "--by", "status", "--format", "csv"]);
    assert_eq!(
        csv,
        "status,activities\r\nplanned,29\r\ntbc,1\r\nongoing,1\r\ndone,1\r\npostponed,0\r\ncancelled,0\r\n"
    );
    let json = stats(&[&file, "--by", "format,status", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["rows_key"], "format");
    assert_eq!(value["columns_key"], "status");
    assert_eq!(value["activities"], 32);
    assert_eq!(value["column_values"][2], "ongoing");
    let json = stats(&[&file, "--by", "status", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value[0]["rows"][3],
        serde_json::json!({"value": "done", "activities": 1})
    );
}

#[test]
fn unknown_or_repeated_keys_are_refused_with_exit_2() {
    for (args, message) in [
        (
            &["--by", "lead"][..],
            "wpmatrix: --by: unknown key \"lead\"; expected one of cluster, status, format, quarter\n",
        ),
        (
            &["--by", "status,status"],
            "wpmatrix: --by status,status: a cross table needs two different keys\n",
        ),
        (
            &["--by", "status,format,quarter"],
            "wpmatrix: --by status,format,quarter: give one key for its table or two for a cross table\n",
        ),
        (
            &["--filter", "in:2022-13"],
            "wpmatrix: --filter at column 4: in:2022-13 is not a period: there is no month 13; months run from 01 to 12; use a year (2022) or a day (2022-03-15), a month (2022-03) or a quarter (2022-Q2), or none\n",
        ),
    ] {
        wpmatrix()
            .args(["stats", PROGRAMME_2022])
            .args(args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(message);
    }
}

//! `wpmatrix stats`: frequency tables by cluster, status, format, quarter, lead, theme and the
//! programme's own fields, a cross table of two keys, as text, CSV and JSON; an activity counts
//! under each format, lead and theme and in each quarter.

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
            &["--by", "budget"][..],
            "wpmatrix: --by: unknown key \"budget\"; expected one of cluster, status, format, quarter, lead, theme\n",
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

/// A programme with leads, themes and own fields of every kind.
const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

#[test]
fn leads_count_by_member_code_once_under_each_and_the_leadless_apart() {
    assert_eq!(
        stats(&[FULL, "--by", "lead"]),
        "\
lead       activities
BE                  1
EC                  1
ECO                 2
ELA                 1
NL                  1
SE                  1
(no lead)           1
5 activities; an activity counts once under each lead it has, so the counts may add up to more
"
    );
    assert_eq!(
        stats(&[FULL, "--by", "lead", "--format", "csv"]),
        "lead,activities\r\nBE,1\r\nEC,1\r\nECO,2\r\nELA,1\r\nNL,1\r\nSE,1\r\n(no lead),1\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stats(&[FULL, "--by", "lead", "--format", "json"])).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "key": "lead",
            "activities": 5,
            "rows": [
                {"value": "BE", "activities": 1},
                {"value": "EC", "activities": 1},
                {"value": "ECO", "activities": 2},
                {"value": "ELA", "activities": 1},
                {"value": "NL", "activities": 1},
                {"value": "SE", "activities": 1},
                {"value": "(no lead)", "activities": 1},
            ]
        }])
    );
}

#[test]
fn themes_list_every_declared_theme_in_its_order() {
    assert_eq!(
        stats(&[FULL, "--by", "theme"]),
        "\
theme       activities
mobility             2
green                1
digital              2
(no theme)           1
5 activities; an activity counts once under each theme it has, so the counts may add up to more
"
    );
    assert_eq!(
        stats(&[FULL, "--by", "theme", "--format", "csv"]),
        "theme,activities\r\nmobility,2\r\ngreen,1\r\ndigital,2\r\n(no theme),1\r\n"
    );
    let json: serde_json::Value =
        serde_json::from_str(&stats(&[FULL, "--by", "theme", "--format", "json"])).unwrap();
    assert_eq!(json[0]["key"], "theme");
    assert_eq!(
        json[0]["rows"],
        serde_json::json!([
            {"value": "mobility", "activities": 2},
            {"value": "green", "activities": 1},
            {"value": "digital", "activities": 2},
            {"value": "(no theme)", "activities": 1},
        ])
    );
}

#[test]
fn own_fields_are_keys_a_choice_with_a_row_per_word_in_cross_tables_too() {
    assert_eq!(
        stats(&[FULL, "--by", "priority,lead"]),
        "\
priority \\ lead  BE   EC   ECO  ELA  NL   SE   (no lead)  all
high               0    1    1    0    0    0          0    1
medium             1    0    1    0    1    0          0    1
low                0    0    0    0    0    0          0    0
(no priority)      0    0    0    1    0    1          1    3
all                1    1    2    1    1    1          1    5
5 activities; an activity counts once under each lead it has, so the counts may add up to more
"
    );
    let csv = stats(&[FULL, "--by", "priority,cluster", "--format", "csv"]);
    assert_eq!(
        csv,
        "priority,cluster,activities\r\n\
         high,Meetings,1\r\nhigh,Working groups,0\r\n\
         medium,Meetings,0\r\nmedium,Working groups,1\r\n\
         low,Meetings,0\r\nlow,Working groups,0\r\n\
         (no priority),Meetings,1\r\n(no priority),Working groups,2\r\n"
    );
    let json: serde_json::Value = serde_json::from_str(&stats(&[
        FULL,
        "--by",
        "rapporteur,theme",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "rows_key": "rapporteur",
            "columns_key": "theme",
            "activities": 5,
            "row_values": ["ECO", "(no rapporteur)"],
            "column_values": ["mobility", "green", "digital", "(no theme)"],
            "counts": [[1, 0, 0, 0], [1, 1, 2, 1]],
            "row_totals": [1, 4],
            "column_totals": [2, 1, 2, 1],
        })
    );
}

#[test]
fn a_number_or_date_field_and_an_unknown_key_are_refused_with_the_keys() {
    for (key, message) in [
        (
            "budget",
            "wpmatrix: --by: budget is a number field, which is not counted by value; group by a \
             choice, text or url field\n",
        ),
        (
            "review,status",
            "wpmatrix: --by: review is a date field, which is not counted by value; group by a \
             choice, text or url field\n",
        ),
        (
            "host",
            "wpmatrix: --by: unknown key \"host\"; expected one of cluster, status, format, \
             quarter, lead, theme, rapporteur, priority, mandate\n",
        ),
    ] {
        wpmatrix()
            .args(["stats", FULL, "--by", key])
            .assert()
            .code(2)
            .stdout("")
            .stderr(message);
    }
}

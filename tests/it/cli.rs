//! The command line as a user meets it: exit codes, messages with line and column, golden output
//! of `show` and `export` on the shipped 2022 programme.

use crate::common::PROGRAMME_2022;
use std::fs;
use std::path::Path;

use crate::common;

use common::wpmatrix;
use predicates::prelude::PredicateBooleanExt;

/// Every broken fixture with its exit code and the exact report `check` must print.
const BROKEN: &[(&str, i32, &str)] = &[
    (
        "unknown_status",
        1,
        "16:29: unknown status \"planed\"; expected one of planned, tbc, ongoing, done, postponed, cancelled",
    ),
    (
        "impossible_day",
        1,
        "18:31: invalid date \"2022-02-30\": February 2022 has 28 days",
    ),
    (
        "impossible_month",
        1,
        "17:33: invalid date \"2022-13\": there is no month 13; months run from 01 to 12",
    ),
    (
        "impossible_quarter",
        1,
        "17:33: invalid date \"2022-Q5\": there is no quarter Q5; quarters run from Q1 to Q4",
    ),
    (
        "unknown_field",
        1,
        "21:21: unknown field `colour` in Activity; expected one of id, title, description, formats, status, start, end, follow_up_of, notes, leads, sessions, outputs, themes, values",
    ),
    (
        "missing_field",
        1,
        "22:17: missing field `status` in this Activity",
    ),
    (
        "duplicate_activity_id",
        1,
        "23:25: duplicate activity id \"behavioural-science\"; \"Behavioural science\" in cluster \"PES service delivery\" already has it",
    ),
    (
        "end_before_start",
        1,
        "18:26: end 2022-03-31 is before start 2022-Q2",
    ),
    ("empty_title", 1, "24:28: the activity has an empty title"),
    (
        "date_outside_year",
        0,
        "18:26: warning: end 2023-Q1 is outside 2022",
    ),
    (
        "follow_up_not_year_slash_id",
        1,
        "30:35: follow_up_of \"Quality management 2021\" is not <year>/<activity id>, e.g. \"2021/quality-management\"",
    ),
    (
        "comment",
        0,
        "31:32: warning: this comment would be dropped when the file is saved; move it into a `notes` field",
    ),
    (
        "several_problems",
        1,
        "16:29: unknown status \"planed\"; expected one of planned, tbc, ongoing, done, postponed, cancelled\n\
         18:31: invalid date \"2022-02-30\": February 2022 has 28 days\n\
         24:28: the activity has an empty title",
    ),
    (
        "wrong_struct",
        1,
        "22:17: expected `Activity(…)`, found `Activty(…)`",
    ),
    (
        "string_for_year",
        1,
        "2:11: expected a number for the year, found the string \"2022\"",
    ),
    (
        "five_digit_year",
        1,
        "2:11: year 20222 is not a four-digit year (from 1000 to 9999)",
    ),
    ("missing_comma", 2, "3:5: expected `,` or `)`, found `t`"),
    (
        "truncated",
        2,
        "26:31: this string is never closed with `\"`; is the file cut short?",
    ),
    (
        "empty",
        2,
        "1:1: the file holds no programme; it should start with `Programme(`",
    ),
    (
        "bom",
        2,
        "1:1: the file starts with a UTF-8 byte-order mark; programme files are plain UTF-8 without one",
    ),
    (
        "not_utf8",
        2,
        "3:16: the file is not UTF-8 text (byte 0xE9 here); is it a programme file?",
    ),
];

#[test]
fn check_reports_each_broken_fixture_at_its_line_and_column() {
    for (name, code, expected) in BROKEN {
        let path = format!("tests/fixtures/broken/{name}.ron");
        let output = wpmatrix().args(["check", &path]).output().unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let want: String = expected
            .lines()
            .map(|line| format!("{path}:{}\n", line.trim_start()))
            .collect();
        assert_eq!(stdout, want, "check {path}");
        assert_eq!(
            output.status.code(),
            Some(*code),
            "exit code of check {path}"
        );
    }
}

#[test]
fn check_passes_the_shipped_programme_silently() {
    wpmatrix()
        .args(["check", PROGRAMME_2022])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn check_reports_a_year_that_does_not_match_the_file_name() {
    wpmatrix()
        .args(["check", "tests/fixtures/year/2023.ron"])
        .assert()
        .code(1)
        .stdout("tests/fixtures/year/2023.ron:2:11: year 2022 does not match the file name \"2023.ron\"\n");
}

#[test]
fn check_goes_on_after_an_unreadable_file_and_exits_2() {
    wpmatrix()
        .args([
            "check",
            "tests/fixtures/broken/empty.ron",
            "tests/fixtures/broken/unknown_status.ron",
        ])
        .assert()
        .code(2)
        .stdout(predicates::str::contains("unknown_status.ron:16:29"))
        .stderr(predicates::str::contains(
            "not a programme: tests/fixtures/broken/empty.ron",
        ));
}

#[test]
fn missing_file_is_exit_2_with_the_path() {
    wpmatrix()
        .args(["show", "programmes/1999.ron"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "programmes/1999.ron: cannot read",
        ));
}

#[test]
fn garbage_inputs_are_refused_with_exit_2_and_no_panic() {
    let dir = tempfile::tempdir().unwrap();
    let mut nonsense = Vec::with_capacity(4 << 20);
    let mut seed: u32 = 12345;
    while nonsense.len() < 4 << 20 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        nonsense.push(b"([{,:\"abc 0123)]}"[(seed >> 16) as usize % 17]);
    }
    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let deep = vec![b'['; 100_000];
    let cases: [(&str, &[u8]); 4] = [
        ("nonsense.ron", &nonsense),
        ("binary.ron", &binary),
        ("deep.ron", &deep),
        ("nul.ron", b"Programme(\0)"),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        for command in ["check", "show", "fmt", "export"] {
            let output = wpmatrix().arg(command).arg(&path).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(2), "{command} {name}: {stderr}");
            assert!(!stderr.contains("panicked"), "{command} {name}: {stderr}");
        }
    }
}

#[test]
fn fmt_check_accepts_the_canonical_programme_and_rejects_a_reindented_one() {
    wpmatrix()
        .args(["fmt", "--check", PROGRAMME_2022])
        .assert()
        .code(0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let text = fs::read_to_string(PROGRAMME_2022)
        .unwrap()
        .replace("    year", "  year");
    fs::write(&path, &text).unwrap();
    wpmatrix()
        .arg("fmt")
        .arg("--check")
        .arg(&path)
        .assert()
        .code(1)
        .stdout(predicates::str::contains(
            "2022.ron:2: not in canonical form",
        ));
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        text,
        "--check changed the file"
    );
    wpmatrix().arg("fmt").arg(&path).assert().code(0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        fs::read_to_string(PROGRAMME_2022).unwrap()
    );
}

#[test]
fn fmt_refuses_to_drop_comments_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("commented.ron");
    let original = fs::read_to_string("tests/fixtures/broken/comment.ron").unwrap();
    fs::write(&path, &original).unwrap();
    wpmatrix()
        .arg("fmt")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "commented.ron:31:32: formatting would drop this comment",
        ));
    assert_eq!(fs::read_to_string(&path).unwrap(), original);
    wpmatrix()
        .arg("fmt")
        .arg("--drop-comments")
        .arg(&path)
        .assert()
        .code(0);
    assert!(!fs::read_to_string(&path).unwrap().contains("AFEPAs"));
}

#[test]
fn show_prints_the_2022_grid() {
    let output = wpmatrix()
        .args(["show", PROGRAMME_2022, "--width", "120"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.ends_with("6 clusters, 32 activities\n"));
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 120,
            "line wider than 120: {line}"
        );
    }
    insta::assert_snapshot!("show_2022_grid_120", text);
}

#[test]
fn show_fits_narrow_and_wide_widths() {
    for width in [40u16, 80, 200] {
        let output = wpmatrix()
            .args(["show", PROGRAMME_2022, "--width", &width.to_string()])
            .output()
            .unwrap();
        let text = String::from_utf8(output.stdout).unwrap();
        let widest = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap();
        assert!(
            widest <= usize::from(width),
            "width {width}: widest line {widest}"
        );
        assert!(text.contains("Work Programme 2023"), "width {width}");
    }
}

#[test]
fn show_timeline_lists_every_activity() {
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
    assert!(text.contains("Without dates: 32 activities"));
    insta::assert_snapshot!("show_2022_timeline_100", text);
}

#[test]
fn export_prints_the_rows_csv_of_2022() {
    let output = wpmatrix()
        .args(["export", PROGRAMME_2022])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with(
        "year,cluster_id,cluster,position,activity_id,title,description,formats,status,start,end,follow_up_of,notes\r\n"
    ));
    assert_eq!(
        text.matches("\r\n").count(),
        33,
        "a header and 32 activities"
    );
    // The cells themselves are pinned by the golden file in tests/exchange.rs.
}

#[test]
fn bad_arguments_are_exit_2_with_a_message_naming_the_problem() {
    use predicates::str::contains;
    wpmatrix()
        .args(["show"])
        .assert()
        .code(2)
        .stderr(contains("required arguments were not provided").and(contains("<FILE>")));
    wpmatrix()
        .args(["check"])
        .assert()
        .code(2)
        .stderr(contains("required arguments were not provided").and(contains("<FILES>")));
    wpmatrix()
        .args(["frobnicate", "x"])
        .assert()
        .code(2)
        .stderr(contains("Usage: wpmatrix"));
    wpmatrix()
        .args(["show", PROGRAMME_2022, "--view", "pie"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'pie' for '--view").and(contains("grid, timeline")));
    wpmatrix()
        .args(["show", PROGRAMME_2022, "--width", "10"])
        .assert()
        .code(2)
        .stderr(contains("too narrow"));
    wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "pdf"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'pdf' for '--to"));
}

/// A copy of the shipped programme in `dir` with no write permission.
#[cfg(unix)]
fn read_only_copy(dir: &Path) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("2022.ron");
    fs::copy(PROGRAMME_2022, &path).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    path
}

#[cfg(unix)]
#[test]
fn fmt_refuses_a_read_only_file_and_says_how_to_allow_it() {
    use predicates::str::contains;
    let dir = tempfile::tempdir().unwrap();
    let path = read_only_copy(dir.path());
    // Reindented, so fmt would rewrite it.
    let text = fs::read_to_string(&path).unwrap().replace("    ", "  ");
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o644)).unwrap();
    fs::write(&path, &text).unwrap();
    fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
    wpmatrix().arg("fmt").arg(&path).assert().code(2).stderr(
        contains("is read-only (no write permission)")
            .and(contains(format!("chmod u+w {}", path.display()))),
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text, "left as it was");
}

#[cfg(unix)]
#[test]
fn import_into_refuses_a_read_only_file() {
    use predicates::str::contains;
    let dir = tempfile::tempdir().unwrap();
    let path = read_only_copy(dir.path());
    let before = fs::read_to_string(&path).unwrap();
    let csv = dir.path().join("rows.csv");
    let out = wpmatrix()
        .args(["export", PROGRAMME_2022])
        .output()
        .unwrap();
    let rows = String::from_utf8(out.stdout)
        .unwrap()
        .replacen(",planned,", ",done,", 1);
    fs::write(&csv, rows).unwrap();
    wpmatrix()
        .arg("import")
        .arg(&csv)
        .arg("--into")
        .arg(&path)
        .assert()
        .code(2)
        .stderr(contains("is read-only").and(contains("chmod u+w")));
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn help_and_version_are_exit_0() {
    wpmatrix().arg("--help").assert().code(0);
    wpmatrix().arg("--version").assert().code(0);
}

#[test]
fn help_explains_the_repair_screen_and_the_external_editor() {
    let help = wpmatrix()
        .arg("--help")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help).unwrap().replace('\n', " ");
    assert!(help.contains("opens a repair screen"), "{help}");
    assert!(help.contains("(exit status 2)"), "{help}");
    assert!(help.contains("$VISUAL or $EDITOR"), "{help}");
}

#[test]
fn a_file_that_cannot_be_loaded_without_a_terminal_is_reported_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let text = fs::read_to_string(PROGRAMME_2022).unwrap();
    let broken = text.replacen("status: planned,", "status: planed,", 1);
    let line = 1 + broken.lines().position(|l| l.contains("planed")).unwrap();
    fs::write(&path, &broken).unwrap();
    wpmatrix()
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .arg(&path)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(format!(
            "2022.ron:{line}:29: unknown status \"planed\""
        )));
    assert_eq!(fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn the_shipped_programme_matches_the_2022_matrix() {
    let (_, parsed) = wpmatrix::store::load(Path::new(PROGRAMME_2022)).unwrap();
    let p = parsed.programme;
    let rows: Vec<(&str, usize)> = p
        .clusters
        .iter()
        .map(|c| (c.name.as_str(), c.activities.len()))
        .collect();
    assert_eq!(
        rows,
        [
            ("Recovery and structural changes", 6),
            ("PES service delivery", 5),
            ("PES performance management", 5),
            ("PES visibility and partnerships", 6),
            ("Others", 5),
            ("Meetings", 5),
        ]
    );
    assert_eq!(p.adopted.unwrap().to_string(), "2021-12-10");
    let tbc: Vec<&str> = p
        .activities()
        .filter(|(_, a)| a.status == wpmatrix::model::Status::Tbc)
        .map(|(_, a)| a.id.as_str())
        .collect();
    assert_eq!(tbc, ["pes-support-to-ltus"]);
    let follow_ups: Vec<&str> = p
        .activities()
        .filter_map(|(_, a)| a.follow_up_of.as_deref())
        .collect();
    assert_eq!(
        follow_ups,
        [
            "2021/quality-management",
            "2021/pes-communication-and-visibility"
        ]
    );
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_exit_2_even_when_small() {
    // A small export, and problems `check` found: both lost unless the failure is reported.
    for args in [
        ["export", PROGRAMME_2022],
        ["check", "tests/fixtures/broken/unknown_status.ron"],
    ] {
        let full = fs::File::create("/dev/full").unwrap();
        let mut command = std::process::Command::new(crate::common::bin());
        command
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(full)
            .stderr(std::process::Stdio::piped());
        let output = crate::common::run::output_as_set(&mut command);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("cannot write output"), "{args:?}: {stderr}");
    }
}

#[test]
fn the_editor_without_a_terminal_says_so_with_exit_2() {
    let state_home = tempfile::tempdir().unwrap();
    common::wpmatrix_in(state_home.path())
        .arg(PROGRAMME_2022)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "the editor needs a terminal; to print the programme use `wpmatrix show programmes/2022.ron`",
        ));
}

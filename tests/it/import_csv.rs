//! Import of CSV through the CLI: what spreadsheets make of our files, every bad row reported
//! where it is, `--into` with its changes and `--dry-run`, and the files import refuses to touch.
//! Round trips and the formats we write are in `exchange.rs`.

use crate::common;
use crate::common::PROGRAMME_2022;

use std::path::{Path, PathBuf};

use common::NOT_IN_ROWS;
use wpmatrix::store;

fn fixture(name: &str) -> PathBuf {
    Path::new("tests/fixtures/csv").join(name)
}

#[test]
fn import_reads_a_spreadsheet_mangled_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2022.ron");
    crate::common::wpmatrix()
        .arg("import")
        .arg(fixture("mangled.csv"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    insta::assert_snapshot!(std::fs::read_to_string(&out).unwrap());
}

fn import_errors(args: &[&str]) -> (String, String, Option<i32>) {
    let output = crate::common::wpmatrix()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code(),
    )
}

const ERROR_LINES: &str = "\
tests/fixtures/csv/errors.csv:4: activity_id \"Bad Id\" is not a slug (lower-case letters, digits and single dashes); try \"bad-id\"
tests/fixtures/csv/errors.csv:5: unknown status \"sometime\"; expected one of planned, tbc, ongoing, done, postponed, cancelled
tests/fixtures/csv/errors.csv:5: start \"2022-02-30\": February 2022 has 28 days
tests/fixtures/csv/errors.csv:6: the title is empty; every row needs one
tests/fixtures/csv/errors.csv:7: end 2022-Q1 is before start 2022-06
tests/fixtures/csv/errors.csv:8: year 2023, but the programme is for 2022
tests/fixtures/csv/errors.csv:9: cluster \"skills\" is named \"Skills\" on line 2, \"Skilled\" here
tests/fixtures/csv/errors.csv:10: activity \"good-one\" is already on line 2
tests/fixtures/csv/errors.csv:11: follow_up_of \"2021\" is not <year>/<activity id>, e.g. \"2021/quality-management\"
tests/fixtures/csv/errors.csv:12: the row has 14 cells but the header names 13 columns, so \"with a comma\" is under no column: a cell with a comma in its text is split there unless the cell is in quotes (\"a, b\"); quote that cell, or add a name for the extra column to the header
";

#[test]
fn import_reports_every_bad_row_at_its_line_and_writes_nothing() {
    // The same rows with CRLF line ends (as spreadsheets on Windows write them) are on the same lines.
    for name in ["errors.csv", "errors-crlf.csv"] {
        let csv = format!("tests/fixtures/csv/{name}");
        let crlf = std::fs::read(&csv)
            .unwrap()
            .windows(2)
            .any(|w| w == b"\r\n");
        assert_eq!(
            crlf,
            name.contains("crlf"),
            "{name} has the line ends it says"
        );
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("2022.ron");
        let out_arg = out.to_str().unwrap();
        let (stdout, stderr, code) = import_errors(&["import", &csv, "-o", out_arg]);
        assert_eq!(code, Some(2));
        assert_eq!(stdout, "");
        assert_eq!(
            stderr,
            format!(
                "{}wpmatrix: {csv}: 10 problems, nothing written; --keep-going writes the good rows\n",
                ERROR_LINES.replace("tests/fixtures/csv/errors.csv", &csv)
            )
        );
        assert!(!out.exists());
    }
}

#[test]
fn keep_going_writes_the_good_rows_and_answers_no() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2022.ron");
    let out_arg = out.to_str().unwrap();
    let (stdout, stderr, code) = import_errors(&[
        "import",
        "tests/fixtures/csv/errors.csv",
        "--keep-going",
        "-o",
        out_arg,
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(
        stdout,
        format!(
            "wrote {out_arg}: 1 cluster, 1 activity\n{NOT_IN_ROWS}\"Work Programme 2022\". \
             `import --into EXISTING` keeps them from an existing programme\n"
        )
    );
    assert_eq!(
        stderr,
        format!("{ERROR_LINES}tests/fixtures/csv/errors.csv: 10 row problems left out\n")
    );
    let written = store::load(&out).unwrap().1.programme;
    let a = &written.clusters[0].activities[0];
    assert_eq!(a.id, "good-one");
    assert_eq!(a.description, "A description\nover two lines");
}

#[test]
fn a_broken_header_is_reported_at_line_one() {
    let (_, stderr, code) = import_errors(&[
        "import",
        "tests/fixtures/csv/unknown-column.csv",
        "-o",
        "/nonexistent/2022.ron",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "wpmatrix: tests/fixtures/csv/unknown-column.csv:1: unknown column \"owner\"; the columns are \
         year, cluster_id, cluster, position, activity_id, title, description, formats, status, start, end, follow_up_of, notes \
         and the programme's own fields; --add-fields declares it as text field, --ignore-columns owner leaves it out\n"
    );
    let (_, stderr, code) = import_errors(&[
        "import",
        "tests/fixtures/csv/no-title.csv",
        "-o",
        "/nonexistent/2022.ron",
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(
        stderr,
        "wpmatrix: tests/fixtures/csv/no-title.csv:1: the header has no title column; found: cluster, name\n"
    );
}

#[test]
fn into_prints_each_change_and_dry_run_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    std::fs::copy(PROGRAMME_2022, &target).unwrap();
    let csv = dir.path().join("edits.csv");
    std::fs::write(
        &csv,
        "activity_id,cluster,title,status,start\n\
         pes-stakeholder-conference,Recovery and structural changes,PES Stakeholder conference,done,15/03/2022\n\
         ,Recovery and structural changes,Brand new seminar,tbc,Q3 2022\n",
    )
    .unwrap();
    let expected = "\
cluster \"Recovery and structural changes\" (recovery-and-structural-changes)
  ~ \"PES Stakeholder conference\" (pes-stakeholder-conference)
      status: planned -> done
      start: none -> 2022-03-15
  + \"Brand new seminar\" (brand-new-seminar) at 7
      status tbc | dates from 2022-Q3 | formats none

1 added, 0 removed, 0 moved, 1 changed
";
    let run = |dry_run: bool| {
        let mut cmd = crate::common::wpmatrix();
        cmd.arg("import").arg(&csv).arg("--into").arg(&target);
        if dry_run {
            cmd.arg("--dry-run");
        }
        cmd.assert().success().get_output().stdout.clone()
    };
    let kept = |target: &Path| {
        format!(
            "note: 31 activities are in {} but not in the sheet; kept (--prune would remove \
             them)\n",
            target.display()
        )
    };
    let shown = String::from_utf8(run(true)).unwrap();
    assert_eq!(
        shown,
        format!(
            "{expected}would write {}\n{}",
            target.display(),
            kept(&target)
        )
    );
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(PROGRAMME_2022).unwrap()
    );
    let shown = String::from_utf8(run(false)).unwrap();
    assert_eq!(
        shown,
        format!("{expected}wrote {}\n{}", target.display(), kept(&target))
    );
    let merged = store::load(&target).unwrap().1.programme;
    assert_eq!(merged.activity_count(), 33);
    assert_eq!(merged.title, "PES Network Work Programme 2022");
    let cell = merged.find("brand-new-seminar").unwrap();
    assert_eq!(
        (cell.cluster, cell.activity),
        (0, 6),
        "new activities go last"
    );
}

#[test]
fn a_failed_write_is_not_reported_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing").join("2022.ron");
    let (stdout, stderr, code) = import_errors(&[
        "import",
        "tests/fixtures/csv/mangled.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2));
    assert_eq!(stdout, "");
    assert!(stderr.contains("cannot write"), "{stderr}");
}

#[test]
fn import_will_not_overwrite_an_existing_programme() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    std::fs::copy(PROGRAMME_2022, &target).unwrap();
    crate::common::wpmatrix()
        .arg("import")
        .arg(fixture("mangled.csv"))
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--into"));
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(PROGRAMME_2022).unwrap()
    );
}

#[test]
fn into_a_file_with_comments_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    let text = std::fs::read_to_string(PROGRAMME_2022).unwrap().replacen(
        "    year: 2022,",
        "    // adopted by the board\n    year: 2022,",
        1,
    );
    std::fs::write(&target, &text).unwrap();
    crate::common::wpmatrix()
        .arg("import")
        .arg(fixture("mangled.csv"))
        .arg("--into")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "has comments that writing would drop",
        ));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
}

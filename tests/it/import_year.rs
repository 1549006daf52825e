//! `import -o` never writes a file `check` rejects for its year, and when no row has a usable
//! year it shows the rows' problems rather than asking for a column that is there.

use crate::common::SHIPPED as PROGRAMME_2022;
use assert_cmd::Command;

fn wpmatrix(dir: &std::path::Path) -> Command {
    let mut cmd = crate::common::wpmatrix();
    cmd.current_dir(dir);
    cmd
}

#[test]
fn import_refuses_an_output_named_for_another_year_than_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    wpmatrix(dir.path())
        .args(["export", PROGRAMME_2022, "-o", "wp.csv"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let out = wpmatrix(dir.path())
        .args(["import", "wp.csv", "-o", "out/2024.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "wpmatrix: wp.csv: the rows are for 2022 (the `year` column), but out/2024.ron is named \
         for 2024, which `check` would reject; write it to out/2022.ron, or change the year \
         column to 2024\n"
    );
    assert!(!dir.path().join("out/2024.ron").exists());
    // The way out it names works, and `check` accepts the result.
    wpmatrix(dir.path())
        .args(["import", "wp.csv", "-o", "out/2022.ron"])
        .assert()
        .success();
    wpmatrix(dir.path())
        .args(["check", "out/2022.ron"])
        .assert()
        .success();
}

#[test]
fn import_with_every_year_bad_shows_the_row_problems_not_a_missing_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.csv"),
        "year,cluster,title\n0999,C,T\n20x2,C,U\n",
    )
    .unwrap();
    let out = wpmatrix(dir.path())
        .args(["import", "bad.csv", "-o", "plan.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "bad.csv:2: year \"0999\" is not a four-digit year (from 1000 to 9999)\n\
         bad.csv:3: year \"20x2\" is not a four-digit year (from 1000 to 9999)\n\
         wpmatrix: bad.csv: 2 problems and no row with a usable year, nothing written\n"
    );
    assert!(!dir.path().join("plan.ron").exists());
}

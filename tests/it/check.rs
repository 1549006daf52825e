//! `check` on files that are no programme, or not yet one: unresolved merges (git's markers,
//! the structural merge's CONFLICT notes), RON that is some other value, years as written.

use crate::common::programme_text as programme;
use std::fs;

use crate::common::wpmatrix;

/// Runs `check` on a file holding `text`: exit code and standard output.
fn check(text: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    fs::write(&path, text).unwrap();
    let out = wpmatrix().arg("check").arg(&path).output().unwrap();
    let stdout = String::from_utf8(out.stdout)
        .unwrap()
        .replace(&path.display().to_string(), "FILE");
    (out.status.code().unwrap_or(-1), stdout)
}

#[test]
fn an_unresolved_conflict_note_fails_check() {
    let text = programme().replacen(
        "notes: \"\"",
        "notes: \"CONFLICT status: ours=done theirs=cancelled (base planned)\"",
        1,
    );
    let (code, stdout) = check(&text);
    assert_eq!(code, 1, "{stdout}");
    assert!(!stdout.contains("warning"), "{stdout}");
    assert!(
        stdout.contains(
            ": unresolved merge conflict in status: ours done, theirs cancelled; resolve it in the editor"
        ),
        "{stdout}"
    );
}

#[test]
fn ron_that_is_not_a_programme_is_unusable() {
    for (text, message) in [
        (
            "42",
            "FILE:1:1: the file holds the number 42, not a programme; it should start with `Programme(`",
        ),
        (
            "[]",
            "FILE:1:1: the file holds a list, not a programme; it should start with `Programme(`",
        ),
        (
            "\"x\"",
            "FILE:1:1: the file holds the string \"x\", not a programme; it should start with `Programme(`",
        ),
        (
            "Programme",
            "FILE:1:1: `Programme` alone is not a programme: its fields go inside `Programme(…)`",
        ),
    ] {
        let (code, stdout) = check(text);
        assert_eq!(code, 2, "{text}: {stdout}");
        assert_eq!(stdout.trim_end(), message, "{text}");
    }
}

#[test]
fn git_conflict_markers_are_an_unresolved_merge_at_their_line() {
    let text = programme().replacen(
        "    title: ",
        "<<<<<<< HEAD\n    title: \"Ours\",\n=======\n    title: \"Theirs\",\n>>>>>>> theirs\n    title: ",
        1,
    );
    let (code, stdout) = check(&text);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.starts_with("FILE:3:1: unresolved git merge: conflict marker `<<<<<<<` here;"),
        "{stdout}"
    );
    assert!(stdout.contains("`git add` the file"), "{stdout}");
}

#[test]
fn a_year_that_is_not_four_digits_is_quoted_as_written() {
    for (year, message) in [
        (
            "2022.0",
            "FILE:2:11: expected a whole number for the year, found 2022.0",
        ),
        (
            "99999999999999999999999",
            "FILE:2:11: year 99999999999999999999999 is not a four-digit year (from 1000 to 9999)",
        ),
    ] {
        let text = programme().replacen("year: 2022", &format!("year: {year}"), 1);
        let (code, stdout) = check(&text);
        assert_eq!(code, 1, "{year}: {stdout}");
        assert_eq!(stdout.trim_end(), message, "{year}");
    }
}

#[test]
fn two_clusters_with_one_name_are_a_warning() {
    let text = programme();
    let first = text.find("            name: ").unwrap();
    let line_end = first + text[first..].find('\n').unwrap();
    let first_name = text[first..line_end].to_string();
    let second = line_end + text[line_end..].find("            name: ").unwrap();
    let second_end = second + text[second..].find('\n').unwrap();
    let text = format!("{}{}{}", &text[..second], first_name, &text[second_end..]);
    let (code, stdout) = check(&text);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains(": warning: cluster name ")
            && stdout.contains("is also the name of cluster"),
        "{stdout}"
    );
}

/// Exit codes of `check` and of `fmt --check` on one file.
fn exit_codes(path: &std::path::Path) -> [i32; 2] {
    let code = |args: &[&str]| {
        let out = wpmatrix().args(args).arg(path).output().unwrap();
        out.status.code().unwrap_or(-1)
    };
    [code(&["check"]), code(&["fmt", "--check"])]
}

#[test]
fn a_programme_with_problems_answers_no_from_check_and_fmt_check_alike() {
    let dir = tempfile::tempdir().unwrap();
    let duplicate_field = dir.path().join("duplicate_field.ron");
    fs::write(
        &duplicate_field,
        programme().replacen("    year: 2022,\n", "    year: 2022,\n    year: 2022,\n", 1),
    )
    .unwrap();
    assert_eq!(exit_codes(&duplicate_field), [1, 1], "a duplicate field");
    for name in [
        "unknown_field",
        "unknown_status",
        "impossible_day",
        "missing_field",
    ] {
        let path = std::path::Path::new("tests/fixtures/broken").join(format!("{name}.ron"));
        assert_eq!(exit_codes(&path), [1, 1], "{name}");
    }
    // What is not a programme at all stays unusable for both.
    for name in ["missing_comma", "truncated", "not_utf8", "empty"] {
        let path = std::path::Path::new("tests/fixtures/broken").join(format!("{name}.ron"));
        assert_eq!(exit_codes(&path), [2, 2], "{name}");
    }
}

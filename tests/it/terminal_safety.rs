//! Text from a file never reaches a terminal raw: `check` snippets, `diff --format csv` and the
//! git textconv show control characters as pictures; pipes and files keep the exact bytes.

use crate::common::SHIPPED as PROGRAMME_2022;
use std::path::Path;

use clap::Parser;
use wpmatrix::cli::Cli;
use wpmatrix::commands::{self, Console};

/// Runs a command as if standard output were (or were not) a terminal: (stdout, stderr).
fn run(args: &[&str], terminal: bool) -> (String, String) {
    let cli = Cli::try_parse_from(std::iter::once("wpmatrix").chain(args.iter().copied())).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console {
        out: &mut out,
        err: &mut err,
        out_is_terminal: terminal,
        err_is_terminal: terminal,
        out_width: None,
    };
    let _ = commands::run(cli, &mut console);
    (
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

const ATTACK: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";

fn programme_with_attack_in_first_title(dir: &Path) -> String {
    let mut programme = wpmatrix::store::parse(&std::fs::read_to_string(PROGRAMME_2022).unwrap())
        .unwrap()
        .programme;
    programme.clusters[0].activities[0].title = format!("Conference{ATTACK}");
    let path = dir.join("attacked.ron");
    std::fs::write(&path, wpmatrix::store::to_canonical(&programme)).unwrap();
    path.display().to_string()
}

#[test]
fn check_on_a_terminal_shows_the_escape_sequences_of_the_offending_line_as_pictures() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let text = std::fs::read_to_string(PROGRAMME_2022).unwrap().replacen(
        "status: planned,",
        &format!("status: planned, {ATTACK}"),
        1,
    );
    std::fs::write(&path, text).unwrap();
    let (out, _) = run(&["check", path.to_str().unwrap()], true);
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out:?}");
    assert!(out.contains("status: planned, ␛]0;pwned␇␛[2J"), "{out}");
}

#[test]
fn diff_csv_on_a_terminal_is_safe_and_through_a_pipe_exact() {
    let dir = tempfile::tempdir().unwrap();
    let attacked = programme_with_attack_in_first_title(dir.path());
    let args = ["diff", PROGRAMME_2022, attacked.as_str(), "--format", "csv"];
    let (on_terminal, _) = run(&args, true);
    assert!(!on_terminal.contains('\u{1b}'), "{on_terminal:?}");
    assert!(
        on_terminal.contains("Conference␛]0;pwned␇␛[2J"),
        "{on_terminal}"
    );
    assert!(on_terminal.ends_with('\n'));
    let (piped, _) = run(&args, false);
    assert!(piped.contains(&format!("Conference{ATTACK}")), "{piped:?}");
}

#[test]
fn textconv_names_a_binary_file_instead_of_printing_its_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("2022.ron");
    std::fs::write(&binary, b"Programme(\0\x01\x1b[2J\xff\xfe").unwrap();
    let out = crate::common::wpmatrix()
        .args(["git-textconv", binary.to_str().unwrap()])
        .assert()
        .success();
    let shown = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        shown.starts_with("binary file, not a programme (18 bytes, checksum "),
        "{shown:?}"
    );
    assert!(!shown.contains('\u{1b}'));
    // Another binary gives another line, so `git log -p` still shows the change.
    std::fs::write(&binary, b"\0other").unwrap();
    let other = crate::common::wpmatrix()
        .args(["git-textconv", binary.to_str().unwrap()])
        .output()
        .unwrap();
    assert_ne!(String::from_utf8(other.stdout).unwrap(), shown);
}

#[test]
fn textconv_of_text_that_is_not_a_programme_keeps_its_lines_with_escapes_pictured() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    std::fs::write(&path, format!("<<<<<<< ours\ntitle {ATTACK}\n")).unwrap();
    let out = crate::common::wpmatrix()
        .args(["git-textconv", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "<<<<<<< ours\ntitle ␛]0;pwned␇␛[2J\n"
    );
}

#[test]
fn textconv_of_a_programme_pictures_control_characters_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut programme = wpmatrix::store::parse(&std::fs::read_to_string(PROGRAMME_2022).unwrap())
        .unwrap()
        .programme;
    programme.clusters[0].name = format!("Recovery{ATTACK}");
    let path = dir.path().join("2022.ron");
    std::fs::write(&path, wpmatrix::store::to_canonical(&programme)).unwrap();
    let out = crate::common::wpmatrix()
        .args(["git-textconv", path.to_str().unwrap()])
        .output()
        .unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(shown.contains("[Recovery␛]0;pwned␇␛[2J]"), "{shown}");
}

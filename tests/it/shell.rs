//! wpmatrix in a planner's shell: completion scripts that their shells accept, a man page that
//! renders without warnings, the advice given for mistyped or impossible commands, and the
//! progress indicator that shows on a terminal only.

use std::fs;
use std::num::NonZeroU16;
use std::process::{Command as Process, Stdio};

use crate::common::pty::Spawn;
use crate::common::wpmatrix;

fn stdout_of(args: &[&str]) -> String {
    let out = wpmatrix().args(args).assert().code(0);
    String::from_utf8(out.get_output().stdout.clone()).expect("UTF-8")
}

fn installed(program: &str) -> bool {
    Process::new(program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs `shell -n` on a script: the shell's own word on whether it parses.
fn parses_in(shell: &str, script: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("wpmatrix.{shell}"));
    fs::write(&path, script).expect("write");
    let out = crate::common::run::output(Process::new(shell).arg("-n").arg(&path));
    assert!(
        out.status.success() && out.stderr.is_empty(),
        "{shell} -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Asks bash's completion function for the words it offers on a command line; the last word is
/// the one being completed.
fn bash_completes(script: &str, words: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wpmatrix.bash");
    fs::write(&path, script).expect("write");
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let current = words[cword];
    let previous = words[cword - 1];
    let probe = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; _wpmatrix wpmatrix '{current}' '{previous}'; echo \"${{COMPREPLY[*]}}\"; complete -p wpmatrix",
        path.display(),
        quoted.join(" ")
    );
    let out = crate::common::run::output(Process::new("bash").args(["-c", &probe]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_bash_script_parses_and_completes_subcommands_values_and_files() {
    let script = stdout_of(&["completions", "bash"]);
    parses_in("bash", &script);
    let subcommands = bash_completes(&script, &["wpmatrix", "ex"]);
    assert!(subcommands.starts_with("export\n"), "{subcommands}");
    let formats = bash_completes(&script, &["wpmatrix", "export", "x.ron", "--to", ""]);
    assert!(formats.starts_with("csv md json"), "{formats}");
    let views = bash_completes(&script, &["wpmatrix", "show", "x.ron", "--view", ""]);
    assert!(views.starts_with("grid timeline linear\n"), "{views}");
    let dates = bash_completes(&script, &["wpmatrix", "new", "2027", "--c"]);
    assert!(dates.contains("--clusters-from"), "{dates}");
    // Nothing offered for a programme file: bash falls back to completing file names.
    let files = bash_completes(&script, &["wpmatrix", "show", "prog"]);
    assert!(files.starts_with('\n'), "{files}");
    assert!(files.contains("-o default"), "{files}");
}

#[test]
fn the_zsh_and_fish_scripts_parse_where_those_shells_are_installed() {
    for (shell, file_completion) in [("zsh", ":_files"), ("fish", "-F")] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(file_completion), "{shell}: files");
        assert!(script.contains("timeline"), "{shell}: --view values");
        if installed(shell) {
            parses_in(shell, &script);
        } else {
            println!("{shell} is not installed: its script was not parsed");
        }
    }
    for shell in ["powershell", "elvish"] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("clusters-from"), "{shell}");
    }
}

#[test]
fn an_unknown_shell_is_claps_message_and_exit_2() {
    wpmatrix()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid value 'tcsh'"))
        .stderr(predicates::str::contains(
            "bash, elvish, fish, powershell, zsh",
        ));
}

#[test]
fn the_man_page_renders_without_warnings_with_a_section_per_subcommand() {
    let page = stdout_of(&["man"]);
    assert!(page.starts_with(".ie \\n(.g"), "roff");
    if !installed("groff") {
        println!("groff is not installed: the page was not rendered");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("wpmatrix.1");
    fs::write(&path, &page).expect("write");
    let out = crate::common::run::output(
        Process::new("groff")
            .args(["-man", "-Tutf8", "-ww"])
            .arg(&path)
            .env("GROFF_NO_SGR", "1"),
    );
    let warnings = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && warnings.is_empty(), "{warnings}");
    // Overstriking (bold is X\bX) aside, the text as a reader sees it.
    let rendered = String::from_utf8_lossy(&out.stdout);
    let mut text = String::new();
    for c in rendered.chars() {
        if c == '\u{8}' {
            text.pop();
        } else {
            text.push(c);
        }
    }
    for section in [
        "WPMATRIX SHOW",
        "WPMATRIX NEW",
        "WPMATRIX COMPLETIONS",
        "EXIT STATUS",
    ] {
        assert!(text.contains(section), "{section}:\n{text}");
    }
    assert!(text.contains("--clusters-from"), "{text}");
    assert!(
        !text.contains("git-merge-driver"),
        "internal commands stay out"
    );
}

#[test]
fn a_mistyped_subcommand_gets_the_close_one_suggested() {
    wpmatrix()
        .args(["shw", "programmes/2022.ron"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unrecognized subcommand 'shw'"))
        .stderr(predicates::str::contains(
            "a similar subcommand exists: 'show'",
        ));
}

#[test]
fn check_of_a_missing_file_says_so_once() {
    let out = wpmatrix().args(["check", "nonexist.ron"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("wpmatrix: nonexist.ron: cannot read"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn fmt_check_on_a_commented_file_gives_advice_that_works() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("commented.ron");
    fs::copy("tests/fixtures/broken/comment.ron", &path).expect("copy");
    let name = path.display().to_string();
    let out = wpmatrix().args(["fmt", "--check", &name]).assert().code(1);
    let advice = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let command = format!("wpmatrix fmt --drop-comments {name}");
    assert!(advice.contains(&format!("`{command}`")), "{advice}");
    // Taking the advice word for word works.
    let words: Vec<&str> = command.split(' ').skip(1).collect();
    wpmatrix().args(&words).assert().code(0);
    wpmatrix().args(["fmt", "--check", &name]).assert().code(0);
}

#[test]
fn diff_of_a_revision_without_a_path_says_what_it_expected() {
    wpmatrix()
        .args(["diff", "HEAD:", "programmes/2022.ron"])
        .assert()
        .code(2)
        .stderr(
            "wpmatrix: HEAD: names a revision but no file; write REV:PATH, e.g. HEAD:programmes/2022.ron\n",
        );
}

#[test]
fn the_editor_in_a_folder_without_programmes_says_how_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = wpmatrix().current_dir(dir.path()).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr
            .starts_with("wpmatrix: no programmes/<year>.ron here; start one with `wpmatrix new "),
        "{stderr}"
    );
    assert!(
        stderr.ends_with(" --empty` or open a file: `wpmatrix FILE`\n"),
        "{stderr}"
    );
}

#[test]
fn no_progress_is_drawn_when_standard_error_is_piped() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("2022.csv");
    wpmatrix()
        .args(["export", "programmes/2022.ron", "-o"])
        .arg(&csv)
        .env("WPMATRIX_PROGRESS_AFTER_MS", "0")
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    let imported = dir.path().join("back.ron");
    wpmatrix()
        .arg("import")
        .arg(&csv)
        .arg("-o")
        .arg(&imported)
        .env("WPMATRIX_PROGRESS_AFTER_MS", "0")
        .assert()
        .code(0)
        .stderr("");
    wpmatrix()
        .args(["diff", "programmes/2022.ron"])
        .arg(&imported)
        .env("WPMATRIX_PROGRESS_AFTER_MS", "0")
        .assert()
        .stderr("");
}

/// Runs wpmatrix in a terminal with the progress indicator due at once, and returns what the
/// terminal received once `until` shows up in it (or the program has ended).
fn in_terminal(args: &[&str], until: &str) -> (bool, Vec<u8>) {
    // The terminal stays open a moment after wpmatrix ends, as a user's does: Linux may drop
    // what a closed terminal still held unread.
    let script = [
        "-c",
        "\"$0\" \"$@\"; status=$?; sleep 1; exit $status",
        crate::common::bin().to_str().unwrap(),
    ];
    let mut pty = Spawn::program("sh", &[&script[..], args].concat())
        .size(100, 40)
        // Work this short would never show it; the test makes "long" start at once.
        .env("WPMATRIX_PROGRESS_AFTER_MS", "0")
        .start();
    pty.wait_for_output(until);
    let status = pty.wait_for_exit();
    (status.success(), pty.output().into_bytes())
}

#[test]
fn on_a_terminal_long_work_shows_progress_on_standard_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("2022.csv");
    let csv_name = csv.display().to_string();
    let (success, shown) = in_terminal(
        &["export", "programmes/2022.ron", "-o", &csv_name],
        "exporting",
    );
    let shown = String::from_utf8_lossy(&shown);
    assert!(success && shown.contains("exporting"), "{shown}");
    assert!(csv.exists());
}

#[test]
fn on_a_terminal_the_indicator_gives_way_to_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("2023.csv");
    fs::write(&csv, "cluster,title,status\nWork,Seminar,planed\n").expect("write");
    let csv_name = csv.display().to_string();
    let out_name = dir.path().join("2023.ron").display().to_string();
    let (success, shown) = in_terminal(&["import", &csv_name, "-o", &out_name], "nothing written");
    assert!(!success, "a bad row: exit 2");
    assert!(
        String::from_utf8_lossy(&shown).contains("importing"),
        "it was shown"
    );
    let (rows, cols) = (NonZeroU16::new(40), NonZeroU16::new(100));
    let mut screen = vt100::Parser::new(rows.expect("40"), cols.expect("100"), 0);
    screen.process(&shown);
    let contents = screen.screen().contents();
    assert!(contents.contains("2023.csv:2: "), "{contents}");
    assert!(
        !contents.contains("importing"),
        "and cleared first:\n{contents}"
    );
}

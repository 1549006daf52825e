//! The real binary in a pseudo-terminal: keys typed as a user would, the screen read back through
//! a terminal emulator, the file checked on disk. Waits are generous so a slow CI machine passes.

use crate::common;

use common::copy_of_2022;
use common::pty::{Pty, Spawn};

/// The editor with `args` in an 80x24 terminal, its configuration and state under `dir`.
fn spawn(args: &[&std::ffi::OsStr], dir: &std::path::Path) -> Pty {
    Spawn::wpmatrix(args).homes(dir).start()
}

/// The same, with `EDITOR` set to `editor`.
fn spawn_with_editor(
    args: &[&std::ffi::OsStr],
    dir: &std::path::Path,
    editor: Option<&std::path::Path>,
) -> Pty {
    let spawn = Spawn::wpmatrix(args).homes(dir);
    match editor {
        Some(editor) => spawn.env("EDITOR", editor).start(),
        None => spawn.start(),
    }
}

/// The editor on `path` with its first screen drawn, one change made (`c`) and shown.
fn with_one_change(path: &std::path::Path, dir: &std::path::Path) -> Pty {
    let mut pty = spawn(&[path.as_os_str()], dir);
    pty.wait_for("GRID");
    pty.send(b"c");
    pty.wait_for("[+]");
    pty
}

/// Ctrl-s, then `q`; the editor must end well.
fn save_and_quit(pty: &mut Pty) {
    pty.send(b"\x13");
    pty.wait_for("Saved");
    pty.send(b"q");
    let status = pty.wait_for_exit();
    assert!(status.success(), "{status:?}");
}

#[test]
fn typed_keys_save_the_file_and_quit_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let original = std::fs::read_to_string(common::SHIPPED).unwrap();
    std::fs::write(&path, &original).unwrap();

    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.wait_for("PES Stakeholder");
    pty.wait_for("GRID");
    assert!(pty.screen(vt100::Screen::alternate_screen));
    // Right, then the status picker: down once to "tbc", Enter; then Ctrl-s.
    pty.send(b"l");
    pty.wait_for("activity 2/6");
    pty.send(b"s");
    pty.wait_for("STATUS");
    pty.send(b"j");
    pty.send(b"\r");
    pty.wait_for("[+]");
    pty.send(b"\x13");
    pty.wait_for("Saved");
    pty.send(b"q");
    let status = pty.wait_for_exit();
    assert!(status.success(), "{status:?}");
    // The terminal is given back: main screen, cursor shown, no mouse reporting.
    pty.wait_until("the terminal is restored", |screen| {
        !screen.alternate_screen()
            && !screen.hide_cursor()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    });

    let saved = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0].1.trim(), "status: tbc,");
    let parsed = wpmatrix::store::parse(&saved).unwrap().programme;
    assert_eq!(
        parsed.clusters[0].activities[1].status,
        wpmatrix::model::Status::Tbc
    );
}

#[test]
fn a_missing_file_is_reported_before_the_terminal_is_taken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2031.ron");
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    let status = pty.wait_for_exit();
    assert_eq!(status.exit_code(), 2);
    pty.wait_for("cannot read");
    assert!(!pty.contents().contains("cannot be loaded"));
}

#[test]
fn a_cut_short_file_opens_the_repair_screen_and_q_leaves_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    std::fs::write(&path, "Programme(year: ").unwrap();
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.wait_for("cannot be loaded: 1 problem");
    pty.wait_for("2022.ron:1:17:");
    pty.send(b"q");
    let status = pty.wait_for_exit();
    assert_eq!(status.exit_code(), 2);
    pty.wait_for("not opened");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Programme(year: ");
}

/// A shell script in `dir` to stand in for the user's editor.
fn editor_script(dir: &std::path::Path, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt as _;
    let script = dir.join("editor.sh");
    std::fs::write(&script, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn capital_e_hands_the_description_and_the_terminal_to_editor() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let go = dir.path().join("go");
    // Records what it was given, rewrites the description, then waits for the test's go.
    let body = format!(
        "printf '%s\\n' \"$1\" > '{seen}'\nstat -c %a \"$1\" >> '{seen}'\nprintf 'New text' > \"$1\"\n\
         n=0; while [ ! -e '{go}' ] && [ $n -lt 400 ]; do sleep 0.05; n=$((n+1)); done",
        seen = dir.path().join("seen").display(),
        go = go.display()
    );
    let script = editor_script(dir.path(), &body);
    let mut pty = spawn_with_editor(&[path.as_os_str()], dir.path(), Some(&script));
    pty.wait_for("GRID");
    pty.wait_until("bracketed paste is on", vt100::Screen::bracketed_paste);
    pty.send(b"E");
    pty.wait_until("the terminal is handed over", |screen| {
        !screen.alternate_screen()
            && !screen.bracketed_paste()
            && !screen.hide_cursor()
            && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
    });
    std::fs::write(&go, "").unwrap();
    pty.wait_for("[+]");
    pty.wait_until("the terminal is taken back", |screen| {
        screen.alternate_screen() && screen.bracketed_paste()
    });
    pty.wait_for("GRID");
    save_and_quit(&mut pty);

    let seen = std::fs::read_to_string(dir.path().join("seen")).unwrap();
    let (temporary, mode) = seen.split_once('\n').unwrap();
    assert!(
        temporary.ends_with("/wpmatrix-pes-stakeholder-conference.md"),
        "{temporary}"
    );
    assert_eq!(mode.trim(), "600");
    assert!(
        !std::path::Path::new(temporary).exists(),
        "removed afterwards"
    );
    let original = std::fs::read_to_string(common::SHIPPED).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(saved.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let parsed = wpmatrix::store::parse(&saved).unwrap().programme;
    assert_eq!(parsed.clusters[0].activities[0].description, "New text");
}

#[test]
fn repair_opens_editor_at_the_bad_line_then_the_editor_on_the_fixed_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    let original = std::fs::read_to_string(common::SHIPPED).unwrap();
    let broken = original.replacen("status: planned,", "status: planed,", 1);
    let line = 1 + broken.lines().position(|l| l.contains("planed")).unwrap();
    std::fs::write(&path, &broken).unwrap();
    let args = dir.path().join("args");
    let body = format!(
        "printf '%s\\n' \"$*\" > '{args}'\nsed -i 's/status: planed,/status: planned,/' \"$2\"",
        args = args.display()
    );
    let script = editor_script(dir.path(), &body);
    let mut pty = spawn_with_editor(&[path.as_os_str()], dir.path(), Some(&script));
    pty.wait_for("cannot be loaded: 1 problem");
    pty.wait_for(&format!("2022.ron:{line}:29: unknown status \"planed\""));
    pty.send(b"e");
    pty.wait_for("GRID");
    pty.wait_for("PES Stakeholder");
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
    assert_eq!(
        std::fs::read_to_string(&args).unwrap().trim_end(),
        format!("+{line} {}", path.display())
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
}

#[test]
fn a_killed_editor_leaves_its_changes_for_the_next_session() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut pty = with_one_change(&path, dir.path());
    pty.kill();
    let _ = pty.wait_for_exit();

    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.wait_for("Recovered unsaved changes");
    pty.wait_for("[+]");
    save_and_quit(&mut pty);
    let saved = std::fs::read_to_string(&path).unwrap();
    let first = wpmatrix::store::parse(&saved).unwrap().programme.clusters[0].activities[0].status;
    assert_eq!(first, wpmatrix::model::Status::Tbc);
    let state = dir.path().join("state").join("wpmatrix");
    let left: Vec<_> = std::fs::read_dir(&state).unwrap().collect();
    assert!(left.is_empty(), "recovery and lock gone: {left:?}");
}

#[test]
fn a_multi_line_paste_into_the_title_box_becomes_part_of_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.wait_for("GRID");
    // A terminal marks a paste only when the program asked it to.
    pty.wait_until("bracketed paste is on", vt100::Screen::bracketed_paste);
    pty.send(b"t");
    pty.wait_for("<enter> done");
    // What the terminal then sends for a paste.
    pty.send(b"\x1b[200~Skills forum\nqdrant review\x1b[201~");
    pty.wait_for("Skills forum qdrant review");
    assert!(
        pty.running(),
        "the pasted newline and letters acted as keys: {}",
        pty.contents()
    );
    pty.send(b"\r");
    pty.wait_for("[+]");
    save_and_quit(&mut pty);
    let saved = std::fs::read_to_string(&path).unwrap();
    let title = &wpmatrix::store::parse(&saved).unwrap().programme.clusters[0].activities[0].title;
    assert_eq!(
        title,
        "PES Stakeholder conferenceSkills forum qdrant review"
    );
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back_and_keep_the_recovery() {
    for signal in ["TERM", "HUP"] {
        let dir = tempfile::tempdir().unwrap();
        let path = copy_of_2022(dir.path());
        let mut pty = with_one_change(&path, dir.path());
        let pid = pty.pid().to_string();
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .unwrap();
        assert!(sent.success());
        let _ = pty.wait_for_exit();
        pty.wait_until("the terminal is restored", |screen| {
            !screen.alternate_screen()
                && !screen.hide_cursor()
                && !screen.bracketed_paste()
                && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
        });
        let state = dir.path().join("state").join("wpmatrix");
        let recoveries: Vec<_> = std::fs::read_dir(&state)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "recovery"))
            .collect();
        assert_eq!(recoveries.len(), 1, "SIG{signal}: {recoveries:?}");
        let kept = std::fs::read_to_string(&recoveries[0]).unwrap();
        assert!(
            kept.contains("status: tbc,"),
            "SIG{signal}: the change is kept"
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            std::fs::read_to_string(common::SHIPPED).unwrap(),
            "SIG{signal}: the file itself is untouched"
        );
    }
}

#[test]
fn month_shift_of_a_quarter_end_is_saved_as_the_month_it_moved_to() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    std::fs::copy(common::SHIPPED, &path).unwrap();
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.wait_for("GRID");
    // Keys are read in order: the two dates are set before `}` moves them.
    pty.send(b"b2022-03-15\re2022-Q2\r}");
    pty.wait_for("Dates moved 1 month later");
    pty.send(b"\x13");
    pty.wait_for("Saved");
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("start: Some(\"2022-04-15\"),"), "{saved}");
    assert!(saved.contains("end: Some(\"2022-07\"),"), "{saved}");
    let first = &wpmatrix::store::parse(&saved).unwrap().programme.clusters[0].activities[0];
    assert_eq!(first.end, Some("2022-07".parse().unwrap()));
}

#[test]
fn fitted_grid_timeline_filter_and_marks_in_the_real_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.wait_for("GRID");
    // z: the fitted grid, all six columns at 80x24, the ruler and the status bar say so.
    pty.send(b"z");
    pty.wait_for("whole year");
    pty.wait_for("■■■■■■");
    // Tab: the timeline, with its month scale.
    pty.send(b"\t");
    pty.wait_for("TIMELINE");
    pty.wait_for("Jan");
    // \: the filter line narrows live and counts.
    pty.send(b"\\status:tbc");
    pty.wait_for("filter status:tbc · 1/32");
    pty.send(b"\r");
    pty.wait_for("PES support to LTUs");
    assert!(!pty.contents().contains("Greening"), "{}", pty.contents());
    // v: a mark, shown in the timeline and counted in the status line.
    pty.send(b"v");
    pty.wait_for("1 marked");
    pty.wait_for("✓");
    // Tab again: the statistics; once more: back to the grid, still fitted, the mark there too.
    pty.send(b"\t");
    pty.wait_for("STATISTICS");
    pty.send(b"\t");
    pty.wait_for("GRID");
    pty.wait_for("■■■■■■");
    assert!(pty.contents().contains('✓'), "{}", pty.contents());
    pty.send(b"q");
    let status = pty.wait_for_exit();
    assert!(status.success(), "{status:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        common::programme_text(),
        "nothing was edited"
    );
}

#[test]
fn a_missing_editor_leaves_the_text_and_takes_the_terminal_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let missing = dir.path().join("no-such-editor");
    let mut pty = spawn_with_editor(&[path.as_os_str()], dir.path(), Some(&missing));
    pty.wait_for("GRID");
    pty.send(b"E");
    pty.wait_for("Text unchanged: cannot start the editor");
    pty.wait_until("the terminal is taken back", |screen| {
        screen.alternate_screen() && screen.bracketed_paste()
    });
    assert!(!pty.contents().contains("[+]"));
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string(common::SHIPPED).unwrap()
    );
}

#[test]
fn an_interrupt_while_the_editor_runs_is_the_editors_not_wpmatrixs() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    // What Ctrl-C in a terminal handed over does: SIGINT to every process on it, wpmatrix too.
    let script = editor_script(
        dir.path(),
        "kill -INT $PPID\nsleep 0.2\nprintf 'New text' > \"$1\"",
    );
    let mut pty = spawn_with_editor(&[path.as_os_str()], dir.path(), Some(&script));
    pty.wait_for("GRID");
    pty.send(b"E");
    pty.wait_for("[+]");
    save_and_quit(&mut pty);
    let saved = std::fs::read_to_string(&path).unwrap();
    let parsed = wpmatrix::store::parse(&saved).unwrap().programme;
    assert_eq!(parsed.clusters[0].activities[0].description, "New text");
}

#[test]
fn a_key_file_unbinding_quit_save_and_help_still_lets_the_user_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let config = dir.path().join("wpmatrix");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keys.conf"),
        "grid quit\ngrid save\ngrid help\ngrid fly x\n",
    )
    .unwrap();
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    // Help opens at start with the problems; the status line points to them.
    pty.wait_for("Problems in the key file");
    pty.wait_for("The key file has 3 problems");
    pty.send(b"q");
    pty.wait_for("GRID");
    pty.send(b"q");
    assert!(pty.wait_for_exit().success());
}

/// A terminal that goes away (its window closed, ssh dropped) ends the editor, with the
/// change kept for the next session, instead of leaving it spinning on a dead terminal.
#[test]
fn a_terminal_that_hangs_up_ends_the_editor_and_keeps_the_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut pty = with_one_change(&path, dir.path());
    // The terminal goes: every handle on the pty's master side is closed.
    pty.hang_up();
    let status = pty.wait_for_exit();
    assert!(!status.success(), "{status:?}");
    let state = dir.path().join("state").join("wpmatrix");
    let kept: Vec<String> = std::fs::read_dir(&state)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "recovery"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(kept.len(), 1, "one recovery file");
    assert!(kept[0].contains("status: tbc,"), "the change is kept");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        std::fs::read_to_string(common::SHIPPED).unwrap(),
        "the file itself is untouched"
    );
}

use crate::generate;

/// A large file in a real terminal: its first screen while the rest is read, then the editor on
/// all of it; a key typed at once is applied, not lost, and the save writes the whole file.
#[test]
fn a_large_file_opens_on_its_first_screen_and_keys_typed_meanwhile_count() {
    let dir = tempfile::tempdir().unwrap();
    let programme = generate::programme(5_000, 9);
    let path = dir.path().join("2022.ron");
    std::fs::write(&path, wpmatrix::store::to_canonical(&programme)).unwrap();
    let mut pty = spawn(&[path.as_os_str()], dir.path());
    pty.send(b"c");
    let clusters = programme.clusters.len();
    pty.wait_for(&format!("cluster 1/{clusters}"));
    pty.wait_for("[+]");
    save_and_quit(&mut pty);
    let saved = wpmatrix::store::parse(&std::fs::read_to_string(&path).unwrap())
        .expect("the saved file loads")
        .programme;
    assert_eq!(saved.clusters.len(), clusters);
    let first = &saved.clusters[0].activities[0];
    assert_ne!(first.status, programme.clusters[0].activities[0].status);
    assert_eq!(saved.clusters[1..], programme.clusters[1..]);
}

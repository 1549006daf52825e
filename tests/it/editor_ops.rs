//! Edits that carry more than a field: undo past a reload or a merge (the file on disk known at
//! that moment comes back, so a save asks again), and a new programme year that moves the dates
//! and the title with it as one step. Headless, and in a real terminal where the issue asks.

use crate::common;

use common::pty::{Pty, Spawn};
use common::session::Session;
use wpmatrix::app::{Mode, Question};
use wpmatrix::model::{PlanDate, Programme, Status};
use wpmatrix::store;

use chrono::Datelike;

fn session() -> Session {
    Session::of_2022(100, 30)
}

/// The programme on disk with one change made to it, as another planner would save it.
fn changed_elsewhere(path: &std::path::Path, change: impl FnOnce(&mut Programme)) -> String {
    let mut programme = store::parse(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .programme;
    change(&mut programme);
    let text = store::to_canonical(&programme);
    std::fs::write(path, &text).unwrap();
    text
}

fn theirs(p: &mut Programme) {
    p.clusters[1].activities[0].status = Status::Done;
}

#[test]
fn undo_past_a_reload_then_save_asks_before_dropping_the_file_on_disk() {
    let mut s = session();
    s.keys("c");
    let other = changed_elsewhere(&s.path, theirs);
    s.keys("<C-s>");
    assert_eq!(s.mode(), &Mode::Confirm(Question::FileChanged));
    s.keys("r");
    assert_eq!(
        s.editor.app.programme.clusters[1].activities[0].status,
        Status::Done
    );
    s.keys("u");
    assert_eq!(
        s.editor.app.programme.clusters[1].activities[0].status,
        Status::Planned
    );
    assert!(s.editor.app.is_dirty(), "back to the unsaved edit");
    s.keys("<C-s>");
    assert_eq!(
        s.mode(),
        &Mode::Confirm(Question::FileChanged),
        "the file on disk is newer than the version the edit was made to: {}",
        s.screen()
    );
    assert_eq!(
        s.on_disk(),
        other,
        "nothing written over the other planner's change"
    );
    // Merging now keeps both.
    s.keys("m");
    let saved = store::parse(&s.on_disk()).unwrap().programme;
    assert_eq!(
        saved.clusters[1].activities[0].status,
        Status::Done,
        "theirs"
    );
    assert_eq!(saved.clusters[0].activities[0].status, Status::Tbc, "ours");
    // Redo after the undo brings the reload's view of the disk back with it.
    let mut s = session();
    s.keys("c");
    changed_elsewhere(&s.path, theirs);
    s.keys("<C-s>ru<C-r>");
    assert!(
        !s.editor.app.is_dirty(),
        "redone, the reload is the file on disk again"
    );
}

#[test]
fn undo_past_a_merge_then_save_asks_before_dropping_the_merged_file() {
    let mut s = session();
    s.keys("c");
    changed_elsewhere(&s.path, theirs);
    s.keys("<C-s>m");
    let merged = s.on_disk();
    let saved = store::parse(&merged).unwrap().programme;
    assert_eq!(saved.clusters[1].activities[0].status, Status::Done);
    s.keys("u");
    assert_eq!(
        s.editor.app.programme.clusters[1].activities[0].status,
        Status::Planned
    );
    s.keys("<C-s>");
    assert_eq!(
        s.mode(),
        &Mode::Confirm(Question::FileChanged),
        "{}",
        s.screen()
    );
    assert_eq!(s.on_disk(), merged, "the merged file is not written over");
    // Overwriting is still the planner's choice, made knowingly.
    s.keys("o");
    let saved = store::parse(&s.on_disk()).unwrap().programme;
    assert_eq!(saved.clusters[1].activities[0].status, Status::Planned);
}

/// The editor in a real terminal, one change made, the file then changed on disk, Ctrl-s
/// asking; `answer` taken, `u`, Ctrl-s: the editor must ask again and leave the file alone.
fn asks_again_after_undoing(answer: &[u8], answered: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = common::copy_of_2022(dir.path());
    let mut pty: Pty = Spawn::wpmatrix(&[path.as_os_str()])
        .size(120, 30)
        .homes(dir.path())
        .start();
    pty.wait_for("GRID");
    pty.send(b"c");
    pty.wait_for("[+]");
    changed_elsewhere(&path, theirs);
    pty.send(b"\x13");
    pty.wait_for("changed on disk");
    pty.send(answer);
    pty.wait_for(answered);
    let on_disk = std::fs::read_to_string(&path).unwrap();
    pty.send(b"u");
    pty.wait_for("Undone");
    pty.send(b"\x13");
    pty.wait_for("changed on disk");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), on_disk);
    pty.send(b"\x1b");
    pty.wait_for("Cancelled");
    pty.send(b"q");
    pty.wait_for("unsaved changes");
    pty.send(b"d");
    let status = pty.wait_for_exit();
    assert!(status.success(), "{status:?}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), on_disk);
}

#[test]
fn in_a_terminal_undo_past_a_reload_then_save_asks_again() {
    asks_again_after_undoing(b"r", "Reloaded");
}

#[test]
fn in_a_terminal_undo_past_a_merge_then_save_asks_again() {
    asks_again_after_undoing(b"m", "Merged with the changes on disk");
}

#[expect(clippy::unnecessary_wraps, reason = "it fills optional date fields")]
fn date(text: &str) -> Option<PlanDate> {
    Some(text.parse().unwrap())
}

#[test]
fn a_new_year_moves_the_dates_and_the_title_as_one_step_when_asked() {
    let mut s = session();
    let before = s.editor.app.programme.clone();
    s.keys("b2022-Q2<enter>e2022-09-15<enter>");
    let dated = s.editor.app.programme.clone();
    s.keys("Y<C-u>2024<enter>");
    assert_eq!(s.mode(), &Mode::Confirm(Question::ShiftYear(2024)));
    let asked = s.screen();
    assert!(asked.contains("Plan the programme for 2024"), "{asked}");
    assert!(asked.contains("keeps its"), "{asked}");
    assert_eq!(
        s.editor.app.programme, dated,
        "nothing changes before the answer"
    );
    s.keys("y");
    let p = &s.editor.app.programme;
    assert_eq!(p.year, 2024);
    assert_eq!(p.title, "PES Network Work Programme 2024");
    let first = &p.clusters[0].activities[0];
    assert_eq!(
        (first.start, first.end),
        (date("2024-Q2"), date("2024-09-15"))
    );
    assert_eq!(
        p.adopted,
        before
            .adopted
            .map(|d| d.with_year(2024 + (d.year() - 2022)).unwrap())
    );
    let message = s.editor.app.message.clone().unwrap();
    assert!(!message.is_error, "{message:?}");
    assert!(
        message.text.starts_with("Year set to 2024; ")
            && message
                .text
                .contains("and the title moved 2 years later (u undoes).")
            && message.text.ends_with("The file keeps its name, 2022.ron."),
        "{message:?}"
    );
    s.keys("u");
    assert_eq!(s.editor.app.programme, dated, "one step");
    s.keys("<C-r>");
    assert_eq!(s.editor.app.programme.year, 2024);
}

#[test]
fn a_new_year_set_alone_leaves_the_dates_and_says_so() {
    let mut s = session();
    s.keys("b2022-Q2<enter>Y<C-u>2023<enter>n");
    let p = &s.editor.app.programme;
    assert_eq!(
        (p.year, p.title.as_str()),
        (2023, "PES Network Work Programme 2022")
    );
    assert_eq!(p.clusters[0].activities[0].start, date("2022-Q2"));
    let message = s.editor.app.message.clone().unwrap();
    assert!(message.is_error);
    assert!(
        message.text.starts_with("Year set to 2023; "),
        "{message:?}"
    );
    assert!(
        message.text.contains("outside it (u undoes)."),
        "{message:?}"
    );
    // Esc leaves the year as it was.
    let mut s = session();
    s.keys("Y<C-u>2023<enter><esc>");
    assert_eq!(s.editor.app.programme.year, 2022);
    assert_eq!(s.mode(), &Mode::Normal);
}

/// After undoing past a reload, the recovery file names the version of the file the unsaved
/// changes were made to, so a session that dies then asks before saving over the newer file.
#[test]
fn undo_past_a_reload_keeps_the_recovery_file_based_on_the_older_file() {
    use wpmatrix::session::{StateDir, recovery};
    let mut s = session();
    let original = s.on_disk();
    s.keys("c");
    let other = changed_elsewhere(&s.path, theirs);
    s.keys("<C-s>r");
    // An edit after the reload, saved, then undone: a recovery file based on the saved file...
    s.keys("jc<C-s>u");
    assert!(s.editor.app.is_dirty());
    // ...and undoing the reload too goes back to changes made to the original file.
    s.keys("u");
    let at = s.editor.recovery_path().unwrap();
    let state = StateDir::at(at.parent().unwrap().to_path_buf()).unwrap();
    match recovery::read(&state, &s.path) {
        recovery::Found::Programme { programme, base } => {
            assert_eq!(*programme, s.editor.app.programme);
            assert_eq!(base, recovery::fingerprint(&original));
            assert_ne!(base, recovery::fingerprint(&other));
        }
        found => panic!("{found:?}"),
    }
}

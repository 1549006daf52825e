//! Nothing typed is lost when the editor dies: unsaved changes live in a recovery file until
//! they are saved or discarded, and the next session on the file puts them back.

use std::fs;
use std::path::{Path, PathBuf};

use wpmatrix::model::{Cell, Status};
use wpmatrix::session::recovery;
use wpmatrix::tui::Editor;
use wpmatrix::tui::keymap::Keymap;

fn copy_of_2022(dir: &Path) -> PathBuf {
    let path = dir.join("2022.ron");
    fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/programmes/2022.ron"),
        &path,
    )
    .unwrap();
    path
}

fn open(path: &Path) -> Editor {
    Editor::open(path, Keymap::default()).unwrap()
}

fn first_status(editor: &Editor) -> Status {
    editor
        .app
        .programme
        .activity(Cell::new(0, 0))
        .unwrap()
        .status
}

#[test]
fn a_session_that_dies_unsaved_is_recovered_by_the_next_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let on_disk = fs::read_to_string(&path).unwrap();
    {
        let mut editor = open(&path);
        editor.type_keys("cc").unwrap();
        assert_eq!(first_status(&editor), Status::Ongoing);
        assert!(recovery::path_for(&path).exists());
        // Dropped without saving or quitting: a crash, a closed terminal.
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        on_disk,
        "the file itself is untouched"
    );

    let mut editor = open(&path);
    assert_eq!(first_status(&editor), Status::Ongoing);
    assert!(editor.app.is_dirty());
    let message = editor.app.message.clone().unwrap().text;
    assert!(
        message.starts_with("Recovered unsaved changes from"),
        "{message}"
    );
    editor.type_keys("u").unwrap();
    assert_eq!(
        first_status(&editor),
        Status::Planned,
        "undo goes back to the file"
    );
    assert!(
        !recovery::path_for(&path).exists(),
        "back at the file, nothing to recover"
    );
}

#[test]
fn saving_removes_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut editor = open(&path);
    editor.type_keys("c").unwrap();
    assert!(recovery::path_for(&path).exists());
    editor.type_keys("<C-s>").unwrap();
    assert!(!editor.app.is_dirty(), "{:?}", editor.app.message);
    assert!(!recovery::path_for(&path).exists());
    assert!(fs::read_to_string(&path).unwrap().contains("status: tbc,"));
}

#[test]
fn discarding_on_quit_removes_the_recovery_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut editor = open(&path);
    editor.type_keys("c").unwrap();
    editor.type_keys("qd").unwrap();
    assert!(editor.quit);
    assert!(!recovery::path_for(&path).exists());
    assert_eq!(first_status(&open(&path)), Status::Planned);
}

#[test]
fn an_unreadable_recovery_file_is_reported_and_kept_aside() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    fs::write(recovery::path_for(&path), "Programme(year: 20").unwrap();
    let editor = open(&path);
    assert!(!editor.app.is_dirty());
    let message = editor.app.message.clone().unwrap();
    assert!(message.is_error);
    assert!(
        message
            .text
            .contains("cannot be read as a recovery file; kept as"),
        "{}",
        message.text
    );
    let kept = dir.path().join(".2022.ron.recovery-unreadable");
    assert_eq!(fs::read_to_string(kept).unwrap(), "Programme(year: 20");
    let mut editor = editor;
    editor.type_keys("c").unwrap();
    assert!(
        recovery::path_for(&path).exists(),
        "a new change is protected again"
    );
}

#[test]
fn a_second_session_on_the_same_file_leaves_the_first_ones_recovery_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    let mut first = open(&path);
    first.type_keys("cc").unwrap();
    let mut second = open(&path);
    assert!(
        !second.app.is_dirty(),
        "the live session's edits are not taken over"
    );
    let message = second.app.message.clone().unwrap().text;
    assert!(
        message.contains("open in another wpmatrix session"),
        "{message}"
    );
    second.type_keys("c").unwrap();
    second.type_keys("qd").unwrap();
    assert!(
        recovery::path_for(&path).exists(),
        "the first session's recovery survives"
    );
    drop(first);
    assert_eq!(first_status(&open(&path)), Status::Ongoing);
}

#[test]
fn changes_recovered_onto_a_file_that_changed_since_ask_before_saving() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of_2022(dir.path());
    {
        let mut editor = open(&path);
        editor.type_keys("c").unwrap();
    }
    // After the crash the file moves on (a pull, another editor): its second activity is done.
    let mut newer = wpmatrix::store::load(&path).unwrap().1.programme;
    newer.clusters[0].activities[1].status = Status::Done;
    let newer = wpmatrix::store::to_canonical(&newer);
    fs::write(&path, &newer).unwrap();
    let mut editor = open(&path);
    let message = editor.app.message.clone().unwrap().text;
    assert!(
        message.contains("saving will ask before overwriting it"),
        "{message}"
    );
    editor.type_keys("<C-s>").unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        newer,
        "nothing saved unasked"
    );
    assert!(editor.app.is_dirty());
}

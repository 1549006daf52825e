//! Nothing typed is lost when the editor dies: unsaved changes live in a recovery file until
//! they are saved or discarded, and the next session on the file puts them back.

use crate::common;

use std::fs;

use common::Place;
use wpmatrix::model::{Cell, Status};
use wpmatrix::tui::Editor;

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
    let place = Place::new();
    let path = place.path.clone();
    let on_disk = fs::read_to_string(&path).unwrap();
    {
        let mut editor = place.open();
        editor.type_keys("cc").unwrap();
        assert_eq!(first_status(&editor), Status::Ongoing);
        assert!(place.recovery().exists());
        // Dropped without saving or quitting: a crash, a closed terminal.
    }
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        on_disk,
        "the file itself is untouched"
    );

    let mut editor = place.open();
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
        !place.recovery().exists(),
        "back at the file, nothing to recover"
    );
}

#[test]
fn saving_removes_the_recovery_file() {
    let place = Place::new();
    let path = place.path.clone();
    let mut editor = place.open();
    editor.type_keys("c").unwrap();
    assert!(place.recovery().exists());
    editor.type_keys("<C-s>").unwrap();
    assert!(!editor.app.is_dirty(), "{:?}", editor.app.message);
    assert!(!place.recovery().exists());
    assert!(fs::read_to_string(&path).unwrap().contains("status: tbc,"));
}

#[test]
fn discarding_on_quit_removes_the_recovery_file() {
    let place = Place::new();
    let mut editor = place.open();
    editor.type_keys("c").unwrap();
    editor.type_keys("qd").unwrap();
    assert!(editor.quit);
    assert!(!place.recovery().exists());
    assert_eq!(first_status(&place.open()), Status::Planned);
}

#[test]
fn an_unreadable_recovery_file_is_reported_and_kept_aside() {
    let place = Place::new();
    fs::write(place.recovery(), "Programme(year: 20").unwrap();
    let editor = place.open();
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
    let kept = place.state.path().join(format!(
        "{}-unreadable",
        place.recovery().file_name().unwrap().to_string_lossy()
    ));
    assert_eq!(fs::read_to_string(kept).unwrap(), "Programme(year: 20");
    let mut editor = editor;
    editor.type_keys("c").unwrap();
    assert!(place.recovery().exists(), "a new change is protected again");
}

#[test]
fn a_second_session_on_the_same_file_leaves_the_first_ones_recovery_alone() {
    let place = Place::new();
    let mut first = place.open();
    first.type_keys("cc").unwrap();
    let mut second = place.open();
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
        place.recovery().exists(),
        "the first session's recovery survives"
    );
    drop(first);
    assert_eq!(first_status(&place.open()), Status::Ongoing);
}

#[test]
fn changes_recovered_onto_a_file_that_changed_since_ask_before_saving() {
    let place = Place::new();
    let path = place.path.clone();
    {
        let mut editor = place.open();
        editor.type_keys("c").unwrap();
    }
    // After the crash the file moves on (a pull, another editor): its second activity is done.
    let mut newer = wpmatrix::store::load(&path).unwrap().1.programme;
    newer.clusters[0].activities[1].status = Status::Done;
    let newer = wpmatrix::store::to_canonical(&newer);
    fs::write(&path, &newer).unwrap();
    let mut editor = place.open();
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

#[test]
fn a_journal_of_many_edits_recovers_exactly_the_programme_on_screen() {
    use wpmatrix::app::{Action, Answer};
    use wpmatrix::session::recovery::{self, Found};
    let place = Place::new();
    let mut editor = place.open();
    let steps = [
        Action::CycleStatus,
        Action::MoveDown,
        Action::MoveRight,
        Action::ShiftDays(3),
        Action::MoveClusterDown,
        Action::MoveActivityRight,
        Action::AddCluster,
        Action::TextSubmitted("Brand new".into()),
        Action::AddActivity,
        Action::TextSubmitted("Its first activity".into()),
        Action::MoveClusterUp,
        Action::Undo,
        Action::Undo,
        Action::Redo,
        Action::EditProgrammeTitle,
        Action::TextSubmitted("A new title".into()),
        Action::MoveUp,
        Action::DeleteCluster,
        Action::Answer(Answer::Yes),
        Action::DuplicateActivity,
        Action::MoveLast,
        Action::CycleStatus,
    ];
    let mut lengths = Vec::new();
    for round in 0..3 {
        for step in steps.iter().cloned() {
            editor.dispatch(step);
            if matches!(editor.app.mode, wpmatrix::app::Mode::Normal) {
                // Each state, as a crash at this point would leave it, is recovered exactly.
                match recovery::read(&place.state, &place.path) {
                    Found::Programme { programme, .. } => {
                        assert_eq!(*programme, editor.app.programme, "round {round}");
                    }
                    Found::Nothing => assert!(!editor.app.is_dirty()),
                    Found::Unreadable(at) => panic!("unreadable {}", at.display()),
                }
            }
            if let Ok(meta) = fs::metadata(place.recovery()) {
                lengths.push(meta.len());
            }
        }
    }
    assert!(editor.app.is_dirty());
    let snapshot = fs::read_to_string(&place.path).unwrap().len() as u64;
    assert!(
        lengths
            .windows(2)
            .any(|w| w[1] > w[0] && w[1] - w[0] < snapshot / 4),
        "edits are added to the file, not written whole: {lengths:?}"
    );
    let expected = editor.app.programme.clone();
    drop(editor);
    let editor = place.open();
    assert_eq!(
        editor.app.programme, expected,
        "the next session puts it all back"
    );
}

#[test]
fn a_record_cut_short_by_a_crash_is_ignored_and_the_edits_before_it_kept() {
    let place = Place::new();
    let mut editor = place.open();
    editor.type_keys("c").unwrap();
    let after_one = editor.app.programme.clone();
    editor.type_keys("jc").unwrap();
    assert_ne!(editor.app.programme, after_one);
    drop(editor);
    let whole = fs::read(place.recovery()).unwrap();
    for cut in [1, 10, 200] {
        fs::write(place.recovery(), &whole[..whole.len() - cut]).unwrap();
        match wpmatrix::session::recovery::read(&place.state, &place.path) {
            wpmatrix::session::recovery::Found::Programme { programme, .. } => {
                assert_eq!(*programme, after_one, "cut {cut} bytes short");
            }
            other => panic!("cut {cut}: {other:?}"),
        }
    }
}

/// Opens the place's programme on another thread, failing instead of hanging when the open
/// waits on something (a FIFO planted where an older version looked).
/// Answers the title it shows, whether it has unsaved changes and its message.
fn open_within_deadline(place: &Place) -> (String, bool, String) {
    let (path, state) = (place.path.clone(), place.state.clone());
    let (sent, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let editor = Editor::open_in(&path, wpmatrix::tui::keymap::Keymap::default(), state);
        let seen = editor.map(|e| {
            let message = e.app.message.clone().map(|m| m.text).unwrap_or_default();
            (e.app.programme.title.clone(), e.app.is_dirty(), message)
        });
        sent.send(seen.map_err(|e| e.to_string())).ok();
    });
    received
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the editor opened without waiting")
        .unwrap()
}

#[test]
fn a_recovery_file_committed_beside_the_programme_is_never_adopted() {
    let place = Place::new();
    // A valid recovery of someone else's, as a repository could carry it.
    let elsewhere = tempfile::tempdir().unwrap();
    let theirs = wpmatrix::session::StateDir::at(elsewhere.path().join("s")).unwrap();
    let mut foreign = common::shipped();
    foreign.title = "Taken over".into();
    let base = wpmatrix::session::recovery::fingerprint(&place.on_disk());
    wpmatrix::session::recovery::write(&theirs, &place.path, &foreign, &base).unwrap();
    let beside = place.folder().join(".2022.ron.recovery");
    fs::copy(
        wpmatrix::session::recovery::path_for(&theirs, &place.path),
        &beside,
    )
    .unwrap();

    let (title, dirty, message) = open_within_deadline(&place);
    assert_ne!(title, "Taken over");
    assert!(!dirty);
    assert_eq!(
        message,
        format!(
            "{} is not read: recovery files are kept only in your state folder. Look at it \
             yourself, and delete it once it holds nothing you need.",
            beside.display()
        )
    );
    assert!(
        !place.recovery().exists(),
        "nothing moved into the state folder"
    );
    assert!(beside.exists(), "the file in the repository is left alone");
}

#[cfg(unix)]
#[test]
fn links_and_fifos_where_older_versions_kept_recovery_and_locks_are_not_opened() {
    let place = Place::new();
    std::os::unix::fs::symlink("/dev/zero", place.folder().join(".2022.ron.recovery")).unwrap();
    let full = fs::canonicalize(&place.path).unwrap();
    let old_lock = std::env::temp_dir().join(format!(
        "wpmatrix-{}.lock",
        wpmatrix::session::recovery::fingerprint(&full.to_string_lossy())
    ));
    let made = std::process::Command::new("mkfifo")
        .arg(&old_lock)
        .status()
        .unwrap();
    assert!(made.success());
    let opened = std::panic::catch_unwind(|| open_within_deadline(&place));
    fs::remove_file(&old_lock).unwrap();
    let (_, dirty, message) = opened.unwrap();
    assert!(!dirty);
    assert!(message.contains("is not read"), "{message}");
}

//! `wpmatrix recover`: the recovery files in the state folder listed with their programmes, one
//! deleted by its path or its programme's, nothing outside the state folder ever deleted, and a
//! recovery that holds no unsaved work let go.

use crate::common::{self, Place};

use std::fs;
use std::path::Path;

use wpmatrix::session::recovery;

fn recover(place: &Place, args: &[&str]) -> assert_cmd::assert::Assert {
    common::wpmatrix_in(place.state_home.path())
        .arg("recover")
        .args(args)
        .assert()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8(assert.get_output().stdout.clone()).unwrap()
}

/// A recovery of `file` holding the shipped programme retitled `title`.
fn unsaved(place: &Place, file: &Path, title: &str) -> std::path::PathBuf {
    let mut programme = common::shipped();
    programme.title = title.into();
    recovery::write(&place.state, file, &programme, "0").unwrap();
    recovery::path_for(&place.state, file)
}

#[test]
fn list_names_each_recovery_with_its_programme_and_lets_go_of_those_that_hold_nothing_unsaved() {
    let place = Place::new();
    let kept = unsaved(&place, &place.path, "Unsaved");
    let gone_programme = place.folder().join("2021.ron");
    let gone = unsaved(&place, &gone_programme, "Moved away");
    let same_programme = place.folder().join("2023.ron");
    fs::write(&same_programme, place.on_disk()).unwrap();
    recovery::write(&place.state, &same_programme, &common::shipped(), "0").unwrap();
    let same = recovery::path_for(&place.state, &same_programme);

    let assert = recover(&place, &["--list"]).success();
    let out = stdout(&assert);
    let full = fs::canonicalize(&place.path).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    let at = |path: &Path| {
        lines
            .iter()
            .position(|l| *l == path.display().to_string())
            .unwrap_or_else(|| panic!("{} not listed in\n{out}", path.display()))
    };
    let about_kept = lines[at(&kept) + 1];
    assert!(
        about_kept.starts_with(&format!("    {} (exists), ", full.display())),
        "{out}"
    );
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert!(about_kept.contains(&format!(", {today} ")), "{out}");
    assert!(about_kept.contains(" kB, "), "{out}");
    let about_gone = lines[at(&gone) + 1];
    assert!(about_gone.contains("2021.ron (gone), "), "{out}");
    assert!(
        out.ends_with("removed 1 recovery file: the same as its programme on disk\n"),
        "{out}"
    );
    assert!(!same.exists());
    assert!(
        kept.exists() && gone.exists(),
        "unsaved work is never let go"
    );
}

#[test]
fn delete_takes_a_recovery_file_or_its_programme() {
    let place = Place::new();
    let recovery = unsaved(&place, &place.path, "Unsaved");
    let assert = recover(&place, &["--delete", place.path.to_str().unwrap()]).success();
    let full = fs::canonicalize(&place.path).unwrap();
    assert_eq!(
        stdout(&assert),
        format!(
            "deleted {} (unsaved changes to {})\n",
            recovery.display(),
            full.display()
        )
    );
    assert!(!recovery.exists());
    assert!(place.path.exists());

    let gone = unsaved(&place, &place.folder().join("2021.ron"), "Moved away");
    recover(&place, &["--delete", gone.to_str().unwrap()]).success();
    assert!(!gone.exists());
    let assert = recover(&place, &["--list"]).success();
    assert_eq!(
        stdout(&assert),
        format!("no recovery files in {}\n", place.state.path().display())
    );
}

#[test]
fn delete_refuses_anything_outside_the_state_folder() {
    let place = Place::new();
    let assert = recover(&place, &["--delete", place.path.to_str().unwrap()]).code(2);
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(
        err,
        format!(
            "wpmatrix: {}: neither a recovery file in {} nor a programme that has one; `wpmatrix recover --list` lists them\n",
            place.path.display(),
            place.state.path().display()
        )
    );
    assert!(place.path.exists(), "the programme itself is never deleted");
    recover(&place, &[]).code(2);
}

/// A state folder (`$XDG_STATE_HOME/wpmatrix`) that is a symbolic link to `elsewhere`, which
/// holds a recovery file of some programme.
#[cfg(unix)]
fn linked_state_folder() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let home = tempfile::tempdir().unwrap();
    let elsewhere = home.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    let theirs = elsewhere.join("%srv%plans%2022.ron.recovery");
    fs::write(&theirs, "kept").unwrap();
    fs::create_dir(home.path().join("state")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, home.path().join("state").join("wpmatrix")).unwrap();
    (home, elsewhere, theirs)
}

#[cfg(unix)]
#[test]
fn a_state_folder_that_is_a_link_is_refused_by_name_and_nothing_behind_it_is_touched() {
    let (home, elsewhere, theirs) = linked_state_folder();
    let link = home.path().join("state").join("wpmatrix");
    let said = format!(
        "wpmatrix: no state folder to look in: {} is a symbolic link; recovery files and locks \
         are kept only in a real folder of your own (set XDG_STATE_HOME to one)\n",
        link.display()
    );
    for args in [
        vec!["--list".to_string()],
        vec!["--delete".to_string(), theirs.display().to_string()],
    ] {
        common::wpmatrix_in(&home.path().join("state"))
            .arg("recover")
            .args(&args)
            .assert()
            .code(2)
            .stdout("")
            .stderr(said.clone());
    }
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "kept");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);
}

/// The editor opens the file all the same, says on its status line that it keeps no recovery
/// file and why, and puts neither a lock nor a recovery file behind the link.
#[cfg(unix)]
#[test]
fn the_editor_on_a_linked_state_folder_says_it_keeps_no_recovery_and_writes_nothing_there() {
    use common::pty::Spawn;
    let (home, elsewhere, _) = linked_state_folder();
    let path = common::copy_of_2022(home.path());
    let mut pty = Spawn::wpmatrix(&[path.as_os_str()])
        .size(200, 40)
        .homes(home.path())
        .start();
    pty.wait_for("No recovery file for this session:");
    pty.wait_for("is a symbolic link");
    // An edit: a new activity's title typed and kept, unsaved.
    pty.send(b"a");
    pty.send(b"Linked\r");
    pty.wait_for("Linked");
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 1);
    pty.kill();
}

//! Helpers shared by the integration tests: the shipped programme, temporary copies of it, and
//! editors whose recovery files go to a state folder of the test's own.
#![allow(dead_code)]

pub mod browser;
pub mod office;
#[cfg(unix)]
pub mod pty;
pub mod repo;
pub mod session;
pub mod workbook;

use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;
use wpmatrix::session::StateDir;
use wpmatrix::tui::Editor;
use wpmatrix::tui::keymap::Keymap;

/// The shipped programme, wherever the tests run from.
pub const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/programmes/2022.ron");

/// The shipped programme as a planner names it from the repository's top (where the tests run),
/// so messages that name the file read as they would for them.
pub const PROGRAMME_2022: &str = "programmes/2022.ron";

/// The shipped 2022 programme's text.
pub fn programme_text() -> String {
    fs::read_to_string(SHIPPED).unwrap()
}

/// The shipped 2022 programme.
pub fn shipped() -> wpmatrix::model::Programme {
    wpmatrix::store::parse(&programme_text()).unwrap().programme
}

/// A copy of the shipped programme in `dir`, as `2022.ron`.
pub fn copy_of_2022(dir: &Path) -> PathBuf {
    let path = dir.join("2022.ron");
    fs::copy(SHIPPED, &path).unwrap();
    path
}

/// The binary.
pub fn wpmatrix() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("wpmatrix").expect("the binary is built")
}

/// The binary, with its state folder (recovery files, locks) under `state_home`.
pub fn wpmatrix_in(state_home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("wpmatrix").unwrap();
    cmd.env("XDG_STATE_HOME", state_home);
    cmd
}

/// A temporary folder holding a copy of the shipped programme (`2022.ron`) and, in another
/// one, a state folder for the editors opened on it.
pub struct Place {
    pub dir: TempDir,
    pub path: PathBuf,
    pub state_home: TempDir,
    pub state: StateDir,
}

impl Place {
    pub fn new() -> Place {
        Place::with_text(&programme_text())
    }

    pub fn with_text(text: &str) -> Place {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("2022.ron");
        fs::write(&path, text).unwrap();
        let state_home = tempfile::tempdir().unwrap();
        let state = StateDir::at(state_home.path().join("wpmatrix")).unwrap();
        Place {
            dir,
            path,
            state_home,
            state,
        }
    }

    /// The folder the programme file is in.
    pub fn folder(&self) -> &Path {
        self.path.parent().unwrap()
    }

    /// An editor on the programme, with the default keys.
    pub fn open(&self) -> Editor {
        Editor::open_in(&self.path, Keymap::default(), self.state.clone()).unwrap()
    }

    /// Where the editors keep the programme's recovery file.
    pub fn recovery(&self) -> PathBuf {
        wpmatrix::session::recovery::path_for(&self.state, &self.path)
    }

    pub fn on_disk(&self) -> String {
        fs::read_to_string(&self.path).unwrap()
    }
}

/// What a plain import says it could not carry over, up to the title it gave.
pub const NOT_IN_ROWS: &str = "note: the title, adoption date, cluster summaries and empty clusters \
                           are not in the rows layout; the title is ";

//! Helpers shared by the integration tests: the shipped programme, temporary copies of it, and
//! editors whose recovery files go to a state folder of the test's own.
#![allow(dead_code)]

pub mod browser;
pub mod office;
#[cfg(unix)]
pub mod pty;
pub mod repo;
pub mod run;
pub mod session;
#[cfg(unix)]
pub mod watchdog;
pub mod workbook;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

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

/// The binary the tests run: a link of their own to the one cargo built (a copy where no link
/// can be made), made by [`link_the_binary`] before the first test starts. A build beside the
/// tests (CI's package check, a developer's `cargo build` in another terminal) replaces cargo's
/// file, never this one, so no test starts a binary while it is being swapped.
pub fn bin() -> &'static Path {
    static BIN: LazyLock<PathBuf> = LazyLock::new(|| {
        std::env::var_os("CARGO_BIN_EXE_wpmatrix")
            .map_or_else(|| env!("CARGO_BIN_EXE_wpmatrix").into(), PathBuf::from)
    });
    &BIN
}

/// The folder of this test run's own (where [`bin`] is linked), which the next run removes;
/// `None` where the tests run cargo's file itself.
pub fn run_folder() -> Option<&'static Path> {
    let own = bin().parent()?;
    let pid = std::process::id().to_string();
    (own.file_name()? == std::ffi::OsStr::new(&pid)).then_some(own)
}

/// Copies the files and folders under `from` into the folder `to` (made if missing). Links and
/// other special files are left out: what the tests copy (a scratch repository, a profile
/// Chromium has left, whose lock links name a process that has ended) holds no others worth
/// keeping.
pub fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_folder(&source, &target);
        } else if kind.is_file() {
            fs::copy(&source, &target).unwrap();
        }
    }
}

/// Links the binary cargo built into `wpmatrix-tests/PID/` beside it and points
/// `CARGO_BIN_EXE_wpmatrix` at the link: [`bin`] and `assert_cmd`'s `cargo_bin` both read it.
/// The folders of test runs that have ended go first. Where neither a link nor a copy can be
/// made, the tests run cargo's file itself, and say so.
///
/// # Safety
/// Sets an environment variable: only while the process has one thread (before `main`).
pub unsafe fn link_the_binary() {
    let built = Path::new(env!("CARGO_BIN_EXE_wpmatrix"));
    let (Some(folder), Some(name)) = (built.parent(), built.file_name()) else {
        return;
    };
    let runs = folder.join("wpmatrix-tests");
    remove_ended_runs(&runs);
    let own = runs.join(std::process::id().to_string());
    let linked = own.join(name);
    let made = fs::create_dir_all(&own).and_then(|()| {
        fs::hard_link(built, &linked).or_else(|_| fs::copy(built, &linked).map(drop))
    });
    match made {
        // SAFETY: the caller runs this while the process has a single thread.
        Ok(()) => unsafe { std::env::set_var("CARGO_BIN_EXE_wpmatrix", &linked) },
        Err(error) => eprintln!(
            "the tests run {} itself, not a link of their own: {error}",
            built.display()
        ),
    }
}

#[test]
fn the_tests_run_a_binary_of_their_own() {
    let own = bin();
    assert_ne!(own, Path::new(env!("CARGO_BIN_EXE_wpmatrix")));
    let run = own.parent().and_then(Path::file_name);
    assert_eq!(run, Some(std::process::id().to_string().as_ref()));
    let version = std::process::Command::new(own)
        .arg("--version")
        .output()
        .unwrap();
    assert!(version.status.success());
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("wpmatrix "));
    // Every test starts it through here: none names the file cargo built, or asks assert_cmd
    // for it by name beside `wpmatrix` below.
    let mut named = Vec::new();
    let mut folders = vec![PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it"
    ))];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && !path.ends_with("common/mod.rs")
            {
                let text = fs::read_to_string(&path).unwrap();
                let cargo_s = [
                    concat!("CARGO_BIN", "_EXE"),
                    concat!("cargo_bin", "_cmd!"),
                    concat!("cargo_bin", "("),
                ];
                if cargo_s.iter().any(|name| text.contains(name)) {
                    named.push(path);
                }
            }
        }
    }
    assert!(
        named.is_empty(),
        "start the binary with common::bin or common::wpmatrix: {named:?}"
    );
}

/// Removes the folders [`link_the_binary`] made for test runs whose process is gone.
fn remove_ended_runs(runs: &Path) {
    #[cfg(unix)]
    for entry in fs::read_dir(runs).into_iter().flatten().flatten() {
        let ended = entry
            .file_name()
            .to_str()
            .and_then(|pid| pid.parse().ok())
            .and_then(rustix::process::Pid::from_raw)
            .is_some_and(|pid| {
                rustix::process::test_kill_process(pid) == Err(rustix::io::Errno::SRCH)
            });
        if ended && let Err(error) = fs::remove_dir_all(entry.path()) {
            eprintln!("{}: not removed: {error}", entry.path().display());
        }
    }
    #[cfg(not(unix))]
    let _ = runs;
}

/// The binary, within [`run::RUN_LIMIT`].
pub fn wpmatrix() -> assert_cmd::Command {
    run::assert_cmd_within(bin(), run::RUN_LIMIT)
}

/// The binary, with its state folder (recovery files, locks) under `state_home`.
pub fn wpmatrix_in(state_home: &Path) -> assert_cmd::Command {
    let mut cmd = wpmatrix();
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

//! A throwaway git repository with the wpmatrix drivers installed and the shipped 2022 programme
//! committed on `main`, and the commands to change it, commit, tag and run `wpmatrix` inside it.

use crate::common::shipped;
use std::path::{Path, PathBuf};
use std::process::Command;

use wpmatrix::model::Programme;
use wpmatrix::store;

pub const BIN: &str = env!("CARGO_BIN_EXE_wpmatrix");
pub const FILE: &str = "programmes/2022.ron";

pub struct Repo {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Repo {
    /// A repository with the attributes line, the drivers installed and the shipped 2022
    /// programme committed on `main`.
    pub fn new() -> Repo {
        let repo = Repo {
            dir: tempfile::tempdir().expect("tempdir"),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Planner"]);
        repo.git(&["config", "user.email", "planner@example.org"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        std::fs::write(
            repo.path().join(".gitattributes"),
            "*.ron text eol=lf\nprogrammes/*.ron diff=wpmatrix merge=wpmatrix\n",
        )
        .expect("attributes");
        let setup = repo.wpmatrix(&["git-setup"]);
        assert_eq!(setup.code, 0, "{}", setup.stderr);
        std::fs::create_dir(repo.path().join("programmes")).expect("mkdir");
        repo.save(&shipped());
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "2022 programme"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, program: &str, args: &[&str]) -> Run {
        let out = Command::new(program)
            .args(args)
            .current_dir(self.path())
            // Keep the user's own git config out of the test.
            .env("HOME", self.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_PAGER", "cat")
            .env_remove("GIT_EXTERNAL_DIFF")
            .output()
            .expect("runs");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn try_git(&self, args: &[&str]) -> Run {
        self.command("git", args)
    }

    pub fn git(&self, args: &[&str]) -> String {
        let run = self.try_git(args);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
        run.stdout
    }

    pub fn wpmatrix(&self, args: &[&str]) -> Run {
        self.command(BIN, args)
    }

    pub fn file(&self) -> PathBuf {
        self.path().join(FILE)
    }

    pub fn save(&self, programme: &Programme) {
        store::save(&self.file(), programme).expect("save");
    }

    pub fn load(&self) -> (String, Programme) {
        let (text, parsed) = store::load(&self.file()).expect("the programme loads");
        (text, parsed.programme)
    }

    /// Changes the committed programme and commits it.
    pub fn commit_change(&self, message: &str, change: impl FnOnce(&mut Programme)) {
        let mut p = self.load().1;
        change(&mut p);
        self.save(&p);
        self.git(&["commit", "-q", "-am", message]);
    }
}

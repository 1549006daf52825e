//! Scratch git repositories, configured for the tests alone (no user config, fixed dates): an
//! empty one, one with the wpmatrix drivers installed and the shipped 2022 programme committed,
//! and one holding three years of programmes with a history (roll over, adopt, amend).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

use wpmatrix::model::{Programme, Status};
use wpmatrix::store;

/// The shipped programme's place in [`Repo::with_drivers`].
pub const FILE: &str = "programmes/2022.ron";

/// A finished command: exit code and what it printed.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A temporary git repository; every command runs in its top folder.
pub struct Repo {
    pub dir: tempfile::TempDir,
    /// The next commit's minute past 10:00 on 2022-01-01, so hashes and dates do not depend on
    /// the clock.
    tick: std::cell::Cell<u32>,
}

impl Repo {
    /// An empty repository on branch `main`, with its own user, no signing and no automatic
    /// housekeeping after commits (a `git maintenance` run in the background of every test
    /// would only cost time).
    pub fn new() -> Repo {
        Repo::new_in(tempfile::tempdir().expect("tempdir"))
    }

    /// [`Repo::new`] in the empty folder `dir`.
    fn new_in(dir: tempfile::TempDir) -> Repo {
        let repo = Repo {
            dir,
            tick: std::cell::Cell::new(0),
        };
        repo.git(&["init", "-q", "-b", "main"]);
        // Written as `git config` would write it, in one go rather than one git per setting.
        let config = repo.path().join(".git/config");
        let mut text = std::fs::read_to_string(&config).expect("git init wrote its config");
        text.push_str(concat!(
            "[user]\n\tname = Ana Planner\n\temail = ana@example.org\n",
            "[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n",
            "[maintenance]\n\tauto = false\n[gc]\n\tauto = 0\n",
        ));
        std::fs::write(&config, text).expect("config");
        std::fs::create_dir(repo.path().join("programmes")).expect("mkdir");
        repo
    }

    /// A repository with the attributes line, the drivers installed (`wpmatrix git-setup`) and
    /// the shipped 2022 programme committed on `main`: a copy of one made once per test run.
    pub fn with_drivers() -> Repo {
        static MADE: LazyLock<Made> = LazyLock::new(|| Made::of(Repo::make_with_drivers));
        MADE.copy()
    }

    fn make_with_drivers(repo: Repo) -> Repo {
        std::fs::write(
            repo.path().join(".gitattributes"),
            "*.ron text eol=lf\nprogrammes/*.ron diff=wpmatrix merge=wpmatrix\n",
        )
        .expect("attributes");
        let setup = repo.wpmatrix(&["git-setup"]);
        assert_eq!(setup.code, 0, "{}", setup.stderr);
        repo.save(&super::shipped());
        repo.git(&["add", "."]);
        repo.git(&["commit", "-q", "-m", "2022 programme"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `programmes/YEAR.ron` in the repository.
    pub fn file(&self, year: i32) -> PathBuf {
        self.path().join(format!("programmes/{year}.ron"))
    }

    /// Any program in the repository, whatever it answers.
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Run {
        let minute = self.tick.get();
        let date = format!("2022-01-01T10:{:02}:00+01:00", minute % 60);
        let out = super::run::output(
            Command::new(program)
                .args(args)
                .current_dir(self.path())
                // Keep the user's own git config out of the test.
                .env("HOME", self.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_PAGER", "cat")
                .env("GIT_AUTHOR_DATE", &date)
                .env("GIT_COMMITTER_DATE", &date)
                .env("XDG_STATE_HOME", self.path().join(".state"))
                .env_remove("GIT_EXTERNAL_DIFF"),
        );
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// git, whatever it answers.
    pub fn try_git(&self, args: &[&str]) -> Run {
        self.command("git", args)
    }

    /// git, which must succeed; its standard output.
    pub fn git(&self, args: &[&str]) -> String {
        let run = self.try_git(args);
        assert_eq!(run.code, 0, "git {args:?}: {}", run.stderr);
        run.stdout
    }

    /// wpmatrix in the repository, whatever it answers.
    pub fn wpmatrix(&self, args: &[&str]) -> Run {
        self.tick.set(self.tick.get() + 1);
        self.command(super::bin(), args)
    }

    pub fn save(&self, programme: &Programme) {
        store::save(&self.file(programme.year), programme).expect("save");
    }

    pub fn load(&self, year: i32) -> Programme {
        self.read(year).1
    }

    /// A year's programme with its text as on disk.
    pub fn read(&self, year: i32) -> (String, Programme) {
        let (text, parsed) = store::load(&self.file(year)).expect("the programme loads");
        (text, parsed.programme)
    }

    /// Commits everything as it is, a minute after the last commit.
    pub fn commit(&self, message: &str) {
        self.tick.set(self.tick.get() + 1);
        self.git(&["add", "-A", "programmes"]);
        self.git(&["commit", "-q", "-m", message]);
    }

    /// Changes a year's programme and commits it.
    pub fn change(&self, year: i32, message: &str, change: impl FnOnce(&mut Programme)) {
        let mut programme = self.load(year);
        change(&mut programme);
        self.save(&programme);
        self.commit(message);
    }

    /// Three years and their history, oldest first:
    /// 1. the 2021 programme (the shipped one a year earlier, the stakeholder conference and the
    ///    greening seminar done in it);
    /// 2. 2022 rolled over from it (`wpmatrix new`): those two left behind, the rest follow-ups;
    /// 3. 2022 adopted by the PES Board on 2021-12-10 (`wpmatrix adopt`);
    /// 4. 2022 amended: the skills seminar to be confirmed;
    /// 5. a layout-only commit (a blank line);
    /// 6. 2023 rolled over from 2022.
    ///
    /// A copy of one made once per test run.
    pub fn three_years() -> Repo {
        static MADE: LazyLock<Made> = LazyLock::new(|| Made::of(Repo::make_three_years));
        MADE.copy()
    }

    fn make_three_years(repo: Repo) -> Repo {
        let mut old = super::shipped();
        old.year = 2021;
        old.title = "PES Network Work Programme 2021".into();
        old.adopted = None;
        for activity in old
            .clusters
            .iter_mut()
            .flat_map(|c| c.activities.iter_mut())
        {
            activity.start = None;
            activity.end = None;
            if [
                "pes-stakeholder-conference",
                "greening-of-the-labour-market",
            ]
            .contains(&activity.id.as_str())
            {
                activity.status = Status::Done;
            }
        }
        repo.save(&old);
        repo.commit("The 2021 programme");
        let rolled = repo.wpmatrix(&["new", "2022", "--from", "programmes/2021.ron"]);
        assert_eq!(rolled.code, 0, "{}", rolled.stderr);
        repo.commit("2022 rolled over from 2021");
        let adopted = repo.wpmatrix(&[
            "adopt",
            "programmes/2022.ron",
            "--on",
            "2021-12-10",
            "--by",
            "PES Board",
        ]);
        assert_eq!(adopted.code, 0, "{}", adopted.stderr);
        let skills = "future-skills-career-guidance-lifelong-learning";
        repo.change(2022, "Skills seminar to be confirmed", |p| {
            let cell = p.find(skills).expect("carried over");
            p.activity_mut(cell).expect("there").status = Status::Tbc;
        });
        let mut text = std::fs::read_to_string(repo.file(2022)).expect("reads");
        text.push('\n');
        std::fs::write(repo.file(2022), text).expect("writes");
        repo.commit("A blank line");
        let rolled = repo.wpmatrix(&["new", "2023", "--from", "programmes/2022.ron"]);
        assert_eq!(rolled.code, 0, "{}", rolled.stderr);
        repo.commit("2023 rolled over from 2022");
        repo
    }
}

/// A repository made once per test run, copied for each test that asks for it: making one
/// takes some twenty git and wpmatrix runs, a copy none, and the dates are fixed, so a copy has
/// the same commits, hashes and files as a repository made again.
struct Made {
    dir: tempfile::TempDir,
    tick: u32,
}

impl Made {
    /// `make` run on an empty repository in the test run's own folder, which the next run
    /// removes (a static is never dropped, so a temporary folder would be left behind).
    fn of(make: fn(Repo) -> Repo) -> Made {
        let dir = match super::run_folder() {
            Some(run) => tempfile::tempdir_in(run),
            None => tempfile::tempdir(),
        };
        let repo = make(Repo::new_in(dir.expect("tempdir")));
        Made {
            tick: repo.tick.get(),
            dir: repo.dir,
        }
    }

    /// A repository of the test's own with everything the made one has, its next commit a
    /// minute after the made one's last.
    fn copy(&self) -> Repo {
        let dir = tempfile::tempdir().expect("tempdir");
        super::copy_folder(self.dir.path(), dir.path());
        Repo {
            dir,
            tick: std::cell::Cell::new(self.tick),
        }
    }
}

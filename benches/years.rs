//! All the years in one place: switching the editor to another year in a folder of ten
//! generated programmes (its first frame), toggling the comparison with last year, and `log`
//! over a hundred commits of one programme beside `git log -p` on the same file.
//!
//! Under `cargo bench` the sizes are the (10 × 10k activities, 100 commits); under
//! `cargo test --bench years` (CI) they are small, so the bench only proves it still runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: a failed unwrap is a broken bench, with its message"
)]

use std::path::Path;
use std::process::Command;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::commands::{Console, log};
use wpmatrix::model::{Programme, Status};
use wpmatrix::session::StateDir;
use wpmatrix::store;
use wpmatrix::tui::Editor;
use wpmatrix::tui::keymap::Keymap;

mod common;

fn programme(activities: usize, year: i32) -> Programme {
    let mut p = common::generate::programme(activities, u64::from(year.unsigned_abs()));
    p.year = year;
    p
}

/// A folder of `years` programmes of `activities` each, 2015 on, named by year.
fn folder(activities: usize, years: i32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for year in 2015..2015 + years {
        store::save(
            &dir.path().join(format!("{year}.ron")),
            &programme(activities, year),
        )
        .expect("save");
    }
    dir
}

fn open(path: &Path, state: &StateDir) -> Editor {
    let mut editor = Editor::open_in(path, Keymap::default(), state.clone()).expect("opens");
    editor.app.today = None;
    editor
}

fn frame(terminal: &mut Terminal<TestBackend>, editor: &mut Editor) {
    terminal.draw(|f| editor.draw(f)).expect("draw");
}

fn switching(c: &mut Criterion) {
    let activities = if common::measuring() { 10_000 } else { 300 };
    let dir = folder(activities, 10);
    let state_home = tempfile::tempdir().expect("tempdir");
    let state = StateDir::at(state_home.path().join("wpmatrix")).expect("state");
    let newest = dir.path().join("2024.ron");
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("backend");
    c.bench_function(
        "switch to the previous year (first visit) + first frame, 10 programmes",
        |b| {
            b.iter_batched(
                || open(&newest, &state),
                |mut editor| {
                    editor.type_keys("<").expect("keys");
                    frame(&mut terminal, &mut editor);
                    editor
                },
                BatchSize::PerIteration,
            );
        },
    );
    let mut editor = open(&newest, &state);
    editor.type_keys("<").expect("keys");
    c.bench_function(
        "switch between two open years + first frame, 10 programmes",
        |b| {
            b.iter(|| {
                editor.type_keys(">").expect("keys");
                frame(&mut terminal, &mut editor);
                editor.type_keys("<").expect("keys");
                frame(&mut terminal, &mut editor);
            });
        },
    );
    drop(editor);

    let mut editor = open(&newest, &state);
    // Last year open in the session, as a planner comparing would have it.
    editor.type_keys("<>").expect("keys");
    c.bench_function("toggle the comparison on + frame, then off", |b| {
        b.iter(|| {
            editor.type_keys("C").expect("keys");
            frame(&mut terminal, &mut editor);
            editor.type_keys("C").expect("keys");
        });
    });
    // An edit that leaves every match as it was, made while it was off: it is kept meanwhile.
    c.bench_function(
        "toggle the comparison on after a status edit + frame, then off",
        |b| {
            b.iter(|| {
                editor.type_keys("c").expect("keys");
                editor.type_keys("C").expect("keys");
                frame(&mut terminal, &mut editor);
                editor.type_keys("C").expect("keys");
            });
        },
    );
    // A title edit made while it was off may match differently: the comparison is made afresh.
    c.bench_function(
        "toggle the comparison on after a title edit (made afresh) + frame, then off",
        |b| {
            let mut n = 0;
            b.iter(|| {
                n += 1;
                let retitle = format!("t<C-u>Retitled {n}<enter>");
                editor.type_keys(&retitle).expect("keys");
                editor.type_keys("C").expect("keys");
                frame(&mut terminal, &mut editor);
                editor.type_keys("C").expect("keys");
            });
        },
    );
    // The comparison on, an edit (the next status) and the frame after it.
    editor.type_keys("C").expect("keys");
    c.bench_function("an edit with the comparison on + frame", |b| {
        b.iter(|| {
            editor.type_keys("c").expect("keys");
            frame(&mut terminal, &mut editor);
        });
    });
}

/// A repository where `programmes/2022.ron` has `commits` commits, each changing statuses.
fn history(activities: usize, commits: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .output()
            .expect("git");
        assert!(out.status.success(), "git {args:?}: {out:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["config", "user.name", "Bench"]);
    git(&["config", "user.email", "bench@example.org"]);
    git(&["config", "commit.gpgsign", "false"]);
    std::fs::create_dir(dir.path().join("programmes")).expect("mkdir");
    let path = dir.path().join("programmes/2022.ron");
    let mut p = programme(activities, 2022);
    for n in 0..commits {
        let cells: Vec<_> = p.activities().map(|(cell, _)| cell).collect();
        for k in 0..5 {
            let cell = cells[(n * 37 + k * 101) % cells.len()];
            if let Some(a) = p.activity_mut(cell) {
                a.status = a.status.next();
                if a.status == Status::Cancelled {
                    a.notes.push_str(" cancelled");
                }
            }
        }
        store::save(&path, &p).expect("save");
        git(&["add", "programmes"]);
        git(&["commit", "-q", "-m", &format!("change {n}")]);
    }
    dir
}

fn logging(c: &mut Criterion) {
    let (activities, commits) = if common::measuring() {
        (10_000, 100)
    } else {
        (300, 5)
    };
    let repo = history(activities, commits);
    let file = repo.path().join("programmes/2022.ron");
    c.bench_function("wpmatrix log over the commits", |b| {
        b.iter(|| {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let mut console = Console {
                out: &mut out,
                err: &mut err,
                out_is_terminal: false,
                err_is_terminal: false,
                out_width: None,
            };
            log::run(Some(&file), None, None, &mut console).expect("log");
            out.len()
        });
    });
    c.bench_function("baseline: git log -p --no-textconv --no-ext-diff", |b| {
        b.iter(|| {
            let out = Command::new("git")
                .args([
                    "log",
                    "-p",
                    "--no-textconv",
                    "--no-ext-diff",
                    "--",
                    "programmes/2022.ron",
                ])
                .current_dir(repo.path())
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("HOME", repo.path())
                .output()
                .expect("git");
            out.stdout.len()
        });
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = switching, logging
}
criterion_main!(benches);

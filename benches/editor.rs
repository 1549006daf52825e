//! How fast the editor stays on a programme 100 times the real one (3,200 activities):
//! a keystroke that changes an activity (with its undo record and re-validation), undo, moving
//! the selection, and drawing a whole frame; and on generated programmes of 10k and 100k
//! activities: the first frame (opening the file, or `App::new` alone, and one draw), and an
//! edit with its undo, in the state machine alone and through the editor with its recovery file.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "benchmark set-up: a failed unwrap is a broken bench, with its message"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::{Action, App, View, update};
use wpmatrix::model::Programme;
use wpmatrix::session::StateDir;
use wpmatrix::store::to_canonical;
use wpmatrix::tui::Editor;
use wpmatrix::tui::keymap::Keymap;
use wpmatrix::tui::reading::Reading;
use wpmatrix::tui::view::Screen;

mod common;

/// The 2022 programme repeated 100 times, with ids kept unique.
fn large_programme() -> Programme {
    let programme = common::enlarged_2022(100);
    assert_eq!(programme.activity_count(), 3200);
    programme
}

fn large_app() -> App {
    let mut app = App::new(
        large_programme(),
        PathBuf::from("large.ron"),
        String::new(),
        false,
    );
    app.set_viewport_size(8, 6);
    // Somewhere in the middle, so nothing is cheap because it is first.
    for _ in 0..300 {
        update(&mut app, Action::MoveDown);
    }
    app
}

fn editor(c: &mut Criterion) {
    let mut app = large_app();
    c.bench_function("change status + undo, 3200 activities", |b| {
        b.iter(|| {
            update(&mut app, Action::CycleStatus);
            update(black_box(&mut app), Action::Undo);
        });
    });

    let mut app = large_app();
    c.bench_function("move selection, 3200 activities", |b| {
        b.iter(|| {
            update(&mut app, Action::MoveRight);
            update(black_box(&mut app), Action::MoveDown);
        });
    });

    let mut app = large_app();
    c.bench_function("move cluster (whole-programme undo record)", |b| {
        b.iter(|| {
            update(&mut app, Action::MoveClusterDown);
            update(black_box(&mut app), Action::Undo);
        });
    });

    let app = large_app();
    let keymap = Keymap::default();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    c.bench_function("draw a 200x50 frame, 3200 activities", |b| {
        b.iter(|| {
            draw_app(&mut terminal, &app, &keymap);
        });
    });
}

/// A frame of the state machine alone, as the editor draws it.
fn draw_app(terminal: &mut Terminal<TestBackend>, app: &App, keymap: &Keymap) {
    let screen = Screen {
        app,
        keymap,
        textarea: None,
    };
    terminal
        .draw(|frame| frame.render_widget(screen, frame.area()))
        .expect("draw");
}

/// A whole frame of the editor, as the terminal draws it.
fn first_frame(terminal: &mut Terminal<TestBackend>, editor: &mut Editor) {
    terminal.draw(|frame| editor.draw(frame)).expect("draw");
}

fn generated(c: &mut Criterion) {
    // In test mode only 10k: its file is large enough (6 MB) to open with a first screen, which
    // is what the second bench needs.
    let sizes: &[usize] = if common::measuring() {
        &[10_000, 100_000]
    } else {
        &[10_000]
    };
    for &size in sizes {
        let programme = common::generate::programme(size, 7);
        let place = tempfile::tempdir().expect("a temporary folder");
        let file = place.path().join("2022.ron");
        std::fs::write(&file, to_canonical(&programme)).expect("written");
        let state = place.path().join("state");
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
        let mut group = c.benchmark_group(format!("editor {size} activities"));
        group
            .sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(if size >= 100_000 { 8 } else { 2 }));
        group.bench_function(BenchmarkId::new("open + first frame", size), |b| {
            b.iter(|| {
                let state = StateDir::at(state.clone()).expect("state folder");
                let mut editor = Editor::open_in(&file, Keymap::default(), state).expect("opens");
                first_frame(&mut terminal, &mut editor);
            });
        });
        group.bench_function(BenchmarkId::new("first screen while reading", size), |b| {
            b.iter_custom(|iterations| {
                let mut spent = Duration::ZERO;
                for _ in 0..iterations {
                    let state = StateDir::at(state.clone()).expect("state folder");
                    let started = std::time::Instant::now();
                    let reading = Reading::start_in(&file, &Keymap::default(), Some(state))
                        .expect("a first screen");
                    terminal.draw(|frame| reading.draw(frame)).expect("draw");
                    spent += started.elapsed();
                    // The rest of the read is not what is measured, but must not overlap the next.
                    black_box(reading.finish().expect("loads"));
                }
                spent
            });
        });
        group.bench_function(
            BenchmarkId::new("first edit (writes the recovery snapshot)", size),
            |b| {
                b.iter_custom(|iterations| {
                    let mut spent = Duration::ZERO;
                    for _ in 0..iterations {
                        // Opened as the terminal opens a large file: the reading thread made
                        // the fingerprint the snapshot is named by.
                        let state = StateDir::at(state.clone()).expect("state folder");
                        let reading = Reading::start_in(&file, &Keymap::default(), Some(state));
                        let mut editor = reading.expect("a first screen").finish().expect("opens");
                        let started = std::time::Instant::now();
                        editor.dispatch(Action::CycleStatus);
                        spent += started.elapsed();
                        editor.dispatch(Action::Undo);
                    }
                    spent
                });
            },
        );
        group.bench_function(BenchmarkId::new("App::new + first frame", size), |b| {
            b.iter_batched(
                || programme.clone(),
                |programme| {
                    let app = App::new(programme, file.clone(), String::new(), false);
                    let keymap = Keymap::default();
                    draw_app(&mut terminal, &app, &keymap);
                    app
                },
                BatchSize::LargeInput,
            );
        });
        let mut app = App::new(programme.clone(), file.clone(), String::new(), false);
        for _ in 0..(size / 100) {
            update(&mut app, Action::MoveDown);
        }
        group.bench_function(BenchmarkId::new("edit + undo", size), |b| {
            b.iter(|| {
                update(&mut app, Action::CycleStatus);
                update(black_box(&mut app), Action::Undo);
            });
        });
        update(&mut app, Action::SwitchView);
        group.bench_function(BenchmarkId::new("timeline: down + up", size), |b| {
            b.iter(|| {
                update(&mut app, Action::MoveDown);
                update(black_box(&mut app), Action::MoveUp);
            });
        });
        let keymap = Keymap::default();
        group.bench_function(
            BenchmarkId::new("timeline: draw a 200x50 frame", size),
            |b| {
                b.iter(|| {
                    draw_app(&mut terminal, &app, &keymap);
                });
            },
        );
        // Tab again: the statistics view, its counts kept between frames.
        update(&mut app, Action::SwitchView);
        group.bench_function(
            BenchmarkId::new("statistics: draw a 200x50 frame", size),
            |b| {
                b.iter(|| {
                    draw_app(&mut terminal, &app, &keymap);
                });
            },
        );
        // An edit (made in the grid) and its undo, then the statistics' next frame: the edited
        // cluster is counted again, the others kept.
        group.bench_function(
            BenchmarkId::new("statistics: edit + undo + a 200x50 frame", size),
            |b| {
                b.iter(|| {
                    app.views.view = View::Grid;
                    update(&mut app, Action::CycleStatus);
                    update(black_box(&mut app), Action::Undo);
                    app.views.view = View::Statistics;
                    draw_app(&mut terminal, &app, &keymap);
                });
            },
        );
        update(&mut app, Action::SwitchView);
        // A filter with words and a search in force: both follow every change.
        let typed = |app: &mut App, text: &str| {
            for c in text.chars() {
                update(app, Action::Type(c));
            }
            update(app, Action::Accept);
        };
        update(&mut app, Action::FilterActivities);
        typed(&mut app, "status:planned,tbc,ongoing skills");
        update(&mut app, Action::Search);
        typed(&mut app, "guidance");
        assert!(app.filter().is_some() && !app.search_hits().is_empty());
        group.bench_function(
            BenchmarkId::new("edit + undo, filter and search in force", size),
            |b| {
                b.iter(|| {
                    update(&mut app, Action::CycleStatus);
                    update(black_box(&mut app), Action::Undo);
                });
            },
        );
        drop(app);
        let state_dir = StateDir::at(state.clone()).expect("state folder");
        let mut editor = Editor::open_in(&file, Keymap::default(), state_dir).expect("opens");
        // One change kept, so the loop below keeps the recovery file and adds to it.
        editor.dispatch(Action::CycleStatus);
        for _ in 0..(size / 100) {
            editor.dispatch(Action::MoveDown);
        }
        group.bench_function(
            BenchmarkId::new("edit + undo with recovery file", size),
            |b| {
                b.iter(|| {
                    editor.dispatch(Action::CycleStatus);
                    editor.dispatch(Action::Undo);
                });
            },
        );
        group.finish();
    }
}

/// 100k activities in the six clusters of the real programme (about 16,700 each), and all in
/// one: an edit must cost its run of activities, not its cluster.
fn few_large_clusters(c: &mut Criterion) {
    for clusters in [6, 1] {
        large_clusters(c, clusters);
    }
}

fn large_clusters(c: &mut Criterion, clusters: usize) {
    let mut programme = common::generate::programme(common::size(100_000), 7);
    let activities: Vec<_> = programme
        .clusters
        .iter_mut()
        .flat_map(|c| std::mem::take(&mut c.activities))
        .collect();
    programme.clusters.truncate(clusters);
    let per = activities.len().div_ceil(clusters);
    for (cluster, chunk) in programme.clusters.iter_mut().zip(activities.chunks(per)) {
        cluster.activities = chunk.to_vec();
    }
    let place = tempfile::tempdir().expect("a temporary folder");
    let file = place.path().join("2022.ron");
    std::fs::write(&file, to_canonical(&programme)).expect("written");
    let state = StateDir::at(place.path().join("state")).expect("state folder");
    let mut editor = Editor::open_in(&file, Keymap::default(), state).expect("opens");
    editor.dispatch(Action::CycleStatus);
    let mut group = c.benchmark_group(format!("editor 100000 activities in {clusters} clusters"));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("edit + undo with recovery file", |b| {
        b.iter(|| {
            editor.dispatch(Action::CycleStatus);
            editor.dispatch(Action::Undo);
        });
    });
    for keys in [
        &[Action::FilterActivities][..],
        &"status:planned,tbc,ongoing skills"
            .chars()
            .map(Action::Type)
            .collect::<Vec<_>>(),
        &[Action::Accept, Action::Search],
        &"guidance".chars().map(Action::Type).collect::<Vec<_>>(),
        &[Action::Accept],
    ] {
        for key in keys {
            editor.dispatch(key.clone());
        }
    }
    assert!(editor.app.filter().is_some() && !editor.app.search_hits().is_empty());
    group.bench_function("edit + undo, filter and search in force", |b| {
        b.iter(|| {
            editor.dispatch(Action::CycleStatus);
            editor.dispatch(Action::Undo);
        });
    });
    group.finish();
}

/// One description of 100 MB (the programme otherwise the real one): a key that edits another
/// activity, or types a search, costs what it costs without it, frame included, while the
/// huge cell is on screen.
fn huge_description(c: &mut Criterion) {
    let mut programme = common::enlarged_2022(1);
    // 1 MB in test mode: making and searching 100 MB unoptimised was half of the benches' run.
    let bytes = if common::measuring() {
        100 << 20
    } else {
        1 << 20
    };
    let mut description = String::with_capacity(bytes);
    while description.len() < bytes {
        description
            .push_str("Mutual learning on Public Employment Services, événements et ateliers. ");
    }
    programme.clusters[0].activities[0].description = description;
    let place = tempfile::tempdir().expect("a temporary folder");
    let file = place.path().join("2022.ron");
    std::fs::write(&file, to_canonical(&programme)).expect("written");
    drop(programme);
    let state = StateDir::at(place.path().join("state")).expect("state folder");
    let mut editor = Editor::open_in(&file, Keymap::default(), state).expect("opens");
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    // The first edit writes the recovery snapshot (once per session); not what is measured.
    editor.dispatch(Action::MoveRight);
    editor.dispatch(Action::CycleStatus);
    let mut group = c.benchmark_group(format!("editor with a {} MB description", bytes >> 20));
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(4));
    group.bench_function("edit + undo elsewhere, with frames", |b| {
        b.iter(|| {
            editor.dispatch(Action::CycleStatus);
            first_frame(&mut terminal, &mut editor);
            editor.dispatch(Action::Undo);
            first_frame(&mut terminal, &mut editor);
        });
    });
    group.bench_function("move + frame", |b| {
        b.iter(|| {
            editor.dispatch(Action::MoveLeft);
            first_frame(&mut terminal, &mut editor);
            editor.dispatch(Action::MoveRight);
            first_frame(&mut terminal, &mut editor);
        });
    });
    // The texts are folded once when typing starts; each key then looks through them.
    editor.dispatch(Action::Search);
    editor.dispatch(Action::Type('w'));
    group.bench_function("search: a key typed + frame", |b| {
        b.iter(|| {
            editor.dispatch(Action::Type('o'));
            first_frame(&mut terminal, &mut editor);
            editor.dispatch(Action::Backspace);
            first_frame(&mut terminal, &mut editor);
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    editor,
    generated,
    few_large_clusters,
    huge_description
);
criterion_main!(benches);

//! How fast the editor stays on a programme 100 times the real one (3,200 activities):
//! a keystroke that changes an activity (with its undo record and re-validation), undo, moving
//! the selection, and drawing a whole frame.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::{Action, App, update};
use wpmatrix::model::Programme;
use wpmatrix::tui::keymap::Keymap;
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
        })
    });

    let mut app = large_app();
    c.bench_function("move selection, 3200 activities", |b| {
        b.iter(|| {
            update(&mut app, Action::MoveRight);
            update(black_box(&mut app), Action::MoveDown);
        })
    });

    let mut app = large_app();
    c.bench_function("move cluster (whole-programme undo record)", |b| {
        b.iter(|| {
            update(&mut app, Action::MoveClusterDown);
            update(black_box(&mut app), Action::Undo);
        })
    });

    let app = large_app();
    let keymap = Keymap::default();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    c.bench_function("draw a 200x50 frame, 3200 activities", |b| {
        b.iter(|| {
            terminal
                .draw(|frame| {
                    frame.render_widget(
                        Screen {
                            app: &app,
                            keymap: &keymap,
                            textarea: None,
                        },
                        frame.area(),
                    )
                })
                .expect("draw");
        })
    });
}

criterion_group!(benches, editor);
criterion_main!(benches);

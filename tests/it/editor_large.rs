//! A large file opens on its first screen while the rest of it is read (`tui/reading.rs`): the
//! first screen is the programme's first clusters, the editor then has all of it, keys pressed
//! meanwhile count, and a file broken past its first screen still reaches the repair screen.

use crate::common;

use crate::generate;

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::model::Programme;
use wpmatrix::session::StateDir;
use wpmatrix::store::{LoadError, to_canonical};
use wpmatrix::tui::keymap::Keymap;
use wpmatrix::tui::reading::{FIRST_SCREEN_FROM, Reading};

/// A generated programme of 5,000 activities in a file of its own.
fn large_file(dir: &Path) -> (PathBuf, Programme) {
    let programme = generate::programme(5_000, 5);
    let path = dir.join("2022.ron");
    let text = to_canonical(&programme);
    assert!(
        text.len() as u64 >= FIRST_SCREEN_FROM,
        "{} bytes",
        text.len()
    );
    std::fs::write(&path, text).unwrap();
    (path, programme)
}

fn start(path: &Path, dir: &Path) -> Option<Reading> {
    let state = StateDir::at(dir.join("state")).unwrap();
    Reading::start_in(path, &Keymap::default(), Some(state))
}

fn screen(reading: &Reading) -> String {
    let mut terminal = Terminal::new(TestBackend::new(120, 30)).unwrap();
    terminal.draw(|frame| reading.draw(frame)).unwrap();
    let buffer = terminal.backend().buffer();
    buffer
        .content()
        .chunks(120)
        .map(|row| {
            row.iter()
                .map(ratatui::buffer::Cell::symbol)
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_first_screen_shows_the_first_clusters_then_the_editor_has_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let (path, whole) = large_file(dir.path());
    let mut reading = start(&path, dir.path()).expect("a large canonical file gets a first screen");
    let first = &reading.first_screen().programme;
    assert!(!first.clusters.is_empty() && first.clusters.len() < whole.clusters.len());
    assert_eq!(first.clusters[..], whole.clusters[..first.clusters.len()]);
    assert_eq!(first.title, whole.title);
    let shown = screen(&reading);
    assert!(shown.contains(&whole.title), "{shown}");
    assert!(
        shown.contains("READING") && shown.contains("reading the rest"),
        "{shown}"
    );
    // A key pressed before the rest is read is not lost: `c` changes the first status.
    reading.keep_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE));
    let editor = reading.finish().expect("the whole file loads");
    assert_eq!(editor.app.programme.clusters.len(), whole.clusters.len());
    // The reading thread fingerprinted the text, so the first edit does not have to.
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        editor.app.disk_fingerprint().get(),
        Some(&wpmatrix::session::recovery::fingerprint(&on_disk))
    );
    assert_eq!(editor.app.reading, None);
    assert!(editor.app.is_dirty(), "the kept key made its change");
    let changed = &editor.app.programme.clusters[0].activities[0];
    assert_ne!(changed.status, whole.clusters[0].activities[0].status);
    assert_eq!(editor.app.programme.clusters[1..], whole.clusters[1..]);
}

#[test]
fn small_files_and_files_not_laid_out_canonically_open_as_usual() {
    let dir = tempfile::tempdir().unwrap();
    let small = common::copy_of_2022(dir.path());
    assert!(start(&small, dir.path()).is_none());
    let (path, _) = large_file(dir.path());
    let one_line = std::fs::read_to_string(&path).unwrap().replace('\n', " ");
    std::fs::write(&path, one_line).unwrap();
    assert!(start(&path, dir.path()).is_none());
}

#[test]
fn a_file_broken_past_its_first_screen_gets_the_same_problems_as_when_opened_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = large_file(dir.path());
    let text = std::fs::read_to_string(&path).unwrap();
    let last = text.rfind("status: ").unwrap();
    let end = last + text[last..].find(',').unwrap();
    let broken = format!("{}status: planed{}", &text[..last], &text[end..]);
    std::fs::write(&path, broken).unwrap();
    let reading = start(&path, dir.path()).expect("the first clusters are fine");
    let Err(error) = reading.finish() else {
        panic!("a broken file does not open");
    };
    let Err(whole) = wpmatrix::store::load(&path) else {
        panic!("a broken file does not load");
    };
    assert!(matches!(error, LoadError::Invalid { .. }));
    assert_eq!(error.to_string(), whole.to_string());
    assert!(
        error.to_string().contains("unknown status \"planed\""),
        "{error}"
    );
}

#[test]
fn a_title_typed_and_pasted_before_the_rest_is_read_is_applied_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (path, whole) = large_file(dir.path());
    let mut reading = start(&path, dir.path()).expect("a first screen");
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    // `t` opens the title box, Ctrl-u clears it, the paste goes in, Enter accepts.
    reading.keep_key(key(KeyCode::Char('t')));
    reading.keep_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
    reading.keep_paste("Pasted\nbefore the read".into());
    reading.keep_key(key(KeyCode::Enter));
    let editor = reading.finish().expect("loads");
    let title = &editor.app.programme.clusters[0].activities[0].title;
    assert_eq!(title, "Pasted before the read");
    assert_ne!(title, &whole.clusters[0].activities[0].title);
}

#[test]
fn in_screen_reader_mode_the_first_screen_is_spoken_and_says_the_rest_is_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = large_file(dir.path());
    let mut reading = start(&path, dir.path()).expect("a large canonical file gets a first screen");
    reading.screen_reader = true;
    let spoken = screen(&reading);
    let first_line = spoken.lines().next().unwrap_or_default();
    assert!(
        first_line.starts_with("Cluster 1 of "),
        "the cursor's line says where you are: {first_line:?}"
    );
    assert!(
        spoken.contains("Not all read yet: reading the rest ("),
        "{spoken}"
    );
    // No columns, boxes or bars: nothing drawn from the box-drawing and block ranges.
    assert!(
        !spoken
            .chars()
            .any(|c| ('\u{2500}'..='\u{259f}').contains(&c)),
        "{spoken}"
    );
    reading.screen_reader = false;
    assert!(
        screen(&reading)
            .chars()
            .any(|c| ('\u{2500}'..='\u{257f}').contains(&c)),
        "the usual first screen has its boxes"
    );
    reading.finish().unwrap();
}

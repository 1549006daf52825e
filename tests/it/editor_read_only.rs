//! A file without write permission opens read-only: the status line says so, saving is refused
//! with the reason and the way out, and once the permission is back a save goes through.
#![cfg(unix)]

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;

use common::Place;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

#[test]
fn a_read_only_file_opens_read_only_and_refuses_to_save_with_a_way_out() {
    let place = Place::new();
    fs::set_permissions(&place.path, fs::Permissions::from_mode(0o444)).unwrap();
    let before = place.on_disk();
    let mut editor = place.open();
    assert!(editor.app.read_only);
    let message = editor.app.message.clone().unwrap().text;
    assert!(message.starts_with("Read-only:"), "{message}");

    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| editor.draw(f)).unwrap();
    let screen = terminal.backend().to_string();
    assert!(screen.contains("2022.ron READ-ONLY"), "{screen}");

    editor.type_keys("c<C-s>").unwrap();
    let message = editor.app.message.clone().unwrap();
    assert!(message.is_error);
    assert!(message.text.contains("is read-only"), "{}", message.text);
    assert!(
        message
            .text
            .contains(&format!("chmod u+w {}", place.path.display())),
        "{}",
        message.text
    );
    assert_eq!(place.on_disk(), before, "the file is not replaced");
    assert!(editor.app.is_dirty());
    assert!(place.recovery().exists(), "the change is still kept");

    // The way out: give the file write permission, then save.
    fs::set_permissions(&place.path, fs::Permissions::from_mode(0o644)).unwrap();
    editor.type_keys("<C-s>").unwrap();
    assert!(!editor.app.is_dirty(), "{:?}", editor.app.message);
    assert!(!editor.app.read_only);
    assert!(place.on_disk().contains("status: tbc,"));
}

//! The editor started headless with a given key file: its problems listed in full at the top of
//! help at start, the ways out kept, and help showing the keys as they are bound.

use crate::common;

use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use wpmatrix::app::Mode;
use wpmatrix::tui::Editor;

struct Started {
    _place: common::Place,
    _config: tempfile::TempDir,
    key_file: PathBuf,
    editor: Editor,
    terminal: Terminal<TestBackend>,
}

fn start_with_keys(bytes: &[u8], width: u16, height: u16) -> Started {
    let place = common::Place::new();
    let config = tempfile::tempdir().unwrap();
    let key_file = config.path().join("keys.conf");
    std::fs::write(&key_file, bytes).unwrap();
    let editor = Editor::open_with_keys(&place.path, &key_file, place.state.clone()).unwrap();
    let mut started = Started {
        _place: place,
        _config: config,
        key_file,
        editor,
        terminal: Terminal::new(TestBackend::new(width, height)).unwrap(),
    };
    started.draw();
    started
}

impl Started {
    fn draw(&mut self) {
        let editor = &mut self.editor;
        self.terminal.draw(|f| editor.draw(f)).unwrap();
    }

    fn keys(&mut self, keys: &str) {
        self.editor.type_keys(keys).unwrap();
        self.draw();
    }

    /// The rows inside the help popup's frame.
    fn help_rows(&self) -> Vec<String> {
        let buffer = self.terminal.backend().buffer();
        let rows: Vec<Vec<String>> = (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect()
            })
            .collect();
        let top = rows
            .iter()
            .position(|r| r.concat().contains("Keys (as bound)"))
            .expect("help is open");
        let left = rows[top].iter().position(|c| c == "┌").unwrap();
        let right = rows[top].iter().rposition(|c| c == "┐").unwrap();
        rows[top + 1..]
            .iter()
            .take_while(|r| r[left] != "└")
            .map(|r| r[left + 1..right].concat())
            .collect()
    }

    /// The help popup's text with its rows joined, so a wrapped message reads whole.
    fn screen_text(&self) -> String {
        self.help_rows().join(" ")
    }
}

#[test]
fn a_key_file_unbinding_quit_save_and_help_still_lets_the_user_out() {
    let mut s = start_with_keys(b"grid quit\ngrid save\ngrid help\ngrid fly x\n", 100, 40);
    let path = s.key_file.display().to_string();
    assert!(matches!(s.editor.app.mode, Mode::Help { .. }));
    assert_eq!(
        s.editor.app.setup_problems,
        [
            format!("{path}:1: quit in grid mode must keep a key, or there is no way out; kept q"),
            format!("{path}:3: help in grid mode must keep a key, or there is no way out; kept ?"),
            format!(
                "{path}:4: unknown action \"fly\"; the help screen (?) lists every action by name"
            ),
        ]
    );
    let screen = s.screen_text();
    for problem in &s.editor.app.setup_problems {
        // Shown in full (wrapped), not cut off.
        let words: Vec<&str> = problem.split_whitespace().collect();
        let shown: Vec<&str> = screen.split_whitespace().collect();
        assert!(
            shown.windows(words.len()).any(|w| w == words.as_slice()),
            "{problem} not shown whole in\n{screen}"
        );
    }
    let status = s.editor.app.message.clone().unwrap();
    assert_eq!(
        status.text,
        "The key file has 3 problems: listed at the top of help (?)."
    );
    // Out of help, then out of the editor: q still quits.
    s.keys("<esc>");
    assert!(matches!(s.editor.app.mode, Mode::Normal));
    s.keys("?");
    assert!(matches!(s.editor.app.mode, Mode::Help { .. }));
    assert!(s.screen_text().contains("unknown action \"fly\""));
    s.keys("<esc>q");
    assert!(s.editor.quit);
}

#[test]
fn a_key_file_that_is_not_utf8_is_reported_and_the_defaults_kept() {
    let mut s = start_with_keys(b"grid quit Z\n# caf\xe9\n", 100, 40);
    let path = s.key_file.display().to_string();
    assert_eq!(
        s.editor.app.setup_problems,
        [format!(
            "{path}:2: not UTF-8 (byte 17); the whole file is ignored and the default keys are used"
        )]
    );
    s.keys("<esc>Z");
    assert!(!s.editor.quit, "the file's binding must not apply");
    s.keys("q");
    assert!(s.editor.quit);
}

#[test]
fn a_good_key_file_opens_the_grid_and_help_shows_the_keys_as_bound() {
    let mut s = start_with_keys(b"grid save <C-w>\ngrid quit j\n", 100, 120);
    assert!(matches!(s.editor.app.mode, Mode::Help { .. }));
    let path = s.key_file.display().to_string();
    assert_eq!(
        s.editor.app.setup_problems,
        [format!(
            "{path}:2: j in grid mode was bound to down by default; it now means quit (the later line wins)"
        )]
    );
    s.keys("<esc>");
    let clean = start_with_keys(b"grid save <C-w>\n", 100, 120);
    assert!(matches!(clean.editor.app.mode, Mode::Normal));
    assert!(clean.editor.app.setup_problems.is_empty());
    let mut s = clean;
    s.keys("?");
    let rows = s.help_rows();
    // The help is laid out in columns: an entry is its keys, then the action's name.
    let bound = |keys: &str, name: &str| {
        rows.iter().any(|r| {
            r.match_indices(keys).any(|(i, _)| {
                let rest = r[i + keys.len()..].trim_start();
                rest.strip_prefix(name)
                    .is_some_and(|after| after.is_empty() || after.starts_with(' '))
            })
        })
    };
    assert!(bound("<C-w>", "save"), "{rows:#?}");
    // Save leads the essentials, at the top of the first column, with the key file's key only.
    let first_save = rows
        .iter()
        .find(|r| r.contains(" save"))
        .expect("help lists save");
    assert!(first_save.trim_start().starts_with("<C-w>"), "{first_save}");
    assert!(bound("<down> j", "down"), "{rows:#?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_key_file_opens_the_editor_with_the_reason_at_the_top_of_help() {
    let place = common::Place::new();
    let config = tempfile::tempdir().unwrap();
    let key_file = config.path().join("keys.conf");
    let made = std::process::Command::new("mkfifo")
        .arg(&key_file)
        .status()
        .unwrap();
    assert!(made.success());
    let (path, state, keys) = (place.path.clone(), place.state.clone(), key_file.clone());
    let (sent, received) = std::sync::mpsc::channel();
    // On its own thread: an editor that waited for a writer would fail here instead of hanging.
    std::thread::spawn(move || {
        let editor = Editor::open_with_keys(&path, &keys, state).unwrap();
        let help = matches!(editor.app.mode, Mode::Help { .. });
        sent.send((help, editor.app.setup_problems.clone())).ok();
    });
    let (help, problems) = received
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the editor opened without waiting on the FIFO");
    assert!(help, "help opens at start to show the problem");
    assert_eq!(
        problems,
        [format!(
            "{}: cannot be read (is not a regular file (a FIFO); wpmatrix reads only regular files); the default keys are used",
            key_file.display()
        )]
    );
}

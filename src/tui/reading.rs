//! A large file's first screen while the rest of it is read. The programme's own fields and its
//! first clusters are read alone (a small part of the file) and drawn at once; the whole file
//! is read on another thread, and the editor opens on it (and checks it) as soon as that is done.
//! Until then nothing can be changed: keys wait, and quitting leaves at once.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;

use super::editor::Editor;
use super::keymap::{KeyMode, Keymap};
use super::keys::Key;
use super::view::Screen;
use crate::app::{Action, App};
use crate::session::StateDir;
use crate::session::recovery::fingerprint;
use crate::store::{self, LoadError, Parsed, Rejection};

/// Files from this size get a first screen before they are read whole (about 3,000
/// activities, read in roughly a tenth of a second).
pub const FIRST_SCREEN_FROM: u64 = 2 * 1024 * 1024;

/// About how much of the file the first screen reads: far more clusters than a screen holds.
const FIRST_SCREEN_BYTES: usize = 512 * 1024;

/// A file being read, and its first screen.
pub struct Reading {
    first_screen: App,
    keymap: Keymap,
    path: PathBuf,
    whole: JoinHandle<Whole>,
    /// Where the recovery files go: the user's state folder unless a test says.
    state: Option<StateDir>,
    /// Keys pressed and text pasted while reading, for the editor once it opens.
    typed: Vec<Typed>,
    /// Screen-reader mode: the first screen is spoken, as the editor's screens are.
    pub screen_reader: bool,
}

/// The whole file as the reading thread leaves it: its text, what it holds, and the text's
/// fingerprint (made there too, so the first edit does not wait for it).
type Whole = (String, Result<Parsed, Rejection>, Option<String>);

/// What the user did before the editor was there to take it.
enum Typed {
    Key(KeyEvent),
    Paste(String),
}

impl Reading {
    /// Starts reading `path` on another thread, with its first screen read already; `None`
    /// when a first screen does not pay (a small file) or cannot be made (a file that cannot
    /// be read as text, or is not laid out as the canonical writer lays it out): then the file
    /// is opened as usual, with its usual messages.
    pub fn start(path: &Path, keymap: &Keymap) -> Option<Reading> {
        Self::start_in(path, keymap, None)
    }

    /// [`Reading::start`] with the recovery files in `state`.
    pub fn start_in(path: &Path, keymap: &Keymap, state: Option<StateDir>) -> Option<Reading> {
        let size = std::fs::metadata(path).ok()?.len();
        if size < FIRST_SCREEN_FROM {
            return None;
        }
        let text = String::from_utf8(store::read_file(path).ok()?).ok()?;
        let programme = store::preview(&text, FIRST_SCREEN_BYTES)?;
        let mut first_screen = App::new(programme, path.to_path_buf(), String::new(), false);
        first_screen.reading = Some(format!(
            "reading the rest ({:.0} MB)…",
            size as f64 / 1_048_576.0
        ));
        let whole = std::thread::Builder::new()
            .name("read".into())
            .spawn(move || {
                let parsed = store::parse(&text);
                let fingerprint = parsed.is_ok().then(|| fingerprint(&text));
                (text, parsed, fingerprint)
            })
            .ok()?;
        Some(Reading {
            first_screen,
            keymap: keymap.clone(),
            path: path.to_path_buf(),
            whole,
            state,
            typed: Vec::new(),
            screen_reader: false,
        })
    }

    pub fn draw(&self, frame: &mut Frame) {
        if self.screen_reader {
            let spoken = super::speech::SpokenScreen {
                app: &self.first_screen,
                keymap: &self.keymap,
                textarea: None,
            };
            let cursor = spoken.cursor(frame.area());
            frame.render_widget(spoken, frame.area());
            frame.set_cursor_position(cursor);
            return;
        }
        frame.render_widget(
            Screen {
                app: &self.first_screen,
                keymap: &self.keymap,
                textarea: None,
            },
            frame.area(),
        );
    }

    /// The programme on the first screen (its first clusters).
    pub fn first_screen(&self) -> &App {
        &self.first_screen
    }

    /// The first screen's state, to show it as the editor's views are (another year's).
    pub fn first_screen_mut(&mut self) -> &mut App {
        &mut self.first_screen
    }

    /// A key pressed before the file is read: kept for the editor.
    pub fn keep_key(&mut self, key: KeyEvent) {
        self.typed.push(Typed::Key(key));
    }

    /// Text pasted before the file is read: kept for the editor.
    pub fn keep_paste(&mut self, text: String) {
        self.typed.push(Typed::Paste(text));
    }

    /// Whether the whole file has been read.
    pub fn is_done(&self) -> bool {
        self.whole.is_finished()
    }

    /// Whether a key asks to leave while the file is read: the quit key, or Ctrl-c.
    pub fn is_quit(&self, key: KeyEvent) -> bool {
        let interrupt =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        let quit = self.keymap.action(KeyMode::Normal, Key::from(key)) == Some(&Action::Quit);
        interrupt || quit
    }

    /// The editor on the whole file, once read (waiting for it if need be), with the keys
    /// pressed and text pasted meanwhile applied; or why the file is not a programme.
    pub fn finish(self) -> Result<Editor, LoadError> {
        let Reading {
            keymap,
            path,
            whole,
            state,
            typed,
            ..
        } = self;
        let (text, parsed, fingerprint) = whole
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(rejection) => {
                return Err(LoadError::Invalid {
                    path,
                    text: Some(text),
                    rejection,
                });
            }
        };
        let mut editor = match state {
            Some(state) => Editor::from_loaded_in(&path, text, parsed, keymap, state),
            None => Editor::from_loaded(&path, text, parsed, keymap),
        };
        if let Some(fingerprint) = fingerprint {
            editor.app.know_disk_fingerprint(fingerprint);
        }
        for typed in typed {
            match typed {
                Typed::Key(key) => editor.handle_key(key),
                Typed::Paste(text) => editor.handle_paste(&text),
            }
        }
        Ok(editor)
    }
}

//! The editor as the terminal sees it: the state machine, the keymap, the text editor widget,
//! and the file I/O that [`Effect`]s ask for. Drawn into any ratatui backend, so tests drive it
//! with key strings and a `TestBackend`.

use std::io;
use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea};

use super::keymap::{KeyMode, Keymap};
use super::keys::{Key, parse_keys};
use super::view::{Screen, ScreenLayout};
use crate::app::{Action, App, Effect, Message, Reloaded};
use crate::session::recovery;
use crate::store::{self, LoadError};

/// The running editor.
pub struct Editor {
    pub app: App,
    pub keymap: Keymap,
    /// The text editor while one is open.
    pub textarea: Option<TextArea<'static>>,
    /// The editor is done and the terminal can be given back.
    pub quit: bool,
    /// The screen size of the last frame, for mouse clicks.
    area: Rect,
    /// The revision last written to the recovery file (or found clean).
    recorded_revision: u64,
    /// A recovery file of this session's (or a recovered one) is on disk.
    recovery_on_disk: bool,
    /// This session's claim on the file's recovery; none while another session has the file.
    recovery: Option<recovery::Session>,
    /// Writing the recovery file failed last time (said once, not after every key).
    recovery_failing: bool,
}

impl Editor {
    /// Loads a programme file into a new editor.
    pub fn open(path: &Path, keymap: Keymap) -> Result<Editor, LoadError> {
        let (text, parsed) = store::load(path)?;
        let has_comments = !parsed.comments.is_empty();
        let mut app = App::new(parsed.programme, PathBuf::from(path), text, has_comments);
        let (recovery, recovery_on_disk) = Self::take_up_recovery(&mut app);
        let recorded_revision = app.revision();
        Ok(Editor {
            app,
            keymap,
            textarea: None,
            quit: false,
            area: Rect::default(),
            recorded_revision,
            recovery_on_disk,
            recovery,
            recovery_failing: false,
        })
    }

    /// Claims the file's recovery for this session and puts back what a session that died left
    /// there. Returns the claim (none when another session has the file open) and whether a
    /// recovery file is on disk.
    fn take_up_recovery(app: &mut App) -> (Option<recovery::Session>, bool) {
        let path = app.path.clone();
        let session = match recovery::Session::claim(&path) {
            Ok(Some(session)) => session,
            Ok(None) => {
                app.message = Some(Message {
                    text: "This file is open in another wpmatrix session; this one keeps no recovery file."
                        .into(),
                    is_error: true,
                });
                return (None, false);
            }
            Err(e) => {
                app.message = Some(Message {
                    text: format!("No recovery file for this session: {e}"),
                    is_error: true,
                });
                return (None, false);
            }
        };
        let on_disk = match recovery::read(&path) {
            recovery::Found::Nothing => false,
            recovery::Found::Programme { programme, .. } if *programme == app.programme => {
                recovery::remove(&path).is_err()
            }
            recovery::Found::Programme { programme, base } => {
                let from = recovery::path_for(&path).display().to_string();
                app.recover(*programme, &from);
                if base != recovery::fingerprint(&app.disk_text) {
                    // The file changed after those edits were made: saving must ask first.
                    app.disk_text.clear();
                    app.warn(format!(
                        "Recovered unsaved changes from {from}, made before the file last changed; \
                         saving will ask before overwriting it."
                    ));
                }
                true
            }
            recovery::Found::Unreadable(at) => match recovery::keep_aside(&at) {
                Ok(kept) => {
                    app.message = Some(Message {
                        text: format!(
                            "{} cannot be read as a recovery file; kept as {}.",
                            at.display(),
                            kept.display()
                        ),
                        is_error: true,
                    });
                    false
                }
                Err(e) => {
                    // Left where it is, and this session writes none over it.
                    app.message = Some(Message {
                        text: format!(
                            "{} cannot be read as a recovery file, nor moved aside ({e}); this session keeps no recovery file.",
                            at.display()
                        ),
                        is_error: true,
                    });
                    return (None, false);
                }
            },
        };
        (Some(session), on_disk)
    }

    /// Keeps the recovery file in step with the unsaved changes: written while there are any,
    /// removed once they are saved or, on quitting, discarded.
    fn keep_recovery(&mut self) {
        if self.recovery.is_none() {
            return;
        }
        let path = &self.app.path;
        let revision = self.app.revision();
        if self.quit || !self.app.is_dirty() {
            if self.recovery_on_disk && recovery::remove(path).is_ok() {
                self.recovery_on_disk = false;
            }
        } else if revision != self.recorded_revision || !self.recovery_on_disk {
            match recovery::write(path, &self.app.programme, &self.app.disk_text) {
                Ok(()) => {
                    self.recovery_on_disk = true;
                    self.recovery_failing = false;
                }
                Err(e) => {
                    let showing_error = self.app.message.as_ref().is_some_and(|m| m.is_error);
                    if !self.recovery_failing && !showing_error {
                        self.app.message = Some(Message {
                            text: format!("Cannot write the recovery file: {e}"),
                            is_error: true,
                        });
                    }
                    self.recovery_failing = true;
                }
            }
        }
        self.recorded_revision = revision;
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, event: KeyEvent) {
        let key = Key::from(event);
        let mode = KeyMode::of(&self.app.mode);
        if let Some(action) = self.keymap.action(mode, key).cloned() {
            let action = match (mode, action) {
                (KeyMode::Line | KeyMode::Text, Action::Done) => {
                    let text = self
                        .textarea
                        .take()
                        .map(|t| t.lines().join("\n"))
                        .unwrap_or_default();
                    Action::TextSubmitted(text)
                }
                (KeyMode::Line | KeyMode::Text, Action::Cancel) => {
                    self.textarea = None;
                    Action::Cancel
                }
                (_, action) => action,
            };
            self.dispatch(action);
            return;
        }
        match mode {
            KeyMode::Line | KeyMode::Text => {
                if let Some(textarea) = &mut self.textarea {
                    textarea.input(event);
                }
            }
            _ if mode.types_text() => {
                if let Some(c) = key.typed_char() {
                    self.dispatch(Action::Type(c));
                }
            }
            _ => {}
        }
    }

    /// Types a key string such as `"jjl s<down><enter>"`.
    pub fn type_keys(&mut self, keys: &str) -> Result<(), String> {
        for key in parse_keys(keys)? {
            self.handle_key(key.event());
            if self.quit {
                break;
            }
        }
        Ok(())
    }

    /// Handles the mouse: a click selects a cell, the wheel scrolls.
    pub fn handle_mouse(&mut self, event: MouseEvent) {
        let Some(layout) = ScreenLayout::new(self.area, self.app.programme.clusters.len()) else {
            return;
        };
        let action = match event.kind {
            MouseEventKind::Down(_) => layout
                .grid
                .cell_at(&self.app, event.column, event.row)
                .map(Action::Select),
            MouseEventKind::ScrollDown => Some(Action::ScrollRows(1)),
            MouseEventKind::ScrollUp => Some(Action::ScrollRows(-1)),
            MouseEventKind::ScrollRight => Some(Action::ScrollColumns(1)),
            MouseEventKind::ScrollLeft => Some(Action::ScrollColumns(-1)),
            _ => None,
        };
        if let Some(action) = action {
            self.dispatch(action);
        }
    }

    /// Applies an action and carries out what it asks for, until nothing more is asked.
    pub fn dispatch(&mut self, action: Action) {
        let mut next = Some(action);
        while let Some(action) = next.take() {
            next = match self.app.update(action) {
                Effect::None => None,
                Effect::Quit => {
                    self.quit = true;
                    None
                }
                Effect::EditText { text, .. } => {
                    let mut textarea = TextArea::new(text.split('\n').map(String::from).collect());
                    textarea.move_cursor(CursorMove::Bottom);
                    textarea.move_cursor(CursorMove::End);
                    self.textarea = Some(textarea);
                    None
                }
                Effect::Save { overwrite } => Some(self.save(overwrite)),
                Effect::Reload => Some(match store::load(&self.app.path) {
                    Ok((text, parsed)) => Action::Reloaded(Box::new(Reloaded {
                        has_comments: !parsed.comments.is_empty(),
                        programme: parsed.programme,
                        text,
                    })),
                    Err(e) => Action::ReloadFailed(e.to_string()),
                }),
            };
        }
        self.keep_recovery();
    }

    /// Writes the canonical text, unless the file changed on disk since it was loaded or saved
    /// (content compared, not times) and overwriting was not asked for.
    fn save(&mut self, overwrite: bool) -> Action {
        let path = &self.app.path;
        if !overwrite {
            match std::fs::read(path) {
                Ok(bytes) if bytes == self.app.disk_text.as_bytes() => {}
                Ok(_) => return Action::DiskChanged,
                Err(e) if e.kind() == io::ErrorKind::NotFound => return Action::DiskChanged,
                Err(e) => {
                    return Action::SaveFailed(format!("cannot read {}: {e}", path.display()));
                }
            }
        }
        let text = store::to_canonical(&self.app.programme);
        match store::write_atomically(path, text.as_bytes()) {
            Ok(()) => Action::Saved(text),
            Err(e) => Action::SaveFailed(format!("cannot write {}: {e}", path.display())),
        }
    }

    /// Draws the screen, first telling the state how much of the grid fits.
    pub fn draw(&mut self, frame: &mut Frame) {
        let area = frame.area();
        self.area = area;
        if let Some(layout) = ScreenLayout::new(area, self.app.programme.clusters.len()) {
            self.app
                .set_viewport_size(layout.grid.rows, layout.grid.columns);
        }
        frame.render_widget(
            Screen {
                app: &self.app,
                keymap: &self.keymap,
                textarea: self.textarea.as_ref(),
            },
            area,
        );
    }
}

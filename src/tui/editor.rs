//! The editor as the terminal sees it: the state machine, the keymap, the text editor widget and
//! the file session that carries out what [`Effect`]s ask for. Drawn into any ratatui backend, so tests drive it
//! with key strings and a `TestBackend`.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea};

use super::keymap::{KeyMode, Keymap};
use super::keys::{Key, parse_keys};
use super::view::{Screen, ScreenLayout};
use crate::app::{Action, App, Effect};
use crate::session::{FileSession, Notice, Opened, Saved, StateDir, Unsaved};
use crate::store::LoadError;

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
    /// The file: saving, reloading, recovery.
    session: FileSession,
}

impl Editor {
    /// Loads a programme file into a new editor, its recovery kept in the user's state folder.
    pub fn open(path: &Path, keymap: Keymap) -> Result<Editor, LoadError> {
        Ok(Self::start(FileSession::open(path)?, keymap))
    }

    /// Loads a programme file, its recovery kept in `state`.
    pub fn open_in(path: &Path, keymap: Keymap, state: StateDir) -> Result<Editor, LoadError> {
        Ok(Self::start(FileSession::open_in(path, state)?, keymap))
    }

    fn start(opened: Opened, keymap: Keymap) -> Editor {
        let Opened {
            session,
            programme,
            text,
            has_comments,
            recovered,
            notices,
        } = opened;
        let path = PathBuf::from(session.path());
        let mut app = App::new(programme, path, text, has_comments);
        if let Some(recovered) = recovered {
            app.recover(recovered.programme, &recovered.from.display().to_string());
        }
        for notice in notices {
            if matches!(notice, Notice::ReadOnly(_)) {
                app.mark_read_only();
            }
            app.update(Action::Notice(notice.to_string()));
        }
        let mut editor = Editor {
            app,
            keymap,
            textarea: None,
            quit: false,
            area: Rect::default(),
            session,
        };
        editor.keep_recovery();
        editor
    }

    /// Where this editor keeps its recovery file, if it keeps one.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        self.session.recovery_path()
    }

    /// Keeps the recovery file in step with the unsaved changes.
    fn keep_recovery(&mut self) {
        let changes = self.app.take_changes();
        let unsaved = Unsaved {
            programme: &self.app.programme,
            disk_text: &self.app.disk_text,
            dirty: self.app.is_dirty(),
            revision: self.app.revision(),
            saved_revision: self.app.saved_revision(),
            changes,
        };
        if let Some(problem) = self.session.keep_recovery(unsaved, self.quit) {
            // A message the user has not seen yet stays; this one comes back with the next key.
            let showing_error = self.app.message.as_ref().is_some_and(|m| m.is_error);
            if !showing_error {
                self.app.update(Action::Notice(problem));
            }
        }
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
                Effect::Save { overwrite } => Some(
                    match self
                        .session
                        .save(&self.app.programme, &self.app.disk_text, overwrite)
                    {
                        Saved::Written(text) => Action::Saved(text),
                        Saved::DiskChanged => Action::DiskChanged,
                        Saved::Failed(reason) => Action::SaveFailed(reason),
                    },
                ),
                Effect::Reload => Some(match self.session.reload() {
                    Ok(reloaded) => Action::Reloaded(Box::new(reloaded)),
                    Err(reason) => Action::ReloadFailed(reason),
                }),
            };
        }
        self.keep_recovery();
    }

    /// Handles pasted text (bracketed paste): whole into the open text box, on one line in a
    /// one-line box; anywhere else the state machine decides, so no pasted newline ever acts
    /// as a key.
    pub fn handle_paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match (KeyMode::of(&self.app.mode), &mut self.textarea) {
            (KeyMode::Line, Some(textarea)) => {
                textarea.insert_str(text.replace(['\n', '\t'], " "));
            }
            (KeyMode::Text, Some(textarea)) => {
                textarea.insert_str(text.replace('\t', "    "));
            }
            _ => self.dispatch(Action::Pasted(text)),
        }
    }

    /// Gives up at once (a signal to end), keeping the recovery file of unsaved changes.
    pub fn abandon(&mut self) {
        self.keep_recovery();
        self.quit = true;
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

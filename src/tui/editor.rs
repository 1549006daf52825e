//! The editor as the terminal sees it: the state machine, the keymap, the text editor widget and
//! the file session that carries out what [`Effect`]s ask for. Drawn into any ratatui backend, so tests drive it
//! with key strings and a `TestBackend`.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyEvent, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::{CursorMove, TextArea};

use super::external::{ExternalEditor, SystemEditor};
use super::keymap::{KeyMode, Keymap};
use super::keys::{Key, KeyError, parse_keys};
use super::view::{self, Screen, ScreenLayout};
use crate::app::{Action, App, Effect, ExternalEdit, View};
use crate::report::timeline::RowKind;
use crate::session::{FileSession, Notice, Opened, Saved, StateDir, Unsaved};
use crate::store::{LoadError, Parsed};

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
    pub(super) session: FileSession,
    /// The other years of the folder opened in this session.
    pub(super) years: super::years::Years,
    /// The user's own editor, for long text.
    external: Box<dyn ExternalEditor>,
    /// The screen was handed to another program and must be drawn again in full.
    redraw_all: bool,
    /// Screen-reader mode: no columns or boxes, one line saying where you are, the terminal's
    /// cursor on it.
    pub screen_reader: bool,
}

impl Editor {
    /// Loads a programme file into a new editor, its recovery kept in the user's state folder.
    pub fn open(path: &Path, keymap: Keymap) -> Result<Editor, LoadError> {
        Ok(Self::start(FileSession::open(path)?, keymap))
    }

    /// An editor on a programme file read and parsed already, its recovery kept in the user's
    /// state folder.
    pub fn from_loaded(path: &Path, text: String, parsed: Parsed, keymap: Keymap) -> Editor {
        Self::start(FileSession::from_loaded(path, text, parsed), keymap)
    }

    /// [`Editor::from_loaded`] with the recovery kept in `state`.
    pub fn from_loaded_in(
        path: &Path,
        text: String,
        parsed: Parsed,
        keymap: Keymap,
        state: StateDir,
    ) -> Editor {
        let mut editor = Self::start(
            FileSession::from_loaded_in(path, state.clone(), text, parsed),
            keymap,
        );
        editor.years.state = Some(state);
        editor
    }

    /// Loads a programme file, its recovery kept in `state`.
    pub fn open_in(path: &Path, keymap: Keymap, state: StateDir) -> Result<Editor, LoadError> {
        let mut editor = Self::start(FileSession::open_in(path, state.clone())?, keymap);
        editor.years.state = Some(state);
        Ok(editor)
    }

    /// Loads a programme file with the key file at `key_file` applied (the defaults where it
    /// cannot be used); problems with the key file open the help screen, where they are listed.
    pub fn open_with_keys(
        path: &Path,
        key_file: &Path,
        state: StateDir,
    ) -> Result<Editor, LoadError> {
        let (keymap, problems) = super::keyfile::load(key_file);
        let mut editor = Self::open_in(path, keymap, state)?;
        editor.app.report_setup_problems(problems);
        Ok(editor)
    }

    fn start(opened: Opened, keymap: Keymap) -> Editor {
        let (app, session) = Self::app_of(opened);
        let mut editor = Editor {
            app,
            keymap,
            textarea: None,
            quit: false,
            area: Rect::default(),
            session,
            years: super::years::Years::default(),
            external: Box::new(SystemEditor::from_env()),
            redraw_all: false,
            screen_reader: false,
        };
        editor.keep_recovery();
        editor
    }

    /// The state machine on an opened file, with its recovered changes and notices.
    /// The editor's state and its file's session, for another editor to keep.
    pub(super) fn into_parts(self) -> (App, FileSession) {
        (self.app, self.session)
    }

    pub(super) fn app_of(opened: Opened) -> (App, FileSession) {
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
        app.set_adopted_version(crate::store::history::adopted_version(
            &app.path,
            app.programme.year,
        ));
        (app, session)
    }

    /// Runs long text through this editor instead of the one the environment names.
    pub fn set_external_editor(&mut self, external: Box<dyn ExternalEditor>) {
        self.external = external;
    }

    /// Whether the screen must be drawn again in full (another program used it); asking resets it.
    pub fn take_redraw_all(&mut self) -> bool {
        std::mem::take(&mut self.redraw_all)
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
            disk_text: self.app.disk_text(),
            disk_fingerprint: self.app.disk_fingerprint(),
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
        self.finish_year();
        let key = Key::from(event);
        let mode = KeyMode::of(&self.app.mode);
        if let Some(action) = self.keymap.action(mode, key).cloned() {
            let action = match (mode, action) {
                // The box stays until the state machine closes it: a refused value keeps its text.
                (KeyMode::Line | KeyMode::Text, Action::Done) => {
                    Action::TextSubmitted(self.text_box_text())
                }
                (KeyMode::Line | KeyMode::Text, Action::Cancel) => {
                    Action::TextCancelled(self.text_box_text())
                }
                (KeyMode::Line | KeyMode::Text, Action::ClearEntry) => {
                    // As in readline: the line up to the cursor.
                    let cleared = self
                        .textarea
                        .as_mut()
                        .is_some_and(ratatui_textarea::TextArea::delete_line_by_head);
                    if !cleared {
                        return;
                    }
                    Action::TextEdited
                }
                // The box stays open with its text, in case the external editor fails.
                (KeyMode::Line | KeyMode::Text, Action::EditExternally) => {
                    let text = self
                        .textarea
                        .as_ref()
                        .map(|t| t.lines().join("\n"))
                        .unwrap_or_default();
                    Action::EditBoxExternally(text)
                }
                (_, action) => action,
            };
            self.dispatch(action);
            return;
        }
        match mode {
            KeyMode::Line | KeyMode::Text => {
                if let Some(textarea) = &mut self.textarea
                    && textarea.input(event)
                {
                    self.dispatch(Action::TextEdited);
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

    /// The open text box's text, its lines joined by newlines.
    fn text_box_text(&self) -> String {
        self.textarea
            .as_ref()
            .map(|t| t.lines().join("\n"))
            .unwrap_or_default()
    }

    /// Types a key string such as `"jjl s<down><enter>"`.
    pub fn type_keys(&mut self, keys: &str) -> Result<(), KeyError> {
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
        self.finish_year();
        let Some(layout) = ScreenLayout::of(self.area, &self.app) else {
            return;
        };
        let action = match event.kind {
            MouseEventKind::Down(_) => self
                .cell_at(&layout, event.column, event.row)
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

    /// The activity under a screen position, in whichever view is shown.
    fn cell_at(&self, layout: &ScreenLayout, x: u16, y: u16) -> Option<crate::model::Cell> {
        let app = &self.app;
        match (app.views.view, app.views.fitted) {
            (View::Timeline, _) => {
                let main = layout.main;
                if !main.contains(ratatui::layout::Position::new(x, y)) {
                    return None;
                }
                let (top, rows) = view::timeline_top(app, main);
                let header = view::timeline_header(app, main);
                let row = usize::from(y - main.y).checked_sub(header)?;
                match rows.get(top + row)? {
                    RowKind::Activity(cell) | RowKind::Undated(cell) | RowKind::Ghost(cell) => {
                        Some(*cell)
                    }
                    _ => None,
                }
            }
            (View::Grid, true) => view::fitted_layout(app, layout.main).cell_at(x, y),
            (View::Grid, false) => layout.grid.cell_at(app, x, y),
            // Bars are chosen with the keys; a click selects no activity.
            (View::Statistics, _) => None,
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
                Effect::CompareWithLastYear => Some(self.last_year()),
                Effect::ReadHistory(id) => Some(self.read_history(&id)),
                Effect::SwitchYear(step) => {
                    self.keep_recovery();
                    self.switch_year(step);
                    None
                }
                Effect::EditText { text, multiline } => {
                    let mut textarea = TextArea::new(text.split('\n').map(String::from).collect());
                    // Description, notes and summary are paragraphs: wrapped at the box's
                    // width (inside a word only when it is longer than a line), and up and
                    // down move by the wrapped line.
                    if multiline {
                        textarea.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
                    }
                    textarea.move_cursor(CursorMove::Bottom);
                    textarea.move_cursor(CursorMove::End);
                    self.textarea = Some(textarea);
                    None
                }
                Effect::Save { overwrite } => Some(
                    match self
                        .session
                        .save(&self.app.programme, self.app.disk_text(), overwrite)
                    {
                        Saved::Written(text) => {
                            // `wpmatrix adopt` may have tagged it meanwhile.
                            let version = crate::store::history::adopted_version(
                                &self.app.path,
                                self.app.programme.year,
                            );
                            self.app.set_adopted_version(version);
                            Action::Saved(text)
                        }
                        Saved::DiskChanged => Action::DiskChanged,
                        Saved::Failed(reason) => Action::SaveFailed(reason),
                    },
                ),
                Effect::EditExternally {
                    text,
                    file_name,
                    target,
                } => {
                    let outcome = self.external.edit_text(&text, &file_name);
                    self.redraw_all = true;
                    Some(Action::EditedExternally(Box::new(ExternalEdit {
                        target,
                        before: text,
                        outcome,
                    })))
                }
                Effect::Reload => Some(match self.session.reload() {
                    Ok(reloaded) => Action::Reloaded(Box::new(reloaded)),
                    Err(reason) => Action::ReloadFailed(reason.to_string()),
                }),
                Effect::Merge => Some(
                    match self
                        .session
                        .merge_with_disk(&self.app.programme, self.app.disk_text())
                    {
                        Ok(merged) => Action::MergedWithDisk(Box::new(merged)),
                        Err(reason) => Action::MergeFailed(reason.to_string()),
                    },
                ),
            };
        }
        if !matches!(KeyMode::of(&self.app.mode), KeyMode::Line | KeyMode::Text) {
            self.textarea = None;
        }
        self.keep_recovery();
        if self.quit {
            self.quit_next_year();
        }
    }

    /// Handles pasted text (bracketed paste): whole into the open text box, on one line in a
    /// one-line box; anywhere else the state machine decides, so no pasted newline ever acts
    /// as a key.
    pub fn handle_paste(&mut self, text: &str) {
        self.finish_year();
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        match (KeyMode::of(&self.app.mode), &mut self.textarea) {
            (KeyMode::Line, Some(textarea)) => {
                textarea.insert_str(text.replace(['\n', '\t'], " "));
                self.dispatch(Action::TextEdited);
            }
            (KeyMode::Text, Some(textarea)) => {
                textarea.insert_str(text.replace('\t', "    "));
                self.dispatch(Action::TextEdited);
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
        if let Some(reading) = self.year_being_read() {
            reading.draw(frame);
            return;
        }
        let area = frame.area();
        self.area = area;
        if let Some(layout) = ScreenLayout::of(area, &self.app) {
            self.app
                .set_viewport_size(layout.grid.rows, layout.grid.columns);
            self.app.views.detail_hidden = self.app.views.detail && layout.detail.is_empty();
            // The fitted grid and the timeline scroll from where the last frame left them.
            match (self.app.views.view, self.app.views.fitted) {
                (View::Timeline, _) => {
                    self.app.views.timeline_top = view::timeline_top(&self.app, layout.main).0;
                }
                (View::Grid, true) => {
                    let fitted = view::fitted_layout(&self.app, layout.main);
                    self.app.views.fitted_origin = (fitted.first_row, fitted.hidden_before);
                }
                (View::Grid, false) | (View::Statistics, _) => {}
            }
        }
        // Help scrolls no further than its last line, so the way back up is as short.
        if let crate::app::Mode::Help { scroll } = &mut self.app.mode {
            *scroll = (*scroll).min(view::popup::help::max_scroll(
                &self.keymap,
                &self.app.setup_problems,
                area,
            ));
        }
        if self.screen_reader {
            let spoken = super::speech::SpokenScreen {
                app: &self.app,
                keymap: &self.keymap,
                textarea: self.textarea.as_ref(),
            };
            let cursor = spoken.cursor(area);
            frame.render_widget(spoken, area);
            frame.set_cursor_position(cursor);
        } else {
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
}

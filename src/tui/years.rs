//! The years of the editor's folder within one session: `<` and `>` go to the previous and next
//! programme by the year it plans; each year visited stays open (its own undo, lock and
//! recovery) until the editor quits, and quitting asks about each year with unsaved changes.

use std::path::{Path, PathBuf};

use super::editor::Editor;
use super::reading::Reading;
use crate::app::{Action, App};
use crate::model::compare::Carried;
use crate::session::years::programmes_in;
use crate::session::{FileSession, StateDir};
use crate::text::printable;

/// A year open in the session but not on screen.
pub struct Parked {
    pub app: App,
    pub session: FileSession,
}

/// The years visited and left, and where their recovery files go.
#[derive(Default)]
pub struct Years {
    /// The state folder the editor was opened with; `None`: the user's own.
    pub state: Option<StateDir>,
    parked: Vec<Parked>,
    /// A large year switched to and still being read: its first screen is shown meanwhile.
    reading: Option<YearReading>,
}

/// A year being read on another thread, and what to say once it is open.
struct YearReading {
    reading: Reading,
    year: i32,
    path: PathBuf,
}

impl Years {
    /// The years open besides the one on screen.
    pub fn parked(&self) -> impl Iterator<Item = &App> {
        self.parked.iter().map(|p| &p.app)
    }

    fn take(&mut self, path: &Path) -> Option<Parked> {
        let at = self.parked.iter().position(|p| p.app.path == path)?;
        Some(self.parked.remove(at))
    }

    /// A parked year with unsaved changes, taken out.
    fn take_unsaved(&mut self) -> Option<Parked> {
        let at = self.parked.iter().position(|p| p.app.is_dirty())?;
        Some(self.parked.remove(at))
    }
}

impl Editor {
    /// The folder of the programme on screen.
    fn folder(&self) -> std::path::PathBuf {
        match self.app.path.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        }
    }

    /// Last year's programme (the nearest earlier year in the folder), as open in this session
    /// or as on disk, for the comparison.
    pub(super) fn last_year(&self) -> Action {
        let here = self.app.programme.year;
        let folder = self.folder();
        let Some((_, path)) = programmes_in(&folder)
            .into_iter()
            .rev()
            .find(|(year, _)| *year < here)
        else {
            return Action::CompareFailed(format!(
                "No programme before {here} in {} to compare with.",
                folder.display()
            ));
        };
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        if let Some(open) = self.years.parked().find(|app| app.path == path) {
            // Toggled on again with nothing changed: the kept comparison, no copy of last year.
            if self.app.kept_comparison_of(&open.programme) {
                return Action::ComparedAgain(name);
            }
            return Action::Compared(Box::new(open.programme.clone()), name);
        }
        match crate::store::load(&path) {
            Ok((_, parsed)) => Action::Compared(Box::new(parsed.programme), name),
            Err(e) => Action::CompareFailed(format!(
                "{name} cannot be compared with: {}",
                e.to_string().lines().next().unwrap_or_default()
            )),
        }
    }

    /// Shows the programme `step` years before (negative) or after this one in the same
    /// folder: the nearest year in that direction that has a file, whatever the file's name.
    pub(super) fn switch_year(&mut self, step: i32) {
        let here = self.app.programme.year;
        let folder = self.folder();
        let programmes = programmes_in(&folder);
        let target = if step < 0 {
            programmes.iter().rev().find(|(year, _)| *year < here)
        } else {
            programmes.iter().find(|(year, _)| *year > here)
        };
        let Some((year, path)) = target.cloned() else {
            let which = if step < 0 { "earlier" } else { "later" };
            self.app.update(Action::Notice(format!(
                "No {which} programme than {here} in {}.",
                folder.display()
            )));
            return;
        };
        let next = if let Some(parked) = self.years.take(&path) {
            parked
        } else if let Some(mut reading) =
            Reading::start_in(&path, &self.keymap, self.years.state.clone())
        {
            // A large file: its first screen now, the rest when it is read (`finish_year`).
            self.carry_settings(reading.first_screen_mut());
            reading.screen_reader = self.screen_reader;
            self.years.reading = Some(YearReading {
                reading,
                year,
                path,
            });
            return;
        } else {
            let opened = match &self.years.state {
                Some(state) => FileSession::open_in(&path, state.clone()),
                None => FileSession::open(&path),
            };
            match opened {
                Ok(opened) => {
                    let (app, session) = Editor::app_of(opened);
                    Parked { app, session }
                }
                Err(e) => {
                    let first = e.to_string();
                    let first = first.lines().next().unwrap_or_default().to_string();
                    self.app
                        .update(Action::Notice(format!("{year} cannot be opened: {first}")));
                    return;
                }
            }
        };
        self.show_year(next);
        self.say_year(year, &path);
    }

    fn say_year(&mut self, year: i32, path: &Path) {
        if self.app.message.is_none() {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            self.app.inform(format!("Year {year}: {name}"));
        }
    }

    /// The first screen of a year still being read, if one is.
    pub(super) fn year_being_read(&self) -> Option<&Reading> {
        self.years.reading.as_ref().map(|r| &r.reading)
    }

    /// Whether a year switched to has been read whole and can be put on screen.
    pub fn year_is_read(&self) -> bool {
        self.years
            .reading
            .as_ref()
            .is_some_and(|r| r.reading.is_done())
    }

    /// Puts the year being read on screen, waiting for the rest of it if need be (a key waits
    /// for it, as keys wait for a large file opened first).
    pub fn finish_year(&mut self) {
        let Some(YearReading {
            reading,
            year,
            path,
        }) = self.years.reading.take()
        else {
            return;
        };
        match reading.finish() {
            Ok(editor) => {
                let (app, session) = editor.into_parts();
                self.show_year(Parked { app, session });
                self.say_year(year, &path);
            }
            Err(e) => {
                let first = e.to_string();
                let first = first.lines().next().unwrap_or_default().to_string();
                self.app
                    .update(Action::Notice(format!("{year} cannot be opened: {first}")));
            }
        }
    }

    /// Puts `next` on screen and parks the year that was there, with the views as they were.
    fn show_year(&mut self, next: Parked) {
        let Parked { mut app, session } = next;
        self.carry_settings(&mut app);
        let app = std::mem::replace(&mut self.app, app);
        let session = std::mem::replace(&mut self.session, session);
        self.textarea = None;
        self.years.parked.push(Parked { app, session });
    }

    /// What lasts the session, whichever year is on screen: the view, fitted or not, the detail
    /// panel, today and the key file's problems.
    fn carry_settings(&self, app: &mut App) {
        let views = &self.app.views;
        app.views.view = views.view;
        app.views.fitted = views.fitted;
        app.views.detail = views.detail;
        app.today = self.app.today;
        app.setup_problems.clone_from(&self.app.setup_problems);
    }

    /// After the year on screen agreed to quit: the next year with unsaved changes asks in turn
    /// (and the editor goes on), or there is none and the editor quits.
    pub(super) fn quit_next_year(&mut self) {
        let Some(next) = self.years.take_unsaved() else {
            return;
        };
        let Parked { mut app, session } = next;
        self.carry_settings(&mut app);
        self.app = app;
        self.session = session;
        self.quit = false;
        self.dispatch(Action::Quit);
    }
}

/// For screen-reader mode, on one of last year's activities not carried over (while comparing):
/// what it is and what Enter does.
pub(super) fn spoken_ghost(app: &App) -> Option<String> {
    let (_, ghost) = app.ghost_at(app.selected)?;
    let year = app.last_year().map(|p| p.year)?;
    let cluster = app.programme.clusters.get(app.selected.cluster)?;
    Some(format!(
        "Cluster {} of {}, {}. Not carried over from {year}: {}, {} in {year}. Enter brings it back as a follow-up.",
        app.selected.cluster + 1,
        app.programme.clusters.len(),
        printable(&cluster.name),
        printable(&ghost.title),
        ghost.status
    ))
}

/// For screen-reader mode, while comparing: how the selected activity stands against last
/// year, in words.
pub(super) fn spoken_standing(app: &App) -> Option<String> {
    let year = app.last_year().map(|p| p.year)?;
    Some(match app.carried(app.selected)? {
        Carried::New => format!("New since {year}."),
        Carried::Unchanged => format!("Carried over from {year} unchanged."),
        Carried::Changed(fields) => {
            let names: Vec<&str> = fields.iter().map(|f| f.as_str()).collect();
            format!("Carried over from {year}, changed: {}.", names.join(", "))
        }
    })
}

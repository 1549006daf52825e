//! The editor's state machine: [`App`] holds the programme, the selection, the mode and the
//! history; [`update`] applies an [`Action`] and answers the [`Effect`] the terminal layer must
//! carry out. No terminal and no I/O here, so every behaviour is testable without a screen.

mod action;
mod adoption;
mod compare;
mod conflicts;
mod edit;
mod external;
mod file;
mod filter;
mod forms;
mod history;
mod lists;
mod marks;
mod modes;
mod repair;
mod search;
mod text;
mod views;

use std::cell::OnceCell;
use std::collections::BTreeSet;
use std::path::PathBuf;

pub use crate::model::Scope;
pub use action::{
    Action, Answer, EditorError, Effect, ExternalEdit, ExternalOutcome, ExternalTarget,
    MergedWithDisk, Reloaded,
};
pub use compare::Compared;
pub use conflicts::ConflictEntry;
pub use filter::{ActiveFilter, FilterLine};
pub use forms::{
    ActivityHistory, DateEntry, DateField, FormatPicker, FormatRow, Mode, Question, SearchEntry,
    TextTarget, step_index,
};
pub use history::{Disk, History};
pub use lists::{ListEditor, ListField};
pub use repair::{Repair, RepairEffect};
pub use search::search_matches;
pub use text::{Refused, TextBox};
pub use views::{StatsBar, StatsCounts, View, ViewSettings};

use crate::model::checked::CheckedProgramme;
use crate::model::{
    Activity, Cell, Cluster, Field, FieldValue, Operation, Problem, Programme, Transaction,
};

/// A message on the status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub is_error: bool,
}

/// The part of the grid on screen: the first cluster row and activity column shown, and how many
/// of each fit. The terminal layer sets the sizes from its layout before each frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Viewport {
    pub first_row: usize,
    pub first_column: usize,
    pub rows: usize,
    pub columns: usize,
}

/// The whole state of the editor.
#[derive(Clone, Debug)]
pub struct App {
    pub programme: Programme,
    /// The file being edited (shown, never opened here).
    pub path: PathBuf,
    /// The file's contents as loaded or last saved, to notice changes made behind our back;
    /// its fingerprint, which names the version a recovery file's changes were made to (made
    /// once per text: at 100k activities it takes longer than an edit, when first needed or
    /// by whoever read the file); and the state of the programme it holds.
    disk: Disk,
    /// The selected cell. In an empty cluster `activity` is 0 and selects nothing.
    pub selected: Cell,
    pub viewport: Viewport,
    pub mode: Mode,
    /// The highlighted field while the activity form is open (also under its popups).
    pub form: Option<usize>,
    /// The list editor (sessions or outputs) while it is open (also under its text box).
    pub list: Option<ListEditor>,
    pub message: Option<Message>,
    /// Problems with the user's settings (the key file), each a full message; listed at the top
    /// of help, which opens at start when there are any.
    pub setup_problems: Vec<String>,
    /// The open text box's error and question (its text is the terminal layer's).
    pub text_box: TextBox,
    /// The last search, for next/previous.
    pub last_search: String,
    /// The file had comments, which the first save asks before dropping.
    pub comments_pending: bool,
    /// The file has no write permission (saving is refused until it has).
    pub read_only: bool,
    /// The programme differs from its year's adoption tag (the terminal layer reads the tag's
    /// version when the file is opened and saved; each edit compares what it touched).
    pub amended: bool,
    history: History,
    /// The column to return to when moving up and down through shorter clusters.
    wanted_column: usize,
    /// Quit as soon as the save under way succeeds.
    quit_after_save: bool,
    /// The conflicts a merge with the file on disk noted, said once the merged save is done.
    merged_conflicts: Option<usize>,
    /// The programme shown is the first part of a file still being read: what is left, said
    /// in the status bar instead of positions that would mislead.
    pub reading: Option<String>,
    /// What `check` finds, kept up to date edit by edit.
    problems: CheckedProgramme,
    /// Grid or timeline, fitted or not, detail panel or not.
    pub views: ViewSettings,
    /// Today, as the terminal layer reads the clock (none in tests unless set), for the timeline.
    pub today: Option<chrono::NaiveDate>,
    filter: Option<ActiveFilter>,
    search_hits: BTreeSet<Cell>,
    /// The texts a search being typed looks through, folded when typing began.
    search_folded: Option<search::FoldedSearch>,
    /// The statistics view's counts, kept per cluster and counted again by an edit's scope.
    stats: views::StatsCache,
    /// The ids of the marked activities, and where they are now.
    marks: BTreeSet<String>,
    mark_cells: BTreeSet<Cell>,
    /// Formats toggled in a picker that edits the marked activities.
    formats_touched: Vec<crate::model::Format>,
    /// The comparison with last year, while it is on.
    compared: Option<Compared>,
    /// The comparison last turned off, and the state of the history it was of: turned on again
    /// with nothing changed, it is taken back rather than made again.
    compared_off: Option<(Compared, u64)>,
    /// The programme as its adoption tag has it, while there is one.
    adoption: Option<adoption::Adopted>,
}

/// Applies an action to the editor state; see [`App::update`].
pub fn update(app: &mut App, action: Action) -> Effect {
    app.update(action)
}

impl App {
    /// An editor on a programme loaded from `path` with contents `disk_text`.
    pub fn new(programme: Programme, path: PathBuf, disk_text: String, has_comments: bool) -> Self {
        let mut app = App {
            programme,
            path,
            disk: Disk {
                text: disk_text,
                ..Disk::default()
            },
            selected: Cell::default(),
            viewport: Viewport {
                rows: 1,
                columns: 1,
                ..Viewport::default()
            },
            mode: Mode::Normal,
            form: None,
            list: None,
            message: None,
            setup_problems: Vec::new(),
            text_box: TextBox::default(),
            last_search: String::new(),
            comments_pending: has_comments,
            read_only: false,
            amended: false,
            history: History::default(),
            wanted_column: 0,
            quit_after_save: false,
            merged_conflicts: None,
            reading: None,
            problems: CheckedProgramme::default(),
            views: ViewSettings::default(),
            today: None,
            filter: None,
            search_hits: BTreeSet::new(),
            search_folded: None,
            stats: views::StatsCache::default(),
            marks: BTreeSet::new(),
            mark_cells: BTreeSet::new(),
            formats_touched: Vec::new(),
            compared: None,
            compared_off: None,
            adoption: None,
        };
        if has_comments {
            app.warn("The file has comments; saving will drop them (you will be asked first).");
        }
        app.problems = CheckedProgramme::new(&app.programme);
        app
    }

    /// The file's contents as loaded or last saved.
    pub fn disk_text(&self) -> &str {
        &self.disk.text
    }

    /// The fingerprint of [`App::disk_text`], made when first asked.
    pub fn disk_fingerprint(&self) -> &OnceCell<String> {
        &self.disk.fingerprint
    }

    /// Takes the fingerprint of [`App::disk_text`] as made already elsewhere (the thread that
    /// read the file), so the first edit need not make it.
    pub fn know_disk_fingerprint(&self, fingerprint: String) {
        let _ = self.disk.fingerprint.set(fingerprint);
    }

    /// The file's contents are now `text` (saved, reloaded, merged), as of `saved_state`;
    /// answers what the editor knew of the file before.
    fn set_disk_text(&mut self, text: String, saved_state: u64) -> Disk {
        let disk = Disk {
            text,
            fingerprint: OnceCell::new(),
            saved_state,
        };
        std::mem::replace(&mut self.disk, disk)
    }

    /// Whether there are changes not yet saved.
    pub fn is_dirty(&self) -> bool {
        self.history.state() != self.disk.saved_state
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// The selected activity, if the selected cluster has any.
    pub fn selected_activity(&self) -> Option<&Activity> {
        self.programme.activity(self.selected)
    }

    /// The selected cluster, if the programme has any.
    pub fn selected_cluster(&self) -> Option<&Cluster> {
        self.programme.clusters.get(self.selected.cluster)
    }

    /// Every problem `check` finds, as of the last change, in file order.
    pub fn problems(&self) -> &CheckedProgramme {
        &self.problems
    }

    /// The first problem of an activity, if it has one.
    pub fn problem_at(&self, cell: Cell) -> Option<&Problem> {
        self.problems_of(cell).first()
    }

    /// Every problem of an activity.
    pub fn problems_of(&self, cell: Cell) -> &[Problem] {
        self.problems.of_activity(cell)
    }

    /// Brings the problems and what the views keep up to date after a change: only the
    /// clusters the change touched are checked, filtered and searched again.
    fn refresh_problems(&mut self) {
        let changed = self.history.take_unchecked();
        self.problems.update(&self.programme, &changed);
        self.follow_comparison(&changed);
        self.follow_adoption(&changed);
        self.follow_stats(&changed);
        if changed.clusters.is_some() {
            self.follow_filter(&changed);
            self.follow_search(&changed);
            self.follow_marks(&changed);
            self.keep_selection_listed();
        }
    }

    pub(crate) fn inform(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: false,
        });
    }

    pub(crate) fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            is_error: true,
        });
    }

    /// Returns from a popup to the list editor or the form if one is open, to the grid
    /// otherwise.
    fn back(&mut self) {
        self.mode = if self.list.is_some() {
            Mode::List
        } else if self.form.is_some() {
            Mode::Form
        } else {
            Mode::Normal
        };
    }

    /// Makes an edit that can be undone (its operations say what they touch), and moves the
    /// selection to `after`; answers whether it was made. One that does not fit the programme
    /// changes nothing and says so.
    pub(crate) fn apply(&mut self, edit: impl Into<Transaction>, after: Cell) -> bool {
        let applied = self
            .history
            .apply(&mut self.programme, edit.into(), self.selected, after);
        if let Err(e) = applied {
            self.warn(format!("Not changed: {e}."));
            return false;
        }
        self.select(after);
        self.refresh_problems();
        true
    }

    /// Sets fields of the selected activity as one edit; nothing happens without a selected
    /// activity.
    pub(crate) fn set_fields(&mut self, values: impl IntoIterator<Item = (Field, FieldValue)>) {
        let cell = self.selected;
        if self.programme.activity(cell).is_none() {
            self.warn("No activity selected.");
            return;
        }
        let edit: Transaction = values
            .into_iter()
            .map(|(field, value)| Operation::SetField { cell, field, value })
            .collect();
        self.apply(edit, cell);
    }

    /// Selects a cell, clamped to the programme, and scrolls it into view.
    pub fn select(&mut self, cell: Cell) {
        let clusters = self.programme.clusters.len();
        let cluster = cell.cluster.min(clusters.saturating_sub(1));
        let len = self.row_len(cluster);
        self.selected = Cell::new(cluster, cell.activity.min(len.saturating_sub(1)));
        self.keep_selection_visible();
    }

    /// Tells the editor how many cluster rows and activity columns fit on screen.
    pub fn set_viewport_size(&mut self, rows: usize, columns: usize) {
        self.viewport.rows = rows.max(1);
        self.viewport.columns = columns.max(1);
        self.keep_selection_visible();
    }

    fn keep_selection_visible(&mut self) {
        let v = &mut self.viewport;
        let Cell { cluster, activity } = self.selected;
        if cluster < v.first_row {
            v.first_row = cluster;
        } else if cluster >= v.first_row + v.rows {
            v.first_row = cluster + 1 - v.rows;
        }
        if activity < v.first_column {
            v.first_column = activity;
        } else if activity >= v.first_column + v.columns {
            v.first_column = activity + 1 - v.columns;
        }
    }

    fn scroll(&mut self, rows: i32, columns: i32) {
        let widest = self.programme.widest_cluster();
        let v = &mut self.viewport;
        let max_row = self.programme.clusters.len().saturating_sub(v.rows);
        let max_column = widest.saturating_sub(v.columns);
        v.first_row = v
            .first_row
            .saturating_add_signed(rows as isize)
            .min(max_row);
        v.first_column = v
            .first_column
            .saturating_add_signed(columns as isize)
            .min(max_column);
        // The selection follows the scrolled view rather than pulling it back.
        let (first_row, last_row) = (v.first_row, v.first_row + v.rows - 1);
        let (first_column, last_column) = (v.first_column, v.first_column + v.columns - 1);
        let cluster = self.selected.cluster.clamp(first_row, last_row);
        let activity = self.selected.activity.clamp(first_column, last_column);
        self.select(Cell::new(cluster, activity));
    }

    /// Applies an action and answers what the terminal layer must do next.
    pub fn update(&mut self, action: Action) -> Effect {
        // Answers from the terminal layer arrive whatever the mode.
        match action {
            Action::Saved(text) => return self.saved(text),
            Action::SaveFailed(reason) => {
                self.quit_after_save = false;
                self.merged_conflicts = None;
                self.warn(format!("Not saved: {reason}"));
                return Effect::None;
            }
            Action::DiskChanged => {
                self.quit_after_save = false;
                self.merged_conflicts = None;
                self.mode = Mode::Confirm(Question::FileChanged);
                return Effect::None;
            }
            Action::Reloaded(reloaded) => {
                self.reloaded(*reloaded);
                return Effect::None;
            }
            Action::ReloadFailed(reason) => {
                self.warn(format!("Not reloaded: {reason}"));
                return Effect::None;
            }
            Action::MergedWithDisk(merged) => return self.merged_with_disk(*merged),
            Action::MergeFailed(reason) => {
                self.warn(format!(
                    "Not merged: {reason}. Nothing changed; Ctrl-s asks again."
                ));
                return Effect::None;
            }
            Action::Notice(text) => {
                self.warn(text);
                return Effect::None;
            }
            Action::Pasted(text) => {
                self.pasted(&text);
                return Effect::None;
            }
            Action::EditedExternally(edited) => return self.edited_externally(*edited),
            Action::Compared(last, name) => {
                self.compare_with(*last, &name);
                return Effect::None;
            }
            Action::ComparedAgain(name) => {
                self.compare_again(&name);
                return Effect::None;
            }
            Action::HistoryRead(history) => {
                self.mode = Mode::History { history, scroll: 0 };
                return Effect::None;
            }
            Action::CompareFailed(reason) => {
                self.warn(reason);
                return Effect::None;
            }
            Action::Select(cell) if matches!(self.mode, Mode::Normal) => {
                self.select(cell);
                self.wanted_column = self.selected.activity;
                return Effect::None;
            }
            Action::ScrollRows(n) if matches!(self.mode, Mode::Normal) => {
                self.scroll(n, 0);
                return Effect::None;
            }
            Action::ScrollColumns(n) if matches!(self.mode, Mode::Normal) => {
                self.scroll(0, n);
                return Effect::None;
            }
            _ => {}
        }
        let mode = std::mem::replace(&mut self.mode, Mode::Normal);
        match mode {
            Mode::Normal => self.normal(action),
            Mode::Form => self.form_action(action),
            Mode::List => self.list_action(action),
            Mode::StatusPicker { index } => self.status_picker(index, &action),
            Mode::FormatPicker(picker) => self.format_picker(picker, &action),
            Mode::DateEntry(entry) => self.date_entry(entry, &action),
            Mode::Text(target) => self.text(target, action),
            Mode::Search(entry) => self.search(entry, &action),
            Mode::FilterLine(line) => self.filter_line(line, &action),
            Mode::Confirm(question) => self.confirm(question, &action),
            Mode::Conflicts { index } => self.conflicts(index, action),
            Mode::Help { scroll } => self.help(scroll, &action),
            Mode::History { history, scroll } => self.history_popup(history, scroll, &action),
        }
    }

    /// Keeps the problems found in the user's settings and shows them once, in full, at the top
    /// of the help screen (scrollable); the status line says where they are.
    pub fn report_setup_problems(&mut self, problems: Vec<String>) {
        if problems.is_empty() {
            return;
        }
        // A notice already showing (recovery, read-only) matters more than the pointer to help.
        if self.message.is_none() {
            self.warn(format!(
                "The key file has {}: listed at the top of help (?).",
                crate::text::plural(problems.len(), "problem")
            ));
        }
        self.setup_problems = problems;
        if matches!(self.mode, Mode::Normal) {
            self.mode = Mode::Help { scroll: 0 };
        }
    }

    /// Opens the file read-only: it has no write permission.
    pub fn mark_read_only(&mut self) {
        self.read_only = true;
    }

    /// Pasted text goes whole into the entry being typed (on one line); anywhere else it could
    /// only be read as keys, which is how pastes lose work, so it is refused with a word.
    fn pasted(&mut self, text: &str) {
        let typing = match &self.mode {
            Mode::DateEntry(_) | Mode::Search(_) | Mode::FilterLine(_) => true,
            Mode::FormatPicker(picker) => picker.filtering,
            _ => false,
        };
        if !typing {
            self.warn("Nothing pasted: paste into a text box (a title, a date, a search).");
            return;
        }
        for c in text.chars() {
            let c = if c.is_control() { ' ' } else { c };
            self.update(Action::Type(c));
        }
    }

    fn normal(&mut self, action: Action) -> Effect {
        self.message = None;
        if let Some(effect) = self.marked_edit(&action) {
            return effect;
        }
        let timeline = self.views.view == View::Timeline;
        let statistics = self.views.view == View::Statistics;
        match action {
            // The statistics view moves between its bars; Enter filters the grid to one.
            Action::MoveUp | Action::MoveLeft if statistics => self.step_stats(-1),
            Action::MoveDown | Action::MoveRight if statistics => self.step_stats(1),
            Action::EditActivity if statistics => self.filter_to_stats_bar(),
            // `c` (next status) counts the lower chart by the next key instead.
            Action::CycleStatus if statistics => self.cycle_stats_key(),
            // The timeline is a list: every move goes to a listed (not filtered away) activity.
            Action::MoveUp | Action::MoveLeft if timeline => self.step_timeline(-1),
            Action::MoveDown | Action::MoveRight if timeline => self.step_timeline(1),
            Action::SwitchView => self.switch_view(),
            Action::ToggleFitted => self.toggle_fitted(),
            Action::ToggleDetail => self.toggle_detail(),
            Action::FilterActivities => self.open_filter_line(),
            Action::ToggleMark => self.toggle_mark(),
            Action::MarkCluster => self.mark_cluster(),
            Action::ClearMarks => self.clear_marks(),
            Action::MoveLeft => self.step_column(-1),
            Action::MoveRight => self.step_column(1),
            Action::MoveFirst => self.step_column(isize::MIN / 2),
            Action::MoveLast => self.step_column(isize::MAX / 2),
            Action::MoveUp => self.step_row(-1),
            Action::MoveDown => self.step_row(1),
            Action::Undo => match self.history.undo(&mut self.programme, &mut self.disk) {
                Some(cell) => {
                    self.after_history(cell);
                    self.inform("Undone.");
                }
                None => self.inform("Nothing to undo."),
            },
            Action::Redo => match self.history.redo(&mut self.programme, &mut self.disk) {
                Some(cell) => {
                    self.after_history(cell);
                    self.inform("Redone.");
                }
                None => self.inform("Nothing to redo."),
            },
            Action::Save => return self.save(),
            Action::Quit => {
                if self.is_dirty() {
                    self.mode = Mode::Confirm(Question::QuitUnsaved);
                } else {
                    return Effect::Quit;
                }
            }
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::PreviousYear => return Effect::SwitchYear(-1),
            Action::NextYear => return Effect::SwitchYear(1),
            Action::ToggleCompare => return self.toggle_compare(),
            Action::ShowHistory => match self.selected_activity() {
                Some(activity) => return Effect::ReadHistory(activity.id.clone()),
                None => self.warn("No activity selected."),
            },
            Action::Search => {
                self.mode = Mode::Search(SearchEntry {
                    query: String::new(),
                    origin: self.selected,
                });
            }
            Action::SearchNext => self.search_step(true),
            Action::SearchPrevious => self.search_step(false),
            Action::EditExternally => return self.edit_description_externally(),
            Action::EditSessions => self.open_list(ListField::Sessions),
            Action::EditOutputs => self.open_list(ListField::Outputs),
            Action::EditActivity if self.ghost_at(self.selected).is_some() => {
                if let Some((index, _)) = self.ghost_at(self.selected) {
                    self.restore_dropped(index);
                }
            }
            Action::EditActivity => {
                if self.selected_activity().is_some() {
                    self.form = Some(0);
                    self.mode = Mode::Form;
                } else {
                    self.warn("No activity here; add one with the add-activity key.");
                }
            }
            other => return self.edit(other),
        }
        Effect::None
    }

    fn after_history(&mut self, cell: Cell) {
        self.select(cell);
        self.wanted_column = self.selected.activity;
        self.refresh_problems();
    }

    fn step_column(&mut self, by: isize) {
        let len = self.row_len(self.selected.cluster);
        let activity = step_index(self.selected.activity, by, len);
        self.select(Cell::new(self.selected.cluster, activity));
        self.wanted_column = self.selected.activity;
    }

    fn step_row(&mut self, by: isize) {
        let clusters = self.programme.clusters.len();
        let cluster = step_index(self.selected.cluster, by, clusters);
        self.select(Cell::new(cluster, self.wanted_column));
    }

    /// A number that changes whenever the programme does (undo and redo included).
    pub fn revision(&self) -> u64 {
        self.history.state()
    }

    /// The revision `disk_text` holds.
    pub fn saved_revision(&self) -> u64 {
        self.disk.saved_state
    }

    /// What changed in the programme since the last call, for the recovery file.
    pub fn take_changes(&mut self) -> crate::session::journal::Changes {
        self.history.take_changes()
    }
}

#[cfg(test)]
mod tests;

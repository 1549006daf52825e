//! The editor's modes and the state of its popups: the activity form, pickers, entries, questions.

use crate::model::{Field, FieldKind, Format, PlanDate};

/// What the editor is doing; decides which keys mean what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Moving around the grid.
    Normal,
    /// The form listing every field of the selected activity.
    Form,
    /// The list editor of the selected activity's sessions or outputs ([`crate::app::App::list`]).
    List,
    /// Choosing a status; `index` is the highlighted one in [`crate::model::Status::ALL`].
    StatusPicker { index: usize },
    /// Choosing formats.
    FormatPicker(FormatPicker),
    /// Typing a start or end date.
    DateEntry(DateEntry),
    /// Editing text in the terminal layer's text editor.
    Text(TextTarget),
    /// Typing a search.
    Search(SearchEntry),
    /// Typing a filter.
    FilterLine(crate::app::FilterLine),
    /// A question waiting for an answer.
    Confirm(Question),
    /// The key bindings, scrolled by `scroll` lines.
    Help { scroll: usize },
    /// The selected activity's merge conflicts; `index` is the highlighted one.
    Conflicts { index: usize },
    /// An activity's history (its chain across the years, its changes in git), scrolled by
    /// `scroll` lines.
    History {
        history: Box<ActivityHistory>,
        scroll: usize,
    },
}

/// An activity's history as the terminal layer read it: a title and lines of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActivityHistory {
    pub title: String,
    pub lines: Vec<String>,
}

impl Mode {
    /// The mode's name for the status line.
    pub fn label(&self) -> &'static str {
        match self {
            Mode::Normal => "GRID",
            Mode::Form => "FORM",
            Mode::List => "LIST",
            Mode::StatusPicker { .. } => "STATUS",
            Mode::FormatPicker(p) if p.filtering => "FILTER",
            Mode::FormatPicker(_) => "FORMATS",
            Mode::DateEntry(_) => "DATE",
            Mode::Text(_) => "TEXT",
            Mode::Search(_) => "SEARCH",
            Mode::FilterLine(_) => "FILTER",
            Mode::Confirm(_) => "ASK",
            Mode::Help { .. } => "HELP",
            Mode::Conflicts { .. } => "CONFLICTS",
            Mode::History { .. } => "HISTORY",
        }
    }
}

/// Which end of an activity's date range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateField {
    Start,
    End,
}

impl DateField {
    /// The activity's field.
    pub fn field(self) -> Field {
        match self {
            DateField::Start => Field::Start,
            DateField::End => Field::End,
        }
    }

    pub fn label(self) -> &'static str {
        self.field().as_str()
    }
}

/// What the text editor is editing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextTarget {
    /// The selected activity's title.
    Title,
    /// The selected activity's description (several lines).
    Description,
    /// The selected activity's notes (several lines).
    Notes,
    /// The title of an activity still to be added after the selected one.
    NewActivityTitle,
    /// The selected cluster's name.
    ClusterName,
    /// The name of a cluster still to be added below the selected one.
    NewClusterName,
    /// The selected cluster's summary (several lines).
    ClusterSummary,
    /// What the selected activity follows up: `<year>/<activity id>`, or empty.
    FollowUpOf,
    /// The programme's title.
    ProgrammeTitle,
    /// The programme's year.
    ProgrammeYear,
    /// The day the programme was adopted, or empty.
    ProgrammeAdopted,
    /// The notes on the programme as a whole (several lines).
    ProgrammeNotes,
    /// The programme's stage (draft, consultation, adopted), or empty.
    ProgrammeStage,
    /// One of the selected activity's list fields (leads, sessions, outputs, themes, own
    /// fields), in its spreadsheet cell form.
    Cells(Field),
    /// One item of the list editor's list in its cell form: the item it replaces, or `None`
    /// for one added after the highlighted item.
    Item(crate::app::ListField, Option<usize>),
}

impl TextTarget {
    pub fn label(self) -> &'static str {
        match self {
            TextTarget::Title => "Title",
            TextTarget::Description => "Description",
            TextTarget::Notes => "Notes",
            TextTarget::NewActivityTitle => "Title of the new activity",
            TextTarget::ClusterName => "Cluster name",
            TextTarget::NewClusterName => "Name of the new cluster",
            TextTarget::ClusterSummary => "Cluster summary",
            TextTarget::FollowUpOf => "Follows up (<year>/<activity id>; empty for none)",
            TextTarget::ProgrammeTitle => "Programme title",
            TextTarget::ProgrammeYear => "Programme year",
            TextTarget::ProgrammeAdopted => "Adopted on (YYYY-MM-DD; empty for not adopted)",
            TextTarget::ProgrammeNotes => "Programme notes",
            TextTarget::ProgrammeStage => "Stage (draft, consultation or adopted; empty for none)",
            TextTarget::Cells(Field::Leads) => "Leads (FR; BE: Actiris — the first leads)",
            TextTarget::Cells(Field::Sessions) => {
                "Sessions (#1 2022-04-07..2022-04-08 Brussels BE hybrid host:BE 100+500 held; …)"
            }
            TextTarget::Cells(Field::Outputs) => "Outputs (report: Title <https://…> 2022-05; …)",
            TextTarget::Cells(Field::Themes) => "Themes (theme ids; …)",
            TextTarget::Cells(Field::Values) => "Own fields (budget=12000; priority=high)",
            TextTarget::Cells(field) => field.label(),
            TextTarget::Item(crate::app::ListField::Sessions, None) => {
                "New session (2022-04-07..2022-04-08 Brussels BE hybrid 400)"
            }
            TextTarget::Item(crate::app::ListField::Sessions, Some(_)) => {
                "Session (#1 2022-04-07..2022-04-08 Brussels BE hybrid 400 held)"
            }
            TextTarget::Item(crate::app::ListField::Outputs, None) => {
                "New output (report: Title <https://…> 2022-05)"
            }
            TextTarget::Item(crate::app::ListField::Outputs, Some(_)) => {
                "Output (report: Title <https://…> 2022-05)"
            }
        }
    }

    /// The field of the programme, the selected cluster or the selected activity it edits;
    /// `None` for the name or title of something still to be added.
    pub fn field(self) -> Option<Field> {
        Some(match self {
            TextTarget::Title | TextTarget::ProgrammeTitle => Field::Title,
            TextTarget::Description => Field::Description,
            TextTarget::Notes | TextTarget::ProgrammeNotes => Field::Notes,
            TextTarget::ClusterName => Field::Name,
            TextTarget::ClusterSummary => Field::Summary,
            TextTarget::FollowUpOf => Field::FollowUpOf,
            TextTarget::ProgrammeYear => Field::Year,
            TextTarget::ProgrammeAdopted => Field::Adopted,
            TextTarget::ProgrammeStage => Field::Stage,
            TextTarget::Cells(field) => field,
            TextTarget::Item(list, _) => list.field(),
            TextTarget::NewActivityTitle | TextTarget::NewClusterName => return None,
        })
    }

    pub fn multiline(self) -> bool {
        self.field()
            .is_some_and(|f| f.kind() == FieldKind::MultiLineText)
    }
}

/// A date being typed, with the reason it was refused last time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateEntry {
    pub field: DateField,
    pub text: String,
    pub error: Option<String>,
}

impl DateEntry {
    /// Moves the typed date; text that is not a date yet stays as it is, with the reason.
    pub fn shift(&mut self, shift: impl FnOnce(PlanDate) -> PlanDate) {
        match self.text.trim().parse::<PlanDate>() {
            Ok(date) => {
                self.text = shift(date).to_string();
                self.error = None;
            }
            Err(e) => self.error = Some(e.to_string()),
        }
    }
}

/// A search being typed; `origin` is where the selection was when it started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchEntry {
    pub query: String,
    pub origin: crate::model::Cell,
}

/// A question the editor asks before doing something that cannot be taken back easily.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// Quitting with unsaved changes: save, discard or cancel.
    QuitUnsaved,
    /// Deleting a cluster that still has activities: yes or no.
    DeleteCluster(usize),
    /// The file changed on disk since it was loaded: merge, reload, overwrite or cancel.
    FileChanged,
    /// The file had comments that saving drops: yes or no.
    DropComments,
    /// Deleting this many marked activities: yes or no.
    DeleteMarked(usize),
    /// The programme's year is to be this one: move its dates and a title naming the old year
    /// with it (yes), or set the year alone (no).
    ShiftYear(i32),
}

impl Question {
    /// The question in words.
    pub fn text(&self, programme: &crate::model::Programme) -> String {
        match self {
            Question::QuitUnsaved => "There are unsaved changes. Save them before quitting?".into(),
            Question::DeleteCluster(i) => {
                let cluster = programme.clusters.get(*i);
                format!(
                    "Delete cluster {:?} and its {}?",
                    cluster.map_or("", |c| c.name.as_str()),
                    crate::text::plural(cluster.map_or(0, |c| c.activities.len()), "activity")
                )
            }
            Question::FileChanged => {
                "The file changed on disk since it was loaded. Merge your changes with it, reload it (dropping your changes) or overwrite it (dropping the others')?"
                    .into()
            }
            Question::DeleteMarked(1) => "Delete the marked activity?".into(),
            Question::DeleteMarked(n) => format!("Delete the {n} marked activities?"),
            Question::DropComments => {
                "The file has comments, which saving drops (move them into notes). Save anyway?"
                    .into()
            }
            Question::ShiftYear(year) => {
                let offer = crate::model::edit::new_year(programme, *year, true);
                let mut moved = Vec::new();
                if offer.dates_moved > 0 {
                    moved.push(format!("its {}", crate::text::plural(offer.dates_moved, "date")));
                }
                if let Some(title) = &offer.title {
                    moved.push(format!("the title (to {title:?})"));
                }
                let years = crate::text::plural(year.abs_diff(programme.year) as usize, "year");
                format!(
                    "Plan the programme for {year}: move {} by {years} too? No sets the year alone. Either way the file keeps its name.",
                    moved.join(" and ")
                )
            }
        }
    }

    /// The answers it accepts, in the order they are offered.
    pub fn answers(&self) -> &'static [crate::app::Answer] {
        use crate::app::Answer;
        match self {
            Question::QuitUnsaved => &[Answer::Save, Answer::Discard],
            Question::DeleteCluster(_)
            | Question::DropComments
            | Question::DeleteMarked(_)
            | Question::ShiftYear(_) => &[Answer::Yes, Answer::No],
            Question::FileChanged => &[Answer::Merge, Answer::Reload, Answer::Overwrite],
        }
    }
}

/// The formats picker: every format on offer, the ones chosen, and an optional filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatPicker {
    /// Known vocabulary first, then the free-text formats used in the file.
    pub offered: Vec<Format>,
    /// The activity's formats as they will be saved, in order.
    pub chosen: Vec<Format>,
    pub filter: String,
    /// Typing goes into the filter rather than moving.
    pub filtering: bool,
    /// Highlighted row of [`FormatPicker::rows`].
    pub index: usize,
}

/// A row of the formats picker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatRow {
    /// A format on offer; whether it is chosen.
    Format(Format, bool),
    /// Add the filter text as a new format.
    Add(String),
}

impl FormatPicker {
    pub fn new(offered: Vec<Format>, chosen: Vec<Format>) -> Self {
        let mut all = offered;
        for format in &chosen {
            if !all.contains(format) {
                all.push(format.clone());
            }
        }
        FormatPicker {
            offered: all,
            chosen,
            filter: String::new(),
            filtering: false,
            index: 0,
        }
    }

    /// The rows shown: formats whose name contains the filter (any case), and an "add" row when
    /// the filter names no format exactly and could be one (a format cannot contain `;`).
    pub fn rows(&self) -> Vec<FormatRow> {
        let needle = self.filter.trim().to_lowercase();
        let mut rows: Vec<FormatRow> = self
            .offered
            .iter()
            .filter(|f| needle.is_empty() || f.name().to_lowercase().contains(&needle))
            .map(|f| FormatRow::Format(f.clone(), self.chosen.contains(f)))
            .collect();
        let typed = self.filter.trim();
        let exact = !typed.is_empty() && self.offered.contains(&Format::parse(typed));
        if !typed.is_empty() && !exact && !typed.contains(';') {
            rows.push(FormatRow::Add(typed.to_string()));
        }
        rows
    }

    /// Toggles the highlighted row: chooses or unchooses a format, or adds the typed one.
    /// A filter has done its job then: it is cleared and the highlight stays on the format.
    pub fn toggle(&mut self) {
        let rows = self.rows();
        let format = match rows.get(self.index) {
            Some(FormatRow::Format(format, true)) => {
                self.chosen.retain(|f| f != format);
                format.clone()
            }
            Some(FormatRow::Format(format, false)) => {
                self.chosen.push(format.clone());
                format.clone()
            }
            Some(FormatRow::Add(text)) => {
                let format = Format::parse(text);
                if !self.offered.contains(&format) {
                    self.offered.push(format.clone());
                }
                if !self.chosen.contains(&format) {
                    self.chosen.push(format.clone());
                }
                format
            }
            None => return,
        };
        if !self.filter.is_empty() || self.filtering {
            self.filter.clear();
            self.filtering = false;
            self.index = self.offered.iter().position(|f| *f == format).unwrap_or(0);
        }
    }

    /// Moves the highlight, staying within the rows.
    pub fn step(&mut self, by: isize) {
        let len = self.rows().len();
        self.index = step_index(self.index, by, len);
    }

    /// Keeps the highlight on a row after the filter changed.
    pub fn clamp(&mut self) {
        let len = self.rows().len();
        self.index = self.index.min(len.saturating_sub(1));
    }
}

/// An index moved by `by` within `0..len`, stopping at the ends.
pub fn step_index(index: usize, by: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    index.saturating_add_signed(by).min(len - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_lists_the_editable_fields_in_their_order() {
        let labels: Vec<&str> = Field::EDITABLE.iter().map(|f| f.label()).collect();
        assert_eq!(
            labels,
            [
                "Title",
                "Description",
                "Formats",
                "Status",
                "Start",
                "End",
                "Follows up",
                "Notes",
                "Leads",
                "Sessions",
                "Outputs",
                "Themes",
                "Own fields"
            ]
        );
        assert!(TextTarget::Notes.multiline() && !TextTarget::Title.multiline());
    }
}

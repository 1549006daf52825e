//! The vocabulary between input and the editor state: every [`Action`] `update` understands, and the
//! [`Effect`]s it asks the terminal layer to carry out.

/// Something the user (or the terminal layer on their behalf) asks the editor to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Select the activity to the left, within the cluster.
    MoveLeft,
    /// Select the activity to the right, within the cluster.
    MoveRight,
    /// Select the cluster above, at the nearest column.
    MoveUp,
    /// Select the cluster below, at the nearest column.
    MoveDown,
    /// Select the first activity of the cluster.
    MoveFirst,
    /// Select the last activity of the cluster.
    MoveLast,
    /// Select a cell directly (a mouse click).
    Select(crate::model::Cell),
    /// Scroll the grid by whole cluster rows, keeping the selection on screen.
    ScrollRows(i32),
    /// Scroll the grid by whole activity columns, keeping the selection on screen.
    ScrollColumns(i32),
    /// Open the form that edits every field of the selected activity.
    EditActivity,
    /// Open the status picker for the selected activity.
    PickStatus,
    /// Set the selected activity's status to the next one.
    CycleStatus,
    /// Open the formats picker for the selected activity.
    PickFormats,
    /// Type the start date of the selected activity.
    EditStart,
    /// Type the end date of the selected activity.
    EditEnd,
    /// Edit the title of the selected activity.
    EditTitle,
    /// Edit the description of the selected activity.
    EditDescription,
    /// Edit the notes of the selected activity.
    EditNotes,
    /// Edit what the selected activity follows up, as `<year>/<activity id>` (empty: nothing).
    EditFollowUp,
    /// Open the list editor of the selected activity's sessions.
    EditSessions,
    /// Open the list editor of the selected activity's outputs.
    EditOutputs,
    /// In the list editor: add an item after the highlighted one.
    AddItem,
    /// In the list editor: delete the highlighted item.
    DeleteItem,
    /// In the list editor: move the highlighted item one up.
    MoveItemUp,
    /// In the list editor: move the highlighted item one down.
    MoveItemDown,
    /// In the list editor: edit the whole list on one line, in its spreadsheet cell form.
    EditCell,
    /// Open the merge conflicts of the selected activity, to choose a side for each field.
    ResolveConflicts,
    /// In the merge conflicts: keep ours (the value in the file) for the highlighted field.
    KeepOurs,
    /// In the merge conflicts: take theirs for the highlighted field.
    TakeTheirs,
    /// Move the selected activity's dates by this many days.
    ShiftDays(i32),
    /// Move the selected activity's dates by this many months.
    ShiftMonths(i32),
    /// Add an activity after the selected one, asking for its title first.
    AddActivity,
    /// Insert a copy of the selected activity after it, with a new id.
    DuplicateActivity,
    /// Delete the selected activity.
    DeleteActivity,
    /// Swap the selected activity with its left neighbour.
    MoveActivityLeft,
    /// Swap the selected activity with its right neighbour.
    MoveActivityRight,
    /// Move the selected activity to the end of the cluster above.
    MoveActivityUp,
    /// Move the selected activity to the end of the cluster below.
    MoveActivityDown,
    /// Add a cluster below the selected one, asking for its name first.
    AddCluster,
    /// Rename the selected cluster.
    RenameCluster,
    /// Edit the selected cluster's summary.
    EditClusterSummary,
    /// Move the selected cluster one row up.
    MoveClusterUp,
    /// Move the selected cluster one row down.
    MoveClusterDown,
    /// Delete the selected cluster, asking first when it has activities.
    DeleteCluster,
    /// Edit the programme's title.
    EditProgrammeTitle,
    /// Edit the programme's year.
    EditProgrammeYear,
    /// Edit the day the programme was adopted (empty: not adopted).
    EditProgrammeAdopted,
    /// Edit the notes on the programme as a whole.
    EditProgrammeNotes,
    /// Edit the programme's stage: draft, consultation, adopted (empty: none).
    EditProgrammeStage,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Start a search over titles, descriptions, formats and notes.
    Search,
    /// Select the next activity matching the last search.
    SearchNext,
    /// Select the previous activity matching the last search.
    SearchPrevious,
    /// Save the programme to its file.
    Save,
    /// Leave the editor, asking first when there are unsaved changes.
    Quit,
    /// Show the key bindings.
    Help,
    /// Switch to the previous year's programme in the same folder (by the programmes' years).
    PreviousYear,
    /// Switch to the next year's programme in the same folder.
    NextYear,
    /// Compare with last year's programme (marks on every cell, ghosts of dropped activities),
    /// or stop comparing.
    ToggleCompare,
    /// Last year's programme, read by the terminal layer, with its file's name: compare with it.
    Compared(Box<crate::model::Programme>, String),
    /// Last year's programme (in the file named) is the one the comparison last turned off was
    /// made with, and nothing changed since: that comparison comes back as it was.
    ComparedAgain(String),
    /// Last year's programme could not be found or read, and why.
    CompareFailed(String),
    /// Show the selected activity's history: its chain across the years and its changes in git.
    ShowHistory,
    /// The activity's history, read by the terminal layer: show it.
    HistoryRead(Box<super::ActivityHistory>),
    /// Cycle the views: the grid, the timeline, the statistics.
    SwitchView,
    /// Fit the whole year on screen (the fitted grid), or go back to the roomy grid.
    ToggleFitted,
    /// Hide or show the detail panel.
    ToggleDetail,
    /// Open the filter line, which narrows the matrix to the activities it matches.
    FilterActivities,
    /// Mark or unmark the selected activity; edits then apply to every marked activity.
    ToggleMark,
    /// Mark the whole selected cluster (unmark it when it is all marked already).
    MarkCluster,
    /// Unmark every activity.
    ClearMarks,
    /// In a list (picker, form, help): highlight the previous entry.
    ListUp,
    /// In a list (picker, form, help): highlight the next entry.
    ListDown,
    /// In a list: choose the highlighted entry (toggle it in the formats picker).
    Choose,
    /// Close the current popup, keeping what it changed (formats picker, form, help).
    Done,
    /// Close the current popup or entry without changing anything.
    Cancel,
    /// In the formats picker: start typing a filter (or a new format).
    Filter,
    /// Type a character into the current entry (date, search, filter).
    Type(char),
    /// Delete the character before the cursor of the current entry.
    Backspace,
    /// Empty the current entry.
    ClearEntry,
    /// In a date entry: move the typed date by this many days.
    EntryShiftDays(i32),
    /// In a date entry: move the typed date by this many months.
    EntryShiftMonths(i32),
    /// Accept the current entry (date, search, filter).
    Accept,
    /// Answer the question on screen.
    Answer(Answer),
    /// The text box is to be accepted with this text (sent by the terminal layer); a value
    /// that cannot be used keeps the box open with the text and the reason.
    TextSubmitted(String),
    /// The text box is to be cancelled; it holds this text (sent by the terminal layer). A
    /// multi-line box whose text was changed asks first: cancelling again discards.
    TextCancelled(String),
    /// The text in the box changed (sent by the terminal layer): a shown error or question goes.
    TextEdited,
    /// The file was saved with these contents (sent by the terminal layer).
    Saved(String),
    /// Saving failed, for this reason (sent by the terminal layer).
    SaveFailed(String),
    /// The file on disk is no longer what was loaded or last saved (sent by the terminal layer).
    DiskChanged,
    /// The file was read again from disk (sent by the terminal layer).
    Reloaded(Box<Reloaded>),
    /// Reading the file again failed, for this reason (sent by the terminal layer).
    ReloadFailed(String),
    /// Edit the text in the user's own editor (`$VISUAL`/`$EDITOR`): the selected activity's
    /// description in the grid, the box's text in a text box.
    EditExternally,
    /// The open text box's text, to edit in the user's own editor (sent by the terminal layer,
    /// which owns the box, for [`Action::EditExternally`]).
    EditBoxExternally(String),
    /// The user's own editor is done (sent by the terminal layer).
    EditedExternally(Box<ExternalEdit>),
    /// The unsaved changes merged with the file on disk (sent by the terminal layer).
    MergedWithDisk(Box<MergedWithDisk>),
    /// Merging with the file on disk failed, for this reason (sent by the terminal layer).
    MergeFailed(String),
    /// Text pasted outside a text box (sent by the terminal layer, which fills text boxes itself).
    Pasted(String),
    /// A warning about the file session, for the status line (sent by the terminal layer).
    Notice(String),
}

pub use super::external::{EditorError, ExternalEdit, ExternalOutcome, ExternalTarget};
pub use crate::session::file::{MergedWithDisk, Reloaded};

/// An answer to a question the editor asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    Yes,
    No,
    Save,
    Discard,
    Reload,
    Overwrite,
    /// Merge the unsaved changes with the file on disk, then save.
    Merge,
}

/// What the terminal layer has to do after an update: the state machine itself does no I/O.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Nothing beyond redrawing.
    None,
    /// Open a text editor on this text; answer with [`Action::TextSubmitted`] or
    /// [`Action::TextCancelled`], and [`Action::TextEdited`] as it changes.
    EditText { text: String, multiline: bool },
    /// Hand `text` to the user's own editor in a temporary file named `file_name`; answer with
    /// [`Action::EditedExternally`].
    EditExternally {
        text: String,
        file_name: String,
        target: ExternalTarget,
    },
    /// Write the programme to its file. Unless `overwrite`, first check that the file on disk
    /// is still what was loaded or last saved, and answer [`Action::DiskChanged`] if not.
    Save { overwrite: bool },
    /// Read the file again; answer with [`Action::Reloaded`] or [`Action::ReloadFailed`].
    Reload,
    /// Merge the programme with the file on disk, from what was loaded or last saved; answer
    /// with [`Action::MergedWithDisk`] or [`Action::MergeFailed`].
    Merge,
    /// Leave the editor.
    Quit,
    /// Show the programme of the year before (-1) or after (1) this one in the same folder,
    /// keeping this one open.
    SwitchYear(i32),
    /// Read the history of the activity with this id; answer with [`Action::HistoryRead`].
    ReadHistory(String),
    /// Find last year's programme; answer with [`Action::Compared`] or [`Action::CompareFailed`].
    CompareWithLastYear,
}

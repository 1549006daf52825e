//! The key bindings: one table per mode, from which key handling, the status-line hints and
//! the help screen are all made. Defaults are the keys the README lists; a user's key file
//! (`$XDG_CONFIG_HOME/wpmatrix/keys.conf`) can rebind any action.

use std::collections::HashMap;

use super::keys::{Key, display_key, parse_key};
use crate::app::{Action, Answer, Mode};

/// The modes that have their own bindings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyMode {
    Normal,
    Form,
    /// The list editor of an activity's sessions or outputs.
    List,
    Picker,
    Formats,
    Filter,
    Date,
    Line,
    Text,
    Search,
    FilterLine,
    Confirm,
    Help,
    Conflicts,
    /// The screen listing why the file cannot be loaded (not a mode of the editor proper).
    Repair,
}

impl KeyMode {
    pub const ALL: [KeyMode; 15] = [
        KeyMode::Normal,
        KeyMode::Form,
        KeyMode::List,
        KeyMode::Picker,
        KeyMode::Formats,
        KeyMode::Filter,
        KeyMode::Date,
        KeyMode::Line,
        KeyMode::Text,
        KeyMode::Search,
        KeyMode::FilterLine,
        KeyMode::Confirm,
        KeyMode::Help,
        KeyMode::Conflicts,
        KeyMode::Repair,
    ];

    /// The name used in the key file and on the help screen.
    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Normal => "grid",
            KeyMode::Form => "form",
            KeyMode::List => "list",
            KeyMode::Picker => "picker",
            KeyMode::Formats => "formats",
            KeyMode::Filter => "filter",
            KeyMode::Date => "date",
            KeyMode::Line => "line",
            KeyMode::Text => "text",
            KeyMode::Search => "search",
            KeyMode::FilterLine => "filter-line",
            KeyMode::Confirm => "question",
            KeyMode::Help => "help",
            KeyMode::Conflicts => "conflicts",
            KeyMode::Repair => "repair",
        }
    }

    /// The bindings in force in an editor mode.
    pub fn of(mode: &Mode) -> KeyMode {
        match mode {
            Mode::Normal => KeyMode::Normal,
            Mode::Form => KeyMode::Form,
            Mode::List => KeyMode::List,
            Mode::StatusPicker { .. } => KeyMode::Picker,
            Mode::FormatPicker(p) if p.filtering => KeyMode::Filter,
            Mode::FormatPicker(_) => KeyMode::Formats,
            Mode::DateEntry(_) => KeyMode::Date,
            Mode::Text(t) if t.multiline() => KeyMode::Text,
            Mode::Text(_) => KeyMode::Line,
            Mode::Search(_) => KeyMode::Search,
            Mode::FilterLine(_) => KeyMode::FilterLine,
            Mode::Confirm(_) => KeyMode::Confirm,
            // The history scrolls and closes as help does.
            Mode::Help { .. } | Mode::History { .. } => KeyMode::Help,
            Mode::Conflicts { .. } => KeyMode::Conflicts,
        }
    }

    /// Whether keys without a binding type their character.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            KeyMode::Filter | KeyMode::Date | KeyMode::Search | KeyMode::FilterLine
        )
    }
}

/// Every action a key can be bound to: its name in the key file, and what it does, for help.
pub const NAMED_ACTIONS: &[(&str, Action, &str)] = &[
    ("left", Action::MoveLeft, "previous activity in the cluster"),
    ("right", Action::MoveRight, "next activity in the cluster"),
    ("up", Action::MoveUp, "cluster above"),
    ("down", Action::MoveDown, "cluster below"),
    ("first", Action::MoveFirst, "first activity of the cluster"),
    ("last", Action::MoveLast, "last activity of the cluster"),
    (
        "scroll-down",
        Action::ScrollRows(1),
        "scroll one cluster down",
    ),
    ("scroll-up", Action::ScrollRows(-1), "scroll one cluster up"),
    (
        "edit",
        Action::EditActivity,
        "edit the activity (form of all fields)",
    ),
    ("status", Action::PickStatus, "status picker"),
    ("cycle-status", Action::CycleStatus, "next status"),
    ("formats", Action::PickFormats, "formats picker"),
    ("start", Action::EditStart, "type the start date"),
    ("end", Action::EditEnd, "type the end date"),
    ("title", Action::EditTitle, "edit the title"),
    (
        "description",
        Action::EditDescription,
        "edit the description",
    ),
    ("notes", Action::EditNotes, "edit the notes"),
    (
        "follow-up",
        Action::EditFollowUp,
        "edit what the activity follows up",
    ),
    (
        "sessions",
        Action::EditSessions,
        "the activity's sessions (list editor)",
    ),
    (
        "outputs",
        Action::EditOutputs,
        "the activity's outputs (list editor)",
    ),
    ("add-item", Action::AddItem, "add an item after this one"),
    ("delete-item", Action::DeleteItem, "delete the item"),
    ("item-up", Action::MoveItemUp, "move the item up"),
    ("item-down", Action::MoveItemDown, "move the item down"),
    (
        "edit-cell",
        Action::EditCell,
        "edit the whole list on one line (its cell form)",
    ),
    (
        "conflicts",
        Action::ResolveConflicts,
        "resolve the activity's merge conflicts",
    ),
    ("ours", Action::KeepOurs, "keep ours for this field"),
    ("theirs", Action::TakeTheirs, "take theirs for this field"),
    ("day-later", Action::ShiftDays(1), "dates one day later"),
    (
        "day-earlier",
        Action::ShiftDays(-1),
        "dates one day earlier",
    ),
    ("week-later", Action::ShiftDays(7), "dates one week later"),
    (
        "week-earlier",
        Action::ShiftDays(-7),
        "dates one week earlier",
    ),
    (
        "month-later",
        Action::ShiftMonths(1),
        "dates one month later",
    ),
    (
        "month-earlier",
        Action::ShiftMonths(-1),
        "dates one month earlier",
    ),
    ("add", Action::AddActivity, "add an activity after this one"),
    (
        "duplicate",
        Action::DuplicateActivity,
        "duplicate the activity",
    ),
    ("delete", Action::DeleteActivity, "delete the activity"),
    (
        "move-left",
        Action::MoveActivityLeft,
        "move the activity left",
    ),
    (
        "move-right",
        Action::MoveActivityRight,
        "move the activity right",
    ),
    (
        "move-up",
        Action::MoveActivityUp,
        "move the activity to the cluster above",
    ),
    (
        "move-down",
        Action::MoveActivityDown,
        "move the activity to the cluster below",
    ),
    (
        "add-cluster",
        Action::AddCluster,
        "add a cluster below this one",
    ),
    (
        "rename-cluster",
        Action::RenameCluster,
        "rename the cluster",
    ),
    (
        "cluster-summary",
        Action::EditClusterSummary,
        "edit the cluster summary",
    ),
    ("cluster-up", Action::MoveClusterUp, "move the cluster up"),
    (
        "cluster-down",
        Action::MoveClusterDown,
        "move the cluster down",
    ),
    (
        "delete-cluster",
        Action::DeleteCluster,
        "delete the cluster",
    ),
    (
        "programme-title",
        Action::EditProgrammeTitle,
        "edit the programme title",
    ),
    (
        "programme-year",
        Action::EditProgrammeYear,
        "edit the programme year",
    ),
    (
        "programme-adopted",
        Action::EditProgrammeAdopted,
        "edit the programme's adoption date",
    ),
    (
        "programme-notes",
        Action::EditProgrammeNotes,
        "edit the programme's notes",
    ),
    (
        "programme-stage",
        Action::EditProgrammeStage,
        "edit the programme's stage",
    ),
    (
        "external-editor",
        Action::EditExternally,
        "edit in $VISUAL or $EDITOR",
    ),
    ("undo", Action::Undo, "undo"),
    ("redo", Action::Redo, "redo"),
    ("search", Action::Search, "search"),
    ("next-match", Action::SearchNext, "next search match"),
    (
        "previous-match",
        Action::SearchPrevious,
        "previous search match",
    ),
    ("save", Action::Save, "save"),
    ("quit", Action::Quit, "quit"),
    ("help", Action::Help, "help"),
    (
        "previous-year",
        Action::PreviousYear,
        "the previous year's programme in this folder",
    ),
    (
        "next-year",
        Action::NextYear,
        "the next year's programme in this folder",
    ),
    (
        "compare",
        Action::ToggleCompare,
        "compare with last year (new, carried over, changed, dropped)",
    ),
    (
        "history",
        Action::ShowHistory,
        "the activity's history: across the years and in git",
    ),
    (
        "switch-view",
        Action::SwitchView,
        "cycle the views: grid, timeline, statistics",
    ),
    (
        "fit-year",
        Action::ToggleFitted,
        "fit the whole year on screen, or the roomy grid",
    ),
    (
        "toggle-detail",
        Action::ToggleDetail,
        "hide or show the detail panel",
    ),
    (
        "filter-activities",
        Action::FilterActivities,
        "filter the activities (status: format: in: words)",
    ),
    ("mark", Action::ToggleMark, "mark or unmark the activity"),
    (
        "mark-cluster",
        Action::MarkCluster,
        "mark the whole cluster",
    ),
    ("clear-marks", Action::ClearMarks, "unmark every activity"),
    ("list-up", Action::ListUp, "previous entry"),
    ("list-down", Action::ListDown, "next entry"),
    ("choose", Action::Choose, "choose / toggle"),
    ("done", Action::Done, "done, keep changes"),
    ("cancel", Action::Cancel, "cancel"),
    ("filter", Action::Filter, "filter, or type a new format"),
    ("backspace", Action::Backspace, "delete a character"),
    (
        "clear",
        Action::ClearEntry,
        "clear (in a text box, up to the cursor)",
    ),
    (
        "entry-day-later",
        Action::EntryShiftDays(1),
        "one day later",
    ),
    (
        "entry-day-earlier",
        Action::EntryShiftDays(-1),
        "one day earlier",
    ),
    (
        "entry-week-later",
        Action::EntryShiftDays(7),
        "one week later",
    ),
    (
        "entry-week-earlier",
        Action::EntryShiftDays(-7),
        "one week earlier",
    ),
    (
        "entry-month-later",
        Action::EntryShiftMonths(1),
        "one month later",
    ),
    (
        "entry-month-earlier",
        Action::EntryShiftMonths(-1),
        "one month earlier",
    ),
    ("accept", Action::Accept, "accept"),
    ("yes", Action::Answer(Answer::Yes), "yes"),
    ("no", Action::Answer(Answer::No), "no"),
    ("answer-save", Action::Answer(Answer::Save), "save"),
    (
        "discard",
        Action::Answer(Answer::Discard),
        "discard changes",
    ),
    ("reload", Action::Answer(Answer::Reload), "reload from disk"),
    (
        "overwrite",
        Action::Answer(Answer::Overwrite),
        "overwrite the file",
    ),
    (
        "merge",
        Action::Answer(Answer::Merge),
        "merge with the file on disk",
    ),
];

/// The default bindings: mode, keys (space-separated key strings), action name, and whether
/// the status line offers it as a hint.
const DEFAULTS: &[(KeyMode, &str, &str, bool)] = &[
    (KeyMode::Normal, "<left> h", "left", false),
    (KeyMode::Normal, "<right> l", "right", false),
    (KeyMode::Normal, "<up> k", "up", false),
    (KeyMode::Normal, "<down> j", "down", false),
    (KeyMode::Normal, "<home> 0", "first", false),
    (KeyMode::Normal, "<end> $", "last", false),
    (KeyMode::Normal, "<pgdn>", "scroll-down", false),
    (KeyMode::Normal, "<pgup>", "scroll-up", false),
    (KeyMode::Normal, "<enter>", "edit", true),
    (KeyMode::Normal, "s", "status", true),
    (KeyMode::Normal, "c", "cycle-status", false),
    (KeyMode::Normal, "f", "formats", true),
    (KeyMode::Normal, "b", "start", false),
    (KeyMode::Normal, "e", "end", false),
    (KeyMode::Normal, "t", "title", false),
    (KeyMode::Normal, "D", "description", false),
    (KeyMode::Normal, "O", "notes", false),
    (KeyMode::Normal, "F", "follow-up", false),
    (KeyMode::Normal, "m", "conflicts", false),
    (KeyMode::Normal, "M", "sessions", false),
    (KeyMode::Normal, "o", "outputs", false),
    (KeyMode::Normal, "+", "day-later", false),
    (KeyMode::Normal, "-", "day-earlier", false),
    (KeyMode::Normal, "]", "week-later", false),
    (KeyMode::Normal, "[", "week-earlier", false),
    (KeyMode::Normal, "}", "month-later", false),
    (KeyMode::Normal, "{", "month-earlier", false),
    (KeyMode::Normal, "a", "add", true),
    (KeyMode::Normal, "y", "duplicate", false),
    (KeyMode::Normal, "x <del>", "delete", false),
    (KeyMode::Normal, "H", "move-left", false),
    (KeyMode::Normal, "L", "move-right", false),
    (KeyMode::Normal, "K", "move-up", false),
    (KeyMode::Normal, "J", "move-down", false),
    (KeyMode::Normal, "A", "add-cluster", false),
    (KeyMode::Normal, "R", "rename-cluster", false),
    (KeyMode::Normal, "S", "cluster-summary", false),
    (KeyMode::Normal, "<A-k> <A-up>", "cluster-up", false),
    (KeyMode::Normal, "<A-j> <A-down>", "cluster-down", false),
    (KeyMode::Normal, "X", "delete-cluster", false),
    (KeyMode::Normal, "T", "programme-title", false),
    (KeyMode::Normal, "Y", "programme-year", false),
    (KeyMode::Normal, "B", "programme-adopted", false),
    (KeyMode::Normal, "P", "programme-notes", false),
    (KeyMode::Normal, "W", "programme-stage", false),
    (KeyMode::Normal, "E", "external-editor", false),
    (KeyMode::Normal, "u", "undo", true),
    (KeyMode::Normal, "<C-r>", "redo", false),
    (KeyMode::Normal, "/", "search", false),
    (KeyMode::Normal, "n", "next-match", false),
    (KeyMode::Normal, "N", "previous-match", false),
    (KeyMode::Normal, "<C-s>", "save", true),
    (KeyMode::Normal, "q", "quit", true),
    (KeyMode::Normal, "?", "help", true),
    (KeyMode::Normal, "<", "previous-year", false),
    (KeyMode::Normal, ">", "next-year", false),
    (KeyMode::Normal, "C", "compare", false),
    (KeyMode::Normal, "G", "history", false),
    (KeyMode::Normal, "<tab>", "switch-view", false),
    (KeyMode::Normal, "z", "fit-year", false),
    (KeyMode::Normal, "i", "toggle-detail", false),
    (KeyMode::Normal, "\\", "filter-activities", false),
    (KeyMode::Normal, "v", "mark", false),
    (KeyMode::Normal, "V", "mark-cluster", false),
    (KeyMode::Normal, "<esc>", "clear-marks", false),
    (KeyMode::Form, "<up> k", "list-up", false),
    (KeyMode::Form, "<down> j", "list-down", false),
    (KeyMode::Form, "<enter>", "choose", true),
    (KeyMode::Form, "<esc> q", "done", true),
    (KeyMode::Form, "u", "undo", false),
    (KeyMode::Form, "<C-r>", "redo", false),
    (KeyMode::Form, "<C-s>", "save", false),
    (KeyMode::List, "<up> k", "list-up", false),
    (KeyMode::List, "<down> j", "list-down", false),
    (KeyMode::List, "<enter> e", "choose", true),
    (KeyMode::List, "a", "add-item", true),
    (KeyMode::List, "d x <del>", "delete-item", true),
    (KeyMode::List, "K <S-up>", "item-up", true),
    (KeyMode::List, "J <S-down>", "item-down", true),
    (KeyMode::List, "c", "edit-cell", false),
    (KeyMode::List, "u", "undo", false),
    (KeyMode::List, "<C-r>", "redo", false),
    (KeyMode::List, "<C-s>", "save", false),
    (KeyMode::List, "?", "help", false),
    (KeyMode::List, "<esc> q", "done", true),
    (KeyMode::Picker, "<up> k", "list-up", false),
    (KeyMode::Picker, "<down> j", "list-down", false),
    (KeyMode::Picker, "<enter>", "choose", true),
    (KeyMode::Picker, "<esc> q", "cancel", true),
    (KeyMode::Formats, "<up> k", "list-up", false),
    (KeyMode::Formats, "<down> j", "list-down", false),
    (KeyMode::Formats, "<enter> <space>", "choose", true),
    (KeyMode::Formats, "/", "filter", true),
    (KeyMode::Formats, "<esc> q", "done", true),
    (KeyMode::Formats, "<C-c>", "cancel", true),
    (KeyMode::Filter, "<up>", "list-up", false),
    (KeyMode::Filter, "<down>", "list-down", false),
    (KeyMode::Filter, "<enter> <C-s>", "choose", true),
    (KeyMode::Filter, "<bs>", "backspace", false),
    (KeyMode::Filter, "<C-u>", "clear", false),
    (KeyMode::Filter, "<esc> <C-c>", "cancel", true),
    (KeyMode::Date, "<enter> <C-s>", "accept", true),
    (KeyMode::Date, "<esc> <C-c>", "cancel", true),
    (KeyMode::Date, "<bs>", "backspace", false),
    (KeyMode::Date, "<C-u>", "clear", false),
    (KeyMode::Date, "<up>", "entry-day-later", true),
    (KeyMode::Date, "<down>", "entry-day-earlier", false),
    (KeyMode::Date, "<S-up>", "entry-week-later", false),
    (KeyMode::Date, "<S-down>", "entry-week-earlier", false),
    (KeyMode::Date, "<pgup>", "entry-month-later", false),
    (KeyMode::Date, "<pgdn>", "entry-month-earlier", false),
    (KeyMode::Line, "<enter> <C-s>", "done", true),
    (KeyMode::Line, "<esc> <C-c>", "cancel", true),
    (KeyMode::Line, "<C-u>", "clear", true),
    (KeyMode::Text, "<C-s>", "done", true),
    (KeyMode::Text, "<esc> <C-c>", "cancel", true),
    (KeyMode::Text, "<C-u>", "clear", true),
    (KeyMode::Text, "<C-e>", "external-editor", true),
    (KeyMode::Search, "<enter> <C-s>", "accept", true),
    (KeyMode::Search, "<esc> <C-c>", "cancel", true),
    (KeyMode::Search, "<bs>", "backspace", false),
    (KeyMode::Search, "<C-u>", "clear", false),
    (KeyMode::FilterLine, "<enter> <C-s>", "accept", true),
    (KeyMode::FilterLine, "<esc> <C-c>", "cancel", true),
    (KeyMode::FilterLine, "<bs>", "backspace", false),
    (KeyMode::FilterLine, "<C-u>", "clear", false),
    (KeyMode::Confirm, "y", "yes", true),
    (KeyMode::Confirm, "n", "no", true),
    (KeyMode::Confirm, "s", "answer-save", true),
    (KeyMode::Confirm, "d", "discard", true),
    (KeyMode::Confirm, "r", "reload", true),
    (KeyMode::Confirm, "o", "overwrite", true),
    (KeyMode::Confirm, "m", "merge", true),
    (KeyMode::Confirm, "<esc> c", "cancel", true),
    (KeyMode::Help, "<up> k", "list-up", false),
    (KeyMode::Help, "<down> j", "list-down", false),
    (KeyMode::Help, "<esc> q ?", "done", true),
    (KeyMode::Conflicts, "<up> k", "list-up", false),
    (KeyMode::Conflicts, "<down> j", "list-down", false),
    (KeyMode::Conflicts, "o <left>", "ours", true),
    (KeyMode::Conflicts, "t <right>", "theirs", true),
    (KeyMode::Conflicts, "u", "undo", true),
    (KeyMode::Conflicts, "<esc> q", "done", true),
    (KeyMode::Repair, "e", "external-editor", true),
    (KeyMode::Repair, "<up> k", "list-up", false),
    (KeyMode::Repair, "<down> j", "list-down", false),
    (KeyMode::Repair, "q <esc>", "quit", true),
];

/// One key bound to one action in one mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub mode: KeyMode,
    pub key: Key,
    pub action: Action,
    pub hint: bool,
}

/// The bindings in force.
#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

/// The name of an action in the key file, if it can be bound.
pub fn action_name(action: &Action) -> Option<&'static str> {
    NAMED_ACTIONS
        .iter()
        .find(|(_, a, _)| a == action)
        .map(|(name, _, _)| *name)
}

fn named(name: &str) -> Option<&'static (&'static str, Action, &'static str)> {
    NAMED_ACTIONS.iter().find(|(n, _, _)| *n == name)
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        for (mode, keys, name, hint) in DEFAULTS {
            let Some((_, action, _)) = named(name) else {
                continue;
            };
            for key in keys.split_whitespace().filter_map(|k| parse_key(k).ok()) {
                bindings.push(Binding {
                    mode: *mode,
                    key,
                    action: action.clone(),
                    hint: *hint,
                });
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action a key means in a mode.
    pub fn action(&self, mode: KeyMode, key: Key) -> Option<&Action> {
        self.bindings
            .iter()
            .find(|b| b.mode == mode && b.key == key)
            .map(|b| &b.action)
    }

    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// The keys bound to an action in a mode, in table order.
    pub fn keys(&self, mode: KeyMode, action: &Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|b| b.mode == mode && &b.action == action)
            .map(|b| b.key)
            .collect()
    }

    /// Short hints for the status line: `key action` for the mode's hinted actions.
    pub fn hints(&self, mode: KeyMode) -> Vec<(String, &'static str)> {
        self.hints_for(mode, |_| true)
    }

    /// Hints for the mode's hinted actions that `offered` keeps: a question offers only some
    /// of the answers bound in question mode.
    pub fn hints_for(
        &self,
        mode: KeyMode,
        offered: impl Fn(&Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let mut seen: Vec<&Action> = Vec::new();
        let mut out = Vec::new();
        for b in self
            .bindings
            .iter()
            .filter(|b| b.mode == mode && b.hint && offered(&b.action))
        {
            if seen.contains(&&b.action) {
                continue;
            }
            seen.push(&b.action);
            let name = action_name(&b.action).unwrap_or("?");
            let short = match name {
                // In the list editor, choosing an item edits it.
                "choose" if mode == KeyMode::List => "edit",
                "answer-save" => "save",
                "entry-day-later" if crate::text::ascii() => "+-day",
                "entry-day-later" => "±day",
                "external-editor" => "$EDITOR",
                "add-item" => "add",
                "delete-item" => "delete",
                "item-up" => "up",
                "item-down" => "down",
                other => other,
            };
            out.push((display_key(b.key), short));
        }
        out
    }

    /// Help lines: for each mode, each bound action with all its keys and what it does.
    pub fn help(&self) -> Vec<(KeyMode, String, &'static str, &'static Action)> {
        let mut out = Vec::new();
        for mode in KeyMode::ALL {
            for (_, action, what) in NAMED_ACTIONS {
                let keys = self.keys(mode, action);
                if !keys.is_empty() {
                    let keys: Vec<String> = keys.into_iter().map(display_key).collect();
                    out.push((mode, keys.join(" "), *what, action));
                }
            }
        }
        out
    }

    /// Pairs of bindings where one key means two things in one mode.
    pub fn collisions(&self) -> Vec<String> {
        let mut seen: HashMap<(KeyMode, Key), &Action> = HashMap::new();
        let mut out = Vec::new();
        for b in &self.bindings {
            if let Some(first) = seen.insert((b.mode, b.key), &b.action)
                && first != &b.action
            {
                out.push(format!(
                    "in {} mode {} is bound to both {} and {}",
                    b.mode.name(),
                    display_key(b.key),
                    action_name(first).unwrap_or("?"),
                    action_name(&b.action).unwrap_or("?"),
                ));
            }
        }
        out
    }

    /// A keymap of exactly these bindings (the key file builds one from the defaults).
    pub(super) fn from_bindings(bindings: Vec<Binding>) -> Keymap {
        Keymap { bindings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_bindings_do_not_collide() {
        assert_eq!(Keymap::default().collisions(), Vec::<String>::new());
    }

    #[test]
    fn every_default_names_a_known_action_and_valid_keys() {
        for (mode, keys, name, _) in DEFAULTS {
            assert!(named(name).is_some(), "{name} in {mode:?}");
            for key in keys.split_whitespace() {
                assert!(parse_key(key).is_ok(), "{key} in {mode:?}");
            }
        }
    }

    #[test]
    fn contract_keys_are_the_defaults() {
        let map = Keymap::default();
        let grid = |k: &str| map.action(KeyMode::Normal, parse_key(k).unwrap()).cloned();
        assert_eq!(grid("j"), Some(Action::MoveDown));
        assert_eq!(grid("<down>"), Some(Action::MoveDown));
        assert_eq!(grid("h"), Some(Action::MoveLeft));
        assert_eq!(grid("<enter>"), Some(Action::EditActivity));
        assert_eq!(grid("s"), Some(Action::PickStatus));
        assert_eq!(grid("u"), Some(Action::Undo));
        assert_eq!(grid("<C-r>"), Some(Action::Redo));
        assert_eq!(grid("/"), Some(Action::Search));
        assert_eq!(grid("<C-s>"), Some(Action::Save));
        assert_eq!(grid("q"), Some(Action::Quit));
        assert_eq!(grid("?"), Some(Action::Help));
        assert_eq!(grid("<tab>"), Some(Action::SwitchView));
        assert_eq!(grid("z"), Some(Action::ToggleFitted));
        assert_eq!(grid("i"), Some(Action::ToggleDetail));
        assert_eq!(grid("\\"), Some(Action::FilterActivities));
        assert_eq!(grid("v"), Some(Action::ToggleMark));
        assert_eq!(grid("V"), Some(Action::MarkCluster));
        assert_eq!(grid("E"), Some(Action::EditExternally));
        let text = |k: &str| map.action(KeyMode::Text, parse_key(k).unwrap()).cloned();
        assert_eq!(text("<C-e>"), Some(Action::EditExternally));
        let picker = |k: &str| map.action(KeyMode::Picker, parse_key(k).unwrap()).cloned();
        assert_eq!(picker("j"), Some(Action::ListDown));
        assert_eq!(picker("<up>"), Some(Action::ListUp));
        assert_eq!(picker("<enter>"), Some(Action::Choose));
    }
}

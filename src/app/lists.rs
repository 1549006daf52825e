//! The list editor for an activity's sessions and outputs: one item per line, each added,
//! edited (typed in its spreadsheet cell form, read as import reads it), deleted or moved up
//! and down as one change that one undo takes back.

use super::{Action, App, Effect, Mode, Refused, TextTarget, step_index};
use crate::model::{
    Activity, Field, FieldValue, OccasionError, Output, Session, outputs_from_cell, sessions_typed,
    split_cell,
};

/// Which of an activity's lists the editor edits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListField {
    Sessions,
    Outputs,
}

impl ListField {
    /// The activity's field the list is.
    pub fn field(self) -> Field {
        match self {
            ListField::Sessions => Field::Sessions,
            ListField::Outputs => Field::Outputs,
        }
    }

    /// The list editor for a field, if the field is one.
    pub fn of(field: Field) -> Option<ListField> {
        match field {
            Field::Sessions => Some(ListField::Sessions),
            Field::Outputs => Some(ListField::Outputs),
            _ => None,
        }
    }

    /// What the list is called, in titles and spoken lines.
    pub fn label(self) -> &'static str {
        match self {
            ListField::Sessions => "Sessions",
            ListField::Outputs => "Outputs",
        }
    }

    /// One item, as a thing: for "3 sessions", "no output yet".
    pub fn noun(self) -> &'static str {
        match self {
            ListField::Sessions => "session",
            ListField::Outputs => "output",
        }
    }

    /// The activity's items in their cell forms, one a line.
    pub fn items(self, activity: &Activity) -> Vec<String> {
        match self {
            ListField::Sessions => activity.sessions.iter().map(Session::cell).collect(),
            ListField::Outputs => activity.outputs.iter().map(Output::cell).collect(),
        }
    }
}

/// The open list editor: which list, and the highlighted item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListEditor {
    pub list: ListField,
    pub index: usize,
}

/// An activity's list as values, so that items move without being read again from text.
enum Items {
    Sessions(Vec<Session>),
    Outputs(Vec<Output>),
}

impl Items {
    fn of(list: ListField, activity: &Activity) -> Items {
        match list {
            ListField::Sessions => Items::Sessions(activity.sessions.clone()),
            ListField::Outputs => Items::Outputs(activity.outputs.clone()),
        }
    }

    fn remove(&mut self, at: usize) {
        match self {
            Items::Sessions(v) => drop(v.remove(at)),
            Items::Outputs(v) => drop(v.remove(at)),
        }
    }

    fn swap(&mut self, a: usize, b: usize) {
        match self {
            Items::Sessions(v) => v.swap(a, b),
            Items::Outputs(v) => v.swap(a, b),
        }
    }

    fn value(self) -> FieldValue {
        match self {
            Items::Sessions(v) => FieldValue::Sessions(v),
            Items::Outputs(v) => FieldValue::Outputs(v),
        }
    }
}

impl App {
    /// Opens the list editor on the selected activity's sessions or outputs.
    pub(super) fn open_list(&mut self, list: ListField) {
        if self.selected_activity().is_none() {
            self.warn("No activity selected.");
            self.back();
            return;
        }
        self.list = Some(ListEditor { list, index: 0 });
        self.mode = Mode::List;
    }

    /// The open list editor's items, in their cell forms.
    pub fn list_items(&self) -> Vec<String> {
        match (self.list, self.selected_activity()) {
            (Some(editor), Some(activity)) => editor.list.items(activity),
            _ => Vec::new(),
        }
    }

    pub(super) fn list_action(&mut self, action: Action) -> Effect {
        self.mode = Mode::List;
        let (Some(editor), Some(activity)) = (self.list, self.selected_activity()) else {
            self.close_list();
            return Effect::None;
        };
        let ListEditor { list, index } = editor;
        let len = list.items(activity).len();
        match action {
            Action::ListUp => self.list_select(step_index(index, -1, len)),
            Action::ListDown => self.list_select(step_index(index, 1, len)),
            Action::Choose if len == 0 => {
                return self.open_text(TextTarget::Item(list, None), String::new());
            }
            Action::Choose => {
                let text = list.items(activity).swap_remove(index.min(len - 1));
                return self.open_text(TextTarget::Item(list, Some(index.min(len - 1))), text);
            }
            Action::AddItem => return self.open_text(TextTarget::Item(list, None), String::new()),
            Action::DeleteItem if len > 0 => {
                let mut items = Items::of(list, activity);
                let at = index.min(len - 1);
                items.remove(at);
                self.set_list(list, items, at.min(len.saturating_sub(2)));
                self.inform(format!("{} deleted (u undoes).", capitalised(list.noun())));
            }
            Action::MoveItemUp | Action::MoveItemDown if len > 1 => {
                let at = index.min(len - 1);
                let to = if action == Action::MoveItemUp {
                    step_index(at, -1, len)
                } else {
                    step_index(at, 1, len)
                };
                if to != at {
                    let mut items = Items::of(list, activity);
                    items.swap(at, to);
                    self.set_list(list, items, to);
                }
            }
            Action::DeleteItem | Action::MoveItemUp | Action::MoveItemDown => {
                self.inform(format!("No {} to move or delete here.", list.noun()));
            }
            Action::EditCell => {
                let text = activity
                    .get(list.field())
                    .map(|v| v.plain())
                    .unwrap_or_default();
                return self.open_text(TextTarget::Cells(list.field()), text);
            }
            Action::Undo | Action::Redo => {
                self.normal(action);
                // Undo may have moved the selection, or taken items away: stay on one there is.
                self.mode = Mode::List;
                let len = self.list_items().len();
                self.list_select(index.min(len.saturating_sub(1)));
            }
            // Help comes back to the list; saving keeps it open (a question it asks, too).
            Action::Help => self.mode = Mode::Help { scroll: 0 },
            Action::Save => return self.normal(action),
            Action::Done | Action::Cancel | Action::Quit => self.close_list(),
            _ => {}
        }
        Effect::None
    }

    fn list_select(&mut self, index: usize) {
        if let Some(editor) = &mut self.list {
            editor.index = index;
        }
    }

    pub(super) fn close_list(&mut self) {
        self.list = None;
        self.back();
    }

    /// Sets the whole list as one change and highlights `index`.
    fn set_list(&mut self, list: ListField, items: Items, index: usize) {
        self.set_fields([(list.field(), items.value())]);
        self.list_select(index);
    }

    /// An item typed in the list editor: `at` is the item it replaces, `None` adds after the
    /// highlighted one. Several items separated by `;` are all taken; a session typed without
    /// `#N` keeps the id of the one it replaces, or gets the next id the activity never used.
    /// Read as import reads a cell and checked as `check` would: a refusal keeps the box open.
    pub(super) fn submit_item(
        &mut self,
        list: ListField,
        at: Option<usize>,
        text: &str,
    ) -> Result<(), Refused> {
        let Some(typed) = self.typed_items(list, at, text)? else {
            return Ok(());
        };
        let field = list.field();
        if self
            .selected_activity()
            .is_some_and(|a| !typed.changed.same(a, field))
        {
            self.set_fields([(field, typed.value)]);
        }
        self.list_select(typed.first + typed.added.saturating_sub(1));
        Ok(())
    }

    /// How the text in an item's box reads, as the planner types: the items in their cell form,
    /// or why they would be refused (the words import and `check` use).
    pub fn item_preview(&self, target: TextTarget, text: &str) -> Option<Result<String, Refused>> {
        let TextTarget::Item(list, at) = target else {
            return None;
        };
        let text = text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        Some(match self.typed_items(list, at, &text) {
            Ok(Some(typed)) => {
                let items = list.items(&typed.changed);
                let range = typed.first..typed.first + typed.added;
                Ok(items.get(range).unwrap_or_default().join("; "))
            }
            Ok(None) => Ok(String::new()),
            Err(refused) => Err(refused),
        })
    }

    /// The list with the typed items in place, checked; `None` for nothing typed to add.
    fn typed_items(
        &self,
        list: ListField,
        at: Option<usize>,
        text: &str,
    ) -> Result<Option<Typed>, Refused> {
        let (Some(editor), Some(activity)) = (self.list, self.selected_activity()) else {
            return Err(Refused::NoActivity);
        };
        if split_cell(text).is_empty() {
            return match at {
                None => Ok(None),
                Some(_) => Err(Refused::EmptyItem(list.noun())),
            };
        }
        let len = list.items(activity).len();
        let (from, to) = match at {
            Some(i) => (i.min(len), (i + 1).min(len)),
            None if len == 0 => (0, 0),
            None => ((editor.index + 1).min(len), (editor.index + 1).min(len)),
        };
        let (value, added) = match list {
            ListField::Sessions => {
                let mut sessions = activity.sessions.clone();
                let keep = at.and_then(|i| sessions.get(i)).map(|s| s.id);
                let typed = sessions_typed(text, &activity.sessions, keep)?;
                let added = typed.len();
                sessions.splice(from..to, typed);
                let twice = sessions
                    .iter()
                    .enumerate()
                    .find(|(n, s)| sessions[..*n].iter().any(|t| t.id == s.id));
                if let Some((_, session)) = twice {
                    return Err(OccasionError::SessionTwice(session.id).into());
                }
                (FieldValue::Sessions(sessions), added)
            }
            ListField::Outputs => {
                let mut outputs = activity.outputs.clone();
                let typed = outputs_from_cell(text)?;
                let added = typed.len();
                outputs.splice(from..to, typed);
                (FieldValue::Outputs(outputs), added)
            }
        };
        let field = list.field();
        let changed = self.changed_cell(activity, field, &value)?;
        Ok(Some(Typed {
            changed,
            value,
            first: from,
            added,
        }))
    }
}

/// Items typed into a box, read and checked: the activity as it would be, the list's new value,
/// and where the typed items are in it.
struct Typed {
    changed: Activity,
    value: FieldValue,
    first: usize,
    added: usize,
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

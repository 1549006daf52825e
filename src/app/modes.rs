//! The editor's modes other than the grid: the form, the pickers, date entry, search, questions
//! and help. Each handler takes the mode's state out of [`App::mode`] and puts back the next one.

use super::{
    Action, Answer, App, DateEntry, Effect, FormatPicker, Mode, Question, TextTarget, edit,
    step_index,
};
use crate::model::{Field, FieldValue, Shift};

impl App {
    pub(super) fn form_action(&mut self, action: Action) -> Effect {
        let index = self.form.unwrap_or(0);
        self.mode = Mode::Form;
        match action {
            Action::ListUp => self.form = Some(step_index(index, -1, Field::EDITABLE.len())),
            Action::ListDown => self.form = Some(step_index(index, 1, Field::EDITABLE.len())),
            Action::Choose => {
                let edit = match Field::EDITABLE[index.min(Field::EDITABLE.len() - 1)] {
                    Field::Title => Action::EditTitle,
                    Field::Description => Action::EditDescription,
                    Field::Formats => Action::PickFormats,
                    Field::Status => Action::PickStatus,
                    Field::Start => Action::EditStart,
                    Field::End => Action::EditEnd,
                    Field::FollowUpOf => Action::EditFollowUp,
                    Field::Notes => Action::EditNotes,
                    // Sessions and outputs have their list editor.
                    Field::Sessions => {
                        self.open_list(super::ListField::Sessions);
                        return Effect::None;
                    }
                    Field::Outputs => {
                        self.open_list(super::ListField::Outputs);
                        return Effect::None;
                    }
                    // Every other optional field is typed in its cell form, as a spreadsheet
                    // has it.
                    field if field.is_optional_in(Field::ACTIVITY) => {
                        let text = self
                            .selected_activity()
                            .and_then(|a| a.get(field))
                            .map(|v| v.plain())
                            .unwrap_or_default();
                        return self.open_text(TextTarget::Cells(field), text);
                    }
                    // Not in the form: the id is made from the title, the rest are not an
                    // activity's.
                    _ => return Effect::None,
                };
                return self.edit(edit);
            }
            Action::Done | Action::Cancel | Action::EditActivity => {
                self.form = None;
                self.mode = Mode::Normal;
            }
            // These leave the form and act as on the grid, so the form must be gone in the
            // mode too: a form that is not drawn would otherwise take the next key.
            Action::Undo | Action::Redo | Action::Save | Action::Help => {
                self.form = None;
                self.mode = Mode::Normal;
                return self.normal(action);
            }
            _ => {}
        }
        Effect::None
    }

    pub(super) fn status_picker(&mut self, index: usize, action: &Action) -> Effect {
        let len = crate::model::Status::ALL.len();
        match action {
            Action::ListUp => {
                self.mode = Mode::StatusPicker {
                    index: step_index(index, -1, len),
                }
            }
            Action::ListDown => {
                self.mode = Mode::StatusPicker {
                    index: step_index(index, 1, len),
                }
            }
            Action::Choose | Action::Accept => {
                let status = crate::model::Status::ALL[index.min(len - 1)];
                self.back();
                if self.status_chosen_for_marks(status) {
                    return Effect::None;
                }
                if self.selected_activity().map(|a| a.status) != Some(status) {
                    self.set_fields([(Field::Status, FieldValue::Status(status))]);
                }
            }
            Action::Cancel | Action::Done => self.back(),
            _ => self.mode = Mode::StatusPicker { index },
        }
        Effect::None
    }

    pub(super) fn format_picker(&mut self, mut picker: FormatPicker, action: &Action) -> Effect {
        match action {
            Action::ListUp => picker.step(-1),
            Action::ListDown => picker.step(1),
            Action::Choose | Action::Accept => {
                let before = picker.chosen.clone();
                picker.toggle();
                picker.clamp();
                self.note_format_toggle(&before, &picker.chosen);
            }
            Action::Filter => picker.filtering = true,
            Action::Type(';') if picker.filtering => {
                self.warn("a format cannot contain `;`: it separates formats in CSV");
            }
            Action::Type(c) if picker.filtering => {
                // A refusal shown in the box goes once the text changes, as in every box.
                self.message = None;
                picker.filter.push(*c);
                picker.index = 0;
            }
            Action::Backspace if picker.filtering => {
                picker.filter.pop();
                picker.clamp();
            }
            Action::ClearEntry => {
                picker.filter.clear();
                picker.clamp();
            }
            Action::Cancel if picker.filtering => {
                picker.filtering = false;
                picker.filter.clear();
                picker.clamp();
            }
            Action::Done => {
                self.back();
                let formats = picker.chosen;
                if self.formats_chosen_for_marks(&formats) {
                    return Effect::None;
                }
                if self.selected_activity().map(|a| &a.formats) != Some(&formats) {
                    self.set_fields([(Field::Formats, FieldValue::Formats(formats))]);
                }
                return Effect::None;
            }
            Action::Cancel => {
                self.back();
                return Effect::None;
            }
            _ => {}
        }
        self.mode = Mode::FormatPicker(picker);
        Effect::None
    }

    pub(super) fn date_entry(&mut self, mut entry: DateEntry, action: &Action) -> Effect {
        match action {
            Action::Type(c) => {
                entry.text.push(*c);
                entry.error = None;
            }
            Action::Backspace => {
                entry.text.pop();
                entry.error = None;
            }
            Action::ClearEntry => {
                entry.text.clear();
                entry.error = None;
            }
            Action::EntryShiftDays(days) => {
                let field = entry.field;
                entry.shift(|d| edit::shift_entry(d, field, Shift::Days((*days).into())));
            }
            Action::EntryShiftMonths(months) => {
                let field = entry.field;
                entry.shift(|d| edit::shift_entry(d, field, Shift::Months(*months)));
            }
            Action::Accept | Action::Choose => match self.set_date(entry.field, &entry.text) {
                Ok(()) => {
                    self.back();
                    return Effect::None;
                }
                Err(reason) => entry.error = Some(reason.to_string()),
            },
            Action::Cancel | Action::Done => {
                self.back();
                return Effect::None;
            }
            _ => {}
        }
        self.mode = Mode::DateEntry(entry);
        Effect::None
    }

    pub(super) fn confirm(&mut self, question: Question, action: &Action) -> Effect {
        let &Action::Answer(answer) = action else {
            if *action == Action::Cancel {
                self.back();
                self.inform("Cancelled.");
            } else {
                self.mode = Mode::Confirm(question);
            }
            return Effect::None;
        };
        if !question.answers().contains(&answer) {
            self.mode = Mode::Confirm(question);
            return Effect::None;
        }
        self.back();
        match (question, answer) {
            (Question::QuitUnsaved, Answer::Save) => {
                self.quit_after_save = true;
                self.save()
            }
            (Question::QuitUnsaved, Answer::Discard) => Effect::Quit,
            (Question::DeleteMarked(_), Answer::Yes) => {
                self.delete_marked();
                Effect::None
            }
            (Question::DeleteCluster(i), Answer::Yes) => {
                self.delete_cluster(i);
                Effect::None
            }
            (Question::DropComments, Answer::Yes) => {
                self.comments_pending = false;
                Effect::Save { overwrite: false }
            }
            (Question::ShiftYear(year), Answer::Yes | Answer::No) => {
                self.change_year(year, answer == Answer::Yes);
                Effect::None
            }
            (Question::FileChanged, Answer::Reload) => Effect::Reload,
            (Question::FileChanged, Answer::Merge) => Effect::Merge,
            (Question::FileChanged, Answer::Overwrite) => Effect::Save { overwrite: true },
            _ => {
                self.quit_after_save = false;
                self.merged_conflicts = None;
                self.inform("Cancelled.");
                Effect::None
            }
        }
    }

    pub(super) fn help(&mut self, scroll: usize, action: &Action) -> Effect {
        match action {
            Action::ListUp => {
                self.mode = Mode::Help {
                    scroll: scroll.saturating_sub(1),
                }
            }
            Action::ListDown => self.mode = Mode::Help { scroll: scroll + 1 },
            Action::Done | Action::Cancel | Action::Help | Action::Quit => self.back(),
            _ => self.mode = Mode::Help { scroll },
        }
        Effect::None
    }

    pub(super) fn history_popup(
        &mut self,
        history: Box<super::ActivityHistory>,
        scroll: usize,
        action: &Action,
    ) -> Effect {
        let scroll = match action {
            Action::ListUp => scroll.saturating_sub(1),
            Action::ListDown => (scroll + 1).min(history.lines.len().saturating_sub(1)),
            Action::Done | Action::Cancel | Action::Quit | Action::ShowHistory => {
                self.back();
                return Effect::None;
            }
            _ => scroll,
        };
        self.mode = Mode::History { history, scroll };
        Effect::None
    }
}

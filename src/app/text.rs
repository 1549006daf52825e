//! Text boxes: the state the state machine keeps for the open box (the text it opened with,
//! why its last value was refused, whether it asks before discarding) and what submitted text
//! does, per target. A value that cannot be used keeps the box open with its text and the
//! reason, as the date box does.

use super::{Action, App, Effect, Mode, Question, TextTarget};
use crate::model::edit::{NewYear, new_year};
use crate::model::{
    Activity, Cell, Cluster, Field, FieldValue, Operation, Severity, check, follow_up_form_error,
    parse_follow_up, sessions_from_cell,
};
use crate::model::{EndBeforeStart, OccasionError, PlanDateError, ValueError, YearError};

/// The open text box as the state machine sees it (the text itself is the terminal layer's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextBox {
    /// The text the box opened with, to tell whether cancelling would lose typing.
    pub opened_with: String,
    /// Why the last submitted text was refused, shown in the box until the text changes.
    pub error: Option<String>,
    /// Cancel was pressed on changed text in a multi-line box: cancelling again discards it.
    pub discard_asked: bool,
}

/// Why a value typed into a box cannot be used: said inside the box, which keeps the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    #[error("A title cannot be empty.")]
    EmptyTitle,
    #[error("A cluster name cannot be empty.")]
    EmptyClusterName,
    #[error("A programme title cannot be empty.")]
    EmptyProgrammeTitle,
    /// A follow-up that is not `<year>/<activity id>`; the message gives an example.
    #[error("{0}")]
    FollowUp(String),
    #[error(transparent)]
    Year(#[from] YearError),
    #[error(transparent)]
    Date(#[from] PlanDateError),
    /// An end before the start.
    #[error(transparent)]
    Range(#[from] EndBeforeStart),
    #[error("no activity selected")]
    NoActivity,
    /// An adoption date that is not one day; the message gives an example.
    #[error("{0}")]
    Adoption(String),
    /// A list typed in its cell form that cannot be read or that `check` refuses.
    #[error("{0}")]
    Cells(String),
    /// Sessions or outputs typed in their cell form that cannot be read.
    #[error(transparent)]
    Occasion(#[from] OccasionError),
    /// An item of the list editor emptied: deleting is a key of its own.
    #[error("An empty line is no {0}; delete it with the delete key.")]
    EmptyItem(&'static str),
    /// A value typed in its cell form that is not one of the field's kind.
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error(transparent)]
    Stage(#[from] crate::model::UnknownStage),
}

/// A one-line box's text: lines joined by spaces, each trimmed.
fn single_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

impl App {
    pub(super) fn text(&mut self, target: TextTarget, action: Action) -> Effect {
        self.mode = Mode::Text(target);
        match action {
            Action::TextSubmitted(text) => match self.submit_text(target, &text) {
                // A value that asks a question first (a new year) leaves the box for the question.
                Ok(()) if self.mode != Mode::Text(target) => self.text_box = TextBox::default(),
                Ok(()) => self.close_text_box(),
                Err(problem) => {
                    self.text_box.error = Some(problem.to_string());
                    self.text_box.discard_asked = false;
                }
            },
            Action::TextCancelled(text) => {
                // Several lines of typing are too much to lose to one key: ask first.
                let changed = text != self.text_box.opened_with;
                if target.multiline() && changed && !self.text_box.discard_asked {
                    self.text_box.discard_asked = true;
                    self.text_box.error = None;
                } else {
                    self.close_text_box();
                }
            }
            Action::Cancel => self.close_text_box(),
            Action::EditBoxExternally(text) => return self.edit_box_externally(target, text),
            Action::TextEdited => {
                self.text_box.error = None;
                self.text_box.discard_asked = false;
            }
            _ => {}
        }
        Effect::None
    }

    fn close_text_box(&mut self) {
        self.text_box = TextBox::default();
        self.back();
    }

    /// Applies a box's text to its target; a value that cannot be used is refused with why.
    pub(super) fn submit_text(&mut self, target: TextTarget, text: &str) -> Result<(), Refused> {
        match target {
            TextTarget::Title => self.submit_title(single_line(text))?,
            TextTarget::Description | TextTarget::Notes => {
                self.submit_long_text(target, text.trim_end().to_string());
            }
            TextTarget::NewActivityTitle => self.add_activity(single_line(text)),
            TextTarget::ClusterName => self.rename_cluster(single_line(text))?,
            TextTarget::ClusterSummary => self.describe_cluster(text.trim_end().to_string()),
            TextTarget::FollowUpOf => self.submit_follow_up(single_line(text))?,
            TextTarget::ProgrammeTitle => self.retitle_programme(single_line(text))?,
            TextTarget::ProgrammeYear => self.set_programme_year(&single_line(text))?,
            TextTarget::ProgrammeAdopted => self.set_adopted(&single_line(text))?,
            TextTarget::ProgrammeNotes => {
                let notes = text.trim_end().to_string();
                if notes != self.programme.notes {
                    let cell = self.selected;
                    let value = FieldValue::Text(notes);
                    self.apply(
                        Operation::SetHeader {
                            field: Field::Notes,
                            value,
                        },
                        cell,
                    );
                }
            }
            TextTarget::ProgrammeStage => self.set_stage(&single_line(text))?,
            TextTarget::NewClusterName => self.add_cluster(single_line(text)),
            TextTarget::Cells(field) => self.submit_cells(field, &single_line(text))?,
            TextTarget::Item(list, at) => self.submit_item(list, at, &single_line(text))?,
        }
        Ok(())
    }

    /// A list field typed in its cell form: read, checked as `check` would, and set as one
    /// change. A session typed without `#N` gets the next id the activity never used.
    fn submit_cells(&mut self, field: Field, text: &str) -> Result<(), Refused> {
        let Some(activity) = self.selected_activity() else {
            return Ok(());
        };
        let value = match field {
            Field::Sessions => FieldValue::Sessions(sessions_from_cell(text, &activity.sessions)?),
            _ => field.kind().from_plain(text)?,
        };
        let changed = self.changed_cell(activity, field, &value)?;
        if !changed.same(activity, field) {
            self.set_fields([(field, value)]);
        }
        Ok(())
    }

    /// The activity with one field set to `value`, refused as `check` would refuse it.
    pub(super) fn changed_cell(
        &self,
        activity: &Activity,
        field: Field,
        value: &FieldValue,
    ) -> Result<Activity, Refused> {
        let mut changed = activity.clone();
        changed
            .set(field, value.clone())
            .map_err(|e| Refused::Cells(e.to_string()))?;
        match self.cell_problem(&changed, field) {
            Some(problem) => Err(Refused::Cells(problem)),
            None => Ok(changed),
        }
    }

    /// The first error `check` would find in one field of an activity changed so.
    fn cell_problem(&self, changed: &Activity, field: Field) -> Option<String> {
        let mut trial = self.programme.without_clusters();
        let mut cluster = Cluster::new("c", "C");
        cluster.activities.push(changed.clone());
        trial.clusters.push(cluster);
        check(&trial)
            .into_iter()
            .find(|p| p.severity == Severity::Error && p.location.field == Some(field))
            .map(|p| p.message)
    }

    fn submit_title(&mut self, title: String) -> Result<(), Refused> {
        if title.is_empty() {
            return Err(Refused::EmptyTitle);
        }
        if self.selected_activity().map(|a| &a.title) != Some(&title) {
            self.set_fields([(Field::Title, FieldValue::Text(title))]);
        }
        Ok(())
    }

    fn submit_long_text(&mut self, target: TextTarget, text: String) {
        let current = self.selected_activity().map(|a| match target {
            TextTarget::Description => &a.description,
            _ => &a.notes,
        });
        if current != Some(&text) {
            let field = match target {
                TextTarget::Description => Field::Description,
                _ => Field::Notes,
            };
            self.set_fields([(field, FieldValue::Text(text))]);
        }
    }

    fn add_activity(&mut self, title: String) {
        let cell = self.selected;
        if title.is_empty() {
            self.inform("No title, no activity.");
            return;
        }
        let Some(cluster) = self.programme.clusters.get(cell.cluster) else {
            return;
        };
        // The id is made once, from the first title; later title edits keep it.
        let id = self.programme.unique_activity_id(&title);
        let position = if cluster.activities.is_empty() {
            0
        } else {
            cell.activity + 1
        };
        let after = Cell::new(cell.cluster, position);
        let activity = Box::new(Activity::new(id, title));
        self.apply(
            Operation::Insert {
                cell: after,
                activity,
            },
            after,
        );
        self.wanted_column = position;
    }

    fn rename_cluster(&mut self, name: String) -> Result<(), Refused> {
        if name.is_empty() {
            return Err(Refused::EmptyClusterName);
        }
        if self.selected_cluster().is_some_and(|c| c.name != name) {
            self.set_cluster_field(Field::Name, name);
        }
        Ok(())
    }

    fn describe_cluster(&mut self, summary: String) {
        if self
            .selected_cluster()
            .is_some_and(|c| c.summary != summary)
        {
            self.set_cluster_field(Field::Summary, summary);
        }
    }

    /// Sets one of the selected cluster's own fields.
    fn set_cluster_field(&mut self, field: Field, text: String) {
        let cell = self.selected;
        let value = FieldValue::Text(text);
        let cluster = cell.cluster;
        self.apply(
            Operation::SetClusterField {
                cluster,
                field,
                value,
            },
            cell,
        );
    }

    fn submit_follow_up(&mut self, text: String) -> Result<(), Refused> {
        let follow_up_of = (!text.is_empty()).then_some(text);
        if let Some(reference) = &follow_up_of
            && parse_follow_up(reference).is_none()
        {
            let id = self.selected_activity().map_or("", |a| a.id.as_str());
            let example = follow_up_form_error(reference, self.programme.year, id);
            return Err(Refused::FollowUp(example));
        }
        if self.selected_activity().map(|a| &a.follow_up_of) != Some(&follow_up_of) {
            self.set_fields([(Field::FollowUpOf, FieldValue::Reference(follow_up_of))]);
        }
        Ok(())
    }

    fn retitle_programme(&mut self, title: String) -> Result<(), Refused> {
        if title.is_empty() {
            return Err(Refused::EmptyProgrammeTitle);
        }
        if title != self.programme.title {
            let cell = self.selected;
            let value = FieldValue::Text(title);
            self.apply(
                Operation::SetHeader {
                    field: Field::Title,
                    value,
                },
                cell,
            );
        }
        Ok(())
    }

    /// The adoption day, written in full (`2021-12-10`); empty for a programme not adopted.
    /// The stage is left as it is: `wpmatrix adopt` records an adoption with its tag.
    fn set_adopted(&mut self, text: &str) -> Result<(), Refused> {
        let adopted = if text.is_empty() {
            None
        } else {
            match text.parse::<crate::model::PlanDate>()? {
                crate::model::PlanDate::Day(day) => Some(day),
                _ => {
                    return Err(Refused::Adoption(format!(
                        "The adoption date is a day: {text} is wider; write it like {}-12-10.",
                        self.programme.year - 1
                    )));
                }
            }
        };
        if adopted != self.programme.adopted {
            let cell = self.selected;
            let value = FieldValue::Day(adopted);
            self.apply(
                Operation::SetHeader {
                    field: Field::Adopted,
                    value,
                },
                cell,
            );
        }
        Ok(())
    }

    /// The programme's stage, one of its words; empty for none. The adoption date is left as
    /// it is (B sets it).
    fn set_stage(&mut self, text: &str) -> Result<(), Refused> {
        let stage = if text.is_empty() {
            None
        } else {
            Some(text.parse::<crate::model::Stage>()?)
        };
        if stage != self.programme.stage {
            let cell = self.selected;
            self.apply(
                Operation::SetHeader {
                    field: Field::Stage,
                    value: FieldValue::Stage(stage),
                },
                cell,
            );
        }
        Ok(())
    }

    fn set_programme_year(&mut self, text: &str) -> Result<(), Refused> {
        let year = crate::model::Year::parse(text)?.get();
        if year == self.programme.year {
            return Ok(());
        }
        let offer = new_year(&self.programme, year, true);
        if offer.dates_moved > 0 || offer.title.is_some() {
            self.mode = Mode::Confirm(Question::ShiftYear(year));
        } else {
            self.change_year(year, false);
        }
        Ok(())
    }

    /// Plans the programme for `year`: with `shift`, its dates and a title naming the old year
    /// move with it, as one edit. Says what moved, what is left outside the year, and that the
    /// file keeps its name.
    pub(super) fn change_year(&mut self, year: i32, shift: bool) {
        let from = self.programme.year;
        let NewYear {
            edit,
            dates_moved,
            dates_stuck,
            title,
        } = new_year(&self.programme, year, shift);
        let cell = self.selected;
        if !self.apply(edit, cell) {
            return;
        }
        let outside = self
            .programme
            .activities()
            .flat_map(|(_, a)| [a.start, a.end])
            .flatten()
            .filter(|d| d.year() != year)
            .count();
        let mut text = format!("Year set to {year}");
        let mut moved = Vec::new();
        if dates_moved > 0 {
            moved.push(crate::text::plural(dates_moved, "date"));
        }
        if title.is_some() {
            moved.push("the title".to_string());
        }
        if !moved.is_empty() {
            let years = year.abs_diff(from);
            let direction = if year > from { "later" } else { "earlier" };
            let span = crate::text::plural(years as usize, "year");
            text.push_str(&format!(
                "; {} moved {span} {direction}",
                moved.join(" and ")
            ));
        }
        if dates_stuck > 0 {
            text.push_str(&format!(
                "; {} could not move (years {}{}{})",
                crate::text::plural(dates_stuck, "date"),
                crate::model::YEARS.start(),
                crate::text::glyph('–'),
                crate::model::YEARS.end()
            ));
        }
        if outside > 0 {
            text.push_str(&format!(
                "; {} outside it",
                crate::text::plural(outside, "date")
            ));
        }
        text.push_str(" (u undoes).");
        if let Some(name) = self.path.file_name() {
            text.push_str(&format!(
                " The file keeps its name, {}.",
                name.to_string_lossy()
            ));
        }
        if outside > 0 || dates_stuck > 0 {
            self.warn(text);
        } else {
            self.inform(text);
        }
    }

    fn add_cluster(&mut self, name: String) {
        if name.is_empty() {
            self.inform("No name, no cluster.");
            return;
        }
        let id = self.programme.unique_cluster_id(&name);
        let position = if self.programme.clusters.is_empty() {
            0
        } else {
            self.selected.cluster + 1
        };
        let cluster = Box::new(Cluster::new(id, name));
        let at = position;
        self.apply(
            Operation::InsertCluster { at, cluster },
            Cell::new(position, 0),
        );
    }
}

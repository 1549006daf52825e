//! The changes the editor makes to a programme: fields, dates, structure. Each is an
//! [`Operation`] made through [`App::apply`], so it says what it touches and can be undone.

use super::{
    Action, App, DateEntry, DateField, Effect, FormatPicker, Mode, Question, Refused, TextTarget,
};
use crate::model::{
    Activity, Bound, Cell, Field, FieldValue, Format, Operation, PlanDate, Shift, Status, YEARS,
    check_range, shift_range,
};

impl App {
    /// Editing actions of the grid (and of the form, which opens the same popups).
    pub(super) fn edit(&mut self, action: Action) -> Effect {
        let needs_activity = !matches!(
            action,
            Action::AddActivity
                | Action::AddCluster
                | Action::RenameCluster
                | Action::EditClusterSummary
                | Action::MoveClusterUp
                | Action::MoveClusterDown
                | Action::DeleteCluster
                | Action::EditProgrammeTitle
                | Action::EditProgrammeYear
                | Action::EditProgrammeAdopted
                | Action::EditProgrammeNotes
                | Action::EditProgrammeStage
                | Action::ResolveConflicts
        );
        let Some(activity) = self.selected_activity().cloned() else {
            if needs_activity {
                self.warn("No activity selected.");
                self.back();
                return Effect::None;
            }
            return self.edit_structure(&action);
        };
        match action {
            Action::PickStatus => {
                let index = Status::ALL
                    .iter()
                    .position(|s| *s == activity.status)
                    .unwrap_or(0);
                self.mode = Mode::StatusPicker { index };
            }
            Action::CycleStatus => {
                let next = activity.status.next();
                self.set_fields([(Field::Status, FieldValue::Status(next))]);
                self.inform(format!("Status: {} {next}", next.symbol()));
            }
            Action::PickFormats => self.open_format_picker(activity.formats),
            Action::EditStart => self.open_date_entry(DateField::Start, activity.start),
            Action::EditEnd => self.open_date_entry(DateField::End, activity.end),
            Action::EditTitle => return self.open_text(TextTarget::Title, activity.title),
            Action::EditDescription => {
                return self.open_text(TextTarget::Description, activity.description);
            }
            Action::EditNotes => return self.open_text(TextTarget::Notes, activity.notes),
            Action::EditFollowUp => {
                let text = activity.follow_up_of.unwrap_or_default();
                return self.open_text(TextTarget::FollowUpOf, text);
            }
            Action::ShiftDays(days) => {
                self.shift_dates(&activity, Shift::Days(days.into()), "day", days);
            }
            Action::ShiftMonths(months) => {
                self.shift_dates(&activity, Shift::Months(months), "month", months);
            }
            Action::DuplicateActivity => self.duplicate_activity(&activity),
            Action::DeleteActivity => self.delete_activity(&activity),
            Action::MoveActivityLeft => self.move_activity_along(-1),
            Action::MoveActivityRight => self.move_activity_along(1),
            Action::MoveActivityUp => self.move_activity_across(-1),
            Action::MoveActivityDown => self.move_activity_across(1),
            other => return self.edit_structure(&other),
        }
        Effect::None
    }

    fn duplicate_activity(&mut self, activity: &Activity) {
        let cell = self.selected;
        let mut copy = activity.clone();
        copy.id = self.programme.unique_activity_id(&activity.title);
        let after = Cell::new(cell.cluster, cell.activity + 1);
        let copy = Box::new(copy);
        self.apply(
            Operation::Insert {
                cell: after,
                activity: copy,
            },
            after,
        );
        self.inform(format!("Duplicated {:?}.", activity.title));
    }

    fn delete_activity(&mut self, activity: &Activity) {
        let cell = self.selected;
        self.apply(Operation::Remove { cell }, cell);
        self.inform(format!("Deleted {:?}; u undoes.", activity.title));
    }

    /// Swaps the selected activity with its neighbour `by` (-1 left, 1 right) in its cluster.
    fn move_activity_along(&mut self, by: isize) {
        let cell = self.selected;
        let len = self.programme.clusters[cell.cluster].activities.len();
        let Some(target) = cell.activity.checked_add_signed(by).filter(|&t| t < len) else {
            return;
        };
        let to = Cell::new(cell.cluster, target);
        self.apply(Operation::Move { from: cell, to }, to);
        self.wanted_column = target;
    }

    /// Moves the selected activity into the cluster `by` rows away (-1 above, 1 below).
    fn move_activity_across(&mut self, by: isize) {
        let cell = self.selected;
        let target = cell
            .cluster
            .checked_add_signed(by)
            .filter(|&t| t < self.programme.clusters.len());
        let Some(target) = target else {
            self.inform("No cluster there to move the activity into.");
            return;
        };
        let position = cell
            .activity
            .min(self.programme.clusters[target].activities.len());
        let to = Cell::new(target, position);
        self.apply(Operation::Move { from: cell, to }, to);
        let name = &self.programme.clusters[target].name;
        self.inform(format!("Moved to {name:?}."));
    }

    /// The format picker, offering the known vocabulary and every format the file uses.
    fn open_format_picker(&mut self, chosen: Vec<Format>) {
        let mut offered: Vec<Format> = Format::known().collect();
        for (_, a) in self.programme.activities() {
            for format in &a.formats {
                if !offered.contains(format) {
                    offered.push(format.clone());
                }
            }
        }
        self.mode = Mode::FormatPicker(FormatPicker::new(offered, chosen));
    }

    fn open_date_entry(&mut self, field: DateField, date: Option<PlanDate>) {
        self.mode = Mode::DateEntry(DateEntry {
            field,
            text: date.map(|d| d.to_string()).unwrap_or_default(),
            error: None,
        });
    }

    fn edit_structure(&mut self, action: &Action) -> Effect {
        match action {
            Action::AddActivity => {
                if self.programme.clusters.is_empty() {
                    self.warn("Add a cluster first.");
                    return Effect::None;
                }
                return self.open_text(TextTarget::NewActivityTitle, String::new());
            }
            Action::AddCluster => return self.open_text(TextTarget::NewClusterName, String::new()),
            Action::RenameCluster => match self.selected_cluster() {
                Some(cluster) => {
                    let name = cluster.name.clone();
                    return self.open_text(TextTarget::ClusterName, name);
                }
                None => self.warn("No cluster selected."),
            },
            Action::EditClusterSummary => match self.selected_cluster() {
                Some(cluster) => {
                    let summary = cluster.summary.clone();
                    return self.open_text(TextTarget::ClusterSummary, summary);
                }
                None => self.warn("No cluster selected."),
            },
            Action::ResolveConflicts => self.open_conflicts(),
            Action::EditProgrammeTitle => {
                let title = self.programme.title.clone();
                return self.open_text(TextTarget::ProgrammeTitle, title);
            }
            Action::EditProgrammeYear => {
                let year = self.programme.year.to_string();
                return self.open_text(TextTarget::ProgrammeYear, year);
            }
            Action::EditProgrammeAdopted => {
                let adopted = self
                    .programme
                    .adopted
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default();
                return self.open_text(TextTarget::ProgrammeAdopted, adopted);
            }
            Action::EditProgrammeNotes => {
                let notes = self.programme.notes.clone();
                return self.open_text(TextTarget::ProgrammeNotes, notes);
            }
            Action::EditProgrammeStage => {
                let stage = self.programme.stage.map(|s| s.as_str().to_string());
                return self.open_text(TextTarget::ProgrammeStage, stage.unwrap_or_default());
            }
            Action::MoveClusterUp | Action::MoveClusterDown => {
                let i = self.selected.cluster;
                let target = if *action == Action::MoveClusterUp {
                    i.checked_sub(1)
                } else {
                    Some(i + 1).filter(|&t| t < self.programme.clusters.len())
                };
                if let Some(target) = target {
                    let after = Cell::new(target, self.selected.activity);
                    self.apply(
                        Operation::MoveCluster {
                            from: i,
                            to: target,
                        },
                        after,
                    );
                }
            }
            Action::DeleteCluster => {
                let i = self.selected.cluster;
                match self.programme.clusters.get(i) {
                    None => self.warn("No cluster selected."),
                    Some(c) if c.activities.is_empty() => self.delete_cluster(i),
                    Some(_) => self.mode = Mode::Confirm(Question::DeleteCluster(i)),
                }
            }
            _ => {}
        }
        Effect::None
    }

    pub(super) fn delete_cluster(&mut self, i: usize) {
        if i >= self.programme.clusters.len() {
            return;
        }
        let name = self.programme.clusters[i].name.clone();
        let after = Cell::new(
            i.saturating_sub(usize::from(i > 0 && i + 1 >= self.programme.clusters.len())),
            0,
        );
        self.apply(Operation::RemoveCluster { at: i }, after);
        self.inform(format!("Deleted cluster {name:?}; u undoes."));
    }

    pub(super) fn open_text(&mut self, target: TextTarget, text: String) -> Effect {
        self.mode = Mode::Text(target);
        self.text_box = super::TextBox {
            opened_with: text.clone(),
            ..Default::default()
        };
        Effect::EditText {
            text,
            multiline: target.multiline(),
        }
    }

    /// Sets a date from typed text (empty clears it). Refuses text that is not a date and an
    /// end before the start, saying why; the old value stays.
    pub(super) fn set_date(&mut self, field: DateField, text: &str) -> Result<(), Refused> {
        let Some(activity) = self.selected_activity() else {
            return Err(Refused::NoActivity);
        };
        let text = text.trim();
        let date = if text.is_empty() {
            None
        } else {
            Some(text.parse::<PlanDate>()?)
        };
        let (start, end) = match field {
            DateField::Start => (date, activity.end),
            DateField::End => (activity.start, date),
        };
        check_range(start, end).map_err(Refused::Range)?;
        if (activity.start, activity.end) != (start, end) {
            self.set_dates(start, end);
        }
        Ok(())
    }

    /// Sets both dates of the selected activity as one edit.
    fn set_dates(&mut self, start: Option<PlanDate>, end: Option<PlanDate>) {
        self.set_fields([
            (Field::Start, FieldValue::Date(start)),
            (Field::End, FieldValue::Date(end)),
        ]);
    }

    fn shift_dates(&mut self, activity: &Activity, shift: Shift, unit: &str, by: i32) {
        if activity.start.is_none() && activity.end.is_none() {
            self.warn("The activity has no dates to move; set them with the date keys.");
            return;
        }
        let Some((start, end)) = shift_range(activity.start, activity.end, shift) else {
            self.warn(format!(
                "Dates not moved: they would leave the years {}{}{}.",
                YEARS.start(),
                crate::text::glyph('–'),
                YEARS.end()
            ));
            return;
        };
        if let Err(reason) = check_range(start, end) {
            self.warn(reason.to_string());
            return;
        }
        self.set_dates(start, end);
        let plural = if by.abs() == 1 { "" } else { "s" };
        let direction = if by < 0 { "earlier" } else { "later" };
        self.inform(format!(
            "Dates moved {} {unit}{plural} {direction}.",
            by.abs()
        ));
    }
}

/// Moves a date being typed as the field's end of the range; at the edge of the years it stays.
pub(super) fn shift_entry(date: PlanDate, field: DateField, shift: Shift) -> PlanDate {
    let bound = match field {
        DateField::Start => Bound::Start,
        DateField::End => Bound::End,
    };
    date.checked_shift(bound, shift).unwrap_or(date)
}

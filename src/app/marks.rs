//! Marks (`v`, `V`) and the edits that then apply to every marked activity at once: status,
//! formats, date shifts and delete, each as one undoable change. Marks follow activities by id,
//! so moving, adding or deleting activities does not move a mark onto another one.

use std::collections::{BTreeMap, BTreeSet};

use super::{Action, App, Effect, FormatPicker, Mode, Question};
use crate::model::{
    Activity, Cell, Changes, Field, FieldValue, Format, Operation, Shift, Status, Transaction,
    YEARS, check_range, shift_range,
};

/// Why a marked activity was left as it was.
type Skip = &'static str;

impl App {
    /// The marked activities, by position.
    pub fn marked(&self) -> &BTreeSet<Cell> {
        &self.mark_cells
    }

    /// Whether edits go to the marked activities (the form always edits the selected one).
    fn editing_marks(&self) -> bool {
        !self.mark_cells.is_empty() && self.form.is_none()
    }

    pub(super) fn toggle_mark(&mut self) {
        let Some(id) = self.selected_activity().map(|a| a.id.clone()) else {
            self.warn("No activity selected.");
            return;
        };
        if self.marks.remove(&id) {
            self.mark_cells.remove(&self.selected);
        } else {
            self.marks.insert(id);
            self.mark_cells.insert(self.selected);
        }
        self.say_marks();
    }

    /// Marks the selected cluster's activities (those the filter keeps); unmarks them when all
    /// are marked already.
    pub(super) fn mark_cluster(&mut self) {
        let c = self.selected.cluster;
        let Some(cluster) = self.programme.clusters.get(c) else {
            return;
        };
        let cells: Vec<(Cell, String)> = cluster
            .activities
            .iter()
            .enumerate()
            .map(|(a, activity)| (Cell::new(c, a), activity.id.clone()))
            .filter(|(cell, _)| self.passes_filter(*cell))
            .collect();
        let all_marked = cells.iter().all(|(cell, _)| self.mark_cells.contains(cell));
        for (cell, id) in cells {
            if all_marked {
                self.marks.remove(&id);
                self.mark_cells.remove(&cell);
            } else {
                self.marks.insert(id);
                self.mark_cells.insert(cell);
            }
        }
        self.say_marks();
    }

    pub(super) fn clear_marks(&mut self) {
        if self.marks.is_empty() {
            return;
        }
        self.marks.clear();
        self.mark_cells.clear();
        self.inform("Marks cleared.");
    }

    fn say_marks(&mut self) {
        match self.mark_cells.len() {
            0 => self.inform("No activity marked."),
            n => self.inform(format!(
                "{} marked; edits apply to all of them (Esc unmarks).",
                crate::text::plural(n, "activity")
            )),
        }
    }

    /// Follows a change to the programme: the marked ids are looked for again in the run of
    /// activities, or the clusters, `changed` names.
    pub(super) fn follow_marks(&mut self, changed: &Changes) {
        if self.marks.is_empty() {
            self.mark_cells.clear();
            return;
        }
        if let Some((c, run)) = changed.activities
            && let Some(cluster) = self.programme.clusters.get(c)
            && let Some(activities) = cluster.activities.get(run.at..run.at + run.inserted)
        {
            let found: Vec<Cell> = activities
                .iter()
                .enumerate()
                .filter(|(_, a)| self.marks.contains(&a.id))
                .map(|(k, _)| Cell::new(c, run.at + k))
                .collect();
            run.follow_activity_cells(c, &mut self.mark_cells, found);
            return;
        }
        let Some(changed) = changed.clusters else {
            return;
        };
        let Some((_, new)) = changed.ranges(self.programme.clusters.len()) else {
            return self.refresh_marks();
        };
        let found: Vec<Cell> = new
            .flat_map(|c| {
                let activities = self.programme.clusters[c].activities.iter();
                activities
                    .enumerate()
                    .filter(|(_, a)| self.marks.contains(&a.id))
                    .map(move |(a, _)| Cell::new(c, a))
            })
            .collect();
        changed.follow_cells(&mut self.mark_cells, found);
    }

    /// Finds the marked activities again.
    pub(super) fn refresh_marks(&mut self) {
        if self.marks.is_empty() {
            self.mark_cells.clear();
            return;
        }
        self.mark_cells = self
            .programme
            .activities()
            .filter(|(_, a)| self.marks.contains(&a.id))
            .map(|(cell, _)| cell)
            .collect();
    }

    /// Carries out an edit on the marked activities, if there are marks and the action is one
    /// that applies to them; `None` leaves the action to the selected activity.
    pub(super) fn marked_edit(&mut self, action: &Action) -> Option<Effect> {
        if !self.editing_marks() {
            return None;
        }
        match action {
            Action::PickStatus => {
                let status = self.first_marked().map_or(Status::Planned, |a| a.status);
                let index = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
                self.mode = Mode::StatusPicker { index };
            }
            Action::CycleStatus => {
                let next = self
                    .first_marked()
                    .map_or(Status::Planned, |a| a.status.next());
                self.set_marked_status(next);
            }
            Action::PickFormats => self.open_marked_formats(),
            Action::ShiftDays(days) => self.shift_marked(Shift::Days((*days).into()), "day", *days),
            Action::ShiftMonths(months) => {
                self.shift_marked(Shift::Months(*months), "month", *months);
            }
            Action::DeleteActivity => {
                self.mode = Mode::Confirm(Question::DeleteMarked(self.mark_cells.len()));
            }
            _ => return None,
        }
        Some(Effect::None)
    }

    /// The selected activity if it is marked, else the first marked one: what a picker starts from.
    fn first_marked(&self) -> Option<&Activity> {
        let cell = if self.mark_cells.contains(&self.selected) {
            self.selected
        } else {
            *self.mark_cells.first()?
        };
        self.programme.activity(cell)
    }

    /// The status picker chose a status; answers whether it went to the marked activities.
    pub(super) fn status_chosen_for_marks(&mut self, status: Status) -> bool {
        if !self.editing_marks() {
            return false;
        }
        self.set_marked_status(status);
        true
    }

    fn set_marked_status(&mut self, status: Status) {
        let (changed, skipped) = self.change_marked(|a| {
            Ok(if a.status == status {
                Vec::new()
            } else {
                vec![(Field::Status, FieldValue::Status(status))]
            })
        });
        let what = format!("Status {} {status}", status.symbol());
        self.report_marked(&what, changed, &skipped);
    }

    /// The formats picker over the marked activities starts with the formats they all have;
    /// every format toggled in it is then added to, or removed from, all of them.
    fn open_marked_formats(&mut self) {
        let mut common: Option<Vec<Format>> = None;
        for cell in &self.mark_cells {
            let Some(activity) = self.programme.activity(*cell) else {
                continue;
            };
            common = Some(match common {
                None => activity.formats.clone(),
                Some(mut c) => {
                    c.retain(|f| activity.formats.contains(f));
                    c
                }
            });
        }
        let mut offered: Vec<Format> = Format::known().collect();
        for (_, a) in self.programme.activities() {
            for format in &a.formats {
                if !offered.contains(format) {
                    offered.push(format.clone());
                }
            }
        }
        self.formats_touched.clear();
        self.mode = Mode::FormatPicker(FormatPicker::new(offered, common.unwrap_or_default()));
    }

    /// Notes which formats a toggle in the picker changed, when the picker edits the marks.
    pub(super) fn note_format_toggle(&mut self, before: &[Format], after: &[Format]) {
        if !self.editing_marks() {
            return;
        }
        let toggled = before
            .iter()
            .filter(|f| !after.contains(f))
            .chain(after.iter().filter(|f| !before.contains(f)));
        for format in toggled {
            if !self.formats_touched.contains(format) {
                self.formats_touched.push(format.clone());
            }
        }
    }

    /// The formats picker closed; answers whether its choice went to the marked activities.
    pub(super) fn formats_chosen_for_marks(&mut self, chosen: &[Format]) -> bool {
        if !self.editing_marks() {
            return false;
        }
        let touched = std::mem::take(&mut self.formats_touched);
        let (add, remove): (Vec<&Format>, Vec<&Format>) =
            touched.iter().partition(|f| chosen.contains(f));
        if touched.is_empty() {
            return true;
        }
        let (changed, skipped) = self.change_marked(|a| {
            let mut formats = a.formats.clone();
            formats.retain(|f| !remove.contains(&f));
            for format in &add {
                if !formats.contains(format) {
                    formats.push((*format).clone());
                }
            }
            Ok(if formats == a.formats {
                Vec::new()
            } else {
                vec![(Field::Formats, FieldValue::Formats(formats))]
            })
        });
        let names = |list: &[&Format]| {
            list.iter()
                .map(|f| f.name().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let what = match (add.is_empty(), remove.is_empty()) {
            (false, true) => format!("Added {}", names(&add)),
            (true, false) => format!("Removed {}", names(&remove)),
            _ => format!("Added {}, removed {}", names(&add), names(&remove)),
        };
        self.report_marked(&what, changed, &skipped);
        true
    }

    fn shift_marked(&mut self, shift: Shift, unit: &str, by: i32) {
        let (changed, skipped) = self.change_marked(|a| {
            if a.start.is_none() && a.end.is_none() {
                return Err("no dates");
            }
            let Some((start, end)) = shift_range(a.start, a.end, shift) else {
                return Err("would leave the years");
            };
            check_range(start, end).map_err(|_| "end before start")?;
            Ok(vec![
                (Field::Start, FieldValue::Date(start)),
                (Field::End, FieldValue::Date(end)),
            ])
        });
        let plural = if by.abs() == 1 { "" } else { "s" };
        let direction = if by < 0 { "earlier" } else { "later" };
        let what = format!("Dates moved {} {unit}{plural} {direction}", by.abs());
        self.report_marked(&what, changed, &skipped);
        if skipped.contains_key("would leave the years") {
            let years = format!(
                "{}{}{}",
                YEARS.start(),
                crate::text::glyph('–'),
                YEARS.end()
            );
            if let Some(message) = &mut self.message {
                message.text.push_str(&format!(" (years {years})"));
            }
        }
    }

    /// The question about deleting the marked activities was answered yes.
    pub(super) fn delete_marked(&mut self) {
        let count = self.mark_cells.len();
        let mut by_cluster: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for cell in &self.mark_cells {
            by_cluster
                .entry(cell.cluster)
                .or_default()
                .push(cell.activity);
        }
        // The cells come sorted, so each cluster's positions do too.
        let edit: Transaction = by_cluster
            .into_iter()
            .map(|(cluster, positions)| Operation::RemoveSome { cluster, positions })
            .collect();
        let after = self.selected;
        self.apply(edit, after);
        self.marks.clear();
        self.mark_cells.clear();
        self.inform(format!(
            "Deleted {}; u undoes.",
            crate::text::plural(count, "activity")
        ));
    }

    /// Applies `edit` to every marked activity as one change: `Ok` with values sets those fields
    /// (none: it is so already), `Err` skips it for a reason. Answers how many changed and the
    /// skips by reason.
    fn change_marked(
        &mut self,
        edit: impl Fn(&Activity) -> Result<Vec<(Field, FieldValue)>, Skip>,
    ) -> (usize, BTreeMap<Skip, usize>) {
        let mut operations = Transaction::default();
        let mut changed = 0;
        let mut skipped: BTreeMap<Skip, usize> = BTreeMap::new();
        for &cell in &self.mark_cells {
            let Some(activity) = self.programme.activity(cell) else {
                continue;
            };
            match edit(activity) {
                Ok(values) if values.is_empty() => {}
                Ok(values) => {
                    changed += 1;
                    for (field, value) in values {
                        operations.push(Operation::SetField { cell, field, value });
                    }
                }
                Err(reason) => *skipped.entry(reason).or_default() += 1,
            }
        }
        if changed > 0 {
            let after = self.selected;
            self.apply(operations, after);
        }
        (changed, skipped)
    }

    /// `Dates moved 1 month later: changed 2 of 3 marked activities; 1 skipped (no dates).`
    fn report_marked(&mut self, what: &str, changed: usize, skipped: &BTreeMap<Skip, usize>) {
        let marked = self.mark_cells.len();
        let noun = if marked == 1 {
            "activity"
        } else {
            "activities"
        };
        let mut text = format!("{what}: changed {changed} of {marked} marked {noun}");
        for (reason, n) in skipped {
            text.push_str(&format!("; {n} skipped ({reason})"));
        }
        text.push('.');
        if changed == 0 && !skipped.is_empty() {
            self.warn(text);
        } else {
            self.inform(text);
        }
    }
}

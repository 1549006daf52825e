//! The changes the editor makes to a programme: fields, dates, structure. Each goes through
//! [`App::change`] so it can be undone.

use super::{
    Action, App, DateEntry, DateField, Effect, FormatPicker, Mode, Question, Scope, TextTarget,
};
use crate::model::{
    Activity, Cell, Cluster, Format, PlanDate, Programme, Status, check_range,
    follow_up_form_error, parse_follow_up,
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
                | Action::ResolveConflicts
        );
        let Some(activity) = self.selected_activity().cloned() else {
            if needs_activity {
                self.warn("No activity selected.");
                self.back();
                return Effect::None;
            }
            return self.edit_structure(action);
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
                self.change_activity(|a| a.status = next);
                self.inform(format!("Status: {} {next}", next.symbol()));
            }
            Action::PickFormats => {
                let mut offered: Vec<Format> = Format::known().collect();
                for (_, a) in self.programme.activities() {
                    for format in &a.formats {
                        if !offered.contains(format) {
                            offered.push(format.clone());
                        }
                    }
                }
                self.mode = Mode::FormatPicker(FormatPicker::new(offered, activity.formats));
            }
            Action::EditStart | Action::EditEnd => {
                let (field, date) = if action == Action::EditStart {
                    (DateField::Start, activity.start)
                } else {
                    (DateField::End, activity.end)
                };
                self.mode = Mode::DateEntry(DateEntry {
                    field,
                    text: date.map(|d| d.to_string()).unwrap_or_default(),
                    error: None,
                });
            }
            Action::EditTitle => return self.open_text(TextTarget::Title, activity.title),
            Action::EditDescription => {
                return self.open_text(TextTarget::Description, activity.description);
            }
            Action::EditNotes => return self.open_text(TextTarget::Notes, activity.notes),
            Action::EditFollowUp => {
                let text = activity.follow_up_of.unwrap_or_default();
                return self.open_text(TextTarget::FollowUpOf, text);
            }
            Action::ShiftDays(days) => self.shift_dates(
                &activity,
                |d, field| shift_days(d, field, days),
                "day",
                days,
            ),
            Action::ShiftMonths(months) => {
                self.shift_dates(&activity, |d, _| d.shift_months(months), "month", months)
            }
            Action::DuplicateActivity => {
                let cell = self.selected;
                let mut copy = activity.clone();
                copy.id = self.programme.unique_activity_id(&activity.title);
                let after = Cell::new(cell.cluster, cell.activity + 1);
                self.change(Scope::Clusters(vec![cell.cluster]), after, |p| {
                    p.clusters[cell.cluster]
                        .activities
                        .insert(after.activity, copy)
                });
                self.inform(format!("Duplicated {:?}.", activity.title));
            }
            Action::DeleteActivity => {
                let cell = self.selected;
                self.change(Scope::Clusters(vec![cell.cluster]), cell, |p| {
                    p.clusters[cell.cluster].activities.remove(cell.activity);
                });
                self.inform(format!("Deleted {:?}; u undoes.", activity.title));
            }
            Action::MoveActivityLeft | Action::MoveActivityRight => {
                let cell = self.selected;
                let len = self.programme.clusters[cell.cluster].activities.len();
                let target = if action == Action::MoveActivityLeft {
                    cell.activity.checked_sub(1)
                } else {
                    Some(cell.activity + 1).filter(|&t| t < len)
                };
                if let Some(target) = target {
                    self.change(
                        Scope::Clusters(vec![cell.cluster]),
                        Cell::new(cell.cluster, target),
                        |p| {
                            p.clusters[cell.cluster]
                                .activities
                                .swap(cell.activity, target)
                        },
                    );
                    self.wanted_column = target;
                }
            }
            Action::MoveActivityUp | Action::MoveActivityDown => {
                let cell = self.selected;
                let target = if action == Action::MoveActivityUp {
                    cell.cluster.checked_sub(1)
                } else {
                    Some(cell.cluster + 1).filter(|&t| t < self.programme.clusters.len())
                };
                let Some(target) = target else {
                    self.inform("No cluster there to move the activity into.");
                    return Effect::None;
                };
                let position = cell
                    .activity
                    .min(self.programme.clusters[target].activities.len());
                self.change(
                    Scope::Clusters(vec![cell.cluster, target]),
                    Cell::new(target, position),
                    |p| {
                        let moved = p.clusters[cell.cluster].activities.remove(cell.activity);
                        p.clusters[target].activities.insert(position, moved);
                    },
                );
                let name = &self.programme.clusters[target].name;
                self.inform(format!("Moved to {name:?}."));
            }
            other => return self.edit_structure(other),
        }
        Effect::None
    }

    fn edit_structure(&mut self, action: Action) -> Effect {
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
            Action::MoveClusterUp | Action::MoveClusterDown => {
                let i = self.selected.cluster;
                let target = if action == Action::MoveClusterUp {
                    i.checked_sub(1)
                } else {
                    Some(i + 1).filter(|&t| t < self.programme.clusters.len())
                };
                if let Some(target) = target {
                    let after = Cell::new(target, self.selected.activity);
                    self.change(Scope::Whole, after, |p| p.clusters.swap(i, target));
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
        self.change(Scope::Whole, after, |p| {
            p.clusters.remove(i);
        });
        self.inform(format!("Deleted cluster {name:?}; u undoes."));
    }

    fn open_text(&mut self, target: TextTarget, text: String) -> Effect {
        self.mode = Mode::Text(target);
        Effect::EditText {
            text,
            multiline: target.multiline(),
        }
    }

    pub(super) fn submit_text(&mut self, target: TextTarget, text: String) {
        let cell = self.selected;
        let single_line = || text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        match target {
            TextTarget::Title => {
                let title = single_line();
                if title.is_empty() {
                    self.warn("A title cannot be empty; kept the old one.");
                } else if self.selected_activity().map(|a| &a.title) != Some(&title) {
                    self.change_activity(|a| a.title = title);
                }
            }
            TextTarget::Description | TextTarget::Notes => {
                let text = text.trim_end().to_string();
                let current = self.selected_activity().map(|a| match target {
                    TextTarget::Description => &a.description,
                    _ => &a.notes,
                });
                if current != Some(&text) {
                    self.change_activity(|a| match target {
                        TextTarget::Description => a.description = text,
                        _ => a.notes = text,
                    });
                }
            }
            TextTarget::NewActivityTitle => {
                let title = single_line();
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
                self.change(Scope::Clusters(vec![cell.cluster]), after, |p| {
                    p.clusters[cell.cluster]
                        .activities
                        .insert(position, Activity::new(id, title))
                });
                self.wanted_column = position;
            }
            TextTarget::ClusterName => {
                let name = single_line();
                if name.is_empty() {
                    self.warn("A cluster name cannot be empty; kept the old one.");
                } else if self.selected_cluster().is_some_and(|c| c.name != name) {
                    let i = cell.cluster;
                    self.change(Scope::Clusters(vec![i]), cell, |p| {
                        p.clusters[i].name = name
                    });
                }
            }
            TextTarget::ClusterSummary => {
                let summary = text.trim_end().to_string();
                if self
                    .selected_cluster()
                    .is_some_and(|c| c.summary != summary)
                {
                    let i = cell.cluster;
                    self.change(Scope::Clusters(vec![i]), cell, |p| {
                        p.clusters[i].summary = summary
                    });
                }
            }
            TextTarget::FollowUpOf => {
                let text = single_line();
                let follow_up_of = (!text.is_empty()).then_some(text);
                if let Some(reference) = &follow_up_of
                    && parse_follow_up(reference).is_none()
                {
                    let id = self.selected_activity().map_or("", |a| a.id.as_str());
                    let problem = follow_up_form_error(reference, self.programme.year, id);
                    self.warn(format!("{problem}; kept the old value."));
                } else if self.selected_activity().map(|a| &a.follow_up_of) != Some(&follow_up_of) {
                    self.change_activity(|a| a.follow_up_of = follow_up_of);
                }
            }
            TextTarget::ProgrammeTitle => {
                let title = single_line();
                if title.is_empty() {
                    self.warn("A programme title cannot be empty; kept the old one.");
                } else if title != self.programme.title {
                    self.change(Scope::Whole, cell, |p| p.title = title);
                }
            }
            TextTarget::ProgrammeYear => {
                let text = single_line();
                match crate::model::Year::parse(&text).map(crate::model::Year::get) {
                    Ok(year) => {
                        if year != self.programme.year {
                            self.change(Scope::Whole, cell, |p| p.year = year);
                            let outside = self
                                .programme
                                .activities()
                                .flat_map(|(_, a)| [a.start, a.end])
                                .flatten()
                                .filter(|d| d.year() != year)
                                .count();
                            if outside > 0 {
                                self.warn(format!(
                                    "Year set to {year}; {} outside it (u undoes).",
                                    crate::report::plural(outside, "date")
                                ));
                            }
                        }
                    }
                    Err(e) => self.warn(format!("{e}; kept {}.", self.programme.year)),
                }
            }
            TextTarget::NewClusterName => {
                let name = single_line();
                if name.is_empty() {
                    self.inform("No name, no cluster.");
                    return;
                }
                let id = self.programme.unique_cluster_id(&name);
                let position = if self.programme.clusters.is_empty() {
                    0
                } else {
                    cell.cluster + 1
                };
                self.change(Scope::Whole, Cell::new(position, 0), |p| {
                    p.clusters.insert(position, Cluster::new(id, name))
                });
            }
        }
    }

    /// Sets a date from typed text (empty clears it). Refuses text that is not a date and an
    /// end before the start, saying why; the old value stays.
    pub(super) fn set_date(&mut self, field: DateField, text: &str) -> Result<(), String> {
        let Some(activity) = self.selected_activity() else {
            return Err("no activity selected".into());
        };
        let text = text.trim();
        let date = if text.is_empty() {
            None
        } else {
            Some(text.parse::<PlanDate>().map_err(|e| e.to_string())?)
        };
        let (start, end) = match field {
            DateField::Start => (date, activity.end),
            DateField::End => (activity.start, date),
        };
        check_range(start, end)?;
        if (activity.start, activity.end) != (start, end) {
            self.change_activity(|a| {
                a.start = start;
                a.end = end;
            });
        }
        Ok(())
    }

    fn shift_dates(
        &mut self,
        activity: &Activity,
        shift: impl Fn(PlanDate, DateField) -> PlanDate,
        unit: &str,
        by: i32,
    ) {
        if activity.start.is_none() && activity.end.is_none() {
            self.warn("The activity has no dates to move; set them with the date keys.");
            return;
        }
        let start = activity.start.map(|d| shift(d, DateField::Start));
        let end = activity.end.map(|d| shift(d, DateField::End));
        if let Err(reason) = check_range(start, end) {
            self.warn(reason);
            return;
        }
        self.change_activity(|a| {
            a.start = start;
            a.end = end;
        });
        let plural = if by.abs() == 1 { "" } else { "s" };
        let direction = if by < 0 { "earlier" } else { "later" };
        self.inform(format!(
            "Dates moved {} {unit}{plural} {direction}.",
            by.abs()
        ));
    }
}

/// Moves a date by days. A month or quarter becomes a day counted from the day it stands for:
/// its first day as a start, its last day as an end, so a range never shrinks by surprise.
pub(super) fn shift_days(date: PlanDate, field: DateField, days: i32) -> PlanDate {
    match (date, field) {
        (PlanDate::Day(_), _) | (_, DateField::Start) => date.shift_days(days.into()),
        (_, DateField::End) => {
            let last = date.last_day();
            let moved = last.checked_add_signed(chrono::TimeDelta::days(days.into()));
            PlanDate::Day(moved.unwrap_or(last))
        }
    }
}

/// The next activity after `from` (or before it) whose title, description, formats or notes
/// contain `query`, any case, wrapping around. `include_from` lets `from` itself match.
pub(super) fn find(
    programme: &Programme,
    query: &str,
    from: Cell,
    forward: bool,
    include_from: bool,
) -> Option<Cell> {
    let needle = query.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let cells: Vec<(Cell, &Activity)> = programme.activities().collect();
    let start = cells.iter().position(|(c, _)| *c >= from).unwrap_or(0);
    let n = cells.len();
    let matches = |a: &Activity| {
        [&a.title, &a.description, &a.notes]
            .iter()
            .any(|t| t.to_lowercase().contains(&needle))
            || a.formats
                .iter()
                .any(|f| f.name().to_lowercase().contains(&needle))
    };
    (0..n)
        .map(|k| {
            if forward {
                let skip =
                    usize::from(!include_from && cells.get(start).is_some_and(|(c, _)| *c == from));
                (start + skip + k) % n
            } else {
                (start + n - 1 - k) % n
            }
        })
        .find(|&i| matches(cells[i].1))
        .map(|i| cells[i].0)
}

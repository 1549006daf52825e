//! Text boxes: the state the state machine keeps for the open box (the text it opened with,
//! why its last value was refused, whether it asks before discarding) and what submitted text
//! does, per target. A value that cannot be used keeps the box open with its text and the
//! reason, as the date box does.

use super::{Action, App, Effect, Mode, Scope, TextTarget};
use crate::model::{Activity, Cell, Cluster, follow_up_form_error, parse_follow_up};

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

/// A one-line box's text: lines joined by spaces, each trimmed.
fn single_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}

impl App {
    pub(super) fn text(&mut self, target: TextTarget, action: Action) -> Effect {
        self.mode = Mode::Text(target);
        match action {
            Action::TextSubmitted(text) => match self.submit_text(target, text) {
                Ok(()) => self.close_text_box(),
                Err(problem) => {
                    self.text_box.error = Some(problem);
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
    pub(super) fn submit_text(&mut self, target: TextTarget, text: String) -> Result<(), String> {
        match target {
            TextTarget::Title => self.submit_title(single_line(&text))?,
            TextTarget::Description | TextTarget::Notes => {
                self.submit_long_text(target, text.trim_end().to_string());
            }
            TextTarget::NewActivityTitle => self.add_activity(single_line(&text)),
            TextTarget::ClusterName => self.rename_cluster(single_line(&text))?,
            TextTarget::ClusterSummary => self.describe_cluster(text.trim_end().to_string()),
            TextTarget::FollowUpOf => self.submit_follow_up(single_line(&text))?,
            TextTarget::ProgrammeTitle => self.retitle_programme(single_line(&text))?,
            TextTarget::ProgrammeYear => self.set_programme_year(single_line(&text))?,
            TextTarget::NewClusterName => self.add_cluster(single_line(&text)),
        }
        Ok(())
    }

    fn submit_title(&mut self, title: String) -> Result<(), String> {
        if title.is_empty() {
            return Err("A title cannot be empty.".into());
        }
        if self.selected_activity().map(|a| &a.title) != Some(&title) {
            self.change_activity(|a| a.title = title);
        }
        Ok(())
    }

    fn submit_long_text(&mut self, target: TextTarget, text: String) {
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
        let scope = Scope::Activities {
            cluster: cell.cluster,
            at: position,
            removed: 0,
        };
        self.change(scope, after, |p| {
            p.clusters[cell.cluster]
                .activities
                .insert(position, Activity::new(id, title));
        });
        self.wanted_column = position;
    }

    fn rename_cluster(&mut self, name: String) -> Result<(), String> {
        let cell = self.selected;
        if name.is_empty() {
            return Err("A cluster name cannot be empty.".into());
        }
        if self.selected_cluster().is_some_and(|c| c.name != name) {
            let i = cell.cluster;
            self.change(Scope::Clusters(vec![i]), cell, |p| {
                p.clusters[i].name = name;
            });
        }
        Ok(())
    }

    fn describe_cluster(&mut self, summary: String) {
        let cell = self.selected;
        if self
            .selected_cluster()
            .is_some_and(|c| c.summary != summary)
        {
            let i = cell.cluster;
            self.change(Scope::Clusters(vec![i]), cell, |p| {
                p.clusters[i].summary = summary;
            });
        }
    }

    fn submit_follow_up(&mut self, text: String) -> Result<(), String> {
        let follow_up_of = (!text.is_empty()).then_some(text);
        if let Some(reference) = &follow_up_of
            && parse_follow_up(reference).is_none()
        {
            let id = self.selected_activity().map_or("", |a| a.id.as_str());
            return Err(follow_up_form_error(reference, self.programme.year, id));
        }
        if self.selected_activity().map(|a| &a.follow_up_of) != Some(&follow_up_of) {
            self.change_activity(|a| a.follow_up_of = follow_up_of);
        }
        Ok(())
    }

    fn retitle_programme(&mut self, title: String) -> Result<(), String> {
        if title.is_empty() {
            return Err("A programme title cannot be empty.".into());
        }
        if title != self.programme.title {
            let cell = self.selected;
            self.change(Scope::Header, cell, |p| p.title = title);
        }
        Ok(())
    }

    fn set_programme_year(&mut self, text: String) -> Result<(), String> {
        let year = match crate::model::Year::parse(&text) {
            Ok(year) => year.get(),
            Err(e) => {
                return Err(e.to_string());
            }
        };
        if year == self.programme.year {
            return Ok(());
        }
        let cell = self.selected;
        self.change(Scope::Header, cell, |p| p.year = year);
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
                crate::text::plural(outside, "date")
            ));
        }
        Ok(())
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
        let scope = Scope::Splice {
            at: position,
            removed: 0,
        };
        self.change(scope, Cell::new(position, 0), |p| {
            p.clusters.insert(position, Cluster::new(id, name));
        });
    }
}

//! Screen-reader mode: no columns, boxes or decoration. The first line says where you are
//! (the sentence `show --view linear` prints for each activity, or where you are in the open
//! popup) and the terminal's cursor sits on it, so a screen reader reads it after each move; a
//! message is the next line, spoken, not an overlay; a popup (a picker, the form, the help, the
//! history, the statistics) reads as a list of plain lines below.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::{Clear, Widget};
use ratatui_textarea::TextArea;

use crate::app::{App, DateField, FormatRow, Mode, StatsBar, View};
use crate::model::{Field, FieldValue, Status, join_formats};
use crate::report::linear::where_you_are;
use crate::text::{printable, wrap};
use crate::tui::keymap::{KeyMode, Keymap, action_name};
use crate::tui::keys::display_key;
use crate::tui::view::popup::help::{HelpLine, help_lines};

/// The editor's screen in screen-reader mode.
pub struct SpokenScreen<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
}

/// A popup as it is read: the line that says where you are in it, and its list, a line each,
/// read from `first` on (the highlighted line kept in view).
struct Spoken {
    announcement: String,
    list: Vec<String>,
    /// The line of `list` the popup is on, when it has one.
    at: Option<usize>,
}

impl Spoken {
    /// A list with a highlighted line: "Format picker, 2 of 14: Seminar, chosen."
    fn picker(what: &str, list: Vec<String>, index: usize) -> Spoken {
        let index = index.min(list.len().saturating_sub(1));
        let current = list.get(index).map_or("", String::as_str);
        Spoken {
            announcement: format!("{what}, {} of {}: {current}.", index + 1, list.len()),
            list,
            at: Some(index),
        }
    }

    /// Lines read from a scroll position: "Help, line 3 of 120: …".
    fn scrolled(what: &str, list: Vec<String>, scroll: usize) -> Spoken {
        let scroll = scroll.min(list.len().saturating_sub(1));
        let current = list.get(scroll).map_or("", String::as_str);
        Spoken {
            announcement: format!("{what}, line {} of {}: {current}", scroll + 1, list.len()),
            list,
            at: Some(scroll),
        }
    }
}

impl SpokenScreen<'_> {
    /// The line that says where you are, or where you are in the open popup; printable.
    pub fn announcement(&self) -> String {
        let line = match self.popup() {
            Some(spoken) => spoken.announcement,
            None => match &self.app.mode {
                Mode::Normal => self.where_you_are(),
                mode => format!(
                    "{} mode. {}",
                    mode.label().to_lowercase(),
                    self.where_you_are()
                ),
            },
        };
        printable(&line).into_owned()
    }

    fn where_you_are(&self) -> String {
        let app = self.app;
        if let Some(line) = crate::tui::years::spoken_ghost(app) {
            return line;
        }
        let problems = app.problems_of(app.selected).len();
        let mut line = where_you_are(&app.programme, app.selected, problems);
        if let Some(standing) = crate::tui::years::spoken_standing(app) {
            line.push(' ');
            line.push_str(&standing);
        }
        if app.is_dirty() {
            line.push_str(" Unsaved changes.");
        }
        if let Some(reading) = &app.reading {
            // A large file's first screen: the rest of the programme is not there yet.
            line.push_str(" Not all read yet: ");
            line.push_str(&crate::text::drawn(reading));
        }
        line
    }

    /// What the open popup (or the statistics view) says, if one is open.
    fn popup(&self) -> Option<Spoken> {
        let app = self.app;
        let spoken = match &app.mode {
            Mode::StatusPicker { index } => {
                let list = Status::ALL.iter().map(ToString::to_string).collect();
                Spoken::picker("Status picker", list, *index)
            }
            Mode::FormatPicker(picker) => {
                let list = picker
                    .rows()
                    .into_iter()
                    .map(|row| match row {
                        FormatRow::Format(f, true) => format!("{}, chosen", f.name()),
                        FormatRow::Format(f, false) => format!("{}, not chosen", f.name()),
                        FormatRow::Add(text) => format!("add {text:?}"),
                    })
                    .collect();
                let mut spoken = Spoken::picker("Format picker", list, picker.index);
                if picker.filtering || !picker.filter.is_empty() {
                    spoken
                        .announcement
                        .push_str(&format!(" Filter: {}.", picker.filter));
                }
                spoken.announcement.push_str(&format!(
                    " Chosen: {}.",
                    match join_formats(&picker.chosen) {
                        chosen if chosen.is_empty() => "none".to_string(),
                        chosen => chosen,
                    }
                ));
                spoken
            }
            Mode::List => {
                let (Some(editor), Some(activity)) = (app.list, app.selected_activity()) else {
                    return None;
                };
                let what = format!("{} of {}", editor.list.label(), activity.title);
                let items = app.list_items();
                if items.is_empty() {
                    Spoken {
                        announcement: format!("{what}: none yet."),
                        list: Vec::new(),
                        at: None,
                    }
                } else {
                    Spoken::picker(&what, items, editor.index)
                }
            }
            Mode::DateEntry(entry) => Spoken {
                announcement: format!(
                    "{} date: {}",
                    match entry.field {
                        DateField::Start => "Start",
                        DateField::End => "End",
                    },
                    if entry.text.is_empty() {
                        "empty."
                    } else {
                        &entry.text
                    }
                ),
                list: vec![
                    "2022-03-15, 2022-03 or 2022-Q2; empty clears".to_string(),
                    entry.error.clone().unwrap_or_default(),
                ],
                at: None,
            },
            Mode::Text(target) => {
                let lines: Vec<String> = self
                    .textarea
                    .map(|t| t.lines().to_vec())
                    .unwrap_or_default();
                let row = self.textarea.map_or(0, |t| t.cursor().0);
                let what = crate::text::drawn(target.label()).into_owned();
                Spoken::scrolled(&what, lines, row)
            }
            Mode::Confirm(question) => Spoken {
                announcement: question.text(&app.programme),
                list: self.answers(question),
                at: None,
            },
            Mode::Conflicts { index } => {
                let list = app
                    .selected_conflicts()
                    .iter()
                    .map(|e| {
                        format!(
                            "{}: ours {}, theirs {}",
                            e.label(),
                            e.note.ours,
                            e.note.theirs
                        )
                    })
                    .collect();
                Spoken::picker("Merge conflicts", list, *index)
            }
            Mode::Help { scroll } => {
                let list = help_lines(self.keymap)
                    .into_iter()
                    .map(|line| match line {
                        HelpLine::Heading(heading) => format!("{heading}:"),
                        HelpLine::Binding { keys, name, what } => {
                            format!("{keys}: {name}, {what}")
                        }
                    })
                    .chain(app.setup_problems.iter().cloned())
                    .collect();
                Spoken::scrolled("Help", list, *scroll)
            }
            Mode::History { history, scroll } => {
                Spoken::scrolled(&history.title, history.lines.clone(), *scroll)
            }
            Mode::Search(entry) => Spoken {
                announcement: format!(
                    "Search: {}. {}.",
                    entry.query,
                    app.search_summary()
                        .unwrap_or_else(|| "No match".to_string())
                ),
                list: Vec::new(),
                at: None,
            },
            Mode::FilterLine(line) => Spoken {
                announcement: format!(
                    "Filter: {}. {}",
                    line.text,
                    match &line.error {
                        Some(error) => format!("Not a filter: {error}."),
                        None => "Enter keeps it.".to_string(),
                    }
                ),
                list: vec![
                    "status: format: in: cluster: id: words; Enter keeps; Esc on empty clears"
                        .to_string(),
                ],
                at: None,
            },
            Mode::Form => self.form()?,
            Mode::Normal if app.views.view == View::Statistics => self.statistics(),
            Mode::Normal => return None,
        };
        Some(spoken)
    }

    /// The activity form: each field with its value.
    fn form(&self) -> Option<Spoken> {
        let app = self.app;
        let activity = app.selected_activity()?;
        let list = Field::EDITABLE
            .iter()
            .map(|field| {
                let value = match activity.get(*field) {
                    Some(FieldValue::Status(status)) => status.to_string(),
                    Some(value) => value.plain().replace('\n', " "),
                    None => String::new(),
                };
                let value = if value.is_empty() {
                    "empty".to_string()
                } else {
                    value
                };
                format!("{}: {value}", field.label())
            })
            .collect();
        let what = format!("Edit {}, field", activity.id);
        Some(Spoken::picker(&what, list, app.form.unwrap_or(0)))
    }

    /// The statistics view: every bar with its count, the selected one said first.
    fn statistics(&self) -> Spoken {
        let app = self.app;
        let counts = app.stats_counts();
        let bars = app.stats_bars();
        let list: Vec<String> = bars
            .iter()
            .map(|bar| match *bar {
                StatsBar::Status(status) => {
                    let i = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
                    format!("Status {status}: {}", counts.statuses.get(i).unwrap_or(&0))
                }
                StatsBar::Cluster(c) => format!(
                    "Cluster {}: {}",
                    app.programme.clusters.get(c).map_or("", |c| &c.name),
                    counts.clusters.get(c).unwrap_or(&0)
                ),
                StatsBar::Group(row) => counts
                    .groups
                    .get(row)
                    .map_or_else(String::new, |(value, n)| {
                        format!("{} {value}: {n}", app.stats_key().name())
                    }),
                StatsBar::Month(m) => format!(
                    "Month {m} of {}: {}",
                    app.programme.year,
                    counts
                        .months
                        .get(usize::try_from(m).unwrap_or(0).saturating_sub(1))
                        .unwrap_or(&0)
                ),
            })
            .collect();
        let index = app
            .selected_stats_bar()
            .and_then(|selected| bars.iter().position(|b| *b == selected))
            .unwrap_or(0);
        Spoken::picker("Statistics, activities per bar", list, index)
    }

    /// A question's answers, each with its key.
    fn answers(&self, question: &crate::app::Question) -> Vec<String> {
        let mut answers = Vec::new();
        for answer in question.answers() {
            let action = crate::app::Action::Answer(*answer);
            if let Some(key) = self.keymap.keys(KeyMode::Confirm, &action).first() {
                let name = action_name(&action).unwrap_or("");
                answers.push(format!(
                    "{} {}",
                    display_key(*key),
                    name.trim_start_matches("answer-")
                ));
            }
        }
        let cancel = crate::app::Action::Cancel;
        if let Some(key) = self.keymap.keys(KeyMode::Confirm, &cancel).first() {
            answers.push(format!("{} cancel", display_key(*key)));
        }
        answers
    }

    /// Where the terminal's cursor goes: at the end of the announcement's first line.
    pub fn cursor(&self, area: Rect) -> Position {
        let width = usize::from(area.width.max(1));
        let first = wrap(&self.announcement(), width);
        let end = first.first().map_or(0, |l| crate::text::columns(l));
        Position::new(
            area.x + crate::tui::view::cells(end).min(area.width.saturating_sub(1)),
            area.y,
        )
    }
}

impl Widget for SpokenScreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        if area.is_empty() {
            return;
        }
        let width = usize::from(area.width);
        let mut lines = wrap(&self.announcement(), width);
        if let Some(message) = &self.app.message {
            lines.extend(wrap(&printable(&message.text), width));
        }
        let hints: Vec<String> = self
            .keymap
            .hints(KeyMode::of(&self.app.mode))
            .into_iter()
            .map(|(key, what)| format!("{key} {what}"))
            .collect();
        lines.extend(wrap(&format!("Keys: {}.", hints.join(", ")), width));
        // A popup reads as its list below, a blank line between, from where it is on.
        if let Some(spoken) = self.popup() {
            let room = usize::from(area.height).saturating_sub(lines.len() + 1);
            let first = spoken
                .at
                .map_or(0, |at| at.saturating_sub(room.saturating_sub(1) / 2))
                .min(spoken.list.len().saturating_sub(room));
            lines.push(String::new());
            for (i, item) in spoken.list.iter().enumerate().skip(first) {
                let marker = if spoken.at == Some(i) { "> " } else { "  " };
                let item = printable(item);
                for (j, part) in wrap(&item, width.saturating_sub(2).max(1))
                    .iter()
                    .enumerate()
                {
                    let marker = if j == 0 { marker } else { "  " };
                    lines.push(format!("{marker}{part}"));
                }
            }
        }
        for (y, line) in (area.y..area.bottom()).zip(&lines) {
            buf.set_stringn(area.x, y, line, width, ratatui::style::Style::new());
        }
    }
}

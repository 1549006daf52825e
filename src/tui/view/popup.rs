//! Popups over the grid: the activity form, pickers, date entry, text editor, questions, help.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use ratatui_textarea::TextArea;

use crate::app::{Action, App, FormField, FormatRow, Mode};
use crate::model::{Status, join_formats};
use crate::report::wrap::{self, truncate};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::keys::display_key;
use crate::tui::theme;

pub struct Popup<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
}

/// A box of at most `width` x `height` centred in `area`, cleared, with a title.
fn frame(area: Rect, buf: &mut Buffer, width: u16, height: u16, title: &str) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(rect, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A list with the highlighted row kept in view.
fn list(area: Rect, buf: &mut Buffer, rows: Vec<Line<'_>>, highlighted: usize) {
    let height = area.height as usize;
    if height == 0 {
        return;
    }
    let first = highlighted.saturating_sub(height - 1);
    for (i, row) in rows.into_iter().enumerate().skip(first).take(height) {
        let y = area.y + (i - first) as u16;
        let line = if i == highlighted {
            row.patch_style(theme::highlight())
        } else {
            row
        };
        buf.set_line(area.x, y, &line, area.width);
    }
}

impl Widget for Popup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if matches!(app.mode, Mode::Form) || app.form.is_some() {
            self.form(area, buf);
        }
        match &app.mode {
            Mode::StatusPicker { index } => {
                let inner = frame(area, buf, 30, Status::ALL.len() as u16 + 2, "Status");
                let rows = Status::ALL
                    .iter()
                    .map(|s| {
                        Line::from(vec![
                            Span::styled(format!(" {} ", s.symbol()), theme::status(*s)),
                            Span::styled(s.as_str(), theme::status(*s)),
                        ])
                    })
                    .collect();
                list(inner, buf, rows, *index);
            }
            Mode::FormatPicker(picker) => {
                let inner = frame(area, buf, 48, 20, "Formats");
                let filter = if picker.filtering || !picker.filter.is_empty() {
                    format!("filter: {}▏", picker.filter)
                } else {
                    let keys = self.keymap.keys(KeyMode::Formats, &Action::Filter);
                    let key = keys.first().map_or("?".to_string(), |k| display_key(*k));
                    format!("{key} filters or adds a format")
                };
                buf.set_stringn(
                    inner.x,
                    inner.y,
                    &filter,
                    inner.width as usize,
                    theme::key(),
                );
                let chosen = format!("chosen: {}", join_formats(&picker.chosen));
                buf.set_stringn(
                    inner.x,
                    inner.y + 1,
                    truncate(&chosen, inner.width as usize),
                    inner.width as usize,
                    theme::formats(),
                );
                let rows = picker
                    .rows()
                    .into_iter()
                    .map(|row| match row {
                        FormatRow::Format(f, on) => {
                            let mark = if on { "[x] " } else { "[ ] " };
                            let style = if f.is_other() {
                                theme::formats()
                            } else {
                                Style::new()
                            };
                            Line::from(vec![
                                Span::raw(mark),
                                Span::styled(f.name().to_string(), style),
                            ])
                        }
                        FormatRow::Add(text) => {
                            Line::styled(format!("+ add {text:?}"), theme::key())
                        }
                    })
                    .collect();
                let list_area = Rect::new(
                    inner.x,
                    inner.y + 2,
                    inner.width,
                    inner.height.saturating_sub(2),
                );
                list(list_area, buf, rows, picker.index);
            }
            Mode::DateEntry(entry) => {
                let title = format!("{} date", capitalise(entry.field.label()));
                let inner = frame(area, buf, 64, 7, &title);
                let lines = vec![
                    Line::styled("2022-03-15, 2022-03 or 2022-Q2; empty clears", theme::dim()),
                    Line::from(vec![
                        Span::styled("> ", theme::key()),
                        Span::raw(entry.text.clone()),
                        Span::styled("▏", theme::key()),
                    ]),
                    match &entry.error {
                        Some(e) => Line::styled(e.clone(), theme::error()),
                        None => Line::raw(""),
                    },
                    self.hints(KeyMode::Date),
                ];
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .render(inner, buf);
            }
            Mode::Text(target) => {
                let height = if target.multiline() { 14 } else { 5 };
                let inner = frame(area, buf, 72, height, target.label());
                let mode = KeyMode::of(&app.mode);
                let text_area = Rect::new(
                    inner.x,
                    inner.y,
                    inner.width,
                    inner.height.saturating_sub(1),
                );
                if let Some(textarea) = self.textarea {
                    textarea.render(text_area, buf);
                }
                if inner.height > 0 {
                    buf.set_line(inner.x, inner.bottom() - 1, &self.hints(mode), inner.width);
                }
            }
            Mode::Confirm(question) => {
                let inner = frame(area, buf, 60, 7, "Question");
                let mut answers = Vec::new();
                for answer in question.answers() {
                    let action = Action::Answer(*answer);
                    if let Some(key) = self.keymap.keys(KeyMode::Confirm, &action).first() {
                        let name = crate::tui::keymap::action_name(&action).unwrap_or("");
                        answers.push(Span::styled(display_key(*key), theme::key()));
                        answers.push(Span::raw(format!(
                            " {}  ",
                            name.trim_start_matches("answer-")
                        )));
                    }
                }
                if let Some(key) = self.keymap.keys(KeyMode::Confirm, &Action::Cancel).first() {
                    answers.push(Span::styled(display_key(*key), theme::key()));
                    answers.push(Span::raw(" cancel"));
                }
                let lines = vec![
                    Line::raw(question.text(&app.programme)),
                    Line::raw(""),
                    Line::from(answers),
                ];
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .render(inner, buf);
            }
            Mode::Conflicts { index } => self.conflicts(area, buf, *index),
            Mode::Help { scroll } => {
                let inner = frame(
                    area,
                    buf,
                    76,
                    area.height.saturating_sub(2),
                    "Keys (as bound)",
                );
                let mut lines = vec![
                    Line::styled(
                        "Rebind in $XDG_CONFIG_HOME/wpmatrix/keys.conf, a line per action:",
                        theme::dim(),
                    ),
                    Line::styled(
                        "  MODE ACTION KEY...   e.g.  grid quit <C-q> Z",
                        theme::dim(),
                    ),
                ];
                let mut last = None;
                for (mode, keys, what, action) in self.keymap.help() {
                    if last != Some(mode) {
                        lines.push(Line::styled(
                            format!("{} mode", mode.name()),
                            theme::title(),
                        ));
                        last = Some(mode);
                    }
                    let name = crate::tui::keymap::action_name(action).unwrap_or("");
                    lines.push(Line::from(vec![
                        Span::styled(format!("  {keys:<20}"), theme::key()),
                        Span::raw(format!("{what:<40}")),
                        Span::styled(name, theme::dim()),
                    ]));
                }
                let max_scroll = lines.len().saturating_sub(inner.height as usize);
                let first = (*scroll).min(max_scroll);
                for (i, line) in lines
                    .iter()
                    .skip(first)
                    .take(inner.height as usize)
                    .enumerate()
                {
                    buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
                }
            }
            _ => {}
        }
    }
}

impl Popup<'_> {
    fn form(&self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let Some(activity) = app.selected_activity() else {
            return;
        };
        let inner = frame(
            area,
            buf,
            72,
            FormField::ALL.len() as u16 + 3,
            &format!("Edit {}", activity.id),
        );
        let width = inner.width.saturating_sub(14) as usize;
        let rows: Vec<Line> = FormField::ALL
            .iter()
            .map(|field| {
                let value = match field {
                    FormField::Title => activity.title.clone(),
                    FormField::Description => activity.description.replace('\n', " ⏎ "),
                    FormField::Formats => join_formats(&activity.formats),
                    FormField::Status => {
                        format!("{} {}", activity.status.symbol(), activity.status)
                    }
                    FormField::Start => activity.start.map(|d| d.to_string()).unwrap_or_default(),
                    FormField::End => activity.end.map(|d| d.to_string()).unwrap_or_default(),
                    FormField::FollowUpOf => activity.follow_up_of.clone().unwrap_or_default(),
                    FormField::Notes => activity.notes.replace('\n', " ⏎ "),
                };
                Line::from(vec![
                    Span::styled(format!(" {:<12}", field.label()), theme::dim()),
                    Span::raw(truncate(&value, width)),
                ])
            })
            .collect();
        let list_area = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        );
        list(list_area, buf, rows, app.form.unwrap_or(0));
        if inner.height > 0 {
            buf.set_line(
                inner.x,
                inner.bottom() - 1,
                &self.hints(KeyMode::Form),
                inner.width,
            );
        }
    }

    /// The selected activity's conflicts as a table of field, ours and theirs, with the base
    /// of the highlighted one under it.
    fn conflicts(&self, area: Rect, buf: &mut Buffer, index: usize) {
        let app = self.app;
        let entries = app.selected_conflicts();
        let id = match app.selected_activity() {
            Some(activity) => activity.id.as_str(),
            None => app.selected_cluster().map_or("", |c| c.id.as_str()),
        };
        let inner = frame(
            area,
            buf,
            76,
            entries.len() as u16 + 6,
            &format!("Merge conflicts in {id}"),
        );
        if inner.height < 2 {
            return;
        }
        let value_width = (inner.width.saturating_sub(14) / 2) as usize;
        let row = |field: &str, ours: &str, theirs: &str| {
            format!(
                " {:<12} {} {}",
                truncate(field, 12),
                wrap::pad(&truncate(ours, value_width.saturating_sub(1)), value_width),
                truncate(theirs, value_width.saturating_sub(1)),
            )
        };
        buf.set_stringn(
            inner.x,
            inner.y,
            row("field", "ours (in the file)", "theirs"),
            inner.width as usize,
            theme::dim(),
        );
        let rows = entries
            .iter()
            .map(|e| {
                Line::raw(row(
                    &e.label(),
                    &e.note.ours.to_string(),
                    &e.note.theirs.to_string(),
                ))
            })
            .collect();
        let list_area = Rect::new(
            inner.x,
            inner.y + 1,
            inner.width,
            inner.height.saturating_sub(4),
        );
        list(list_area, buf, rows, index);
        let base = entries.get(index).map(|e| match &e.note.base {
            Some(base) => format!(" base (before both changes): {base}"),
            None => " no common base".to_string(),
        });
        buf.set_stringn(
            inner.x,
            inner.bottom() - 2,
            truncate(&base.unwrap_or_default(), inner.width as usize),
            inner.width as usize,
            theme::dim(),
        );
        buf.set_line(
            inner.x,
            inner.bottom() - 1,
            &self.hints(KeyMode::Conflicts),
            inner.width,
        );
    }

    fn hints(&self, mode: KeyMode) -> Line<'static> {
        let mut spans = Vec::new();
        for (key, what) in self.keymap.hints(mode) {
            spans.push(Span::styled(key, theme::key()));
            spans.push(Span::styled(format!(" {what}  "), theme::dim()));
        }
        Line::from(spans)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

//! The status line: mode, file, unsaved marker and position; below it the message, the search
//! being typed, the selected activity's problem, or key hints from the keymap.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::{Action, App, Mode, View};
use crate::text::{drawn, glyph, truncate};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::theme;

/// Mode, file, unsaved marker and position; then the message, the search, or key hints.
pub struct StatusLine<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    /// How much of the year the fitted grid shows (`whole year`, `columns 1–5 of 6`).
    pub extent: Option<String>,
}

impl Widget for StatusLine<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        if area.height == 0 {
            return;
        }
        let width = area.width as usize;
        let bar = bar(app, self.extent.as_deref());
        buf.set_style(Rect::new(area.x, area.y, area.width, 1), theme::bar());
        buf.set_stringn(area.x, area.y, truncate(&bar, width), width, theme::bar());
        if area.height < 2 {
            return;
        }
        let y = area.y + 1;
        if let Mode::Search(entry) = &app.mode {
            let text = format!("/{}{}", entry.query, glyph('▏'));
            let (x, _) = buf.set_stringn(area.x, y, truncate(&text, width), width, theme::key());
            if let Some(m) = &app.message {
                let rest = area.right().saturating_sub(x + 2) as usize;
                buf.set_stringn(x + 2, y, truncate(&m.text, rest), rest, theme::error());
            }
            return;
        }
        if let Mode::FilterLine(line) = &app.mode {
            let text = format!("\\{}{}", line.text, glyph('▏'));
            let (x, _) = buf.set_stringn(area.x, y, truncate(&text, width), width, theme::key());
            let rest = area.right().saturating_sub(x + 2) as usize;
            if let Some(error) = &line.error {
                let error = format!("filter {error}");
                buf.set_stringn(x + 2, y, truncate(&error, rest), rest, theme::error());
            } else {
                let hint =
                    "status: format: in: cluster: id: words · Enter keeps · Esc on empty clears";
                buf.set_stringn(x + 2, y, truncate(&drawn(hint), rest), rest, theme::dim());
            }
            return;
        }
        if let Some(message) = &app.message {
            let style = if message.is_error {
                theme::error()
            } else {
                ratatui::style::Style::new()
            };
            buf.set_stringn(area.x, y, truncate(&message.text, width), width, style);
            return;
        }
        if matches!(app.mode, Mode::Normal)
            && let Some(problem) = app.problem_at(app.selected)
        {
            buf.set_stringn(
                area.x,
                y,
                truncate(&problem.message, width),
                width,
                theme::problem(),
            );
            return;
        }
        let mut spans = Vec::new();
        let hints = match &app.mode {
            Mode::Confirm(question) => {
                self.keymap
                    .hints_for(KeyMode::Confirm, |action| match action {
                        Action::Answer(answer) => question.answers().contains(answer),
                        _ => true,
                    })
            }
            mode => self.keymap.hints(KeyMode::of(mode)),
        };
        for (key, what) in hints {
            spans.push(Span::styled(key, theme::key()));
            spans.push(Span::styled(format!(" {what}  "), theme::dim()));
        }
        buf.set_line(area.x, y, &Line::from(spans), area.width);
    }
}

/// Mode, what narrows the view, file, unsaved marker, position and problems.
fn bar(app: &App, extent: Option<&str>) -> String {
    let file = app.path.file_name().map_or_else(
        || app.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // The year, when the file's name does not say it; whether the file was amended since its
    // adoption.
    let stem = app.path.file_stem().map(|s| s.to_string_lossy());
    let year = app.programme.year;
    let mut file = file;
    if stem.as_deref() != Some(year.to_string().as_str()) {
        file.push_str(&format!(" ({year})"));
    }
    if app.amended {
        file.push_str(" amended");
    }
    let bar = drawn(" │ ");
    let marker = match (app.is_dirty(), app.read_only) {
        (true, true) => " [+] READ-ONLY",
        (false, true) => " READ-ONLY",
        (true, false) => " [+]",
        (false, false) => "",
    };
    if let Some(reading) = &app.reading {
        return format!(" READING{bar}{file}{bar}{reading}");
    }
    let clusters = app.programme.clusters.len();
    let count = app.selected_cluster().map_or(0, |c| c.activities.len());
    let problems = app.problems().len();
    let problems = match problems {
        0 => String::new(),
        n => format!("{bar}{}", crate::text::plural(n, "problem")),
    };
    let mode = match (&app.mode, app.views.view) {
        (Mode::Normal, View::Timeline) => "TIMELINE",
        (Mode::Normal, View::Statistics) => "STATISTICS",
        (mode, _) => mode.label(),
    };
    // What narrows or gathers the view: the filter, the search, the marks.
    let mut lenses = String::new();
    for lens in [
        extent.map(str::to_string),
        app.filter_summary(),
        app.search_summary(),
        Some(app.marked().len())
            .filter(|n| *n > 0)
            .map(|n| format!("{n} marked")),
    ]
    .into_iter()
    .flatten()
    {
        lenses.push_str(&lens);
        lenses.push_str(&bar);
    }
    // They come first: on a narrow screen the file name is what gives way.
    format!(
        " {mode}{bar}{lenses}{file}{marker}{bar}cluster {}/{clusters} {} {}{problems}",
        (app.selected.cluster + 1).min(clusters),
        glyph('·'),
        position(app, count),
    )
}

/// Where the selection is in its cluster: `activity 2/4`, or on a ghost while comparing
/// `ghost 1/2 of 2021`, counted apart from this year's activities.
fn position(app: &App, count: usize) -> String {
    if app.ghost_at(app.selected).is_some()
        && let Some(year) = app.last_year().map(|p| p.year)
    {
        let ghosts = app.row_len(app.selected.cluster).saturating_sub(count);
        let k = app.selected.activity.saturating_sub(count) + 1;
        return format!("ghost {}/{ghosts} of {year}", k.min(ghosts));
    }
    format!(
        "activity {}/{count}",
        (app.selected.activity + 1).min(count)
    )
}

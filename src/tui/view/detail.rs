//! The detail panel: the selected activity in full, its problems, and its cluster's summary.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

use crate::app::{Action, App};
use crate::model::compare::Carried;
use crate::model::{Severity, join_formats};
use crate::text::{cut_at, drawn, glyph};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::keys::display_key;
use crate::tui::theme;

/// While comparing: how the selected activity stands against last year, and last year's value
/// beside this year's for each changed field.
fn compared_lines(app: &App) -> Vec<Line<'static>> {
    let (Some(carried), Some(year)) = (app.carried(app.selected), app.last_year().map(|p| p.year))
    else {
        return Vec::new();
    };
    let mut lines = vec![Line::styled(
        match carried {
            Carried::New => format!("+ new: not in {year}"),
            Carried::Unchanged => format!("= carried over from {year} unchanged"),
            Carried::Changed(_) => format!("~ carried over from {year}, changed:"),
        },
        theme::dim(),
    )];
    if let Carried::Changed(_) = carried {
        for change in app.changes_since_last_year(app.selected) {
            let show = |value: &str| {
                if value.is_empty() {
                    glyph('—').to_string()
                } else {
                    printed(value)
                }
            };
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<10}", change.field.label()), theme::dim()),
                Span::styled(format!("{year}: {}", show(&change.old)), theme::dim()),
                Span::raw(format!("  now: {}", show(&change.new))),
            ]));
        }
    }
    lines
}

/// The selected activity in full, its cluster's summary, and its problems.
pub struct DetailView<'a> {
    pub app: &'a App,
    /// For the key that resolves merge conflicts.
    pub keymap: &'a Keymap,
    /// Beside the grid (a line on its left) rather than under it (a line above).
    pub beside: bool,
}

/// The lines of a long text the panel could show (as `text.lines()` gives them), each no
/// longer than would fill it: a description of a hundred megabytes costs what the panel holds,
/// not what the file holds, and a line that fills the panel is the last one looked for.
fn shown(text: &str, area: Rect) -> Vec<Line<'static>> {
    let room = usize::from(area.width) * usize::from(area.height) * 4;
    let mut lines = Vec::new();
    let mut rest = text;
    while lines.len() < usize::from(area.height) && !rest.is_empty() {
        let window = cut_at(rest, room);
        let Some(end) = window.find('\n') else {
            lines.push(Line::raw(printed(window)));
            break;
        };
        let line = &window[..end];
        lines.push(Line::raw(printed(line.strip_suffix('\r').unwrap_or(line))));
        rest = &rest[end + 1..];
    }
    lines
}

impl Widget for DetailView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let borders = if self.beside {
            Borders::LEFT
        } else {
            Borders::TOP
        };
        let mut lines: Vec<Line> = Vec::new();
        let label = |name: &'static str| Span::styled(format!("{name:<12}"), theme::dim());
        if let Some(activity) = app.selected_activity() {
            let status = activity.status;
            lines.push(Line::from(vec![
                Span::styled(format!("{} ", status.symbol()), theme::status(status)),
                Span::styled(printed(&activity.title), theme::title()),
                Span::styled(printed(&format!("  ({})", activity.id)), theme::dim()),
            ]));
            for problem in app.problems_of(app.selected) {
                let word = match problem.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                };
                lines.push(Line::styled(
                    printed(&format!("{word}: {}", problem.message)),
                    theme::problem(),
                ));
            }
            let conflicts = app.selected_conflicts().len();
            if conflicts > 0 {
                let keys = self.keymap.keys(KeyMode::Normal, &Action::ResolveConflicts);
                let plural = if conflicts == 1 { "" } else { "s" };
                let how = match keys.first() {
                    Some(key) => format!("; {} chooses ours or theirs", display_key(*key)),
                    None => String::new(),
                };
                lines.push(Line::styled(
                    format!("{conflicts} merge conflict{plural}{how}"),
                    theme::problem(),
                ));
            }
            lines.extend(compared_lines(app));
            lines.push(Line::from(vec![
                label("Status"),
                Span::styled(
                    format!("{} {status}", status.symbol()),
                    theme::status(status),
                ),
            ]));
            lines.push(Line::from(vec![
                label("Formats"),
                Span::styled(printed(&join_formats(&activity.formats)), theme::formats()),
            ]));
            let date = |d: Option<crate::model::PlanDate>| {
                d.map_or(glyph('—').to_string(), |d| format!("{d} ({})", d.label()))
            };
            lines.push(Line::from(vec![
                label("Start"),
                Span::raw(date(activity.start)),
                Span::styled("   End ", theme::dim()),
                Span::raw(date(activity.end)),
            ]));
            if let Some(follow) = &activity.follow_up_of {
                lines.push(Line::from(vec![
                    label("Follows up"),
                    Span::raw(printed(follow)),
                ]));
            }
            // The optional fields, only when they hold something (most activities show as before).
            if !activity.leads.is_empty() {
                lines.push(Line::from(vec![
                    label("Leads"),
                    Span::raw(printed(&activity.leads.join(", "))),
                ]));
            }
            if !activity.themes.is_empty() {
                let names: Vec<&str> = activity
                    .themes
                    .iter()
                    .map(|id| {
                        app.programme
                            .themes
                            .iter()
                            .find(|t| t.id == *id)
                            .map_or(id.as_str(), |t| t.name.as_str())
                    })
                    .collect();
                lines.push(Line::from(vec![
                    label("Themes"),
                    Span::raw(printed(&names.join(", "))),
                ]));
            }
            // The own fields on one line, in the programme's order: `Budget (EUR) 12000 · …`.
            let mut own = Vec::new();
            for field in &app.programme.fields {
                if let Some(value) = activity.values.get(&field.id) {
                    if !own.is_empty() {
                        own.push(Span::styled(drawn(" · ").into_owned(), theme::dim()));
                    }
                    own.push(Span::styled(
                        printed(&format!("{} ", field.label())),
                        theme::dim(),
                    ));
                    own.push(Span::raw(printed(value)));
                }
            }
            if !own.is_empty() {
                lines.push(Line::from(own));
            }
            for session in &activity.sessions {
                lines.push(Line::from(vec![
                    label("Session"),
                    Span::raw(printed(&session.cell())),
                ]));
            }
            for output in &activity.outputs {
                lines.push(Line::from(vec![
                    label("Output"),
                    Span::raw(printed(&output.cell())),
                ]));
            }
            lines.push(Line::from(label("Description")));
            lines.extend(shown(&activity.description, area));
            if !activity.notes.is_empty() {
                lines.push(Line::from(label("Notes")));
                lines.extend(shown(&activity.notes, area));
            }
        } else if let Some((_, ghost)) = app.ghost_at(app.selected) {
            let year = app.last_year().map_or(0, |p| p.year);
            lines.push(Line::styled(
                printed(&format!("- {}  ({})", ghost.title, ghost.id)),
                theme::dim(),
            ));
            lines.push(Line::styled(
                format!(
                    "In {year}, {} {}; not carried over. Enter brings it back as a follow-up.",
                    ghost.status.symbol(),
                    ghost.status
                ),
                theme::dim(),
            ));
            lines.extend(
                ghost
                    .description
                    .lines()
                    .map(|l| Line::styled(printed(l), theme::dim())),
            );
        } else {
            lines.push(Line::styled(
                "No activity here. Add one with the add key (see ? for keys).",
                theme::dim(),
            ));
        }
        if let Some(cluster) = app.selected_cluster() {
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled("Cluster ", theme::dim()),
                Span::styled(printed(&cluster.name), theme::cluster()),
            ]));
            lines.extend(shown(&cluster.summary, area));
        }
        // The panel owns its area: nothing drawn there before it may show through its gaps.
        Clear.render(area, buf);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(
                Block::new()
                    .borders(borders)
                    .border_set(crate::tui::symbols::border())
                    .title(" Activity "),
            )
            .render(area, buf);
    }
}

/// The planners' text as the panel shows it: control, bidi and zero-width characters visible.
fn printed(text: &str) -> String {
    crate::text::printable(text).into_owned()
}

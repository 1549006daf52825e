//! The help screen, generated from the keymap: the essentials first, then every mode's keys,
//! laid out in as many columns as the screen holds. Action names (what `keys.conf` needs) are
//! never cut; the descriptions give way first. Scrolls only when the columns cannot hold it all.

use std::collections::HashMap;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;
use unicode_width::UnicodeWidthStr;

use super::frame;
use crate::app::Action;
use crate::text::{truncate, wrap};
use crate::tui::keymap::{KeyMode, Keymap, NAMED_ACTIONS};
use crate::tui::keys::display_key;
use crate::tui::theme;
use crate::tui::view::cells;

/// What a planner needs first, in this order; shown under "essentials" and not again under grid.
const ESSENTIALS: &[Action] = &[
    Action::Save,
    Action::Quit,
    Action::Undo,
    Action::Redo,
    Action::Help,
    Action::EditActivity,
    Action::PickStatus,
    Action::CycleStatus,
    Action::PickFormats,
    Action::SwitchView,
    Action::ToggleFitted,
    Action::ToggleDetail,
    Action::FilterActivities,
    Action::Search,
    Action::ToggleMark,
    Action::MarkCluster,
];

/// Keys that do something else in the statistics view (still in the grid's bindings), with what
/// they do there; listed under their own heading so `c` does not read as "next status" there.
const STATISTICS_VIEW: &[(Action, &str)] = &[
    (Action::CycleStatus, "count the lower chart by the next key"),
    (Action::EditActivity, "filter the grid to the selected bar"),
];

/// Columns narrower than this would leave descriptions out altogether.
const MIN_DESCRIPTION: usize = 6;

/// A line of the help: a heading, or an action with its keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HelpLine {
    Heading(String),
    Binding {
        keys: String,
        name: &'static str,
        what: &'static str,
    },
}

/// Every help line, essentials first, then each mode's bindings in table order.
pub fn help_lines(keymap: &Keymap) -> Vec<HelpLine> {
    // The keys of each named action (by its place in the table) in each mode, in the keymap's
    // order, found in one pass over the bindings: asked of the keymap per action and mode, the
    // help went over every binding a few thousand times a frame.
    let mut bound: HashMap<(KeyMode, usize), Vec<String>> = HashMap::new();
    for binding in keymap.bindings() {
        if let Some(named) = NAMED_ACTIONS
            .iter()
            .position(|(_, a, _)| *a == binding.action)
        {
            bound
                .entry((binding.mode, named))
                .or_default()
                .push(display_key(binding.key));
        }
    }
    let line = |mode: KeyMode, named: usize, what: Option<&'static str>| {
        let (name, _, usual) = NAMED_ACTIONS.get(named)?;
        let keys = bound.get(&(mode, named))?;
        Some(HelpLine::Binding {
            keys: keys.join(" "),
            name,
            what: what.unwrap_or(usual),
        })
    };
    let named = |action: &Action| NAMED_ACTIONS.iter().position(|(_, a, _)| a == action);
    let binding_as = |mode: KeyMode, action: &Action, what: Option<&'static str>| {
        line(mode, named(action)?, what)
    };
    let mut lines = vec![HelpLine::Heading("essentials (grid)".into())];
    lines.extend(
        ESSENTIALS
            .iter()
            .filter_map(|action| binding_as(KeyMode::Normal, action, None)),
    );
    for mode in KeyMode::ALL {
        let bound: Vec<HelpLine> = NAMED_ACTIONS
            .iter()
            .enumerate()
            .filter(|(_, (_, action, _))| mode != KeyMode::Normal || !ESSENTIALS.contains(action))
            .filter_map(|(named, _)| line(mode, named, None))
            .collect();
        if !bound.is_empty() {
            lines.push(HelpLine::Heading(format!("{} mode", mode.name())));
            lines.extend(bound);
        }
        if mode == KeyMode::Normal {
            let statistics: Vec<HelpLine> = STATISTICS_VIEW
                .iter()
                .filter_map(|(action, what)| binding_as(mode, action, Some(what)))
                .collect();
            if !statistics.is_empty() {
                lines.push(HelpLine::Heading("statistics view".into()));
                lines.extend(statistics);
            }
        }
    }
    lines
}

/// How the help lines go into columns for an inner area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Columns {
    count: usize,
    width: usize,
    /// Lines per column; more than fit on screen means scrolling.
    per_column: usize,
    key_width: usize,
    name_width: usize,
}

impl Columns {
    fn new(lines: &[HelpLine], width: usize, height: usize) -> Columns {
        let (mut key_width, mut name_width) = (0, 0);
        for line in lines {
            if let HelpLine::Binding { keys, name, .. } = line {
                key_width = key_width.max(keys.width());
                name_width = name_width.max(name.width());
            }
        }
        // Very long key lists are cut rather than pushing the names out of a column.
        let key_width = key_width.min(16);
        let narrowest = key_width + 1 + name_width + 2;
        let most = (width / narrowest.max(1)).max(1);
        let needed = lines.len().div_ceil(height.max(1)).max(1);
        let count = needed.min(most);
        let per_column = lines.len().div_ceil(count);
        Columns {
            count,
            width: width / count,
            per_column,
            key_width,
            name_width,
        }
    }
}

/// How far the help on a screen of `area` can scroll: none when everything fits.
pub fn max_scroll(keymap: &Keymap, problems: &[String], area: Rect) -> usize {
    let lines = help_lines(keymap);
    let (width, height) = inner_size(area);
    let problems = problem_lines(problems, width);
    let split = Split::new(problems.len(), height);
    split.problems_hidden
        + Columns::new(&lines, width, split.keys)
            .per_column
            .saturating_sub(split.keys)
}

/// How the popup's height is shared between the key file's problems and the keys: the problems
/// take at most half when they are many, and scrolling goes through them first, then the keys,
/// so a long list of problems can be read to its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Split {
    problems: usize,
    /// Problem lines that do not fit at once.
    problems_hidden: usize,
    keys: usize,
}

impl Split {
    fn new(problem_lines: usize, height: usize) -> Split {
        let problems = problem_lines.min(if problem_lines > height / 2 {
            (height / 2).max(1)
        } else {
            problem_lines
        });
        Split {
            problems,
            problems_hidden: problem_lines - problems,
            keys: height.saturating_sub(problems).max(1),
        }
    }
}

/// The key file's problems, each in full, wrapped to the width, under a heading.
fn problem_lines(problems: &[String], width: usize) -> Vec<String> {
    if problems.is_empty() {
        return Vec::new();
    }
    let mut lines =
        vec!["Problems in the key file (those lines skipped, the rest applied):".into()];
    for problem in problems {
        for (i, part) in wrap(problem, width.saturating_sub(2).max(1))
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 {
                crate::text::glyph('•')
            } else {
                ' '
            };
            lines.push(format!("{indent} {}", crate::text::printable(&part)));
        }
    }
    lines
}

/// The popup's outer size on a screen of `area`.
fn outer_size(area: Rect) -> (u16, u16) {
    (
        area.width.saturating_sub(2).max(1),
        area.height.saturating_sub(2).max(1),
    )
}

/// How to rebind, over the keys: wrapped, never cut.
const HINT: &str = "Rebind in $XDG_CONFIG_HOME/wpmatrix/keys.conf, a line per action: MODE ACTION KEY...  e.g.  grid quit <C-q> Z";

/// The rebinding hint's lines at a width.
fn hint_lines(width: usize) -> Vec<String> {
    wrap(HINT, width.max(1))
}

/// Room for key columns inside the popup: the borders take two lines and two columns, the
/// rebinding hint its lines.
fn inner_size(area: Rect) -> (usize, usize) {
    let (width, height) = outer_size(area);
    let width = usize::from(width.saturating_sub(2));
    let hint = hint_lines(width).len();
    (
        width,
        usize::from(height.saturating_sub(2))
            .saturating_sub(hint)
            .max(1),
    )
}

pub struct HelpPopup<'a> {
    pub keymap: &'a Keymap,
    pub scroll: usize,
    /// Problems with the key file, shown in full above the bindings.
    pub problems: &'a [String],
}

impl Widget for HelpPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let lines = help_lines(self.keymap);
        let (outer_width, outer_height) = outer_size(area);
        let (width, height) = inner_size(area);
        let problems = problem_lines(self.problems, width);
        let split = Split::new(problems.len(), height);
        let height = split.keys;
        let columns = Columns::new(&lines, width, height);
        let scrolls = split.problems_hidden > 0 || columns.per_column > height;
        let title = if scrolls {
            "Keys (as bound) — ↑↓ scroll"
        } else {
            "Keys (as bound)"
        };
        let inner = frame(
            area,
            buf,
            outer_width,
            outer_height,
            &crate::text::drawn(title),
        );
        if inner.height < 2 {
            return;
        }
        let mut y = inner.y;
        for line in hint_lines(width) {
            if y >= inner.bottom() {
                break;
            }
            buf.set_stringn(inner.x, y, &line, width, theme::dim());
            y += 1;
        }
        // Scrolling goes through the problems first, then the keys.
        let problems_from = self.scroll.min(split.problems_hidden);
        let scroll = self.scroll - problems_from;
        for line in problems.iter().skip(problems_from).take(split.problems) {
            if y >= inner.bottom() {
                break;
            }
            buf.set_stringn(inner.x, y, truncate(line, width), width, theme::error());
            y += 1;
        }
        let body = Rect::new(inner.x, y, inner.width, inner.bottom().saturating_sub(y));
        // Scrolling stops once the longest column's last line is in view.
        let first = scroll.min(columns.per_column.saturating_sub(height));
        let shown = height.min(usize::from(body.height));
        for (column, chunk) in lines.chunks(columns.per_column).enumerate() {
            let x = body.x + cells(column * columns.width);
            for (row, line) in chunk.iter().skip(first).take(shown).enumerate() {
                draw_line(buf, x, body.y + cells(row), line, &columns);
            }
        }
    }
}

fn draw_line(buf: &mut Buffer, x: u16, y: u16, line: &HelpLine, columns: &Columns) {
    let room = columns.width.saturating_sub(1);
    match line {
        HelpLine::Heading(text) => {
            buf.set_stringn(x, y, truncate(text, room), room, theme::title());
        }
        HelpLine::Binding { keys, name, what } => {
            let kw = columns.key_width;
            buf.set_stringn(x, y, truncate(keys, kw), kw, theme::key());
            let name_x = x + cells(kw) + 1;
            buf.set_stringn(name_x, y, name, name.width(), Style::new());
            let used = kw + 1 + columns.name_width + 1;
            let left = room.saturating_sub(used);
            if left >= MIN_DESCRIPTION {
                let what_x = x + cells(used);
                buf.set_stringn(what_x, y, truncate(what, left), left, theme::dim());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn essentials_come_first_and_are_not_repeated_under_grid() {
        let lines = help_lines(&Keymap::default());
        let names: Vec<&str> = lines
            .iter()
            .filter_map(|l| match l {
                HelpLine::Binding { name, .. } => Some(*name),
                HelpLine::Heading(_) => None,
            })
            .collect();
        assert_eq!(&names[..3], ["save", "quit", "undo"]);
        assert_eq!(
            names.iter().filter(|n| **n == "save").count(),
            3,
            "grid, form and list"
        );
        assert_eq!(names.iter().filter(|n| **n == "switch-view").count(), 1);
    }

    #[test]
    fn columns_grow_with_the_width_until_everything_fits() {
        let lines = help_lines(&Keymap::default());
        let narrow = Columns::new(&lines, 76, 20);
        let wide = Columns::new(&lines, 196, 45);
        assert!(narrow.count <= 2 && narrow.per_column > 20, "{narrow:?}");
        assert!(wide.per_column <= 45, "{wide:?}");
    }

    #[test]
    fn c_in_the_statistics_view_says_what_it_does_there() {
        let lines = help_lines(&Keymap::default());
        let heading = lines
            .iter()
            .position(|l| *l == HelpLine::Heading("statistics view".into()))
            .expect("a statistics view heading");
        let c = lines.get(heading + 1..).and_then(|after| {
            after.iter().find(|l| {
                matches!(
                    l,
                    HelpLine::Binding {
                        name: "cycle-status",
                        ..
                    }
                )
            })
        });
        assert_eq!(
            c,
            Some(&HelpLine::Binding {
                keys: "c".into(),
                name: "cycle-status",
                what: "count the lower chart by the next key",
            })
        );
    }
}

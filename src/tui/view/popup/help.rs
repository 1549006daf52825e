//! The help screen: every binding, generated from the keymap, scrollable.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::frame;
use crate::report::wrap::wrap;
use crate::tui::keymap::{Keymap, action_name};
use crate::tui::theme;

pub struct HelpPopup<'a> {
    pub keymap: &'a Keymap,
    pub scroll: usize,
    /// Problems with the key file, shown in full above the bindings.
    pub problems: &'a [String],
}

impl Widget for HelpPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
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
        if !self.problems.is_empty() {
            lines.push(Line::styled(
                "Problems in the key file (those lines skipped, the rest applied):",
                theme::error(),
            ));
            let width = usize::from(inner.width).saturating_sub(2);
            for problem in self.problems {
                for (i, part) in wrap(problem, width).into_iter().enumerate() {
                    let indent = if i == 0 { "• " } else { "  " };
                    lines.push(Line::styled(format!("{indent}{part}"), theme::error()));
                }
            }
        }
        let mut last = None;
        for (mode, keys, what, action) in self.keymap.help() {
            if last != Some(mode) {
                lines.push(Line::styled(
                    format!("{} mode", mode.name()),
                    theme::title(),
                ));
                last = Some(mode);
            }
            let name = action_name(action).unwrap_or("");
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<20}"), theme::key()),
                Span::raw(format!("{what:<40}")),
                Span::styled(name, theme::dim()),
            ]));
        }
        // Scrolling stops once the last line is in view.
        let max_scroll = lines.len().saturating_sub(inner.height as usize);
        let first = self.scroll.min(max_scroll);
        Paragraph::new(lines)
            .scroll((u16::try_from(first).unwrap_or(u16::MAX), 0))
            .render(inner, buf);
    }
}

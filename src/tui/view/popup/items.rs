//! The list editor: an activity's sessions or outputs, one item a line in its cell form, the
//! highlighted one under the cursor.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{frame, hints, list};
use crate::app::{App, ListEditor};
use crate::text::{terminal_safe, truncate};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::theme;
use crate::tui::view::cells;

pub struct ItemsPopup<'a> {
    pub app: &'a App,
    pub editor: ListEditor,
    pub keymap: &'a Keymap,
}

impl Widget for ItemsPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some(activity) = self.app.selected_activity() else {
            return;
        };
        let list_field = self.editor.list;
        let items = list_field.items(activity);
        let inner = frame(
            area,
            buf,
            76,
            cells(items.len().max(1)) + 3,
            &format!("{} of {}", list_field.label(), terminal_safe(&activity.id)),
        );
        let width = usize::from(inner.width.saturating_sub(5));
        let rows: Vec<Line> = if items.is_empty() {
            vec![Line::from(Span::styled(
                format!(" No {} yet.", list_field.noun()),
                theme::dim(),
            ))]
        } else {
            items
                .iter()
                .enumerate()
                .map(|(n, item)| {
                    Line::from(vec![
                        Span::styled(format!(" {:>2} ", n + 1), theme::dim()),
                        Span::raw(truncate(item, width)),
                    ])
                })
                .collect()
        };
        let [list_area, hint_row] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
        let highlighted = self.editor.index.min(items.len().saturating_sub(1));
        list(list_area, buf, rows, highlighted);
        hints(self.keymap, KeyMode::List).render(hint_row, buf);
    }
}

//! The status picker: the six statuses, each with its symbol and colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::{frame, list};
use crate::model::Status;
use crate::tui::theme;
use crate::tui::view::cells;

pub struct StatusPopup {
    pub index: usize,
}

impl Widget for StatusPopup {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let inner = frame(area, buf, 30, cells(Status::ALL.len()) + 2, "Status");
        let rows = Status::ALL
            .iter()
            .map(|s| {
                Line::from(vec![
                    Span::styled(format!(" {} ", s.symbol()), theme::status(*s)),
                    Span::styled(s.as_str(), theme::status(*s)),
                ])
            })
            .collect();
        list(inner, buf, rows, self.index);
    }
}

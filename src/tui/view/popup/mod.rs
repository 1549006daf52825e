//! Popups over the grid: which popup the mode calls for, and the frame, list and key hints they share.

mod confirm;
mod conflicts;
mod date;
mod form;
mod formats;
pub mod help;
mod items;
mod status;
mod text;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListState, StatefulWidget, Widget};
use ratatui_textarea::TextArea;

use crate::app::{App, Mode};
use crate::tui::keymap::{KeyMode, Keymap};
use crate::tui::theme;

/// Whichever popup the editor's mode shows, drawn over the whole screen area.
pub struct Popup<'a> {
    pub app: &'a App,
    pub keymap: &'a Keymap,
    pub textarea: Option<&'a TextArea<'static>>,
}

impl Widget for Popup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, keymap) = (self.app, self.keymap);
        if matches!(app.mode, Mode::Form) || app.form.is_some() {
            form::FormPopup { app, keymap }.render(area, buf);
        }
        if let Some(editor) = app.list {
            items::ItemsPopup {
                app,
                editor,
                keymap,
            }
            .render(area, buf);
        }
        match &app.mode {
            Mode::StatusPicker { index } => status::StatusPopup { index: *index }.render(area, buf),
            Mode::FormatPicker(picker) => formats::FormatsPopup {
                picker,
                keymap,
                error: app
                    .message
                    .as_ref()
                    .filter(|m| m.is_error && picker.filtering)
                    .map(|m| m.text.as_str()),
            }
            .render(area, buf),
            Mode::DateEntry(entry) => date::DatePopup { entry, keymap }.render(area, buf),
            Mode::Text(target) => text::TextPopup {
                target,
                state: &app.text_box,
                mode: KeyMode::of(&app.mode),
                keymap,
                textarea: self.textarea,
                preview: self
                    .textarea
                    .and_then(|t| app.item_preview(*target, &t.lines().join("\n"))),
            }
            .render(area, buf),
            Mode::Confirm(question) => confirm::ConfirmPopup {
                question,
                programme: &app.programme,
                keymap,
            }
            .render(area, buf),
            Mode::Conflicts { index } => conflicts::ConflictsPopup {
                app,
                keymap,
                index: *index,
            }
            .render(area, buf),
            Mode::Help { scroll } => help::HelpPopup {
                keymap,
                scroll: *scroll,
                problems: &app.setup_problems,
            }
            .render(area, buf),
            Mode::History { history, scroll } => {
                let width = area.width.saturating_sub(4).min(110);
                let height = area.height.saturating_sub(2);
                let inner = frame(area, buf, width, height, &history.title);
                let lines: Vec<Line> = history
                    .lines
                    .iter()
                    .skip(*scroll)
                    .map(|l| Line::raw(crate::text::terminal_safe(l).into_owned()))
                    .collect();
                ratatui::widgets::Paragraph::new(lines)
                    .wrap(ratatui::widgets::Wrap { trim: false })
                    .render(inner, buf);
            }
            _ => {}
        }
    }
}

/// A box of at most `width` x `height` centred in `area`, cleared, with a title; returns its inside.
fn frame(area: Rect, buf: &mut Buffer, width: u16, height: u16, title: &str) -> Rect {
    // Centred with the odd line or column above and to the left, as the snapshots pin down.
    let (width, height) = (width.min(area.width), height.min(area.height));
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    );
    Clear.render(rect, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(crate::tui::symbols::border())
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    block.render(rect, buf);
    inner
}

/// A list with the highlighted row kept in view.
fn list(area: Rect, buf: &mut Buffer, rows: Vec<Line<'_>>, highlighted: usize) {
    let mut state = ListState::default().with_selected(Some(highlighted));
    StatefulWidget::render(
        List::new(rows).highlight_style(theme::highlight()),
        area,
        buf,
        &mut state,
    );
}

/// The key hints of a mode, as one line, from the keymap's table.
fn hints(keymap: &Keymap, mode: KeyMode) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, what) in keymap.hints(mode) {
        spans.push(Span::styled(key, theme::key()));
        spans.push(Span::styled(format!(" {what}  "), theme::dim()));
    }
    Line::from(spans)
}

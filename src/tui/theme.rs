//! Colours and styles. Status is always shown by a symbol or word too, never by colour alone.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

pub fn status(status: Status) -> Style {
    let colour = match status {
        Status::Planned => Color::Blue,
        Status::Tbc => Color::Yellow,
        Status::Ongoing => Color::Cyan,
        Status::Done => Color::Green,
        Status::Postponed => Color::Magenta,
        Status::Cancelled => Color::Red,
    };
    Style::new().fg(colour)
}

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn formats() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn problem() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn selected() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn selected_cluster() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn cluster() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn bar() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn key() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn highlight() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// A marked activity's flag.
pub fn mark() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

/// A title the search found.
pub fn search_hit() -> Style {
    Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

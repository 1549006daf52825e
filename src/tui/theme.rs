//! Colours and styles, as data: a [`Theme`] is a table of styles by role, and three ship
//! (`default`, `high-contrast`, `mono`). Status is always shown by a symbol or word too, and a
//! selection by reversed video, never by colour alone, so `mono` and `NO_COLOR` lose nothing.
//!
//! The theme is chosen once at start (`--theme`, `WPMATRIX_THEME`, a `theme NAME` line in
//! `$XDG_CONFIG_HOME/wpmatrix/config`); a thread may override it for itself, so headless tests
//! of every theme run side by side.

use std::cell::Cell;
use std::sync::atomic::{AtomicU8, Ordering};

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

/// The themes that ship, by the names `--theme` takes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeName {
    /// Colours on the terminal's own background.
    #[default]
    Default,
    /// Bright colours and bold text, nothing dimmed: for low vision and washed-out screens.
    HighContrast,
    /// No colour at all: bold, underline and reversed video only.
    Mono,
}

impl ThemeName {
    pub const ALL: [ThemeName; 3] = [ThemeName::Default, ThemeName::HighContrast, ThemeName::Mono];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Default => "default",
            ThemeName::HighContrast => "high-contrast",
            ThemeName::Mono => "mono",
        }
    }

    /// The theme named `name` (as `--theme` spells it), if one ships.
    pub fn parse(name: &str) -> Option<ThemeName> {
        ThemeName::ALL.into_iter().find(|t| t.name() == name.trim())
    }

    pub fn theme(self) -> &'static Theme {
        match self {
            ThemeName::Default => &DEFAULT,
            ThemeName::HighContrast => &HIGH_CONTRAST,
            ThemeName::Mono => &MONO,
        }
    }
}

/// A style per role on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Planned, tbc, ongoing, done, postponed, cancelled.
    pub statuses: [Style; 6],
    pub title: Style,
    pub dim: Style,
    pub formats: Style,
    pub problem: Style,
    pub selected: Style,
    pub selected_cluster: Style,
    pub cluster: Style,
    pub bar: Style,
    pub error: Style,
    pub key: Style,
    pub highlight: Style,
    pub mark: Style,
    pub search_hit: Style,
    /// Open ends and dates past the year in the timeline.
    pub edge: Style,
    pub today: Style,
}

const fn fg(colour: Color) -> Style {
    Style::new().fg(colour)
}

const BOLD: Modifier = Modifier::BOLD;

pub const DEFAULT: Theme = Theme {
    statuses: [
        fg(Color::Blue),
        fg(Color::Yellow),
        fg(Color::Cyan),
        fg(Color::Green),
        fg(Color::Magenta),
        fg(Color::Red),
    ],
    title: Style::new().add_modifier(BOLD),
    dim: fg(Color::DarkGray),
    formats: fg(Color::Cyan),
    problem: fg(Color::Red).add_modifier(BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    selected_cluster: fg(Color::Yellow).add_modifier(BOLD.union(Modifier::UNDERLINED)),
    cluster: Style::new().add_modifier(BOLD),
    bar: Style::new().add_modifier(Modifier::REVERSED),
    error: fg(Color::Red).add_modifier(BOLD),
    key: fg(Color::Yellow).add_modifier(BOLD),
    highlight: Style::new().add_modifier(Modifier::REVERSED.union(BOLD)),
    mark: fg(Color::Yellow).add_modifier(BOLD),
    search_hit: fg(Color::Yellow).add_modifier(BOLD.union(Modifier::UNDERLINED)),
    edge: fg(Color::Yellow),
    today: fg(Color::Red).add_modifier(BOLD),
};

pub const HIGH_CONTRAST: Theme = Theme {
    statuses: [
        fg(Color::LightCyan).add_modifier(BOLD),
        fg(Color::LightYellow).add_modifier(BOLD),
        fg(Color::LightBlue).add_modifier(BOLD),
        fg(Color::LightGreen).add_modifier(BOLD),
        fg(Color::LightMagenta).add_modifier(BOLD),
        fg(Color::LightRed).add_modifier(BOLD),
    ],
    title: fg(Color::White).add_modifier(BOLD),
    // Nothing is dimmed: secondary text is plain white.
    dim: fg(Color::White),
    formats: fg(Color::LightCyan),
    problem: fg(Color::Black).bg(Color::LightRed).add_modifier(BOLD),
    // Reversed, so every colour inside a selection keeps its contrast against it.
    selected: Style::new().add_modifier(Modifier::REVERSED.union(BOLD)),
    selected_cluster: fg(Color::LightYellow).add_modifier(BOLD.union(Modifier::UNDERLINED)),
    cluster: fg(Color::White).add_modifier(BOLD),
    bar: fg(Color::Black).bg(Color::White).add_modifier(BOLD),
    error: fg(Color::Black).bg(Color::LightRed).add_modifier(BOLD),
    key: fg(Color::LightYellow).add_modifier(BOLD),
    highlight: Style::new().add_modifier(Modifier::REVERSED.union(BOLD)),
    mark: fg(Color::LightYellow).add_modifier(BOLD),
    search_hit: fg(Color::Black).bg(Color::LightCyan).add_modifier(BOLD),
    edge: fg(Color::LightYellow).add_modifier(BOLD),
    today: fg(Color::LightRed).add_modifier(BOLD),
};

pub const MONO: Theme = Theme {
    statuses: [Style::new(); 6],
    title: Style::new().add_modifier(BOLD),
    dim: Style::new(),
    formats: Style::new(),
    problem: Style::new().add_modifier(BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED),
    selected_cluster: Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
    cluster: Style::new().add_modifier(BOLD),
    bar: Style::new().add_modifier(Modifier::REVERSED),
    error: Style::new().add_modifier(BOLD),
    key: Style::new().add_modifier(BOLD),
    highlight: Style::new().add_modifier(Modifier::REVERSED.union(BOLD)),
    mark: Style::new().add_modifier(BOLD),
    search_hit: Style::new().add_modifier(BOLD.union(Modifier::UNDERLINED)),
    edge: Style::new().add_modifier(BOLD),
    today: Style::new().add_modifier(BOLD),
};

static CHOSEN: AtomicU8 = AtomicU8::new(0);

thread_local! {
    static HERE: Cell<Option<ThemeName>> = const { Cell::new(None) };
}

/// Chooses the theme for the whole process.
pub fn set_theme(name: ThemeName) {
    CHOSEN.store(name as u8, Ordering::Relaxed);
}

/// Chooses the theme for this thread alone (`None`: the process's).
pub fn set_theme_here(name: Option<ThemeName>) {
    HERE.with(|here| here.set(name));
}

/// The theme in use.
pub fn current() -> &'static Theme {
    let chosen = HERE.with(Cell::get).unwrap_or_else(|| {
        let index = usize::from(CHOSEN.load(Ordering::Relaxed));
        ThemeName::ALL.get(index).copied().unwrap_or_default()
    });
    chosen.theme()
}

/// A `theme NAME` line naming no theme there is.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown theme \"{name}\"; the themes are default, high-contrast and mono")]
pub struct UnknownTheme {
    /// The name as written, trimmed.
    pub name: String,
}

/// The theme named by a `theme NAME` line of a config file's text, if there is one.
pub fn theme_in_config(text: &str) -> Option<Result<ThemeName, UnknownTheme>> {
    let line = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("theme "))?;
    Some(ThemeName::parse(line).ok_or_else(|| UnknownTheme {
        name: line.trim().to_string(),
    }))
}

pub fn status(status: Status) -> Style {
    let index = match status {
        Status::Planned => 0,
        Status::Tbc => 1,
        Status::Ongoing => 2,
        Status::Done => 3,
        Status::Postponed => 4,
        Status::Cancelled => 5,
    };
    current().statuses[index]
}

pub fn title() -> Style {
    current().title
}

pub fn dim() -> Style {
    current().dim
}

pub fn formats() -> Style {
    current().formats
}

pub fn problem() -> Style {
    current().problem
}

pub fn selected() -> Style {
    current().selected
}

pub fn selected_cluster() -> Style {
    current().selected_cluster
}

pub fn cluster() -> Style {
    current().cluster
}

pub fn bar() -> Style {
    current().bar
}

pub fn error() -> Style {
    current().error
}

pub fn key() -> Style {
    current().key
}

pub fn highlight() -> Style {
    current().highlight
}

/// A marked activity's flag.
pub fn mark() -> Style {
    current().mark
}

/// A title the search found.
pub fn search_hit() -> Style {
    current().search_hit
}

/// Open ends and dates past the year in the timeline.
pub fn edge() -> Style {
    current().edge
}

pub fn today() -> Style {
    current().today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_has_no_colour_and_every_theme_marks_the_selection_without_it() {
        let colours = |s: Style| s.fg.is_some() || s.bg.is_some();
        let t = MONO;
        let all = [
            t.title, t.dim, t.formats, t.problem, t.selected, t.cluster, t.bar, t.error,
        ];
        assert!(t.statuses.iter().chain(all.iter()).all(|s| !colours(*s)));
        for theme in ThemeName::ALL {
            let selected = theme.theme().selected;
            assert!(
                selected
                    .add_modifier
                    .intersects(Modifier::REVERSED | Modifier::BOLD),
                "{theme:?}"
            );
        }
    }

    #[test]
    fn a_config_line_names_the_theme() {
        assert_eq!(
            theme_in_config("# mine\ntheme high-contrast\n"),
            Some(Ok(ThemeName::HighContrast))
        );
        assert_eq!(theme_in_config("nothing here"), None);
        let unknown = theme_in_config("theme  neon ").and_then(Result::err);
        assert_eq!(
            unknown.map(|e| e.to_string()).as_deref(),
            Some("unknown theme \"neon\"; the themes are default, high-contrast and mono")
        );
    }
}

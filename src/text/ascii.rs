//! ASCII mode: the characters the program draws (borders, status symbols, bars, arrows, the
//! ruler, ellipses) and the markers of escaped characters in plain ASCII, for a Linux console,
//! a non-UTF-8 locale or a braille display. The planners' own text passes through as it is.
//!
//! The mode is one switch for the whole process (set once at start), which a thread may
//! override for itself, so headless tests of both modes run side by side.

use std::borrow::Cow;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

static ASCII: AtomicBool = AtomicBool::new(false);

thread_local! {
    static HERE: Cell<Option<bool>> = const { Cell::new(None) };
}

/// Whether the program draws in ASCII only.
pub fn ascii() -> bool {
    HERE.with(Cell::get)
        .unwrap_or_else(|| ASCII.load(Ordering::Relaxed))
}

/// Turns ASCII mode on or off for the whole process.
pub fn set_ascii(on: bool) {
    ASCII.store(on, Ordering::Relaxed);
}

/// Turns ASCII mode on or off for this thread alone (`None`: as the process says).
pub fn set_ascii_here(on: Option<bool>) {
    HERE.with(|here| here.set(on));
}

/// The ASCII stand-in for a character the program draws, if it is one. Status symbols stay
/// distinct from one another: `o` planned, `?` tbc, `@` ongoing, `*` done, `>` postponed,
/// `x` cancelled.
#[expect(
    clippy::match_same_arms,
    reason = "symbols grouped by what they are, not by what they map to"
)]
pub fn ascii_symbol(c: char) -> Option<char> {
    let ascii = match c {
        '─' | '━' | '┄' | '┅' | '╌' | '╍' | '—' | '–' | '‐' => '-',
        '│' | '┃' | '┆' | '┇' | '┊' | '┋' | '║' | '▏' => '|',
        '┌' | '┐' | '└' | '┘' | '├' | '┤' | '┬' | '┴' | '┼' | '╭' | '╮' | '╯' | '╰' => {
            '+'
        }
        '═' => '=',
        '○' => 'o',
        '◐' => '@',
        '●' | '•' | '◆' | '★' => '*',
        '»' | '▶' | '▸' | '→' | '⏵' => '>',
        '◀' | '◂' | '←' => '<',
        '▼' | '↓' => 'v',
        '▲' | '↑' => '^',
        '×' => 'x',
        '█' | '■' => '#',
        '░' | '▒' => ':',
        '·' => '.',
        '…' => '~',
        '✓' | '±' => '+',
        '⏎' => '/',
        '␛' | '␇' | '␉' | '␍' | '␀' | '\u{2400}'..='\u{2421}' => '?',
        _ => return None,
    };
    Some(ascii)
}

/// A character the program draws (a border, a status symbol, a bar, an arrow, the ellipsis of
/// a cut), in ASCII mode its ASCII stand-in. Never for a planner's text: that passes as it is.
pub fn glyph(c: char) -> char {
    if ascii() {
        ascii_symbol(c).unwrap_or(c)
    } else {
        c
    }
}

/// Text the program composed (a rule, a legend, a status word with its symbol), in ASCII mode
/// with its drawing characters made ASCII. Never for text that holds a planner's words: their
/// "—" or "…" stay as written, so such text takes its symbols from [`glyph`] one by one.
pub fn drawn(text: &str) -> Cow<'_, str> {
    if !ascii() || text.is_ascii() || !text.chars().any(|c| ascii_symbol(c).is_some()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| ascii_symbol(c).unwrap_or(c)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawing_becomes_ascii_and_user_text_passes() {
        set_ascii_here(Some(true));
        assert_eq!(drawn("○ Séminaire… │ ██░░ ◆ →"), "o Séminaire~ | ##:: * >");
        assert_eq!(
            crate::text::printable("a\u{1b}[31m\u{202e}é"),
            "a\\u{001B}[31m\\u{202E}é"
        );
        assert_eq!(glyph('…'), '~');
        assert_eq!(crate::text::truncate("Grüße — …", 5), "Grüß~");
        set_ascii_here(Some(false));
        assert_eq!(drawn("○ a"), "○ a");
        assert_eq!(glyph('…'), '…');
        set_ascii_here(None);
    }
}

//! The symbol sets the editor draws with, chosen once by the mode: Unicode box drawing and
//! blocks, or their ASCII stand-ins in ASCII mode. The program draws ASCII itself, so the
//! planners' text passes as it is (their "—" or "…" stay); its control, bidi and zero-width
//! characters are escaped by `text::printable`. Screen-reader mode draws no decoration at all
//! (`tui::speech`).

use ratatui::symbols::{bar, border};

use crate::text::ascii::ascii;

/// Box borders in ASCII: `+` corners, `-` and `|` sides.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// Bars in ASCII: `#` for any part of a cell that is filled, so a short bar still shows.
const ASCII_BAR: bar::Set<'static> = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "#",
    five_eighths: "#",
    half: "#",
    three_eighths: "#",
    one_quarter: "#",
    one_eighth: "#",
    empty: " ",
};

/// The border every box is drawn with.
pub fn border() -> border::Set<'static> {
    if ascii() { ASCII_BORDER } else { border::PLAIN }
}

/// The bar set of the statistics view's charts.
pub fn bars() -> bar::Set<'static> {
    if ascii() { ASCII_BAR } else { bar::NINE_LEVELS }
}

//! ASCII mode on screen: after a frame is drawn, every character the program drew (borders,
//! status symbols, bars, arrows, the ruler, ellipses) is swapped for its ASCII stand-in, so no
//! widget, ratatui's own borders included, can slip a box-drawing character through. The
//! planners' text passes as it is; its control, bidi and zero-width characters were already
//! escaped in ASCII by `text::printable`. Screen-reader mode goes further: no decoration at all.

use ratatui::buffer::Buffer;

use crate::text::ascii::{ascii, ascii_symbol};

/// Makes a drawn frame ASCII when ASCII mode is on.
pub fn finish(buf: &mut Buffer) {
    if !ascii() {
        return;
    }
    for cell in &mut buf.content {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(plain) = ascii_symbol(c)
        {
            cell.set_char(plain);
        }
    }
}

/// Screen-reader mode: boxes, bars and symbols (box drawing, block elements, geometric shapes)
/// become blanks, so a popup reads as the lines of its list and nothing is spoken twice.
pub fn undecorate(buf: &mut Buffer) {
    for cell in &mut buf.content {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && ('\u{2500}'..='\u{25ff}').contains(&c)
        {
            cell.set_char(' ');
        }
    }
}

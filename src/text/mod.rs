//! Text for terminals and people: widths in columns, wrapping, cutting, padding, making text
//! printable, ASCII mode, and English plurals. A leaf: it imports nothing of ours, and anything
//! may use it.

pub mod ascii;
mod plural;
mod wrap;

pub use ascii::{ascii, drawn, glyph};
pub use plural::{plural, plural_of};
pub use wrap::{
    columns, cut_at, escaped, is_hidden, pad, printable, printable_path, terminal_safe, truncate,
    wrap, wrap_first,
};

//! Everything that reads or writes programmes outside the process: canonical RON files
//! (with positions for every problem), exchange formats, atomic saving. No terminal here.

pub mod diagnostic;
pub mod ron_file;
mod ron_syntax;

pub use diagnostic::{Diagnostic, Pos, Span, render};
pub use ron_file::{
    LoadError, Parsed, Rejection, SourceMap, file_diagnostics, has_errors, load, parse,
    parse_bytes, save, to_canonical, write_atomically, year_of_file_name,
};
pub mod csv_grid;
pub mod csv_import;
pub mod csv_rows;
pub mod git;
pub mod json;
pub mod markdown;
pub mod recovery;
pub mod xlsx;

//! Programme files and where they live: canonical RON files (with positions for every problem),
//! reading and writing the user's files (regular files only; atomic saving) and git blobs. No terminal here.

pub mod diagnostic;
pub mod file;
pub mod git;
pub mod history;
pub mod ron;

pub use diagnostic::{Diagnostic, Pos, Span, render};
pub use file::{read as read_file, write as write_file};
pub use ron::{
    LoadError, Parsed, Rejection, SourceMap, file_diagnostics, has_errors, is_canonical, load,
    parse, parse_bytes, parse_owned, preview, save, to_canonical, year_of_file_name,
};

//! Spreadsheet and document exchange: the rows and grid CSV layouts both ways, XLSX, Markdown and
//! JSON. Reads and writes bytes; applying a sheet to a programme is domain logic kept apart.

pub mod csv_grid;
pub mod csv_import;
pub mod csv_rows;
pub mod json;
pub mod markdown;
pub mod xlsx;

#[cfg(test)]
mod csv_apply_tests;

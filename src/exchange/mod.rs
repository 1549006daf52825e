//! Spreadsheet and document exchange: the rows and grid CSV layouts both ways, XLSX, Markdown,
//! JSON, a printable HTML page, and the year's report (`progress`) for documents and tools. Reads and writes bytes; applying a sheet to a programme is
//! domain logic kept apart.

pub mod csv_grid;
pub mod csv_import;
pub mod csv_rows;
pub mod html;
pub mod ics;
pub mod json;
pub mod markdown;
pub mod progress;
pub mod sheet_dates;
pub mod xlsx;
pub mod xlsx_check;
pub mod xlsx_read;

#[cfg(test)]
mod csv_apply_tests;

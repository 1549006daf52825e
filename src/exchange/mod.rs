//! Spreadsheet and document exchange: the rows and grid CSV layouts both ways, XLSX, Markdown,
//! JSON and a printable HTML page. Reads and writes bytes; applying a sheet to a programme is
//! domain logic kept apart.

pub mod csv_grid;
pub mod csv_import;
pub mod csv_rows;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sheet_dates;
pub mod xlsx;
pub mod xlsx_check;
pub mod xlsx_read;

#[cfg(test)]
mod csv_apply_tests;

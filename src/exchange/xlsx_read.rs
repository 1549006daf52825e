//! Reading an `.xlsx` workbook back as the rows layout: the sheet found by its header (our
//! export's "Activities" sheet or any other), its cells as the texts the CSV would hold, and
//! each cell's address (`Activities!J12`) for messages.

use std::io::Cursor;
use std::ops::Range;

use calamine::{Data, Reader, Xlsx};

use super::csv_import::{Records, RowProblem};
use super::csv_rows::{Column, Place};
use super::sheet_dates::{DateCell, iso_day};
use super::xlsx_check::{Damaged, check_workbook};
use crate::model::Field;

/// The sheet our own export writes the rows layout to, looked at first.
pub const ACTIVITIES_SHEET: &str = "Activities";

/// The rows-layout sheet of a workbook, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetTable {
    /// The sheet's name, as cell addresses start.
    pub sheet: String,
    /// The header cells, in the sheet's column order, from the first column any row uses up to
    /// the last name.
    pub header: Vec<String>,
    /// The spreadsheet row the header is on (1 is the first).
    pub header_row: u32,
    /// The rows under the header that have any text, in sheet order.
    pub rows: Vec<SheetRow>,
    /// The spreadsheet column of the header's first cell (0 is column A).
    first_column: u32,
    /// The rows' cells with text, one after the other: each its column (0 is the header's
    /// first) and its text as a span of `text`. A workbook's cells are many and small: kept in
    /// two buffers, not a `String` each, they leave no scattered room behind once the rows are
    /// read (at 100k filled rows, 75 MB beside the programme an `--into` import reads next).
    cells: Vec<(usize, Range<usize>)>,
    text: String,
}

/// One row of the sheet: its cells under the header's columns, as text.
///
/// Only the cells with text are kept: a header with a name at column XFD makes every row 16,384
/// cells wide, and a million such rows must not be kept as 16 billion cells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    /// The spreadsheet row number (1 is the first), as Excel shows it.
    pub number: u32,
    /// How many columns the header has.
    width: usize,
    /// The cells with text under the header, in order of column, as a span of the table's
    /// cells; then the first text right of the header, if there is one (the row is refused for
    /// it).
    texts: Range<usize>,
}

impl SheetTable {
    /// A row's cells with text: (column, text).
    fn texts(&self, row: &SheetRow) -> impl Iterator<Item = (usize, &str)> {
        let cells = self.cells.get(row.texts.clone()).unwrap_or_default();
        cells
            .iter()
            .map(|(index, span)| (*index, self.text.get(span.clone()).unwrap_or("")))
    }

    /// One text per header column of a row (empty where the row has none), then, where the
    /// row has text right of the header, the cells up to the first of those.
    pub fn row_cells(&self, row: &SheetRow) -> Vec<&str> {
        let mut cells = vec![""; row.width];
        for (index, text) in self.texts(row) {
            if index >= cells.len() {
                cells.resize(index, "");
                cells.push(text);
            } else {
                cells[index] = text;
            }
        }
        cells
    }

    /// The text of a row's cell under header column `index`.
    pub fn row_cell(&self, row: &SheetRow, index: usize) -> &str {
        self.texts(row)
            .find(|(i, _)| *i == index)
            .map_or("", |(_, text)| text)
    }

    /// The index of the column the header names, matched as the CSV header is.
    pub fn column(&self, column: Column) -> Option<usize> {
        self.header
            .iter()
            .position(|name| Column::from_header(name) == Some(column))
    }

    /// The non-empty start and end cells, with their addresses: what decides the file's
    /// day/month order before any of them is read.
    pub fn date_cells(&self) -> Vec<DateCell> {
        let columns: Vec<usize> = [Column::Field(Field::Start), Column::Field(Field::End)]
            .into_iter()
            .filter_map(|c| self.column(c))
            .collect();
        let mut cells = Vec::new();
        for row in &self.rows {
            for &c in &columns {
                let text = self.row_cell(row, c);
                if !text.trim().is_empty() {
                    cells.push(DateCell::new(self.address(row, c), text));
                }
            }
        }
        cells
    }

    /// The address of a cell of a row, as a message names it: `Activities!J12`.
    pub fn address(&self, row: &SheetRow, index: usize) -> String {
        self.cell_address(row.number, index)
    }

    /// The address of the cell in spreadsheet row `number` under header column `index`.
    pub fn cell_address(&self, number: u32, index: usize) -> String {
        self.addresses().cell_address(number, index)
    }

    /// What names the table's cells, without the cells.
    pub fn addresses(&self) -> CellAddresses {
        CellAddresses {
            sheet: self.sheet.clone(),
            first_column: self.first_column,
        }
    }
}

/// Names the cells of a [`SheetTable`] as messages do; kept where the table's cells are not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellAddresses {
    sheet: String,
    first_column: u32,
}

impl CellAddresses {
    /// The address of the cell in spreadsheet row `number` under header column `index`.
    pub fn cell_address(&self, number: u32, index: usize) -> String {
        let column = self.first_column as usize + index;
        format!("{}!{}{}", self.sheet, column_letters(column), number)
    }
}

/// The rows, for the reader CSV import shares, each at its spreadsheet row.
impl Records for SheetTable {
    fn each(&self, record: &mut dyn FnMut(u64, &[&str])) -> Option<RowProblem> {
        for row in &self.rows {
            record(u64::from(row.number), &self.row_cells(row));
        }
        None
    }

    fn separator(&self) -> Option<char> {
        None
    }
}

/// Why a workbook gives no rows layout.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum XlsxReadError {
    /// The bytes are not a workbook at all.
    #[error(
        "not an Excel workbook (.xlsx): {0}; save it from the spreadsheet as .xlsx, or as CSV and \
         import that"
    )]
    NotXlsx(String),
    /// The sheet XML holds what no sheet can (see [`check_workbook`]).
    #[error("{}: {}", .0.at, .0.message)]
    Damaged(Damaged),
    /// No sheet starts with the rows-layout header.
    #[error(
        "no sheet has the rows-layout header (a first row naming at least the cluster and title \
         columns, as the Activities sheet of `wpmatrix export --to xlsx` has); the sheets are: {}",
        .0.join(", ")
    )]
    NoHeader(Vec<String>),
}

/// The rows-layout sheet of an `.xlsx`: the "Activities" sheet if it has the header, else the
/// first sheet (in workbook order) whose first non-empty row does.
pub fn read_xlsx(bytes: &[u8]) -> Result<SheetTable, XlsxReadError> {
    if !bytes.starts_with(b"PK") {
        return Err(XlsxReadError::NotXlsx(
            "the file is not a zip archive, as every .xlsx is".to_string(),
        ));
    }
    check_workbook(bytes).map_err(XlsxReadError::Damaged)?;
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| XlsxReadError::NotXlsx(e.to_string()))?;
    let names = workbook.sheet_names();
    let mut order: Vec<&String> = names.iter().filter(|n| *n == ACTIVITIES_SHEET).collect();
    order.extend(names.iter().filter(|n| *n != ACTIVITIES_SHEET));
    for name in order {
        // A sheet that cannot be read (a chart sheet, say) is not the one with the rows.
        let Ok(cells) = sheet_cells(&mut workbook, name) else {
            continue;
        };
        if let Some(table) = table(name, cells) {
            return Ok(table);
        }
    }
    Err(XlsxReadError::NoHeader(names))
}

/// A cell read: its row, its column (0-based) and its text as a span of [`Cells::text`].
type CellAt = (u32, u32, Range<usize>);

/// The text of the cells that hold anything, by row and then column (0-based), in two buffers
/// rather than a `String` each (see [`SheetTable`]).
#[derive(Debug, Default)]
struct Cells {
    /// In the order read until [`Cells::sorted`].
    cells: Vec<CellAt>,
    text: String,
}

impl Cells {
    fn insert(&mut self, row: u32, column: u32, text: &str) {
        let start = self.text.len();
        self.text.push_str(text);
        self.cells.push((row, column, start..self.text.len()));
    }

    /// The cells by row and then column; of a cell given twice, the last text.
    fn sorted(mut self) -> Self {
        self.cells.sort_by_key(|(row, column, _)| (*row, *column));
        let mut kept: Vec<CellAt> = Vec::with_capacity(self.cells.len());
        for cell in self.cells {
            match kept.last_mut() {
                Some(last) if (last.0, last.1) == (cell.0, cell.1) => *last = cell,
                Some(_) | None => kept.push(cell),
            }
        }
        Cells {
            cells: kept,
            text: self.text,
        }
    }

    fn text(&self, span: &Range<usize>) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    /// Each row's cells, in order: (row, its cells).
    fn rows(&self) -> impl Iterator<Item = (u32, &[CellAt])> {
        self.cells
            .chunk_by(|a, b| a.0 == b.0)
            .map(|cells| (cells[0].0, cells))
    }
}

/// The cells of a sheet that hold anything, as text, by row and then column (0-based). Read
/// cell by cell, never as a grid: the grid from A1 to a cell at XFD1048576 is 17 billion cells.
fn sheet_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
) -> Result<Cells, calamine::XlsxError> {
    let mut reader = workbook.worksheet_cells_reader(name)?;
    let mut rows = Cells::default();
    while let Some(cell) = reader.next_cell()? {
        let (row, column) = cell.get_position();
        let data = Data::from(cell.get_value().clone());
        if data != Data::Empty {
            rows.insert(row, column, &cell_text(&data));
        }
    }
    Ok(rows.sorted())
}

/// The sheet as a table, if its first row with text is the rows-layout header.
fn table(name: &str, cells: Cells) -> Option<SheetTable> {
    let start_column = cells
        .rows()
        .filter_map(|(_, r)| r.first().map(|c| c.1))
        .min()?;
    let has_text = |row: &[CellAt]| {
        row.iter()
            .any(|(_, _, span)| !cells.text(span).trim().is_empty())
    };
    let mut rows = cells.rows().filter(|(_, row)| has_text(row));
    let (header_row, header_cells) = rows.next()?;
    // The header keeps the empty cells left of its first name where other rows use that
    // column: text there is reported as standing in a column without a name, never dropped.
    let last = header_cells
        .iter()
        .rev()
        .find(|(_, _, span)| !cells.text(span).trim().is_empty())
        .map(|(_, c, _)| *c)?;
    let width = (last - start_column) as usize + 1;
    let mut header = vec![String::new(); width];
    for (_, column, span) in header_cells {
        if let Some(cell) = header.get_mut((column - start_column) as usize) {
            *cell = cells.text(span).to_string();
        }
    }
    let named = |column: Column| {
        header
            .iter()
            .any(|h| Column::from_header(h) == Some(column))
    };
    if !(named(Column::Place(Place::Cluster)) && named(Column::Field(Field::Title))) {
        return None;
    }
    let mut kept = Vec::new();
    let rows = rows
        .map(|(row, row_cells)| {
            let first = kept.len();
            for (_, column, span) in row_cells {
                let index = (column - start_column) as usize;
                let beyond = index >= width;
                if beyond && cells.text(span).trim().is_empty() {
                    continue;
                }
                kept.push((index, span.clone()));
                if beyond {
                    break;
                }
            }
            SheetRow {
                number: row + 1,
                width,
                texts: first..kept.len(),
            }
        })
        .collect();
    Some(SheetTable {
        sheet: name.to_string(),
        header,
        header_row: header_row + 1,
        rows,
        first_column: start_column,
        cells: kept,
        text: cells.text,
    })
}

/// A cell as the CSV would hold it: dates as ISO days, whole numbers without `.0`.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() && dt.as_f64() >= 1.0 => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            iso_day(year, month, day).unwrap_or_else(|| number_text(dt.as_f64()))
        }
        // A time of day or a duration is no date; its number lets the date reader say so.
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::Error(e) => e.to_string(),
    }
}

/// A number as a planner wrote it: `2022`, not `2022.0`.
fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        #[expect(
            clippy::cast_possible_truncation,
            reason = "whole and below 1e15 in size: exact in an i64"
        )]
        let whole = value as i64;
        format!("{whole}")
    } else {
        value.to_string()
    }
}

/// A column's letters as Excel names it: 0 is `A`, 25 `Z`, 26 `AA`.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ"[rem]);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| b as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn rows_under_a_header_as_wide_as_the_sheet_keep_only_their_cells() {
        // `cluster` in A1 and `title` in XFD1: every row is 16,384 cells wide.
        let mut rows = Cells::default();
        rows.insert(0, 0, "cluster");
        rows.insert(0, 16_383, "title");
        for row in 1..1000 {
            rows.insert(row, 0, "Skills");
            rows.insert(row, 16_383, &format!("T{row}"));
        }
        let table = table("Sheet1", rows.sorted()).unwrap();
        assert_eq!(table.header.len(), 16_384);
        assert_eq!(table.rows.len(), 999);
        assert!(table.rows.iter().all(|r| r.texts.len() == 2));
        let cells = table.row_cells(&table.rows[0]);
        assert_eq!(
            (cells.len(), cells[0], cells[16_383]),
            (16_384, "Skills", "T1")
        );
        assert_eq!(table.row_cell(&table.rows[998], 16_383), "T999");
    }

    #[test]
    fn text_right_of_the_header_is_kept_once_at_its_column() {
        let mut rows = Cells::default();
        // Read out of order, and one cell twice: the last text counts.
        rows.insert(1, 16_384, "farther");
        rows.insert(0, 0, "cluster");
        rows.insert(0, 1, "title");
        rows.insert(1, 0, "Skills");
        rows.insert(1, 1, "Seminar");
        rows.insert(1, 1, "Webinar");
        rows.insert(1, 5, " ");
        rows.insert(1, 16_383, "far");
        let table = table("Sheet1", rows.sorted()).unwrap();
        let cells = table.row_cells(&table.rows[0]);
        assert_eq!(cells[1], "Webinar");
        assert_eq!(cells.len(), 16_384);
        assert_eq!(cells[16_383], "far");
        assert_eq!(table.cell_address(2, 16_383), "Sheet1!XFD2");
    }

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(9), "J");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn cells_read_as_the_csv_would_write_them() {
        assert_eq!(cell_text(&Data::Float(2022.0)), "2022");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Int(3)), "3");
        assert_eq!(cell_text(&Data::Empty), "");
        assert_eq!(cell_text(&Data::Bool(true)), "TRUE");
        let date = ExcelDateTime::new(44635.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(date)), "2022-03-15");
        let in_1904 = ExcelDateTime::new(43173.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(cell_text(&Data::DateTime(in_1904)), "2022-03-15");
        let noon = ExcelDateTime::new(0.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(cell_text(&Data::DateTime(noon)), "0.5");
    }

    #[test]
    fn bytes_that_are_no_workbook_are_refused_with_a_reason() {
        let err = read_xlsx(b"year,cluster,title\r\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not an Excel workbook (.xlsx): the file is not a zip archive, as every .xlsx is; \
             save it from the spreadsheet as .xlsx, or as CSV and import that"
        );
        let err = read_xlsx(b"PK\x03\x04broken").unwrap_err();
        assert!(
            matches!(err, XlsxReadError::NotXlsx(_)),
            "{err:?} should say the zip is broken"
        );
    }
}

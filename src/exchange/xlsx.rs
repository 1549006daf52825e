//! The programme as an Excel workbook: a "Grid" sheet laid out like the printed matrix and an
//! "Activities" sheet in the rows layout, with filters, frozen header and real dates. Both print
//! on A4 landscape, one page wide, their header rows repeated on every page.

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::csv_grid::cell_text;
use super::csv_rows::{Column, Place, columns, rows};
use crate::model::{FieldKind, FieldValue, PlanDate, Programme, Status};

/// Width of an activity column of the grid, in characters.
const GRID_CELL_WIDTH: f64 = 36.0;
/// Width of the cluster-name column of the grid, in characters.
const GRID_NAME_WIDTH: f64 = 26.0;
/// Height of one line of text, in points (Calibri 11).
const LINE_HEIGHT: f64 = 15.0;
/// The tallest row Excel allows, in points; a taller height makes it report the file as damaged.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// The first row of the matrix on the Grid sheet: under the title and the legend.
const GRID_FIRST_ROW: u32 = 3;

/// The fill that tells a status apart on the Grid sheet; light, so text stays readable.
pub fn status_fill(status: Status) -> u32 {
    match status {
        Status::Planned => 0x00DD_EBF7,
        Status::Tbc => 0x00FF_F2CC,
        Status::Ongoing => 0x00FC_E4D6,
        Status::Done => 0x00E2_EFDA,
        Status::Postponed => 0x00ED_EDED,
        Status::Cancelled => 0x00F4_B6B6,
    }
}

/// The most characters (UTF-16 code units, as Excel counts) a cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Why a workbook could not be written.
#[derive(Debug, thiserror::Error)]
pub enum XlsxExportError {
    /// Texts longer than a cell holds. Refused rather than cut: the Activities sheet is read back
    /// by `import`, and a cut text imported `--into` the programme would lose the rest silently.
    #[error("{}", too_long_message(.0))]
    TooLong(Vec<TooLong>),
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
}

/// A text that does not fit in an Excel cell, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLong {
    /// `the programme`, `cluster "x"`, `activity "x" (cluster "y", position 2)`.
    pub owner: String,
    /// The field, as the rows layout names it.
    pub field: String,
    /// Its length in Excel's characters.
    pub length: usize,
}

fn too_long_message(found: &[TooLong]) -> String {
    let mut text = format!(
        "Excel holds at most {} characters in a cell; {} longer:",
        group_thousands(MAX_CELL_CHARS),
        if found.len() == 1 {
            "this text is"
        } else {
            "these texts are"
        }
    );
    for t in found {
        text.push_str(&format!(
            "\n  {}, {}: {} characters",
            t.owner,
            t.field,
            group_thousands(t.length)
        ));
    }
    text.push_str("\nShorten it, or export CSV (--to csv), which has no such limit.");
    text
}

/// `32767` as `32,767`.
fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn excel_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// Every text of the programme that a cell could not hold, in file order.
pub fn too_long(programme: &Programme) -> Vec<TooLong> {
    let mut found = Vec::new();
    // Answers whether the text was too long.
    let mut check = |owner: &dyn Fn() -> String, field: &str, text: &str| {
        let length = excel_len(text);
        let long = length > MAX_CELL_CHARS;
        if long {
            found.push(TooLong {
                owner: owner(),
                field: field.to_string(),
                length,
            });
        }
        long
    };
    check(&|| "the programme".to_string(), "title", &programme.title);
    for cluster in &programme.clusters {
        check(
            &|| format!("cluster {:?}", cluster.id),
            "name",
            &cluster.name,
        );
    }
    let mut rows = rows(programme);
    let header = rows.next().unwrap_or_default();
    for ((cell, activity), cells) in programme.activities().zip(rows) {
        let owner = || {
            format!(
                "activity {:?} (cluster {:?}, position {})",
                activity.id,
                programme.clusters[cell.cluster].id,
                cell.activity + 1
            )
        };
        let mut long_field = false;
        for (field, value) in header.iter().zip(&cells) {
            if field != "cluster" {
                long_field |= check(&owner, field, value);
            }
        }
        // The Grid sheet's cell holds title, description, formats, status and dates: each may
        // fit while together they do not. (A field too long is news enough on its own.)
        if !long_field {
            check(&owner, GRID_CELL, &cell_text(activity));
        }
    }
    found
}

/// How a message names the Grid sheet's cell of an activity.
const GRID_CELL: &str = "Grid cell (title, description, formats, status and dates)";

/// The workbook as the bytes of an `.xlsx` file; refused, naming each, when a text is longer
/// than a cell holds.
pub fn to_xlsx(programme: &Programme) -> Result<Vec<u8>, XlsxExportError> {
    let found = too_long(programme);
    if !found.is_empty() {
        return Err(XlsxExportError::TooLong(found));
    }
    let mut workbook = Workbook::new();
    // Low-memory sheets move each finished row to a temporary file instead of holding every
    // cell until the end (a 100k programme's workbook took 765 MB); the strings stay shared, so
    // the bytes are those of an ordinary sheet.
    grid_sheet(workbook.add_worksheet_with_low_memory()?, programme)?;
    activities_sheet(workbook.add_worksheet_with_low_memory()?, programme)?;
    Ok(workbook.save_to_buffer()?)
}

/// A4 landscape, one page wide (as many pages tall as it takes), `rows` repeated at the top of
/// every page, the sheet's name and page numbers in the footer.
fn print_setup(sheet: &mut Worksheet, rows: (u32, u32)) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    sheet
        .set_landscape()
        .set_paper_size(A4)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_footer("&L&A&RPage &P of &N");
    sheet.set_repeat_rows(rows.0, rows.1)?;
    Ok(())
}

fn grid_sheet(sheet: &mut Worksheet, programme: &Programme) -> Result<(), XlsxError> {
    sheet.set_name("Grid")?;
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let cluster_name = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let fill = |status: Status| {
        Format::new()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(status_fill(status)))
    };

    sheet.write_string_with_format(0, 0, &programme.title, &title)?;
    sheet.write_string_with_format(1, 0, "Status", &bold)?;
    for (i, status) in Status::ALL.into_iter().enumerate() {
        sheet.write_string_with_format(1, column(1 + i)?, status.as_str(), &fill(status))?;
    }

    let widest = programme.widest_cluster();
    sheet.set_column_width(0, GRID_NAME_WIDTH)?;
    for col in 1..=widest.max(Status::ALL.len()) {
        sheet.set_column_width(column(col)?, GRID_CELL_WIDTH)?;
    }
    for (c, cluster) in programme.clusters.iter().enumerate() {
        let row = GRID_FIRST_ROW + sheet_row(c)?;
        sheet.write_string_with_format(row, 0, &cluster.name, &cluster_name)?;
        let mut lines = wrapped_lines(&cluster.name, GRID_NAME_WIDTH);
        for (a, activity) in cluster.activities.iter().enumerate() {
            // Every cell fits: `to_xlsx` refuses a programme with a longer one.
            let text = cell_text(activity);
            lines = lines.max(wrapped_lines(&text, GRID_CELL_WIDTH));
            sheet.write_string_with_format(row, column(1 + a)?, &text, &fill(activity.status))?;
        }
        // Excel does not grow a row to fit wrapped text it did not lay out itself.
        sheet.set_row_height(row, row_height(lines))?;
    }
    sheet.set_freeze_panes(GRID_FIRST_ROW, 1)?;
    // The title and the legend head every printed page.
    print_setup(sheet, (0, 1))
}

/// The height of a row that shows `lines` lines, within what Excel allows (a very long
/// description is cut off there; the cell still holds all of it).
fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}

/// How many lines a text takes in a column of `width` characters, roughly.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "column widths are small positive constants"
)]
fn wrapped_lines(text: &str, width: f64) -> usize {
    let width = width as usize;
    text.split('\n')
        .map(|line| line.chars().count().div_ceil(width).max(1))
        .sum::<usize>()
        .max(1)
}

fn activities_sheet(sheet: &mut Worksheet, programme: &Programme) -> Result<(), XlsxError> {
    sheet.set_name("Activities")?;
    let header = Format::new().set_bold().set_border(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let text = Format::new().set_align(FormatAlign::Top);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let columns = columns(programme);
    for (col, layout_column) in columns.iter().enumerate() {
        sheet.set_column_width(column(col)?, layout_column.width())?;
    }
    let mut rows = rows(programme);
    let names = rows.next().unwrap_or_default();
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, column(col)?, name, &header)?;
    }
    // The text of each cell is the rows-layout CSV's; only numbers and dates change type.
    let mut last_row = 0;
    let body = programme.activities().zip(rows);
    for (r, ((_, activity), cells)) in body.enumerate() {
        let row = 1 + sheet_row(r)?;
        last_row = row;
        for (col, value) in cells.iter().enumerate() {
            let col16 = column(col)?;
            let Some(&layout_column) = columns.get(col) else {
                continue;
            };
            let kind = match layout_column {
                Column::Field(field) => Some((field, field.kind())),
                Column::Place(_) | Column::Own(_) => None,
            };
            match (layout_column, kind) {
                (Column::Place(Place::Year | Place::Position), _) => match value.parse::<f64>() {
                    Ok(n) => sheet.write_number_with_format(row, col16, n, &text)?,
                    Err(_) => sheet.write_string_with_format(row, col16, value, &text)?,
                },
                (_, Some((field, FieldKind::Date))) => {
                    let plan = match activity.get(field) {
                        Some(FieldValue::Date(plan)) => plan,
                        _ => None,
                    };
                    match plan.and_then(excel_day) {
                        Some(day) => sheet.write_date_with_format(row, col16, &day, &date)?,
                        None => sheet.write_string_with_format(row, col16, value, &text)?,
                    }
                }
                (_, Some((_, FieldKind::Text | FieldKind::MultiLineText))) => {
                    sheet.write_string_with_format(row, col16, value, &wrapped)?
                }
                _ => sheet.write_string_with_format(row, col16, value, &text)?,
            };
        }
    }
    sheet.autofilter(0, 0, last_row, column(columns.len().saturating_sub(1))?)?;
    sheet.set_freeze_panes(1, 0)?;
    print_setup(sheet, (0, 0))
}

/// A column number as a worksheet counts them; past Excel's last column is an error.
fn column(n: usize) -> Result<u16, XlsxError> {
    u16::try_from(n).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A row number as a worksheet counts them; past Excel's last row is an error.
fn sheet_row(n: usize) -> Result<u32, XlsxError> {
    u32::try_from(n).map_err(|_| XlsxError::RowColumnLimitError)
}

/// A day-exact date as Excel's own date; months and quarters stay text (`2022-Q2`).
fn excel_day(date: PlanDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    match date {
        PlanDate::Day(d) => ExcelDateTime::from_ymd(
            u16::try_from(d.year()).ok()?,
            u8::try_from(d.month()).ok()?,
            u8::try_from(d.day()).ok()?,
        )
        .ok(),
        PlanDate::Month { .. } | PlanDate::Quarter { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_fill() {
        let fills: std::collections::HashSet<u32> =
            Status::ALL.into_iter().map(status_fill).collect();
        assert_eq!(fills.len(), Status::ALL.len());
    }

    #[test]
    fn wrapped_lines_counts_breaks_and_long_lines() {
        assert_eq!(wrapped_lines("", 10.0), 1);
        assert_eq!(wrapped_lines("a\nb", 10.0), 2);
        assert_eq!(wrapped_lines(&"x".repeat(25), 10.0), 3);
    }

    #[test]
    fn row_heights_stop_at_excels_limit() {
        assert_eq!(row_height(1), LINE_HEIGHT);
        assert_eq!(row_height(27), 405.0);
        assert_eq!(row_height(28), 409.0);
        assert_eq!(row_height(170), 409.0);
    }

    #[test]
    fn an_over_long_field_is_named_and_nothing_is_written() {
        use crate::model::{Activity, Cluster};
        let mut p = Programme::new(2022, "T");
        let mut c = Cluster::new("skills", "Skills");
        c.activities.push(Activity::new("fine", "Fine"));
        let mut long = Activity::new("long-one", "Long");
        long.notes = "é".repeat(MAX_CELL_CHARS + 1);
        c.activities.push(long);
        p.clusters.push(c);
        let err = to_xlsx(&p).unwrap_err().to_string();
        assert_eq!(
            err,
            "Excel holds at most 32,767 characters in a cell; this text is longer:\n  \
             activity \"long-one\" (cluster \"skills\", position 2), notes: 32,768 characters\n\
             Shorten it, or export CSV (--to csv), which has no such limit."
        );
        // Exactly at the limit is fine, in the notes (not in the Grid cell).
        p.clusters[0].activities[1].notes.pop();
        assert!(to_xlsx(&p).is_ok());
    }

    #[test]
    fn a_grid_cell_longer_than_excel_holds_is_refused_not_cut() {
        use crate::model::{Activity, Cluster};
        let mut p = Programme::new(2022, "T");
        let mut c = Cluster::new("skills", "Skills");
        let mut long = Activity::new("long-one", "Long");
        // Each field fits; title, description and formats together do not.
        long.description = "d".repeat(MAX_CELL_CHARS - 2);
        c.activities.push(long);
        p.clusters.push(c);
        let err = to_xlsx(&p).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "Excel holds at most 32,767 characters in a cell; this text is longer:\n  \
                 activity \"long-one\" (cluster \"skills\", position 1), {GRID_CELL}: \
                 {} characters\n\
                 Shorten it, or export CSV (--to csv), which has no such limit.",
                group_thousands(excel_len(&cell_text(&p.clusters[0].activities[0])))
            )
        );
    }

    #[test]
    fn only_days_become_excel_dates() {
        assert!(excel_day("2022-03-15".parse().unwrap()).is_some());
        assert!(excel_day("2022-03".parse().unwrap()).is_none());
        assert!(excel_day("2022-Q2".parse().unwrap()).is_none());
    }
}

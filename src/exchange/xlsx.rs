//! The programme as an Excel workbook: a "Grid" sheet laid out like the printed matrix and an
//! "Activities" sheet in the rows layout, with filters, frozen header and real dates.

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use super::csv_grid::cell_text;
use super::csv_rows::{COLUMNS, Column, HEADER, Place, rows};
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
        Status::Planned => 0xDDEBF7,
        Status::Tbc => 0xFFF2CC,
        Status::Ongoing => 0xFCE4D6,
        Status::Done => 0xE2EFDA,
        Status::Postponed => 0xEDEDED,
        Status::Cancelled => 0xF4B6B6,
    }
}

/// The workbook as the bytes of an `.xlsx` file.
pub fn to_xlsx(programme: &Programme) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    grid_sheet(workbook.add_worksheet(), programme)?;
    activities_sheet(workbook.add_worksheet(), programme)?;
    workbook.save_to_buffer()
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
        sheet.write_string_with_format(1, 1 + i as u16, status.as_str(), &fill(status))?;
    }

    let widest = programme
        .clusters
        .iter()
        .map(|c| c.activities.len())
        .max()
        .unwrap_or(0);
    sheet.set_column_width(0, GRID_NAME_WIDTH)?;
    for col in 1..=widest.max(Status::ALL.len()) {
        sheet.set_column_width(col as u16, GRID_CELL_WIDTH)?;
    }
    for (c, cluster) in programme.clusters.iter().enumerate() {
        let row = GRID_FIRST_ROW + c as u32;
        sheet.write_string_with_format(row, 0, &cluster.name, &cluster_name)?;
        let mut lines = wrapped_lines(&cluster.name, GRID_NAME_WIDTH);
        for (a, activity) in cluster.activities.iter().enumerate() {
            let text = cell_text(activity);
            lines = lines.max(wrapped_lines(&text, GRID_CELL_WIDTH));
            sheet.write_string_with_format(row, 1 + a as u16, &text, &fill(activity.status))?;
        }
        // Excel does not grow a row to fit wrapped text it did not lay out itself.
        sheet.set_row_height(row, row_height(lines))?;
    }
    sheet.set_freeze_panes(GRID_FIRST_ROW, 1)?;
    Ok(())
}

/// The height of a row that shows `lines` lines, within what Excel allows (a very long
/// description is cut off there; the cell still holds all of it).
fn row_height(lines: usize) -> f64 {
    (lines as f64 * LINE_HEIGHT).min(MAX_ROW_HEIGHT)
}

/// How many lines a text takes in a column of `width` characters, roughly.
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
    const WIDTHS: [f64; 13] = [
        6.0, 22.0, 28.0, 8.0, 28.0, 36.0, 48.0, 28.0, 10.0, 11.0, 11.0, 28.0, 40.0,
    ];
    for (col, width) in WIDTHS.into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (col, name) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    // The text of each cell is the rows-layout CSV's; only numbers and dates change type.
    let mut last_row = 0;
    let body = programme.activities().zip(rows(programme).skip(1));
    for (r, ((_, activity), cells)) in body.enumerate() {
        let row = 1 + r as u32;
        last_row = row;
        for (col, value) in cells.iter().enumerate() {
            let col16 = col as u16;
            let kind = match COLUMNS[col] {
                Column::Field(field) => Some((field, field.kind())),
                Column::Place(_) => None,
            };
            match (COLUMNS[col], kind) {
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
    sheet.autofilter(0, 0, last_row, HEADER.len() as u16 - 1)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A day-exact date as Excel's own date; months and quarters stay text (`2022-Q2`).
fn excel_day(date: PlanDate) -> Option<ExcelDateTime> {
    use chrono::Datelike;
    match date {
        PlanDate::Day(d) => ExcelDateTime::from_ymd(
            u16::try_from(d.year()).ok()?,
            d.month() as u8,
            d.day() as u8,
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
    fn only_days_become_excel_dates() {
        assert!(excel_day("2022-03-15".parse().unwrap()).is_some());
        assert!(excel_day("2022-03".parse().unwrap()).is_none());
        assert!(excel_day("2022-Q2".parse().unwrap()).is_none());
    }
}

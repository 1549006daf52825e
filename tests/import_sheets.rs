//! Reading spreadsheets back: our own XLSX export and a workbook another writer made, found by
//! header, with Excel's date cells and texts read in the file's day/month order, and the
//! precision of months and quarters kept when Excel brings them back as days.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wpmatrix::exchange::csv_import::Column;
use wpmatrix::exchange::csv_rows::{HEADER, Place, rows};
use wpmatrix::exchange::sheet_dates::{DateReader, keep_precision};
use wpmatrix::exchange::xlsx::to_xlsx;
use wpmatrix::exchange::xlsx_read::read_xlsx;
use wpmatrix::model::{Activity, Cluster, Field, PlanDate, Programme};
use wpmatrix::store;

const PROGRAMME_2022: &str = "programmes/2022.ron";

fn programme_2022() -> Programme {
    store::load(Path::new(PROGRAMME_2022)).unwrap().1.programme
}

#[test]
fn our_xlsx_export_reads_back_as_the_csv_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    cargo_bin_cmd!("wpmatrix")
        .args(["export", PROGRAMME_2022, "--to", "xlsx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let table = read_xlsx(&std::fs::read(&out).unwrap()).unwrap();

    let programme = programme_2022();
    let csv: Vec<[String; 13]> = rows(&programme).collect();
    assert_eq!(table.sheet, "Activities");
    assert_eq!(table.header_row, 1);
    assert_eq!(table.header, csv[0]);
    assert_eq!(table.header, HEADER);
    assert_eq!(table.rows.len(), csv.len() - 1);
    for (row, expected) in table.rows.iter().zip(&csv[1..]) {
        assert_eq!(row.cells, expected.as_slice(), "row {}", row.number);
    }
    assert_eq!(table.rows[0].number, 2);
    assert_eq!(table.address(&table.rows[0], 9), "Activities!J2");
    assert_eq!(table.column(Column::Field(Field::End)), Some(10));
}

/// A programme with dates at every precision, days written as Excel date cells by our export.
fn dated_programme() -> Programme {
    let mut p = Programme::new(2022, "Work Programme 2022");
    let mut c = Cluster::new("guidance", "Guidance");
    let dates = [
        ("2022-03-15", "2022-Q2"),
        ("2022-02", "2022-03-31"),
        ("2022-Q3", "2022-12"),
        ("2022-02-01", "2022-02-28"),
    ];
    for (i, (start, end)) in dates.into_iter().enumerate() {
        let mut a = Activity::new(format!("a{i}"), format!("Activity {i}"));
        a.start = Some(start.parse().unwrap());
        a.end = Some(end.parse().unwrap());
        c.activities.push(a);
    }
    c.activities.push(Activity::new("undated", "No dates yet"));
    p.clusters.push(c);
    p
}

#[test]
fn our_xlsx_dates_read_back_at_the_precision_they_had() {
    let programme = dated_programme();
    let table = read_xlsx(&to_xlsx(&programme).unwrap()).unwrap();
    let csv: Vec<[String; 13]> = rows(&programme).collect();
    for (row, expected) in table.rows.iter().zip(&csv[1..]) {
        assert_eq!(row.cells, expected.as_slice(), "row {}", row.number);
    }
    assert_eq!(
        table.rows[0].cells[9], "2022-03-15",
        "a date cell, read as ISO"
    );
    let cells = table.date_cells();
    assert_eq!(cells.len(), 8);
    assert_eq!(cells[0].at, "Activities!J2");
    let reader = DateReader::new(&cells, None).unwrap();
    for ((_, activity), row) in programme.activities().zip(&table.rows) {
        let read = |c: usize| (!row.cells[c].is_empty()).then(|| reader.read(&row.cells[c]));
        let (start, end) = (read(9).transpose().unwrap(), read(10).transpose().unwrap());
        assert_eq!(
            (start, end),
            (activity.start, activity.end),
            "{}",
            activity.id
        );
        // A day that was a day stays a day, even on the first or last of its month.
        let kept = |old, new: Option<PlanDate>, end| new.map(|d| keep_precision(old, d, end));
        assert_eq!(kept(activity.start, start, false), activity.start);
        assert_eq!(kept(activity.end, end, true), activity.end);
    }
}

/// A workbook as another writer (or a colleague's Excel) leaves it: a sheet of notes first, the
/// rows on a sheet of another name under two blank rows, columns in another order, months turned
/// into their first day, dates as date cells, as texts and as a bare serial number.
fn foreign_workbook(day_texts: [&str; 2]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet().set_name("Notes").unwrap();
    notes.write_string(0, 0, "Exported for the Board").unwrap();
    notes
        .write_string(1, 0, "cluster and title are on the next sheet")
        .unwrap();

    let sheet = workbook.add_worksheet().set_name("Planning").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let header = ["Title", "End", "Cluster", "Start", "activity_id", "Status"];
    for (c, name) in header.iter().enumerate() {
        sheet.write_string(2, 1 + c as u16, *name).unwrap();
    }
    let day = |y, m, d| ExcelDateTime::from_ymd(y, m, d).unwrap();
    // Row 4: months as Excel brings them back, date cells on their first day.
    sheet.write_string(3, 1, "Seminar on guidance").unwrap();
    sheet
        .write_date_with_format(3, 2, day(2022, 2, 1), &date)
        .unwrap();
    sheet.write_string(3, 3, "Guidance").unwrap();
    sheet
        .write_date_with_format(3, 4, day(2022, 1, 1), &date)
        .unwrap();
    sheet.write_string(3, 5, "seminar").unwrap();
    sheet.write_string(3, 6, "planned").unwrap();
    // Row 5 is left empty, as a deleted row leaves it.
    // Row 6: dates as texts and a serial number a sheet left unformatted.
    sheet.write_string(5, 1, "职业指导").unwrap();
    sheet.write_string(5, 2, "Mar-22").unwrap();
    sheet.write_string(5, 3, "Guidance").unwrap();
    sheet.write_number(5, 4, 44635.0).unwrap();
    sheet.write_number(5, 6, 3.0).unwrap();
    // Row 7: European and ambiguous days.
    sheet.write_string(6, 1, "Peer review").unwrap();
    sheet.write_string(6, 2, day_texts[1]).unwrap();
    sheet.write_string(6, 3, "Guidance").unwrap();
    sheet.write_string(6, 4, day_texts[0]).unwrap();
    workbook.save_to_buffer().unwrap()
}

#[test]
fn another_writers_sheet_with_shuffled_columns_is_found_by_its_header() {
    let table = read_xlsx(&foreign_workbook(["15/03/2022", "3/4/2022"])).unwrap();
    assert_eq!(table.sheet, "Planning");
    assert_eq!(table.header_row, 3);
    assert_eq!(
        table.header,
        ["Title", "End", "Cluster", "Start", "activity_id", "Status"]
    );
    assert_eq!(table.column(Column::Field(Field::Title)), Some(0));
    assert_eq!(table.column(Column::Field(Field::Start)), Some(3));
    assert_eq!(table.column(Column::Place(Place::Year)), None);
    let numbers: Vec<u32> = table.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [4, 6, 7], "the empty row 5 is skipped");
    assert_eq!(
        table.rows[0].cells,
        [
            "Seminar on guidance",
            "2022-02-01",
            "Guidance",
            "2022-01-01",
            "seminar",
            "planned"
        ]
    );
    assert_eq!(
        table.rows[1].cells,
        ["职业指导", "Mar-22", "Guidance", "44635", "", "3"]
    );
    assert_eq!(table.address(&table.rows[2], 3), "Planning!E7");

    // A day above 12 settles the order for the whole file: 3/4/2022 is 3 April.
    let reader = DateReader::new(&table.date_cells(), None).unwrap();
    let read = |r: usize, c: usize| reader.read(&table.rows[r].cells[c]).unwrap().to_string();
    assert_eq!(read(1, 1), "2022-03");
    assert_eq!(read(1, 3), "2022-03-15");
    assert_eq!(read(2, 1), "2022-04-03");
    assert_eq!(read(2, 3), "2022-03-15");

    // With `--into`, the months Excel turned into their first day stay months.
    let was = |text: &str| Some(text.parse::<PlanDate>().unwrap());
    let start = reader.read(&table.rows[0].cells[3]).unwrap();
    let end = reader.read(&table.rows[0].cells[1]).unwrap();
    assert_eq!(
        keep_precision(was("2022-01"), start, false).to_string(),
        "2022-01"
    );
    assert_eq!(
        keep_precision(was("2022-02"), end, true).to_string(),
        "2022-02"
    );
    assert_eq!(
        keep_precision(was("2022-Q1"), start, false).to_string(),
        "2022-Q1"
    );
}

#[test]
fn an_undecidable_sheet_names_the_cell_and_asks_for_dates() {
    let table = read_xlsx(&foreign_workbook(["4/4/2022", "3/4/2022"])).unwrap();
    let err = DateReader::new(&table.date_cells(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Planning!C7 \"3/4/2022\" could be day/month or month/day and no date in the file has a \
         day above 12 to tell; nothing was written: give --dates dmy (day first) or --dates mdy \
         (month first)"
    );
    let table = read_xlsx(&foreign_workbook(["15/03/2022", "03/15/2022"])).unwrap();
    let err = DateReader::new(&table.date_cells(), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the dates disagree on day/month order: Planning!E7 \"15/03/2022\" has the day first, \
         Planning!C7 \"03/15/2022\" the month first; correct one of them"
    );
}

#[test]
fn text_left_of_the_header_is_kept_under_an_unnamed_column() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 1, "cluster").unwrap();
    sheet.write_string(0, 2, "title").unwrap();
    sheet.write_string(1, 1, "Guidance").unwrap();
    sheet.write_string(1, 2, "Seminar").unwrap();
    sheet.write_string(2, 0, "a note beside the table").unwrap();
    let table = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap();
    assert_eq!(table.header, ["", "cluster", "title"]);
    assert_eq!(table.rows[0].cells, ["", "Guidance", "Seminar"]);
    assert_eq!(table.rows[1].cells, ["a note beside the table", "", ""]);
    assert_eq!(table.address(&table.rows[1], 0), "Sheet1!A3");
    assert_eq!(table.column(Column::Field(Field::Title)), Some(2));
}

#[test]
fn a_workbook_without_the_header_lists_its_sheets() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Budget").unwrap();
    sheet.write_string(0, 0, "item").unwrap();
    sheet.write_string(0, 1, "title").unwrap();
    workbook.add_worksheet().set_name("Empty").unwrap();
    let err = read_xlsx(&workbook.save_to_buffer().unwrap()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "no sheet has the rows-layout header (a first row naming at least the cluster and title \
         columns, as the Activities sheet of `wpmatrix export --to xlsx` has); the sheets are: \
         Budget, Empty"
    );
}

#[test]
fn imported_titles_in_any_script_get_transliterated_ids() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("rows.csv");
    std::fs::write(
        &csv,
        "year,cluster,title\n2022,职业指导,职业指导\n2022,职业指导,🚀\n2022,职业指导,🚀\n\
         2022,Συνεργασία,Служба занятости\n2022,Συνεργασία,التوظيف\n",
    )
    .unwrap();
    let out = dir.path().join("2022.ron");
    cargo_bin_cmd!("wpmatrix")
        .arg("import")
        .arg(&csv)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let programme = store::load(&out).unwrap().1.programme;
    let clusters: Vec<&str> = programme.clusters.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(clusters, ["zhi-ye-zhi-dao", "sunergasia"]);
    let ids: Vec<&str> = programme.activities().map(|(_, a)| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "zhi-ye-zhi-dao",
            "rocket",
            "rocket-2",
            "sluzhba-zaniatosti",
            "ltwzyf"
        ]
    );
}

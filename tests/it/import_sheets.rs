//! Reading spreadsheets back: our own XLSX export and a workbook another writer made, found by
//! header, with Excel's date cells and texts read in the file's day/month order, and the
//! precision of months and quarters kept when Excel brings them back as days.

use crate::common::PROGRAMME_2022;
use crate::common::shipped as programme_2022;
use std::path::Path;

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use wpmatrix::exchange::csv_import::Column;
use wpmatrix::exchange::csv_rows::{HEADER, Place, rows};
use wpmatrix::exchange::sheet_dates::{DateReader, keep_precision};
use wpmatrix::exchange::xlsx::to_xlsx;
use wpmatrix::exchange::xlsx_read::read_xlsx;
use wpmatrix::model::{Activity, Cluster, Field, PlanDate, Programme};
use wpmatrix::store;

#[test]
fn our_xlsx_export_reads_back_as_the_csv_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "xlsx", "-o"])
        .arg(&out)
        .assert()
        .success();
    let table = read_xlsx(&std::fs::read(&out).unwrap()).unwrap();

    let programme = programme_2022();
    let csv: Vec<Vec<String>> = rows(&programme).collect();
    assert_eq!(table.sheet, "Activities");
    assert_eq!(table.header_row, 1);
    assert_eq!(table.header, csv[0]);
    assert_eq!(table.header, HEADER);
    assert_eq!(table.rows.len(), csv.len() - 1);
    for (row, expected) in table.rows.iter().zip(&csv[1..]) {
        assert_eq!(
            table.row_cells(row),
            expected.as_slice(),
            "row {}",
            row.number
        );
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
    let csv: Vec<Vec<String>> = rows(&programme).collect();
    for (row, expected) in table.rows.iter().zip(&csv[1..]) {
        assert_eq!(
            table.row_cells(row),
            expected.as_slice(),
            "row {}",
            row.number
        );
    }
    assert_eq!(
        table.row_cells(&table.rows[0])[9],
        "2022-03-15",
        "a date cell, read as ISO"
    );
    let cells = table.date_cells();
    assert_eq!(cells.len(), 8);
    assert_eq!(cells[0].at, "Activities!J2");
    let reader = DateReader::new(&cells, None).unwrap();
    for ((_, activity), row) in programme.activities().zip(&table.rows) {
        let read = |c: usize| {
            (!table.row_cell(row, c).is_empty()).then(|| reader.read(table.row_cell(row, c)))
        };
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
        sheet
            .write_string(2, 1 + u16::try_from(c).unwrap(), *name)
            .unwrap();
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
        table.row_cells(&table.rows[0]),
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
        table.row_cells(&table.rows[1]),
        ["职业指导", "Mar-22", "Guidance", "44635", "", "3"]
    );
    assert_eq!(table.address(&table.rows[2], 3), "Planning!E7");

    // A day above 12 settles the order for the whole file: 3/4/2022 is 3 April.
    let reader = DateReader::new(&table.date_cells(), None).unwrap();
    let read = |r: usize, c: usize| {
        reader
            .read(table.row_cell(&table.rows[r], c))
            .unwrap()
            .to_string()
    };
    assert_eq!(read(1, 1), "2022-03");
    assert_eq!(read(1, 3), "2022-03-15");
    assert_eq!(read(2, 1), "2022-04-03");
    assert_eq!(read(2, 3), "2022-03-15");

    // With `--into`, the months Excel turned into their first day stay months.
    let was = |text: &str| Some(text.parse::<PlanDate>().unwrap());
    let start = reader.read(table.row_cell(&table.rows[0], 3)).unwrap();
    let end = reader.read(table.row_cell(&table.rows[0], 1)).unwrap();
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
    assert_eq!(table.row_cells(&table.rows[0]), ["", "Guidance", "Seminar"]);
    assert_eq!(
        table.row_cells(&table.rows[1]),
        ["a note beside the table", "", ""]
    );
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
    crate::common::wpmatrix()
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

/// Runs `wpmatrix` with `args` in no particular folder: (exit code, stdout, stderr).
fn wpmatrix(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = crate::common::wpmatrix().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn os(text: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(text)
}

/// A copy of the 2022 programme in a scratch folder, as `2022.ron`.
fn scratch_2022(dir: &Path) -> std::path::PathBuf {
    let target = dir.join("2022.ron");
    std::fs::copy(PROGRAMME_2022, &target).unwrap();
    target
}

#[test]
fn our_xlsx_imported_into_its_programme_gives_back_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    let mut programme = programme_2022();
    // Dates at every precision, so that day cells, months and quarters all travel.
    let dated = dated_programme();
    for (cell, a) in dated.activities() {
        let activity = &mut programme.clusters[1].activities[cell.activity];
        activity.start = a.start;
        activity.end = a.end;
    }
    store::save(&target, &programme).unwrap();
    let before = std::fs::read(&target).unwrap();
    let xlsx = dir.path().join("wp.xlsx");
    std::fs::write(&xlsx, to_xlsx(&programme).unwrap()).unwrap();

    let (code, out, err) = wpmatrix(&[
        os("import"),
        xlsx.as_os_str(),
        os("--into"),
        target.as_os_str(),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, format!("{}: no changes\n", target.display()));
    assert_eq!(std::fs::read(&target).unwrap(), before, "byte for byte");

    // A new programme from the workbook has every activity as it was: a quarter stays a
    // quarter, a day cell is a day.
    let new = dir.path().join("new").join("2022.ron");
    std::fs::create_dir(dir.path().join("new")).unwrap();
    let (code, out, _) = wpmatrix(&[os("import"), xlsx.as_os_str(), os("-o"), new.as_os_str()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with(&format!(
        "wrote {}: 6 clusters, 32 activities\n",
        new.display()
    )));
    let imported = store::load(&new).unwrap().1.programme;
    let activities = |p: &Programme| p.activities().map(|(_, a)| a.clone()).collect::<Vec<_>>();
    assert_eq!(activities(&imported), activities(&programme));
}

/// A workbook as a colleague's Excel leaves one: the months and quarter of `dated_programme`'s
/// second and third activities as date cells on their first or last day, with a changed end.
fn excel_days(end_of_a1: (u16, u8, u8)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet().set_name("Activities").unwrap();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (c, name) in ["activity_id", "cluster", "title", "start", "end"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(0, u16::try_from(c).unwrap(), *name)
            .unwrap();
    }
    let day = |(y, m, d): (u16, u8, u8)| ExcelDateTime::from_ymd(y, m, d).unwrap();
    let rows = [
        ("a1", "Activity 1", (2022, 2, 1), end_of_a1),
        ("a2", "Activity 2", (2022, 7, 1), (2022, 12, 1)),
    ];
    for (r, (id, title, start, end)) in rows.into_iter().enumerate() {
        let r = u32::try_from(r).unwrap() + 1;
        sheet.write_string(r, 0, id).unwrap();
        sheet.write_string(r, 1, "Guidance").unwrap();
        sheet.write_string(r, 2, title).unwrap();
        sheet
            .write_date_with_format(r, 3, day(start), &date)
            .unwrap();
        sheet.write_date_with_format(r, 4, day(end), &date).unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

#[test]
fn months_and_quarters_keep_their_precision_through_excel_into() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    store::save(&target, &dated_programme()).unwrap();
    let before = std::fs::read(&target).unwrap();
    let xlsx = dir.path().join("back.xlsx");
    // 2022-02 came back as 01/02/2022 and 2022-Q3 as 01/07/2022; an end of 2022-03-31 stays a day.
    std::fs::write(&xlsx, excel_days((2022, 3, 31))).unwrap();
    let (code, out, err) = wpmatrix(&[
        os("import"),
        xlsx.as_os_str(),
        os("--into"),
        target.as_os_str(),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(
        out.starts_with(&format!("{}: no changes\n", target.display())),
        "{out}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);

    // A real change of day is taken as it comes.
    std::fs::write(&xlsx, excel_days((2022, 3, 15))).unwrap();
    let (code, out, _) = wpmatrix(&[
        os("import"),
        xlsx.as_os_str(),
        os("--into"),
        target.as_os_str(),
    ]);
    assert_eq!(code, 0);
    assert!(
        out.contains("      end: 2022-03-31 -> 2022-03-15\n"),
        "{out}"
    );
    let after = store::load(&target).unwrap().1.programme;
    let a1 = &after.clusters[0].activities[1];
    assert_eq!(a1.start.map(|d| d.to_string()).as_deref(), Some("2022-02"));
    let a2 = &after.clusters[0].activities[2];
    assert_eq!(
        (a2.start.unwrap().to_string(), a2.end.unwrap().to_string()),
        ("2022-Q3".to_string(), "2022-12".to_string())
    );
}

#[test]
fn another_writers_workbook_imports_with_cell_addresses_and_transliterated_ids() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("planning.xlsx");
    std::fs::write(&xlsx, foreign_workbook(["15/03/2022", "3/4/2022"])).unwrap();
    let out_file = dir.path().join("2022.ron");
    let args = [
        os("import"),
        xlsx.as_os_str(),
        os("-o"),
        out_file.as_os_str(),
    ];
    // Row 6 has the number 3 as its status: refused at its row, nothing written.
    let (code, out, err) = wpmatrix(&args);
    assert_eq!((code, out.as_str()), (2, ""));
    let name = xlsx.display();
    assert_eq!(
        err,
        format!(
            "{name}:Planning!G6: unknown status \"3\"; expected one of planned, tbc, ongoing, \
             done, postponed, cancelled\nwpmatrix: {name}: 1 problem, nothing written; \
             --keep-going writes the good rows\n"
        )
    );
    assert!(!out_file.exists());

    let (code, out, err) = wpmatrix(&[&args[..], &[os("--keep-going")]].concat());
    assert_eq!(code, 1, "{err}");
    assert!(out.starts_with(&format!(
        "wrote {}: 1 cluster, 2 activities\n",
        out_file.display()
    )));
    assert!(
        err.ends_with(&format!("{name}: 1 row problem left out\n")),
        "{err}"
    );
    let programme = store::load(&out_file).unwrap().1.programme;
    let ids: Vec<&str> = programme.activities().map(|(_, a)| a.id.as_str()).collect();
    assert_eq!(ids, ["seminar", "peer-review"]);
    let peer = programme.activities().nth(1).unwrap().1;
    // 15/03/2022 settles the file's order: 3/4/2022 is 3 April.
    assert_eq!(peer.start.unwrap().to_string(), "2022-03-15");
    assert_eq!(peer.end.unwrap().to_string(), "2022-04-03");
    // Without --into a date cell is a day.
    let seminar = programme.activities().next().unwrap().1;
    assert_eq!(seminar.start.unwrap().to_string(), "2022-01-01");

    // The row of a title in Chinese, with a good status, gets a transliterated id.
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (c, text) in [
        "Title",
        "Cluster",
        "Start",
        "职业指导",
        "就业服务",
        "Mar-22",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(
                u32::try_from(c / 3).unwrap(),
                u16::try_from(c % 3).unwrap(),
                *text,
            )
            .unwrap();
    }
    std::fs::write(&xlsx, workbook.save_to_buffer().unwrap()).unwrap();
    std::fs::remove_file(&out_file).unwrap();
    let (code, _, err) = wpmatrix(&args);
    assert_eq!(code, 0, "{err}");
    let programme = store::load(&out_file).unwrap().1.programme;
    assert_eq!(programme.clusters[0].id, "jiu-ye-fu-wu");
    let a = &programme.clusters[0].activities[0];
    assert_eq!(
        (a.id.as_str(), a.title.as_str()),
        ("zhi-ye-zhi-dao", "职业指导")
    );
    assert_eq!(
        a.start.unwrap().to_string(),
        "2022-03",
        "a text Mar-22 stays a month"
    );
}

#[test]
fn ambiguous_dates_are_refused_until_dates_says_the_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("us.csv");
    std::fs::write(&csv, "cluster,title,start,end\nC,T,3/4/2022,5/6/2022\n").unwrap();
    let out_file = dir.path().join("2022.ron");
    let args = [
        os("import"),
        csv.as_os_str(),
        os("-o"),
        out_file.as_os_str(),
    ];
    let (code, out, err) = wpmatrix(&args);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        format!(
            "wpmatrix: {}: line 2, start \"3/4/2022\" could be day/month or month/day and no \
             date in the file has a day above 12 to tell; nothing was written: give --dates dmy \
             (day first) or --dates mdy (month first)\n",
            csv.display()
        )
    );
    assert!(!out_file.exists());
    for (order, start, end) in [
        ("dmy", "2022-04-03", "2022-06-05"),
        ("mdy", "2022-03-04", "2022-05-06"),
    ] {
        let (code, _, err) = wpmatrix(&[&args[..], &[os("--dates"), os(order)]].concat());
        assert_eq!(code, 0, "{err}");
        let programme = store::load(&out_file).unwrap().1.programme;
        let a = programme.activities().next().unwrap().1;
        assert_eq!(
            (a.start.unwrap().to_string(), a.end.unwrap().to_string()),
            (start.into(), end.into())
        );
        std::fs::remove_file(&out_file).unwrap();
    }
    // A file that settles the order itself needs no --dates, and a --dates against it is no
    // silent swap: the cell that cannot be read that way is named.
    std::fs::write(&csv, "cluster,title,start,end\nC,T,3/4/2022,15/6/2022\n").unwrap();
    let (code, _, err) = wpmatrix(&args);
    assert_eq!(code, 0, "{err}");
    std::fs::remove_file(&out_file).unwrap();
    let (code, _, err) = wpmatrix(&[&args[..], &[os("--dates"), os("mdy")]].concat());
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!(
            "{}:2: end \"15/6/2022\": there is no month 15; months run from 01 to 12 (read month first: 03/15/2022)\n",
            csv.display()
        )),
        "{err}"
    );
}

#[test]
fn what_european_excel_writes_imports_into_the_shipped_programme() {
    let dir = tempfile::tempdir().unwrap();
    let target = scratch_2022(dir.path());
    let csv = Path::new("tests/fixtures/csv/european-excel.csv");
    let bytes = std::fs::read(csv).unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbfcluster;title;"),
        "BOM and `;`"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF");
    let (code, out, err) = wpmatrix(&[
        os("import"),
        csv.as_os_str(),
        os("--into"),
        target.as_os_str(),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    let target_name = target.display();
    assert_eq!(
        out,
        format!(
            "\
cluster \"Recovery and structural changes\" (recovery-and-structural-changes)
  ~ \"PES Stakeholder conference\" (pes-stakeholder-conference)
      status: planned -> done
      start: none -> 2022-03
      end: none -> 2022-03-15
  ~ \"Short time work schemes\" (short-time-work-schemes)
      status: planned -> ongoing
      start: none -> 2022-02-01
      end: none -> 2022-03-31
      notes: none -> \"Übergang geprüft\"

cluster \"PES service delivery\" (pes-service-delivery)
  ~ \"Behavioural science\" (behavioural-science)
      start: none -> 2022-03
      end: none -> 2022-Q2

0 added, 0 removed, 0 moved, 3 changed
wrote {target_name}
note: 29 activities are in {target_name} but not in the sheet; kept (--prune would remove them)
"
        )
    );
    assert_eq!(
        store::load(&target).unwrap().1.programme.activity_count(),
        32
    );
}

/// The 2022 programme's rows as a CSV, without the `activity_id` column when `ids` is false,
/// each row passed through `edit` (a row it answers `None` for is left out).
fn csv_2022(ids: bool, edit: impl Fn(usize, &mut Vec<String>) -> bool) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, mut row) in rows(&programme_2022()).enumerate() {
        if i > 0 && !edit(i, &mut row) {
            continue;
        }
        let cells: Vec<&String> = row
            .iter()
            .enumerate()
            .filter(|(c, _)| ids || *c != 4)
            .map(|(_, cell)| cell)
            .collect();
        writer.write_record(cells).unwrap();
    }
    writer.into_inner().unwrap()
}

#[test]
fn a_retitled_row_without_ids_updates_its_activity_with_match_titles() {
    let dir = tempfile::tempdir().unwrap();
    let target = scratch_2022(dir.path());
    let csv = dir.path().join("edited.csv");
    std::fs::write(
        &csv,
        csv_2022(false, |i, row| {
            if i == 3 {
                row[5] = "Greening of labour markets".into();
            }
            true
        }),
    )
    .unwrap();
    let (code, out, err) = wpmatrix(&[
        os("import"),
        csv.as_os_str(),
        os("--into"),
        target.as_os_str(),
        os("--match-titles"),
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "cluster \"Recovery and structural changes\" (recovery-and-structural-changes)
  ~ \"Greening of labour markets\" (greening-of-the-labour-market)
      title: \"Greening of the labour market\" -> \"Greening of labour markets\"

0 added, 0 removed, 0 moved, 1 changed
wrote {}
",
            target.display()
        )
    );
    let programme = store::load(&target).unwrap().1.programme;
    assert_eq!(programme.activity_count(), 32, "no duplicate");
    let cell = programme.find("greening-of-the-labour-market").unwrap();
    assert_eq!(
        programme.activity(cell).unwrap().title,
        "Greening of labour markets"
    );
}

#[test]
fn prune_removes_the_activities_the_sheet_no_longer_has() {
    let dir = tempfile::tempdir().unwrap();
    let target = scratch_2022(dir.path());
    let before = std::fs::read(&target).unwrap();
    let csv = dir.path().join("fewer.csv");
    std::fs::write(&csv, csv_2022(true, |i, _| i != 2 && i != 5)).unwrap();
    let into = [
        os("import"),
        csv.as_os_str(),
        os("--into"),
        target.as_os_str(),
    ];

    let (code, out, _) = wpmatrix(&into);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        format!(
            "{0}: no changes\nnote: 2 activities are in {0} but not in the sheet; kept (--prune \
             would remove them)\n",
            target.display()
        )
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);

    let (code, out, err) = wpmatrix(&[&into[..], &[os("--prune")]].concat());
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        format!(
            "cluster \"Recovery and structural changes\" (recovery-and-structural-changes)
  - \"Future skills, career guidance, lifelong learning\" (future-skills-career-guidance-lifelong-learning)
  - \"New ALMP interventions\" (new-almp-interventions)

0 added, 2 removed, 0 moved, 0 changed
wrote {}
",
            target.display()
        )
    );
    let programme = store::load(&target).unwrap().1.programme;
    assert_eq!(programme.activity_count(), 30);
    assert!(programme.find("new-almp-interventions").is_none());

    let (code, out, err) = wpmatrix(&[
        os("import"),
        csv.as_os_str(),
        os("-o"),
        os("x.ron"),
        os("--prune"),
    ]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "wpmatrix: --prune removes the activities a sheet no longer has from an existing \
         programme: it needs --into FILE\n"
    );
}

#[test]
fn prune_refuses_when_rows_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let target = scratch_2022(dir.path());
    let before = std::fs::read(&target).unwrap();
    let csv = dir.path().join("bad.csv");
    std::fs::write(
        &csv,
        csv_2022(true, |i, row| {
            if i == 4 {
                row[8] = "maybe".into();
            }
            true
        }),
    )
    .unwrap();
    let (code, _, err) = wpmatrix(&[
        os("import"),
        csv.as_os_str(),
        os("--into"),
        target.as_os_str(),
        os("--prune"),
        os("--keep-going"),
    ]);
    assert_eq!(code, 2);
    assert!(
        err.ends_with(&format!(
            "wpmatrix: {}: --prune with rows left out would remove their activities; nothing \
             written, correct the rows first\n",
            csv.display()
        )),
        "{err}"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

#[test]
fn import_help_gives_the_contract_usage() {
    let (code, out, _) = wpmatrix(&[os("import"), os("--help")]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "Usage: wpmatrix import <CSV|XLSX> (-o <FILE> | --into <FILE> [--prune]) [--dates \
             <dmy|mdy>] [--add-fields | --ignore-columns <C,...>] [--dry-run] [--keep-going]"
        ),
        "{out}"
    );
    for words in ["--dates <dmy|mdy>", "--prune", "XLSX:Sheet!G12", "Mar-22"] {
        assert!(out.contains(words), "{words}: {out}");
    }
}

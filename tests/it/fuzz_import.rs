//! Fuzz harnesses for CSV and XLSX import. Under `cargo test` each replays its corpus
//! (`tests/fuzz/corpus/import_csv/`, `tests/fuzz/corpus/import_xlsx/`: the test fixtures, the
//! shipped programme's exports and every crash input found so far) and then makes a bounded
//! random run; `BOLERO_RANDOM_ITERATIONS=N` makes the run longer, and `cargo bolero test` fuzzes
//! with coverage on nightly.
//!
//! What each asserts beyond "never a panic": an error says where (a line, or a cell); a sheet
//! that imports cleanly, exported and imported again, gives back the same cells.

use std::path::Path;

use crate::common::workbook::{sheet_xml, workbook_with_sheet};
use wpmatrix::exchange::csv_import::{
    Column, Records, RowProblem, Sheet, SheetError, TitleMatch, apply_sheet_rows, read_csv,
    read_table,
};
use wpmatrix::exchange::csv_rows::{CsvFlavour, rows, write_records};
use wpmatrix::exchange::xlsx::to_xlsx;
use wpmatrix::exchange::xlsx_read::{XlsxReadError, column_letters, read_xlsx};
use wpmatrix::model::Programme;

/// Random inputs per harness under `cargo test`: enough to catch the shallow cases, little
/// enough for two shared cores.
const ITERATIONS: usize = 200;
/// The largest random input, in bytes.
const MAX_LEN: usize = 2048;

/// The files of a corpus folder, each with its name.
fn corpus(name: &str) -> Vec<(String, Vec<u8>)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(name);
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path.display().to_string(), bytes)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 5, "{name}: a corpus of {}", files.len());
    files
}

/// A sheet applied to a new programme for its year (2022 without one), as `import -o` does;
/// every row problem must name a line.
fn new_programme(sheet: Sheet) -> (Programme, Vec<RowProblem>) {
    let mut programme = Programme::new(sheet.year().unwrap_or(2022), "Fuzz");
    let Sheet {
        columns,
        own: _,
        rows,
        mut problems,
    } = sheet;
    let applied = apply_sheet_rows(&columns, &rows, &mut programme, TitleMatch::Same);
    problems.extend(applied.problems);
    for problem in &problems {
        assert!(problem.line >= 1, "a problem without a line: {problem:?}");
        assert!(!problem.message.is_empty());
    }
    (programme, problems)
}

/// The cells of a programme's rows-layout export.
fn cells(programme: &Programme) -> Vec<Vec<String>> {
    rows(programme).collect()
}

/// Reads CSV bytes; an unusable file must say where.
fn read_csv_checked(bytes: &[u8]) -> Option<Sheet> {
    match read_csv(bytes, None) {
        Ok(sheet) => Some(sheet),
        Err(SheetError::At(problem)) => {
            assert!(problem.line >= 1, "{problem:?}");
            None
        }
        Err(SheetError::Dates(e)) => {
            assert!(e.to_string().contains("line "), "{e}");
            None
        }
    }
}

/// The CSV properties: never a panic, positions on every error, and a clean import that
/// round-trips through an export.
fn csv_holds(bytes: &[u8]) {
    let Some(sheet) = read_csv_checked(bytes) else {
        return;
    };
    let (programme, problems) = new_programme(sheet);
    if !problems.is_empty() {
        return;
    }
    let mut export = Vec::new();
    write_records(rows(&programme), CsvFlavour::Plain, &mut export).unwrap();
    let again = read_csv_checked(&export).expect("our own export reads");
    let (again, problems) = new_programme(again);
    assert_eq!(problems, [], "our own export has no problem");
    assert_eq!(cells(&again), cells(&programme), "the same cells come back");
}

#[test]
fn import_csv_corpus() {
    for (name, bytes) in corpus("import_csv") {
        let result = std::panic::catch_unwind(|| csv_holds(&bytes));
        assert!(result.is_ok(), "{name}");
    }
}

#[test]
fn import_csv_random() {
    // Random bytes seldom make a header: each input is also tried under one.
    let header = b"year,cluster,title,status,start,end,formats,notes\r\n";
    bolero::check!()
        .with_iterations(ITERATIONS)
        .with_max_len(MAX_LEN)
        .for_each(|bytes| {
            csv_holds(bytes);
            csv_holds(&[&header[..], bytes].concat());
        });
}

/// One random row of a planner's sheet: cluster, title, description, formats and notes as any
/// text, a status by index, and start and end as days of the year.
type RandomRow = (
    u8,
    String,
    String,
    String,
    String,
    u8,
    Option<u16>,
    Option<u16>,
);

#[test]
fn import_csv_rows_random() {
    // Rows that read, written by a CSV writer (so quoted as spreadsheets quote), in a sheet
    // without ids: a clean import must give back its cells through an export.
    const STATUSES: [&str; 7] = [
        "planned",
        "tbc",
        "ongoing",
        "done",
        "postponed",
        "cancelled",
        "",
    ];
    let day = |n: &Option<u16>| {
        n.map(|n| {
            let date = chrono::NaiveDate::from_yo_opt(2022, u32::from(n % 365) + 1);
            // Dotted dates are day first: no order to settle.
            date.map(|d| d.format("%d.%m.%Y").to_string())
                .unwrap_or_default()
        })
        .unwrap_or_default()
    };
    bolero::check!()
        .with_type::<Vec<RandomRow>>()
        .with_iterations(ITERATIONS)
        .with_max_len(MAX_LEN)
        .for_each(|rows| {
            let mut records = vec![
                [
                    "cluster",
                    "title",
                    "description",
                    "formats",
                    "notes",
                    "status",
                    "start",
                    "end",
                ]
                .map(str::to_string),
            ];
            for (cluster, title, description, formats, notes, status, start, end) in rows {
                records.push([
                    format!("Cluster {}", cluster % 4),
                    // A title of blanks is refused, rightly; most rows should read.
                    format!("T{title}"),
                    description.clone(),
                    formats.clone(),
                    notes.clone(),
                    STATUSES[usize::from(*status) % STATUSES.len()].to_string(),
                    day(start),
                    day(end),
                ]);
            }
            let mut bytes = Vec::new();
            write_records(records, CsvFlavour::Plain, &mut bytes).unwrap();
            csv_holds(&bytes);
        });
}

/// The workbook properties: never a panic (nor an abort), an error names a cell or sheet, row
/// problems name a row, and a clean import round-trips through our XLSX export.
fn xlsx_holds(bytes: &[u8]) {
    let table = match read_xlsx(bytes) {
        Ok(table) => table,
        Err(XlsxReadError::Damaged(damaged)) => {
            assert!(!damaged.at.is_empty(), "{damaged:?}");
            return;
        }
        Err(XlsxReadError::NotXlsx(_) | XlsxReadError::NoHeader(_)) => return,
    };
    let header_line = u64::from(table.header_row);
    let at = |line: u64, column: Column| {
        let index = table.column(column).unwrap_or(0);
        table.cell_address(u32::try_from(line).unwrap_or(u32::MAX), index)
    };
    let records: &dyn Records = &table;
    let sheet = match read_table(&table.header, header_line, records, None, at) {
        Ok(sheet) => sheet,
        Err(SheetError::At(problem)) => {
            assert!(problem.line >= 1, "{problem:?}");
            return;
        }
        Err(SheetError::Dates(e)) => {
            assert!(e.to_string().contains('!'), "{e} names a cell");
            return;
        }
    };
    let (programme, problems) = new_programme(sheet);
    if !problems.is_empty() {
        return;
    }
    // A text longer than a cell holds is refused by the export, and that is fine.
    let Ok(export) = to_xlsx(&programme) else {
        return;
    };
    let table = read_xlsx(&export).expect("our own export reads");
    let records: &dyn Records = &table;
    let at = |line: u64, _: Column| line.to_string();
    let again = read_table(
        &table.header,
        u64::from(table.header_row),
        records,
        None,
        at,
    )
    .expect("our own export's rows read");
    let (again, problems) = new_programme(again);
    assert_eq!(problems, [], "our own export has no problem");
    assert_eq!(cells(&again), cells(&programme), "the same cells come back");
}

#[test]
fn import_xlsx_corpus() {
    for (name, bytes) in corpus("import_xlsx") {
        let result = std::panic::catch_unwind(|| xlsx_holds(&bytes));
        assert!(result.is_ok(), "{name}");
    }
}

/// XML-escapes a text for an attribute or element.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// One random cell: its reference (a column and row, possibly past Excel's, or any text), its
/// type (one calamine knows by index, or any text) and its value (a number or any text).
type RandomCell = (
    Result<(u16, u32), String>,
    Result<u8, String>,
    Result<i64, String>,
);

/// The sheet XML of a random cell.
fn cell_xml((reference, kind, value): &RandomCell) -> String {
    const KINDS: [&str; 7] = ["s", "str", "n", "b", "e", "inlineStr", "d"];
    let reference = match reference {
        Ok((column, row)) => format!("{}{row}", column_letters(usize::from(*column))),
        Err(text) => text.clone(),
    };
    let kind = match kind {
        Ok(k) => KINDS[usize::from(*k) % KINDS.len()].to_string(),
        Err(text) => text.clone(),
    };
    let value = match value {
        Ok(n) => n.to_string(),
        Err(text) => text.clone(),
    };
    format!(
        r#"<c r="{}" t="{}"><v>{}</v></c>"#,
        escaped(&reference),
        escaped(&kind),
        escaped(&value)
    )
}

#[test]
fn import_xlsx_random() {
    // Random bytes are almost never a zip: the random run writes workbooks whose cells (their
    // references, types and values) are random, around a rows-layout header.
    bolero::check!()
        .with_type::<Vec<RandomCell>>()
        .with_iterations(ITERATIONS / 2)
        .with_max_len(MAX_LEN)
        .for_each(|cells| {
            let mut rows = String::from(
                r#"<row r="1"><c r="A1" t="inlineStr"><is><t>cluster</t></is></c><c r="B1" t="inlineStr"><is><t>title</t></is></c></row><row>"#,
            );
            for cell in cells {
                rows.push_str(&cell_xml(cell));
            }
            rows.push_str("</row>");
            xlsx_holds(&workbook_with_sheet(&sheet_xml(&rows)));
        });
}

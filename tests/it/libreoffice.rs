//! The spreadsheets `export` writes, opened and saved by LibreOffice Calc as a planner would,
//! come back through `import --into` as the very file they came from: the every-field fixture
//! through XLSX → XLSX, CSV → XLSX, XLSX → CSV and CSV → XLSX → CSV.
//!
//! These tests need `soffice` (`libreoffice-calc-nogui`, which `.ci/run` installs); without it
//! they fail and say so (see `common::office`).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::office::{self, CSV_IN, CSV_OUT, XLSX_OUT};
use crate::common::wpmatrix;

const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

/// A programme's text, the CSV `export` wrote for it, and the sheets Calc saved from its
/// exports, each by the step that made it (`xlsx-xlsx`, `csv-xlsx`, …) with its file name and
/// bytes.
struct Calced {
    text: String,
    csv: String,
    sheets: Vec<(&'static str, String, Vec<u8>)>,
}

impl Calced {
    /// The sheet `step` made, written into a folder of the caller's own.
    fn sheet(&self, step: &str, dir: &Path) -> PathBuf {
        let (_, name, bytes) = self
            .sheets
            .iter()
            .find(|(made_by, _, _)| *made_by == step)
            .unwrap_or_else(|| panic!("no sheet from step {step}"));
        let path = dir.join(name);
        fs::write(&path, bytes).unwrap();
        path
    }

    /// `import SHEET --into` a fresh copy of the programme: it says "no changes", leaves the
    /// file byte for byte as it was, and `check` passes.
    fn assert_imports_unchanged(&self, step: &str) {
        let dir = tempfile::tempdir().unwrap();
        let sheet = self.sheet(step, dir.path());
        let copy = dir.path().join(format!("{step}.ron"));
        fs::write(&copy, &self.text).unwrap();
        let out = wpmatrix()
            .arg("import")
            .arg(&sheet)
            .arg("--into")
            .arg(&copy)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            (out.status.code(), stdout.as_ref()),
            (
                Some(0),
                format!("{}: no changes\n", copy.display()).as_str()
            ),
            "{step}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(fs::read_to_string(&copy).unwrap(), self.text, "{step}");
        let check = wpmatrix().arg("check").arg(&copy).output().unwrap();
        assert_eq!(check.status.code(), Some(0), "{step}: check");
    }
}

/// `text` as `NAME.ron` in `dir`, exported as `NAME-workbook.xlsx` and `NAME-rows.csv` (names
/// whose stems differ, so one start of Calc can convert them side by side).
fn export(dir: &Path, name: &str, text: &str) -> (PathBuf, PathBuf) {
    fs::write(dir.join(format!("{name}.ron")), text).unwrap();
    let (xlsx, csv) = (format!("{name}-workbook.xlsx"), format!("{name}-rows.csv"));
    for args in [&["--to", "xlsx", "-o", &xlsx][..], &["-o", &csv]] {
        wpmatrix()
            .current_dir(dir)
            .arg("export")
            .arg(format!("{name}.ron"))
            .args(args)
            .assert()
            .success();
    }
    (dir.join(xlsx), dir.join(csv))
}

/// The every-field fixture with dates to the day and a fraction, which Calc opens from a CSV as
/// a date and a number; the XLSX it saves holds a serial day and a float.
fn days_and_fractions() -> String {
    fs::read_to_string(FULL)
        .unwrap()
        .replacen(r#""review": "2022-Q3""#, r#""review": "2022-09-30""#, 1)
        .replacen(r#""budget": "12000""#, r#""budget": "0.5""#, 1)
        .replacen(
            "start: Some(\"2022-06\"),\n                    end: Some(\"2022-06\"),",
            "start: Some(\"2022-06-07\"),\n                    end: Some(\"2022-06-09\"),",
            1,
        )
        .replacen(
            "start: Some(\"2022-06\"),\n                            end: None,",
            "start: Some(\"2022-06-07\"),\n                            end: None,",
            1,
        )
}

/// The every-field fixture and the days-and-fractions one through Calc, converted once for the
/// test process: each start of Calc costs about a CPU-second, so inputs saved with the same
/// filter go through one start, and the two starts share one profile. The every-field file
/// goes through XLSX → XLSX, CSV → XLSX, XLSX → CSV and CSV → XLSX → CSV; the days file through
/// CSV → XLSX and CSV → XLSX → CSV.
fn through_calc() -> &'static (Calced, Calced) {
    static CALCED: OnceLock<(Calced, Calced)> = OnceLock::new();
    CALCED.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (full_text, days_text) = (fs::read_to_string(FULL).unwrap(), days_and_fractions());
        let (full_xlsx, full_csv) = export(dir.path(), "full", &full_text);
        let (_, days_csv) = export(dir.path(), "days", &days_text);
        let profile = dir.path().join("profile");
        let calc = |inputs: &[&Path], infilter, to: &str, step: &str| {
            office::convert(inputs, infilter, to, &profile, &dir.path().join(step))
        };
        // Calc forces the CSV import filter only on the text files: it opens the workbook with
        // its own XLSX filter, and saves it byte for byte as it does without `--infilter`.
        let to_xlsx = calc(
            &[&full_xlsx, &full_csv, &days_csv],
            Some(CSV_IN),
            XLSX_OUT,
            "to-xlsx",
        );
        let [resaved, full_from_csv, days_from_csv] = &to_xlsx[..] else {
            panic!("three inputs: {to_xlsx:?}");
        };
        let ([resaved], [full_from_csv], [days_from_csv]) =
            (&resaved[..], &full_from_csv[..], &days_from_csv[..])
        else {
            panic!("one workbook for each: {to_xlsx:?}");
        };
        // Every sheet as CSV, each to a file of its own: the rows are the workbook's second
        // sheet, "Activities", after the grid (its files come sorted by name); a workbook Calc
        // made from a CSV has one. Each sheet's file is the very bytes Calc writes when asked for
        // that sheet alone.
        let to_csv = calc(
            &[&full_xlsx, full_from_csv, days_from_csv],
            None,
            CSV_OUT,
            "to-csv",
        );
        let [workbook, full_back_to_csv, days_back_to_csv] = &to_csv[..] else {
            panic!("three inputs: {to_csv:?}");
        };
        let ([saved_csv, grid], [full_back_to_csv], [days_back_to_csv]) =
            (&workbook[..], &full_back_to_csv[..], &days_back_to_csv[..])
        else {
            panic!("two sheets of the workbook, one of each from CSV: {to_csv:?}");
        };
        assert_eq!(
            (grid.file_name(), saved_csv.file_name()),
            (
                Some("full-workbook-Grid.csv".as_ref()),
                Some("full-workbook-Activities.csv".as_ref())
            ),
            "{to_csv:?}"
        );
        let read = |step: &'static str, path: &Path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (step, name, fs::read(path).unwrap())
        };
        let full = Calced {
            text: full_text,
            csv: fs::read_to_string(&full_csv).unwrap(),
            sheets: vec![
                read("xlsx-xlsx", resaved),
                read("csv-xlsx", full_from_csv),
                read("xlsx-csv", saved_csv),
                read("csv-xlsx-csv", full_back_to_csv),
            ],
        };
        let days = Calced {
            text: days_text,
            csv: fs::read_to_string(&days_csv).unwrap(),
            sheets: vec![
                read("csv-xlsx", days_from_csv),
                read("csv-xlsx-csv", days_back_to_csv),
            ],
        };
        (full, days)
    })
}

#[test]
fn every_field_survives_libreoffice_calc_both_ways() {
    if office::tools().is_none() {
        return;
    }
    let (full, _) = through_calc();
    for step in ["xlsx-xlsx", "csv-xlsx", "xlsx-csv", "csv-xlsx-csv"] {
        full.assert_imports_unchanged(step);
    }
}

#[test]
fn days_and_fractions_calc_turns_into_numbers_come_back_as_written() {
    if office::tools().is_none() {
        return;
    }
    // Calc opens a CSV's `2022-06-07` as a date and `0.5` as a number; the XLSX it saves holds
    // a serial day and a float, which import reads back as the text they were.
    let (_, days) = through_calc();
    assert!(days.csv.contains(",2022-06-07,2022-06-09,"), "{}", days.csv);
    for step in ["csv-xlsx", "csv-xlsx-csv"] {
        days.assert_imports_unchanged(step);
    }
}

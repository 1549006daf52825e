//! The spreadsheets `export` writes, opened and saved by LibreOffice Calc as a planner would,
//! come back through `import --into` as the very file they came from: the every-field fixture
//! through XLSX → XLSX, CSV → XLSX, XLSX → CSV and CSV → XLSX → CSV.
//!
//! These tests need `soffice` (`libreoffice-calc-nogui`, which `.ci/run` installs); without it
//! they fail and say so (see `common::office`).

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::office::{self, CSV_IN, XLSX_OUT, csv_out};
use crate::common::wpmatrix;

const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

/// A folder with `text` as `2022.ron` and its two exports, `rows.xlsx` and `rows.csv`.
struct Exported {
    dir: tempfile::TempDir,
    text: String,
}

impl Exported {
    fn new(text: &str) -> Exported {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("2022.ron");
        fs::write(&file, text).unwrap();
        for args in [
            &["--to", "xlsx", "-o", "rows.xlsx"][..],
            &["-o", "rows.csv"],
        ] {
            let out = wpmatrix()
                .current_dir(dir.path())
                .arg("export")
                .arg("2022.ron")
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Exported {
            dir,
            text: text.to_string(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `input` through Calc: read with `infilter`, saved with `to`, in a folder named `step`.
    fn calc(&self, input: &Path, infilter: Option<&str>, to: &str, step: &str) -> PathBuf {
        let into = self.path(step);
        office::convert(input, infilter, to, &self.path("profile"), &into)
    }

    /// `import SHEET --into` a fresh copy of the programme: it says "no changes", leaves the
    /// file byte for byte as it was, and `check` passes.
    fn assert_imports_unchanged(&self, sheet: &Path, what: &str) {
        let copy = self.dir.path().join(format!("{what}.ron"));
        fs::write(&copy, &self.text).unwrap();
        let out = wpmatrix()
            .arg("import")
            .arg(sheet)
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
            "{what}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(fs::read_to_string(&copy).unwrap(), self.text, "{what}");
        let check = wpmatrix().arg("check").arg(&copy).output().unwrap();
        assert_eq!(check.status.code(), Some(0), "{what}: check");
    }
}

#[test]
fn every_field_survives_libreoffice_calc_both_ways() {
    if office::tools().is_none() {
        return;
    }
    let full = Exported::new(&fs::read_to_string(FULL).unwrap());
    let xlsx = full.path("rows.xlsx");
    let csv = full.path("rows.csv");

    let resaved = full.calc(&xlsx, None, XLSX_OUT, "xlsx-xlsx");
    full.assert_imports_unchanged(&resaved, "xlsx-xlsx");

    let from_csv = full.calc(&csv, Some(CSV_IN), XLSX_OUT, "csv-xlsx");
    full.assert_imports_unchanged(&from_csv, "csv-xlsx");

    // The rows are the workbook's second sheet, "Activities", after the grid.
    let saved_csv = full.calc(&xlsx, None, &csv_out(2), "xlsx-csv");
    full.assert_imports_unchanged(&saved_csv, "xlsx-csv");

    let back_to_csv = full.calc(&from_csv, None, &csv_out(1), "csv-xlsx-csv");
    full.assert_imports_unchanged(&back_to_csv, "csv-xlsx-csv");
}

#[test]
fn days_and_fractions_calc_turns_into_numbers_come_back_as_written() {
    if office::tools().is_none() {
        return;
    }
    // Calc opens a CSV's `2022-06-07` as a date and `0.5` as a number; the XLSX it saves holds
    // a serial day and a float, which import reads back as the text they were.
    let text = fs::read_to_string(FULL)
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
        );
    let days = Exported::new(&text);
    assert!(
        fs::read_to_string(days.path("rows.csv"))
            .unwrap()
            .contains(",2022-06-07,2022-06-09,")
    );
    let from_csv = days.calc(&days.path("rows.csv"), Some(CSV_IN), XLSX_OUT, "csv-xlsx");
    days.assert_imports_unchanged(&from_csv, "csv-xlsx");
    let back_to_csv = days.calc(&from_csv, None, &csv_out(1), "csv-xlsx-csv");
    days.assert_imports_unchanged(&back_to_csv, "csv-xlsx-csv");
}

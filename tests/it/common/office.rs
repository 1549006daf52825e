//! LibreOffice Calc, headless, converting the spreadsheets wpmatrix exports as a planner's Calc
//! would open and save them (`soffice --headless --convert-to`).
//!
//! The tests need `soffice` (Debian's `libreoffice-calc-nogui`; `.ci/run` installs it). Without
//! it they fail and say so, unless `WPMATRIX_SKIP_OFFICE=1` is set on purpose.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// How Calc opens a CSV file when a planner picks its defaults in the import dialog: comma,
/// `"` quotes, UTF-8 (76), from line 1, every column "Standard" (numbers and ISO dates become
/// numbers).
pub const CSV_IN: &str = "CSV:44,34,76,1";

/// How Calc saves a workbook as CSV: comma, `"` quotes, UTF-8, cells as shown, as its "Text
/// CSV" filter does; every sheet (`-1`) to a file of its own, `STEM-SHEET.csv`, each the very
/// bytes Calc writes when asked for that one sheet.
pub const CSV_OUT: &str =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

/// Calc's own XLSX, "Calc MS Excel 2007 XML".
pub const XLSX_OUT: &str = "xlsx";

/// Whether LibreOffice is here. Its absence is a failure, not a silent skip: CI must install it
/// (`.ci/run`).
pub fn tools() -> Option<()> {
    let found = Command::new("soffice")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if found {
        return Some(());
    }
    if std::env::var_os("WPMATRIX_SKIP_OFFICE").is_some_and(|v| v == "1") {
        eprintln!("skipping the LibreOffice test: WPMATRIX_SKIP_OFFICE=1");
        return None;
    }
    panic!(
        "the LibreOffice round trip needs soffice (missing). Install it as .ci/run does: \
         `apt-get update && apt-get install -y libreoffice-calc-nogui`, \
         or set WPMATRIX_SKIP_OFFICE=1 to skip this test on purpose"
    );
}

/// Converts each of `inputs` with one start of Calc, reading them with `infilter` when given and
/// writing them with `to` (a `--convert-to` argument) into `into`, a folder of their own; the
/// files written for each input (one, or one per sheet as CSV), in the order of `inputs`. Calc
/// names what it writes after its input's stem, so the inputs' stems must differ and none may
/// begin another's. `profile` is Calc's user profile, which one Calc at a time may use; a
/// profile used before starts Calc with less work than a fresh one.
pub fn convert(
    inputs: &[&Path],
    infilter: Option<&str>,
    to: &str,
    profile: &Path,
    into: &Path,
) -> Vec<Vec<PathBuf>> {
    let stems: Vec<String> = inputs
        .iter()
        .map(|input| input.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for (i, stem) in stems.iter().enumerate() {
        assert!(
            !stems
                .iter()
                .enumerate()
                .any(|(j, other)| i != j && other.starts_with(stem.as_str())),
            "inputs to one Calc run need stems that do not begin one another: {stems:?}"
        );
    }
    let out = into.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let mut command = Command::new("soffice");
    command.arg("--headless").arg("--norestore").arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ));
    if let Some(infilter) = infilter {
        command.arg(format!("--infilter={infilter}"));
    }
    let status = super::run::status(
        command
            .args(["--convert-to", to, "--outdir"])
            .arg(&out)
            .args(inputs)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    );
    assert!(status.success(), "soffice failed: {status}");
    let written: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    let files: Vec<Vec<PathBuf>> = inputs
        .iter()
        .zip(&stems)
        .map(|(input, stem)| {
            let mut mine: Vec<PathBuf> = written
                .iter()
                .filter(|path| {
                    let name = path.file_name().unwrap().to_string_lossy();
                    name.strip_prefix(stem.as_str())
                        .is_some_and(|rest| rest.starts_with(['.', '-']))
                })
                .map(|one| {
                    let moved = into.join(one.file_name().unwrap());
                    std::fs::rename(one, &moved).unwrap();
                    moved
                })
                .collect();
            assert!(
                !mine.is_empty(),
                "soffice wrote nothing for {}",
                input.display()
            );
            mine.sort();
            mine
        })
        .collect();
    assert_eq!(
        files.iter().map(Vec::len).sum::<usize>(),
        written.len(),
        "soffice wrote {written:?} for {inputs:?}"
    );
    files
}

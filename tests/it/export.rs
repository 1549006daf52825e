//! `wpmatrix export` as a user meets it: CSV delimiters for European Excel, never writing over its
//! own input, control characters kept off a terminal, XLSX cells over Excel's limit named, and
//! the XLSX print set-up.

use crate::common::PROGRAMME_2022;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use wpmatrix::cli::Cli;
use wpmatrix::commands::{self, Console};
use wpmatrix::model::{Activity, Cluster, Programme};
use wpmatrix::store::to_canonical;

fn export(args: &[&str]) -> assert_cmd::assert::Assert {
    crate::common::wpmatrix().arg("export").args(args).assert()
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    export(args).success().get_output().stdout.clone()
}

/// The records of a CSV read with the given delimiter by the csv crate.
fn records(bytes: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

// ---------------------------------------------------------------- delimiters

#[test]
fn semicolon_and_tab_csv_hold_the_same_cells_as_comma_csv() {
    for layout in ["rows", "grid"] {
        let comma = records(&stdout_of(&[PROGRAMME_2022, "--layout", layout]), b',');
        assert!(comma.len() >= 6, "{layout}");
        for (given, byte) in [(";", b';'), ("tab", b'\t'), ("\\t", b'\t'), ("\t", b'\t')] {
            let args = [PROGRAMME_2022, "--layout", layout, "--delimiter", given];
            let bytes = stdout_of(&args);
            let first_line = bytes.split(|b| *b == b'\n').next().unwrap();
            assert!(first_line.contains(&byte), "{layout} {given:?}");
            assert_eq!(records(&bytes, byte), comma, "{layout} {given:?}");
        }
    }
}

#[test]
fn excel_with_semicolons_has_a_bom_and_reads_back_in_python() {
    let bytes = stdout_of(&[PROGRAMME_2022, "--excel", "--delimiter", ";"]);
    assert!(bytes.starts_with("\u{feff}year;cluster_id;cluster;".as_bytes()));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2022.csv");
    std::fs::write(&file, &bytes).unwrap();
    let mut python = Command::new("python3");
    python
        .args([
            "-c",
            "import csv,sys; rows=list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';')); print(len(rows), len(rows[0]), rows[1][5])",
        ])
        .arg(&file);
    let python = crate::common::run::output(&mut python);
    assert!(python.status.success(), "{python:?}");
    assert_eq!(
        String::from_utf8_lossy(&python.stdout),
        "33 13 PES Stakeholder conference\n"
    );
}

#[test]
fn a_semicolon_export_imports_back_to_the_same_activities() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("2022.csv");
    let ron = dir.path().join("2022.ron");
    crate::common::wpmatrix()
        .args([
            "export",
            PROGRAMME_2022,
            "--excel",
            "--delimiter",
            ";",
            "-o",
        ])
        .arg(&csv)
        .assert()
        .success();
    crate::common::wpmatrix()
        .arg("import")
        .arg(&csv)
        .arg("-o")
        .arg(&ron)
        .assert()
        .success();
    let original = stdout_of(&[PROGRAMME_2022]);
    let back = stdout_of(&[ron.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8(back).unwrap(),
        String::from_utf8(original).unwrap()
    );
}

#[test]
fn other_delimiters_are_refused_with_the_accepted_ones() {
    for bad in ["|", "::", "", "semicolon"] {
        let out = export(&[PROGRAMME_2022, "--delimiter", bad]).code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains(
                "is not a delimiter wpmatrix writes; use ',', ';' or tab ('tab' or '\\t')"
            ),
            "{bad:?}: {stderr}"
        );
    }
}

#[test]
fn help_says_how_to_export_for_european_excel() {
    let out = crate::common::wpmatrix()
        .args(["export", "--help"])
        .assert()
        .success();
    let help = String::from_utf8_lossy(&out.get_output().stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains(
            "For Excel: BOM, formula-safe; add `--delimiter ';'` for locales with a decimal comma"
        ),
        "{help}"
    );
    assert!(help.contains("html"));
}

// ---------------------------------------------------------------- never over the input

fn copy_2022(dir: &Path) -> PathBuf {
    let file = dir.join("x.ron");
    std::fs::copy(PROGRAMME_2022, &file).unwrap();
    file
}

#[test]
fn export_refuses_to_write_over_its_own_input_however_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_2022(dir.path());
    let before = std::fs::read(&file).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&file, &link).unwrap();
    let hard = dir.path().join("hard.ron");
    std::fs::hard_link(&file, &hard).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    for (input, output) in [
        ("x.ron", "x.ron"),
        ("x.ron", "./x.ron"),
        ("./x.ron", "sub/../x.ron"),
        ("x.ron", "link.ron"),
        ("link.ron", "x.ron"),
        ("x.ron", "hard.ron"),
    ] {
        for to in ["csv", "html", "xlsx", "json"] {
            let out = crate::common::wpmatrix()
                .current_dir(dir.path())
                .args(["export", input, "--to", to, "-o", output])
                .assert()
                .code(2);
            let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
            assert!(
                stderr.contains(&format!(
                    "{output}: -o names the programme being exported; the export would replace it"
                )),
                "{input} -o {output}: {stderr}"
            );
        }
    }
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "the input is untouched"
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // A different file is fine.
    crate::common::wpmatrix()
        .current_dir(dir.path())
        .args(["export", "x.ron", "-o", "x.csv"])
        .assert()
        .success();
}

// ---------------------------------------------------------------- terminals

/// A programme whose texts carry terminal escape sequences.
fn with_escapes() -> Programme {
    let mut p = Programme::new(2022, "Title \u{1b}]0;pwned\u{7}");
    let mut c = Cluster::new("c", "Cluster \u{1b}[2J");
    let mut a = Activity::new("a", "=Title\u{1b}[31mred\r");
    a.description = "tab\there, CSI \u{9b}31m, DEL \u{7f}".to_string();
    a.notes = "line\nbreak".to_string();
    c.activities.push(a);
    p.clusters.push(c);
    p
}

/// What `wpmatrix export FILE ARGS` writes to standard output, a terminal or not.
fn console_export(file: &Path, args: &[&str], terminal: bool) -> Vec<u8> {
    let mut argv = vec!["wpmatrix", "export", file.to_str().unwrap()];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console {
        out: &mut out,
        err: &mut err,
        out_is_terminal: terminal,
        err_is_terminal: false,
        out_width: None,
    };
    commands::run(cli, &mut console).unwrap();
    out
}

#[test]
fn export_to_a_terminal_shows_control_characters_and_pipes_get_exact_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2022.ron");
    std::fs::write(&file, to_canonical(&with_escapes())).unwrap();
    let variants: [&[&str]; 7] = [
        &[],
        &["--layout", "grid"],
        &["--excel"],
        &["--delimiter", "tab"],
        &["--to", "md"],
        &["--to", "json"],
        &["--to", "html"],
    ];
    for args in variants {
        let shown = String::from_utf8(console_export(&file, args, true)).unwrap();
        let stray = shown.char_indices().find(|&(i, c)| match c {
            '\n' => false,
            '\r' => !shown[i..].starts_with("\r\n"),
            '\t' => !args.contains(&"tab"),
            c => c.is_control(),
        });
        assert_eq!(stray, None, "{args:?}: {shown:?}");
        assert!(
            shown.contains('␛') || args.contains(&"json") || args.contains(&"html"),
            "{args:?}"
        );
        // Piped or written with -o: the exact bytes.
        let piped = console_export(&file, args, false);
        let out = dir.path().join("out");
        let mut with_o = args.to_vec();
        with_o.extend(["-o", out.to_str().unwrap()]);
        let _ = console_export(&file, &with_o, true);
        assert_eq!(std::fs::read(&out).unwrap(), piped, "{args:?}");
        if !args.contains(&"json") && !args.contains(&"html") {
            assert!(
                piped.contains(&0x1b),
                "{args:?}: the file's bytes go out unchanged"
            );
        }
    }
}

// ---------------------------------------------------------------- XLSX

#[test]
fn xlsx_export_names_the_activity_and_field_over_excels_limit() {
    let mut p = Programme::new(2022, "T");
    let mut c = Cluster::new("skills", "Skills");
    let mut a = Activity::new("long-description", "Long");
    a.description = "x".repeat(40_000);
    c.activities.push(a);
    p.clusters.push(c);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2022.ron");
    std::fs::write(&file, to_canonical(&p)).unwrap();
    let out = dir.path().join("2022.xlsx");
    crate::common::wpmatrix()
        .arg("export")
        .arg(&file)
        .args(["--to", "xlsx", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(
            "wpmatrix: cannot write XLSX: Excel holds at most 32,767 characters in a cell; this \
             text is longer:\n  activity \"long-description\" (cluster \"skills\", position 1), \
             description: 40,000 characters\nShorten it, or export CSV (--to csv), which has no \
             such limit.\n",
        );
    assert!(!out.exists(), "nothing written");
}

/// Reads one part of an `.xlsx` (a zip) with Python's zipfile, an independent reader.
fn xlsx_part(xlsx: &Path, part: &str) -> String {
    let mut python = Command::new("python3");
    python
        .args([
            "-c",
            "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())",
        ])
        .arg(xlsx)
        .arg(part);
    let out = crate::common::run::output(&mut python);
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn xlsx_sheets_print_landscape_one_page_wide_with_headers_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2022.xlsx");
    export(&[PROGRAMME_2022, "--to", "xlsx", "-o", out.to_str().unwrap()]).success();
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = xlsx_part(&out, sheet);
        assert!(
            xml.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "{sheet}: {xml}"
        );
        assert!(xml.contains("orientation=\"landscape\""), "{sheet}");
        assert!(xml.contains("paperSize=\"9\""), "{sheet}: A4");
        assert!(
            xml.contains("fitToHeight=\"0\""),
            "{sheet}: one page wide, any height"
        );
        assert!(xml.contains("Page &amp;P of &amp;N"), "{sheet}");
    }
    let workbook = xlsx_part(&out, "xl/workbook.xml");
    assert!(
        workbook.contains(
            "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">Grid!$1:$2</definedName>"
        ),
        "{workbook}"
    );
    assert!(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">Activities!$1:$1</definedName>"), "{workbook}");
}

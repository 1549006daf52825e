//! Exchange with spreadsheets and documents: CSV both ways, the grid layout, XLSX, Markdown, JSON.
//! Round trips, an independent reader for every format we write, and import of what spreadsheets
//! make of our CSV.

use crate::common;
use crate::common::PROGRAMME_2022;
use crate::common::shipped as programme_2022;

use common::NOT_IN_ROWS;
use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use proptest::prelude::*;
use wpmatrix::exchange::csv_import::{TitleMatch, apply, read_sheet};
use wpmatrix::exchange::csv_rows::{CsvFlavour, defuse_formula, rows, write_records};
use wpmatrix::exchange::xlsx;
use wpmatrix::model::{Activity, Cluster, Format, PlanDate, Programme, Status};
use wpmatrix::store::{self, to_canonical};

fn csv_of(programme: &Programme, flavour: CsvFlavour) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_records(rows(programme), flavour, &mut bytes).unwrap();
    bytes
}

/// What `import -o` makes of a CSV: a fresh programme of the CSV's year.
fn import(bytes: &[u8], year: i32) -> Programme {
    let sheet = read_sheet(bytes).unwrap();
    assert_eq!(sheet.problems, vec![]);
    let mut programme = Programme::new(year, format!("Work Programme {year}"));
    let (problems, _) = apply(&sheet, &mut programme, TitleMatch::Same);
    assert_eq!(problems, vec![]);
    programme
}

// ---------------------------------------------------------------- round trips

#[test]
fn rows_csv_of_2022_matches_the_golden_file() {
    let bytes = csv_of(&programme_2022(), CsvFlavour::Plain);
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.ends_with("\r\n"));
    assert_eq!(text.matches("\r\n").count(), 1 + 32, "header and 32 rows");
    insta::assert_snapshot!(text.replace("\r\n", "⏎\n"));
}

/// Exports `original` as CSV and imports it `--into` a copy of itself: nothing may change, to
/// the byte.
fn assert_export_then_import_into_changes_nothing(original: &Path, dir: &Path) {
    let copy = dir.join("copy.ron");
    std::fs::copy(original, &copy).unwrap();
    let csv = dir.join("exported.csv");
    crate::common::wpmatrix()
        .arg("export")
        .arg(original)
        .arg("-o")
        .arg(&csv)
        .assert()
        .success();
    crate::common::wpmatrix()
        .arg("import")
        .arg(&csv)
        .arg("--into")
        .arg(&copy)
        .assert()
        .success()
        .stdout(format!("{}: no changes\n", copy.display()));
    assert_eq!(
        std::fs::read(&copy).unwrap(),
        std::fs::read(original).unwrap()
    );
}

#[test]
fn export_then_import_into_2022_gives_back_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    assert_export_then_import_into_changes_nothing(Path::new(PROGRAMME_2022), dir.path());
}

#[test]
fn a_format_with_a_comma_survives_export_and_import_into() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("2022.ron");
    let mut p = programme_2022();
    // Alone in its cell, so nothing but the comma could split it.
    p.clusters[0].activities[0].formats = vec![Format::parse("Study, phase 2")];
    store::save(&original, &p).unwrap();
    assert_export_then_import_into_changes_nothing(&original, dir.path());
}

#[test]
fn import_help_says_what_the_rows_layout_does_not_carry() {
    let help = crate::common::wpmatrix()
        .args(["import", "--help"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(help)
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains(
            "The programme title, adoption date, cluster summaries and empty clusters are not in \
             the rows layout"
        ),
        "{help}"
    );
    assert!(
        help.contains("`--into` keeps them from an existing programme"),
        "{help}"
    );
}

#[test]
fn plain_import_of_2022_keeps_every_activity_and_cluster() {
    let original = programme_2022();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("out.csv");
    std::fs::write(&csv, csv_of(&original, CsvFlavour::Plain)).unwrap();
    let imported = dir.path().join("2022.ron");
    crate::common::wpmatrix()
        .arg("import")
        .arg(&csv)
        .arg("-o")
        .arg(&imported)
        .assert()
        .success()
        .stdout(format!(
            "wrote {}: 6 clusters, 32 activities\n{NOT_IN_ROWS}\"Work Programme 2022\". \
             `import --into EXISTING` keeps them from an existing programme\n",
            imported.display()
        ));
    let back = store::load(&imported).unwrap().1.programme;
    // The rows layout has no column for the title, the adoption date or cluster summaries.
    let mut expected = original.clone();
    expected.title = "Work Programme 2022".into();
    expected.adopted = None;
    for cluster in &mut expected.clusters {
        cluster.summary.clear();
    }
    assert_eq!(to_canonical(&back), to_canonical(&expected));
}

#[test]
fn rows_without_their_trailing_empty_cells_import_the_same() {
    // Excel leaves a row's trailing empty cells out when it saves a CSV.
    let bytes = csv_of(&programme_2022(), CsvFlavour::Plain);
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut trimmed = String::new();
    for line in text.split_inclusive("\r\n") {
        let body = line.strip_suffix("\r\n").unwrap_or(line);
        trimmed.push_str(body.trim_end_matches(','));
        trimmed.push_str("\r\n");
    }
    assert!(trimmed.len() < text.len(), "some rows end in empty cells");
    assert_eq!(
        to_canonical(&import(trimmed.as_bytes(), 2022)),
        to_canonical(&import(&bytes, 2022))
    );
}

/// Text with everything a CSV or a spreadsheet can trip over.
fn tricky_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,;\"'\n\r\t=+@|<>éàüßñ€😀🎉-]{0,16}").unwrap()
}

fn non_blank(text: String) -> String {
    if text.trim().is_empty() {
        format!("x{text}")
    } else {
        text
    }
}

fn plan_date(year: i32) -> impl Strategy<Value = Option<PlanDate>> {
    prop_oneof![
        Just(None),
        (1u32..=12, 1u32..=28).prop_map(move |(m, d)| Some(PlanDate::Day(
            chrono::NaiveDate::from_ymd_opt(year, m, d).unwrap()
        ))),
        (1u32..=12).prop_map(move |month| Some(PlanDate::Month { year, month })),
        (1u32..=4).prop_map(move |quarter| Some(PlanDate::Quarter { year, quarter })),
    ]
}

fn activity(year: i32) -> impl Strategy<Value = Activity> {
    (
        (tricky_text(), tricky_text(), tricky_text()),
        // Free-text formats may hold commas; never `;`, which separates them (check refuses it).
        proptest::collection::vec("[a-zA-Z][a-zA-Z ,éü😀]{0,10}", 0..3),
        0usize..Status::ALL.len(),
        (plan_date(year), plan_date(year)),
        proptest::option::of("[a-z]{1,8}"),
    )
        .prop_map(
            move |((title, description, notes), formats, status, (start, end), follow_up)| {
                let mut a = Activity::new("", non_blank(title));
                a.description = description;
                a.notes = notes;
                a.formats = formats.iter().map(|f| Format::parse(f)).collect();
                a.status = Status::ALL[status];
                a.start = start;
                a.end = match (start, end) {
                    (Some(s), Some(e)) if e.last_day() < s.first_day() => None,
                    _ => end,
                };
                a.follow_up_of = follow_up.map(|id| format!("{}/{id}", year - 1));
                a
            },
        )
}

/// Programmes as import writes them: its title, no adoption date, no cluster summaries.
fn programme() -> impl Strategy<Value = Programme> {
    (2000i32..2100).prop_flat_map(|year| {
        proptest::collection::vec(
            (
                tricky_text(),
                // A cluster without activities has no row in the rows layout, so it cannot come back.
                proptest::collection::vec(activity(year), 1..4),
            ),
            1..4,
        )
        .prop_map(move |clusters| {
            let mut p = Programme::new(year, format!("Work Programme {year}"));
            let mut n = 0;
            for (c, (name, activities)) in clusters.into_iter().enumerate() {
                let mut cluster = Cluster::new(format!("cluster-{c}"), non_blank(name));
                for mut a in activities {
                    n += 1;
                    a.id = format!("activity-{n}");
                    cluster.activities.push(a);
                }
                p.clusters.push(cluster);
            }
            p
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_programmes_round_trip_through_csv(p in programme()) {
        for flavour in [CsvFlavour::Plain, CsvFlavour::Excel] {
            let back = import(&csv_of(&p, flavour), p.year);
            prop_assert_eq!(to_canonical(&back), to_canonical(&p), "{:?}", flavour);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn merging_an_export_into_its_own_programme_changes_nothing(
        mut p in programme(),
        title in tricky_text(),
        summary in tricky_text(),
    ) {
        // What the rows layout cannot carry survives a merge untouched.
        p.title = non_blank(title);
        p.adopted = chrono::NaiveDate::from_ymd_opt(p.year - 1, 12, 10);
        p.clusters[0].summary = summary;
        let sheet = read_sheet(&csv_of(&p, CsvFlavour::Excel)).unwrap();
        let mut merged = p.clone();
        let (problems, _) = apply(&sheet, &mut merged, TitleMatch::Same);
        prop_assert_eq!(problems, vec![]);
        prop_assert_eq!(to_canonical(&merged), to_canonical(&p));
    }
}

#[test]
fn excel_export_imports_back_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let original = dir.path().join("2023.ron");
    store::save(&original, &nasty_programme()).unwrap();
    let csv = dir.path().join("excel.csv");
    crate::common::wpmatrix()
        .arg("export")
        .arg(&original)
        .args(["--excel", "-o"])
        .arg(&csv)
        .assert()
        .success();
    let back = dir.path().join("back").join("2023.ron");
    std::fs::create_dir(back.parent().unwrap()).unwrap();
    crate::common::wpmatrix()
        .arg("import")
        .arg(&csv)
        .arg("-o")
        .arg(&back)
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&back).unwrap(),
        std::fs::read_to_string(&original).unwrap()
    );
}

// ---------------------------------------------------------------- independent readers

/// The cells Python's csv module reads from a file.
fn python_cells(path: &Path, encoding: &str) -> Vec<Vec<String>> {
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding=sys.argv[2]) as f:\n\
                  \x20   print(json.dumps(list(csv.reader(f))))";
    let output = crate::common::run::output(
        Command::new("python3")
            .args(["-c", script])
            .arg(path)
            .arg(encoding),
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn nasty_programme() -> Programme {
    let mut p = Programme::new(2023, "Work Programme 2023");
    let mut c = Cluster::new("c", "Quotes \"and\", commas; semicolons");
    let mut a = Activity::new("a", "=HYPERLINK(\"http://x\")");
    a.description = "line one\nline two\r\nline three, with \"quotes\"".into();
    a.notes = "Ærø – naïve café 😀 | pipe".into();
    a.formats = vec![Format::parse("Seminar"), Format::parse("Grüße 🎉")];
    a.start = Some("2023-03-15".parse().unwrap());
    a.end = Some("2023-Q2".parse().unwrap());
    c.activities.push(a);
    let mut b = Activity::new("b", "-minus first");
    b.description = "@at first".into();
    b.notes = "'quoted first".into();
    c.activities.push(b);
    p.clusters.push(c);
    p
}

#[test]
fn python_reads_the_same_cells_we_wrote() {
    // Every CSV defuses formulas (issue 18): a cell that starts like one comes with a `'`.
    let dir = tempfile::tempdir().unwrap();
    for programme in [programme_2022(), nasty_programme()] {
        let path = dir.path().join("plain.csv");
        std::fs::write(&path, csv_of(&programme, CsvFlavour::Plain)).unwrap();
        let expected: Vec<Vec<String>> = rows(&programme)
            .map(|row| row.iter().map(|cell| defuse_formula(cell)).collect())
            .collect();
        assert_eq!(python_cells(&path, "utf-8"), expected);
    }
    let cells = python_cells(&dir.path().join("plain.csv"), "utf-8");
    assert_eq!(cells[1][5], "'=HYPERLINK(\"http://x\")");
    assert_eq!(cells[2][12], "''quoted first");
}

#[test]
fn python_reads_the_excel_flavour_with_formulas_defused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("excel.csv");
    std::fs::write(&path, csv_of(&nasty_programme(), CsvFlavour::Excel)).unwrap();
    assert!(
        std::fs::read(&path)
            .unwrap()
            .starts_with("\u{feff}".as_bytes())
    );
    let cells = python_cells(&path, "utf-8-sig");
    assert_eq!(cells[0][0], "year");
    assert_eq!(cells[1][5], "'=HYPERLINK(\"http://x\")");
    assert_eq!(cells[2][5], "'-minus first");
    assert_eq!(cells[2][6], "'@at first");
    assert_eq!(cells[2][12], "''quoted first");
    assert_eq!(cells[1][12], "Ærø – naïve café 😀 | pipe");
}

#[test]
fn xlsx_has_a_grid_and_an_activities_sheet_with_real_dates() {
    let bytes = xlsx::to_xlsx(&nasty_programme()).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["Grid", "Activities"]);

    let grid = workbook.worksheet_range("Grid").unwrap();
    let text = |d: Option<&Data>| d.map(std::string::ToString::to_string).unwrap_or_default();
    assert_eq!(text(grid.get_value((0, 0))), "Work Programme 2023");
    assert_eq!(text(grid.get_value((1, 1))), "planned");
    assert_eq!(text(grid.get_value((1, 6))), "cancelled");
    assert_eq!(
        text(grid.get_value((3, 0))),
        "Quotes \"and\", commas; semicolons"
    );
    assert!(text(grid.get_value((3, 1))).starts_with("=HYPERLINK(\"http://x\")\nline one\n"));
    assert_eq!(
        text(grid.get_value((3, 2))),
        "-minus first\n@at first\nplanned"
    );

    let activities = workbook.worksheet_range("Activities").unwrap();
    let header: Vec<String> = (0..13)
        .map(|c| text(activities.get_value((0, c))))
        .collect();
    assert_eq!(header, wpmatrix::exchange::csv_rows::HEADER);
    assert_eq!(activities.get_value((1, 0)), Some(&Data::Float(2023.0)));
    assert_eq!(
        text(activities.get_value((1, 5))),
        "=HYPERLINK(\"http://x\")"
    );
    match activities.get_value((1, 9)) {
        // 2023-03-15 is day 45000 of Excel's calendar.
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 45000.0),
        other => panic!("start is not a date cell: {other:?}"),
    }
    assert_eq!(text(activities.get_value((1, 10))), "2023-Q2");
}

#[test]
fn xlsx_rows_are_no_taller_than_excel_allows() {
    let mut p = nasty_programme();
    p.clusters[0].activities[0].description = "A long line of description. ".repeat(200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wp.xlsx");
    std::fs::write(&path, xlsx::to_xlsx(&p).unwrap()).unwrap();
    // Every row height the worksheets set, as Python's zipfile reads them.
    let script = "import re, sys, zipfile\n\
                  z = zipfile.ZipFile(sys.argv[1])\n\
                  for n in z.namelist():\n\
                  \x20   if n.startswith('xl/worksheets/'):\n\
                  \x20       for h in re.findall(r'<row [^>]*\\bht=\"([0-9.]+)\"', z.read(n).decode()):\n\
                  \x20           print(h)";
    let output =
        crate::common::run::output(Command::new("python3").args(["-c", script]).arg(&path));
    assert!(output.status.success());
    let heights: Vec<f64> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|h| h.parse().unwrap())
        .collect();
    // The writer rounds heights to whole pixels: 409 points is written as 408.75.
    assert!(heights.iter().any(|h| *h > 400.0), "{heights:?}");
    assert!(heights.iter().all(|h| *h <= 409.0), "{heights:?}");
}

// ---------------------------------------------------------------- export through the CLI

fn export(args: &[&str]) -> Vec<u8> {
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022])
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

#[test]
fn export_json_is_the_programme() {
    let json: serde_json::Value = serde_json::from_slice(&export(&["--to", "json"])).unwrap();
    assert_eq!(json["title"], "PES Network Work Programme 2022");
    assert_eq!(json["adopted"], "2021-12-10");
    assert_eq!(json["clusters"].as_array().unwrap().len(), 6);
    assert_eq!(
        json["clusters"][0]["activities"][2]["formats"],
        serde_json::json!(["Thematic Review Workshop", "Self-driven working group"])
    );
}

#[test]
fn export_markdown_has_a_table_per_cluster() {
    let md = String::from_utf8(export(&["--to", "md"])).unwrap();
    assert!(md.starts_with("# PES Network Work Programme 2022\n\nAdopted 2021-12-10.\n"));
    assert_eq!(md.matches("\n## ").count(), 6);
    assert_eq!(md.matches("| # | Activity |").count(), 6);
    assert!(md.contains(
        "| 3 | **Greening of the labour market** | Identifying changes and PES needs<br>Impact on taxonomies |"
    ));
}

#[test]
fn export_grid_layout_has_a_line_per_cluster() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("grid.csv");
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--layout", "grid", "-o"])
        .arg(&path)
        .assert()
        .success()
        .stdout("");
    let cells = python_cells(&path, "utf-8");
    let programme = programme_2022();
    assert_eq!(cells.len(), 6);
    for (row, cluster) in cells.iter().zip(&programme.clusters) {
        assert_eq!(row[0], cluster.name);
        assert_eq!(row.len(), 1 + cluster.activities.len());
    }
    assert_eq!(
        cells[0][3],
        "Greening of the labour market\nIdentifying changes and PES needs\nImpact on taxonomies\n\
         Thematic Review Workshop; Self-driven working group\nplanned"
    );
}

#[test]
fn export_xlsx_goes_to_a_pipe_or_a_file() {
    let piped = export(&["--to", "xlsx"]);
    assert!(piped.starts_with(b"PK"), "an xlsx is a zip file");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wp.xlsx");
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    let mut workbook: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let activities = workbook.worksheet_range("Activities").unwrap();
    assert_eq!(activities.height(), 33);
}

#[test]
fn export_options_that_do_not_apply_are_refused() {
    crate::common::wpmatrix()
        .args(["export", PROGRAMME_2022, "--to", "md", "--excel"])
        .assert()
        .code(2)
        .stderr("wpmatrix: --excel is for CSV; --to md does not take it\n");
}

#[test]
fn xlsx_to_a_terminal_is_refused_with_exit_2() {
    let mut pty = common::pty::Spawn::wpmatrix(&["export", PROGRAMME_2022, "--to", "xlsx"])
        .size(200, 24)
        .start();
    let status = pty.wait_for_exit();
    assert_eq!(status.exit_code(), 2);
    let shown = pty.output();
    assert!(
        shown.contains("wpmatrix: an XLSX workbook is binary and standard output is a terminal"),
        "{shown}"
    );
    assert!(!shown.contains("PK"), "no workbook bytes on the terminal");
}

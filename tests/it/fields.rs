//! The optional fields (leads, themes, sessions, outputs, own fields, the programme's stage):
//! through the file, `check`, the filter, spreadsheets both ways, diff, merge and roll-over, on
//! `tests/fixtures/full.ron`, a programme with every field filled from the EURES minutes.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::wpmatrix;
use wpmatrix::model::filter::Filter;
use wpmatrix::model::merge::merge;
use wpmatrix::model::{Programme, Session};
use wpmatrix::store::{parse, to_canonical};

const FULL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/full.ron");

fn full_text() -> String {
    fs::read_to_string(FULL).unwrap()
}

fn full() -> Programme {
    parse(&full_text()).unwrap().programme
}

/// A copy of the fixture as `2022.ron` in a fresh folder.
fn copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2022.ron");
    fs::write(&path, full_text()).unwrap();
    (dir, path)
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = wpmatrix().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_full_fixture_is_canonical_and_clean() {
    assert_eq!(to_canonical(&full()), full_text());
    let (code, out, err) = run(&["check", FULL]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    let (code, _, _) = run(&["fmt", "--check", FULL]);
    assert_eq!(code, 0);
}

#[test]
fn files_without_the_new_fields_keep_their_bytes() {
    let shipped = fs::read_to_string(crate::common::SHIPPED).unwrap();
    let p = parse(&shipped).unwrap().programme;
    assert!(
        p.activities()
            .all(|(_, a)| a.leads.is_empty() && a.values.is_empty())
    );
    assert_eq!(to_canonical(&p), shipped);
    assert!(!shipped.contains("leads") && !shipped.contains("stage"));
}

#[test]
fn csv_export_and_import_into_give_back_the_file_byte_for_byte() {
    let (dir, file) = copy();
    let csv = dir.path().join("rows.csv");
    let (code, _, err) = run(&["export", path(&file), "-o", path(&csv)]);
    assert_eq!(code, 0, "{err}");
    let text = fs::read_to_string(&csv).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(
        header,
        "year,cluster_id,cluster,position,activity_id,title,description,formats,status,start,end,\
         follow_up_of,notes,leads,sessions,outputs,themes,budget,rapporteur,priority,mandate,review"
    );
    assert!(text.contains(
        "#1 2022-06 Rome IT hybrid host:IT 100+500 held,,mobility; digital,250000.5,,,,2022-Q3"
    ));
    let (code, out, err) = run(&["import", path(&csv), "--into", path(&file)]);
    assert_eq!(
        (code, out.as_str()),
        (0, format!("{}: no changes\n", path(&file)).as_str()),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), full_text());
}

#[test]
fn xlsx_export_and_import_into_give_back_the_file_byte_for_byte() {
    let (dir, file) = copy();
    let xlsx = dir.path().join("rows.xlsx");
    let (code, _, err) = run(&["export", path(&file), "--to", "xlsx", "-o", path(&xlsx)]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&["import", path(&xlsx), "--into", path(&file)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), full_text());
}

#[test]
fn import_of_an_export_into_a_new_file_gives_back_every_activity() {
    let (dir, file) = copy();
    let csv = dir.path().join("rows.csv");
    run(&["export", path(&file), "-o", path(&csv)]);
    // A new programme does not know the own fields: they come back declared as text.
    let new = dir.path().join("new/2022.ron");
    fs::create_dir_all(new.parent().unwrap()).unwrap();
    let (code, _, err) = run(&["import", path(&csv), "-o", path(&new), "--add-fields"]);
    assert_eq!(code, 0, "{err}");
    let back = parse(&fs::read_to_string(&new).unwrap()).unwrap().programme;
    let original = full();
    for ((_, a), (_, b)) in original.activities().zip(back.activities()) {
        assert_eq!(a, b);
    }
}

#[test]
fn an_unknown_column_is_refused_by_name_with_the_two_ways_out() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("plan.csv");
    fs::write(
        &csv,
        "cluster,title,lead_country,budget\nMeetings,PES Board,FR,1.2E4\n",
    )
    .unwrap();
    let target = dir.path().join("2023.ron");
    let (code, _, err) = run(&["import", path(&csv), "-o", path(&target)]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown columns \"lead_country\", \"budget\"")
            && err.contains("--add-fields")
            && err.contains("--ignore-columns lead_country,budget"),
        "{err}"
    );
    assert!(!target.exists());
    let (code, _, err) = run(&[
        "import",
        path(&csv),
        "-o",
        path(&target),
        "--ignore-columns",
        "lead_country,budget",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(!fs::read_to_string(&target).unwrap().contains("values"));
    fs::remove_file(&target).unwrap();
    let (code, _, err) = run(&["import", path(&csv), "-o", path(&target), "--add-fields"]);
    assert_eq!(code, 0, "{err}");
    let p = parse(&fs::read_to_string(&target).unwrap())
        .unwrap()
        .programme;
    assert_eq!(p.fields.len(), 2);
    assert_eq!(p.clusters[0].activities[0].values["lead-country"], "FR");
}

#[test]
fn a_number_column_imported_into_a_number_field_is_canonical() {
    let (dir, file) = copy();
    let csv = dir.path().join("rows.csv");
    run(&["export", path(&file), "-o", path(&csv)]);
    let text = fs::read_to_string(&csv)
        .unwrap()
        .replace(",12000,", ",1.2E4,");
    fs::write(&csv, text).unwrap();
    let (code, _, err) = run(&["import", path(&csv), "--into", path(&file)]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(fs::read_to_string(&file).unwrap(), full_text());
}

/// The fixture with one text replaced, checked; `check`'s output.
fn check_with(from: &str, to: &str) -> (i32, String) {
    let (_dir, file) = copy();
    let text = full_text();
    assert!(text.contains(from), "{from}");
    fs::write(&file, text.replacen(from, to, 1)).unwrap();
    let (code, out, _) = run(&["check", path(&file)]);
    (code, out.replace(path(&file), "F"))
}

#[test]
fn check_names_the_line_of_a_lead_that_is_no_member() {
    let (code, out) = check_with(r#"leads: ["ELA"]"#, r#"leads: ["ELA", "France"]"#);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "F:105:36: lead \"France\" is not a member code (ISO 3166-1 alpha-2 such as FR, or EL, UK, \
         EC, ELA, ECO), optionally followed by `: organisation`\n"
    );
    let (code, _) = check_with(r#"leads: ["ELA"]"#, r#"leads: ["EL", "UK: DWP", "ECO"]"#);
    assert_eq!(code, 0);
}

#[test]
fn check_refuses_an_undeclared_theme() {
    let (code, out) = check_with(r#"themes: ["green"]"#, r#"themes: ["blue"]"#);
    assert_eq!(code, 1);
    assert!(
        out.ends_with(
            "theme \"blue\" is not declared; the programme's themes are mobility, green, digital\n"
        ),
        "{out}"
    );
}

#[test]
fn check_refuses_an_own_field_named_like_a_built_in_key() {
    for id in ["status", "lead", "quarter", "is", "notes", "title"] {
        let (code, out) = check_with(
            r#"Field(id: "rapporteur", kind: text)"#,
            &format!(r#"Field(id: "{id}", kind: text)"#),
        );
        assert_eq!(code, 1, "{id}");
        let expected = format!("F:12:13: own field \"{id}\" takes the name of a built-in column");
        assert!(out.starts_with(&expected), "{id}: {out}");
    }
}

#[test]
fn check_validates_own_values_by_kind_and_warns_of_non_canonical_numbers() {
    let (code, out) = check_with(r#""priority": "high""#, r#""priority": "urgent""#);
    assert_eq!(code, 1);
    assert!(
        out.contains("priority (choice): \"urgent\" is not one of high, medium, low"),
        "{out}"
    );
    let (code, out) = check_with(r#""budget": "12000""#, r#""budget": "1.2E4""#);
    assert_eq!(code, 0);
    assert!(
        out.contains("warning: budget \"1.2E4\" is written \"12000\""),
        "{out}"
    );
    // `fmt` writes the canonical number.
    let (_dir, file) = copy();
    fs::write(
        &file,
        full_text().replacen(r#""budget": "12000""#, r#""budget": "12000.0""#, 1),
    )
    .unwrap();
    let (code, _, _) = run(&["fmt", path(&file)]);
    assert_eq!(code, 0);
    assert_eq!(fs::read_to_string(&file).unwrap(), full_text());
}

#[test]
fn check_warns_of_a_session_outside_the_planned_span_and_refuses_bad_links() {
    let (code, out) = check_with(
        r#"start: Some("2022-09-15"),"#,
        r#"start: Some("2022-12-15"),"#,
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("warning: session #2 falls outside the activity's planned span"),
        "{out}"
    );
    let (code, out) = check_with(
        r#"link: Some("https://youtube.com/user/EURESjob")"#,
        r#"link: Some("youtube.com/user/EURESjob")"#,
    );
    assert_eq!(code, 1);
    assert!(
        out.contains("is not an http:// or https:// address"),
        "{out}"
    );
}

fn kept(filter: &str) -> Vec<String> {
    let p = full();
    let filter = Filter::parse_for(filter, &p.fields).unwrap_or_else(|e| panic!("{filter}: {e}"));
    p.clusters
        .iter()
        .flat_map(|c| c.activities.iter().filter(|a| filter.matches(c, a)))
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn every_field_is_a_filter_key() {
    assert_eq!(kept("lead:ELA"), ["eures-in-action"]);
    assert_eq!(kept("lead:actiris"), ["ioc-working-group"]);
    assert_eq!(
        kept("theme:digital"),
        ["eures-in-action", "ioc-working-group"]
    );
    assert_eq!(kept("place:prague"), ["ecg-meetings"]);
    assert_eq!(kept("place:BE"), ["ioc-working-group"]);
    assert_eq!(kept("mode:hybrid"), ["ecg-meetings", "eures-in-action"]);
    assert_eq!(kept("host:CZ"), ["ecg-meetings"]);
    assert_eq!(kept("has:output"), ["ecg-meetings", "ioc-working-group"]);
    assert_eq!(kept("has:lead,theme").len(), 4);
    assert_eq!(kept("priority:high"), ["ecg-meetings"]);
    assert_eq!(kept("budget:>10000"), ["ecg-meetings", "eures-in-action"]);
    assert_eq!(kept("budget:>=250000.5"), ["eures-in-action"]);
    assert_eq!(kept("review:<2022-Q4"), ["eures-in-action"]);
    assert_eq!(kept("rapporteur:eco"), ["ecg-meetings"]);
    // Every other field of the table is a key by its name in files.
    assert_eq!(kept("notes:lyon"), ["ecg-meetings"]);
    assert_eq!(kept("outputs:portal"), ["ioc-working-group"]);
    assert_eq!(kept("sessions:cancelled"), ["ioc-working-group"]);
    let p = full();
    let error = |text: &str| Filter::parse_for(text, &p.fields).unwrap_err().to_string();
    assert_eq!(
        error("mode:boat"),
        "at column 6: unknown mode \"boat\"; expected one of online, physical, hybrid"
    );
    assert!(error("budget:>lots").starts_with("at column 8: budget:>lots needs a number"));
    assert!(error("has:money").starts_with("at column 5: has:money is not something"));
    // Without the programme, an own field is an unknown key.
    assert!(Filter::parse("priority:high").is_err());
}

#[test]
fn filter_narrows_show_export_and_diff() {
    let (code, out, _) = run(&["export", FULL, "--filter", "lead:ECO in:2022-Q3"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(4).unwrap())
        .collect();
    assert_eq!(ids, ["ecg-meetings", "ioc-working-group"]);
    let (code, out, _) = run(&["show", FULL, "--filter", "mode:hybrid", "--width", "80"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("2 clusters, 2 activities\n"), "{out}");
    let (code, _, err) = run(&["show", FULL, "--filter", "colour:red"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("--filter \"colour:red\" at column 1: unknown term"),
        "{err}"
    );

    let (dir, file) = copy();
    let changed = full_text()
        .replace(r#"leads: ["ELA"]"#, r#"leads: ["ELA", "IT"]"#)
        .replace(r#""priority": "medium""#, r#""priority": "low""#);
    let new = dir.path().join("new.ron");
    fs::write(&new, changed).unwrap();
    let (code, out, _) = run(&["diff", path(&file), path(&new), "--filter", "lead:ELA"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("leads: + IT") && !out.contains("priority"),
        "{out}"
    );
    let (code, out, _) = run(&["diff", path(&file), path(&new), "--filter", "theme:green"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn diff_lists_list_items_added_and_removed() {
    let (dir, file) = copy();
    let changed = full_text()
        .replace(r#"place: "Prague""#, r#"place: "Brno""#)
        .replace(r#""priority": "high""#, r#""priority": "low""#);
    let new = dir.path().join("new.ron");
    fs::write(&new, changed).unwrap();
    let (_, out, _) = run(&["diff", path(&file), path(&new)]);
    assert!(
        out.contains(
            "      sessions: + #3 2022-11-14..2022-11-16 Brno CZ physical host:CZ held - #3 \
             2022-11-14..2022-11-16 Prague CZ physical host:CZ held\n      values: + priority=low \
             - priority=high\n"
        ),
        "{out}"
    );
}

fn sessions_of(p: &Programme) -> &[Session] {
    &p.clusters[0].activities[0].sessions
}

#[test]
fn sessions_both_sides_add_are_both_kept() {
    let base = full();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let added = |p: &mut Programme, place: &str| {
        let sessions = &mut p.clusters[0].activities[0].sessions;
        let mut s = sessions[0].clone();
        s.id = 4;
        s.place = place.into();
        sessions.push(s);
    };
    added(&mut ours, "Stockholm");
    added(&mut theirs, "Bratislava");
    let merged = merge(&base, &ours, &theirs);
    assert!(merged.conflicts.is_empty(), "{:?}", merged.conflicts);
    let places: Vec<(u32, &str)> = sessions_of(&merged.programme)
        .iter()
        .map(|s| (s.id, s.place.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (1, "Lyon"),
            (2, ""),
            (3, "Prague"),
            (4, "Stockholm"),
            (5, "Bratislava")
        ]
    );
}

#[test]
fn one_session_whose_place_both_sides_change_is_a_conflict_that_resolves() {
    let base = full();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.clusters[0].activities[0].sessions[2].place = "Brno".into();
    theirs.clusters[0].activities[0].sessions[2].place = "Ostrava".into();
    // A change to another session on one side alone is not part of it.
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    let note = merged.conflicts[0].note.to_string();
    assert!(note.starts_with("CONFLICT sessions: ours=\"#1 "), "{note}");
    assert!(note.contains("Brno") && note.contains("Ostrava"), "{note}");
    // The note reads back: the file loads and `check` reports the conflict.
    let text = to_canonical(&merged.programme);
    let p = parse(&text).unwrap().programme;
    let problems = wpmatrix::model::check(&p);
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("unresolved merge conflict in sessions")),
        "{problems:?}"
    );
    let mut resolved = p.clone();
    wpmatrix::model::conflict::resolve(
        &mut resolved.clusters[0].activities[0],
        0,
        wpmatrix::model::conflict::Side::Theirs,
    )
    .unwrap();
    assert_eq!(sessions_of(&resolved)[2].place, "Ostrava");
}

#[test]
fn rolling_over_carries_leads_themes_and_own_fields_and_leaves_sessions() {
    let (dir, file) = copy();
    let out_file = dir.path().join("2023.ron");
    let (code, out, err) = run(&["new", "2023", "--from", path(&file), "-o", path(&out_file)]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("6 sessions and 3 outputs of them left behind"),
        "{out}"
    );
    let next = parse(&fs::read_to_string(&out_file).unwrap())
        .unwrap()
        .programme;
    assert_eq!(next.themes, full().themes);
    assert_eq!(next.fields, full().fields);
    let ioc = next
        .activities()
        .find(|(_, a)| a.id == "ioc-working-group")
        .unwrap()
        .1;
    assert_eq!(ioc.leads, ["ECO", "BE: Actiris", "NL"]);
    assert_eq!(ioc.values["priority"], "medium");
    assert!(ioc.sessions.is_empty() && ioc.outputs.is_empty());
}

#[test]
fn the_editor_shows_the_new_fields_and_edits_sessions_in_their_cell_form() {
    use crate::common::session::Session as Editor;
    let mut s = Editor::new(&full_text(), 140, 60, None);
    let screen = s.screen();
    assert!(screen.contains("Leads       ECO, EC: DG EMPL"), "{screen}");
    assert!(
        screen.contains("Session     #3 2022-11-14..2022-11-16 Prague CZ physical host:CZ held"),
        "{screen}"
    );
    assert!(
        screen.contains("Themes      Fair labour mobility"),
        "{screen}"
    );
    assert!(screen.contains("Budget (EUR) 12000"), "{screen}");
    // The form's Sessions row opens the list editor; a session added after the last one
    // without an id gets #4.
    s.keys("<enter><down><down><down><down><down><down><down><down><down><enter>");
    s.keys("jja2022-12 Paris FR online<enter><esc><esc>");
    let sessions = &s.editor.app.programme.clusters[0].activities[0].sessions;
    assert_eq!(sessions.len(), 4);
    assert_eq!(
        sessions[3].cell(),
        "#4 2022-12 Paris FR online",
        "{}",
        s.screen()
    );
    // One undo step takes it back; what is refused keeps the box open with why.
    s.keys("u");
    assert_eq!(s.editor.app.programme, full());
    s.keys("<enter><down><down><down><down><down><down><down><down><enter><C-u>XX<enter>");
    assert!(
        s.screen().contains("lead \"XX\" is not a member code"),
        "{}",
        s.screen()
    );
    s.keys("<esc><esc>");
    assert_eq!(s.editor.app.programme, full());
}

#[test]
fn a_large_filled_programme_is_read_on_two_threads_as_written() {
    let programme = crate::generate::programme_filled(600, 11);
    let text = to_canonical(&programme);
    assert!(text.len() > 256 * 1024, "{} bytes", text.len());
    let fast = wpmatrix::store::ron::parse_with_ron(&text).expect("read the fast way");
    assert_eq!(fast.programme, programme);
    let slow = wpmatrix::store::ron::parse_with_positions(&text).unwrap();
    assert_eq!(slow.programme, programme);
}

#[test]
fn the_printable_page_shows_leads_and_outputs_as_links_explained_in_the_legend() {
    let page = wpmatrix::exchange::html::to_html(&full());
    assert!(page.contains("<div class=\"leads\">Led by ECO, BE: Actiris, NL</div>"));
    assert!(page.contains(
        "<li>recording: <a href=\"https://youtube.com/user/EURESjob\">Recordings on the EURES \
         channel</a></li>"
    ));
    assert!(page.contains("Led by: the members leading") && page.contains("Outputs: kind"));
    assert!(page.contains(
        "<div class=\"session\" style=\"left:86.986%\" title=\"#3 2022-11-14..2022-11-16 Prague \
         CZ physical host:CZ held\"></div>"
    ));
    assert!(page.contains("a session (its first day)"));
    let plain = wpmatrix::exchange::html::to_html(&crate::common::shipped());
    assert!(!plain.contains("Led by") && !plain.contains("class=\"outputs\""));
    assert!(!plain.contains("class=\"session"));
}

#[test]
fn markdown_names_the_leads_and_links_the_outputs() {
    let md = wpmatrix::exchange::markdown::to_markdown(&full());
    assert!(md.contains(
        "| 1 | **EURES Coordination Group meetings**<br>Led by ECO, EC: DG EMPL<br>minutes: Minutes \
         of the ECG meeting in Lyon<br>recording: [Recordings on the EURES channel]\
         (https://youtube.com/user/EURESjob) |"
    ));
}

#[test]
fn search_finds_a_session_place_and_a_lead() {
    use crate::common::session::Session as Editor;
    let mut s = Editor::new(&full_text(), 120, 40, None);
    s.keys("/prague<enter>");
    assert!(s.status().contains("match 1/1"), "{}", s.status());
    s.keys("/actiris<enter>");
    assert!(s.status().contains("match 1/1"), "{}", s.status());
}

#[test]
fn a_conflict_over_the_programme_themes_resolves_to_either_side() {
    let base = full();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    ours.themes[0].name = "Fair mobility".into();
    theirs.themes[0].name = "Labour mobility".into();
    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts.len(), 1);
    let text = to_canonical(&merged.programme);
    let mut p = parse(&text).unwrap().programme;
    wpmatrix::model::conflict::resolve_programme(
        &mut p,
        0,
        wpmatrix::model::conflict::Side::Theirs,
    )
    .unwrap();
    assert_eq!(p.themes, theirs.themes);
    assert_eq!(p.notes, base.notes);
}

//! What import refuses to do to a programme unasked: let a row meant to add an activity take over
//! another, read an unclosed quote as the rest of the file, prune most of a programme from a part
//! of it, run formulas, or call dates ambiguous that are not.

use std::path::Path;

use crate::common::workbook::workbook;
use crate::common::{copy_of_2022, shipped, wpmatrix};
use wpmatrix::model::{Activity, Cluster, PlanDate, Programme};
use wpmatrix::store;

/// Runs `wpmatrix` in `dir`; answers the exit code, standard output and standard error.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = wpmatrix().current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn loaded(path: &Path) -> Programme {
    store::load(path).unwrap().1.programme
}

fn activity<'p>(programme: &'p Programme, id: &str) -> &'p Activity {
    let cell = programme
        .find(id)
        .unwrap_or_else(|| panic!("{id} is there"));
    programme.activity(cell).unwrap()
}

#[test]
fn a_row_meant_to_add_an_activity_does_not_take_over_a_similar_one() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    std::fs::write(
        dir.path().join("add.csv"),
        "cluster,title,status\nOthers,Quality management survey,tbc\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["import", "add.csv", "--into", "2022.ron"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(
        out,
        "cluster \"Others\" (others)\n  \
           + \"Quality management survey\" (quality-management-survey) at 6\n      \
           status tbc | dates none | formats none\n\
         \n\
         1 added, 0 removed, 0 moved, 0 changed\n\
         add.csv:2: \"Quality management survey\" added, similar to \"Quality management\" \
         (quality-management) in \"PES performance management\"\n\
         note: a row without activity_id updates only the activity of its cluster with the same \
         title; to update the similar one instead, give the row its activity_id, or import with \
         --match-titles\n\
         wrote 2022.ron\n\
         note: 32 activities are in 2022.ron but not in the sheet; kept (--prune would remove them)\n"
    );
    let after = loaded(&target);
    let before = shipped();
    assert_eq!(
        activity(&after, "quality-management"),
        activity(&before, "quality-management"),
        "left as it was"
    );
    assert_eq!(after.activity_count(), 33);
    assert_eq!(
        after.find("quality-management").map(|c| c.cluster),
        before.find("quality-management").map(|c| c.cluster)
    );
}

#[test]
fn rows_like_existing_titles_are_added_and_named_in_the_dry_run() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    std::fs::write(
        dir.path().join("add.csv"),
        "cluster,title,status\n\
         Others,Research II,tbc\n\
         Meetings,PES Board meeting,tbc\n\
         Meetings,AFEPA,tbc\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "add.csv", "--into", "2022.ron", "--dry-run"],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.contains("3 added, 0 removed, 0 moved, 0 changed\n"),
        "{out}"
    );
    for line in [
        "add.csv:2: \"Research II\" added, similar to \"Research\" (research) in \"Others\"\n",
        "add.csv:3: \"PES Board meeting\" added, similar to \"PES Board\" (pes-board) in \"Meetings\"\n",
        "add.csv:4: \"AFEPA\" added, similar to \"AFEPAs\" (afepas) in \"Meetings\"\n",
        "would write 2022.ron\n",
    ] {
        assert!(out.contains(line), "{line:?} in\n{out}");
    }
    assert_eq!(
        std::fs::read(&target).unwrap(),
        std::fs::read(crate::common::SHIPPED).unwrap()
    );
    // For real: the three are new, the three they resemble keep their titles.
    let (code, _, _) = run(dir.path(), &["import", "add.csv", "--into", "2022.ron"]);
    assert_eq!(code, 0);
    let after = loaded(&target);
    assert_eq!(after.activity_count(), 35);
    for (id, title) in [
        ("research", "Research"),
        ("pes-board", "PES Board"),
        ("afepas", "AFEPAs"),
    ] {
        assert_eq!(activity(&after, id).title, title);
        assert_eq!(activity(&after, id).status, activity(&shipped(), id).status);
    }
}

#[test]
fn the_same_title_up_to_case_accents_and_punctuation_updates_its_activity() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    std::fs::write(
        dir.path().join("same.csv"),
        "cluster,title,status\nMeetings,pes bóard!,done\n",
    )
    .unwrap();
    let (code, out, _) = run(dir.path(), &["import", "same.csv", "--into", "2022.ron"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("0 added, 0 removed, 0 moved, 1 changed\n"),
        "{out}"
    );
    assert!(!out.contains("similar"), "{out}");
    let after = loaded(&target);
    assert_eq!(after.activity_count(), 32);
    assert_eq!(activity(&after, "pes-board").status.as_str(), "done");
}

#[test]
fn match_titles_lets_a_similar_title_retitle_and_move_its_activity() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    std::fs::write(
        dir.path().join("add.csv"),
        "cluster,title,status\nOthers,Quality management survey,tbc\n",
    )
    .unwrap();
    let (code, out, _) = run(
        dir.path(),
        &["import", "add.csv", "--into", "2022.ron", "--match-titles"],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("0 added, 0 removed, 1 moved, 1 changed\n"),
        "{out}"
    );
    let after = loaded(&target);
    assert_eq!(after.activity_count(), 32);
    let moved = activity(&after, "quality-management");
    assert_eq!(moved.title, "Quality management survey");
    let others = after.clusters.iter().position(|c| c.id == "others");
    assert_eq!(after.find("quality-management").map(|c| c.cluster), others);
}

#[test]
fn an_unclosed_quote_is_refused_at_its_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    let export = run(dir.path(), &["export", "2022.ron"]).1;
    // A quote opened in the notes of the third activity and never closed: every later row
    // would become its notes, and with --prune every later activity would go.
    let mut lines: Vec<String> = export.split("\r\n").map(str::to_string).collect();
    lines[3].push_str("\"unclosed");
    std::fs::write(dir.path().join("broken.csv"), lines.join("\r\n")).unwrap();
    // The physical line of the quote: descriptions may hold line breaks of their own.
    let line = 4 + lines[..=3]
        .iter()
        .map(|l| l.matches('\n').count())
        .sum::<usize>();
    let before = std::fs::read(&target).unwrap();
    for extra in [&[][..], &["--prune", "--force"], &["--keep-going"]] {
        let mut args = vec!["import", "broken.csv", "--into", "2022.ron"];
        args.extend(extra);
        let (code, out, err) = run(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert_eq!(out, "");
        let start =
            format!("wpmatrix: broken.csv:{line}: a quoted cell starts here and runs to line ");
        assert!(err.starts_with(&start), "{err}");
        assert!(
            err.contains("where a quote that would close it has more text after it"),
            "{err}"
        );
        assert_eq!(std::fs::read(&target).unwrap(), before, "nothing written");
    }
}

#[test]
fn a_quote_never_closed_is_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    copy_of_2022(dir.path());
    std::fs::write(
        dir.path().join("open.csv"),
        "cluster,title,notes\r\nMeetings,PES Board,\"open\r\nMeetings,AFEPAs,x\r\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["import", "open.csv", "--into", "2022.ron"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(
        err.starts_with(
            "wpmatrix: open.csv:2: a quoted cell starts here and its closing quote never comes"
        ),
        "{err}"
    );
}

#[test]
fn prune_refuses_to_remove_most_of_the_programme_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    // A filtered export: the Meetings cluster only.
    let export = run(dir.path(), &["export", "2022.ron"]).1;
    let part: Vec<&str> = export
        .split_inclusive("\r\n")
        .enumerate()
        .filter(|(i, line)| *i == 0 || line.contains(",meetings,"))
        .map(|(_, line)| line)
        .collect();
    assert_eq!(part.len(), 6);
    std::fs::write(dir.path().join("part.csv"), part.concat()).unwrap();
    let before = std::fs::read(&target).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "part.csv", "--into", "2022.ron", "--prune"],
    );
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "wpmatrix: part.csv: --prune would remove 27 of the 32 activities of 2022.ron: a sheet that lacks \
         more than half of them is more likely a part of the programme (a filtered export, for \
         example) than the whole; nothing written. Import the whole programme's sheet, leave out \
         --prune to keep them, or add --force to remove them\n"
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
    let (code, _, err) = run(
        dir.path(),
        &[
            "import", "part.csv", "--into", "2022.ron", "--prune", "--force",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(loaded(&target).activity_count(), 5);
    // --force says nothing without --prune.
    let (code, _, err) = run(
        dir.path(),
        &["import", "part.csv", "--into", "2022.ron", "--force"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--prune"), "{err}");
}

#[test]
fn prune_of_less_than_half_needs_no_force() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    let export = run(dir.path(), &["export", "2022.ron"]).1;
    let fewer: Vec<&str> = export
        .split_inclusive("\r\n")
        .filter(|line| !line.contains(",meetings,"))
        .collect();
    std::fs::write(dir.path().join("fewer.csv"), fewer.concat()).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "fewer.csv", "--into", "2022.ron", "--prune"],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert_eq!(loaded(&target).activity_count(), 27);
}

/// The 2022 programme with titles a spreadsheet would run as formulas.
fn with_formula_titles() -> Programme {
    let mut programme = shipped();
    let titles = ["=1+1", "@SUM(A1)", "'quoted", "+x", "-x", "''=x"];
    let activities = programme
        .clusters
        .iter_mut()
        .flat_map(|c| &mut c.activities);
    for (activity, title) in activities.zip(titles) {
        activity.title = title.to_string();
        activity.notes = format!("={title}");
    }
    programme
}

#[test]
fn every_csv_export_defuses_formulas_and_import_restores_them_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    store::save(&target, &with_formula_titles()).unwrap();
    let before = std::fs::read(&target).unwrap();
    for flags in [&[][..], &["--excel"], &["--delimiter", ";"]] {
        let mut args = vec!["export", "2022.ron", "-o", "out.csv"];
        args.extend(flags);
        let (code, _, err) = run(dir.path(), &args);
        assert_eq!((code, err.as_str()), (0, ""));
        let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
        for cell in [
            "'=1+1",
            "'@SUM(A1)",
            "''quoted",
            "'+x",
            "'-x",
            "'''=x",
            "'==1+1",
        ] {
            assert!(csv.contains(cell), "{flags:?}: {cell} in {csv}");
        }
        let (code, out, err) = run(dir.path(), &["import", "out.csv", "--into", "2022.ron"]);
        assert_eq!((code, err.as_str()), (0, ""), "{flags:?}");
        assert_eq!(out, "2022.ron: no changes\n", "{flags:?}");
        assert_eq!(std::fs::read(&target).unwrap(), before, "{flags:?}");
    }
}

#[test]
fn german_dotted_dates_are_day_first_without_dates_flag() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("de.csv"),
        "year;cluster;title;start;end\n2022;Treffen;Board;03.04.2022;05.04.2022\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["import", "de.csv", "-o", "2022.ron"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let programme = loaded(&dir.path().join("2022.ron"));
    let board = &programme.clusters[0].activities[0];
    assert_eq!(board.start, Some("2022-04-03".parse::<PlanDate>().unwrap()));
    assert_eq!(board.end, Some("2022-04-05".parse::<PlanDate>().unwrap()));
}

#[test]
fn a_month_end_shown_as_its_first_day_is_restored_before_the_order_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2022.ron");
    let mut programme = Programme::new(2022, "WP");
    let mut cluster = Cluster::new("meetings", "Meetings");
    let mut board = Activity::new("board", "Board");
    board.start = Some("2022-02".parse().unwrap());
    board.end = Some("2022-02".parse().unwrap());
    cluster.activities.push(board);
    programme.clusters.push(cluster);
    store::save(&target, &programme).unwrap();
    // Excel shows the month end 2022-02 as 01/02/2022; the planner set the start to the 15th.
    std::fs::write(
        dir.path().join("back.csv"),
        "activity_id,cluster,title,start,end\nboard,Meetings,Board,15/02/2022,01/02/2022\n",
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["import", "back.csv", "--into", "2022.ron", "--dates", "dmy"],
    );
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let board = &loaded(&target).clusters[0].activities[0];
    assert_eq!(board.start, Some("2022-02-15".parse().unwrap()));
    assert_eq!(board.end, Some("2022-02".parse().unwrap()));
    // A new activity with its end truly before its start is still refused at its line.
    std::fs::write(
        dir.path().join("new.csv"),
        "cluster,title,start,end\nMeetings,Other,15/02/2022,01/02/2022\n",
    )
    .unwrap();
    let (code, _, err) = run(
        dir.path(),
        &["import", "new.csv", "--into", "2022.ron", "--dates", "dmy"],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("new.csv:2: end 2022-02-01 is before start 2022-02-15\n"),
        "{err}"
    );
}

/// Imports `bytes` as `evil.xlsx` into a new programme; answers the exit code and standard error.
fn import_workbook(bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("evil.xlsx"), bytes).unwrap();
    let (code, out, err) = run(dir.path(), &["import", "evil.xlsx", "-o", "2022.ron"]);
    if code != 0 {
        assert_eq!(out, "");
        assert!(!dir.path().join("2022.ron").exists(), "nothing written");
    }
    (code, err)
}

#[test]
fn the_hand_made_workbook_imports() {
    let (code, err) = import_workbook(&workbook(""));
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn a_cell_reference_that_is_no_cell_is_refused_naming_it() {
    let (code, err) = import_workbook(&workbook(
        r#"<row r="3"><c r="ZZZZZZZ99999999999" t="s"><v>2</v></c></row>"#,
    ));
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "wpmatrix: evil.xlsx:Sheet1!ZZZZZZZ99999999999: cell reference \"ZZZZZZZ99999999999\" is \
         not one (columns run from A to XFD, rows from 1 to 1048576); the workbook is damaged: \
         open it in the spreadsheet and save it again\n"
    );
    let (code, err) = import_workbook(&workbook(
        r#"<row r="99999999999"><c t="s"><v>2</v></c></row>"#,
    ));
    assert_eq!(code, 2);
    assert!(
        err.starts_with("wpmatrix: evil.xlsx:Sheet1: row number \"99999999999\" is not one"),
        "{err}"
    );
}

#[test]
fn a_cell_at_the_last_column_and_row_is_read_without_the_grid() {
    // The grid from A1 to XFD1048576 would be 17 billion cells: the sheet is read by its cells.
    let (code, err) = import_workbook(&workbook(
        r#"<row r="1048576"><c r="XFD1048576" t="s"><v>3</v></c></row>"#,
    ));
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "evil.xlsx:Sheet1!XFD1048576: \"Webinar\" is right of the header's last column, \
             under no name"
        ),
        "{err}"
    );
    // Under the header's columns, far down, it is a row like any other.
    let (code, err) = import_workbook(&workbook(
        r#"<row r="1048576"><c r="A1048576" t="s"><v>2</v></c><c r="B1048576" t="inlineStr"><is><t>Last</t></is></c></row>"#,
    ));
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn a_shared_string_index_that_is_no_index_is_refused_naming_the_cell() {
    for (index, why) in [
        ("abc", "shared string \"abc\", which is not a number of one"),
        ("-1", "shared string \"-1\", which is not a number of one"),
        (
            "99999999999999999999999",
            "shared string \"99999999999999999999999\", which is not a number of one",
        ),
        ("4", "shared string 4, but the workbook has 4"),
    ] {
        let (code, err) = import_workbook(&workbook(&format!(
            r#"<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>{index}</v></c></row>"#
        )));
        assert_eq!(code, 2, "{index}");
        assert!(
            err.starts_with(&format!(
                "wpmatrix: evil.xlsx:Sheet1!B3: the cell's text is {why}"
            )),
            "{index}: {err}"
        );
    }
}

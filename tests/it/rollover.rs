//! `wpmatrix new YEAR`: rolling the shipped 2022 programme over to 2023 (named with --from or
//! found under programmes/), or starting from the standard clusters or another programme's.

use std::path::Path;

use crate::common::wpmatrix as bin;
use wpmatrix::model::{Programme, Status, check};
use wpmatrix::store;

/// The shipped 2022 programme, as it might stand at the end of the year.
fn year_end_2022(dir: &Path) -> (std::path::PathBuf, Programme) {
    let mut p = crate::common::shipped();
    let mut set = |id: &str, status: Status| {
        let cell = p.find(id).expect("activity");
        p.activity_mut(cell).expect("cell").status = status;
    };
    set("pes-staff-management", Status::Done);
    set("short-time-work-schemes", Status::Cancelled);
    set("pes-board", Status::Done); // a meeting: comes back every year
    set("research", Status::Ongoing);
    let cell = p.find("research").expect("research");
    let research = p.activity_mut(cell).expect("cell");
    research.start = Some("2022-Q3".parse().expect("date"));
    research.end = Some("2022-11-30".parse().expect("date"));
    research.notes = "interim report in October".into();
    let folder = dir.join("programmes");
    std::fs::create_dir(&folder).expect("mkdir");
    let path = folder.join("2022.ron");
    store::save(&path, &p).expect("save");
    (path, p)
}

#[test]
fn rolling_2022_over_carries_unfinished_and_recurring_activities() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, old) = year_end_2022(dir.path());
    let out = bin()
        .args(["new", "2023", "--from"])
        .arg(&from)
        .assert()
        .code(0);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let target = dir.path().join("programmes/2023.ron");
    assert!(stdout.starts_with(&format!(
        "wrote {}: 30 activities carried over",
        target.display()
    )));
    assert!(stdout.contains("left behind in 2022 (2):"), "{stdout}");
    assert!(stdout.contains(
        "done      PES performance management / PES Staff management (pes-staff-management)"
    ));
    assert!(stdout.contains("cancelled Recovery and structural changes / Short time work schemes"));

    let (text, parsed) = store::load(&target).expect("the new file loads");
    let new = parsed.programme;
    assert_eq!(text, store::to_canonical(&new), "canonical");
    assert!(check(&new).is_empty(), "{:?}", check(&new));
    bin().arg("check").arg(&target).assert().code(0);

    assert_eq!(new.year, 2023);
    assert_eq!(new.title, "PES Network Work Programme 2023");
    assert_eq!(new.adopted, None);
    let ids = |p: &Programme| p.clusters.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&new), ids(&old));
    assert!(new.find("pes-staff-management").is_none());
    let board = new
        .activity(new.find("pes-board").expect("board"))
        .expect("cell");
    assert_eq!(board.status, Status::Planned);
    assert_eq!(board.follow_up_of.as_deref(), Some("2022/pes-board"));
    let research = new
        .activity(new.find("research").expect("research"))
        .expect("cell");
    assert_eq!(research.status, Status::Planned);
    assert_eq!(
        research.start.map(|d| d.to_string()).as_deref(),
        Some("2023-Q3")
    );
    assert_eq!(
        research.end.map(|d| d.to_string()).as_deref(),
        Some("2023-11-30")
    );
    let ltus = new
        .activity(new.find("pes-support-to-ltus").expect("ltus"))
        .expect("cell");
    assert_eq!(ltus.status, Status::Tbc, "tbc stays tbc");
    // Carried-over activities keep their follow-up link to their 2021 origin replaced by 2022.
    let quality = new
        .activity(new.find("quality-management").expect("qm"))
        .expect("cell");
    assert_eq!(
        quality.follow_up_of.as_deref(),
        Some("2022/quality-management")
    );
}

#[test]
fn clear_dates_and_an_existing_target_are_honoured() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, _) = year_end_2022(dir.path());
    let target = dir.path().join("next.ron");
    bin()
        .args(["new", "2023", "--clear-dates", "-o"])
        .arg(&target)
        .arg("--from")
        .arg(&from)
        .assert()
        .code(0);
    let new = store::load(&target).expect("loads").1.programme;
    assert!(
        new.activities()
            .all(|(_, a)| a.start.is_none() && a.end.is_none())
    );

    let out = bin()
        .args(["new", "2023", "-o"])
        .arg(&target)
        .arg("--from")
        .arg(&from)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("already exists"), "{stderr}");
}

#[test]
fn rolling_back_in_time_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, _) = year_end_2022(dir.path());
    let out = bin()
        .args(["new", "2021", "--from"])
        .arg(&from)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("plans 2022; the new year must come after it, not 2021"),
        "{stderr}"
    );
}

#[test]
fn a_year_beyond_four_digits_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, _) = year_end_2022(dir.path());
    for year in ["10000", "2147483647"] {
        let out = bin()
            .args(["new", year, "--from"])
            .arg(&from)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
        assert_eq!(
            stderr,
            format!("wpmatrix: year {year} is not a four-digit year (from 1000 to 9999)\n")
        );
        assert!(!from.with_file_name(format!("{year}.ron")).exists());
    }
}

#[test]
fn a_roll_over_moving_dates_past_9999_is_refused_unless_they_are_cleared() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, mut p) = year_end_2022(dir.path());
    // Ends in the next year: moved on to 9999 it would end in 10000.
    let cell = p.find("research").expect("research");
    p.activity_mut(cell).expect("cell").end = Some("2023-02-28".parse().expect("date"));
    store::save(&from, &p).expect("save");

    let out = bin()
        .args(["new", "9999", "--from"])
        .arg(&from)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(
        stderr,
        format!(
            "wpmatrix: {}: moving its dates on to 9999 would take 1 of them past 9999-12-31 (research 2023-02-28); choose an earlier year or --clear-dates\n",
            from.display()
        )
    );
    let target = from.with_file_name("9999.ron");
    assert!(!target.exists(), "nothing written");

    bin()
        .args(["new", "9999", "--clear-dates", "--from"])
        .arg(&from)
        .assert()
        .code(0);
    let new = store::load(&target).expect("loads").1.programme;
    assert_eq!(new.year, 9999);
}

fn clusters(p: &Programme) -> Vec<(String, String, String)> {
    p.clusters
        .iter()
        .map(|c| (c.id.clone(), c.name.clone(), c.summary.clone()))
        .collect()
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn without_from_the_newest_programme_here_is_rolled_over_and_cleared_notes_are_counted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("programmes");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::copy(crate::common::SHIPPED, folder.join("2022.ron")).expect("copy");
    let old = crate::common::shipped();
    let mut older = old.clone();
    older.year = 2021;
    store::save(&folder.join("2021.ron"), &older).expect("save");

    let run = bin()
        .args(["new", "2023"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let said = stdout(&run);
    let new = store::load(&folder.join("2023.ron"))
        .expect("written")
        .1
        .programme;
    assert!(
        said.starts_with(&format!(
            "wrote programmes/2023.ron: {} activities carried over from programmes/2022.ron (2022), dates moved on\n",
            new.activity_count()
        )),
        "{said}"
    );
    let noted = old
        .activities()
        .filter(|(_, a)| !a.notes.is_empty() && new.find(&a.id).is_some())
        .count();
    assert!(noted > 0, "the shipped programme has notes");
    assert!(
        said.contains(&format!(
            "notes cleared on {noted} of them (they stay in programmes/2022.ron)\n"
        )),
        "{said}"
    );
    assert!(new.activities().all(|(_, a)| a.notes.is_empty()));
    bin()
        .args(["check", "programmes/2023.ron"])
        .current_dir(dir.path())
        .assert()
        .code(0);
}

#[test]
fn empty_starts_a_fresh_folder_with_the_standard_clusters_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = bin()
        .args(["new", "2027", "--empty"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    assert_eq!(
        stdout(&run),
        "wrote programmes/2027.ron: 6 standard clusters, no activities\n"
    );
    let path = dir.path().join("programmes/2027.ron");
    let (text, parsed) = store::load(&path).expect("written");
    let new = parsed.programme;
    assert_eq!(text, store::to_canonical(&new));
    assert_eq!((new.year, new.activity_count()), (2027, 0));
    assert_eq!(new.title, "PES Network Work Programme 2027");
    let old = crate::common::shipped();
    assert_eq!(
        clusters(&new),
        clusters(&old),
        "the shipped programme's clusters"
    );
    bin()
        .args(["check", "programmes/2027.ron"])
        .current_dir(dir.path())
        .assert()
        .code(0);

    let again = bin()
        .args(["new", "2027", "--empty"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    assert_eq!(
        stderr(&again),
        "wpmatrix: programmes/2027.ron already exists; remove it or choose another file with -o\n"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("still there"), text);
}

#[test]
fn clusters_from_takes_another_programmes_clusters_without_activities() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, old) = year_end_2022(dir.path());
    let target = dir.path().join("plan.ron");
    let run = bin()
        .args(["new", "2030", "--clusters-from"])
        .arg(&from)
        .arg("-o")
        .arg(&target)
        .assert()
        .code(0);
    assert_eq!(
        stdout(&run),
        format!(
            "wrote {}: 6 clusters from {} (2022), no activities\n",
            target.display(),
            from.display()
        )
    );
    let new = store::load(&target).expect("written").1.programme;
    assert_eq!(clusters(&new), clusters(&old));
    assert_eq!((new.year, new.activity_count()), (2030, 0));
    assert_eq!(new.title, "PES Network Work Programme 2030");
    bin().arg("check").arg(&target).assert().code(0);
}

#[test]
fn without_a_programme_to_roll_over_new_says_how_to_start() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = bin()
        .args(["new", "2027"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    assert_eq!(
        stderr(&run),
        "wpmatrix: no programmes/<year>.ron here to roll over; name one with --from FILE, or start with --empty\n"
    );
    assert!(!dir.path().join("programmes").exists(), "nothing made");
}

#[test]
fn one_source_at_a_time() {
    let run = bin()
        .args(["new", "2027", "--empty", "--from", "programmes/2022.ron"])
        .assert()
        .code(2);
    let said = stderr(&run);
    assert!(
        said.contains("the argument '--empty' cannot be used with '--from <FILE>'"),
        "{said}"
    );
    let run = bin()
        .args(["new", "2027", "--empty", "--clear-dates"])
        .assert()
        .code(2);
    assert!(
        stderr(&run).contains("cannot be used with"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn titles_left_behind_are_printed_without_their_control_characters() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (from, mut p) = year_end_2022(dir.path());
    let cell = p.find("pes-staff-management").expect("done activity");
    p.activity_mut(cell).expect("cell").title = "Staff\u{1b}[2J management".into();
    store::save(&from, &p).expect("save");
    let run = bin()
        .args(["new", "2023", "--from"])
        .arg(&from)
        .assert()
        .code(0);
    let said = stdout(&run);
    assert!(said.contains("Staff\u{241b}[2J management"), "{said}");
    assert!(!said.contains('\u{1b}'), "{said}");
}

/// A folder holding `programmes/2022.ron` (the shipped one) and `programmes/2023.ron` (its
/// roll-over).
fn programmes_2022_and_2023(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("programmes");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::copy(crate::common::SHIPPED, folder.join("2022.ron")).expect("copy");
    bin()
        .args(["new", "2023"])
        .current_dir(dir)
        .assert()
        .code(0);
    folder
}

#[test]
fn new_of_a_year_that_exists_says_the_file_exists() {
    let dir = tempfile::tempdir().expect("tempdir");
    programmes_2022_and_2023(dir.path());
    let run = bin()
        .args(["new", "2023"])
        .current_dir(dir.path())
        .assert()
        .code(2);
    assert_eq!(
        stderr(&run),
        "wpmatrix: programmes/2023.ron already exists; remove it or choose another file with -o\n"
    );
}

#[test]
fn a_roll_over_past_a_year_says_it_is_skipped_and_titles_naming_the_year_move_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    programmes_2022_and_2023(dir.path());
    let run = bin()
        .args(["new", "2025"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    let said = stdout(&run);
    let new = store::load(&dir.path().join("programmes/2025.ron"))
        .expect("written")
        .1
        .programme;
    assert!(
        said.starts_with(&format!(
            "wrote programmes/2025.ron: {} activities carried over from programmes/2023.ron (2023), dates moved on\n\
             2024 is skipped: 2023 rolls over straight to 2025\n",
            new.activity_count()
        )),
        "{said}"
    );
    // 2022's "Work Programme 2023" became 2023's "Work Programme 2024", and is 2025's
    // "Work Programme 2026".
    assert!(
        said.contains(
            "titles naming the year, renamed (1):\n  \"Work Programme 2024\" -> \"Work Programme 2026\" (work-programme-2023)\n"
        ),
        "{said}"
    );
    let cell = new.find("work-programme-2023").expect("kept its id");
    assert_eq!(new.activity(cell).unwrap().title, "Work Programme 2026");
    assert_eq!(new.title, "PES Network Work Programme 2025");
}

#[test]
fn started_inside_programmes_the_programmes_there_are_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = programmes_2022_and_2023(dir.path());
    let run = bin()
        .args(["new", "2024"])
        .current_dir(&folder)
        .assert()
        .code(0);
    assert!(
        stdout(&run).starts_with("wrote 2024.ron: "),
        "{}",
        stdout(&run)
    );
    assert!(folder.join("2024.ron").exists());
    assert!(!folder.join("programmes").exists());
    // The editor, without a terminal, finds the newest programme here and says it needs one.
    let run = bin().current_dir(&folder).assert().code(2);
    assert_eq!(
        stderr(&run),
        "wpmatrix: the editor needs a terminal; to print the programme use `wpmatrix show 2024.ron`\n"
    );
}

#[test]
fn an_empty_programmes_folder_gets_advice_that_works_there() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("programmes");
    std::fs::create_dir(&folder).expect("mkdir");
    let run = bin().current_dir(&folder).assert().code(2);
    let advice = stderr(&run);
    assert!(
        advice.starts_with("wpmatrix: no <year>.ron here; start one with `wpmatrix new "),
        "{advice}"
    );
    bin()
        .args(["new", "2027", "--empty"])
        .current_dir(&folder)
        .assert()
        .code(0);
    assert!(folder.join("2027.ron").exists());
    assert!(!folder.join("programmes").exists());
}

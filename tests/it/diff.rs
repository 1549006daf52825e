//! `wpmatrix diff`: every kind of change, cross-year matching, output formats and exit codes.

use crate::common::shipped;
use std::path::Path;

use crate::common::wpmatrix as bin;
use wpmatrix::model::diff::{MatchedBy, Presence, ProgrammeDiff, diff};
use wpmatrix::model::{Activity, Cluster, Field, Format, Programme, Status};
use wpmatrix::store;

fn cluster<'a>(p: &'a mut Programme, id: &str) -> &'a mut Cluster {
    p.clusters.iter_mut().find(|c| c.id == id).expect("cluster")
}

fn activity<'a>(p: &'a mut Programme, id: &str) -> &'a mut Activity {
    let cell = p.find(id).expect("activity");
    p.activity_mut(cell).expect("cell")
}

fn text(d: &ProgrammeDiff) -> String {
    wpmatrix::report::diff::render_text(d, false)
}

/// The one activity the diff reports, with its cluster's id.
fn only_activity(d: &ProgrammeDiff) -> (&str, &wpmatrix::model::diff::ActivityDiff) {
    let all: Vec<_> = d
        .clusters
        .iter()
        .flat_map(|c| c.activities.iter().map(move |a| (c.id.as_str(), a)))
        .collect();
    assert_eq!(all.len(), 1, "{}", text(d));
    all[0]
}

#[test]
fn identical_programmes_have_no_difference() {
    let p = shipped();
    let d = diff(&p, &p);
    assert!(d.is_empty());
    assert_eq!(text(&d), "");
}

#[test]
fn added_activity_is_reported_in_its_cluster_with_its_position() {
    let old = shipped();
    let mut new = old.clone();
    cluster(&mut new, "meetings")
        .activities
        .insert(1, Activity::new("network-plenary", "Network plenary"));
    let d = diff(&old, &new);
    let (cluster_id, a) = only_activity(&d);
    assert_eq!(cluster_id, "meetings");
    assert_eq!((a.presence, a.position), (Presence::Added, 2));
    assert!(text(&d).contains("+ \"Network plenary\" (network-plenary) at 2"));
    assert!(text(&d).ends_with("1 added, 0 removed, 0 moved, 0 changed\n"));
}

#[test]
fn added_activity_shows_its_status_formats_and_dates() {
    let old = shipped();
    let mut new = old.clone();
    let mut plenary = Activity::new("network-plenary", "Network plenary");
    plenary.status = Status::Tbc;
    plenary.formats = vec![Format::parse("Seminar"), Format::parse("Online")];
    plenary.start = Some("2022-03-15".parse().expect("date"));
    plenary.end = Some("2022-Q2".parse().expect("date"));
    cluster(&mut new, "meetings").activities.insert(1, plenary);
    let d = diff(&old, &new);
    assert!(
        text(&d).contains(
            "  + \"Network plenary\" (network-plenary) at 2\n      status tbc | dates 2022-03-15 .. \
             2022-Q2 | formats Seminar; Online\n"
        ),
        "{}",
        text(&d)
    );
    // Tools get the same from the JSON and CSV forms, as changes from nothing.
    let (_, a) = only_activity(&d);
    let fields: Vec<(Field, &str)> = a.fields.iter().map(|f| (f.field, f.new.as_str())).collect();
    assert_eq!(
        fields,
        [
            (Field::Status, "tbc"),
            (Field::Formats, "Seminar; Online"),
            (Field::Start, "2022-03-15"),
            (Field::End, "2022-Q2")
        ]
    );
    let csv = wpmatrix::report::diff::render_csv(&d).expect("csv");
    assert!(
        csv.contains("added,meetings,Meetings,network-plenary,Network plenary,status,,tbc"),
        "{csv}"
    );
    // Without formats or dates it says so.
    let mut bare = old.clone();
    cluster(&mut bare, "meetings")
        .activities
        .push(Activity::new("x", "X"));
    assert!(
        text(&diff(&old, &bare)).contains("      status planned | dates none | formats none\n")
    );
}

#[test]
fn removed_activity_is_reported_in_its_old_cluster() {
    let old = shipped();
    let mut new = old.clone();
    cluster(&mut new, "others").activities.remove(0);
    let d = diff(&old, &new);
    let (cluster_id, a) = only_activity(&d);
    assert_eq!(cluster_id, "others");
    assert_eq!(a.presence, Presence::Removed);
    assert_eq!(a.id, "mutual-assistance-projects");
    assert!(text(&d).contains("- \"Mutual Assistance Projects\" (mutual-assistance-projects)"));
}

#[test]
fn activity_moved_to_another_cluster_says_where_it_came_from() {
    let old = shipped();
    let mut new = old.clone();
    let moved = cluster(&mut new, "pes-service-delivery")
        .activities
        .remove(2);
    cluster(&mut new, "others").activities.insert(0, moved);
    let d = diff(&old, &new);
    let (cluster_id, a) = only_activity(&d);
    assert_eq!(cluster_id, "others");
    let from = a.moved.as_ref().expect("moved");
    assert_eq!(
        (from.from_cluster_id.as_str(), from.from_position),
        ("pes-service-delivery", 3)
    );
    assert!(text(&d).contains(
        "> \"Behavioural science\" (behavioural-science) moved from \"PES service delivery\" #3 to #1"
    ));
}

#[test]
fn reordering_within_a_cluster_moves_only_the_activity_that_moved() {
    let old = shipped();
    let mut new = old.clone();
    let row = &mut cluster(&mut new, "recovery-and-structural-changes").activities;
    let last = row.pop().expect("an activity");
    row.insert(0, last);
    let d = diff(&old, &new);
    let (_, a) = only_activity(&d);
    assert_eq!(a.id, "short-time-work-schemes");
    assert_eq!(d.counts().moved, 1);
}

#[test]
fn each_changed_field_is_shown_old_to_new() {
    let old = shipped();
    let mut new = old.clone();
    let a = activity(&mut new, "pes-staff-management");
    a.title = "PES staff management survey".into();
    a.description = "New description".into();
    a.status = Status::Done;
    a.start = Some("2022-Q1".parse().expect("date"));
    a.end = Some("2022-06-30".parse().expect("date"));
    a.follow_up_of = Some("2021/pes-staff-management".into());
    a.notes = "Board asked for it".into();
    let d = diff(&old, &new);
    let (_, changed) = only_activity(&d);
    let fields: Vec<Field> = changed.fields.iter().map(|f| f.field).collect();
    assert_eq!(
        fields,
        [
            Field::Title,
            Field::Description,
            Field::Status,
            Field::Start,
            Field::End,
            Field::FollowUpOf,
            Field::Notes
        ]
    );
    let shown = text(&d);
    for line in [
        "title: \"PES Staff management\" -> \"PES staff management survey\"",
        "status: planned -> done",
        "start: none -> 2022-Q1",
        "end: none -> 2022-06-30",
        "follow_up_of: none -> 2021/pes-staff-management",
        "notes: none -> \"Board asked for it\"",
    ] {
        assert!(shown.contains(line), "{line} missing in\n{shown}");
    }
}

#[test]
fn end_date_precision_change_is_a_change() {
    let mut old = shipped();
    activity(&mut old, "afepas").end = Some("2022-Q2".parse().expect("date"));
    let mut new = old.clone();
    activity(&mut new, "afepas").end = Some("2022-06-30".parse().expect("date"));
    assert!(text(&diff(&old, &new)).contains("end: 2022-Q2 -> 2022-06-30"));
}

#[test]
fn formats_change_lists_what_was_added_and_removed() {
    let old = shipped();
    let mut new = old.clone();
    // "Future skills, career guidance, lifelong learning" is a Seminar.
    activity(&mut new, "future-skills-career-guidance-lifelong-learning").formats =
        vec![Format::parse("Webinar")];
    let d = diff(&old, &new);
    let (_, a) = only_activity(&d);
    assert_eq!(a.fields[0].added, ["Webinar"]);
    assert_eq!(a.fields[0].removed, ["Seminar"]);
    assert!(text(&d).contains("formats: + Webinar - Seminar"));
}

#[test]
fn renamed_cluster_is_reported_as_a_rename() {
    let old = shipped();
    let mut new = old.clone();
    cluster(&mut new, "meetings").name = "Governance meetings".into();
    let d = diff(&old, &new);
    assert_eq!(d.clusters.len(), 1);
    assert_eq!(d.clusters[0].fields[0].field, Field::Name);
    assert!(text(&d).contains("renamed \"Meetings\" -> \"Governance meetings\""));
    assert_eq!(d.counts().changed, 0);
}

#[test]
fn added_and_removed_clusters_list_their_activities() {
    let old = shipped();
    let mut new = old.clone();
    let mut fresh = Cluster::new("youth", "Youth employment");
    fresh
        .activities
        .push(Activity::new("youth-guarantee", "Youth Guarantee"));
    new.clusters.push(fresh);
    new.clusters.retain(|c| c.id != "others");
    let d = diff(&old, &new);
    let added = d.clusters.iter().find(|c| c.id == "youth").expect("added");
    assert_eq!(added.presence, Presence::Added);
    assert_eq!(added.activities[0].presence, Presence::Added);
    let removed = d
        .clusters
        .iter()
        .find(|c| c.id == "others")
        .expect("removed");
    assert_eq!(removed.presence, Presence::Removed);
    assert_eq!(removed.activities.len(), 5);
    let shown = text(&d);
    assert!(shown.contains("+ cluster \"Youth employment\" (youth)"));
    assert!(shown.contains("- cluster \"Others\" (others)"), "{shown}");
    assert!(
        shown.ends_with("1 added, 5 removed, 0 moved, 0 changed\n"),
        "{shown}"
    );
}

fn next_year(old: &Programme) -> Programme {
    let mut new = old.clone();
    new.year = 2023;
    new.title = "PES Network Work Programme 2023".into();
    new
}

#[test]
fn across_years_follow_up_of_pairs_activities_with_new_ids() {
    let old = shipped();
    let mut new = next_year(&old);
    let a = activity(&mut new, "pes-staff-management");
    a.id = "staff-survey-2023".into();
    a.title = "Staff survey, second round".into();
    a.follow_up_of = Some("2022/pes-staff-management".into());
    let d = diff(&old, &new);
    let (_, changed) = only_activity(&d);
    assert_eq!(changed.matched_by, Some(MatchedBy::FollowUpOf));
    assert_eq!(changed.presence, Presence::Both);
    // The link itself is not reported as a change.
    assert!(changed.fields.iter().all(|f| f.field != Field::FollowUpOf));
    assert!(text(&d).contains("(matched by follow_up_of)"));
}

#[test]
fn across_years_similar_titles_pair_up() {
    let old = shipped();
    let mut new = next_year(&old);
    let a = activity(&mut new, "quality-management");
    a.id = "quality-management-follow-up".into();
    a.title = "Quality management (follow-up)".into();
    let d = diff(&old, &new);
    let (_, changed) = only_activity(&d);
    assert_eq!(changed.matched_by, Some(MatchedBy::Title));
    assert!(
        text(&d).contains("title: \"Quality management\" -> \"Quality management (follow-up)\"")
    );
}

#[test]
fn within_one_year_a_new_id_is_an_addition_and_a_removal() {
    let old = shipped();
    let mut new = old.clone();
    let a = activity(&mut new, "quality-management");
    a.id = "quality-management-follow-up".into();
    a.title = "Quality management (follow-up)".into();
    let counts = diff(&old, &new).counts();
    assert_eq!((counts.added, counts.removed), (1, 1));
}

#[test]
fn programme_title_change_is_reported() {
    let old = shipped();
    let mut new = old.clone();
    new.title = "PES Network Work Programme 2022 (revised)".into();
    let d = diff(&old, &new);
    assert!(text(&d).starts_with(
        "programme\n  title: \"PES Network Work Programme 2022\" -> \"PES Network Work Programme 2022 (revised)\"\n"
    ));
}

#[test]
fn mixed_changes_read_as_a_report() {
    let old = shipped();
    let mut new = old.clone();
    activity(&mut new, "pes-board").status = Status::Done;
    activity(&mut new, "research")
        .formats
        .push(Format::parse("Report"));
    let moved = cluster(&mut new, "meetings").activities.remove(4);
    cluster(&mut new, "others").activities.push(moved);
    cluster(&mut new, "pes-performance-management")
        .activities
        .remove(0);
    cluster(&mut new, "others").name = "Other activities".into();
    insta::assert_snapshot!(text(&diff(&old, &new)));
}

// The command line.

fn write(dir: &Path, name: &str, p: &Programme) -> String {
    let path = dir.join(name);
    store::save(&path, p).expect("save");
    path.to_string_lossy().into_owned()
}

#[test]
fn command_exits_0_without_and_1_with_differences() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = shipped();
    let mut new = old.clone();
    activity(&mut new, "afepas").status = Status::Cancelled;
    let (a, b) = (
        write(dir.path(), "a.ron", &old),
        write(dir.path(), "b.ron", &new),
    );
    bin().args(["diff", &a, &a]).assert().code(0).stdout("");
    let out = bin().args(["diff", &a, &b]).assert().code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("status: planned -> cancelled"));
    assert!(!stdout.contains('\x1b'), "no colour when not on a terminal");
    let out = bin()
        .args(["diff", "--color", "always", &a, &b])
        .assert()
        .code(1);
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("\x1b[33m~ "));
}

#[test]
fn command_rejects_an_unreadable_side_with_exit_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.ron", &shipped());
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Programme(year: 2022,").expect("write");
    let out = bin()
        .args(["diff", &a, &broken.to_string_lossy()])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(stderr.contains("broken.ron"), "{stderr}");
}

#[test]
fn revision_path_outside_a_repository_says_git_failed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = write(dir.path(), "a.ron", &shipped());
    let out = bin()
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .args(["diff", "HEAD:a.ron", &a])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("HEAD:a.ron: `git show HEAD:a.ron` failed"),
        "{stderr}"
    );
}

#[test]
fn csv_output_has_one_row_per_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = shipped();
    let mut new = old.clone();
    let a = activity(&mut new, "afepas");
    a.status = Status::Done;
    a.notes = "held twice".into();
    let (a, b) = (
        write(dir.path(), "a.ron", &old),
        write(dir.path(), "b.ron", &new),
    );
    let out = bin()
        .args(["diff", "--format", "csv", &a, &b])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines[0],
        "change,cluster_id,cluster,activity_id,title,field,old,new"
    );
    assert_eq!(
        lines[1],
        "changed,meetings,Meetings,afepas,AFEPAs,status,planned,done"
    );
    assert_eq!(
        lines[2],
        "changed,meetings,Meetings,afepas,AFEPAs,notes,,held twice"
    );
    assert_eq!(lines.len(), 3);
}

#[test]
fn json_output_carries_the_same_structure() {
    let dir = tempfile::tempdir().expect("tempdir");
    let old = shipped();
    let mut new = old.clone();
    activity(&mut new, "afepas").formats = vec![Format::parse("Webinar")];
    let (a, b) = (
        write(dir.path(), "a.ron", &old),
        write(dir.path(), "b.ron", &new),
    );
    let out = bin()
        .args(["diff", "--format", "json", &a, &b])
        .assert()
        .code(1);
    let json: serde_json::Value =
        serde_json::from_slice(&out.get_output().stdout).expect("valid JSON");
    let change = &json["clusters"][0]["activities"][0]["fields"][0];
    assert_eq!(change["field"], "formats");
    assert_eq!(change["added"][0], "Webinar");
    assert_eq!(change["removed"][0], "Meeting");
    assert_eq!(json["clusters"][0]["activities"][0]["presence"], "both");
}

#[test]
fn across_years_dates_moved_on_by_a_year_are_not_a_change() {
    let mut old = shipped();
    activity(&mut old, "afepas").start = Some("2022-Q2".parse().expect("date"));
    activity(&mut old, "pes-board").start = Some("2022-03-15".parse().expect("date"));
    let mut new = next_year(&old);
    new.adopted = old.adopted;
    activity(&mut new, "afepas").start = Some("2023-Q2".parse().expect("date"));
    activity(&mut new, "pes-board").start = Some("2023-04".parse().expect("date"));
    let d = diff(&old, &new);
    let (_, a) = only_activity(&d);
    assert_eq!(a.id, "pes-board");
    assert!(text(&d).contains("start: 2022-03-15 -> 2023-04"));
}

#[test]
fn a_file_with_a_duplicate_id_has_no_difference_from_its_copy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("copy.ron");
    let original = "tests/fixtures/broken/duplicate_activity_id.ron";
    std::fs::copy(original, &copy).expect("copy");
    bin()
        .args(["diff", original, &copy.to_string_lossy()])
        .assert()
        .code(0)
        .stdout("");
}

//! What `import --into` reports is what `diff` says between the programme before and after it:
//! import keeps only the old values of the activities the rows change (not a copy of the whole
//! programme), and must tell moves, changes, additions and removals as `diff` tells them.

use std::path::Path;

use crate::common::{copy_of_2022, shipped, wpmatrix};
use wpmatrix::model::{Activity, Status};
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

/// The shipped programme's sheet with an activity retitled, one given another status, one
/// moved to another cluster, two swapped, one left out, one added and a cluster renamed.
fn edited_sheet(dir: &Path) {
    let mut edited = shipped();
    let first = &mut edited.clusters[0].activities;
    first[0].title.push_str(" (revised)");
    first[1].status = Status::Cancelled;
    first.swap(2, 3);
    let moved = first.remove(4);
    first.remove(4);
    edited.clusters[1].activities.push(moved);
    edited.clusters[1].name.push_str(" and more");
    edited.clusters[2]
        .activities
        .push(Activity::new("a-new-one", "A new one"));
    store::save(&dir.join("edited.ron"), &edited).unwrap();
    let (code, _, err) = run(dir, &["export", "edited.ron", "-o", "edited.csv"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn import_into_reports_what_diff_tells_between_before_and_after() {
    for prune in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let target = copy_of_2022(dir.path());
        std::fs::copy(&target, dir.path().join("before.ron")).unwrap();
        edited_sheet(dir.path());
        let mut args = vec!["import", "edited.csv", "--into", "2022.ron"];
        if prune {
            args.push("--prune");
        }
        let (code, out, err) = run(dir.path(), &args);
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        let (code, diff, err) = run(dir.path(), &["diff", "before.ron", "2022.ron"]);
        assert_eq!((code, err.as_str()), (1, ""));
        let kept = if prune {
            String::new()
        } else {
            "note: 1 activity is in 2022.ron but not in the sheet; kept (--prune would remove \
             them)\n"
                .to_string()
        };
        assert_eq!(
            out,
            format!("{diff}wrote 2022.ron\n{kept}"),
            "prune: {prune}"
        );
        for word in ["(revised)", "cancelled", "moved", "and more", "A new one"] {
            assert!(out.contains(word), "{word} in {out}");
        }
        assert_eq!(out.contains(", 1 removed,"), prune, "{out}");
    }
}

#[test]
fn import_into_of_the_programmes_own_sheet_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let target = copy_of_2022(dir.path());
    let before = std::fs::read(&target).unwrap();
    let (code, _, err) = run(dir.path(), &["export", "2022.ron", "-o", "own.csv"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, out, err) = run(dir.path(), &["import", "own.csv", "--into", "2022.ron"]);
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "2022.ron: no changes\n", "")
    );
    assert_eq!(std::fs::read(&target).unwrap(), before);
}

/// A sheet that changes every activity of a filled programme (its status; for some also the
/// description, the sessions or an own-field value emptied) is reported as `diff` reports it:
/// the old values kept without the fields they share with the new ones are whole again where
/// they are compared.
#[test]
fn import_into_that_changes_every_activity_reports_what_diff_tells() {
    let dir = tempfile::tempdir().unwrap();
    let programme = crate::generate::programme_filled(300, 31);
    store::save(&dir.path().join("2022.ron"), &programme).unwrap();
    store::save(&dir.path().join("before.ron"), &programme).unwrap();
    let mut edited = programme.clone();
    let mut emptied = 0;
    for (n, activity) in edited
        .clusters
        .iter_mut()
        .flat_map(|c| &mut c.activities)
        .enumerate()
    {
        activity.status = if activity.status == Status::Done {
            Status::Ongoing
        } else {
            Status::Done
        };
        match n % 5 {
            0 => activity.description.push_str(" More."),
            1 => activity.sessions.clear(),
            2 => {
                if let Some(value) = activity.values.values_mut().next() {
                    value.clear();
                    emptied += 1;
                }
            }
            _ => {}
        }
    }
    assert!(emptied > 10);
    store::save(&dir.path().join("edited.ron"), &edited).unwrap();
    let (code, _, err) = run(dir.path(), &["export", "edited.ron", "-o", "edited.csv"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let (code, out, err) = run(dir.path(), &["import", "edited.csv", "--into", "2022.ron"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let (code, diff, err) = run(dir.path(), &["diff", "before.ron", "2022.ron"]);
    assert_eq!((code, err.as_str()), (1, ""));
    assert_eq!(out, format!("{diff}wrote 2022.ron\n"));
    assert!(out.contains("300 changed"), "{out}");
}

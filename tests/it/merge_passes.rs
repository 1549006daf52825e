//! The git merge driver against the merge of whole versions, on generated programmes edited
//! at random on both sides: the driver reads its files in passes, planning on stand-ins for
//! what did not change, and its file, answer and report must be the whole merge's.

use std::fs;
use std::path::Path;

use wpmatrix::model::merge::merge_versions;
use wpmatrix::model::{Programme, Status};
use wpmatrix::store;

use crate::common::wpmatrix;
use crate::generate::{Lcg, programme_filled};
use crate::merge::edit;

/// One side: `edit`'s changes (statuses, titles, formats, drops, moves, additions of
/// activities and clusters) and some to the filled fields: a session's place, a session
/// added, an output retitled, a status; and the status of the base's first activity set by
/// the seed, so that the sides meet there.
fn side(base: &Programme, seed: u64) -> Programme {
    let mut p = edit(base, seed);
    let first = base.activities().next().map(|(_, a)| a.id.clone());
    let mut rng = Lcg(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    if let Some(first) = p
        .clusters
        .iter_mut()
        .flat_map(|c| &mut c.activities)
        .find(|a| Some(&a.id) == first.as_ref())
    {
        first.status = Status::ALL[usize::try_from(seed).unwrap() % Status::ALL.len()];
    }
    for step in 0..rng.below(5) {
        let c = rng.below(p.clusters.len());
        let len = p.clusters[c].activities.len();
        if len == 0 {
            continue;
        }
        let a = &mut p.clusters[c].activities[rng.below(len)];
        match rng.below(4) {
            0 => {
                if let Some(session) = a.sessions.first_mut() {
                    session.place = format!("Place {seed}/{step}");
                }
            }
            1 => {
                if let Some(first) = a.sessions.first() {
                    let mut added = first.clone();
                    added.id = a.sessions.iter().map(|s| s.id).max().unwrap_or(0) + 1;
                    added.place = format!("Added {seed}/{step}");
                    a.sessions.push(added);
                }
            }
            2 => {
                if let Some(output) = a.outputs.first_mut() {
                    output.title = format!("{} ({seed}/{step})", output.title);
                }
            }
            _ => a.status = Status::ALL[rng.below(Status::ALL.len())],
        }
    }
    p
}

/// Writes a programme canonically and reads it back, as the driver will find it.
fn written(path: &Path, programme: &Programme) -> Programme {
    fs::write(path, store::to_canonical(programme)).unwrap();
    store::load(path).unwrap().1.programme
}

#[test]
fn the_driver_writes_what_the_merge_of_the_whole_versions_makes() {
    let dir = tempfile::tempdir().unwrap();
    let [base_file, ours_file, theirs_file] =
        ["base", "ours", "theirs"].map(|name| dir.path().join(format!("{name}.ron")));
    let mut conflicted = 0;
    for case in 0..24_u64 {
        let generated = programme_filled(6 + usize::try_from(case % 4).unwrap() * 12, case);
        let base = written(&base_file, &generated);
        // Every fourth case, both sides make the same edits.
        let theirs_seed = if case % 4 == 0 {
            1000 + case
        } else {
            2000 + case
        };
        let ours = written(&ours_file, &side(&base, 1000 + case));
        let theirs = written(&theirs_file, &side(&base, theirs_seed));
        let whole = merge_versions(Some(&base), &ours, &theirs).expect("edits keep ids unique");
        let out = wpmatrix()
            .arg("git-merge-driver")
            .args([&base_file, &ours_file, &theirs_file])
            .args(["7", "programmes/2022.ron"])
            .output()
            .unwrap();
        let report = String::from_utf8(out.stderr).unwrap();
        assert_eq!(
            fs::read_to_string(&ours_file).unwrap(),
            store::to_canonical(&whole.programme),
            "case {case}: {report}"
        );
        let lines: Vec<&str> = report.lines().skip(1).collect();
        if whole.conflicts.is_empty() {
            assert_eq!(out.status.code(), Some(0), "case {case}: {report}");
            assert_eq!(report, "", "case {case}");
        } else {
            conflicted += 1;
            assert_eq!(out.status.code(), Some(1), "case {case}: {report}");
            assert_eq!(lines.len(), whole.conflicts.len(), "case {case}: {report}");
            for (line, conflict) in lines.iter().zip(&whole.conflicts) {
                let said = format!("  {}: {conflict} (the file has ", conflict.place);
                assert!(line.starts_with(&said), "case {case}: {line} / {said}");
            }
        }
    }
    // The edits are meant to meet: some cases conflict, most do not.
    assert!(
        (6..20).contains(&conflicted),
        "{conflicted} of 24 cases conflicted"
    );
}

//! The structural merge on many random edits of the shipped programme: a change on one side
//! only comes through exactly, and the same change on both sides merges without conflict.

use crate::common::shipped;
use crate::generate::Lcg;

use wpmatrix::model::merge::merge;
use wpmatrix::model::{Activity, Cluster, Format, Programme, Status};

/// Applies a few random edits: field changes, removals, additions and moves of activities and
/// clusters, the way planners edit a programme.
pub(crate) fn edit(base: &Programme, seed: u64) -> Programme {
    let mut rng = Lcg(seed);
    let mut p = base.clone();
    for step in 0..=rng.below(6) {
        let c = rng.below(p.clusters.len());
        let len = p.clusters.get(c).map_or(0, |c| c.activities.len());
        match rng.below(8) {
            0 | 1 if len > 0 => {
                let a = &mut p.clusters[c].activities[rng.below(len)];
                a.status = Status::ALL[rng.below(Status::ALL.len())];
                a.notes = format!("edit {seed}/{step}");
            }
            2 if len > 0 => {
                let a = &mut p.clusters[c].activities[rng.below(len)];
                a.formats.push(Format::parse("Webinar"));
                a.title = format!("{} (revised)", a.title);
            }
            3 if len > 0 => {
                p.clusters[c].activities.remove(rng.below(len));
            }
            4 if len > 0 => {
                let moved = p.clusters[c].activities.remove(rng.below(len));
                let to = rng.below(p.clusters.len());
                let at = rng.below(p.clusters[to].activities.len() + 1);
                p.clusters[to].activities.insert(at, moved);
            }
            5 if !p.clusters.is_empty() => {
                let at = rng.below(len + 1);
                let id = format!("new-{seed}-{step}");
                p.clusters[c]
                    .activities
                    .insert(at, Activity::new(id, "New"));
            }
            6 if p.clusters.len() > 1 => {
                let cluster = p.clusters.remove(c);
                let at = rng.below(p.clusters.len() + 1);
                p.clusters.insert(at, cluster);
            }
            _ => {
                let at = rng.below(p.clusters.len() + 1);
                let id = format!("cluster-{seed}-{step}");
                p.clusters.insert(at, Cluster::new(id, "New cluster"));
            }
        }
    }
    p
}

#[test]
fn a_change_on_one_side_comes_through_exactly() {
    let base = shipped();
    for seed in 0..300 {
        let changed = edit(&base, seed);
        let ours = merge(&base, &changed, &base);
        assert_eq!(ours.conflicts, vec![], "seed {seed}");
        assert_eq!(ours.programme, changed, "ours only, seed {seed}");
        let theirs = merge(&base, &base, &changed);
        assert_eq!(theirs.conflicts, vec![], "seed {seed}");
        assert_eq!(theirs.programme, changed, "theirs only, seed {seed}");
    }
}

#[test]
fn the_same_change_on_both_sides_merges_to_it() {
    let base = shipped();
    for seed in 0..300 {
        let changed = edit(&base, seed);
        let both = merge(&base, &changed, &changed);
        assert_eq!(both.conflicts, vec![], "seed {seed}");
        assert_eq!(both.programme, changed, "seed {seed}");
    }
}

#[test]
fn independent_edits_never_lose_an_activity_both_sides_kept() {
    let base = shipped();
    for seed in 0..300 {
        let ours = edit(&base, seed);
        let theirs = edit(&base, seed + 10_000);
        let merged = merge(&base, &ours, &theirs).programme;
        for (_, a) in ours.activities() {
            if theirs.find(&a.id).is_some() {
                assert!(merged.find(&a.id).is_some(), "seed {seed}: {} lost", a.id);
            }
        }
        let ids: Vec<&str> = merged.activities().map(|(_, a)| a.id.as_str()).collect();
        let mut unique = ids.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            ids.len(),
            unique.len(),
            "seed {seed}: an activity appears twice"
        );
    }
}

#[test]
fn a_large_addition_on_one_side_lands_in_place_beside_the_other_sides_changes() {
    let base = shipped();
    let mut ours = base.clone();
    ours.clusters[0].activities[0].status = Status::Done;
    ours.clusters[0]
        .activities
        .push(Activity::new("ours-new", "Ours new"));
    let mut theirs = base.clone();
    let added: Vec<Activity> = (0..20_000)
        .map(|i| Activity::new(format!("added-{i}"), format!("Added {i}")))
        .collect();
    theirs.clusters[0].activities.splice(2..2, added.clone());

    let merged = merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, vec![]);
    let mut expected = ours.clusters[0].activities.clone();
    expected.splice(2..2, added);
    assert_eq!(merged.programme.clusters[0].activities, expected);
    assert_eq!(merged.programme.clusters[1..], base.clusters[1..]);
}

//! The git merge driver's structural merge of three large files, read in passes so that no
//! two whole versions are held at once: three whole versions of a 100k-activity programme,
//! with their copies, took 1 GB.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;

use crate::model::diff::fingerprint;
use crate::model::merge::{self, Merged};
use crate::model::{Activity, Programme};
use crate::store;

/// Each base activity's fingerprint by its id's key; `None` for a key held twice.
type Prints = HashMap<u64, Option<u128>>;

/// A version cut down while the others are read: its programme with no activities, and each
/// cluster's activities, whole or (the same as the base's) only their id's key.
struct Cut {
    outline: Programme,
    slots: Vec<Vec<Slot>>,
}

enum Slot {
    Same(u64),
    Whole(Box<Activity>),
}

/// The merge of three files that each hold a programme with no comments. The base is read
/// for a fingerprint of each activity; theirs is read and cut down to what differs from the
/// base; ours is read and cut down to what differs from the base or from theirs; the base is
/// read again with stand-ins ([`merge::stand_in`]) for what theirs did not change. The merge
/// is planned on those ([`merge::plan_cut_down`]), then ours is read whole and becomes the
/// result ([`merge::Plan::assemble`]), so that its reading reuses the memory the others took.
///
/// `None` when the passes cannot do it: a file that cannot be read or is not such a
/// programme, no base, a file that changed between its readings, a merge that needs the
/// whole versions. The whole merge then does it, or says why not.
pub(super) fn merge_in_passes([base_file, ours_file, theirs_file]: [&str; 3]) -> Option<Merged> {
    let base_prints = prints(&read(base_file)?);
    let (theirs, same) = cut(&read(theirs_file)?, &base_prints, |_| true);
    let (ours, all_same, ours_outline) = {
        let whole = read(ours_file)?;
        let (ours, all_same) = cut(&whole, &base_prints, |key| same.contains(&key));
        (ours, all_same, outline_key(&whole))
    };
    // The base read again must have every activity theirs kept as it was.
    let (base, ids) = {
        let whole = read(base_file)?;
        let (base, base_same) = cut(&whole, &base_prints, |key| same.contains(&key));
        if base_same != same {
            return None;
        }
        let ids: HashMap<u64, String> = whole
            .activities()
            .map(|(_, activity)| (id_key(&activity.id), activity))
            .filter(|(key, _)| same.contains(key))
            .map(|(key, activity)| (key, activity.id.clone()))
            .collect();
        (base, ids)
    };
    let plan = {
        let (base, theirs, ours) = (
            expand(base, &ids)?,
            expand(theirs, &ids)?,
            expand(ours, &ids)?,
        );
        merge::plan_cut_down(&base, &ours, &theirs).ok()?
    };
    drop((ids, same));
    // Ours read again must be what was planned with: the same ids in the same places, and
    // the activities that were stand-ins still the base's.
    let ours = read(ours_file)?;
    let mut stood_in = 0;
    for (_, activity) in ours.activities() {
        let key = id_key(&activity.id);
        if all_same.contains(&key) {
            if fingerprint(activity) != base_prints.get(&key).copied().flatten() {
                return None;
            }
            stood_in += 1;
        }
    }
    if stood_in != all_same.len() || outline_key(&ours) != ours_outline {
        return None;
    }
    let merged = plan.assemble(ours).ok();
    // What is freed now is ours' own clusters; the canonical text is written next.
    give_back_freed_memory();
    merged
}

/// The programme in a file, if it is one without comments. What the reading before left
/// is given back first.
fn read(file: &str) -> Option<Programme> {
    give_back_freed_memory();
    let bytes = store::read_file(Path::new(file)).ok()?;
    // No common ancestor: the whole merge treats everything as added on both sides.
    if bytes.is_empty() {
        return None;
    }
    let (_, parsed) = store::parse_owned(bytes).ok()?;
    parsed.comments.is_empty().then_some(parsed.programme)
}

fn prints(programme: &Programme) -> Prints {
    let mut prints = Prints::new();
    for (_, activity) in programme.activities() {
        prints
            .entry(id_key(&activity.id))
            .and_modify(|print| *print = None)
            .or_insert_with(|| fingerprint(activity));
    }
    prints
}

/// The version cut down: each activity `wanted` picks by its id's key that is the same as
/// the base's becomes that key; and the keys so cut. A key held twice is cut once at most
/// (the merge refuses such a version anyway). What is kept is copied, so that none of it is
/// left among the memory the version took when it is dropped: that memory is then whole
/// again for the next reading.
fn cut(programme: &Programme, base: &Prints, wanted: impl Fn(u64) -> bool) -> (Cut, HashSet<u64>) {
    let mut same = HashSet::new();
    let mut outline = programme.without_clusters();
    let mut slots = Vec::with_capacity(programme.clusters.len());
    for cluster in &programme.clusters {
        outline.clusters.push(cluster.without_activities());
        let cells = cluster.activities.iter().map(|activity| {
            let key = id_key(&activity.id);
            let print = base.get(&key).copied().flatten();
            if wanted(key)
                && !same.contains(&key)
                && print.is_some()
                && fingerprint(activity) == print
            {
                same.insert(key);
                Slot::Same(key)
            } else {
                Slot::Whole(Box::new(activity.clone()))
            }
        });
        slots.push(cells.collect());
    }
    (Cut { outline, slots }, same)
}

/// A cut-down version as a programme, a [`merge::stand_in`] for each activity cut, its id
/// from `ids` (by key); `None` for a key `ids` lacks.
fn expand(cut: Cut, ids: &HashMap<u64, String>) -> Option<Programme> {
    let mut programme = cut.outline;
    for (cluster, slots) in programme.clusters.iter_mut().zip(cut.slots) {
        cluster.activities = slots
            .into_iter()
            .map(|slot| match slot {
                Slot::Same(key) => Some(merge::stand_in(ids.get(&key)?.clone())),
                Slot::Whole(activity) => Some(*activity),
            })
            .collect::<Option<_>>()?;
    }
    Some(programme)
}

/// The clusters' and activities' ids in order, as one number, to tell that a file read again
/// has them where they were.
fn outline_key(programme: &Programme) -> u64 {
    let mut hasher = DefaultHasher::new();
    for cluster in &programme.clusters {
        hasher.write(cluster.id.as_bytes());
        hasher.write_u8(0xff);
        for activity in &cluster.activities {
            hasher.write(activity.id.as_bytes());
            hasher.write_u8(0xfe);
        }
    }
    hasher.finish()
}

/// An id as a number, so that no id is kept as text between the readings (100k small texts
/// would pin the memory the programme read around them took). Two ids with one key are
/// never taken for each other: a fingerprint covers the id.
fn id_key(id: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(id.as_bytes());
    hasher.finish()
}

/// Gives the memory freed so far back to the system. glibc keeps what a dropped version took
/// for later use, but the next reading's text (127 MB at 100k activities) and the canonical
/// text written at the end are mapped anew beside it: without this, each reading would add
/// to the peak what fragments the one before left.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn give_back_freed_memory() {
    // SAFETY: malloc_trim takes no pointers; it only returns pages glibc holds free.
    unsafe { libc::malloc_trim(0) };
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn give_back_freed_memory() {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::model::merge::merge_versions;

    fn shipped() -> Programme {
        store::parse(include_str!("../../programmes/2022.ron"))
            .unwrap()
            .programme
    }

    /// Writes the three versions and merges them in passes.
    fn in_passes(versions: [&Programme; 3]) -> (Option<Merged>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let files = ["base", "ours", "theirs"].map(|name| dir.path().join(format!("{name}.ron")));
        for (file, version) in files.iter().zip(versions) {
            std::fs::write(file, store::to_canonical(version)).unwrap();
        }
        let names = files.each_ref().map(|f| f.to_str().unwrap());
        (merge_in_passes(names), dir)
    }

    #[test]
    fn changes_on_both_sides_merge_in_passes_as_the_whole_versions_do() {
        let base = shipped();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.clusters[0].activities[0].status = Status::Done;
        ours.clusters[1].activities[0].status = Status::Done;
        theirs.clusters[1].activities[0].status = Status::Cancelled;
        theirs.clusters[2].activities.remove(0);
        let (merged, _dir) = in_passes([&base, &ours, &theirs]);
        let whole = merge_versions(Some(&base), &ours, &theirs);
        assert_eq!(merged.ok_or(()), whole.map_err(|_| ()));
    }

    #[test]
    fn what_needs_the_whole_versions_is_left_to_the_whole_merge() {
        let base = shipped();
        // Ours removes an activity theirs moved (unchanged): the result needs all of it.
        let mut ours = base.clone();
        ours.clusters[0].activities.remove(0);
        let mut theirs = base.clone();
        let moved = theirs.clusters[0].activities.remove(0);
        theirs.clusters[1].activities.push(moved);
        assert!(in_passes([&base, &ours, &theirs]).0.is_none());
    }
}

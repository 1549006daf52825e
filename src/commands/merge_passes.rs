//! The git merge driver's structural merge of three large files, read in passes so that no
//! two whole versions are held at once: three whole versions of a 100k-activity programme,
//! with their copies, took 1 GB.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;
use std::time::SystemTime;

use crate::model::diff::{fingerprint, id_key};
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
/// read again (the same file, by its size and time) and cut down as theirs was. Stand-ins
/// ([`merge::stand_in`]) then take the place of what was cut. The merge
/// is planned on those ([`merge::plan_cut_down`]), then ours is read whole and becomes the
/// result ([`merge::Plan::assemble`]), so that its reading reuses the memory the others took.
///
/// `None` when the passes cannot do it: a file that cannot be read or is not such a
/// programme, no base, a file that changed between its readings, a merge that needs the
/// whole versions. The whole merge then does it, or says why not.
pub(super) fn merge_in_passes([base_file, ours_file, theirs_file]: [&str; 3]) -> Option<Merged> {
    let base_stamp = stamp(base_file)?;
    let base_prints = {
        let base = read(base_file)?;
        let mut prints = Prints::new();
        for (activity, print) in base.activities().map(|(_, a)| a).zip(fingerprints(&base)) {
            prints
                .entry(id_key(&activity.id))
                .and_modify(|print| *print = None)
                .or_insert(print);
        }
        prints
    };
    let is_base =
        |key: u64, print: Option<u128>| print.is_some() && base_prints.get(&key) == Some(&print);
    let (theirs, same) = {
        let whole = read(theirs_file)?;
        cut(&whole, &fingerprints(&whole), is_base)
    };
    let ours_stamp = stamp(ours_file)?;
    let (ours, ours_outline) = {
        let whole = read(ours_file)?;
        let prints = fingerprints(&whole);
        // What is the same in all three is a stand-in in ours too.
        let (ours, _) = cut(&whole, &prints, |key, print| {
            same.contains(&key) && is_base(key, print)
        });
        (ours, outline_key(&whole))
    };
    drop(base_prints);
    // The base read again is the base read first (by its size and time), so what theirs
    // kept of it is known without comparing again.
    let (base, ids) = {
        let whole = read(base_file)?;
        let none = vec![None; whole.activity_count()];
        let (base, base_same) = cut(&whole, &none, |key, _| same.contains(&key));
        if base_same != same || stamp(base_file)? != base_stamp {
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
    // Ours read again must be what was planned with: the same file, the same ids in the
    // same places.
    let ours = read(ours_file)?;
    if stamp(ours_file)? != ours_stamp || outline_key(&ours) != ours_outline {
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

/// Each activity's fingerprint, in order, on two threads: a fingerprint writes the whole
/// activity out, a second of 100k of them.
fn fingerprints(programme: &Programme) -> Vec<Option<u128>> {
    let activities: Vec<&Activity> = programme.activities().map(|(_, a)| a).collect();
    let (first, second) = activities.split_at(activities.len() / 2);
    let of = |part: &[&Activity]| -> Vec<Option<u128>> {
        part.iter().map(|activity| fingerprint(activity)).collect()
    };
    std::thread::scope(|scope| {
        // Without a second thread (the system refuses one), the second half waits its turn.
        let other = std::thread::Builder::new().spawn_scoped(scope, || of(second));
        let mut prints = of(first);
        match other.map(std::thread::ScopedJoinHandle::join) {
            Ok(Ok(rest)) => prints.extend(rest),
            Ok(Err(_)) | Err(_) => prints.extend(of(second)),
        }
        prints
    })
}

/// The version cut down: each activity that `same_as_base` says is the base's (by its key)
/// becomes that key; and the keys so cut. A key held twice is cut once at most (the merge
/// refuses such a version anyway). What is kept is copied, so that none of it is left among
/// the memory the version took when it is dropped: that memory is then whole again for the
/// next reading.
fn cut(
    programme: &Programme,
    prints: &[Option<u128>],
    same_as_base: impl Fn(u64, Option<u128>) -> bool,
) -> (Cut, HashSet<u64>) {
    let mut prints = prints.iter().copied();
    let mut same = HashSet::new();
    let mut outline = programme.without_clusters();
    let mut slots = Vec::with_capacity(programme.clusters.len());
    for cluster in &programme.clusters {
        outline.clusters.push(cluster.without_activities());
        let cells = cluster.activities.iter().map(|activity| {
            let key = id_key(&activity.id);
            let print = prints.next().flatten();
            if !same.contains(&key) && same_as_base(key, print) {
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

/// What tells that a file read again is the file read before: its size and when it was
/// last written.
fn stamp(file: &str) -> Option<(u64, SystemTime)> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.len(), meta.modified().ok()?))
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
    fn an_activity_both_sides_moved_apart_is_noted_in_passes_too() {
        let base = shipped();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        let moved = ours.clusters[0].activities.remove(0);
        ours.clusters[1].activities.push(moved);
        let moved = theirs.clusters[0].activities.remove(0);
        theirs.clusters[2].activities.push(moved);
        let (merged, _dir) = in_passes([&base, &ours, &theirs]);
        let whole = merge_versions(Some(&base), &ours, &theirs).unwrap();
        assert_eq!(whole.conflicts.len(), 1);
        assert_eq!(merged, Some(whole));
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

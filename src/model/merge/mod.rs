//! Three-way merge of programmes by cluster id, activity id and field, as git's merge driver
//! does it: changes to different activities, or to different fields of one activity, merge
//! cleanly; two different changes to the same field are a conflict.
//!
//! A conflict keeps "ours" in the result (for a removal, the side that kept it), so the file
//! always loads, and is written down where the planner sees it: a line
//! `CONFLICT status: ours=done theirs=cancelled (base planned)` appended to the activity's
//! `notes`, to the cluster's `summary` for a cluster field, to the programme's `notes` for its
//! title, year or adoption date.
//!
//! An activity is moved on a side when its cluster changed, or when it left the longest run
//! of its cluster's activities that kept the base's order. Both sides moving it to different
//! places is a conflict (`place`), as is one side removing what the other moved. Clusters go by
//! the same rule (`row`), and each side's independent moves are kept (`order`). One activity
//! given two different new ids is one activity with an `id` conflict (`rename`), and a result
//! whose values clash only once merged is a conflict too (`clash`).

use std::collections::{HashMap, HashSet};
use std::fmt;

pub use super::conflict::{CONFLICT_MARKER, Side};
use super::conflict::{ConflictField, ConflictNote, ConflictValue, Place, Presence};
use super::{Activity, Cell, Cluster, Field, FieldMismatch, FieldValue, Programme};
use clash::settle_clashes;
use order::{Seat, Version, base_place, out_of_order, place, reordered, seats};
use rename::renamed_apart;

mod clash;
mod lists;
mod order;
mod rename;

/// The merged programme and every conflict in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    pub programme: Programme,
    pub conflicts: Vec<Conflict>,
}

/// One field both sides changed differently (or a removal against a change), and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// What it is about: `programme`, `cluster "meetings"`, `activity "pes-board"`.
    pub place: String,
    /// The note, as written into the file.
    pub note: ConflictNote,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.note.fmt(f)
    }
}

/// The value both sides agree on, or the side that changed it; `None` when both changed it
/// differently (or, without a base, when they differ).
fn pick<T: PartialEq + Clone>(base: Option<&T>, ours: &T, theirs: &T) -> Option<T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours.clone())
    } else if base == Some(ours) {
        Some(theirs.clone())
    } else {
        None
    }
}

/// How to read and write the fields of one kind of thing (programme, cluster, activity).
struct Access<T> {
    get: fn(&T, Field) -> Option<FieldValue>,
    set: fn(&mut T, Field, FieldValue) -> Result<(), FieldMismatch>,
}

// By hand: a derive would ask `T: Copy`, and these are only function pointers.
impl<T> Clone for Access<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Access<T> {}

/// Merges `fields` into `merged` (a copy of ours); a field both sides changed differently
/// keeps ours and comes back as a note.
fn merge_values<T>(
    fields: &[Field],
    access: Access<T>,
    (base, ours, theirs): (Option<&T>, &T, &T),
    merged: &mut T,
) -> Vec<ConflictNote> {
    let mut notes = Vec::new();
    for &field in fields {
        let (Some(o), Some(t)) = ((access.get)(ours, field), (access.get)(theirs, field)) else {
            continue;
        };
        let b = base.and_then(|b| (access.get)(b, field));
        // Both sides changed a list: its items may still merge one by one.
        match pick(b.as_ref(), &o, &t).or_else(|| lists::merge(b.as_ref(), &o, &t)) {
            // The value came from a field of the same kind, so it fits.
            Some(value) => {
                // The value came from the same field of a version of the same thing, so it
                // fits; should it not, the field stays ours and says so.
                if let Err(mismatch) = (access.set)(merged, field, value) {
                    notes.push(ConflictNote {
                        field: ConflictField::Field(mismatch.field),
                        ours: o.into(),
                        theirs: t.into(),
                        base: b.map(ConflictValue::from),
                        detail: String::new(),
                        line: 0,
                    });
                }
            }
            None => notes.push(ConflictNote {
                field: ConflictField::Field(field),
                ours: o.into(),
                theirs: t.into(),
                base: b.map(ConflictValue::from),
                detail: String::new(),
                line: 0,
            }),
        }
    }
    notes
}

/// A removal on one side against a change (or a move) on the other.
fn removal_note(field: ConflictField, ours_kept: bool, kept: Presence) -> ConflictNote {
    let (ours, theirs) = if ours_kept {
        (kept, Presence::Removed)
    } else {
        (Presence::Removed, kept)
    };
    ConflictNote {
        field,
        ours: ConflictValue::Presence(ours),
        theirs: ConflictValue::Presence(theirs),
        base: None,
        detail: String::new(),
        line: 0,
    }
}

/// What changed from `before` to `after` among `fields`, for the planner who must choose
/// between that change and a removal: `changed status planned -> done, title "A" -> "B"`.
/// Long texts are cut, so the line stays one a popup can show. Empty when nothing did.
fn changed_words<T>(fields: &[Field], access: Access<T>, before: &T, after: &T) -> String {
    const LONGEST: usize = 60;
    let shown = |value: FieldValue| {
        let text = ConflictValue::from(value).to_string();
        if text.chars().count() > LONGEST {
            format!("{}…", text.chars().take(LONGEST).collect::<String>())
        } else {
            text
        }
    };
    let changes: Vec<String> = fields
        .iter()
        .filter_map(|&f| {
            let (old, new) = ((access.get)(before, f)?, (access.get)(after, f)?);
            (old != new).then(|| format!("{f} {} -> {}", shown(old), shown(new)))
        })
        .collect();
    if changes.is_empty() {
        return String::new();
    }
    format!("changed {}", changes.join(", "))
}

/// Whether a programme can be merged by id: its cluster ids and activity ids are each unique.
/// (A programme that fails `check` on duplicates would lose one of them.)
pub fn has_unique_ids(programme: &Programme) -> bool {
    let mut clusters = HashSet::new();
    let mut activities = HashSet::new();
    programme
        .clusters
        .iter()
        .all(|c| clusters.insert(c.id.as_str()))
        && programme
            .activities()
            .all(|(_, a)| activities.insert(a.id.as_str()))
}

/// Why two versions of a programme cannot be merged by id.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("an id appears twice on one side, so the versions cannot be merged by id")]
pub struct NotMergeable;

/// Merges `ours` and `theirs` descended from `base`, or, without a common ancestor, as if
/// both had added everything: whatever differs is a conflict. The one entry point for the git
/// merge driver and the editor's merge with the file on disk.
pub fn merge_versions(
    base: Option<&Programme>,
    ours: &Programme,
    theirs: &Programme,
) -> Result<Merged, NotMergeable> {
    if !base.into_iter().chain([ours, theirs]).all(has_unique_ids) {
        return Err(NotMergeable);
    }
    Ok(if let Some(base) = base {
        merge(base, ours, theirs)
    } else {
        merge_from(&ours.without_clusters(), false, ours, theirs)
    })
}

/// Merges `ours` and `theirs`, both descended from `base`. All three must have unique ids
/// ([`has_unique_ids`]).
pub fn merge(base: &Programme, ours: &Programme, theirs: &Programme) -> Merged {
    merge_from(base, true, ours, theirs)
}

/// Why a merge of cut-down versions ([`plan_cut_down`]) could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CutDownError {
    #[error(transparent)]
    NotMergeable(#[from] NotMergeable),
    /// The result needs more of the versions than their cut-down forms hold: an activity
    /// only a stand-in stands for (one side removed it, the other moved it), or values that
    /// clash once merged, which are settled against the whole versions. [`merge`] them whole.
    #[error("the merge needs the whole versions")]
    NeedsWhole,
}

/// What stands in a cut-down version (see [`plan_cut_down`]) for an activity that is the
/// same in every version that has a stand-in for it: its id, nothing else.
pub fn stand_in(id: String) -> Activity {
    Activity::new(id, "")
}

/// Whether an activity looks like a [`stand_in`]. A real one that does (no title, nothing
/// else) only sends the merge to the whole versions.
fn is_stand_in(activity: &Activity) -> bool {
    activity.title.is_empty() && *activity == stand_in(activity.id.clone())
}

/// [`merge`], planned on versions cut down, for versions too large to hold three times (the
/// git merge driver on a large programme): an activity that is the same in the base and
/// theirs may be a [`stand_in`] in both; one the same in all three may be a stand-in in ours
/// too. Such an activity merges as ours, whatever ours did to it. [`Plan::assemble`] then
/// takes ours' activities from ours read whole. When the result would need what a stand-in
/// left out, [`CutDownError::NeedsWhole`]: merge the whole versions instead.
pub fn plan_cut_down(
    base: &Programme,
    ours: &Programme,
    theirs: &Programme,
) -> Result<Plan, CutDownError> {
    if ![base, ours, theirs].into_iter().all(has_unique_ids) {
        return Err(NotMergeable.into());
    }
    let plan = plan(base, true, ours, theirs);
    if plan.needs_whole {
        return Err(CutDownError::NeedsWhole);
    }
    Ok(plan)
}

/// The merge, where `base` is only a stand-in for the programme's own fields when
/// `base_is_common` is false (it then has no clusters).
fn merge_from(
    base: &Programme,
    base_is_common: bool,
    ours: &Programme,
    theirs: &Programme,
) -> Merged {
    let mut merged = plan(base, base_is_common, ours, theirs).take_from(ours.clone());
    settle_clashes(&mut merged, base_is_common.then_some(base), ours, theirs);
    merged
}

/// Where a merged activity comes from: ours' activity as it is, by its place in ours (taken
/// from ours, not copied, once the merge is planned), or one the merge made.
enum Pick {
    Ours(Cell),
    /// Ours' activity as it is but for conflicts of its place, written into its notes once it
    /// is taken (the conflicts, by their index in the plan's list, are in the list already).
    Noted(Cell, Vec<usize>),
    Made(Box<Activity>),
}

/// The merged programme before ours is given away: its own fields, its clusters in order with
/// where each activity comes from, and the conflicts.
pub struct Plan {
    header: Programme,
    clusters: Vec<(Cluster, Vec<Pick>)>,
    conflicts: Vec<Conflict>,
    /// A stand-in would be part of the result.
    needs_whole: bool,
}

impl Plan {
    /// The merged programme of a plan made by [`plan_cut_down`], its activities taken from
    /// `ours`, the whole version the plan's cut-down ours was made from (the caller makes
    /// sure it is). [`CutDownError::NeedsWhole`] when its values clash once merged.
    pub fn assemble(self, ours: Programme) -> Result<Merged, CutDownError> {
        let merged = self.take_from(ours);
        // Clashes are settled against the sides' whole values and their own problems.
        if clash::problems(&merged.programme).is_empty() {
            Ok(merged)
        } else {
            Err(CutDownError::NeedsWhole)
        }
    }

    /// The merged programme, its activities taken from `ours` (the programme planned with).
    fn take_from(self, ours: Programme) -> Merged {
        let mut taken: Vec<Vec<Option<Activity>>> = ours
            .clusters
            .into_iter()
            .map(|c| c.activities.into_iter().map(Some).collect())
            .collect();
        // How many of each cluster's activities are still to be taken: a cluster all taken
        // is let go at once, so that ours is never held twice over.
        let mut left: Vec<usize> = taken.iter().map(Vec::len).collect();
        let mut conflicts = self.conflicts;
        let mut programme = self.header;
        programme.clusters = self
            .clusters
            .into_iter()
            .map(|(mut cluster, picks)| {
                cluster.activities = picks
                    .into_iter()
                    .filter_map(|pick| match pick {
                        Pick::Ours(cell) => take(&mut taken, &mut left, cell),
                        Pick::Noted(cell, noted) => {
                            let mut activity = take(&mut taken, &mut left, cell)?;
                            for i in noted {
                                if let Some(conflict) = conflicts.get_mut(i) {
                                    conflict.note.append_to(&mut activity.notes);
                                }
                            }
                            Some(activity)
                        }
                        Pick::Made(activity) => Some(*activity),
                    })
                    .collect();
                cluster
            })
            .collect();
        Merged {
            programme,
            conflicts,
        }
    }
}

/// Takes ours' activity at `cell` out of `taken`, letting its cluster go once all of it is
/// taken (`left` counts what is still to be taken of each).
fn take(taken: &mut [Vec<Option<Activity>>], left: &mut [usize], cell: Cell) -> Option<Activity> {
    let activity = taken
        .get_mut(cell.cluster)
        .and_then(|c| c.get_mut(cell.activity))
        .and_then(Option::take)?;
    if let Some(left) = left.get_mut(cell.cluster) {
        *left -= 1;
        if *left == 0 {
            taken[cell.cluster] = Vec::new();
        }
    }
    Some(activity)
}

/// Everything of the merge but taking ours' activities and settling clashes.
fn plan(base: &Programme, base_is_common: bool, ours: &Programme, theirs: &Programme) -> Plan {
    let mut conflicts = Vec::new();
    let mut programme = ours.without_clusters();
    let access = Access {
        get: Programme::get,
        set: Programme::set,
    };
    let notes = merge_values(
        Field::PROGRAMME,
        access,
        (base_is_common.then_some(base), ours, theirs),
        &mut programme,
    );
    for mut note in notes {
        note.append_to(&mut programme.notes);
        conflicts.push(Conflict {
            place: "programme".into(),
            note,
        });
    }

    let (mut activities, needs_whole) = merge_activities(base, ours, theirs, &mut conflicts);
    let ours_reordered = reordered(ours, &seats(base));
    let needed: HashSet<&str> = activities.values().map(|m| m.cluster).collect();
    let clusters = merge_clusters(base, ours, theirs, &needed, &mut conflicts);

    let clusters = clusters
        .into_iter()
        .map(|(cluster, _)| {
            let id = cluster.id.as_str();
            let ours_seq: Vec<&str> = ids_in(ours, id)
                .into_iter()
                .filter(|a| {
                    activities
                        .get(a)
                        .is_some_and(|m| m.side == Side::Ours && m.cluster == id)
                })
                .collect();
            let theirs_seq = ids_in(theirs, id);
            let order = place(
                ours_seq,
                &theirs_seq,
                |a| {
                    activities
                        .get(a)
                        .is_some_and(|m| m.side == Side::Theirs && m.cluster == id)
                },
                |a| !ours_reordered.contains(a),
            );
            // Each id is placed once, in its own cluster: its activity can be moved there.
            let picks = order
                .iter()
                .filter_map(|a| activities.remove(a).map(|m| m.activity))
                .collect();
            (cluster, picks)
        })
        .collect();
    Plan {
        header: programme,
        clusters,
        conflicts,
        needs_whole,
    }
}

/// The ids of a cluster's activities in a version, in order; none when it lacks the cluster.
fn ids_in<'p>(programme: &'p Programme, cluster: &str) -> Vec<&'p str> {
    programme
        .clusters
        .iter()
        .find(|c| c.id == cluster)
        .map(|c| c.activities.iter().map(|a| a.id.as_str()).collect())
        .unwrap_or_default()
}

/// A merged activity, the cluster it ends up in, and the side whose order places it.
struct MergedActivity<'a> {
    activity: Pick,
    cluster: &'a str,
    side: Side,
}

/// The merged activities by id, and whether a [`stand_in`] would be one.
fn merge_activities<'a>(
    base: &'a Programme,
    ours: &'a Programme,
    theirs: &'a Programme,
    conflicts: &mut Vec<Conflict>,
) -> (HashMap<&'a str, MergedActivity<'a>>, bool) {
    let b = seats(base);
    let (o, t) = (Version::new(ours, &b), Version::new(theirs, &b));
    let ids = ours
        .activities()
        .chain(theirs.activities())
        .map(|(_, a)| a.id.as_str());
    let renames = renamed_apart(&b, &o, &t);
    let mut merged = HashMap::new();
    let mut needs_whole = false;
    for id in ids {
        if merged.contains_key(id) || renames.values().any(|r| r.theirs == id) {
            continue;
        }
        if let (Some(rename), Some(ours_seat)) = (renames.get(id), o.seats.get(id)) {
            let base_seat = b.get(rename.base);
            let theirs_seat = t.seats.get(rename.theirs);
            let mut found = vec![ConflictNote {
                field: ConflictField::Field(Field::Id),
                ours: ConflictValue::text(id),
                theirs: ConflictValue::text(rename.theirs),
                base: Some(ConflictValue::text(rename.base)),
                detail: String::new(),
                line: 0,
            }];
            // The fields merge as the one activity they are; the id stays ours.
            let mut activity = match (base_seat, theirs_seat) {
                (Some(base_seat), Some(theirs_seat)) => merge_fields(
                    Some(base_seat.activity),
                    ours_seat.activity,
                    theirs_seat.activity,
                    &mut found,
                ),
                _ => None,
            }
            .unwrap_or_else(|| {
                needs_whole |= is_stand_in(ours_seat.activity);
                ours_seat.activity.clone()
            });
            note_conflicts(&mut activity, id, found, conflicts);
            let cluster = ours_seat.cluster;
            let side = Side::Ours;
            merged.insert(
                id,
                MergedActivity {
                    activity: Pick::Made(Box::new(activity)),
                    cluster,
                    side,
                },
            );
            continue;
        }
        let entry = match (b.get(id), o.seats.get(id), t.seats.get(id)) {
            (base_seat, Some(ours_seat), Some(theirs_seat)) => {
                let mut found = Vec::new();
                let activity = merge_fields(
                    base_seat.map(|s| s.activity),
                    ours_seat.activity,
                    theirs_seat.activity,
                    &mut found,
                );
                let (side, place) = merge_place(id, base_seat, (ours_seat, &o), (theirs_seat, &t));
                found.extend(place.map(|(ours, theirs)| ConflictNote {
                    field: ConflictField::Place,
                    ours: ConflictValue::Place(ours),
                    theirs: ConflictValue::Place(theirs),
                    base: base_seat.map(|s| ConflictValue::Place(base_place(base, s))),
                    detail: String::new(),
                    line: 0,
                }));
                let cluster = match side {
                    Side::Ours => ours_seat.cluster,
                    Side::Theirs => theirs_seat.cluster,
                };
                let activity = match activity {
                    None if found.is_empty() => Pick::Ours(ours_seat.cell()),
                    // Ours unchanged but for its place: the notes are written once it is taken.
                    None => {
                        let noted = (conflicts.len()..conflicts.len() + found.len()).collect();
                        conflicts.extend(found.into_iter().map(|note| Conflict {
                            place: format!("activity {id:?}"),
                            note,
                        }));
                        Pick::Noted(ours_seat.cell(), noted)
                    }
                    Some(mut activity) => {
                        note_conflicts(&mut activity, id, found, conflicts);
                        Pick::Made(Box::new(activity))
                    }
                };
                MergedActivity {
                    activity,
                    cluster,
                    side,
                }
            }
            (Some(base_seat), Some(kept), None) | (Some(base_seat), None, Some(kept)) => {
                let ours_kept = o.seats.contains_key(id);
                let keeper = if ours_kept { &o } else { &t };
                let presence = if kept.activity != base_seat.activity {
                    Presence::Changed
                } else if keeper.moved(id, kept, base_seat) {
                    Presence::Moved
                } else {
                    continue; // removed on one side, untouched on the other
                };
                needs_whole |= is_stand_in(kept.activity);
                let mut activity = kept.activity.clone();
                let mut note = removal_note(ConflictField::Activity, ours_kept, presence);
                let access = Access {
                    get: Activity::get,
                    set: Activity::set,
                };
                note.detail =
                    changed_words(Field::EDITABLE, access, base_seat.activity, kept.activity);
                let found = vec![note];
                note_conflicts(&mut activity, id, found, conflicts);
                MergedActivity {
                    activity: Pick::Made(Box::new(activity)),
                    cluster: kept.cluster,
                    side: if ours_kept { Side::Ours } else { Side::Theirs },
                }
            }
            (None, Some(added), None) => MergedActivity {
                activity: Pick::Ours(added.cell()),
                cluster: added.cluster,
                side: Side::Ours,
            },
            (None, None, Some(added)) => {
                needs_whole |= is_stand_in(added.activity);
                MergedActivity {
                    activity: Pick::Made(Box::new(added.activity.clone())),
                    cluster: added.cluster,
                    side: Side::Theirs,
                }
            }
            (_, None, None) => continue,
        };
        merged.insert(id, entry);
    }
    (merged, needs_whole)
}

/// The side whose order places an activity both sides have: the one that moved it. When both
/// moved it to different places (or, without a base, put it in different places), ours, and
/// the two places for the conflict note.
fn merge_place(
    id: &str,
    base: Option<&Seat<'_>>,
    (ours_seat, ours): (&Seat<'_>, &Version<'_>),
    (theirs_seat, theirs): (&Seat<'_>, &Version<'_>),
) -> (Side, Option<(Place, Place)>) {
    let moved = |version: &Version<'_>, seat| base.is_none_or(|b| version.moved(id, seat, b));
    match (moved(ours, ours_seat), moved(theirs, theirs_seat)) {
        (false, true) => (Side::Theirs, None),
        (true, true) => {
            let ours_place = ours.place(ours_seat, theirs);
            let theirs_place = theirs.place(theirs_seat, ours);
            let conflict = (ours_place != theirs_place).then_some((ours_place, theirs_place));
            (Side::Ours, conflict)
        }
        _ => (Side::Ours, None),
    }
}

/// Merges every field of an activity; conflicting fields keep ours and are added to `found`.
/// `None` when the result is ours as it is: theirs is the base's or ours (each field then
/// merges to ours' value), so ours need not be copied.
fn merge_fields(
    base: Option<&Activity>,
    ours: &Activity,
    theirs: &Activity,
    found: &mut Vec<ConflictNote>,
) -> Option<Activity> {
    if base == Some(theirs) || ours == theirs {
        return None;
    }
    let mut merged = ours.clone();
    let access = Access {
        get: Activity::get,
        set: Activity::set,
    };
    found.extend(merge_values(
        Field::EDITABLE,
        access,
        (base, ours, theirs),
        &mut merged,
    ));
    Some(merged)
}

/// Appends each conflict as a line of the activity's notes and adds it to the list.
fn note_conflicts(
    activity: &mut Activity,
    id: &str,
    found: Vec<ConflictNote>,
    conflicts: &mut Vec<Conflict>,
) {
    for mut note in found {
        note.append_to(&mut activity.notes);
        conflicts.push(Conflict {
            place: format!("activity {id:?}"),
            note,
        });
    }
}

/// The merged clusters in order, each without activities yet, with the side that placed it.
/// A cluster one side removed stays when the other changed it or an activity still needs it.
fn merge_clusters(
    base: &Programme,
    ours: &Programme,
    theirs: &Programme,
    needed: &HashSet<&str>,
    conflicts: &mut Vec<Conflict>,
) -> Vec<(Cluster, Side)> {
    let find = |p: &'_ Programme, id: &str| p.clusters.iter().position(|c| c.id == id);
    // Which clusters a side moved, as for activities: out of the longest run that kept the
    // base's order.
    let moved = |p: &'_ Programme| -> HashSet<String> {
        let rows = p
            .clusters
            .iter()
            .map(|c| (c.id.as_str(), find(base, &c.id)));
        out_of_order(rows).map(str::to_string).collect()
    };
    let (ours_moved, theirs_moved) = (moved(ours), moved(theirs));
    let mut kept: HashMap<String, (Cluster, Side)> = HashMap::new();
    let ids = ours.clusters.iter().chain(&theirs.clusters).map(|c| &c.id);
    for id in ids {
        if kept.contains_key(id) {
            continue;
        }
        let versions = [base, ours, theirs].map(|p| find(p, id).map(|i| &p.clusters[i]));
        let Some((mut cluster, side, found)) = merge_cluster(versions, needed) else {
            continue;
        };
        let mut found = found;
        let side = match side {
            // Like activities: theirs places it when only theirs moved it; both moving it to
            // different rows is a conflict, and ours places it.
            None => match (
                ours_moved.contains(id.as_str()),
                theirs_moved.contains(id.as_str()),
            ) {
                (false, true) => Side::Theirs,
                (true, true) => {
                    let row = |p: &Programme, other: &Programme| {
                        let at = find(p, id).unwrap_or(0);
                        p.clusters[..at]
                            .iter()
                            .rev()
                            .find(|c| find(other, &c.id).is_some())
                            .map(|c| c.id.clone())
                    };
                    let (ours_row, theirs_row) = (row(ours, theirs), row(theirs, ours));
                    if ours_row != theirs_row {
                        let base_row = find(base, id)
                            .and_then(|i| i.checked_sub(1))
                            .map(|i| base.clusters[i].id.clone());
                        found.push(ConflictNote {
                            field: ConflictField::Row,
                            ours: ConflictValue::Row(ours_row),
                            theirs: ConflictValue::Row(theirs_row),
                            base: Some(ConflictValue::Row(base_row)),
                            detail: String::new(),
                            line: 0,
                        });
                    }
                    Side::Ours
                }
                (false | true, false) => Side::Ours,
            },
            Some(side) => side,
        };
        for mut note in found {
            note.append_to(&mut cluster.summary);
            conflicts.push(Conflict {
                place: format!("cluster {id:?}"),
                note,
            });
        }
        kept.insert(id.clone(), (cluster, side));
    }
    // Activities that need a cluster both sides removed bring it back from the base.
    for cluster in &base.clusters {
        if needed.contains(cluster.id.as_str()) && !kept.contains_key(&cluster.id) {
            let restored = cluster.without_activities();
            kept.insert(cluster.id.clone(), (restored, Side::Ours));
        }
    }
    let ours_seq: Vec<&str> = ours
        .clusters
        .iter()
        .filter(|c| kept.get(&c.id).is_some_and(|(_, s)| *s == Side::Ours))
        .map(|c| c.id.as_str())
        .collect();
    let theirs_seq: Vec<&str> = theirs.clusters.iter().map(|c| c.id.as_str()).collect();
    let order = place(
        ours_seq,
        &theirs_seq,
        |id| kept.get(id).is_some_and(|(_, s)| *s == Side::Theirs),
        |id| !ours_moved.contains(id),
    );
    let placed: HashSet<&str> = order.iter().copied().collect();
    let mut rest: Vec<String> = kept
        .keys()
        .filter(|id| !placed.contains(id.as_str()))
        .cloned()
        .collect();
    rest.sort_by_key(|id| find(base, id));
    let order: Vec<String> = order.into_iter().map(str::to_string).chain(rest).collect();
    order
        .into_iter()
        .filter_map(|id| kept.remove(&id))
        .collect()
}

/// One cluster merged from its base, ours and theirs versions: its own fields, the side that
/// places it (`None` when both have it: decided by who moved it) and its conflicts; `None`
/// when it is gone.
fn merge_cluster(
    [b, o, t]: [Option<&Cluster>; 3],
    needed: &HashSet<&str>,
) -> Option<(Cluster, Option<Side>, Vec<ConflictNote>)> {
    match (b, o, t) {
        (b, Some(o), Some(t)) => {
            let mut cluster = o.without_activities();
            let access = Access {
                get: Cluster::get,
                set: Cluster::set,
            };
            let fields = [Field::Name, Field::Summary];
            let found = merge_values(&fields, access, (b, o, t), &mut cluster);
            Some((cluster, None, found))
        }
        (Some(b), Some(one), None) | (Some(b), None, Some(one)) => {
            let side = if o.is_some() {
                Side::Ours
            } else {
                Side::Theirs
            };
            // Activities still in it were changed or added by the side that kept it.
            let same_fields = b.name == one.name && b.summary == one.summary;
            if same_fields && !needed.contains(one.id.as_str()) {
                return None;
            }
            let mut note = removal_note(
                ConflictField::Cluster,
                side == Side::Ours,
                Presence::Changed,
            );
            let access = Access {
                get: Cluster::get,
                set: Cluster::set,
            };
            note.detail = match changed_words(&[Field::Name, Field::Summary], access, b, one) {
                words if words.is_empty() => {
                    let keeper = if side == Side::Ours { "ours" } else { "theirs" };
                    format!("it holds activities {keeper} added, changed or moved there")
                }
                words => words,
            };
            Some((one.without_activities(), Some(side), vec![note]))
        }
        (None, Some(one), None) => Some((one.without_activities(), Some(Side::Ours), Vec::new())),
        (None, None, Some(one)) => Some((one.without_activities(), Some(Side::Theirs), Vec::new())),
        (_, None, None) => None,
    }
}

#[cfg(test)]
mod tests;

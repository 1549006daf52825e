//! Activity-level differences between two programmes: which clusters and activities were added,
//! removed, moved or changed, and each changed field old -> new.
//!
//! Activities are matched by id. Across years (the two programmes plan different years) an
//! activity unmatched by id is also matched through its `follow_up_of`, then by a similar title;
//! and what a roll-over does is not reported as a change: a `follow_up_of` pointing at the old
//! activity, and dates moved on by exactly the years between the programmes.
//! Title matching is blocked: an unmatched activity is only compared with unmatched activities
//! that share a distinctive title word or its cluster, so two programmes of ten thousand
//! activities diff without comparing every pair.

use std::collections::HashMap;

use serde::{Serialize, Serializer};

pub use super::matching::{FollowUpLink, Seeker, match_without_id};
use super::{
    Activity, Cell, Cluster, Field, FieldKind, FieldValue, PlanDate, Programme, parse_follow_up,
    slug,
};

/// Activities are looked up by id once each: foldhash, as `check` and `stats` do, not `SipHash`.
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Everything that differs between an old and a new programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProgrammeDiff {
    pub old_year: i32,
    pub new_year: i32,
    /// Changes of the programme's own fields: year, title, adopted.
    pub programme: Vec<FieldChange>,
    /// Clusters with a difference, in the new programme's order; removed clusters last.
    pub clusters: Vec<ClusterDiff>,
}

/// One cluster with what changed in it. Lists only clusters with a difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClusterDiff {
    /// The cluster's id (in the new programme when it is there).
    pub id: String,
    /// The cluster's name (in the new programme when it is there).
    pub name: String,
    pub presence: Presence,
    /// The cluster's row moved: its 1-based row in the old programme.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_from_row: Option<usize>,
    /// 1-based row in the new programme (in the old one for a removed cluster).
    pub row: usize,
    /// Changes of the cluster's fields: id, name (a rename), summary.
    pub fields: Vec<FieldChange>,
    /// Activities with a difference, in the new order; removed ones last.
    pub activities: Vec<ActivityDiff>,
}

/// Whether a cluster or an activity is in both programmes or only in one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Added,
    Removed,
    Both,
}

/// How an old activity was found to be the same as a new one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Id,
    FollowUpOf,
    Title,
}

/// One activity with what changed about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActivityDiff {
    /// The id (in the new programme when it is there).
    pub id: String,
    /// The title (in the new programme when it is there).
    pub title: String,
    pub presence: Presence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched_by: Option<MatchedBy>,
    /// 1-based position in its cluster (the old cluster for a removed activity).
    pub position: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<Move>,
    /// The changed fields; for an added activity its status, formats and dates
    /// ([`ADDED_FIELDS`]) from nothing.
    pub fields: Vec<FieldChange>,
}

/// Where a moved activity was in the old programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    pub from_cluster_id: String,
    pub from_cluster: String,
    /// 1-based position in the old cluster.
    pub from_position: usize,
}

/// One field, old value -> new value, as text (empty when absent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    #[serde(serialize_with = "field_name")]
    pub field: Field,
    pub old: String,
    pub new: String,
    /// For `formats`: the formats only the new side has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// For `formats`: the formats only the old side has.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's serialize_with hands over a reference"
)]
fn field_name<S: Serializer>(field: &Field, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(field.as_str())
}

/// How many activities of each kind of change a diff has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub moved: usize,
    pub changed: usize,
}

impl ProgrammeDiff {
    /// Whether the two programmes are the same.
    pub fn is_empty(&self) -> bool {
        self.programme.is_empty() && self.clusters.is_empty()
    }

    /// The differences of one activity alone (by its id), and nothing else.
    pub fn only_activity(mut self, id: &str) -> ProgrammeDiff {
        self.programme.clear();
        for cluster in &mut self.clusters {
            cluster.fields.clear();
            cluster.moved_from_row = None;
            cluster.activities.retain(|a| a.id == id);
        }
        self.clusters.retain(|c| !c.activities.is_empty());
        self
    }

    /// Activities added, removed, moved and changed (a moved activity may also be changed).
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for activity in self.clusters.iter().flat_map(|c| &c.activities) {
            match activity.presence {
                Presence::Added => counts.added += 1,
                Presence::Removed => counts.removed += 1,
                Presence::Both => {
                    counts.moved += usize::from(activity.moved.is_some());
                    counts.changed += usize::from(!activity.fields.is_empty());
                }
            }
        }
        counts
    }
}

/// The differences from `old` to `new`.
pub fn diff(old: &Programme, new: &Programme) -> ProgrammeDiff {
    diff_from_cells(old, cells(old), &[], new)
}

/// The fields an old activity kept for a diff has left out, as they are the same in the
/// activity it became: an import that changes one field of every activity keeps that field of
/// each, not a second copy of the programme. Never the status or dates; the id, title and
/// `follow_up_of`, by which activities are matched and listed, are put back
/// ([`Shared::restore_names`]) before a diff is made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Shared(u64);

/// An old activity's [`Shared`] fields and the activity that has them, if it left any out.
pub type SharedWith<'a> = Option<(Shared, &'a Activity)>;

impl Shared {
    /// The fields that may be left out: every field of an activity in the field table but its
    /// status and dates, which the report and the diff's counts read of every kept activity.
    fn fields() -> impl Iterator<Item = Field> {
        Field::ACTIVITY
            .iter()
            .copied()
            .filter(|field| !matches!(field, Field::Status | Field::Start | Field::End))
    }

    fn bit(field: Field) -> u64 {
        1_u64.checked_shl(field as u32).unwrap_or(0)
    }

    /// Takes out of `old` the fields it has the same as `now`, letting their values go.
    pub fn take_from(old: &mut Activity, now: &Activity) -> Shared {
        let blank = Activity::new(String::new(), String::new());
        let mut shared = 0;
        for field in Shared::fields() {
            let Some(empty) = blank.get(field) else {
                continue;
            };
            if Shared::bit(field) != 0 && old.same(now, field) && old.replace(field, empty).is_ok()
            {
                shared |= Shared::bit(field);
            }
        }
        Shared(shared)
    }

    /// Puts back into `old` the fields taken out, from `now`, as they still are there.
    pub fn restore(&mut self, old: &mut Activity, now: &Activity) {
        for field in Shared::fields() {
            if self.0 & Shared::bit(field) != 0 {
                old.copy_from(now, field);
            }
        }
        self.0 = 0;
    }

    /// Puts back into `old` its id, title and `follow_up_of` if they were taken out, from `now`:
    /// what a diff matches and lists activities by.
    pub fn restore_names(&mut self, old: &mut Activity, now: &Activity) {
        for field in [Field::Id, Field::Title, Field::FollowUpOf] {
            if self.0 & Shared::bit(field) != 0 {
                old.copy_from(now, field);
                self.0 &= !Shared::bit(field);
            }
        }
    }

    /// `old` whole again, a copy, its fields taken out taken from `now`.
    pub fn restored(self, old: &Activity, now: &Activity) -> Activity {
        let (mut whole, mut shared) = (old.clone(), self);
        shared.restore(&mut whole, now);
        whole
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// [`diff`] with the old programme's activities given apart from it, as (cluster, position,
/// activity) in its order: `old` gives its own fields and its clusters' ids, names and
/// summaries, and its clusters' activity lists are not looked at. An import that changed a few
/// activities of a large programme keeps the old values of those alone, not a whole copy.
pub fn diff_from_cells<'a>(
    old: &'a Programme,
    old_cells: Vec<(usize, usize, &'a Activity)>,
    shared: &'a [SharedWith<'a>],
    new: &'a Programme,
) -> ProgrammeDiff {
    let cluster_of_new = match_clusters(&old.clusters, &new.clusters);
    let new_cells: Vec<(usize, usize, &Activity)> = cells(new);
    let pairs = match_activities(old, new, &old_cells, &new_cells, &cluster_of_new);

    let mut old_of_new: Vec<Option<(usize, MatchedBy)>> = vec![None; new_cells.len()];
    let mut matched_old = vec![false; old_cells.len()];
    for &(n, o, by) in &pairs {
        old_of_new[n] = Some((o, by));
        matched_old[o] = true;
    }
    let moved = moved_activities(new, &cluster_of_new, &old_cells, &old_of_new);
    let matching = Matching {
        old,
        new,
        old_cells,
        shared,
        old_of_new,
        matched_old,
        moved,
    };

    let mut clusters = Vec::new();
    let mut old_cluster_seen = vec![false; old.clusters.len()];
    let old_rows: Vec<usize> = cluster_of_new.iter().flatten().copied().collect();
    let mut rows_kept = longest_increasing(&old_rows).into_iter();
    let mut first = 0;
    for (c, cluster) in new.clusters.iter().enumerate() {
        let old_cluster = cluster_of_new[c];
        let row_kept = old_cluster.map(|_| rows_kept.next().unwrap_or(true));
        let mut fields = Vec::new();
        let mut moved_from_row = None;
        if let Some(oc) = old_cluster {
            old_cluster_seen[oc] = true;
            fields = cluster_fields(&old.clusters[oc], cluster);
            if row_kept == Some(false) {
                moved_from_row = Some(oc + 1);
            }
        }
        let mut activities: Vec<ActivityDiff> = (0..cluster.activities.len())
            .filter_map(|p| matching.activity(first + p, Cell::new(c, p)))
            .collect();
        first += cluster.activities.len();
        if let Some(oc) = old_cluster {
            activities.extend(matching.removed_in(oc));
        }
        let presence = match old_cluster {
            Some(_) => Presence::Both,
            None => Presence::Added,
        };
        if presence == Presence::Added
            || moved_from_row.is_some()
            || !fields.is_empty()
            || !activities.is_empty()
        {
            clusters.push(ClusterDiff {
                id: cluster.id.clone(),
                name: cluster.name.clone(),
                presence,
                moved_from_row,
                row: c + 1,
                fields,
                activities,
            });
        }
    }
    clusters.extend(matching.removed_clusters(&old_cluster_seen));

    ProgrammeDiff {
        old_year: old.year,
        new_year: new.year,
        programme: programme_fields(old, new),
        clusters,
    }
}

/// The programme's own fields and its clusters without their activities: what [`diff`] needs
/// of a programme beside its activities.
pub fn outline(programme: &Programme) -> Programme {
    let mut outline = programme.without_clusters();
    outline.clusters = programme
        .clusters
        .iter()
        .map(|c| Cluster {
            id: c.id.clone(),
            name: c.name.clone(),
            summary: c.summary.clone(),
            activities: Vec::new(),
        })
        .collect();
    outline
}

/// What [`diff`] looks at of an activity that is the same in both programmes, under the same
/// id: what finds it (its id, title and `follow_up_of`) and its dates, which across years are
/// compared with the years between. Two such stand-ins of one activity differ in nothing, as
/// the activity does not, so a diff of programmes whose same activities are stand-ins is the
/// diff of the programmes.
pub fn stand_in(activity: &Activity) -> Activity {
    let mut stand_in = Activity::new(activity.id.clone(), activity.title.clone());
    stand_in.start = activity.start;
    stand_in.end = activity.end;
    stand_in.follow_up_of.clone_from(&activity.follow_up_of);
    stand_in
}

/// A 128-bit fingerprint of every field of an activity, to tell one that is the same in two
/// programmes without holding both; `None` if it cannot be made.
pub fn fingerprint(activity: &Activity) -> Option<u128> {
    fingerprint_of(activity)
}

/// Two 64-bit hashes of what `value` writes as `Debug`, fed as it is written.
fn fingerprint_of(value: &impl std::fmt::Debug) -> Option<u128> {
    use std::fmt::Write as _;
    use std::hash::{DefaultHasher, Hasher};
    /// Two hashes of one text, fed as it is written.
    struct Hashing(DefaultHasher, DefaultHasher);
    impl std::fmt::Write for Hashing {
        fn write_str(&mut self, text: &str) -> std::fmt::Result {
            self.0.write(text.as_bytes());
            self.1.write(text.as_bytes());
            Ok(())
        }
    }
    let mut second = DefaultHasher::new();
    second.write_u8(0x5a);
    let mut hashing = Hashing(DefaultHasher::new(), second);
    write!(hashing, "{value:?}").ok()?;
    Some(u128::from(hashing.0.finish()) << 64 | u128::from(hashing.1.finish()))
}

/// Each activity's [`fingerprint`] by its id's [`id_key`]; `None` for a key more than one
/// activity holds.
pub fn fingerprints(programme: &Programme) -> HashMap<u64, Option<u128>> {
    prints(programme).by_key
}

/// A programme's [`fingerprints`] and a fingerprint of it whole, made in one walk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prints {
    pub by_key: HashMap<u64, Option<u128>>,
    /// The same for equal programmes, as [`fingerprint`] is of an activity: a version is told
    /// equal to another without holding both. `None` if it cannot be made (then it is equal
    /// to nothing).
    pub whole: Option<u128>,
}

/// The [`Prints`] of a programme.
pub fn prints(programme: &Programme) -> Prints {
    use std::hash::{DefaultHasher, Hasher};
    let mut by_key: HashMap<u64, Option<u128>> = HashMap::new();
    let mut first = DefaultHasher::new();
    let mut second = DefaultHasher::new();
    second.write_u8(0x5a);
    let mut feed = |print: Option<u128>| {
        // A print that cannot be made spoils the whole one.
        let print = print?;
        first.write_u128(print);
        second.write_u128(print);
        Some(())
    };
    // Everything but the activities, then each cluster's activities by their own prints: the
    // activities are written out once, not a second time as a whole.
    let mut whole = feed(fingerprint_of(&outline(programme)));
    for cluster in &programme.clusters {
        whole = whole.and(feed(Some(cluster.activities.len() as u128)));
        for activity in &cluster.activities {
            let print = fingerprint(activity);
            whole = whole.and(feed(print));
            by_key
                .entry(id_key(&activity.id))
                .and_modify(|print| *print = None)
                .or_insert(print);
        }
    }
    let whole = whole.map(|()| u128::from(first.finish()) << 64 | u128::from(second.finish()));
    Prints { by_key, whole }
}

/// An id as a number, so that no id is kept as text between the readings (100k small texts
/// would pin the memory the programme read around them took). Two ids with one key are both
/// held "more than once": never the same, so diffed whole.
pub fn id_key(id: &str) -> u64 {
    use std::hash::{DefaultHasher, Hasher};
    let mut hasher = DefaultHasher::new();
    hasher.write(id.as_bytes());
    hasher.finish()
}

/// The activities of `new` that are activities of `old`, matched as [`diff`] matches them:
/// (cell in `new`, cell in `old`, how), in `new`'s display order. Reports that follow an
/// activity from one version to the next (`report`) pair them with this.
pub fn matched_activities(old: &Programme, new: &Programme) -> Vec<(Cell, Cell, MatchedBy)> {
    let cluster_of_new = match_clusters(&old.clusters, &new.clusters);
    let old_cells = cells(old);
    let new_cells = cells(new);
    let mut pairs = match_activities(old, new, &old_cells, &new_cells, &cluster_of_new);
    pairs.sort_unstable_by_key(|&(n, _, _)| n);
    pairs
        .into_iter()
        .map(|(n, o, by)| {
            let (nc, np, _) = new_cells[n];
            let (oc, op, _) = old_cells[o];
            (Cell::new(nc, np), Cell::new(oc, op), by)
        })
        .collect()
}

/// For each cluster of `new`, the cluster of `old` it is, matched as [`diff`] matches them.
pub fn matched_clusters(old: &Programme, new: &Programme) -> Vec<Option<usize>> {
    match_clusters(&old.clusters, &new.clusters)
}

/// Which new activity moved: it changed cluster, or it is out of the longest run that kept its
/// order within the same cluster (inserting one activity does not "move" those after it).
fn moved_activities(
    new: &Programme,
    cluster_of_new: &[Option<usize>],
    old_cells: &[(usize, usize, &Activity)],
    old_of_new: &[Option<(usize, MatchedBy)>],
) -> Vec<bool> {
    let mut moved = vec![false; old_of_new.len()];
    let mut start = 0;
    for (c, cluster) in new.clusters.iter().enumerate() {
        let mut stayed: Vec<(usize, usize)> = Vec::new();
        for n in start..start + cluster.activities.len() {
            let Some((o, _)) = old_of_new[n] else {
                continue;
            };
            let old_cluster = old_cells[o].0;
            if cluster_of_new[c] == Some(old_cluster) {
                stayed.push((n, old_cells[o].1));
            } else {
                moved[n] = true;
            }
        }
        let keys: Vec<usize> = stayed.iter().map(|&(_, p)| p).collect();
        let kept = longest_increasing(&keys);
        for (i, &(n, _)) in stayed.iter().enumerate() {
            moved[n] = !kept[i];
        }
        start += cluster.activities.len();
    }
    moved
}

/// Which old activity each new one is, and what moved.
struct Matching<'a> {
    old: &'a Programme,
    new: &'a Programme,
    old_cells: Vec<(usize, usize, &'a Activity)>,
    /// By old cell, the fields its activity left out ([`Shared`]) and the activity that has
    /// them; empty when every old activity is whole.
    shared: &'a [SharedWith<'a>],
    old_of_new: Vec<Option<(usize, MatchedBy)>>,
    matched_old: Vec<bool>,
    moved: Vec<bool>,
}

impl Matching<'_> {
    /// The difference for the `n`th new activity, at `cell`; `None` when it is the same.
    fn activity(&self, n: usize, cell: Cell) -> Option<ActivityDiff> {
        let (old, new) = (self.old, self.new);
        let activity = new.activity(cell)?;
        let Some((o, by)) = self.old_of_new[n] else {
            return Some(ActivityDiff {
                id: activity.id.clone(),
                title: activity.title.clone(),
                presence: Presence::Added,
                matched_by: None,
                position: cell.activity + 1,
                moved: None,
                fields: added_fields(activity),
            });
        };
        let (oc, op, old_activity) = self.old_cells[o];
        // Made whole for this comparison alone.
        let whole = match self.shared.get(o) {
            Some(Some((shared, became))) if !shared.is_empty() => {
                Some(shared.restored(old_activity, became))
            }
            Some(_) | None => None,
        };
        let old_activity = whole.as_ref().unwrap_or(old_activity);
        let fields = matched_fields(old.year, new.year, old_activity, activity);
        let moved = self.moved[n];
        if fields.is_empty() && !moved {
            return None;
        }
        Some(ActivityDiff {
            id: activity.id.clone(),
            title: activity.title.clone(),
            presence: Presence::Both,
            matched_by: (by != MatchedBy::Id).then_some(by),
            position: cell.activity + 1,
            moved: moved.then(|| Move {
                from_cluster_id: old.clusters[oc].id.clone(),
                from_cluster: old.clusters[oc].name.clone(),
                from_position: op + 1,
            }),
            fields,
        })
    }

    fn removed_in(&self, oc: usize) -> Vec<ActivityDiff> {
        removed_in(oc, &self.old_cells, &self.matched_old)
    }

    /// The old clusters no new one matched, with their activities.
    fn removed_clusters(&self, seen: &[bool]) -> Vec<ClusterDiff> {
        let old = self.old.clusters.iter().enumerate();
        old.filter(|(oc, _)| !seen[*oc])
            .map(|(oc, cluster)| ClusterDiff {
                id: cluster.id.clone(),
                name: cluster.name.clone(),
                presence: Presence::Removed,
                moved_from_row: None,
                row: oc + 1,
                fields: Vec::new(),
                activities: self.removed_in(oc),
            })
            .collect()
    }
}

fn cells(programme: &Programme) -> Vec<(usize, usize, &Activity)> {
    programme
        .activities()
        .map(|(cell, a)| (cell.cluster, cell.activity, a))
        .collect()
}

/// The removed activities of an old cluster, in old order.
fn removed_in(
    oc: usize,
    old_cells: &[(usize, usize, &Activity)],
    matched_old: &[bool],
) -> Vec<ActivityDiff> {
    // The cells are in the old programme's order: the cluster's are one run of them.
    let first = old_cells.partition_point(|&(c, _, _)| c < oc);
    let end = old_cells.partition_point(|&(c, _, _)| c <= oc);
    (first..end)
        .filter(|&o| !matched_old[o])
        .map(|o| {
            let (_, p, a) = old_cells[o];
            ActivityDiff {
                id: a.id.clone(),
                title: a.title.clone(),
                presence: Presence::Removed,
                matched_by: None,
                position: p + 1,
                moved: None,
                fields: Vec::new(),
            }
        })
        .collect()
}

/// For each new cluster, the old cluster it is: same id, else (a changed id) same name.
fn match_clusters(old: &[Cluster], new: &[Cluster]) -> Vec<Option<usize>> {
    let mut taken = vec![false; old.len()];
    let by_id: Map<&str, usize> = old
        .iter()
        .enumerate()
        .rev()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut result: Vec<Option<usize>> = new
        .iter()
        .map(|c| {
            let o = *by_id.get(c.id.as_str())?;
            (!std::mem::replace(&mut taken[o], true)).then_some(o)
        })
        .collect();
    for (n, cluster) in new.iter().enumerate() {
        if result[n].is_some() {
            continue;
        }
        let name = slug(&cluster.name);
        if let Some(o) = (0..old.len()).find(|&o| !taken[o] && slug(&old[o].name) == name) {
            taken[o] = true;
            result[n] = Some(o);
        }
    }
    result
}

/// Pairs (new index, old index, how) of activities that are the same one.
fn match_activities(
    old: &Programme,
    new: &Programme,
    old_cells: &[(usize, usize, &Activity)],
    new_cells: &[(usize, usize, &Activity)],
    cluster_of_new: &[Option<usize>],
) -> Vec<(usize, usize, MatchedBy)> {
    let mut pairs = Vec::new();
    let mut new_done = vec![false; new_cells.len()];
    let mut old_done = vec![false; old_cells.len()];
    // An id held twice (a file `check` rejects) pairs its holders in order, so that a file
    // diffed against its own copy shows no difference.
    // Each id's first holder, and each holder's next: no list per id, as nearly every id has
    // one holder.
    let mut by_id: Map<&str, usize> =
        Map::with_capacity_and_hasher(old_cells.len(), foldhash::fast::FixedState::default());
    let mut next_holder: Vec<Option<usize>> = vec![None; old_cells.len()];
    for (o, (_, _, a)) in old_cells.iter().enumerate().rev() {
        next_holder[o] = by_id.insert(a.id.as_str(), o);
    }
    let mut pair = |n: usize, o: usize, by, new_done: &mut [bool], old_done: &mut [bool]| {
        if new_done[n] || old_done[o] {
            return;
        }
        new_done[n] = true;
        old_done[o] = true;
        pairs.push((n, o, by));
    };
    for (n, (_, _, a)) in new_cells.iter().enumerate() {
        // The first holder not yet paired; the next one in order takes its place.
        let Some(holder) = by_id.get_mut(a.id.as_str()) else {
            continue;
        };
        let o = *holder;
        match next_holder[o] {
            Some(next) => *holder = next,
            None => {
                by_id.remove(a.id.as_str());
            }
        }
        pair(n, o, MatchedBy::Id, &mut new_done, &mut old_done);
    }
    if old.year == new.year {
        return pairs;
    }
    let seekers: Vec<Seeker<'_>> = new_cells
        .iter()
        .map(|&(c, p, activity)| Seeker {
            activity,
            old_cluster: cluster_of_new.get(c).copied().flatten(),
            position: p,
        })
        .collect();
    // Across years the link is a follow_up_of naming the old activity.
    let link = FollowUpLink {
        old: |a: &Activity| Some(a.id.clone()),
        new: |a: &Activity| {
            let (year, id) = a.follow_up_of.as_deref().and_then(parse_follow_up)?;
            (year == old.year).then(|| id.to_string())
        },
    };
    let found = match_without_id(old_cells, &seekers, &new_done, &old_done, &link);
    for (n, found) in found.into_iter().enumerate() {
        if let Some((o, by)) = found {
            pair(n, o, by, &mut new_done, &mut old_done);
        }
    }
    pairs
}

/// For each key, whether it belongs to one longest strictly increasing run (patience sorting,
/// O(n log n)): the items that kept their order.
fn longest_increasing(keys: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new(); // index into keys of the smallest tail per length
    let mut previous: Vec<Option<usize>> = vec![None; keys.len()];
    for (i, &key) in keys.iter().enumerate() {
        let len = tails.partition_point(|&t| keys[t] < key);
        previous[i] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(i);
        } else {
            tails[len] = i;
        }
    }
    let mut kept = vec![false; keys.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = previous[i];
    }
    kept
}

fn programme_fields(old: &Programme, new: &Programme) -> Vec<FieldChange> {
    changed_fields(Field::PROGRAMME, |f| old.get(f), |f| new.get(f))
}

fn cluster_fields(old: &Cluster, new: &Cluster) -> Vec<FieldChange> {
    let fields = Field::CLUSTER.iter().filter(|f| !old.same(new, **f));
    changed_fields(fields, |f| old.get(f), |f| new.get(f))
}

/// What an added activity is, at a glance: its status, and its formats and dates when it has
/// them, each as a change from nothing.
pub const ADDED_FIELDS: [Field; 4] = [Field::Status, Field::Formats, Field::Start, Field::End];

fn added_fields(added: &Activity) -> Vec<FieldChange> {
    let empty = |value: &FieldValue| match value {
        FieldValue::Formats(formats) => formats.is_empty(),
        FieldValue::Date(date) => date.is_none(),
        _ => false,
    };
    ADDED_FIELDS
        .iter()
        .filter_map(|&field| {
            let value = added.get(field).filter(|v| !empty(v))?;
            let added = match &value {
                FieldValue::Formats(formats) => {
                    formats.iter().map(|f| f.name().to_string()).collect()
                }
                _ => Vec::new(),
            };
            Some(FieldChange {
                field,
                old: String::new(),
                new: value.plain(),
                added,
                removed: Vec::new(),
            })
        })
        .collect()
}

/// Each field that differs between two versions of an activity, in file order.
/// The changes of an activity of `new_year` matched with `old_activity` of `old_year`, as
/// `diff` reports them.
pub fn matched_fields(
    old_year: i32,
    new_year: i32,
    old_activity: &Activity,
    activity: &Activity,
) -> Vec<FieldChange> {
    let mut fields = activity_fields(old_activity, activity);
    // Across years, a follow_up_of pointing at the old activity is the link between the
    // two, not a change. Likewise a date moved on by exactly the years between them is the
    // same time of year.
    let link = format!("{old_year}/{}", old_activity.id);
    // Checked: programmes built in code can plan any year.
    let years = new_year.checked_sub(old_year);
    let same_time = |o: Option<PlanDate>, n: Option<PlanDate>| match (o, n) {
        (None, None) => true,
        (Some(o), Some(n)) => years.and_then(|years| o.checked_add_years(years)) == Some(n),
        _ => false,
    };
    fields.retain(|f| match f.field {
        Field::FollowUpOf => f.new != link,
        Field::Start => !same_time(old_activity.start, activity.start),
        Field::End => !same_time(old_activity.end, activity.end),
        _ => true,
    });
    fields
}

/// Which fields [`matched_fields`] reports, without making their text: most changed fields
/// of most activities are told apart by their values alone, so a whole comparison of two
/// years makes no strings for them.
pub fn matched_field_names(
    old_year: i32,
    new_year: i32,
    old_activity: &Activity,
    activity: &Activity,
) -> Vec<Field> {
    let years = new_year.checked_sub(old_year);
    let same_time = |o: Option<PlanDate>, n: Option<PlanDate>| match (o, n) {
        (None, None) => true,
        (Some(o), Some(n)) => years.and_then(|years| o.checked_add_years(years)) == Some(n),
        _ => false,
    };
    let is_link = |reference: Option<&str>| {
        reference
            .and_then(|r| r.split_once('/'))
            .is_some_and(|(year, id)| year == old_year.to_string() && id == old_activity.id)
    };
    Field::ACTIVITY
        .iter()
        .copied()
        .filter(|&field| !old_activity.same(activity, field))
        .filter(|&field| match field {
            Field::FollowUpOf => !is_link(activity.follow_up_of.as_deref()),
            Field::Start => !same_time(old_activity.start, activity.start),
            Field::End => !same_time(old_activity.end, activity.end),
            _ => true,
        })
        .filter(|&field| match field.kind() {
            // Unequal texts, statuses and dates read differently, and unequal lists are told
            // by what they gained and lost: a change, whatever they say.
            FieldKind::Id
            | FieldKind::Text
            | FieldKind::MultiLineText
            | FieldKind::Status
            | FieldKind::Date
            | FieldKind::Formats
            | FieldKind::Codes
            | FieldKind::Tags
            | FieldKind::Sessions
            | FieldKind::Outputs
            | FieldKind::Values
            | FieldKind::ThemeDecls
            | FieldKind::FieldDecls => true,
            // A reference of nothing and an empty one read alike; the rest are not an
            // activity's, and are told as `diff` tells them.
            FieldKind::FollowUp
            | FieldKind::Year
            | FieldKind::Day
            | FieldKind::Children
            | FieldKind::Stage => {
                !changed_fields([&field], |f| old_activity.get(f), |f| activity.get(f)).is_empty()
            }
        })
        .collect()
}

pub fn activity_fields(old: &Activity, new: &Activity) -> Vec<FieldChange> {
    // Most fields of most activities are the same: those are not copied to be compared.
    let fields = Field::ACTIVITY.iter().filter(|f| !old.same(new, **f));
    changed_fields(fields, |f| old.get(f), |f| new.get(f))
}

/// The fields whose values differ, as text; for formats also which were added and removed.
fn changed_fields<'f>(
    fields: impl IntoIterator<Item = &'f Field>,
    old: impl Fn(Field) -> Option<FieldValue>,
    new: impl Fn(Field) -> Option<FieldValue>,
) -> Vec<FieldChange> {
    let only = |items: &[String], other: &[String]| -> Vec<String> {
        items
            .iter()
            .filter(|f| !other.contains(f))
            .cloned()
            .collect()
    };
    fields
        .into_iter()
        .filter_map(|&field| {
            let (before, after) = (old(field)?, new(field)?);
            if before == after {
                return None;
            }
            let mut change = FieldChange {
                field,
                old: before.plain(),
                new: after.plain(),
                added: Vec::new(),
                removed: Vec::new(),
            };
            if let (Some(before), Some(after)) = (before.items(), after.items()) {
                change.added = only(&after, &before);
                change.removed = only(&before, &after);
            } else if change.old == change.new {
                return None;
            }
            Some(change)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole print tells equal programmes from any that differ: in a programme's own field,
    /// an activity's, or only in which cluster an activity sits.
    #[test]
    fn a_whole_print_is_the_same_only_for_equal_programmes() {
        let mut programme = Programme::new(2022, "Work Programme 2022");
        for c in 0..2 {
            let mut cluster = Cluster::new(format!("c{c}"), format!("Cluster {c}"));
            for a in 0..2 {
                (cluster.activities).push(Activity::new(format!("a{c}{a}"), "An activity"));
            }
            programme.clusters.push(cluster);
        }
        let whole = |p: &Programme| prints(p).whole.unwrap();
        assert_eq!(whole(&programme), whole(&programme.clone()));
        let mut titled = programme.clone();
        titled.notes = "A note".into();
        let mut noted = programme.clone();
        noted.clusters[1].activities[0].notes = "A note".into();
        let mut moved = programme.clone();
        let activity = moved.clusters[0].activities.remove(1);
        moved.clusters[1].activities.insert(0, activity);
        for other in [titled, noted, moved] {
            assert_ne!(whole(&programme), whole(&other));
        }
        // The prints by id are those `fingerprint` makes; an id held twice has none.
        let mut twice = programme.clone();
        twice.clusters[1].activities[1].id = "a00".into();
        let by_key = prints(&twice).by_key;
        assert_eq!(by_key.get(&id_key("a00")), Some(&None));
        let a01 = &twice.clusters[0].activities[1];
        assert_eq!(by_key.get(&id_key("a01")), Some(&fingerprint(a01)));
    }

    #[test]
    fn field_names_are_those_whose_changes_diff_tells() {
        use crate::model::{Format, Status};
        let mut old = Activity::new("a", "Old");
        old.formats = vec![Format::parse("Seminar"), Format::parse("Webinar")];
        old.start = "2021-03".parse().ok();
        let mut cases = Vec::new();
        let mut same_time = old.clone();
        same_time.start = "2022-03".parse().ok();
        same_time.follow_up_of = Some("2021/a".into());
        cases.push(same_time);
        let mut empty_link = old.clone();
        empty_link.follow_up_of = Some(String::new());
        empty_link.start = "2022-03".parse().ok();
        cases.push(empty_link);
        let mut reordered = old.clone();
        reordered.formats.reverse();
        reordered.follow_up_of = Some("2020/a".into());
        cases.push(reordered);
        let mut moved = old.clone();
        moved.start = "2022-Q1".parse().ok();
        moved.status = Status::Cancelled;
        moved.title = "New".into();
        moved.leads = vec!["BE".into()];
        cases.push(moved);
        for new in &cases {
            let told: Vec<Field> = matched_fields(2021, 2022, &old, new)
                .iter()
                .map(|f| f.field)
                .collect();
            assert_eq!(matched_field_names(2021, 2022, &old, new), told, "{new:?}");
        }
        assert!(matched_field_names(2021, 2022, &old, &cases[0]).is_empty());
        assert!(matched_field_names(2021, 2022, &old, &cases[1]).is_empty());
        assert_eq!(
            matched_field_names(2021, 2022, &old, &cases[2]),
            [Field::Formats, Field::FollowUpOf]
        );
    }

    #[test]
    fn stand_ins_for_the_same_activities_leave_the_diff_as_it_is() {
        use crate::model::Status;
        let programme = |year: i32| {
            let mut p = Programme::new(year, "WP");
            for c in 0..2 {
                let mut cluster = Cluster::new(format!("c{c}"), format!("C{c}"));
                for a in 0..4 {
                    let mut activity = Activity::new(format!("a{c}{a}"), format!("Title {c}{a}"));
                    activity.description = format!("About {c}{a}");
                    activity.start = format!("{year}-0{}", a + 1).parse().ok();
                    cluster.activities.push(activity);
                }
                p.clusters.push(cluster);
            }
            p
        };
        let old = programme(2022);
        let mut changed = old.clone();
        changed.clusters[0].activities[1].status = Status::Done;
        changed.clusters[0].activities.swap(2, 3);
        let moved = changed.clusters[1].activities.remove(0);
        changed.clusters[0].activities.push(moved);
        changed.clusters[1].activities.pop();
        changed.clusters[1]
            .activities
            .push(Activity::new("new", "Title 13 again"));
        // Across years: the same activities with their dates moved on, and one carried over
        // under another id, found by its title.
        let mut next = programme(2023);
        next.clusters[1].activities[2].description = "Changed".into();
        next.clusters[0].activities[3].id = "renamed".into();
        for new in [&changed, &next] {
            // The same on both sides, as `wpmatrix diff` finds them.
            let same = |a: &Activity| {
                let held = |p: &Programme| {
                    p.activities()
                        .any(|(_, o)| o.id == a.id && fingerprint(o) == fingerprint(a))
                };
                held(&old) && held(new)
            };
            let standing = |p: &Programme| {
                let mut p = p.clone();
                for activity in p.clusters.iter_mut().flat_map(|c| &mut c.activities) {
                    if same(activity) {
                        *activity = stand_in(activity);
                    }
                }
                p
            };
            let whole = diff(&old, new);
            assert!(!whole.is_empty());
            assert_eq!(diff(&standing(&old), &standing(new)), whole);
        }
        let mut retitled = old.clone();
        retitled.clusters[0].activities[0].notes = "n".into();
        assert_ne!(
            fingerprint(&retitled.clusters[0].activities[0]),
            fingerprint(&old.clusters[0].activities[0])
        );
    }

    #[test]
    fn a_programme_with_a_duplicate_id_has_no_difference_from_its_copy() {
        let mut p = Programme::new(2022, "WP");
        let mut c = Cluster::new("c", "C");
        c.activities.push(Activity::new("a", "A"));
        c.activities.push(Activity::new("a", "A again"));
        p.clusters.push(c);
        assert!(diff(&p, &p.clone()).is_empty());
        // A change to the second holder is a change of it, not an addition.
        let mut changed = p.clone();
        changed.clusters[0].activities[1].title = "B".into();
        let d = diff(&p, &changed);
        assert_eq!(d.counts().changed, 1);
        assert_eq!((d.counts().added, d.counts().removed), (0, 0));
    }

    #[test]
    fn longest_increasing_keeps_the_longest_ordered_run() {
        assert_eq!(
            longest_increasing(&[0, 3, 1, 2]),
            vec![true, false, true, true]
        );
        assert_eq!(longest_increasing(&[]), Vec::<bool>::new());
        assert_eq!(
            longest_increasing(&[2, 1]).iter().filter(|k| **k).count(),
            1
        );
    }

    #[test]
    fn programmes_of_absurd_years_built_in_code_diff_without_overflow() {
        let programme = |year: i32, start: &str| {
            let mut p = Programme::new(year, "WP");
            let mut c = Cluster::new("c", "C");
            let mut a = Activity::new("a", "A");
            a.start = Some(start.parse().expect("date"));
            c.activities.push(a);
            p.clusters.push(c);
            p
        };
        let d = diff(
            &programme(i32::MIN, "2022-Q1"),
            &programme(i32::MAX, "2023-Q1"),
        );
        let fields = &d.clusters[0].activities[0].fields;
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].field, Field::Start);
        // Within four-digit years a date moved on by the years between is no change.
        let d = diff(&programme(2022, "2022-Q1"), &programme(2023, "2023-Q1"));
        assert!(d.clusters.is_empty());
    }
}

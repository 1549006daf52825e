//! The problems of a programme kept up to date as it changes, for the editor. After an edit only
//! the clusters it replaced are checked again, with those that share an activity id with them
//! (a duplicate's message names the first holder), so a keystroke costs the size of the edit
//! and not of the programme. The answer is always the one [`check`](super::check) gives.

use std::collections::{BTreeSet, HashMap};
use std::hash::BuildHasher as _;

use super::check::{ClusterFirsts, check_activity, check_cluster, check_header, first_holder};
use super::{Cell, Changes, Problem, Programme, Splice, Target};

/// Ids are the file's, looked up a few times per edit: a fast hash, as in `check`.
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// Every problem of a programme, by where it is, ready to follow the programme's changes.
#[derive(Clone, Debug, Default)]
pub struct CheckedProgramme {
    /// The year every date and follow-up was judged against.
    year: i32,
    header: Vec<Problem>,
    clusters: Vec<ClusterProblems>,
    /// The cells holding each activity id, in file order, by the id's hash: no copy of any
    /// id is kept, and ids that share a hash are told apart by reading them.
    holders: Map<u64, Holders>,
    count: usize,
}

#[derive(Clone, Debug, Default)]
struct ClusterProblems {
    /// The problems of the cluster's own fields.
    own: Vec<Problem>,
    /// Its activities' problems, in activity order.
    activities: Vec<Problem>,
    /// Its activities' ids (hashed) when it was last checked, to take them out of `holders`.
    ids: Vec<u64>,
}

impl CheckedProgramme {
    /// Checks the whole programme.
    pub fn new(programme: &Programme) -> Self {
        let mut checked = CheckedProgramme::default();
        checked.rebuild(programme);
        checked
    }

    /// Follows a change: the programme's own fields may have changed, and the clusters, or
    /// the run of one cluster's activities, the change names were replaced. A change this
    /// cannot follow (another year, a splice that does not fit) is checked whole.
    pub fn update(&mut self, programme: &Programme, changed: &Changes) {
        if programme.year != self.year {
            // Every date and follow-up is judged against the year.
            self.rebuild(programme);
            return;
        }
        if changed.header {
            self.header.clear();
            check_header(&mut self.header, programme);
        }
        if let Some((c, run)) = changed.activities
            && self.follow_run(programme, c, run)
        {
            self.recount();
            return;
        }
        if let Some(splice) = changed.clusters {
            if !self.splice(programme, splice) {
                self.rebuild(programme);
                return;
            }
            self.check_clusters_own(programme);
        }
        self.recount();
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.count
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Every problem, in file order (as `check` lists them).
    pub fn iter(&self) -> impl Iterator<Item = &Problem> {
        self.header.iter().chain(
            self.clusters
                .iter()
                .flat_map(|c| c.own.iter().chain(c.activities.iter())),
        )
    }

    /// The problems of one activity, in file order.
    pub fn of_activity(&self, cell: Cell) -> &[Problem] {
        let Some(cluster) = self.clusters.get(cell.cluster) else {
            return &[];
        };
        let list = &cluster.activities;
        let start = list.partition_point(|p| activity_of(p) < cell.activity);
        let len = list[start..].partition_point(|p| activity_of(p) == cell.activity);
        &list[start..start + len]
    }

    fn rebuild(&mut self, programme: &Programme) {
        self.year = programme.year;
        self.header.clear();
        check_header(&mut self.header, programme);
        self.holders = Map::with_capacity_and_hasher(
            programme.activity_count(),
            foldhash::fast::FixedState::default(),
        );
        self.clusters = Vec::with_capacity(programme.clusters.len());
        for (c, cluster) in programme.clusters.iter().enumerate() {
            let ids: Vec<u64> = cluster.activities.iter().map(|a| key(&a.id)).collect();
            for (a, &id) in ids.iter().enumerate() {
                self.hold(id, Cell::new(c, a));
            }
            self.clusters.push(ClusterProblems {
                ids,
                ..ClusterProblems::default()
            });
        }
        self.check_clusters_own(programme);
        for c in 0..programme.clusters.len() {
            self.check_activities(programme, c);
        }
        self.recount();
    }

    /// Replaces the clusters a splice names and checks again what that can have changed;
    /// false when the splice does not fit the programme.
    fn splice(&mut self, programme: &Programme, splice: Splice) -> bool {
        let before = self.clusters.len();
        let at = splice.at.min(before);
        let end = splice.at.saturating_add(splice.removed).min(before);
        let inserted = splice.inserted;
        if before - (end - at) + inserted != programme.clusters.len() {
            return false;
        }
        let fresh = (0..inserted).map(|_| ClusterProblems::default());
        let old: Vec<ClusterProblems> = self.clusters.splice(at..end, fresh).collect();
        let mut touched: Vec<u64> = Vec::new();
        for (k, old) in old.into_iter().enumerate() {
            for (a, id) in old.ids.into_iter().enumerate() {
                let cell = Cell::new(at + k, a);
                if let Some(holders) = self.holders.get_mut(&id)
                    && holders.remove(cell)
                {
                    self.holders.remove(&id);
                }
                touched.push(id);
            }
        }
        if inserted != end - at {
            self.renumber_after(end, at + inserted);
        }
        for c in at..at + inserted {
            let ids: Vec<u64> = programme.clusters[c]
                .activities
                .iter()
                .map(|a| key(&a.id))
                .collect();
            for (a, &id) in ids.iter().enumerate() {
                self.hold(id, Cell::new(c, a));
            }
            touched.extend_from_slice(&ids);
            self.clusters[c].ids = ids;
        }
        // A duplicate's message names the first holder and its cluster, and whether an
        // activity is a duplicate at all depends on the others: every holder of an id that
        // went or came is checked again. Empty ids are never called duplicates.
        let mut again: BTreeSet<usize> = (at..at + inserted).collect();
        let empty = key("");
        for id in touched.iter().filter(|&&id| id != empty) {
            if let Some(holders) = self.holders.get(id) {
                again.extend(holders.cells().iter().map(|cell| cell.cluster));
            }
        }
        for c in again {
            self.check_activities(programme, c);
        }
        true
    }

    /// Follows a run of cluster `c`'s activities replaced (its own fields as they were):
    /// those activities, and every holder of an id that went or came, are checked again;
    /// false when the run does not fit what was checked.
    fn follow_run(&mut self, programme: &Programme, c: usize, run: Splice) -> bool {
        let (Some(cluster), Some(checked)) = (programme.clusters.get(c), self.clusters.get(c))
        else {
            return false;
        };
        let end = run.at.saturating_add(run.removed);
        let now = cluster.activities.len();
        if self.clusters.len() != programme.clusters.len()
            || end > checked.ids.len()
            || checked.ids.len() - run.removed + run.inserted != now
            || run.at + run.inserted > now
        {
            return false;
        }
        let new_ids: Vec<u64> = cluster.activities[run.at..run.at + run.inserted]
            .iter()
            .map(|a| key(&a.id))
            .collect();
        let old_ids: Vec<u64> = self.clusters[c]
            .ids
            .splice(run.at..end, new_ids.iter().copied())
            .collect();
        for (k, id) in old_ids.iter().enumerate() {
            let cell = Cell::new(c, run.at + k);
            if let Some(holders) = self.holders.get_mut(id)
                && holders.remove(cell)
            {
                self.holders.remove(id);
            }
        }
        // The old run's problems go before the activities after it move up or down.
        let list = &mut self.clusters[c].activities;
        let from = list.partition_point(|p| activity_of(p) < run.at);
        let to = from + list[from..].partition_point(|p| activity_of(p) < end);
        list.drain(from..to);
        if run.inserted != run.removed {
            self.shift_activities(c, end, run.at + run.inserted);
        }
        for (k, &id) in new_ids.iter().enumerate() {
            self.hold(id, Cell::new(c, run.at + k));
        }
        // The new run's problems, then every other holder of an id that went or came.
        let mut problems = Vec::new();
        for a in run.at..run.at + run.inserted {
            let cell = Cell::new(c, a);
            let first = self.first_holder(programme, cell);
            check_activity(&mut problems, programme, cell, first);
        }
        let list = &mut self.clusters[c].activities;
        let _: Vec<Problem> = list.splice(from..from, problems).collect();
        let empty = key("");
        let mut again = BTreeSet::new();
        for id in old_ids.iter().chain(&new_ids).filter(|&&id| id != empty) {
            if let Some(holders) = self.holders.get(id) {
                again.extend(holders.cells().iter().copied());
            }
        }
        for cell in again {
            if cell.cluster != c || !(run.at..run.at + run.inserted).contains(&cell.activity) {
                self.check_one(programme, cell);
            }
        }
        true
    }

    /// The activities of cluster `c` from `old` on (before a run was replaced) now start at
    /// `new`: their cells and problems move.
    fn shift_activities(&mut self, c: usize, old: usize, new: usize) {
        let moved = |a: usize| a - old + new;
        let tail = self.clusters[c].ids[new..].to_vec();
        let mut shifted = std::collections::HashSet::with_capacity(tail.len());
        for id in tail {
            if !shifted.insert(id) {
                continue;
            }
            if let Some(holders) = self.holders.get_mut(&id) {
                let cells = holders.cells_mut().iter_mut();
                for cell in cells.filter(|cell| cell.cluster == c && cell.activity >= old) {
                    cell.activity = moved(cell.activity);
                }
            }
        }
        for problem in &mut self.clusters[c].activities {
            if let Target::Activity(cell) = &mut problem.location.target
                && cell.activity >= old
            {
                cell.activity = moved(cell.activity);
            }
        }
    }

    /// Checks one activity again, in place among its cluster's problems.
    fn check_one(&mut self, programme: &Programme, cell: Cell) {
        let mut problems = Vec::new();
        check_activity(
            &mut problems,
            programme,
            cell,
            self.first_holder(programme, cell),
        );
        let list = &mut self.clusters[cell.cluster].activities;
        let from = list.partition_point(|p| activity_of(p) < cell.activity);
        let to = from + list[from..].partition_point(|p| activity_of(p) == cell.activity);
        let _: Vec<Problem> = list.splice(from..to, problems).collect();
    }

    /// The first cell, before `cell`, whose activity has the same id (hashes alone could mix
    /// two ids, so the ids are read).
    fn first_holder(&self, programme: &Programme, cell: Cell) -> Option<Cell> {
        let activity = programme.activity(cell)?;
        let same_id = |held: &&Cell| {
            let holder = programme.activity(**held);
            holder.is_some_and(|holder| holder.id == activity.id)
        };
        self.holders
            .get(&key(&activity.id))
            .and_then(|holders| holders.cells().iter().find(same_id))
            .copied()
            .filter(|&first| first != cell)
    }

    /// The clusters from `old` on (before the splice) now start at `new`: their cells move.
    fn renumber_after(&mut self, old: usize, new: usize) {
        let moved = |cluster: usize| cluster - old + new;
        for holders in self.holders.values_mut() {
            for cell in holders
                .cells_mut()
                .iter_mut()
                .filter(|cell| cell.cluster >= old)
            {
                cell.cluster = moved(cell.cluster);
            }
        }
        for (c, cluster) in self.clusters.iter_mut().enumerate().skip(new) {
            for problem in &mut cluster.activities {
                if let Target::Activity(cell) = &mut problem.location.target {
                    cell.cluster = c;
                }
            }
        }
    }

    /// The clusters' own problems: a pass over the clusters alone, since a duplicate cluster
    /// id or name can appear or go with any cluster change.
    fn check_clusters_own(&mut self, programme: &Programme) {
        let len = programme.clusters.len();
        let mut ids = Map::with_capacity_and_hasher(len, foldhash::fast::FixedState::default());
        let mut names = Map::with_capacity_and_hasher(len, foldhash::fast::FixedState::default());
        for (c, cluster) in programme.clusters.iter().enumerate() {
            let firsts = ClusterFirsts {
                id: first_holder(&mut ids, &cluster.id, c),
                name: first_holder(&mut names, cluster.name.trim(), c),
            };
            let own = &mut self.clusters[c].own;
            own.clear();
            check_cluster(own, programme, c, firsts);
        }
    }

    fn check_activities(&mut self, programme: &Programme, c: usize) {
        let mut problems = Vec::new();
        for a in 0..programme.clusters[c].activities.len() {
            let cell = Cell::new(c, a);
            let first = self.first_holder(programme, cell);
            check_activity(&mut problems, programme, cell, first);
        }
        self.clusters[c].activities = problems;
    }

    /// Notes that `cell` holds the id hashed as `id`.
    fn hold(&mut self, id: u64, cell: Cell) {
        match self.holders.get_mut(&id) {
            Some(holders) => holders.insert(cell),
            None => {
                self.holders.insert(id, Holders::One(cell));
            }
        }
    }

    fn recount(&mut self) {
        self.count = self.header.len()
            + self
                .clusters
                .iter()
                .map(|c| c.own.len() + c.activities.len())
                .sum::<usize>();
    }
}

/// The activity a problem of a cluster's activities is about.
fn activity_of(problem: &Problem) -> usize {
    match problem.location.target {
        Target::Activity(cell) => cell.activity,
        _ => 0,
    }
}

/// An id's hash, the key of `holders`.
fn key(id: &str) -> u64 {
    foldhash::fast::FixedState::default().hash_one(id)
}

/// The cells that hold one id, in file order: almost always one, kept without an allocation.
#[derive(Clone, Debug)]
enum Holders {
    One(Cell),
    Many(Vec<Cell>),
}

impl Holders {
    fn cells(&self) -> &[Cell] {
        match self {
            Holders::One(cell) => std::slice::from_ref(cell),
            Holders::Many(cells) => cells,
        }
    }

    fn cells_mut(&mut self) -> &mut [Cell] {
        match self {
            Holders::One(cell) => std::slice::from_mut(cell),
            Holders::Many(cells) => cells,
        }
    }

    fn insert(&mut self, cell: Cell) {
        let mut cells = match std::mem::replace(self, Holders::Many(Vec::new())) {
            Holders::One(held) => vec![held],
            Holders::Many(cells) => cells,
        };
        let place = cells.partition_point(|&held| held < cell);
        cells.insert(place, cell);
        *self = Holders::Many(cells);
    }

    /// Takes `cell` out; whether none are left.
    fn remove(&mut self, cell: Cell) -> bool {
        match self {
            Holders::One(held) => *held == cell,
            Holders::Many(cells) => {
                cells.retain(|&held| held != cell);
                cells.is_empty()
            }
        }
    }
}

#[cfg(test)]
mod tests;

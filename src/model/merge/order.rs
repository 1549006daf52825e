//! Where activities sit on each side of a merge: which ones a side moved (out of the longest
//! run that kept the base's order), the place it put them, and the merged order of a list.

use std::collections::{HashMap, HashSet};

use crate::model::conflict::Place;
use crate::model::{Activity, Cell, Programme};

/// Where an activity sits: its cluster (id and index) and its position in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Seat<'a> {
    pub(super) cluster: &'a str,
    pub(super) cluster_index: usize,
    pub(super) index: usize,
    pub(super) activity: &'a Activity,
}

impl Seat<'_> {
    /// Its place in the programme it sits in.
    pub(super) fn cell(&self) -> Cell {
        Cell::new(self.cluster_index, self.index)
    }
}

pub(super) fn seats(programme: &Programme) -> HashMap<&str, Seat<'_>> {
    let mut seats = HashMap::new();
    for (c, cluster) in programme.clusters.iter().enumerate() {
        for (index, activity) in cluster.activities.iter().enumerate() {
            seats.entry(activity.id.as_str()).or_insert(Seat {
                cluster: &cluster.id,
                cluster_index: c,
                index,
                activity,
            });
        }
    }
    seats
}

/// One side of the merge: the programme, where its activities sit, and which of them it moved
/// within their cluster.
pub(super) struct Version<'a> {
    pub(super) programme: &'a Programme,
    pub(super) seats: HashMap<&'a str, Seat<'a>>,
    pub(super) reordered: HashSet<&'a str>,
}

impl<'a> Version<'a> {
    pub(super) fn new(programme: &'a Programme, base: &HashMap<&str, Seat<'_>>) -> Self {
        Version {
            programme,
            seats: seats(programme),
            reordered: reordered(programme, base),
        }
    }

    /// Whether this side moved the activity: to another cluster, or within its cluster.
    pub(super) fn moved(&self, id: &str, seat: &Seat<'_>, base: &Seat<'_>) -> bool {
        seat.cluster != base.cluster || self.reordered.contains(id)
    }

    /// Where this side put the activity: its cluster, after the nearest activity before it
    /// that `other` has in the same cluster (so that what only one side added does not count).
    pub(super) fn place(&self, seat: &Seat<'_>, other: &Version<'_>) -> Place {
        let cluster = &self.programme.clusters[seat.cluster_index];
        let after = cluster.activities[..seat.index]
            .iter()
            .rev()
            .find(|a| {
                other
                    .seats
                    .get(a.id.as_str())
                    .is_some_and(|s| s.cluster == seat.cluster)
            })
            .map(|a| a.id.clone());
        Place {
            cluster: seat.cluster.to_string(),
            after,
        }
    }
}

/// The base's place of an activity: its cluster and the activity right before it.
pub(super) fn base_place(base: &Programme, seat: &Seat<'_>) -> Place {
    let before = seat.index.checked_sub(1);
    Place {
        cluster: seat.cluster.to_string(),
        after: before.map(|i| base.clusters[seat.cluster_index].activities[i].id.clone()),
    }
}

/// The activities a side moved within their cluster: those outside the longest run, among
/// the ones the base had in that cluster, that keeps the base's order.
pub(super) fn reordered<'a>(
    side: &'a Programme,
    base: &HashMap<&str, Seat<'_>>,
) -> HashSet<&'a str> {
    let mut moved = HashSet::new();
    for cluster in &side.clusters {
        moved.extend(out_of_order(cluster.activities.iter().map(|a| {
            let seat = base.get(a.id.as_str());
            let index = seat.filter(|s| s.cluster == cluster.id).map(|s| s.index);
            (a.id.as_str(), index)
        })));
    }
    moved
}

/// The items a side moved: those outside the longest run, among the ones with a place in the
/// base (`Some(index)`), that keeps the base's order. Clusters and the activities of a cluster
/// both go by this.
pub(super) fn out_of_order<'a>(
    items: impl Iterator<Item = (&'a str, Option<usize>)>,
) -> impl Iterator<Item = &'a str> {
    let stayed: Vec<(&str, usize)> = items.filter_map(|(id, i)| Some((id, i?))).collect();
    let positions: Vec<usize> = stayed.iter().map(|(_, i)| *i).collect();
    let kept = longest_increasing(&positions);
    stayed
        .into_iter()
        .zip(kept)
        .filter(|(_, kept)| !kept)
        .map(|((id, _), _)| id)
}

/// Which items belong to one longest strictly increasing subsequence, in O(n log n).
pub(super) fn longest_increasing(items: &[usize]) -> Vec<bool> {
    // tails[k]: the index of the smallest last item of an increasing run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut previous: Vec<Option<usize>> = vec![None; items.len()];
    for (i, &item) in items.iter().enumerate() {
        let k = tails.partition_point(|&t| items[t] < item);
        previous[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut kept = vec![false; items.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        kept[i] = true;
        at = previous[i];
    }
    kept
}

/// Ours' order, with each item theirs places put after the nearest item before it in theirs'
/// order that is already there and may anchor (at the front when there is none). What ours
/// moved may not anchor: theirs has it where the base had it, so placing after it would carry
/// theirs' move along with ours' (ours swaps 1↔2, theirs 3↔4: 4 goes after 1, not after 2).
///
/// Linear rather than inserting one by one: whether an item of theirs is there by the time a
/// later one is placed does not depend on that later one (it is there when ours has it or theirs
/// places it), so each placed item's anchor is known in one pass, and the order is written out
/// once with each anchor followed by what was placed after it, the latest placed first.
pub(super) fn place<'a>(
    order: Vec<&'a str>,
    theirs: &[&'a str],
    from_theirs: impl Fn(&str) -> bool,
    anchors: impl Fn(&str) -> bool,
) -> Vec<&'a str> {
    let mut present: HashSet<&str> = order.iter().copied().collect();
    // Anchor (None: the front) -> the items placed right after it, in the order placed.
    let mut after: HashMap<Option<&str>, Vec<&str>> = HashMap::new();
    let mut anchor: Option<&str> = None;
    for &id in theirs {
        if from_theirs(id) && present.insert(id) {
            after.entry(anchor).or_default().push(id);
        }
        if present.contains(id) && anchors(id) {
            anchor = Some(id);
        }
    }
    if after.is_empty() {
        return order;
    }
    let mut placed = Vec::with_capacity(order.len() + theirs.len());
    // A stack rather than recursion: a long run of additions chains one after another.
    let mut pending: Vec<&str> = Vec::new();
    for anchor in std::iter::once(None).chain(order.iter().map(|&id| Some(id))) {
        if let Some(id) = anchor {
            placed.push(id);
        }
        // Only the first occurrence of an id anchors, as the first match would.
        pending.extend(after.remove(&anchor).unwrap_or_default());
        while let Some(id) = pending.pop() {
            placed.push(id);
            pending.extend(after.remove(&Some(id)).unwrap_or_default());
        }
    }
    placed
}

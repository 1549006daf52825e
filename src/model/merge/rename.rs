//! One activity given a different new id on each side: found as `diff` finds an activity
//! without ids, so the merge keeps one activity with an id conflict rather than two copies.

use std::collections::HashMap;

use super::order::{Seat, Version};
use crate::model::Activity;
use crate::model::diff::{FollowUpLink, Seeker, match_without_id};

/// One base activity that each side gave a new id of its own: the base's id and theirs.
pub(super) struct Rename<'a> {
    pub(super) base: &'a str,
    pub(super) theirs: &'a str,
}

/// The base activities both sides renamed, each to an id of its own, by ours' new id. An
/// activity both sides removed is renamed on a side when an activity only that side added is
/// the same one, as `diff` finds it without ids: by `follow_up_of`, then by a similar title.
pub(super) fn renamed_apart<'a>(
    base: &HashMap<&'a str, Seat<'a>>,
    ours: &Version<'a>,
    theirs: &Version<'a>,
) -> HashMap<&'a str, Rename<'a>> {
    let mut gone: Vec<(usize, usize, &Activity)> = base
        .iter()
        .filter(|(id, _)| !ours.seats.contains_key(*id) && !theirs.seats.contains_key(*id))
        .map(|(_, s)| (s.cluster_index, s.index, s.activity))
        .collect();
    if gone.is_empty() {
        return HashMap::new();
    }
    gone.sort_by_key(|&(c, i, _)| (c, i));
    let base_cluster: HashMap<&str, usize> = base
        .values()
        .map(|s| (s.cluster, s.cluster_index))
        .collect();
    // What each side found for every gone activity: the id it added for it.
    let found = |side: &Version<'a>, other: &Version<'a>| -> Vec<Option<&'a str>> {
        let added: Vec<Seeker<'a>> = side
            .programme
            .activities()
            .filter(|(_, a)| {
                !base.contains_key(a.id.as_str()) && !other.seats.contains_key(a.id.as_str())
            })
            .map(|(cell, activity)| Seeker {
                activity,
                old_cluster: base_cluster
                    .get(side.programme.clusters[cell.cluster].id.as_str())
                    .copied(),
                position: cell.activity,
            })
            .collect();
        let link = FollowUpLink {
            old: |a: &Activity| a.follow_up_of.clone(),
            new: |a: &Activity| a.follow_up_of.clone(),
        };
        let mut ids = vec![None; gone.len()];
        let matched = match_without_id(
            &gone,
            &added,
            &vec![false; added.len()],
            &vec![false; gone.len()],
            &link,
        );
        for (seeker, matched) in added.iter().zip(matched) {
            if let Some((g, _)) = matched {
                ids[g] = Some(seeker.activity.id.as_str());
            }
        }
        ids
    };
    let (by_ours, by_theirs) = (found(ours, theirs), found(theirs, ours));
    gone.iter()
        .zip(by_ours.into_iter().zip(by_theirs))
        .filter_map(|((_, _, activity), ids)| match ids {
            (Some(ours), Some(theirs)) => Some((
                ours,
                Rename {
                    base: activity.id.as_str(),
                    theirs,
                },
            )),
            _ => None,
        })
        .collect()
}

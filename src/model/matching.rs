//! Which activity of one programme is which of another when ids do not say: through a
//! `follow_up_of`, then by equal and then similar titles, the same cluster and position first.
//! `wpmatrix diff` across years and an import of rows without ids both match this way.
//! Title matching is blocked: an unmatched activity is only compared with unmatched activities
//! that share a distinctive title word or its cluster, so two programmes of ten thousand
//! activities match without comparing every pair.

use std::collections::HashMap;

use super::diff::MatchedBy;
use super::{Activity, slug};

/// Title similarity (Sørensen–Dice over letter pairs) from which two titles count as the same
/// activity across years: "Quality management" and "Quality management (follow-up)" score 0.8.
const TITLE_THRESHOLD: f64 = 0.6;
/// A title word shared by more unmatched activities than this says nothing about identity and is
/// not used as a block; likewise a cluster with more unmatched activities is not used as one.
const BLOCK_LIMIT: usize = 64;
/// Words that say nothing about which activity a title names.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "of", "the", "for", "to", "in", "on", "with", "by", "follow", "up", "pes",
];

/// An activity looking for the old activity it is: where it sits, in the old programme's terms.
#[derive(Clone, Copy, Debug)]
pub struct Seeker<'a> {
    pub activity: &'a Activity,
    /// The old programme's cluster the activity is in, when that cluster is there.
    pub old_cluster: Option<usize>,
    /// The activity's 0-based position in its cluster.
    pub position: usize,
}

/// How a `follow_up_of` ties a new activity to an old one: the two give the same key.
pub struct FollowUpLink<O, N> {
    pub old: O,
    pub new: N,
}

/// The old activity each seeker is, among those not `done` on either side: first the one its
/// `follow_up_of` ties it to (`link`), then the one with the most similar title, the same cluster
/// and then the same position winning between equally similar titles. Each old activity is
/// found once at most. `old_cells` are (cluster, position, activity); the answer is an index
/// into them for each seeker.
pub fn match_without_id<O, N>(
    old_cells: &[(usize, usize, &Activity)],
    seekers: &[Seeker<'_>],
    new_done: &[bool],
    old_done: &[bool],
    link: &FollowUpLink<O, N>,
) -> Vec<Option<(usize, MatchedBy)>>
where
    O: Fn(&Activity) -> Option<String>,
    N: Fn(&Activity) -> Option<String>,
{
    let mut found: Vec<Option<(usize, MatchedBy)>> = vec![None; seekers.len()];
    let mut new_done = new_done.to_vec();
    let mut old_done = old_done.to_vec();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (o, (_, _, a)) in old_cells.iter().enumerate().rev() {
        if !old_done[o]
            && let Some(key) = (link.old)(a)
        {
            by_key.insert(key, o);
        }
    }
    for (n, seeker) in seekers.iter().enumerate() {
        if new_done[n] {
            continue;
        }
        if let Some(o) = (link.new)(seeker.activity).and_then(|key| by_key.get(&key).copied())
            && !old_done[o]
        {
            new_done[n] = true;
            old_done[o] = true;
            found[n] = Some((o, MatchedBy::FollowUpOf));
        }
    }
    for (n, o) in equal_titles(old_cells, seekers, &new_done, &old_done) {
        new_done[n] = true;
        old_done[o] = true;
        found[n] = Some((o, MatchedBy::Title));
    }
    for (n, o) in similar_titles(old_cells, seekers, &new_done, &old_done) {
        found[n] = Some((o, MatchedBy::Title));
    }
    found
}

/// Pairs of unmatched activities with the same title (as compared: case and accents folded),
/// those in the same cluster first. Most activities keep their titles: pairing them by a lookup
/// leaves the similarity of titles to be worked out only for the rest.
fn equal_titles(
    old_cells: &[(usize, usize, &Activity)],
    seekers: &[Seeker<'_>],
    new_done: &[bool],
    old_done: &[bool],
) -> Vec<(usize, usize)> {
    let mut by_title: HashMap<String, Vec<usize>> = HashMap::new();
    for (o, (_, _, a)) in old_cells.iter().enumerate() {
        if !old_done[o] {
            by_title.entry(normalise(&a.title)).or_default().push(o);
        }
    }
    let titles: Vec<Option<String>> = seekers
        .iter()
        .enumerate()
        .map(|(n, s)| (!new_done[n]).then(|| normalise(&s.activity.title)))
        .collect();
    let mut pairs = Vec::new();
    let mut paired = vec![false; seekers.len()];
    for same_cluster in [true, false] {
        for (n, seeker) in seekers.iter().enumerate() {
            let Some(title) = titles[n].as_ref().filter(|_| !paired[n]) else {
                continue;
            };
            let Some(olds) = by_title.get_mut(title) else {
                continue;
            };
            let in_cluster = |o: &usize| seeker.old_cluster == Some(old_cells[*o].0);
            let at = if same_cluster {
                let at_position = olds
                    .iter()
                    .position(|o| in_cluster(o) && old_cells[*o].1 == seeker.position);
                at_position.or_else(|| olds.iter().position(in_cluster))
            } else {
                (!olds.is_empty()).then_some(0)
            };
            if let Some(at) = at {
                pairs.push((n, olds.remove(at)));
                paired[n] = true;
            }
        }
    }
    pairs
}

/// Lower-case ASCII words of a title, accents folded: the text titles are compared on.
pub(super) fn normalise(title: &str) -> String {
    slug(title).replace('-', " ")
}

/// Pairs of unmatched activities with similar titles, best first, each activity in one pair.
fn similar_titles(
    old_cells: &[(usize, usize, &Activity)],
    seekers: &[Seeker<'_>],
    new_done: &[bool],
    old_done: &[bool],
) -> Vec<(usize, usize)> {
    let old_titles: Vec<String> = old_cells
        .iter()
        .enumerate()
        .map(|(o, (_, _, a))| {
            if old_done[o] {
                String::new()
            } else {
                normalise(&a.title)
            }
        })
        .collect();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_cluster: HashMap<usize, Vec<usize>> = HashMap::new();
    for (o, title) in old_titles.iter().enumerate() {
        if old_done[o] {
            continue;
        }
        for word in title.split(' ').filter(|w| is_distinctive(w)) {
            let postings = by_word.entry(word).or_default();
            if postings.last() != Some(&o) {
                postings.push(o);
            }
        }
        by_cluster.entry(old_cells[o].0).or_default().push(o);
    }

    let old_word_count: Vec<usize> = old_titles.iter().map(|t| distinct_words(t).len()).collect();
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    let mut seen_for = vec![usize::MAX; old_cells.len()];
    let mut shared = vec![0usize; old_cells.len()];
    let mut touched: Vec<usize> = Vec::new();
    for (n, seeker) in seekers.iter().enumerate() {
        if new_done[n] {
            continue;
        }
        let title = normalise(&seeker.activity.title);
        let words = distinct_words(&title);
        let old_cluster = seeker.old_cluster;
        // Count the distinctive words each candidate shares with this title.
        touched.clear();
        for block in words.iter().filter_map(|w| by_word.get(w)) {
            if block.len() > BLOCK_LIMIT {
                continue;
            }
            for &o in block {
                if std::mem::replace(&mut seen_for[o], n) != n {
                    shared[o] = 0;
                    touched.push(o);
                }
                shared[o] += 1;
            }
        }
        // Titles that share fewer than half their words are rarely the same activity; skipping
        // them keeps the number of string comparisons near the number of real matches.
        let enough = |o: usize| 2 * shared[o] >= words.len().min(old_word_count[o]);
        let mut compare: Vec<usize> = touched.iter().copied().filter(|&o| enough(o)).collect();
        // The cluster's own activities are compared whatever words they share (those counted
        // above are already in).
        if let Some(block) = old_cluster.and_then(|oc| by_cluster.get(&oc))
            && block.len() <= BLOCK_LIMIT
        {
            compare.extend(
                block
                    .iter()
                    .copied()
                    .filter(|&o| seen_for[o] != n || !enough(o)),
            );
        }
        for o in compare {
            let score = strsim::sorensen_dice(&title, &old_titles[o]);
            if score >= TITLE_THRESHOLD {
                let same_cluster = old_cluster == Some(old_cells[o].0);
                let same_position = same_cluster && seeker.position == old_cells[o].1;
                // Between equally similar titles, the one in the same cluster wins, and there
                // the one at the same position.
                let bonus = match (same_cluster, same_position) {
                    (true, true) => 0.015,
                    (true, false) => 0.01,
                    _ => 0.0,
                };
                candidates.push((score + bonus, n, o));
            }
        }
    }
    best_pairs(candidates, seekers.len(), old_cells.len())
}

/// From scored `(score, new, old)` candidates, the best first, each side taken at most once.
fn best_pairs(
    mut candidates: Vec<(f64, usize, usize)>,
    new_count: usize,
    old_count: usize,
) -> Vec<(usize, usize)> {
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut new_taken = vec![false; new_count];
    let mut old_taken = vec![false; old_count];
    candidates
        .into_iter()
        .filter(|&(_, n, o)| {
            let free = !new_taken[n] && !old_taken[o];
            if free {
                new_taken[n] = true;
                old_taken[o] = true;
            }
            free
        })
        .map(|(_, n, o)| (n, o))
        .collect()
}

/// The distinctive words of a normalised title, each once.
fn distinct_words(title: &str) -> Vec<&str> {
    let mut words: Vec<&str> = title.split(' ').filter(|w| is_distinctive(w)).collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn is_distinctive(word: &str) -> bool {
    word.len() > 1 && !STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follow_up_title_scores_above_threshold() {
        let score = strsim::sorensen_dice(
            &normalise("Quality management"),
            &normalise("Quality management (follow-up)"),
        );
        assert!(score >= TITLE_THRESHOLD, "{score}");
        let unrelated = strsim::sorensen_dice(&normalise("PES board"), &normalise("AFEPAS"));
        assert!(unrelated < TITLE_THRESHOLD);
    }
}

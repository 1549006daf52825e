//! A large programme file read by `ron` on two threads: the clusters are split in two runs at a
//! line where a cluster starts, and each run is read on its own, the programme's own fields
//! from the text around them. Where the runs start and end is guessed from the canonical
//! layout and then confirmed by the whole-text scan (a token at the right depth, after the right
//! punctuation); an unconfirmed guess is thrown away and the text read whole.

use serde::Deserialize as _;

use super::fast::after_trivia;
use crate::model::{Cluster, Programme};

/// Where the clusters and their two runs are in a text, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Halves {
    /// The first cluster's `Cluster`.
    pub first: usize,
    /// The `Cluster` of the cluster the second run starts with.
    pub split: usize,
    /// The `]` that closes the list of clusters.
    pub end: usize,
}

/// Where a cluster starts in a canonical file.
const CLUSTER_LINE: &[u8] = b"\n        Cluster(";

impl Halves {
    /// Where the runs would be if the text is laid out as the canonical writer lays it out;
    /// the second run starts near `share` of the way through (the thread that reads it scans
    /// the whole text first).
    pub fn guess(text: &str, share: f64) -> Option<Halves> {
        let bytes = text.as_bytes();
        let cluster_at = |from: usize| {
            let found = memchr::memmem::find(bytes.get(from..)?, CLUSTER_LINE)?;
            Some(from + found + CLUSTER_LINE.len() - "Cluster(".len())
        };
        let first = cluster_at(0)?;
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "a share of the length: a guess where to look, rounded down, negative as 0"
        )]
        let from = (bytes.len() as f64 * share) as usize;
        let split = cluster_at(from)?;
        let end = list_end(text)?;
        (first < split && split < end).then_some(Halves { first, split, end })
    }

    /// The programme's own fields, with no clusters: the text with the clusters cut out.
    pub fn read_header(self, text: &str) -> Option<Programme> {
        let mut header = String::with_capacity(self.first + text.len() - self.end);
        header.push_str(&text[..self.first]);
        header.push_str(&text[self.end..]);
        ::ron::from_str(&header).ok()
    }

    /// The clusters of the first run.
    pub fn read_first(self, text: &str) -> Option<Vec<Cluster>> {
        read_clusters(&text[self.first..self.split])
    }

    /// The clusters of the second run.
    pub fn read_second(self, text: &str) -> Option<Vec<Cluster>> {
        read_clusters(&text[self.split..self.end])
    }
}

/// Where the `]` closing the clusters is, when they are the programme's last field as the
/// canonical writer puts them: `]`, maybe a comma, then `)`.
fn list_end(text: &str) -> Option<usize> {
    let body = text.trim_end().strip_suffix(')')?.trim_end();
    let end = body.strip_suffix(',').unwrap_or(body).trim_end();
    Some(end.strip_suffix(']')?.len())
}

/// The programme's own fields and its first clusters, about `bytes` of them, read from a
/// canonically laid out text without reading the rest: what the editor draws while the whole
/// file is read. `None` when the text is not laid out so, or the clusters are the whole text.
pub(super) fn preview(text: &str, bytes: usize) -> Option<Programme> {
    let offset = CLUSTER_LINE.len() - "Cluster(".len();
    let mut starts = memchr::memmem::find_iter(text.as_bytes(), CLUSTER_LINE).map(|i| i + offset);
    let first = starts.next()?;
    let end = list_end(text)?;
    let cut = starts.find(|&start| start >= first.saturating_add(bytes))?;
    if cut >= end {
        return None;
    }
    let mut programme = Halves {
        first,
        split: cut,
        end,
    }
    .read_header(text)?;
    programme.clusters = read_clusters(&text[first..cut])?;
    Some(programme)
}

/// Clusters one after another, each followed by a comma (the last one may go without), with
/// only white space and comments between them; `None` at anything else.
fn read_clusters(mut rest: &str) -> Option<Vec<Cluster>> {
    let mut clusters = Vec::new();
    loop {
        rest = after_trivia(rest)?;
        if rest.is_empty() {
            return Some(clusters);
        }
        let mut reader = ::ron::Deserializer::from_str(rest).ok()?;
        clusters.push(Cluster::deserialize(&mut reader).ok()?);
        rest = after_trivia(reader.remainder())?;
        match rest.strip_prefix(',') {
            Some(after) => rest = after,
            None if rest.is_empty() => return Some(clusters),
            None => return None,
        }
    }
}

/// What the scan of the whole text says of a guess, token by token.
#[derive(Clone, Copy, Debug)]
pub(super) struct Confirmation {
    halves: Halves,
    first: bool,
    split: bool,
    end: bool,
}

impl Confirmation {
    pub fn of(halves: Halves) -> Self {
        Confirmation {
            halves,
            first: false,
            split: false,
            end: false,
        }
    }

    /// Notes a token: it stands at `start..end` of `text`, `depth` is the brackets open before
    /// it, `after` the punctuation just before it (if it was punctuation). Its text is looked at
    /// only at the three places of the guess.
    #[inline]
    pub fn token(
        &mut self,
        text: &str,
        (start, end): (usize, usize),
        depth: usize,
        after: Option<u8>,
    ) {
        let h = self.halves;
        if start != h.first && start != h.split && start != h.end {
            return;
        }
        let word = &text[start..end];
        if start == h.first {
            self.first = word == "Cluster" && depth == 2 && after == Some(b'[');
        } else if start == h.split {
            self.split = word == "Cluster" && depth == 2 && after == Some(b',');
        } else if start == h.end {
            self.end = word == "]" && depth == 2;
        }
    }

    /// The guess, if every part of it was confirmed.
    pub fn confirmed(self) -> Option<Halves> {
        (self.first && self.split && self.end).then_some(self.halves)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ron::{fast, parse_with_positions};
    use crate::store::to_canonical;

    /// The shipped programme's clusters sixteen times over (ids kept unique): large enough to be
    /// read on two threads.
    fn large() -> String {
        let shipped = include_str!("../../../programmes/2022.ron");
        let mut programme = parse_with_positions(shipped).expect("shipped").programme;
        let clusters = programme.clusters.clone();
        for copy in 1..16 {
            for cluster in &clusters {
                let mut cluster = cluster.clone();
                cluster.id = format!("{}-{copy}", cluster.id);
                for activity in &mut cluster.activities {
                    activity.id = format!("{}-{copy}", activity.id);
                }
                programme.clusters.push(cluster);
            }
        }
        let text = to_canonical(&programme);
        assert!(text.len() >= 256 * 1024, "{} bytes", text.len());
        text
    }

    /// Both readers read the text alike: the same programme, or both refuse it.
    fn read_alike(text: &str) {
        let fast = fast::read(text).map(|parsed| parsed.programme);
        let slow = parse_with_positions(text)
            .ok()
            .map(|parsed| parsed.programme);
        if let Some(fast) = &fast {
            assert_eq!(Some(fast), slow.as_ref());
        }
        assert!(
            fast.is_some() || slow.is_none() || text.contains("/*"),
            "fast refused"
        );
    }

    #[test]
    fn a_canonical_file_is_read_in_two_runs_as_it_is_read_whole() {
        let text = large();
        let halves = Halves::guess(&text, 0.6).expect("a canonical file is guessed");
        assert!(halves.first < halves.split && halves.split < halves.end);
        let scanned = fast::scan(&text, Some(halves)).expect("plain");
        assert_eq!(scanned.halves, Some(halves), "the scan confirms the guess");
        let whole: Programme = ::ron::from_str(&text).expect("ron reads it");
        let mut parts = halves.read_header(&text).expect("header");
        assert!(parts.clusters.is_empty());
        parts.clusters = halves.read_first(&text).expect("first run");
        parts
            .clusters
            .extend(halves.read_second(&text).expect("second run"));
        assert_eq!(parts, whole);
        read_alike(&text);
    }

    #[test]
    fn a_cluster_line_inside_a_string_is_not_taken_for_a_cluster() {
        let text = large();
        let middle = text.len() * 6 / 10;
        let at = middle
            + text[middle..]
                .find("description: \"")
                .expect("a description")
            + 14;
        let mut tricky = text.clone();
        // A raw line break in a string is RON; the canonical writer would write `\n`.
        tricky.insert_str(at, "\n        Cluster(id: \\\"x\\\", ");
        let guess = Halves::guess(&tricky, 0.6).expect("the guess falls on the string");
        assert!(guess.split > at && guess.split < at + 20, "{guess:?}");
        let scanned = fast::scan(&tricky, Some(guess)).expect("plain");
        assert_eq!(
            scanned.halves, None,
            "the scan sees the guess is inside a string"
        );
        read_alike(&tricky);
        assert!(
            fast::read(&tricky).is_some(),
            "still read the fast way, whole"
        );
    }

    #[test]
    fn a_missing_comma_between_the_runs_is_refused_as_when_read_whole() {
        let text = large();
        let guess = Halves::guess(&text, 0.6).expect("guessed");
        let before = text[..guess.split].trim_end();
        assert!(before.ends_with(','));
        let broken = format!(
            "{}\n        {}",
            &before[..before.len() - 1],
            &text[guess.split..]
        );
        assert!(fast::read(&broken).is_none());
        assert!(parse_with_positions(&broken).is_err());
    }

    #[test]
    fn a_preview_is_the_programme_and_its_first_clusters() {
        let text = large();
        let whole = parse_with_positions(&text).expect("reads").programme;
        let first = preview(&text, 40_000).expect("a preview");
        assert!(!first.clusters.is_empty() && first.clusters.len() < whole.clusters.len());
        assert_eq!(first.title, whole.title);
        assert_eq!(first.adopted, whole.adopted);
        assert_eq!(first.clusters[..], whole.clusters[..first.clusters.len()]);
        assert_eq!(
            preview(&text, text.len()),
            None,
            "nothing is left to read later"
        );
        assert_eq!(preview("Programme(year: 2022)", 10), None);
    }

    #[test]
    fn comments_between_clusters_are_read_and_kept() {
        let text = large();
        let commented = text.replace("\n        Cluster(", "\n        // next\n        Cluster(");
        read_alike(&commented);
        let parsed = fast::read(&commented).expect("read the fast way");
        assert_eq!(
            parsed.comments.len(),
            text.matches("\n        Cluster(").count()
        );
    }
}

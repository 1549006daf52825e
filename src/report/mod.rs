//! Programmes as plain text for people: the grid and the timeline that `show` prints, and the
//! activity-level differences that `diff`, the git drivers and `import --dry-run` print.

pub mod diff;
mod grid;
pub mod timeline;
pub mod wrap;

pub use grid::grid;
pub use timeline::{MAX_WIDTH, MIN_WIDTH as TIMELINE_MIN_WIDTH, timeline};

use crate::model::Activity;

/// The dates of an activity in words: `Q2 2022 – 15 Sep 2022`, `from Mar 2022`, or empty.
pub fn date_range(activity: &Activity) -> String {
    activity.date_range()
}

/// A count with its noun: `1 activity`, `2 activities`, `0 clusters`.
pub fn plural(count: usize, word: &str) -> String {
    match (count, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{count} {stem}ies"),
        _ => format!("{count} {word}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::plural;

    #[test]
    fn plural_counts_words() {
        assert_eq!(plural(1, "activity"), "1 activity");
        assert_eq!(plural(2, "activity"), "2 activities");
        assert_eq!(plural(0, "cluster"), "0 clusters");
    }
}

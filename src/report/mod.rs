//! Programmes as plain text for people: the grid and the timeline that `show` prints.

mod grid;
mod timeline;
pub mod wrap;

pub use grid::grid;
pub use timeline::timeline;

use crate::model::Activity;

/// The dates of an activity in words: `Q2 2022 – 15 Sep 2022`, `from Mar 2022`, or empty.
pub fn date_range(activity: &Activity) -> String {
    match (activity.start, activity.end) {
        (Some(s), Some(e)) if s == e => s.label(),
        (Some(s), Some(e)) => format!("{} – {}", s.label(), e.label()),
        (Some(s), None) => format!("from {}", s.label()),
        (None, Some(e)) => format!("until {}", e.label()),
        (None, None) => String::new(),
    }
}

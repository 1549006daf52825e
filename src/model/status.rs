//! The status of an activity: where it stands in the planning year.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where an activity stands. The order is the order pickers offer and cycling follows.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In the programme and expected to happen.
    #[default]
    Planned,
    /// Announced but to be confirmed.
    Tbc,
    /// Under way.
    Ongoing,
    /// Finished.
    Done,
    /// Moved to a later date or year.
    Postponed,
    /// Will not happen.
    Cancelled,
}

impl Status {
    /// Every status, in picker order.
    pub const ALL: [Status; 6] = [
        Status::Planned,
        Status::Tbc,
        Status::Ongoing,
        Status::Done,
        Status::Postponed,
        Status::Cancelled,
    ];

    /// The word used in files, on the command line and in CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::Tbc => "tbc",
            Status::Ongoing => "ongoing",
            Status::Done => "done",
            Status::Postponed => "postponed",
            Status::Cancelled => "cancelled",
        }
    }

    /// A symbol that tells the statuses apart without colour; in ASCII mode one of
    /// `o`, `?`, `@`, `*`, `>` and `x`, still one apart from another.
    pub fn symbol(self) -> &'static str {
        if crate::text::ascii() {
            return match self {
                Status::Planned => "o",
                Status::Tbc => "?",
                Status::Ongoing => "@",
                Status::Done => "*",
                Status::Postponed => ">",
                Status::Cancelled => "x",
            };
        }
        self.unicode_symbol()
    }

    /// The symbol in Unicode whatever the mode, for pages read in a browser.
    pub fn unicode_symbol(self) -> &'static str {
        match self {
            Status::Planned => "○",
            Status::Tbc => "?",
            Status::Ongoing => "◐",
            Status::Done => "●",
            Status::Postponed => "»",
            Status::Cancelled => "×",
        }
    }

    /// The next status in picker order, wrapping around.
    pub fn next(self) -> Status {
        let i = Status::ALL.iter().position(|s| *s == self).unwrap_or(0);
        Status::ALL[(i + 1) % Status::ALL.len()]
    }

    /// "planned, tbc, ongoing, done, postponed, cancelled", for error messages.
    pub fn expected_list() -> String {
        Status::ALL.map(Status::as_str).join(", ")
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is not one of the statuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status {0:?}; expected one of {list}", list = Status::expected_list())]
pub struct UnknownStatus(pub String);

impl FromStr for Status {
    type Err = UnknownStatus;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let word = s.trim();
        Status::ALL
            .into_iter()
            .find(|status| status.as_str().eq_ignore_ascii_case(word))
            .ok_or_else(|| UnknownStatus(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_status_message_lists_every_status() {
        let err = "planed".parse::<Status>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown status \"planed\"; expected one of planned, tbc, ongoing, done, postponed, cancelled"
        );
    }

    #[test]
    fn next_cycles_through_all_and_wraps() {
        let mut s = Status::Planned;
        for expected in Status::ALL.iter().skip(1).chain([Status::Planned].iter()) {
            s = s.next();
            assert_eq!(s, *expected);
        }
    }
}

//! The stage of a programme in its adoption cycle: draft, consultation, adopted. "Amended" is no
//! stage: it is shown when the file differs from its adoption tag, never written.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a programme stands in its adoption cycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Being written.
    Draft,
    /// Sent out for comments.
    Consultation,
    /// Adopted by the board.
    Adopted,
}

impl Stage {
    /// Every stage, in the order of the cycle.
    pub const ALL: [Stage; 3] = [Stage::Draft, Stage::Consultation, Stage::Adopted];

    /// The word used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Draft => "draft",
            Stage::Consultation => "consultation",
            Stage::Adopted => "adopted",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word that is no stage.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown stage {0:?}; expected one of draft, consultation, adopted")]
pub struct UnknownStage(pub String);

impl FromStr for Stage {
    type Err = UnknownStage;

    fn from_str(word: &str) -> Result<Self, Self::Err> {
        Stage::ALL
            .into_iter()
            .find(|s| s.as_str() == word)
            .ok_or_else(|| UnknownStage(word.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_reads_back_from_its_word() {
        for stage in Stage::ALL {
            assert_eq!(stage.as_str().parse(), Ok(stage));
        }
        assert!("amended".parse::<Stage>().is_err());
    }
}

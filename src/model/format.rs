//! Activity formats: a known vocabulary (every format the PES Network matrix names) plus free text.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The way an activity is carried out. One activity can have several.
///
/// Known formats are spelled one way everywhere; anything else is kept as the planner typed it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// A format from the known vocabulary.
    Known(KnownFormat),
    /// Free text for anything the vocabulary lacks.
    Other(String),
}

/// One entry of the known vocabulary; only this module can make one, so it is always valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KnownFormat(usize);

/// The known vocabulary: canonical spelling first, then other spellings that mean the same.
const KNOWN: &[(&str, &[&str])] = &[
    ("Conference", &["Conferences"]),
    ("Seminar", &["Seminars"]),
    ("Webinar", &["Webinars"]),
    ("Dissemination webinar", &["Dissemination webinars"]),
    ("Workshop", &["Workshops"]),
    (
        "Thematic Review Workshop",
        &["Thematic Review Workshops", "TRW"],
    ),
    ("Toolkit", &["Toolkits"]),
    ("Working Group", &["Working Groups", "WG"]),
    ("Self-driven working group", &["Self-driven working groups"]),
    ("Ad hoc Working Group", &["Ad hoc Working Groups"]),
    ("Task force", &["Task forces"]),
    ("Study", &["Studies"]),
    ("Survey", &["Surveys"]),
    ("Focus group", &["Focus groups"]),
    ("Site visits", &["Site visit"]),
    ("Virtual study visit", &["Virtual study visits"]),
    ("Study visit", &["Study visits"]),
    ("Jour fixe", &["Jours fixes"]),
    ("Peer review", &["Peer reviews"]),
    ("Mutual assistance", &[]),
    ("Report", &["Reports"]),
    ("Publication", &["Publications"]),
    ("Newsletter", &["Newsletters"]),
    ("Webpages", &["Webpage", "Web pages"]),
    ("Videos", &["Video"]),
    ("Podcast", &["Podcasts", "PESPod"]),
    ("Practice repository", &["PES practices"]),
    ("Regular updates", &[]),
    ("Meeting", &["Meetings"]),
    ("Online", &[]),
];

impl Format {
    /// Every known format, in vocabulary order (what the format picker offers first).
    pub fn known() -> impl Iterator<Item = Format> {
        (0..KNOWN.len()).map(|i| Format::Known(KnownFormat(i)))
    }

    /// Reads a format as a planner writes it: known names and their other spellings match
    /// whatever the case; anything else becomes free text, trimmed.
    pub fn parse(text: &str) -> Format {
        let text = text.trim();
        KNOWN
            .iter()
            .position(|(name, aliases)| {
                name.eq_ignore_ascii_case(text)
                    || aliases.iter().any(|a| a.eq_ignore_ascii_case(text))
            })
            .map_or_else(
                || Format::Other(text.to_string()),
                |i| Format::Known(KnownFormat(i)),
            )
    }

    /// The name as written in files and shown on screen.
    pub fn name(&self) -> &str {
        match self {
            Format::Known(KnownFormat(i)) => KNOWN[*i].0,
            Format::Other(text) => text,
        }
    }

    /// Whether this is free text rather than a known format.
    pub fn is_other(&self) -> bool {
        matches!(self, Format::Other(_))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Format {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Format {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(Format::parse(&text))
    }
}

/// Joins formats the way CSV and text output show them: `Thematic Review Workshop; Toolkit`.
pub fn join_formats(formats: &[Format]) -> String {
    formats
        .iter()
        .map(Format::name)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_formats_match_any_case_and_aliases() {
        assert_eq!(Format::parse("seminar").name(), "Seminar");
        assert_eq!(Format::parse(" Jours Fixes ").name(), "Jour fixe");
        assert_eq!(Format::parse("PESPod").name(), "Podcast");
        assert!(!Format::parse("working group").is_other());
    }

    #[test]
    fn unknown_text_is_kept_as_typed() {
        let f = Format::parse("EU Labour Market Barometer");
        assert!(f.is_other());
        assert_eq!(f.name(), "EU Labour Market Barometer");
    }

    #[test]
    fn vocabulary_names_are_unique_ignoring_case() {
        let mut seen = std::collections::HashSet::new();
        for (name, aliases) in KNOWN {
            for n in std::iter::once(name).chain(aliases.iter()) {
                assert!(seen.insert(n.to_lowercase()), "{n} appears twice");
            }
        }
    }
}

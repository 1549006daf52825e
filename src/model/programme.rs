//! The work programme: a year's clusters and their activities, in display order.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{FieldDecl, Format, Output, OwnValues, PlanDate, Session, Stage, Status, Theme};

/// One year's work programme: the matrix planners keep.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// The year the programme plans.
    pub year: i32,
    /// Its title, e.g. "PES Network Work Programme 2022".
    pub title: String,
    /// When the board adopted it, if it has been.
    pub adopted: Option<NaiveDate>,
    /// Where it stands on its way to adoption. Left out of the file when not given.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "bare_stage"
    )]
    pub stage: Option<Stage>,
    /// Notes on the programme as a whole; where a merge writes down a conflict over the
    /// title, year or adoption date. Left out of the file when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The themes activities may tag themselves with. Left out of the file when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Theme>,
    /// The planners' own fields, which every activity may give a value. Left out when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDecl>,
    /// The rows of the matrix, in display order.
    pub clusters: Vec<Cluster>,
}

/// A stage is written bare (`stage: adopted`): the field is there only when there is one.
fn bare_stage<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Stage>, D::Error> {
    Stage::deserialize(deserializer).map(Some)
}

/// A row of the matrix: a thematic cluster of activities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    /// Stable identifier, a slug unique among the programme's clusters.
    pub id: String,
    /// The name shown at the head of the row.
    pub name: String,
    /// What the cluster is about; may be empty.
    pub summary: String,
    /// The cells of the row, in display order.
    pub activities: Vec<Activity>,
}

/// A cell of the matrix: one planned activity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Activity {
    /// Stable identifier, a slug unique in the programme; editing the title never changes it.
    pub id: String,
    pub title: String,
    pub description: String,
    /// How it is carried out; one activity can have several formats.
    pub formats: Vec<Format>,
    pub status: Status,
    pub start: Option<PlanDate>,
    pub end: Option<PlanDate>,
    /// The activity of an earlier programme this one continues, as `<year>/<activity id>`.
    pub follow_up_of: Option<String>,
    pub notes: String,
    /// The members leading it, the first one leading: `FR`, `BE: Actiris`. Left out when empty,
    /// as are the fields after it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<String>,
    /// Ids of the programme's themes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// Its dated occurrences; the activity's start and end stay its planned span.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sessions: Vec<Session>,
    /// What came out of it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outputs: Vec<Output>,
    /// Its values of the programme's own fields, by field id.
    #[serde(default, skip_serializing_if = "OwnValues::is_empty")]
    pub values: OwnValues,
}

/// Where an activity sits in the matrix: cluster index and position within the cluster.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    pub cluster: usize,
    pub activity: usize,
}

impl Cell {
    pub fn new(cluster: usize, activity: usize) -> Self {
        Cell { cluster, activity }
    }
}

impl Programme {
    /// An empty programme for a year.
    pub fn new(year: i32, title: impl Into<String>) -> Self {
        Programme {
            year,
            title: title.into(),
            adopted: None,
            stage: None,
            notes: String::new(),
            themes: Vec::new(),
            fields: Vec::new(),
            clusters: Vec::new(),
        }
    }

    /// The programme's own fields, with no clusters.
    pub fn without_clusters(&self) -> Programme {
        Programme {
            year: self.year,
            title: self.title.clone(),
            adopted: self.adopted,
            stage: self.stage,
            notes: self.notes.clone(),
            themes: self.themes.clone(),
            fields: self.fields.clone(),
            clusters: Vec::new(),
        }
    }

    /// The activity at a cell, if there is one.
    pub fn activity(&self, cell: Cell) -> Option<&Activity> {
        self.clusters
            .get(cell.cluster)?
            .activities
            .get(cell.activity)
    }

    /// The activity at a cell, to change it.
    pub fn activity_mut(&mut self, cell: Cell) -> Option<&mut Activity> {
        self.clusters
            .get_mut(cell.cluster)?
            .activities
            .get_mut(cell.activity)
    }

    /// Every activity with its cell, in display order.
    pub fn activities(&self) -> impl Iterator<Item = (Cell, &Activity)> {
        self.clusters.iter().enumerate().flat_map(|(c, cluster)| {
            cluster
                .activities
                .iter()
                .enumerate()
                .map(move |(a, activity)| (Cell::new(c, a), activity))
        })
    }

    /// How many activities the longest cluster has: the width of the matrix (0 when empty).
    pub fn widest_cluster(&self) -> usize {
        self.clusters
            .iter()
            .map(|c| c.activities.len())
            .max()
            .unwrap_or(0)
    }

    /// How many activities the programme has.
    pub fn activity_count(&self) -> usize {
        self.clusters.iter().map(|c| c.activities.len()).sum()
    }

    /// Where the activity with this id is.
    pub fn find(&self, id: &str) -> Option<Cell> {
        self.activities()
            .find(|(_, a)| a.id == id)
            .map(|(cell, _)| cell)
    }

    /// An activity id made from a title, unique in this programme.
    pub fn unique_activity_id(&self, title: &str) -> String {
        self.activity_ids().make(title)
    }

    /// The activity ids taken, to make several new ones.
    pub fn activity_ids(&self) -> ActivityIds {
        ActivityIds::new(self.activities().map(|(_, a)| a.id.clone()))
    }

    /// A cluster id made from a name, unique among the clusters.
    pub fn unique_cluster_id(&self, name: &str) -> String {
        unique_slug(name, "cluster", |candidate| {
            self.clusters.iter().any(|c| c.id == candidate)
        })
    }
}

impl Cluster {
    /// An empty cluster.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Cluster {
            id: id.into(),
            name: name.into(),
            summary: String::new(),
            activities: Vec::new(),
        }
    }

    /// The cluster's own fields, with no activities.
    pub fn without_activities(&self) -> Cluster {
        Cluster {
            id: self.id.clone(),
            name: self.name.clone(),
            summary: self.summary.clone(),
            activities: Vec::new(),
        }
    }
}

impl Activity {
    /// The dates in words: `Q2 2022 – 15 Sep 2022`, `from Mar 2022`, or empty.
    pub fn date_range(&self) -> String {
        super::plan_date::range_label(self.start, self.end)
    }

    /// A planned activity with only an id and a title.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> Self {
        Activity {
            id: id.into(),
            title: title.into(),
            description: String::new(),
            formats: Vec::new(),
            status: Status::Planned,
            start: None,
            end: None,
            follow_up_of: None,
            notes: String::new(),
            leads: Vec::new(),
            themes: Vec::new(),
            sessions: Vec::new(),
            outputs: Vec::new(),
            values: OwnValues::new(),
        }
    }
}

/// Activity ids taken so far, to make new ones from titles: the slug of the title, or with the
/// first free suffix `-2`, `-3`… Remembers the last suffix of each slug, so that thousands of
/// activities titled alike get their ids without searching every candidate again.
#[derive(Clone, Debug, Default)]
pub struct ActivityIds {
    taken: HashSet<String>,
    next_suffix: HashMap<String, usize>,
}

impl ActivityIds {
    pub fn new(taken: impl IntoIterator<Item = String>) -> Self {
        ActivityIds {
            taken: taken.into_iter().collect(),
            next_suffix: HashMap::new(),
        }
    }

    /// A new id made from a title, taken from then on.
    pub fn make(&mut self, title: &str) -> String {
        let base = match slug(title) {
            s if s.is_empty() => "activity".to_string(),
            s => s,
        };
        let mut id = base.clone();
        if self.taken.contains(&id) {
            // Ids are only ever added, so a suffix found taken stays taken.
            let n = self.next_suffix.entry(base.clone()).or_insert(2);
            while self.taken.contains(&format!("{base}-{n}")) {
                *n += 1;
            }
            id = format!("{base}-{n}");
        }
        self.taken.insert(id.clone());
        id
    }
}

/// Lower-case ASCII words joined by `-`: `PES 4.0 Task Force` → `pes-4-0-task-force`.
/// Every script is transliterated first (`Égalité` → `egalite`, `职业指导` → `zhi-ye-zhi-dao`,
/// `🚀` → `rocket`), so a title in any language gets an id that says what it is; other
/// characters separate words. An id that already is a slug stays as it is.
pub fn slug(text: &str) -> String {
    let latin = deunicode::deunicode_with_tofu(text, " ");
    let mut out = String::with_capacity(latin.len());
    for ch in latin.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `text` is its own [`slug`] (the empty text is), told without making the slug: lower-case
/// ASCII letters and digits in runs joined by single dashes. Import asks it of every id cell.
pub fn is_slug(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.is_empty()
        || (bytes.first() != Some(&b'-')
            && bytes.last() != Some(&b'-')
            && bytes
                .iter()
                .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !text.contains("--"))
}

/// The slug of `text` (`fallback` when it has none), with `-2`, `-3`… added until it is not
/// `taken`.
pub(super) fn unique_slug(text: &str, fallback: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = match slug(text) {
        s if s.is_empty() => fallback.to_string(),
        s => s,
    };
    if !taken(&base) {
        return base;
    }
    (2..=u32::MAX)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(base)
}

/// What is wrong with a `follow_up_of` reference that [`parse_follow_up`] refuses, with an
/// example of the right form: the year before `year`, and `id`.
pub fn follow_up_form_error(reference: &str, year: i32, id: &str) -> String {
    let id = if id.is_empty() { "activity-id" } else { id };
    format!(
        "follow_up_of {reference:?} is not <year>/<activity id>, e.g. \"{}/{id}\"",
        year.saturating_sub(1)
    )
}

/// Splits a `follow_up_of` reference into its year and activity id, if it has that form.
pub fn parse_follow_up(reference: &str) -> Option<(i32, &str)> {
    let (year, id) = reference.split_once('/')?;
    let valid_id = !id.is_empty() && is_slug(id);
    let year = (year.len() == 4).then(|| year.parse().ok()).flatten()?;
    valid_id.then_some((year, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_slug_is_whether_slug_leaves_the_text_as_it_is() {
        for text in [
            "", "a", "a-b", "a1-2b", "-a", "a-", "a--b", "A", "a b", "é", "a_b", "🚀", "-", "0",
            "ab-c-d",
        ] {
            assert_eq!(is_slug(text), slug(text) == text, "{text:?}");
        }
    }

    #[test]
    fn slug_folds_accents_and_punctuation() {
        assert_eq!(slug("PES 4.0 Task Force"), "pes-4-0-task-force");
        assert_eq!(
            slug("Égalité des chances – Öffentliche Arbeitsverwaltung"),
            "egalite-des-chances-offentliche-arbeitsverwaltung"
        );
        assert_eq!(slug("  --  "), "");
        assert_eq!(slug("Straße"), "strasse");
    }

    #[test]
    fn slug_transliterates_every_script() {
        assert_eq!(slug("职业指导"), "zhi-ye-zhi-dao");
        assert_eq!(slug("Ευρωπαϊκή συνεργασία"), "europaike-sunergasia");
        assert_eq!(slug("Служба занятости"), "sluzhba-zaniatosti");
        assert_eq!(slug("التوظيف"), "ltwzyf");
        assert_eq!(slug("한국어"), "hangugeo");
        assert_eq!(slug("🚀"), "rocket");
        assert_eq!(slug("Launch 🚀 2.0: 职业"), "launch-rocket-2-0-zhi-ye");
        for id in ["seminar-2", "pes-4-0-task-force", "a1"] {
            assert_eq!(slug(id), id, "an id that is a slug stays");
        }
    }

    #[test]
    fn new_ids_for_other_scripts_are_never_bare_placeholders() {
        let mut p = Programme::new(2022, "t");
        p.clusters.push(Cluster::new("zhi-ye-zhi-dao", "职业指导"));
        assert_eq!(p.unique_cluster_id("职业指导"), "zhi-ye-zhi-dao-2");
        assert_eq!(p.unique_activity_id("🚀"), "rocket");
        p.clusters[0].activities.push(Activity::new("rocket", "🚀"));
        assert_eq!(p.unique_activity_id("🚀"), "rocket-2");
    }

    #[test]
    fn unique_activity_id_counts_up_past_taken_ids() {
        let mut p = Programme::new(2022, "t");
        p.clusters.push(Cluster::new("c", "C"));
        p.clusters[0]
            .activities
            .push(Activity::new("seminar", "Seminar"));
        p.clusters[0]
            .activities
            .push(Activity::new("seminar-2", "Seminar"));
        assert_eq!(p.unique_activity_id("Seminar"), "seminar-3");
        assert_eq!(p.unique_activity_id("★"), "activity");
    }

    #[test]
    fn follow_up_reference_needs_year_and_slug() {
        assert_eq!(
            parse_follow_up("2021/quality-management"),
            Some((2021, "quality-management"))
        );
        assert_eq!(parse_follow_up("quality-management"), None);
        assert_eq!(parse_follow_up("21/x"), None);
        assert_eq!(parse_follow_up("2021/Quality Management"), None);
        assert_eq!(parse_follow_up("2021/"), None);
    }
}

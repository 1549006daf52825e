//! The filter language planners type to narrow the matrix down:
//! `status:tbc,ongoing format:webinar in:2022-Q2 cluster:delivery id:skills free words`.
//!
//! - Terms are separated by spaces and must all hold (AND); the values of one term, separated by
//!   commas, are alternatives (OR).
//! - Everything is compared case- and accent-insensitively: `seminaire` finds `Séminaire`, `ETUDE`
//!   finds `étude` (both sides are folded to lower-case ASCII with `deunicode`).
//! - A free word matches when it occurs in the title, description, notes, a format name or the id
//!   of the activity.
//! - `status:` takes status words (`planned`, `tbc`, `ongoing`, `done`, `postponed`,
//!   `cancelled`); any other word is an error that lists them.
//! - `format:` matches a format whose name contains the value (`format:work` finds Workshop and
//!   Working Group), free-text formats included; a known alias (`format:TRW`) finds its format.
//! - `in:` takes a day, a month, a quarter (any planning date) or a year, and matches activities
//!   whose dates overlap it. An activity's dates run from the first day of its start to the last
//!   day of its end. An activity with only a start, or only an end, occupies just the period of
//!   that one date (as the timeline draws it). `in:none` matches activities without dates, so
//!   gaps in planning can be listed; an activity without dates never matches a period.
//! - `cluster:` matches the cluster's id or a part of its name; `id:` a part of the activity id.
//! - `lead:` matches a lead's code (`lead:FR`) or a part of its organisation; `theme:` a theme id;
//!   `place:` a part of a session's city or its country code; `host:` a session's host; `mode:`
//!   a session's mode (`online`, `physical`, `hybrid`); `has:` an activity that has `lead`,
//!   `theme`, `session`, `output`, `notes`, `dates` or `follow-up` (plurals too).
//! - A programme's own field is a key by its id (`priority:high`, a part of a text, the value of
//!   a choice); a number or date field also takes `>`, `>=`, `<`, `<=` or `=` before the value
//!   (`budget:>10000`, `review:<2022-07`). Without the programme ([`Filter::parse`]) own fields are
//!   unknown keys; [`Filter::parse_for`] knows them.
//! - `is:` takes `new`, `changed`, `carried` (carried over, changed or not) or `dropped`, and
//!   needs the comparison with last year the editor puts in force (`C`); without it nothing
//!   matches. No activity of this year is `dropped`: that term leaves last year's ghosts alone.
//! - Double quotes group words with their spaces: `"skills validation"`, `format:"jour fixe"`.
//!
//! Parsing folds every value once; matching an activity then only folds its own text, and only
//! when a free word, format or id term needs it, after the cheap status and date terms passed.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;

use super::compare::{Comparison, Standing};
use super::{
    Activity, Cell, Cluster, Field, FieldDecl, Format, Mode, OwnKind, PlanDate, Programme, Splice,
    Status, YEARS, number_value, split_lead,
};

/// A parsed filter: every term must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    text: String,
    terms: Vec<Term>,
    /// The comparison with last year that `is:` terms ask, when one is in force.
    compared: Option<std::sync::Arc<Comparison>>,
}

/// One term of a filter; the values inside it are alternatives.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Term {
    Status(Vec<Status>),
    /// Folded format needles.
    Format(Vec<String>),
    In(Vec<Period>),
    /// Folded cluster needles: an exact id or a part of the name.
    Cluster(Vec<String>),
    /// Folded parts of an activity id.
    Id(Vec<String>),
    /// Folded lead codes or parts of organisations.
    Lead(Vec<String>),
    /// Folded theme ids.
    Theme(Vec<String>),
    /// Folded parts of a session's place or country.
    Place(Vec<String>),
    /// Folded session hosts.
    Host(Vec<String>),
    Mode(Vec<Mode>),
    Has(Vec<Part>),
    /// A programme's own field by id: any of the tests holds for its value.
    Own(String, Vec<OwnTest>),
    /// Any other field of an activity by its name in files (`title:`, `notes:`, `description:`):
    /// a folded part of its text.
    Field(Field, Vec<String>),
    /// A folded free word.
    Word(String),
    /// How the activity stands against last year.
    Is(Vec<Standing>),
}

/// Something an activity may have or lack, for `has:`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Lead,
    Theme,
    Session,
    Output,
    Notes,
    Dates,
    FollowUp,
}

const PARTS: [(&str, Part); 7] = [
    ("lead", Part::Lead),
    ("theme", Part::Theme),
    ("session", Part::Session),
    ("output", Part::Output),
    ("notes", Part::Notes),
    ("dates", Part::Dates),
    ("follow-up", Part::FollowUp),
];

/// How an own field's value is tested.
#[derive(Clone, Debug, PartialEq)]
enum OwnTest {
    /// A folded part of the text (the whole word for a choice).
    Contains(String),
    Equals(String),
    /// A number or a date compared: the ordering wanted, and what `Ordering::Equal` means.
    Compare(std::cmp::Ordering, bool, OwnValue),
}

/// A value to compare with: numbers as numbers, dates as their first day.
#[derive(Clone, Copy, Debug, PartialEq)]
enum OwnValue {
    Number(f64),
    Day(NaiveDate),
}

impl Eq for OwnTest {}

/// A period an activity's dates may overlap, or "no dates at all".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Days(NaiveDate, NaiveDate),
    Undated,
}

/// Why a filter text could not be read: where (a column, counting characters from 1) and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("at column {column}: {message}")]
pub struct FilterError {
    /// Column of the offending word in the filter text, counting characters from 1.
    pub column: usize,
    /// What is wrong, in words.
    pub message: String,
}

/// The term names, for messages.
const KEYS: &str = "status:, format:, in:, cluster:, id:, is:, lead:, theme:, place:, host:, mode:, has:, a field's name";

/// Every built-in key of the filter language: an own field may not take one as its id.
pub const FILTER_KEYS: [&str; 12] = [
    "status", "format", "in", "cluster", "id", "is", "lead", "theme", "place", "host", "mode",
    "has",
];

/// Text folded for comparison: lower case, accents and other scripts transliterated to ASCII.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() {
        if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        }
    } else {
        let mut out = String::with_capacity(text.len());
        fold_into(&mut out, text);
        Cow::Owned(out)
    }
}

/// Appends the folded text, one character at a time, without intermediate strings.
fn fold_into(out: &mut String, text: &str) {
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch.to_ascii_lowercase());
        } else if let Some(ascii) = deunicode::deunicode_char(ch) {
            out.extend(ascii.chars().map(|c| c.to_ascii_lowercase()));
        }
    }
}

impl Filter {
    /// Reads a filter. An empty (or blank) text is a filter that keeps everything.
    pub fn parse(text: &str) -> Result<Filter, FilterError> {
        Filter::parse_for(text, &[])
    }

    /// Reads a filter for a programme with these own fields, which are keys too.
    pub fn parse_for(text: &str, own: &[FieldDecl]) -> Result<Filter, FilterError> {
        let mut terms = Vec::new();
        for (column, word) in words(text)? {
            terms.push(parse_term(column, word, own)?);
        }
        // Cheap terms first, so most activities are turned away before any text is folded.
        terms.sort_by_key(|t| match t {
            Term::Status(_) => 0,
            Term::In(_) => 1,
            Term::Cluster(_) => 2,
            Term::Id(_) | Term::Has(_) | Term::Mode(_) => 3,
            Term::Format(_)
            | Term::Lead(_)
            | Term::Theme(_)
            | Term::Place(_)
            | Term::Host(_)
            | Term::Own(..)
            | Term::Field(..) => 4,
            Term::Word(_) => 5,
            Term::Is(_) => 6,
        });
        Ok(Filter {
            text: text.trim().to_string(),
            terms,
            compared: None,
        })
    }

    /// The filter with the comparison its `is:` terms ask (none: they match nothing).
    pub fn comparing(mut self, compared: Option<std::sync::Arc<Comparison>>) -> Filter {
        self.compared = compared;
        self
    }

    /// Whether the filter has `is:` terms, which follow the comparison with last year.
    pub fn has_standing(&self) -> bool {
        self.terms.iter().any(|t| matches!(t, Term::Is(_)))
    }

    /// The filter as typed (trimmed), for the status line.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether an activity of a cluster passes every term.
    pub fn matches(&self, cluster: &Cluster, activity: &Activity) -> bool {
        self.matches_text(cluster, activity, None)
    }

    /// Whether the filter has free words, which look in each activity's folded text.
    pub fn has_words(&self) -> bool {
        self.terms.iter().any(|t| matches!(t, Term::Word(_)))
    }

    /// Like [`Filter::matches`], with the activity's [`FoldedTexts`] entry made already, so a
    /// filter typed a key at a time does not fold the whole programme at every key.
    fn matches_text(&self, cluster: &Cluster, activity: &Activity, folded: Option<&str>) -> bool {
        let mut text: Option<String> = None;
        self.terms.iter().all(|term| match term {
            Term::Status(statuses) => statuses.contains(&activity.status),
            Term::In(periods) => periods.iter().any(|p| overlaps(*p, activity)),
            Term::Cluster(needles) => {
                let name = fold(&cluster.name);
                needles
                    .iter()
                    .any(|n| cluster.id == *n || name.contains(n.as_str()))
            }
            Term::Id(needles) => {
                let id = fold(&activity.id);
                needles.iter().any(|n| id.contains(n.as_str()))
            }
            Term::Format(needles) => activity.formats.iter().any(|f| {
                let name = fold(f.name());
                needles.iter().any(|n| name.contains(n.as_str()))
            }),
            Term::Lead(needles) => activity.leads.iter().any(|lead| {
                let (code, organisation) = split_lead(lead);
                let (code, organisation) = (fold(code), fold(organisation));
                needles.iter().any(|n| {
                    *code == **n || (!organisation.is_empty() && organisation.contains(n.as_str()))
                })
            }),
            Term::Theme(needles) => activity
                .themes
                .iter()
                .any(|t| needles.iter().any(|n| *fold(t) == **n)),
            Term::Place(needles) => activity.sessions.iter().any(|s| {
                let (place, country) = (fold(&s.place), fold(&s.country));
                needles
                    .iter()
                    .any(|n| place.contains(n.as_str()) || *country == **n)
            }),
            Term::Host(needles) => activity
                .sessions
                .iter()
                .any(|s| needles.iter().any(|n| *fold(&s.host) == **n)),
            Term::Mode(modes) => activity
                .sessions
                .iter()
                .any(|s| s.mode.is_some_and(|m| modes.contains(&m))),
            Term::Has(parts) => parts.iter().any(|part| has(activity, *part)),
            Term::Field(field, needles) => activity.get(*field).is_some_and(|value| {
                let text = fold(&value.plain()).into_owned();
                needles.iter().any(|n| text.contains(n.as_str()))
            }),
            Term::Own(id, tests) => activity
                .values
                .get(id)
                .is_some_and(|value| tests.iter().any(|t| own_test(t, value))),
            Term::Is(standings) => self.compared.as_ref().is_some_and(|compared| {
                let carried = compared.of(&activity.id);
                standings.iter().any(|s| s.holds(carried))
            }),
            Term::Word(word) => match folded {
                Some(folded) => folded.contains(word.as_str()),
                None => text
                    .get_or_insert_with(|| searchable_text(activity))
                    .contains(word.as_str()),
            },
        })
    }

    /// [`Filter::apply`] over texts folded beforehand for this very programme.
    pub fn apply_folded(&self, programme: &Programme, folded: &FoldedTexts) -> FilterMatches {
        let cells = programme
            .clusters
            .iter()
            .enumerate()
            .map(|(c, cluster)| {
                cluster
                    .activities
                    .iter()
                    .enumerate()
                    .map(|(a, activity)| {
                        let text = folded.0.get(c).and_then(|t| t.get(a)).map(String::as_str);
                        self.matches_text(cluster, activity, text)
                    })
                    .collect()
            })
            .collect();
        FilterMatches::from_cells(cells)
    }

    /// Follows a change that replaced the clusters `splice` names: only those are judged
    /// again (a filter's terms are about an activity and its own cluster). A splice that does
    /// not fit has everything judged again.
    pub fn follow(
        &self,
        matches: &mut FilterMatches,
        programme: &Programme,
        folded: Option<&mut FoldedTexts>,
        splice: Splice,
    ) {
        let Some((old, new)) = splice.ranges(programme.clusters.len()) else {
            *matches = self.apply_maybe_folded(programme, folded);
            return;
        };
        if old.end > matches.cells.len() {
            *matches = self.apply_maybe_folded(programme, folded);
            return;
        }
        let folded = folded.map(|folded| {
            let texts = programme.clusters[new.clone()].iter().map(folded_cluster);
            folded.0.splice(old.clone(), texts);
            &*folded
        });
        let judged: Vec<Vec<bool>> = new
            .map(|c| {
                let cluster = &programme.clusters[c];
                let texts = folded.and_then(|f| f.0.get(c));
                cluster
                    .activities
                    .iter()
                    .enumerate()
                    .map(|(a, activity)| {
                        let text = texts.and_then(|t| t.get(a)).map(String::as_str);
                        self.matches_text(cluster, activity, text)
                    })
                    .collect()
            })
            .collect();
        for gone in &matches.cells[old.clone()] {
            matches.count -= gone.iter().filter(|m| **m).count();
            matches.total -= gone.len();
        }
        for came in &judged {
            matches.count += came.iter().filter(|m| **m).count();
            matches.total += came.len();
        }
        matches.cells.splice(old, judged);
    }

    /// Follows a change to a run of cluster `c`'s activities (its own fields as they were):
    /// only those activities are judged again. False when the run does not fit the matches.
    pub fn follow_activities(
        &self,
        matches: &mut FilterMatches,
        programme: &Programme,
        folded: Option<&mut FoldedTexts>,
        c: usize,
        run: Splice,
    ) -> bool {
        let (Some(cluster), Some(row)) = (programme.clusters.get(c), matches.cells.get(c)) else {
            return false;
        };
        let end = run.at.saturating_add(run.removed);
        let new = run.at..run.at.saturating_add(run.inserted);
        let now = cluster.activities.len();
        if end > row.len() || row.len() - run.removed + run.inserted != now || new.end > now {
            return false;
        }
        let activities = &cluster.activities[new];
        let texts = match folded {
            Some(folded) => {
                let Some(texts) = folded.0.get_mut(c).filter(|t| t.len() == row.len()) else {
                    return false;
                };
                let _: Vec<String> = texts
                    .splice(run.at..end, activities.iter().map(searchable_text))
                    .collect();
                Some(&texts[run.at..run.at + run.inserted])
            }
            None => None,
        };
        let judged: Vec<bool> = activities
            .iter()
            .enumerate()
            .map(|(k, activity)| {
                let text = texts.and_then(|t| t.get(k)).map(String::as_str);
                self.matches_text(cluster, activity, text)
            })
            .collect();
        let row = &mut matches.cells[c];
        let gone: Vec<bool> = row.splice(run.at..end, judged.iter().copied()).collect();
        matches.count = matches.count + judged.iter().filter(|m| **m).count()
            - gone.iter().filter(|m| **m).count();
        matches.total = matches.total + judged.len() - gone.len();
        true
    }

    fn apply_maybe_folded(
        &self,
        programme: &Programme,
        folded: Option<&mut FoldedTexts>,
    ) -> FilterMatches {
        match folded {
            Some(folded) => {
                *folded = FoldedTexts::of(programme);
                self.apply_folded(programme, folded)
            }
            None => self.apply(programme),
        }
    }

    /// Leaves in the programme only the activities that pass; the clusters stay, maybe empty.
    pub fn keep(&self, programme: &mut Programme) {
        for cluster in &mut programme.clusters {
            let activities = std::mem::take(&mut cluster.activities);
            cluster.activities = activities
                .into_iter()
                .filter(|a| self.matches(cluster, a))
                .collect();
        }
    }

    /// Leaves in both programmes the activities (by id) that pass in either: a diff of what
    /// the filter is about, an activity that stopped passing shown changed, not removed.
    pub fn keep_in_either(&self, old: &mut Programme, new: &mut Programme) {
        let passing = |p: &Programme| -> std::collections::HashSet<String> {
            p.clusters
                .iter()
                .flat_map(|c| c.activities.iter().filter(|a| self.matches(c, a)))
                .map(|a| a.id.clone())
                .collect()
        };
        let mut ids = passing(old);
        ids.extend(passing(new));
        for programme in [old, new] {
            for cluster in &mut programme.clusters {
                cluster.activities.retain(|a| ids.contains(&a.id));
            }
        }
    }

    /// Which activities of a programme pass, computed once for drawing many frames.
    pub fn apply(&self, programme: &Programme) -> FilterMatches {
        let cells = programme
            .clusters
            .iter()
            .map(|c| c.activities.iter().map(|a| self.matches(c, a)).collect())
            .collect();
        FilterMatches::from_cells(cells)
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for Filter {
    type Err = FilterError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Filter::parse(text)
    }
}

/// Every activity's searchable text, folded once for a programme as it is, for the free words
/// of filters typed against it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoldedTexts(Vec<Vec<String>>);

impl FoldedTexts {
    pub fn of(programme: &Programme) -> Self {
        FoldedTexts(programme.clusters.iter().map(folded_cluster).collect())
    }
}

fn folded_cluster(cluster: &Cluster) -> Vec<String> {
    cluster.activities.iter().map(searchable_text).collect()
}

/// The result of a filter over one programme: which cells pass, and how many.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterMatches {
    cells: Vec<Vec<bool>>,
    count: usize,
    total: usize,
}

impl FilterMatches {
    fn from_cells(cells: Vec<Vec<bool>>) -> Self {
        let count = cells.iter().flatten().filter(|m| **m).count();
        let total = cells.iter().map(Vec::len).sum();
        FilterMatches {
            cells,
            count,
            total,
        }
    }

    /// Whether the activity at a cell passed (a cell that does not exist did not).
    pub fn contains(&self, cell: Cell) -> bool {
        self.cells
            .get(cell.cluster)
            .and_then(|c| c.get(cell.activity))
            .copied()
            .unwrap_or(false)
    }

    /// How many activities passed.
    pub fn count(&self) -> usize {
        self.count
    }

    /// How many activities there were.
    pub fn total(&self) -> usize {
        self.total
    }
}

/// The whitespace-separated words of a text with the column (from 1) each starts at; spaces
/// inside double quotes do not separate.
fn words(text: &str) -> Result<Vec<(usize, &str)>, FilterError> {
    let mut column = 0;
    let mut start: Option<(usize, usize)> = None;
    let mut quote_at: Option<usize> = None;
    let mut out = Vec::new();
    for (byte, ch) in text.char_indices() {
        column += 1;
        if ch == '"' {
            quote_at = quote_at.xor(Some(column));
        }
        let separates = ch.is_whitespace() && quote_at.is_none();
        match (separates, start) {
            (false, None) => start = Some((column, byte)),
            (true, Some((c, b))) => {
                out.push((c, &text[b..byte]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(column) = quote_at {
        return Err(FilterError {
            column,
            message: "this quote is never closed; end the phrase with another \"".to_string(),
        });
    }
    if let Some((c, b)) = start {
        out.push((c, &text[b..]));
    }
    Ok(out)
}

/// A word or value as meant: quotes only group, they are not part of it.
fn unquoted(text: &str) -> String {
    fold(&text.replace('"', "")).into_owned()
}

fn parse_term(column: usize, word: &str, own: &[FieldDecl]) -> Result<Term, FilterError> {
    let Some((key, value)) = word.split_once(':') else {
        return Ok(Term::Word(unquoted(word)));
    };
    let key_folded = fold(key);
    let own_field = own.iter().find(|f| fold(&f.id) == key_folded);
    // Every other field of the table is a key by its name in files.
    let table_field = Field::named(Field::ACTIVITY, &key_folded);
    if !FILTER_KEYS.contains(&key_folded.as_ref()) && own_field.is_none() && table_field.is_none() {
        // A colon inside ordinary text (`10:30`, `http://`) is a free word, not a mistyped key.
        if key.is_empty() || !key.chars().all(char::is_alphabetic) {
            return Ok(Term::Word(unquoted(word)));
        }
        return Err(FilterError {
            column,
            message: format!("unknown term \"{key}:\"; terms are {KEYS}, or free words"),
        });
    }
    let value_column = column + key.chars().count() + 1;
    let values = values(value_column, value);
    if values.is_empty() {
        return Err(FilterError {
            column,
            message: format!("{key}: needs a value, e.g. {}", example(&key_folded)),
        });
    }
    if let Some((c, _)) = values.iter().find(|(_, v)| v.is_empty()) {
        return Err(FilterError {
            column: *c,
            message: format!("empty value in {key}:; separate values with single commas"),
        });
    }
    let folded = || values.iter().map(|(_, v)| unquoted(v)).collect();
    if let Some(field) = table_field.filter(|_| !FILTER_KEYS.contains(&key_folded.as_ref())) {
        return Ok(Term::Field(field, folded()));
    }
    if let Some(field) = own_field.filter(|_| !FILTER_KEYS.contains(&key_folded.as_ref())) {
        let tests = values
            .iter()
            .map(|(c, v)| own_term(*c, field, &v.replace('"', "")))
            .collect::<Result<_, _>>()?;
        return Ok(Term::Own(field.id.clone(), tests));
    }
    Ok(match key_folded.as_ref() {
        "status" => Term::Status(
            values
                .iter()
                .map(|(c, v)| {
                    v.parse::<Status>().map_err(|_| FilterError {
                        column: *c,
                        message: format!(
                            "unknown status \"{v}\"; expected one of {}",
                            Status::expected_list()
                        ),
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        "in" => Term::In(
            values
                .iter()
                .map(|(c, v)| period(*c, v))
                .collect::<Result<_, _>>()?,
        ),
        "format" => Term::Format(
            values
                .iter()
                .map(|(_, v)| match Format::parse(&v.replace('"', "")) {
                    // An alias such as TRW stands for its format's full name.
                    Format::Known(k) => fold(Format::Known(k).name()).into_owned(),
                    Format::Other(_) => unquoted(v),
                })
                .collect(),
        ),
        "cluster" => Term::Cluster(folded()),
        "is" => Term::Is(
            values
                .iter()
                .map(|(c, v)| {
                    Standing::ALL
                        .into_iter()
                        .find(|s| s.as_str() == fold(v))
                        .ok_or_else(|| FilterError {
                            column: *c,
                            message: format!(
                                "unknown standing \"{v}\"; expected one of new, changed, carried, dropped"
                            ),
                        })
                })
                .collect::<Result<_, _>>()?,
        ),
        "lead" => Term::Lead(folded()),
        "theme" => Term::Theme(folded()),
        "place" => Term::Place(folded()),
        "host" => Term::Host(folded()),
        "mode" => Term::Mode(
            values
                .iter()
                .map(|(c, v)| {
                    v.parse::<Mode>().map_err(|message| FilterError {
                        column: *c,
                        message: message.to_string(),
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        "has" => Term::Has(
            values
                .iter()
                .map(|(c, v)| {
                    let word = unquoted(v);
                    let singular = word.strip_suffix('s').unwrap_or(&word);
                    PARTS
                        .iter()
                        .find(|(name, _)| *name == word || *name == singular)
                        .map(|(_, part)| *part)
                        .ok_or_else(|| FilterError {
                            column: *c,
                            message: format!(
                                "has:{v} is not something an activity has; use {}",
                                PARTS.map(|(name, _)| name).join(", ")
                            ),
                        })
                })
                .collect::<Result<_, _>>()?,
        ),
        _ => Term::Id(folded()),
    })
}

/// One value of an own field's term: `>10000`, `<=2022-06`, `high`, a part of a text.
fn own_term(column: usize, field: &FieldDecl, value: &str) -> Result<OwnTest, FilterError> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (order, or_equal, rest) = if let Some(rest) = value.strip_prefix(">=") {
        (Greater, true, rest)
    } else if let Some(rest) = value.strip_prefix("<=") {
        (Less, true, rest)
    } else if let Some(rest) = value.strip_prefix('>') {
        (Greater, false, rest)
    } else if let Some(rest) = value.strip_prefix('<') {
        (Less, false, rest)
    } else if let Some(rest) = value.strip_prefix('=') {
        (Equal, true, rest)
    } else {
        (Equal, true, value)
    };
    let compared = rest.len() != value.len();
    let error = |message: String| FilterError { column, message };
    match &field.kind {
        OwnKind::Number => number_value(rest)
            .map(|n| OwnTest::Compare(order, or_equal, OwnValue::Number(n)))
            .ok_or_else(|| {
                error(format!(
                    "{}:{value} needs a number, e.g. {}:>10000",
                    field.id, field.id
                ))
            }),
        OwnKind::Date => rest
            .parse::<PlanDate>()
            .map(|d| OwnTest::Compare(order, or_equal, OwnValue::Day(d.first_day())))
            .map_err(|e| error(format!("{}:{value}: {}", field.id, e.reason))),
        OwnKind::Text | OwnKind::Url | OwnKind::Choice(_) if compared && order != Equal => {
            Err(error(format!(
                "{}: holds text; `<` and `>` compare only numbers and dates",
                field.id
            )))
        }
        OwnKind::Choice(_) => Ok(OwnTest::Equals(fold(rest).into_owned())),
        OwnKind::Text | OwnKind::Url => Ok(OwnTest::Contains(fold(rest).into_owned())),
    }
}

fn own_test(test: &OwnTest, value: &str) -> bool {
    match test {
        OwnTest::Contains(needle) => fold(value).contains(needle.as_str()),
        OwnTest::Equals(word) => *fold(value) == **word,
        OwnTest::Compare(order, or_equal, wanted) => {
            let found = match wanted {
                OwnValue::Number(n) => number_value(value).and_then(|v| v.partial_cmp(n)),
                OwnValue::Day(day) => value
                    .parse::<PlanDate>()
                    .ok()
                    .map(|d| d.first_day().cmp(day)),
            };
            found.is_some_and(|found| found == *order || (*or_equal && found.is_eq()))
        }
    }
}

fn has(activity: &Activity, part: Part) -> bool {
    match part {
        Part::Lead => !activity.leads.is_empty(),
        Part::Theme => !activity.themes.is_empty(),
        Part::Session => !activity.sessions.is_empty(),
        Part::Output => !activity.outputs.is_empty(),
        Part::Notes => !activity.notes.is_empty(),
        Part::Dates => activity.start.is_some() || activity.end.is_some(),
        Part::FollowUp => activity.follow_up_of.is_some(),
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "status" => "status:tbc,ongoing",
        "format" => "format:webinar",
        "in" => "in:2022-Q2",
        "cluster" => "cluster:delivery",
        "lead" => "lead:FR",
        "theme" => "theme:green",
        "place" => "place:brussels",
        "host" => "host:ES",
        "mode" => "mode:hybrid",
        "has" => "has:output",
        "is" => "is:new",
        _ => "id:skills",
    }
}

/// The comma-separated values of a term with their columns; empty when there is no value.
fn values(column: usize, value: &str) -> Vec<(usize, &str)> {
    if value.is_empty() {
        return Vec::new();
    }
    let mut column = column;
    value
        .split(',')
        .map(|v| {
            let here = column;
            column += v.chars().count() + 1;
            (here, v)
        })
        .collect()
}

fn period(column: usize, value: &str) -> Result<Period, FilterError> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(Period::Undated);
    }
    if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = value.parse().unwrap_or(0);
        let first = NaiveDate::from_ymd_opt(year, 1, 1);
        let last = NaiveDate::from_ymd_opt(year, 12, 31);
        if let (Some(first), Some(last), true) = (first, last, YEARS.contains(&year)) {
            return Ok(Period::Days(first, last));
        }
    }
    value
        .parse::<PlanDate>()
        .map(|d| Period::Days(d.first_day(), d.last_day()))
        .map_err(|e| FilterError {
            column,
            message: format!(
                "in:{value} is not a period: {}; use a year (2022) or {}, or none",
                e.reason,
                super::DATE_FORMS
            ),
        })
}

/// The days an activity occupies, as the filter and the timeline read its dates.
pub fn activity_days(activity: &Activity) -> Option<(NaiveDate, NaiveDate)> {
    match (activity.start, activity.end) {
        (None, None) => None,
        (Some(s), Some(e)) => Some((s.first_day(), e.last_day())),
        (Some(d), None) | (None, Some(d)) => Some((d.first_day(), d.last_day())),
    }
}

fn overlaps(period: Period, activity: &Activity) -> bool {
    match (period, activity_days(activity)) {
        (Period::Undated, days) => days.is_none(),
        (Period::Days(first, last), Some((start, end))) => start <= last && end >= first,
        (Period::Days(..), None) => false,
    }
}

/// Everything a free word may be found in, folded once per activity and filter evaluation.
fn searchable_text(activity: &Activity) -> String {
    let mut text = String::with_capacity(
        activity.title.len() + activity.description.len() + activity.notes.len() + 64,
    );
    for part in [
        activity.title.as_str(),
        activity.description.as_str(),
        activity.notes.as_str(),
        activity.id.as_str(),
    ]
    .into_iter()
    .chain(activity.formats.iter().map(Format::name))
    .chain(activity.leads.iter().map(String::as_str))
    .chain(activity.sessions.iter().map(|s| s.place.as_str()))
    .chain(activity.outputs.iter().map(|o| o.title.as_str()))
    {
        fold_into(&mut text, part);
        // A separator no folded needle contains, so words never join across fields.
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_know_their_columns() {
        let w = words("  été  status:tbc").unwrap();
        assert_eq!(w, vec![(3, "été"), (8, "status:tbc")]);
        let w = words("\"long term\" format:\"jour fixe\"").unwrap();
        assert_eq!(w, vec![(1, "\"long term\""), (13, "format:\"jour fixe\"")]);
    }

    #[test]
    fn fold_lowers_and_strips_accents() {
        assert_eq!(fold("Séminaire ÉTÉ"), "seminaire ete");
        assert!(matches!(fold("plain"), Cow::Borrowed(_)));
    }
}

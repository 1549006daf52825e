//! Search (`/`): every activity whose title, description, notes, formats or optional fields
//! contain the query (any case, any accents) is a match; the matches are kept as a set, for
//! highlighting on screen and for `match 2/7`, and computed again only when the query, the
//! filter or the programme changes. With a filter in force only the activities it keeps can match.

use std::collections::BTreeSet;

use super::{Action, App, Effect, Mode, SearchEntry};
use crate::model::filter::fold;
use crate::model::{Activity, Cell, Changes, Field, Programme};

/// The activities of a programme matching a search query (none for an empty query).
pub fn search_matches(
    programme: &Programme,
    query: &str,
    keep: impl Fn(Cell) -> bool,
) -> BTreeSet<Cell> {
    let every = cells_of(programme, 0..programme.clusters.len());
    search_cells(programme, query, every, keep)
        .into_iter()
        .collect()
}

/// The cells among `cells` whose activity holds `query` and that `keep` lets through.
fn search_cells(
    programme: &Programme,
    query: &str,
    cells: impl Iterator<Item = Cell>,
    keep: impl Fn(Cell) -> bool,
) -> Vec<Cell> {
    let needle = fold(query.trim()).into_owned();
    if needle.is_empty() {
        return Vec::new();
    }
    let holds = |cell: Cell| {
        programme
            .activity(cell)
            .is_some_and(|a| matches(a, &needle))
    };
    cells.filter(|&cell| keep(cell) && holds(cell)).collect()
}

/// Every cell of some clusters (those that exist).
fn cells_of(
    programme: &Programme,
    clusters: std::ops::Range<usize>,
) -> impl Iterator<Item = Cell> + '_ {
    clusters
        .filter_map(|c| Some((c, programme.clusters.get(c)?.activities.len())))
        .flat_map(|(c, len)| (0..len).map(move |a| Cell::new(c, a)))
}

/// Whether an activity's texts hold `needle` (folded already): its title, description, notes,
/// formats, and the lists beyond them (leads, sessions, outputs, themes, own-field values) in
/// their cell forms.
fn matches(a: &Activity, needle: &str) -> bool {
    [&a.title, &a.description, &a.notes]
        .iter()
        .any(|t| fold(t).contains(needle))
        || a.formats.iter().any(|f| fold(f.name()).contains(needle))
        || Field::ACTIVITY[Field::ACTIVITY_REQUIRED.len()..]
            .iter()
            .filter(|f| !a.is_blank(**f))
            .filter_map(|f| a.get(*f))
            .any(|value| fold(&value.plain()).contains(needle))
}

/// Every activity's searched texts (title, description, notes, formats, optional fields: folded,
/// one per line), made once while a search is typed, for the programme of one revision: each key
/// then looks through them instead of folding the whole programme again.
#[derive(Clone, Debug, Default)]
pub(super) struct FoldedSearch {
    revision: u64,
    texts: Vec<Vec<String>>,
}

impl FoldedSearch {
    fn of(programme: &Programme, revision: u64) -> FoldedSearch {
        let fold_activity = |a: &Activity| {
            let mut text = String::new();
            let fields = [&a.title, &a.description, &a.notes].map(String::as_str);
            for part in fields
                .into_iter()
                .chain(a.formats.iter().map(crate::model::Format::name))
            {
                text.push_str(&fold(part));
                // No folded needle holds a line break, so no match spans two texts.
                text.push('\n');
            }
            // The optional fields in their cell forms, as `matches` looks at them.
            for field in &Field::ACTIVITY[Field::ACTIVITY_REQUIRED.len()..] {
                if let Some(value) = a.get(*field).filter(|_| !a.is_blank(*field)) {
                    text.push_str(&fold(&value.plain()));
                    text.push('\n');
                }
            }
            text
        };
        let texts = programme
            .clusters
            .iter()
            .map(|c| c.activities.iter().map(fold_activity).collect())
            .collect();
        FoldedSearch { revision, texts }
    }
}

impl App {
    /// The matches of the query being typed, from the texts folded when typing began.
    fn refresh_typed_search(&mut self) {
        let needle = fold(self.search_query().trim()).into_owned();
        if needle.is_empty() || needle.contains('\n') {
            return self.refresh_search();
        }
        let revision = self.revision();
        let folded = match self.search_folded.take() {
            Some(folded) if folded.revision == revision => folded,
            _ => FoldedSearch::of(&self.programme, revision),
        };
        self.search_hits = folded
            .texts
            .iter()
            .enumerate()
            .flat_map(|(c, texts)| texts.iter().enumerate().map(move |(a, t)| (c, a, t)))
            .filter(|&(_, _, text)| text.contains(needle.as_str()))
            .map(|(c, a, _)| Cell::new(c, a))
            .filter(|&cell| self.passes_filter(cell))
            .collect();
        self.search_folded = Some(folded);
    }

    /// The activities the current search matches (the query being typed, or the last one).
    pub fn search_hits(&self) -> &BTreeSet<Cell> {
        &self.search_hits
    }

    /// `match 2/7` on a match, `7 matches` elsewhere; nothing without a search.
    pub fn search_summary(&self) -> Option<String> {
        let typing = matches!(self.mode, Mode::Search(_));
        if self.search_query().is_empty() || (self.search_hits.is_empty() && !typing) {
            return None;
        }
        let total = self.search_hits.len();
        Some(if self.search_hits.contains(&self.selected) {
            let at = self.search_hits.range(..self.selected).count() + 1;
            format!("match {at}/{total}")
        } else {
            crate::text::plural(total, "match")
        })
    }

    pub(super) fn search_query(&self) -> &str {
        match &self.mode {
            Mode::Search(entry) => &entry.query,
            _ => &self.last_search,
        }
    }

    /// Follows a change to the programme: the run of activities, or the clusters, `changed`
    /// names are searched again.
    pub(super) fn follow_search(&mut self, changed: &Changes) {
        let query = self.search_query().to_string();
        if query.trim().is_empty() {
            self.search_hits.clear();
            return;
        }
        let keep = |c| self.passes_filter(c);
        if let Some((c, run)) = changed.activities {
            let run_cells = (run.at..run.at + run.inserted).map(|a| Cell::new(c, a));
            let found = search_cells(&self.programme, &query, run_cells, keep);
            run.follow_activity_cells(c, &mut self.search_hits, found);
            return;
        }
        let Some(clusters) = changed.clusters else {
            return;
        };
        let Some((_, new)) = clusters.ranges(self.programme.clusters.len()) else {
            return self.refresh_search();
        };
        let found = search_cells(
            &self.programme,
            &query,
            cells_of(&self.programme, new),
            keep,
        );
        clusters.follow_cells(&mut self.search_hits, found);
    }

    /// Computes the matches again: the query or the filter changed.
    pub(super) fn refresh_search(&mut self) {
        let query = self.search_query().to_string();
        self.search_hits = search_matches(&self.programme, &query, |c| self.passes_filter(c));
    }

    pub(super) fn search(&mut self, mut entry: SearchEntry, action: &Action) -> Effect {
        match action {
            Action::Type(c) => entry.query.push(*c),
            Action::Backspace => {
                entry.query.pop();
            }
            Action::ClearEntry => entry.query.clear(),
            Action::Accept | Action::Choose => {
                self.search_folded = None;
                self.last_search = entry.query;
                self.refresh_search();
                if self.last_search.is_empty() {
                    self.select(entry.origin);
                }
                return Effect::None;
            }
            Action::Cancel => {
                self.search_folded = None;
                self.refresh_search();
                self.select(entry.origin);
                return Effect::None;
            }
            _ => {}
        }
        self.mode = Mode::Search(entry);
        self.refresh_typed_search();
        let Mode::Search(entry) = &self.mode else {
            return Effect::None;
        };
        // Searching as you type: the first match from where the search started.
        let origin = entry.origin;
        let first = self
            .search_hits
            .range(origin..)
            .next()
            .or_else(|| self.search_hits.first())
            .copied();
        match first {
            Some(cell) => {
                self.select(cell);
                self.message = None;
            }
            None if entry.query.is_empty() => self.select(origin),
            None => {
                let text = format!("No activity matches {:?}.", entry.query);
                self.warn(text);
            }
        }
        Effect::None
    }

    /// `n` and `N`: the next or previous match, wrapping around with a word.
    pub(super) fn search_step(&mut self, forward: bool) {
        if self.last_search.is_empty() {
            self.inform("No search yet; start one with /.");
            return;
        }
        let hits = &self.search_hits;
        let here = self.selected;
        let next = if forward {
            hits.range((std::ops::Bound::Excluded(here), std::ops::Bound::Unbounded))
                .next()
        } else {
            hits.range(..here).next_back()
        };
        let (cell, wrapped) = match next {
            Some(cell) => (*cell, false),
            None => {
                if let Some(cell) = if forward { hits.first() } else { hits.last() } {
                    (*cell, true)
                } else {
                    self.warn(format!("No activity matches {:?}.", self.last_search));
                    return;
                }
            }
        };
        self.select(cell);
        if wrapped {
            self.inform(if forward {
                "search wrapped to the first match"
            } else {
                "search wrapped to the last match"
            });
        }
    }
}

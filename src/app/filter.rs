//! The filter line (`\`): what is typed narrows the matrix as it is typed. The matches are kept
//! with the app and computed again only when the filter or the programme changes, never per
//! frame, so drawing stays cheap on large programmes.

use super::{Action, App, Effect, Mode};
use crate::model::filter::{Filter, FilterError, FilterMatches, FoldedTexts};
use crate::model::{Cell, Changes, Programme};

/// A filter being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterLine {
    pub text: String,
    /// The filter in force when the line was opened, put back when it is cancelled.
    pub previous: String,
    /// Why the text is not a filter (yet); the last good filter stays in force meanwhile.
    pub error: Option<FilterError>,
}

/// The filter in force and what it matches in the programme as it is now.
#[derive(Clone, Debug, Default)]
pub struct ActiveFilter {
    pub filter: Filter,
    pub matches: FilterMatches,
    /// The programme's texts folded for free words, made when a filter first needs them and
    /// up to date cluster by cluster: typing a word then costs no folding at each key.
    folded: Option<FoldedTexts>,
}

impl ActiveFilter {
    /// Puts `filter` in force over `programme`, reusing the folded texts when they are current.
    fn new(filter: Filter, programme: &Programme, folded: Option<FoldedTexts>) -> Self {
        let folded = match folded {
            Some(folded) => Some(folded),
            None if filter.has_words() => Some(FoldedTexts::of(programme)),
            None => None,
        };
        let matches = match &folded {
            Some(folded) => filter.apply_folded(programme, folded),
            None => filter.apply(programme),
        };
        ActiveFilter {
            filter,
            matches,
            folded,
        }
    }
}

impl App {
    /// The filter in force, if any.
    pub fn filter(&self) -> Option<&Filter> {
        self.filter.as_ref().map(|f| &f.filter)
    }

    /// What the filter in force matches, if there is one.
    pub fn filter_matches(&self) -> Option<&FilterMatches> {
        self.filter.as_ref().map(|f| &f.matches)
    }

    /// Whether an activity passes the filter (everything does without one).
    pub fn passes_filter(&self, cell: Cell) -> bool {
        self.filter_matches().is_none_or(|m| m.contains(cell))
    }

    /// `filter status:tbc · 1/32`, for the status line.
    pub fn filter_summary(&self) -> Option<String> {
        let active = self.filter.as_ref()?;
        Some(format!(
            "filter {} {} {}/{}",
            active.filter.text(),
            crate::text::glyph('·'),
            active.matches.count(),
            active.matches.total()
        ))
    }

    pub(super) fn open_filter_line(&mut self) {
        let text = self
            .filter()
            .map(|f| f.text().to_string())
            .unwrap_or_default();
        self.mode = Mode::FilterLine(FilterLine {
            previous: text.clone(),
            text,
            error: None,
        });
    }

    pub(super) fn filter_line(&mut self, mut line: FilterLine, action: &Action) -> Effect {
        match action {
            Action::Type(c) => line.text.push(*c),
            Action::Backspace => {
                line.text.pop();
            }
            Action::ClearEntry => line.text.clear(),
            Action::Accept | Action::Choose | Action::Done if line.error.is_none() => {
                match self.filter_summary() {
                    Some(summary) => self.inform(summary),
                    None => self.inform("No filter: every activity shows."),
                }
                return Effect::None;
            }
            Action::Cancel if line.text.trim().is_empty() => {
                self.set_filter(Filter::default());
                self.inform("Filter cleared.");
                return Effect::None;
            }
            Action::Cancel => {
                // Put back what was in force before the line was opened.
                if let Ok(filter) = Filter::parse_for(&line.previous, &self.programme.fields) {
                    self.set_filter(filter);
                }
                return Effect::None;
            }
            _ => {}
        }
        if matches!(
            action,
            Action::Type(_) | Action::Backspace | Action::ClearEntry
        ) {
            match Filter::parse_for(&line.text, &self.programme.fields) {
                Ok(filter) => {
                    line.error = None;
                    self.set_filter(filter);
                }
                Err(error) => line.error = Some(error),
            }
        }
        self.mode = Mode::FilterLine(line);
        Effect::None
    }

    /// Puts a filter in force (an empty one lifts it) and keeps the selection on a match.
    pub(super) fn set_filter(&mut self, filter: Filter) {
        let filter = filter.comparing(self.shared_comparison());
        self.stats.forget();
        if filter.is_empty() {
            self.filter = None;
        } else {
            let folded = self.filter.take().and_then(|f| f.folded);
            self.filter = Some(ActiveFilter::new(filter, &self.programme, folded));
        }
        self.refresh_search();
        let any = self.filter_matches().is_none_or(|m| m.count() > 0);
        if any
            && !self.passes_filter(self.selected)
            && let Some(&first) = self.timeline_cells().first()
        {
            self.select(first);
        }
    }

    /// The comparison with last year changed (on, off, or after an edit): a filter with `is:`
    /// terms is judged again over the whole programme.
    pub(super) fn refilter_standing(&mut self) {
        if let Some(active) = &self.filter
            && active.filter.has_standing()
        {
            let filter = active.filter.clone();
            self.set_filter(filter);
        }
    }

    /// Follows a change to the programme: the run of activities, or the clusters, `changed`
    /// names are judged again.
    pub(super) fn follow_filter(&mut self, changed: &Changes) {
        let Some(ActiveFilter {
            filter,
            matches,
            folded,
        }) = &mut self.filter
        else {
            return;
        };
        if let Some((c, run)) = changed.activities
            && filter.follow_activities(matches, &self.programme, folded.as_mut(), c, run)
        {
            return;
        }
        if let Some(clusters) = changed.clusters {
            filter.follow(matches, &self.programme, folded.as_mut(), clusters);
        }
    }
}

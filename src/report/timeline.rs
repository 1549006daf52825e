//! The programme as a timeline: a pure layout (rows of spans with semantic parts) shared by
//! `show --view timeline`, which prints it as plain text, and the editor, which paints the parts
//! in colour. Everything reads without colour: glyphs tell a day-exact bar from a fuzzy
//! month/quarter end, a one-day event from a bar, and cancelled bars from the others.
//!
//! The months of the programme year run across the whole chart; one column covers
//! `days in year / chart width` days. An activity with a start and an end runs from the first day
//! of its start to the last day of its end; with only one of them it occupies that date's own
//! period, with an arrow on the open side. Activities without dates are listed apart, after the
//! chart, so gaps in planning show.

use chrono::{Datelike, NaiveDate};

use crate::model::compare::Comparison;
use crate::model::filter::activity_days;
use crate::model::{Activity, Cell, PlanDate, Programme, Status};
use crate::text::{drawn, glyph, pad, truncate};

/// What a span shows, so a renderer can style it; the text alone already reads without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Plain,
    /// The programme title and section headings.
    Heading,
    Cluster,
    Title,
    /// A status symbol or word.
    Status(Status),
    /// The part of a bar whose days are known.
    Bar(Status),
    /// The month or quarter a date only names: somewhere in it.
    Fuzzy(Status),
    /// A one-day event.
    Event(Status),
    /// Arrows: an open end, or dates running past the year.
    Edge,
    /// Quarter boundaries and the quarter/month scale.
    Quarter,
    Today,
    Dim,
}

/// A piece of a row: text and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub part: Part,
}

/// What a row of the timeline is about; the editor uses it to find the selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowKind {
    /// The quarter scale (and the year).
    Quarters,
    /// The month scale.
    Months,
    /// Where today is, when it falls in the year.
    TodayMarker,
    /// A cluster heading over its dated activities.
    Cluster(usize),
    /// An activity with its bar.
    Activity(Cell),
    /// Said when no activity (of those kept) has dates; it counts the dated activities the
    /// filter hid, so a filter is not taken for a programme without dates.
    NoDates(usize),
    /// Said when there are activities but none was kept (a filter turned them all away).
    NothingKept,
    Blank,
    /// The heading of the list of activities without dates.
    UndatedHeading(usize),
    /// A cluster heading in that list.
    UndatedCluster(usize),
    /// An activity without dates.
    Undated(Cell),
    /// While comparing, last year's activity not carried over, after its cluster's own: the
    /// cell past the cluster's activities that the grid gives it too.
    Ghost(Cell),
    /// A line of what the glyphs mean.
    Legend(usize),
}

/// A row: what it is about and its spans, left to right, at most the layout's width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub spans: Vec<Span>,
}

impl Row {
    /// The row as plain text, without trailing spaces.
    pub fn text(&self) -> String {
        let text: String = self.spans.iter().map(|s| s.text.as_str()).collect();
        text.trim_end().to_string()
    }
}

/// Narrowest and widest timeline `show` draws.
pub const MIN_WIDTH: usize = 60;
pub const MAX_WIDTH: usize = 1000;

const STATUS_WORD: usize = 9;

/// The geometry of a timeline for one programme, width and day: lays out any row on demand, so
/// the editor only lays out the rows on screen.
pub struct Timeline<'a> {
    programme: &'a Programme,
    today: Option<NaiveDate>,
    width: usize,
    label_width: usize,
    chart_width: usize,
    first_day: NaiveDate,
    days: i64,
    /// While comparing: last year's activities not carried over are listed as ghosts.
    ghosts: Option<&'a Comparison>,
}

impl<'a> Timeline<'a> {
    /// A timeline `width` columns wide (at least [`MIN_WIDTH`] are used); `today` is marked when
    /// it falls in the programme's year.
    pub fn new(programme: &'a Programme, width: usize, today: Option<NaiveDate>) -> Self {
        let width = width.max(MIN_WIDTH);
        let label_width = (width * 9 / 25).clamp(28, 56);
        let year = programme.year;
        let first_day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
        let next = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(NaiveDate::MAX);
        Timeline {
            programme,
            today: today.filter(|d| d.year() == year),
            width,
            label_width,
            chart_width: width - label_width - 1,
            first_day,
            days: (next - first_day).num_days().max(1),
            ghosts: None,
        }
    }

    /// The same timeline listing, while comparing, last year's activities not carried over as
    /// faded ghost rows after their cluster's own, their bars a year on.
    #[must_use]
    pub fn with_ghosts(mut self, comparison: Option<&'a Comparison>) -> Self {
        self.ghosts = comparison;
        self
    }

    /// The ghost rows of cluster `c` with dates or without, at the cells past its activities,
    /// as the grid has them.
    fn ghost_rows(&self, c: usize, dated: bool) -> Vec<RowKind> {
        let (Some(comparison), Some(cluster)) = (self.ghosts, self.programme.clusters.get(c))
        else {
            return Vec::new();
        };
        let len = cluster.activities.len();
        comparison
            .dropped_in(&cluster.id)
            .enumerate()
            .filter(|(_, ghost)| (ghost.start.is_some() || ghost.end.is_some()) == dated)
            .map(|(k, _)| RowKind::Ghost(Cell::new(c, len + k)))
            .collect()
    }

    /// Last year's activity of a ghost row.
    fn ghost(&self, cell: Cell) -> Option<&'a Activity> {
        let cluster = self.programme.clusters.get(cell.cluster)?;
        let k = cell.activity.checked_sub(cluster.activities.len())?;
        self.ghosts?.dropped_in(&cluster.id).nth(k)
    }

    /// A ghost row, all faded: `-` where this year's rows have their comparison mark, last
    /// year's status and title, and last year's bar moved on by the years between, drawn `┄`.
    fn ghost_spans(&self, cell: Cell) -> Vec<Span> {
        let (Some(ghost), Some(comparison)) = (self.ghost(cell), self.ghosts) else {
            return Vec::new();
        };
        let years = self.programme.year.saturating_sub(comparison.last_year);
        let mut moved = ghost.clone();
        moved.start = ghost.start.and_then(|d| d.checked_add_years(years));
        moved.end = ghost.end.and_then(|d| d.checked_add_years(years));
        let dated = ghost.start.is_some() || ghost.end.is_some();
        let width = if dated {
            self.label_width
        } else {
            (self.label_width * 2).min(self.width)
        };
        let mut spans = Self::label(ghost, width);
        for span in &mut spans {
            span.part = Part::Dim;
        }
        if let Some(first) = spans.first_mut() {
            first.text = "- ".to_string();
        }
        if !dated {
            return spans;
        }
        let chart = self
            .bar(&moved)
            .into_iter()
            .map(|(ch, part)| match part {
                Part::Bar(_) | Part::Fuzzy(_) | Part::Event(_) => ('┄', Part::Dim),
                Part::Edge => (ch, Part::Dim),
                part => (ch, part),
            })
            .collect();
        spans.extend(Self::chart_spans(chart));
        spans
    }

    /// The columns, counted from the start of a row, that the days `first..=last` cover on the
    /// chart (clamped to the year): where another bar may be drawn over a row.
    pub fn chart_span(&self, first: NaiveDate, last: NaiveDate) -> (usize, usize) {
        let at = self.label_width + 1;
        (at + self.column(first), at + self.column(last.max(first)))
    }

    /// Width of the label column (the chart starts one column after it).
    pub fn label_width(&self) -> usize {
        self.label_width
    }

    /// The rows that stay on top: the scales, and today's marker.
    pub fn header(&self) -> Vec<RowKind> {
        let mut rows = vec![RowKind::Quarters, RowKind::Months];
        if self.today.is_some() {
            rows.push(RowKind::TodayMarker);
        }
        rows
    }

    /// The rows below the header, in order, for the activities `keep` accepts: clusters with
    /// their dated activities, then the activities without dates.
    pub fn body(&self, keep: impl Fn(Cell) -> bool) -> Vec<RowKind> {
        let mut dated = Vec::new();
        let mut undated = Vec::new();
        let mut undated_count = 0;
        let mut kept_any = false;
        let mut hidden_dated = 0;
        for (c, cluster) in self.programme.clusters.iter().enumerate() {
            let mut with_dates = Vec::new();
            let mut without = Vec::new();
            for (a, activity) in cluster.activities.iter().enumerate() {
                let cell = Cell::new(c, a);
                let has_dates = activity.start.is_some() || activity.end.is_some();
                if !keep(cell) {
                    hidden_dated += usize::from(has_dates);
                    continue;
                }
                kept_any = true;
                if has_dates {
                    with_dates.push(RowKind::Activity(cell));
                } else {
                    without.push(RowKind::Undated(cell));
                }
            }
            // Ghosts are listed whatever the filter, as in the grid.
            let mut ghosts = self.ghost_rows(c, true);
            kept_any |= !ghosts.is_empty();
            if !with_dates.is_empty() || !ghosts.is_empty() {
                dated.push(RowKind::Cluster(c));
                dated.append(&mut with_dates);
                dated.append(&mut ghosts);
            }
            let mut ghosts = self.ghost_rows(c, false);
            kept_any |= !ghosts.is_empty();
            // The heading counts this year's activities.
            undated_count += without.len();
            without.append(&mut ghosts);
            if !without.is_empty() {
                undated.push(RowKind::UndatedCluster(c));
                undated.append(&mut without);
            }
        }
        if !kept_any && self.programme.activity_count() > 0 {
            return vec![RowKind::NothingKept];
        }
        if dated.is_empty() {
            dated.push(RowKind::NoDates(hidden_dated));
        }
        if !undated.is_empty() {
            dated.push(RowKind::Blank);
            dated.push(RowKind::UndatedHeading(undated_count));
            dated.append(&mut undated);
        }
        dated
    }

    /// The spans of one row.
    pub fn row(&self, kind: RowKind) -> Row {
        let spans = match kind {
            RowKind::Quarters => self.quarters(),
            RowKind::Months => self.months(),
            RowKind::TodayMarker => self.today_marker(),
            RowKind::Cluster(c) => {
                let name = self.programme.clusters.get(c).map_or("", |c| &c.name);
                let mut spans = vec![span(pad(name, self.label_width), Part::Cluster)];
                spans.extend(Self::chart_spans(self.empty_chart()));
                spans
            }
            RowKind::Activity(cell) => match self.programme.activity(cell) {
                Some(activity) => self.activity(activity),
                None => Vec::new(),
            },
            RowKind::NoDates(0) => vec![span("No activity has dates yet.".to_string(), Part::Dim)],
            RowKind::NoDates(hidden) => vec![span(
                truncate(
                    &format!(
                        "No activity the filter keeps has dates; it hides {} with dates.",
                        crate::text::plural(hidden, "activity")
                    ),
                    self.width,
                ),
                Part::Dim,
            )],
            RowKind::NothingKept => vec![span(
                "No activity matches the filter.".to_string(),
                Part::Dim,
            )],
            RowKind::Blank => Vec::new(),
            RowKind::UndatedHeading(count) => vec![span(
                truncate(
                    &format!("Without dates: {}", crate::text::plural(count, "activity")),
                    self.width,
                ),
                Part::Heading,
            )],
            RowKind::UndatedCluster(c) => {
                let name = self.programme.clusters.get(c).map_or("", |c| &c.name);
                vec![span(truncate(name, self.width), Part::Cluster)]
            }
            RowKind::Undated(cell) => match self.programme.activity(cell) {
                Some(activity) => Self::label(activity, (self.label_width * 2).min(self.width)),
                None => Vec::new(),
            },
            RowKind::Ghost(cell) => self.ghost_spans(cell),
            RowKind::Legend(line) => {
                let lines = self.legend();
                let text = lines.get(line).cloned().unwrap_or_default();
                vec![span(text, Part::Dim)]
            }
        };
        Row { kind, spans }
    }

    /// The column of the chart a day falls in (days outside the year are clamped to its edges).
    /// Each quarter has its own run of columns and the three quarter lines sit between the runs,
    /// so a day is never drawn on or beyond the line of a quarter it is not in: 30 June stays
    /// left of the Q3 line, as on the HTML page.
    fn column(&self, day: NaiveDate) -> usize {
        let offset = (day - self.first_day).num_days().clamp(0, self.days - 1);
        let starts = self.quarter_days();
        let quarter = starts.iter().rposition(|&s| s <= offset).unwrap_or(0);
        let (from, to) = self.quarter_run(quarter);
        let (first, next) = (
            starts[quarter],
            starts.get(quarter + 1).copied().unwrap_or(self.days),
        );
        // Rounded, so months share a quarter's columns as evenly as they can (each named).
        let (run, days) = (
            i64::try_from(to - from).unwrap_or(i64::MAX),
            (next - first).max(1),
        );
        let within = ((offset - first) * run * 2 + days) / (2 * days);
        from + usize::try_from(within.clamp(0, (run - 1).max(0))).unwrap_or(0)
    }

    /// The day offsets at which the four quarters start.
    fn quarter_days(&self) -> [i64; 4] {
        [1, 4, 7, 10].map(|m| (self.month_start(m) - self.first_day).num_days())
    }

    /// The columns of quarter `q` (0 to 3), `from..to`: the chart less the three quarter lines,
    /// shared out by days; quarter `q`'s line (for `q` > 0) is the column before `from`.
    fn quarter_run(&self, q: usize) -> (usize, usize) {
        let room = i64::try_from(self.chart_width.saturating_sub(3)).unwrap_or(i64::MAX);
        let starts = self.quarter_days();
        let edge = |q: usize| match starts.get(q) {
            Some(&day) => {
                usize::try_from((day * room * 2 + self.days) / (2 * self.days)).unwrap_or(0) + q
            }
            None => self.chart_width,
        };
        (
            edge(q),
            edge(q + 1).saturating_sub(usize::from(q < 3)).max(edge(q)),
        )
    }

    /// Where the quarter lines go: between the quarters' runs of columns, so the quarter's and
    /// its first month's names start right after the line.
    fn quarter_columns(&self) -> [usize; 3] {
        [1, 2, 3].map(|q| self.quarter_run(q).0.saturating_sub(1))
    }

    fn month_start(&self, month: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.programme.year, month, 1).unwrap_or(self.first_day)
    }

    /// A chart of blanks with the quarter lines and today's line drawn in.
    fn empty_chart(&self) -> Vec<(char, Part)> {
        let mut chart = vec![(' ', Part::Plain); self.chart_width];
        for q in self.quarter_columns() {
            chart[q] = ('┊', Part::Quarter);
        }
        if let Some(today) = self.today {
            chart[self.column(today)] = ('│', Part::Today);
        }
        chart
    }

    /// The label column (`│` after it) and the chart, merged into spans of one part each.
    fn chart_spans(chart: Vec<(char, Part)>) -> Vec<Span> {
        let mut spans = vec![span(glyph('│').to_string(), Part::Dim)];
        for (ch, part) in chart {
            // The chart is all the program's drawing (bars, lines, dates in words): ASCII in
            // ASCII mode, here at the one place it is put into text.
            let ch = glyph(ch);
            match spans.last_mut() {
                Some(last) if last.part == part => last.text.push(ch),
                _ => spans.push(span(ch.to_string(), part)),
            }
        }
        spans
    }

    fn quarters(&self) -> Vec<Span> {
        let mut chart = vec![(' ', Part::Plain); self.chart_width];
        write_chart(&mut chart, 0, "Q1", Part::Quarter);
        for (q, x) in self.quarter_columns().into_iter().enumerate() {
            chart[x] = ('┊', Part::Quarter);
            write_chart(&mut chart, x + 1, &format!("Q{}", q + 2), Part::Quarter);
        }
        let year = self.programme.year.to_string();
        let mut spans = vec![span(pad(&year, self.label_width), Part::Heading)];
        spans.extend(Self::chart_spans(chart));
        spans
    }

    fn months(&self) -> Vec<Span> {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let mut chart = self.empty_chart();
        if let Some(today) = self.today {
            chart[self.column(today)] = (' ', Part::Plain);
        }
        for (month, name) in (1u32..).zip(NAMES) {
            let start = self.column(self.month_start(month));
            let end = if month == 12 {
                self.chart_width
            } else {
                self.column(self.month_start(month + 1))
            };
            // The last column before the next month is a space or a quarter line.
            let room = end.saturating_sub(start).saturating_sub(1);
            let label = if room >= name.len() { name } else { &name[..1] };
            if room > 0 {
                write_chart(&mut chart, start, label, Part::Quarter);
            }
        }
        let mut spans = vec![span(" ".repeat(self.label_width), Part::Plain)];
        spans.extend(Self::chart_spans(chart));
        spans
    }

    fn today_marker(&self) -> Vec<Span> {
        let mut chart = vec![(' ', Part::Plain); self.chart_width];
        if let Some(today) = self.today {
            let x = self.column(today);
            let text = format!("today {}", PlanDate::Day(today).label());
            let len = text.chars().count() + 1;
            if x + len <= self.chart_width {
                write_chart(&mut chart, x, &format!("▼ {text}"), Part::Today);
            } else {
                write_chart(
                    &mut chart,
                    x.saturating_sub(len),
                    &format!("{text} ▼"),
                    Part::Today,
                );
            }
        }
        let mut spans = vec![span(" ".repeat(self.label_width), Part::Plain)];
        spans.extend(Self::chart_spans(chart));
        spans
    }

    /// `  ○ Title…  planned`, `width` columns; column 0 is left for a mark.
    fn label(activity: &Activity, width: usize) -> Vec<Span> {
        let status = activity.status;
        let title_width = width.saturating_sub(6 + STATUS_WORD);
        vec![
            span("  ".to_string(), Part::Plain),
            span(status.symbol().to_string(), Part::Status(status)),
            span(" ".to_string(), Part::Plain),
            span(pad(&activity.title, title_width), Part::Title),
            span(" ".to_string(), Part::Plain),
            span(
                format!("{:<STATUS_WORD$}", status.as_str()),
                Part::Status(status),
            ),
            span(" ".to_string(), Part::Plain),
        ]
    }

    fn activity(&self, activity: &Activity) -> Vec<Span> {
        let mut spans = Self::label(activity, self.label_width);
        spans.extend(Self::chart_spans(self.bar(activity)));
        spans
    }

    /// The chart of one activity: its bar over the quarter lines.
    fn bar(&self, activity: &Activity) -> Vec<(char, Part)> {
        let mut chart = self.empty_chart();
        let Some((first, last)) = activity_days(activity) else {
            return chart;
        };
        // `check` reports such a file; the timeline still draws the rest of it.
        if last < first {
            write_chart(&mut chart, 0, "end before start", Part::Edge);
            return chart;
        }
        let year_end = self.first_day + chrono::Days::new(self.days.cast_unsigned() - 1);
        if last < self.first_day || first > year_end {
            let text = if last < self.first_day {
                format!("◂ {}", activity.date_range())
            } else {
                format!("{} ▸", activity.date_range())
            };
            write_chart(&mut chart, 0, &text, Part::Edge);
            return chart;
        }
        let glyphs = Glyphs::of(activity.status);
        let status = activity.status;
        let (from, to) = (self.column(first), self.column(last));
        let one_day = first == last;
        if one_day {
            chart[from] = (glyphs.event, Part::Event(status));
        } else {
            chart[from..=to].fill((glyphs.bar, Part::Bar(status)));
            // A date that names a month or a quarter: the bar fades over that period.
            for date in [activity.start, activity.end].into_iter().flatten() {
                if !matches!(date, PlanDate::Day(_)) {
                    // Only within the bar: an end of `2022-Q2` after a start of `2022-05` fades
                    // from May, not from April.
                    let a = self.column(date.first_day().max(first));
                    let b = self.column(date.last_day().min(last));
                    chart[a..=b].fill((glyphs.fuzzy, Part::Fuzzy(status)));
                }
            }
            // A quarter line inside a bar takes the look of the days on both sides of it.
            for q in self.quarter_columns() {
                let fuzzy = |x: usize| matches!(chart.get(x), Some((_, Part::Fuzzy(_))));
                if q > 0 && fuzzy(q - 1) && fuzzy(q + 1) {
                    chart[q] = (glyphs.fuzzy, Part::Fuzzy(status));
                }
            }
        }
        if first < self.first_day {
            chart[0] = ('◂', Part::Edge);
        }
        if last > year_end {
            chart[self.chart_width - 1] = ('▸', Part::Edge);
        }
        // Only one date: an arrow on the side that is open.
        match (activity.start, activity.end) {
            (Some(_), None) if to + 1 < self.chart_width => chart[to + 1] = ('→', Part::Edge),
            (None, Some(_)) if from > 0 => chart[from - 1] = ('←', Part::Edge),
            _ => {}
        }
        chart
    }

    /// What the glyphs mean, wrapped to the width.
    pub fn legend(&self) -> Vec<String> {
        const ENTRIES: [&str; 7] = [
            "█ known days",
            "░ somewhere in that month or quarter",
            "◆ one day",
            "━ cancelled",
            "→ ← open end",
            "┊ quarter",
            "│ today",
        ];
        let mut lines: Vec<String> = Vec::new();
        for entry in ENTRIES {
            match lines.last_mut() {
                Some(line) if line.chars().count() + 3 + entry.chars().count() <= self.width => {
                    line.push_str(&drawn(" · "));
                    line.push_str(&drawn(entry));
                }
                _ => lines.push(drawn(entry).into_owned()),
            }
        }
        lines
    }
}

/// The glyphs of a bar: cancelled activities are drawn as a thin line, the rest as blocks.
struct Glyphs {
    bar: char,
    fuzzy: char,
    event: char,
}

impl Glyphs {
    fn of(status: Status) -> Glyphs {
        match status {
            Status::Cancelled => Glyphs {
                bar: '━',
                fuzzy: '┅',
                event: '×',
            },
            _ => Glyphs {
                bar: '█',
                fuzzy: '░',
                event: '◆',
            },
        }
    }
}

fn span(text: String, part: Part) -> Span {
    Span { text, part }
}

/// Writes single-column characters into a chart from column `x`, cutting at its edge.
fn write_chart(chart: &mut [(char, Part)], x: usize, text: &str, part: Part) {
    for (i, ch) in text.chars().enumerate() {
        if let Some(slot) = chart.get_mut(x + i) {
            *slot = (ch, part);
        }
    }
}

/// The whole timeline as text, `width` columns wide: title, scales, clusters with their bars,
/// the activities without dates and a legend.
pub fn timeline(programme: &Programme, width: usize, today: Option<NaiveDate>) -> String {
    titled_timeline(programme, &programme.title, width, today)
}

/// The whole timeline, headed by `title` (`show` says there whether it was amended).
pub fn titled_timeline(
    programme: &Programme,
    title: &str,
    width: usize,
    today: Option<NaiveDate>,
) -> String {
    let layout = Timeline::new(programme, width, today);
    let mut out = String::new();
    for line in crate::text::wrap(title, layout.width) {
        out.push_str(&line);
        out.push('\n');
    }
    let rows = layout
        .header()
        .into_iter()
        .chain(layout.body(|_| true))
        .chain([RowKind::Blank])
        .chain((0..layout.legend().len()).map(RowKind::Legend));
    for kind in rows {
        out.push_str(&layout.row(kind).text());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cluster;

    fn dated(id: &str, start: Option<&str>, end: Option<&str>) -> Activity {
        let mut a = Activity::new(id, id);
        a.start = start.map(|s| s.parse().unwrap());
        a.end = end.map(|s| s.parse().unwrap());
        a
    }

    fn chart(text: &str, id: &str) -> String {
        let line = text.lines().find(|l| l.contains(id)).unwrap();
        line.split('│').nth(1).unwrap().to_string()
    }

    fn programme(activities: Vec<Activity>) -> Programme {
        let mut p = Programme::new(2022, "T");
        let mut c = Cluster::new("c", "C");
        c.activities = activities;
        p.clusters.push(c);
        p
    }

    #[test]
    fn a_quarter_fades_a_day_is_solid_and_one_day_is_a_mark() {
        let p = programme(vec![
            dated("q2", Some("2022-04-01"), Some("2022-Q2")),
            dated("exact", Some("2022-04-01"), Some("2022-06-30")),
            dated("event", Some("2022-07-01"), Some("2022-07-01")),
        ]);
        // 60 columns: 28 of labels, 31 of chart less 3 quarter lines, 7 columns a quarter.
        let text = timeline(&p, 60, None);
        let q2 = chart(&text, "q2");
        let exact = chart(&text, "exact");
        assert!(q2.contains('░') && !q2.contains('█'), "{q2}");
        assert!(exact.contains('█') && !exact.contains('░'), "{exact}");
        assert_eq!(q2.chars().filter(|c| *c == '░').count(), 7);
        assert_eq!(chart(&text, "event").matches('◆').count(), 1);
    }

    #[test]
    fn an_end_before_the_start_is_said_not_drawn() {
        let p = programme(vec![dated(
            "backwards",
            Some("2022-05"),
            Some("2022-02-01"),
        )]);
        let text = timeline(&p, 80, None);
        assert!(chart(&text, "backwards").starts_with("end before start"));
    }

    #[test]
    fn dates_beyond_the_year_are_clipped_with_arrows() {
        let p = programme(vec![
            dated("next-year", Some("2022-11-15"), Some("2023-Q1")),
            dated("last-year", Some("2021-01"), Some("2021-02")),
            dated("from-mar", Some("2022-03-10"), None),
        ]);
        let text = timeline(&p, 60, None);
        assert!(chart(&text, "next-year").trim_end().ends_with("█▸"));
        assert!(chart(&text, "last-year").starts_with("◂ Jan 2021 – Feb 2021"));
        assert!(chart(&text, "from-mar").contains("◆→"));
    }
}

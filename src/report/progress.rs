//! How the year went, as text for people (`wpmatrix report`): the figures per cluster and in
//! total as a table, then the activities behind each figure.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::progress::{ClusterProgress, Entry, Figure, Progress};
use crate::model::range_label;
use crate::text::{columns, pad, plural, printable, truncate};

/// The widest a cluster's name is shown in the table.
const NAME_WIDTH: usize = 32;

/// A figure's column heading: one word, so the table fits a terminal.
pub fn heading(figure: Figure) -> &'static str {
    match figure {
        Figure::Delivered => "delivered",
        Figure::UnderWay => "under way",
        Figure::StillPlanned => "planned",
        Figure::Overdue => "overdue",
        Figure::Slipped => "slipped",
        Figure::BroughtForward => "forward",
        Figure::Postponed => "postponed",
        Figure::Cancelled => "cancelled",
        Figure::Added => "added",
        Figure::Dropped => "dropped",
    }
}

/// `15 Mar 2022`.
pub fn day_label(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// The first line: the title, and as of when.
pub fn title_line(progress: &Progress) -> String {
    format!(
        "{}: how the year went, as of {}",
        progress.title,
        day_label(progress.today)
    )
}

/// What the report compares with, in a sentence.
pub fn against_line(progress: &Progress, against: Option<&str>) -> String {
    let count = plural(progress.activities, "activity");
    match against {
        Some(against) if progress.compared => format!("Against {against}; {count} now."),
        _ => format!("No earlier version to compare with: the programme as it stands; {count}."),
    }
}

/// What the figures mean, in a sentence: with the text table's one-word headings (`short`), or
/// with the figures' full names.
pub fn legend(progress: &Progress, against: Option<&str>, short: bool) -> String {
    let name = |figure: Figure| {
        if short {
            heading(figure)
        } else {
            figure.label()
        }
    };
    let planned = if short {
        "planned: still planned, tbc included"
    } else {
        "still planned includes tbc"
    };
    let mut legend = format!(
        "{planned}; overdue: still planned with an end before {}",
        day_label(progress.today)
    );
    if progress.compared {
        let against = against.unwrap_or("the earlier version");
        let _ = write!(
            legend,
            "; {}, {}: ending later, earlier than in {against}; added, dropped: since then",
            name(Figure::Slipped),
            name(Figure::BroughtForward),
        );
    }
    legend.push('.');
    legend
}

/// An activity behind a figure, in a line: where it is, what, when, and how its end moved.
/// `terminal`: for a terminal, whose ASCII mode then draws the arrow and dash in ASCII (a
/// file written for a document keeps them).
pub fn entry_line(cluster: &ClusterProgress, entry: &Entry, terminal: bool) -> String {
    let glyph = |c: char| if terminal { crate::text::glyph(c) } else { c };
    let mut line = format!("{} / {} ({})", cluster.name, entry.title, entry.id);
    if let Some(moved) = entry.moved {
        let days = plural(
            usize::try_from(moved.days.unsigned_abs()).unwrap_or(usize::MAX),
            "day",
        );
        let way = if moved.days > 0 { "later" } else { "earlier" };
        let _ = write!(
            line,
            ": end {} {} {}, {days} {way}",
            day_label(moved.was),
            glyph('→'),
            day_label(moved.now)
        );
    } else {
        let dates: String = range_label(entry.start, entry.end)
            .chars()
            .map(|c| if c == '–' { glyph(c) } else { c })
            .collect();
        if !dates.is_empty() {
            let _ = write!(line, ", {dates}");
        }
    }
    line
}

/// The report as text.
pub fn render_text(progress: &Progress, against: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", printable(&title_line(progress)));
    let _ = writeln!(out, "{}\n", printable(&against_line(progress, against)));
    let figures: Vec<Figure> = progress.figures().collect();
    let name_width = progress
        .clusters
        .iter()
        .map(|c| columns(&printable(&c.name)).min(NAME_WIDTH))
        .chain([columns("Total")])
        .max()
        .unwrap_or(5);
    let mut header = pad("", name_width);
    for figure in &figures {
        let _ = write!(header, "  {}", heading(*figure));
    }
    let _ = writeln!(out, "{}", header.trim_end());
    let row = |out: &mut String, name: &str, counts: Vec<usize>| {
        let mut line = pad(&truncate(&printable(name), name_width), name_width);
        for (figure, count) in figures.iter().zip(counts) {
            let _ = write!(line, "  {count:>width$}", width = columns(heading(*figure)));
        }
        let _ = writeln!(out, "{line}");
    };
    for cluster in &progress.clusters {
        let counts = figures.iter().map(|f| cluster.entries(*f).len()).collect();
        let name = if cluster.dropped {
            format!("{} (dropped)", cluster.name)
        } else {
            cluster.name.clone()
        };
        row(&mut out, &name, counts);
    }
    let totals = figures.iter().map(|f| progress.total(*f)).collect();
    row(&mut out, "Total", totals);
    let _ = writeln!(out, "\n{}", printable(&legend(progress, against, true)));
    for figure in figures {
        let total = progress.total(figure);
        if total == 0 {
            continue;
        }
        let _ = writeln!(out, "\n{} ({total})", capitalised(figure.label()));
        for (cluster, entry) in progress.entries(figure) {
            let _ = writeln!(out, "  {}", printable(&entry_line(cluster, entry, true)));
        }
    }
    out
}

/// `Still planned`.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

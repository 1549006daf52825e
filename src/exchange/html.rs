//! The programme as one self-contained HTML page to print or put in front of the Board: the
//! matrix as the published programme prints it, a status legend and the timeline. Inline CSS
//! only: no scripts, no fonts, nothing fetched. Every text from the file is escaped.

use std::borrow::Cow;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::xlsx::status_fill;
use crate::model::{Activity, Cluster, PlanDate, Programme, Status, is_link, join_formats};
use crate::text::printable;

/// The page's style sheet. Print: A4 landscape, the matrix on the first page, the timeline
/// from the second; a cluster's row is never split between pages.
const STYLE: &str = include_str!("html.css");

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The whole page.
pub fn to_html(programme: &Programme) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = escape(&programme.title);
    page_head(&mut out, &title, STYLE);
    out.push_str("<section class=\"matrix-page\">\n");
    page_header(&mut out, programme);
    legend(&mut out, programme);
    matrix(&mut out, programme);
    out.push_str("</section>\n");
    timeline(&mut out, programme);
    out.push_str("</body>\n</html>\n");
    out
}

/// Text from the file as HTML text: markup characters escaped, control characters (an escape
/// sequence pasted into a title) shown as visible pictures, since HTML cannot carry them.
pub fn escape(text: &str) -> Cow<'_, str> {
    let markup = |c: char| matches!(c, '&' | '<' | '>' | '"' | '\'');
    // Most cells have nothing to escape: they are borrowed, not copied (a report page at 100k
    // escapes hundreds of thousands of them).
    let text = printable(text);
    if !text.contains(markup) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The darker colour of a status, for bars and borders; the light fill is the XLSX grid's.
pub(super) fn status_accent(status: Status) -> &'static str {
    match status {
        Status::Planned => "#2F6DB5",
        Status::Tbc => "#B8860B",
        Status::Ongoing => "#D2691E",
        Status::Done => "#3A8A3A",
        Status::Postponed => "#7A7A7A",
        Status::Cancelled => "#B22222",
    }
}

/// A status's symbol on the page. The terminal's ◐ for ongoing draws as a tiny half-dot in the
/// fonts Chromium falls back on (`DejaVu` Sans, Liberation); ▶ (under way) draws at text size.
pub fn page_symbol(status: Status) -> &'static str {
    match status {
        Status::Ongoing => "▶",
        Status::Planned | Status::Tbc | Status::Done | Status::Postponed | Status::Cancelled => {
            status.unicode_symbol()
        }
    }
}

/// One class per status (`st-planned`), with its fill and accent.
/// The start of a self-contained page, up to `<body>`: its escaped `title`, and `style` with the
/// status colours after it. The matrix page and the Board's report share it.
pub(super) fn page_head(out: &mut String, title: &str, style: &str) {
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"wpmatrix {}\">\n<title>{title}</title>\n\
         <style>\n{style}{}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION"),
        status_style(),
    );
}

pub(super) fn status_style() -> String {
    let mut css = String::new();
    for status in Status::ALL {
        let _ = writeln!(
            css,
            ".st-{} {{ --fill: #{:06X}; --accent: {}; }}",
            status.as_str(),
            status_fill(status),
            status_accent(status)
        );
    }
    css
}

fn page_header(out: &mut String, programme: &Programme) {
    let adopted = match programme.adopted {
        Some(day) => format!("Adopted on {}", long_date(day)),
        None => "Draft: not yet adopted".to_string(),
    };
    let clusters = programme.clusters.len();
    let activities = programme.activity_count();
    let _ = write!(
        out,
        "<header class=\"page-header\">\n<h1>{}</h1>\n<p class=\"adopted\">{adopted}</p>\n\
         <p class=\"counts\">{} · {}</p>\n</header>\n",
        escape(&programme.title),
        crate::text::plural(clusters, "cluster"),
        crate::text::plural(activities, "activity"),
    );
}

/// `10 December 2021`.
pub(super) fn long_date(day: NaiveDate) -> String {
    day.format("%-d %B %Y").to_string()
}

/// Colour, symbol and word of every status, with how many activities have it.
fn legend(out: &mut String, programme: &Programme) {
    out.push_str("<ul class=\"legend\" aria-label=\"Status legend\">\n");
    out.push_str("<li class=\"legend-title\">Status</li>\n");
    for status in Status::ALL {
        let count = programme
            .activities()
            .filter(|(_, a)| a.status == status)
            .count();
        let _ = writeln!(
            out,
            "<li class=\"st-{0}\"><span class=\"chip\"><span class=\"symbol\">{1}</span> {0}</span> \
             <span class=\"count\">{count}</span></li>",
            status.as_str(),
            page_symbol(status),
        );
    }
    // Leads and outputs are explained only where the programme has them.
    let has = |test: fn(&Activity) -> bool| programme.activities().any(|(_, a)| test(a));
    if has(|a| !a.leads.is_empty()) {
        out.push_str(
            "<li class=\"legend-note\">Led by: the members leading, the first one leading</li>\n",
        );
    }
    if has(|a| !a.outputs.is_empty()) {
        out.push_str("<li class=\"legend-note\">Outputs: kind, title (a link where there is one), date</li>\n");
    }
    out.push_str("</ul>\n");
}

/// Clusters down the side, activities across, as the published programme prints it.
fn matrix(out: &mut String, programme: &Programme) {
    let columns = programme.widest_cluster().max(1);
    out.push_str("<table class=\"matrix\">\n<colgroup><col class=\"cluster-col\">");
    for _ in 0..columns {
        out.push_str("<col>");
    }
    out.push_str("</colgroup>\n<tbody>\n");
    for cluster in &programme.clusters {
        cluster_row(out, cluster, columns);
    }
    out.push_str("</tbody>\n</table>\n");
}

fn cluster_row(out: &mut String, cluster: &Cluster, columns: usize) {
    let _ = write!(
        out,
        "<tr class=\"cluster\" id=\"cluster-{}\">\n<th scope=\"row\">{}</th>\n",
        escape(&cluster.id),
        escape(&cluster.name)
    );
    if cluster.activities.is_empty() {
        let _ = writeln!(
            out,
            "<td class=\"no-activities\" colspan=\"{columns}\">No activities yet</td>"
        );
    }
    for activity in &cluster.activities {
        activity_cell(out, activity);
    }
    let filled = cluster
        .activities
        .len()
        .max(if cluster.activities.is_empty() {
            columns
        } else {
            0
        });
    for _ in filled..columns {
        out.push_str("<td class=\"empty\"></td>\n");
    }
    out.push_str("</tr>\n");
}

fn activity_cell(out: &mut String, activity: &Activity) {
    let status = activity.status;
    let _ = write!(
        out,
        "<td class=\"activity st-{}\" id=\"activity-{}\">\n<div class=\"title\">{}</div>\n",
        status.as_str(),
        escape(&activity.id),
        escape(&activity.title)
    );
    if !activity.leads.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"leads\">Led by {}</div>",
            escape(&activity.leads.join(", "))
        );
    }
    if !activity.description.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"description\">{}</div>",
            escape(&activity.description)
        );
    }
    if !activity.formats.is_empty() {
        let _ = writeln!(
            out,
            "<div class=\"formats\">{}</div>",
            escape(&join_formats(&activity.formats))
        );
    }
    outputs(out, activity);
    let dates = activity.date_range();
    let dates = if dates.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"dates\">{}</span>", escape(&dates))
    };
    let _ = write!(
        out,
        "<div class=\"meta\"><span class=\"status\"><span class=\"symbol\">{}</span> {}</span>\
         {dates}</div>\n</td>\n",
        page_symbol(status),
        status.as_str()
    );
}

/// What an activity produced, a title with an `http(s)` link as a real link.
fn outputs(out: &mut String, activity: &Activity) {
    if activity.outputs.is_empty() {
        return;
    }
    out.push_str("<ul class=\"outputs\">\n");
    for output in &activity.outputs {
        let title = escape(&output.title);
        let title = match output.link.as_deref().filter(|l| is_link(l)) {
            Some(link) => Cow::Owned(format!("<a href=\"{}\">{title}</a>", escape(link))),
            None => title,
        };
        let date = output
            .date
            .map(|d| format!(" <span class=\"dates\">{}</span>", escape(&d.label())))
            .unwrap_or_default();
        let _ = writeln!(out, "<li>{}: {title}{date}</li>", output.kind);
    }
    out.push_str("</ul>\n");
}

/// Where an activity lies on the year's axis, in percent of the year.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Placement {
    /// A bar from `left` to `left + width`; `clipped_*` when it runs past the year's edge.
    Bar {
        left: f64,
        width: f64,
        clipped_start: bool,
        clipped_end: bool,
    },
    /// A one-day event at `at`.
    Mark { at: f64 },
    /// Wholly before (or after) the programme's year.
    Outside { before: bool },
}

/// The span an activity's dates cover: from the first day of its start to the last day of its
/// end; a lone start or end stands for both.
fn span(activity: &Activity) -> Option<(NaiveDate, NaiveDate)> {
    let first = activity.start.or(activity.end)?.first_day();
    let last = activity.end.or(activity.start)?.last_day();
    Some((first, last.max(first)))
}

fn placement(year: i32, first: NaiveDate, last: NaiveDate) -> Placement {
    let year_start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN);
    let next_year = NaiveDate::from_ymd_opt(year + 1, 1, 1).unwrap_or(NaiveDate::MAX);
    let days = (next_year - year_start).num_days().max(1) as f64;
    if last < year_start || first >= next_year {
        return Placement::Outside {
            before: last < year_start,
        };
    }
    let percent = |day: NaiveDate| (day - year_start).num_days() as f64 / days * 100.0;
    if first == last {
        return Placement::Mark {
            at: percent(first) + 50.0 / days,
        };
    }
    let from = first.max(year_start);
    let to = last.succ_opt().unwrap_or(last).min(next_year);
    Placement::Bar {
        left: percent(from),
        width: percent(to) - percent(from),
        clipped_start: first < year_start,
        clipped_end: last >= next_year,
    }
}

/// `day`, `month` or `quarter`: how precise a date is, for the shape of a bar's end.
fn precision(date: PlanDate) -> &'static str {
    match date {
        PlanDate::Day(_) => "day",
        PlanDate::Month { .. } => "month",
        PlanDate::Quarter { .. } => "quarter",
    }
}

/// Months across, one line per dated activity under its cluster; undated activities listed
/// apart.
fn timeline(out: &mut String, programme: &Programme) {
    let year = programme.year;
    let dated = programme
        .activities()
        .filter(|(_, a)| span(a).is_some())
        .count();
    let _ = write!(
        out,
        "<section class=\"timeline\">\n<h2>Timeline {year}</h2>\n{TIMELINE_KEY}"
    );
    if programme.activities().any(|(_, a)| !a.sessions.is_empty()) {
        out.push_str(SESSION_KEY);
    }
    if dated == 0 {
        out.push_str("<p class=\"no-dates\">No activity has dates yet.</p>\n");
    } else {
        out.push_str("<table class=\"gantt\">\n<thead>\n<tr><th class=\"label\"></th>");
        out.push_str("<th class=\"axis\"><div class=\"quarters\">");
        for q in 1..=4 {
            let _ = write!(out, "<span>Q{q}</span>");
        }
        out.push_str("</div><div class=\"months\">");
        for month in MONTHS {
            let _ = write!(out, "<span>{month}</span>");
        }
        out.push_str("</div></th></tr>\n</thead>\n");
        for cluster in &programme.clusters {
            timeline_cluster(out, cluster, year);
        }
        out.push_str("</table>\n");
    }
    undated(out, programme);
    out.push_str("</section>\n");
}

/// How bars are drawn, said once above the timeline.
const TIMELINE_KEY: &str = "<ul class=\"timeline-key\">\
<li><span class=\"bar sample s-day e-day\"></span> exact day</li>\
<li><span class=\"bar sample s-month e-month\"></span> to the month</li>\
<li><span class=\"bar sample s-quarter e-quarter\"></span> to the quarter</li>\
<li><span class=\"mark sample\"></span> one-day event</li>\
<li><span class=\"clip-sample\">◂ ▸</span> runs into another year</li></ul>\n";

/// The sessions' marks, explained when a programme has sessions.
const SESSION_KEY: &str = "<ul class=\"timeline-key\">\
<li><span class=\"session sample\"></span> a session (its first day)</li></ul>\n";

/// A small ring on an activity's track at the first day of each session in the year.
fn session_marks(out: &mut String, activity: &Activity, year: i32) {
    for session in &activity.sessions {
        let Some(first) = session.start.or(session.end).map(PlanDate::first_day) else {
            continue;
        };
        if let Placement::Mark { at } | Placement::Bar { left: at, .. } =
            placement(year, first, first)
        {
            let _ = write!(
                out,
                "<div class=\"session\" style=\"left:{at:.3}%\" title=\"{}\"></div>",
                escape(&session.cell())
            );
        }
    }
}

fn timeline_cluster(out: &mut String, cluster: &Cluster, year: i32) {
    let dated: Vec<&Activity> = cluster
        .activities
        .iter()
        .filter(|a| span(a).is_some())
        .collect();
    if dated.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<tbody class=\"cluster\">\n<tr class=\"cluster-name\"><th colspan=\"2\">{}</th></tr>\n",
        escape(&cluster.name)
    );
    for activity in dated {
        timeline_row(out, activity, year);
    }
    out.push_str("</tbody>\n");
}

fn timeline_row(out: &mut String, activity: &Activity, year: i32) {
    let Some((first, last)) = span(activity) else {
        return;
    };
    let status = activity.status.as_str();
    let _ = write!(
        out,
        "<tr class=\"st-{status}\"><th class=\"label\" scope=\"row\"><span class=\"symbol\">{}</span> \
         {} <span class=\"dates\">{}</span></th><td class=\"track\">",
        page_symbol(activity.status),
        escape(&activity.title),
        escape(&activity.date_range()),
    );
    let start = activity.start.or(activity.end).map_or("day", precision);
    let end = activity.end.or(activity.start).map_or("day", precision);
    match placement(year, first, last) {
        Placement::Bar {
            left,
            width,
            clipped_start,
            clipped_end,
        } => {
            let clip = match (clipped_start, clipped_end) {
                (true, true) => " clip-start clip-end",
                (true, false) => " clip-start",
                (false, true) => " clip-end",
                (false, false) => "",
            };
            let _ = write!(
                out,
                "<div class=\"bar s-{start} e-{end}{clip}\" \
                 style=\"left:{left:.3}%;width:{width:.3}%\"></div>"
            );
        }
        Placement::Mark { at } => {
            let _ = write!(out, "<div class=\"mark\" style=\"left:{at:.3}%\"></div>");
        }
        Placement::Outside { before } => {
            let (class, text) = if before {
                ("before", format!("◂ before {year}"))
            } else {
                ("after", format!("after {year} ▸"))
            };
            let _ = write!(out, "<span class=\"outside {class}\">{text}</span>");
        }
    }
    session_marks(out, activity, year);
    out.push_str("</td></tr>\n");
}

/// Activities without dates, by cluster, so none is missing from the timeline page.
fn undated(out: &mut String, programme: &Programme) {
    let count = programme
        .activities()
        .filter(|(_, a)| span(a).is_none())
        .count();
    if count == 0 {
        return;
    }
    let _ = write!(
        out,
        "<div class=\"undated\">\n<h3>Not yet dated ({count})</h3>\n<div class=\"undated-list\">\n"
    );
    for cluster in &programme.clusters {
        let names: Vec<&Activity> = cluster
            .activities
            .iter()
            .filter(|a| span(a).is_none())
            .collect();
        if names.is_empty() {
            continue;
        }
        let _ = write!(
            out,
            "<div class=\"undated-cluster\"><h4>{}</h4>\n<ul>\n",
            escape(&cluster.name)
        );
        for activity in names {
            let _ = writeln!(
                out,
                "<li class=\"st-{}\"><span class=\"symbol\">{}</span> {}</li>",
                activity.status.as_str(),
                page_symbol(activity.status),
                escape(&activity.title)
            );
        }
        out.push_str("</ul></div>\n");
    }
    out.push_str("</div>\n</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn escape_covers_markup_quotes_and_control_characters() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(escape("a\u{1b}[2Jb\u{0}"), "a␛[2Jb␀");
        assert_eq!(escape("line\nbreak"), "line\nbreak");
    }

    #[test]
    fn a_quarter_covers_its_three_months_of_the_year() {
        let Placement::Bar { left, width, .. } =
            placement(2022, day("2022-04-01"), day("2022-06-30"))
        else {
            panic!("a bar")
        };
        assert!((left - 90.0 / 365.0 * 100.0).abs() < 1e-9, "{left}");
        assert!((width - 91.0 / 365.0 * 100.0).abs() < 1e-9, "{width}");
    }

    #[test]
    fn one_day_is_a_mark_and_other_years_are_clipped_or_outside() {
        assert!(matches!(
            placement(2022, day("2022-03-15"), day("2022-03-15")),
            Placement::Mark { .. }
        ));
        assert_eq!(
            placement(2022, day("2021-01-01"), day("2021-12-31")),
            Placement::Outside { before: true }
        );
        assert_eq!(
            placement(2022, day("2023-01-01"), day("2023-02-01")),
            Placement::Outside { before: false }
        );
        let Placement::Bar {
            left,
            width,
            clipped_start,
            clipped_end,
        } = placement(2022, day("2021-11-01"), day("2023-03-31"))
        else {
            panic!("a bar")
        };
        assert_eq!(
            (left, width, clipped_start, clipped_end),
            (0.0, 100.0, true, true)
        );
    }

    #[test]
    fn an_empty_draft_programme_still_makes_a_page() {
        let mut p = Programme::new(9999, "Empty");
        p.clusters.push(Cluster::new("c", "No work yet"));
        let html = to_html(&p);
        assert!(html.contains("Draft: not yet adopted"));
        assert!(html.contains("1 cluster · 0 activities"));
        assert!(html.contains("<td class=\"no-activities\" colspan=\"1\">No activities yet</td>"));
        assert!(html.contains("No activity has dates yet."));
        assert!(html.ends_with("</html>\n"));
    }

    #[test]
    fn bar_ends_show_each_dates_precision() {
        let mut p = Programme::new(2022, "T");
        let mut c = Cluster::new("c", "C");
        let mut a = Activity::new("a", "A");
        a.start = Some("2022-03-15".parse().unwrap());
        a.end = Some("2022-Q3".parse().unwrap());
        c.activities.push(a);
        let mut b = Activity::new("b", "B");
        b.start = Some("2022-05".parse().unwrap());
        c.activities.push(b);
        p.clusters.push(c);
        let html = to_html(&p);
        assert!(html.contains("class=\"bar s-day e-quarter\""), "{html}");
        assert!(html.contains("class=\"bar s-month e-month\""), "{html}");
        assert!(!html.contains("Not yet dated"));
    }
}

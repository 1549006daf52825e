//! How the year went, for documents and tools: Markdown, CSV records (one per activity behind a
//! figure), and a self-contained HTML page for the Board with SVG charts (status per cluster as
//! stacked bars, activities per quarter, formats) that prints on A4 without splitting a row.

use std::fmt::Write as _;

use super::html::{escape, long_date, page_head, page_symbol, status_accent};
use super::markdown::{cell, inline};
use crate::model::progress::{Entry, Figure, Progress};
use crate::model::stats::{self, CrossTable, Frequency, GroupKey};
use crate::model::{Activity, Cluster, Programme, Status, range_label};
use crate::report::progress::{against_line, capitalised, day_label, entry_line, legend};

/// The page's style sheet; print: A4 portrait, rows and charts never split.
const STYLE: &str = include_str!("progress.css");

/// The report as Markdown: the figures as a table, then a list per figure.
pub fn to_markdown(progress: &Progress, against: Option<&str>) -> String {
    let mut out = format!(
        "# {}: how the year went\n\nAs of {}. {}\n\n",
        inline(&progress.title),
        long_date(progress.today),
        inline(&against_line(progress, against))
    );
    let figures: Vec<Figure> = progress.figures().collect();
    out.push_str("| Cluster |");
    for figure in &figures {
        let _ = write!(out, " {} |", figure.label());
    }
    out.push_str("\n| --- |");
    out.push_str(&" --: |".repeat(figures.len()));
    out.push('\n');
    for cluster in &progress.clusters {
        let _ = write!(
            out,
            "| {} |",
            cell(&cluster_name(&cluster.name, cluster.dropped))
        );
        for figure in &figures {
            let _ = write!(out, " {} |", cluster.entries(*figure).len());
        }
        out.push('\n');
    }
    out.push_str("| **Total** |");
    for figure in &figures {
        let _ = write!(out, " **{}** |", progress.total(*figure));
    }
    let _ = writeln!(out, "\n\n{}", inline(&legend(progress, against, false)));
    for figure in figures {
        let total = progress.total(figure);
        if total == 0 {
            continue;
        }
        let _ = writeln!(out, "\n## {} ({total})\n", capitalised(figure.label()));
        for (cluster, entry) in progress.entries(figure) {
            let _ = writeln!(out, "- {}", inline(&entry_line(cluster, entry, false)));
        }
    }
    out
}

fn cluster_name(name: &str, dropped: bool) -> String {
    if dropped {
        format!("{name} (dropped)")
    } else {
        name.to_string()
    }
}

/// The report as CSV records: a header, then one record per activity behind each figure, in
/// report order. Counts are the records of a figure (a pivot table gives them per cluster).
pub fn csv_records(progress: &Progress) -> Vec<Vec<String>> {
    let mut records = vec![
        [
            "figure",
            "cluster_id",
            "cluster",
            "activity_id",
            "title",
            "status",
            "start",
            "end",
            "end_was",
            "end_now",
            "days_moved",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let date = |d: Option<crate::model::PlanDate>| d.map(|d| d.to_string()).unwrap_or_default();
    for figure in progress.figures() {
        for (cluster, entry) in progress.entries(figure) {
            let moved = entry.moved;
            records.push(vec![
                figure.key().to_string(),
                cluster.id.clone(),
                cluster.name.clone(),
                entry.id.clone(),
                entry.title.clone(),
                entry.status.as_str().to_string(),
                date(entry.start),
                date(entry.end),
                moved.map(|m| m.was.to_string()).unwrap_or_default(),
                moved.map(|m| m.now.to_string()).unwrap_or_default(),
                moved.map(|m| m.days.to_string()).unwrap_or_default(),
            ]);
        }
    }
    records
}

/// What the page's charts show, counted as `stats` counts.
pub struct Charts {
    /// Clusters down, statuses across.
    pub status_by_cluster: CrossTable,
    pub per_quarter: Frequency,
    pub formats: Frequency,
}

impl Charts {
    /// The charts of the activities `keep` keeps.
    pub fn of(programme: &Programme, keep: &impl Fn(&Cluster, &Activity) -> bool) -> Charts {
        Charts {
            status_by_cluster: stats::cross_table(
                programme,
                GroupKey::Cluster,
                GroupKey::STATUS,
                keep,
            ),
            per_quarter: stats::frequency(programme, GroupKey::Quarter, keep),
            formats: stats::frequency(programme, GroupKey::FORMAT, keep),
        }
    }
}

/// The Board's page.
pub fn to_html(progress: &Progress, against: Option<&str>, charts: &Charts) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{}: how the year went", progress.title);
    let title = escape(&title);
    page_head(&mut out, &title, STYLE);
    let _ = write!(
        out,
        "<header class=\"page-header\">\n<h1>{title}</h1>\n<p class=\"asof\">As of {}</p>\n\
         <p class=\"against\">{}</p>\n</header>\n",
        long_date(progress.today),
        escape(&against_line(progress, against)),
    );
    cards(&mut out, progress);
    figures_table(&mut out, progress, against);
    out.push_str("<section class=\"charts\">\n");
    status_chart(&mut out, &charts.status_by_cluster);
    quarter_chart(&mut out, &charts.per_quarter);
    format_chart(&mut out, &charts.formats);
    out.push_str("</section>\n");
    lists(&mut out, progress);
    out.push_str("</body>\n</html>\n");
    out
}

fn cards(out: &mut String, progress: &Progress) {
    out.push_str("<ul class=\"cards\" aria-label=\"Totals\">\n");
    for figure in progress.figures() {
        let _ = writeln!(
            out,
            "<li class=\"card fig-{}\"><span class=\"n\">{}</span> {}</li>",
            figure.key(),
            progress.total(figure),
            figure.label()
        );
    }
    out.push_str("</ul>\n");
}

fn figures_table(out: &mut String, progress: &Progress, against: Option<&str>) {
    let figures: Vec<Figure> = progress.figures().collect();
    out.push_str(
        "<section class=\"figures\">\n<h2>Per cluster</h2>\n<table class=\"figures\">\n\
         <thead><tr><th scope=\"col\">Cluster</th>",
    );
    for figure in &figures {
        let _ = write!(out, "<th scope=\"col\">{}</th>", figure.label());
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for cluster in &progress.clusters {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th>",
            escape(&cluster_name(&cluster.name, cluster.dropped))
        );
        for figure in &figures {
            let n = cluster.entries(*figure).len();
            let _ = write!(
                out,
                "<td{}>{n}</td>",
                if n == 0 { " class=\"zero\"" } else { "" }
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>");
    for figure in &figures {
        let _ = write!(out, "<td>{}</td>", progress.total(*figure));
    }
    let _ = write!(
        out,
        "</tr></tfoot>\n</table>\n<p class=\"note\">{}</p>\n</section>\n",
        escape(&legend(progress, against, false))
    );
}

/// The chart's drawing width, in SVG units (the page scales it).
const CHART_WIDTH: f64 = 720.0;
const LABEL_WIDTH: f64 = 230.0;
const ROW_HEIGHT: f64 = 22.0;

fn status_chart(out: &mut String, table: &CrossTable) {
    let rows = table.row_values.len();
    let height = ROW_HEIGHT * rows as f64 + 8.0;
    let most = table.row_totals.iter().copied().max().unwrap_or(0).max(1) as f64;
    let scale = (CHART_WIDTH - LABEL_WIDTH - 40.0) / most;
    let _ = write!(
        out,
        "<figure class=\"chart\">\n<figcaption>Status per cluster</figcaption>\n\
         <svg viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-label=\"Status per cluster\">\n"
    );
    for (r, name) in table.row_values.iter().enumerate() {
        let y = ROW_HEIGHT * r as f64 + 4.0;
        bar_label(out, y, name);
        let mut x = LABEL_WIDTH;
        for (s, status) in Status::ALL.iter().enumerate() {
            let n = table.counts[r].get(s).copied().unwrap_or(0);
            if n == 0 {
                continue;
            }
            let w = n as f64 * scale;
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" fill=\"{}\">\
                 <title>{}: {n} {}</title></rect>",
                ROW_HEIGHT - 6.0,
                status_accent(*status),
                escape(name),
                status.as_str()
            );
            if w >= 14.0 {
                let _ = write!(
                    out,
                    "<text class=\"in\" x=\"{:.1}\" y=\"{:.1}\">{n}</text>",
                    x + w / 2.0,
                    y + ROW_HEIGHT / 2.0 + 1.0
                );
            }
            x += w;
        }
        let _ = writeln!(
            out,
            "<text class=\"total\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            x + 5.0,
            y + ROW_HEIGHT / 2.0 + 1.0,
            table.row_totals[r]
        );
    }
    out.push_str("</svg>\n<ul class=\"key\">");
    for status in Status::ALL {
        let _ = write!(
            out,
            "<li><span class=\"swatch\" style=\"background:{}\"></span>{}</li>",
            status_accent(status),
            status.as_str()
        );
    }
    out.push_str("</ul>\n</figure>\n");
}

fn bar_label(out: &mut String, y: f64, name: &str) {
    let _ = write!(
        out,
        "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
        LABEL_WIDTH - 6.0,
        y + ROW_HEIGHT / 2.0 + 1.0,
        escape(&crate::text::truncate(name, 36))
    );
}

fn quarter_chart(out: &mut String, table: &Frequency) {
    let height = 190.0;
    let base = height - 24.0;
    let bars = table.rows.len().max(1);
    let step = (CHART_WIDTH - 20.0) / bars as f64;
    let most = table.rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let scale = (base - 20.0) / most;
    // Few bars are labelled each; many (dates over years) every so often.
    let every = bars.div_ceil(24);
    let _ = write!(
        out,
        "<figure class=\"chart\">\n<figcaption>Activities per quarter \
         <span class=\"how\">(an activity counts in each quarter it spans)</span></figcaption>\n\
         <svg viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-label=\"Activities per quarter\">\n"
    );
    for (i, (label, n)) in table.rows.iter().enumerate() {
        let x = 10.0 + step * i as f64;
        let h = *n as f64 * scale;
        let w = (step * 0.7).max(0.5);
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" class=\"{}\">\
             <title>{}: {n}</title></rect>",
            x + step * 0.15,
            base - h,
            if label == stats::UNDATED {
                "bar undated"
            } else {
                "bar"
            },
            escape(label)
        );
        if i % every == 0 {
            let _ = write!(
                out,
                "<text class=\"n\" x=\"{:.1}\" y=\"{:.1}\">{n}</text>\
                 <text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x + step / 2.0,
                base - h - 4.0,
                x + step / 2.0,
                base + 16.0,
                escape(label)
            );
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "<line x1=\"10\" x2=\"{:.1}\" y1=\"{base}\" y2=\"{base}\" class=\"axis\"/>\n</svg>\n</figure>",
        CHART_WIDTH - 10.0
    );
}

fn format_chart(out: &mut String, table: &Frequency) {
    let rows = table.rows.len();
    let height = ROW_HEIGHT * rows as f64 + 8.0;
    let most = table.rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let scale = (CHART_WIDTH - LABEL_WIDTH - 40.0) / most;
    let _ = write!(
        out,
        "<figure class=\"chart\">\n<figcaption>Formats \
         <span class=\"how\">(an activity counts under each format it has)</span></figcaption>\n\
         <svg viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-label=\"Formats\">\n"
    );
    for (r, (name, n)) in table.rows.iter().enumerate() {
        let y = ROW_HEIGHT * r as f64 + 4.0;
        bar_label(out, y, name);
        let w = *n as f64 * scale;
        let _ = writeln!(
            out,
            "<rect x=\"{LABEL_WIDTH}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\" class=\"bar\">\
             <title>{}: {n}</title></rect><text class=\"total\" x=\"{:.1}\" y=\"{:.1}\">{n}</text>",
            ROW_HEIGHT - 6.0,
            escape(name),
            LABEL_WIDTH + w + 5.0,
            y + ROW_HEIGHT / 2.0 + 1.0
        );
    }
    out.push_str("</svg>\n</figure>\n");
}

fn lists(out: &mut String, progress: &Progress) {
    for figure in progress.figures() {
        let total = progress.total(figure);
        if total == 0 {
            continue;
        }
        let _ = write!(
            out,
            "<section class=\"list\">\n<h2>{} ({total})</h2>\n<table class=\"list\">\n\
             <thead><tr><th scope=\"col\">Cluster</th><th scope=\"col\">Activity</th>\
             <th scope=\"col\">Status</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
            capitalised(figure.label()),
            if matches!(figure, Figure::Slipped | Figure::BroughtForward) {
                "End moved"
            } else {
                "Dates"
            }
        );
        for (cluster, entry) in progress.entries(figure) {
            let _ = writeln!(
                out,
                "<tr class=\"st-{0}\"><td>{1}</td><td><span class=\"title\">{2}</span> \
                 <span class=\"id\">{3}</span></td><td><span class=\"symbol\">{4}</span> {0}</td>\
                 <td>{5}</td></tr>",
                entry.status.as_str(),
                escape(&cluster.name),
                escape(&entry.title),
                escape(&entry.id),
                page_symbol(entry.status),
                escape(&when(entry)),
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
}

/// The dates of a listed activity, or how its end moved.
fn when(entry: &Entry) -> String {
    match entry.moved {
        Some(moved) => {
            let days = crate::text::plural(
                usize::try_from(moved.days.unsigned_abs()).unwrap_or(usize::MAX),
                "day",
            );
            let way = if moved.days > 0 { "later" } else { "earlier" };
            format!(
                "{} → {}, {days} {way}",
                day_label(moved.was),
                day_label(moved.now)
            )
        }
        None => range_label(entry.start, entry.end),
    }
}

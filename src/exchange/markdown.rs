//! The programme as Markdown: a heading and a table per cluster, readable on a git forge.

use std::fmt::Write as _;

use crate::model::{Activity, Programme, is_link, join_formats};

/// The whole programme: title, then each cluster's summary and table of activities.
pub fn to_markdown(programme: &Programme) -> String {
    let mut out = format!("# {}\n", inline(&programme.title));
    if let Some(adopted) = programme.adopted {
        let _ = write!(out, "\nAdopted {adopted}.\n");
    }
    for cluster in &programme.clusters {
        let _ = write!(out, "\n## {}\n\n", inline(&cluster.name));
        if !cluster.summary.is_empty() {
            let _ = write!(out, "{}\n\n", inline(&cluster.summary));
        }
        if cluster.activities.is_empty() {
            out.push_str("No activities.\n");
            continue;
        }
        out.push_str("| # | Activity | Description | Formats | Status | Dates | Notes |\n");
        out.push_str("| --: | --- | --- | --- | --- | --- | --- |\n");
        for (i, a) in cluster.activities.iter().enumerate() {
            let cells = [
                (i + 1).to_string(),
                activity_cell(a),
                cell(&a.description),
                cell(&join_formats(&a.formats)),
                a.status.to_string(),
                cell(&a.date_range()),
                cell(&a.notes),
            ];
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    out
}

/// The title in bold, then who leads and what came out (a link where there is one).
fn activity_cell(a: &Activity) -> String {
    let mut out = format!("**{}**", cell(&a.title));
    if !a.leads.is_empty() {
        let _ = write!(out, "<br>Led by {}", cell(&a.leads.join(", ")));
    }
    for output in &a.outputs {
        let title = cell(&output.title).replace(['[', ']'], "");
        match output.link.as_deref().filter(|l| is_link(l)) {
            Some(link) => {
                let link = link.replace(['(', ')', ' ', '|'], "");
                let _ = write!(out, "<br>{}: [{title}]({link})", output.kind);
            }
            None => {
                let _ = write!(out, "<br>{}: {title}", output.kind);
            }
        }
    }
    out
}

/// Text inside a table cell: `|` escaped, line breaks as `<br>`, HTML characters as entities.
fn cell(text: &str) -> String {
    inline(text).replace('|', "\\|").replace('\n', "<br>")
}

/// Text that must not start HTML of its own; carriage returns dropped, backslashes kept literal.
fn inline(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Cluster;

    #[test]
    fn pipes_and_newlines_stay_inside_their_cell() {
        assert_eq!(cell("a | b\nc\r\nd"), "a \\| b<br>c<br>d");
        assert_eq!(cell("<b>&"), "&lt;b&gt;&amp;");
    }

    #[test]
    fn each_cluster_gets_a_heading_and_a_table() {
        let mut p = Programme::new(2022, "WP 2022");
        let mut c = Cluster::new("c", "Skills");
        let mut a = Activity::new("a", "Seminar | online");
        a.description = "two\nlines".into();
        c.activities.push(a);
        p.clusters.push(c);
        let md = to_markdown(&p);
        assert!(md.starts_with("# WP 2022\n\n## Skills\n\n| # | Activity |"));
        assert!(md.contains("| 1 | **Seminar \\| online** | two<br>lines |  | planned |  |  |\n"));
    }
}

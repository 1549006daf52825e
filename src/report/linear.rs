//! The programme read aloud: one sentence per activity saying where it is and what it is, the
//! same sentence the editor's screen-reader mode speaks after each move, and `show --view
//! linear` prints cluster by cluster for a screen reader or a braille display. No columns, no
//! boxes, no symbols: words only.

use crate::model::{Cell, Programme, Target, check, join_formats};
use crate::text::{plural, printable};

/// "Cluster 2 of 6, PES service delivery. Activity 3 of 5, Behavioural science. Status planned.
/// Formats Jour fixe. No dates. 1 problem." for the activity at `cell`, or the cluster alone
/// when it has none there.
pub fn where_you_are(programme: &Programme, cell: Cell, problems: usize) -> String {
    let clusters = programme.clusters.len();
    let Some(cluster) = programme.clusters.get(cell.cluster) else {
        return "No clusters yet.".to_string();
    };
    let mut line = format!(
        "Cluster {} of {clusters}, {}.",
        cell.cluster + 1,
        printable(&cluster.name)
    );
    let count = cluster.activities.len();
    let Some(activity) = cluster.activities.get(cell.activity) else {
        line.push_str(" No activities.");
        return line;
    };
    line.push_str(&format!(
        " Activity {} of {count}, {}. Status {}.",
        cell.activity + 1,
        printable(&activity.title),
        activity.status
    ));
    if activity.formats.is_empty() {
        line.push_str(" No formats.");
    } else {
        line.push_str(&format!(
            " Formats {}.",
            printable(&join_formats(&activity.formats))
        ));
    }
    line.push(' ');
    line.push_str(&match (activity.start, activity.end) {
        (None, None) => "No dates.".to_string(),
        (Some(s), None) => format!("From {}.", s.label()),
        (None, Some(e)) => format!("Until {}.", e.label()),
        (Some(s), Some(e)) => format!("From {} to {}.", s.label(), e.label()),
    });
    if problems > 0 {
        line.push_str(&format!(" {}.", plural(problems, "problem")));
    }
    line
}

/// The whole programme, a line per activity under a line per cluster.
pub fn linear(programme: &Programme) -> String {
    let problems = check(programme);
    let count = |cell: Cell| {
        problems
            .iter()
            .filter(|p| p.location.target == Target::Activity(cell))
            .count()
    };
    let mut out = format!(
        "{}. {} and {}.\n",
        printable(&programme.title),
        plural(programme.clusters.len(), "cluster"),
        plural(programme.activity_count(), "activity")
    );
    for (c, cluster) in programme.clusters.iter().enumerate() {
        out.push('\n');
        if cluster.activities.is_empty() {
            out.push_str(&where_you_are(programme, Cell::new(c, 0), 0));
            out.push('\n');
        }
        for a in 0..cluster.activities.len() {
            let cell = Cell::new(c, a);
            out.push_str(&where_you_are(programme, cell, count(cell)));
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Cluster};

    #[test]
    fn a_line_says_where_and_what_in_words() {
        let mut p = Programme::new(2022, "T");
        let mut c = Cluster::new("c", "PES service delivery");
        let mut a = Activity::new("b", "Behavioural science");
        a.formats = vec![crate::model::Format::parse("Jour fixe")];
        c.activities.push(a);
        p.clusters.push(c);
        assert_eq!(
            where_you_are(&p, Cell::new(0, 0), 1),
            "Cluster 1 of 1, PES service delivery. Activity 1 of 1, Behavioural science. Status planned. Formats Jour fixe. No dates. 1 problem."
        );
    }
}

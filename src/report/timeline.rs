//! The programme as a timeline: one line per activity, a bar over the months it spans.

use chrono::Datelike;

use super::wrap::{pad, wrap};
use crate::model::Programme;

const MONTHS: [&str; 12] = ["J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"];

/// One line per activity with a bar across the twelve months of the programme's year. Dates
/// running into other years are clipped, with `◂` or `▸` at the edge.
pub fn timeline(programme: &Programme, width: usize) -> String {
    let width = width.max(40);
    let month_width = ((width.saturating_sub(28)) / 12).clamp(1, 4);
    let label_width = width - 12 * month_width - 3;
    let mut out = String::new();
    for line in wrap(&programme.title, width) {
        out.push_str(&line);
        out.push('\n');
    }
    let mut header = " ".repeat(label_width + 1);
    header.push('│');
    for m in MONTHS {
        header.push_str(&pad(m, month_width));
    }
    out.push_str(header.trim_end());
    out.push('\n');
    let year = programme.year;
    for cluster in &programme.clusters {
        out.push_str(&pad(&cluster.name, label_width + 1));
        out.push_str("│\n");
        for activity in &cluster.activities {
            let label = format!("  {} {}", activity.status.symbol(), activity.title);
            let mut line = pad(&label, label_width + 1);
            line.push('│');
            let span = match (activity.start, activity.end) {
                (None, None) => None,
                (start, end) => {
                    let first = start.or(end).map(|d| d.first_day());
                    let last = end.or(start).map(|d| d.last_day());
                    first.zip(last)
                }
            };
            match span {
                None => line.push_str("no dates"),
                Some((first, last)) if last.year() < year || first.year() > year => {
                    line.push_str(if last.year() < year {
                        "◂ before"
                    } else {
                        "after ▸"
                    });
                }
                Some((first, last)) => {
                    let from = if first.year() < year {
                        0
                    } else {
                        first.month0() as usize
                    };
                    let to = if last.year() > year {
                        11
                    } else {
                        last.month0() as usize
                    };
                    for m in 0..12 {
                        let mark = if m < from || m > to {
                            " "
                        } else if m == from && first.year() < year {
                            "◂"
                        } else if m == to && last.year() > year {
                            "▸"
                        } else {
                            "█"
                        };
                        let fill = if mark == " " { " " } else { "█" };
                        line.push_str(mark);
                        for _ in 1..month_width {
                            line.push_str(fill);
                        }
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Activity, Cluster};

    fn dated(id: &str, start: Option<&str>, end: Option<&str>) -> Activity {
        let mut a = Activity::new(id, id);
        a.start = start.map(|s| s.parse().unwrap());
        a.end = end.map(|s| s.parse().unwrap());
        a
    }

    fn bar(text: &str, id: &str) -> String {
        let line = text.lines().find(|l| l.contains(id)).unwrap();
        line.split('│').nth(1).unwrap().to_string()
    }

    #[test]
    fn bars_cover_the_months_between_start_and_end() {
        let mut p = Programme::new(2022, "T");
        let mut c = Cluster::new("c", "C");
        c.activities.push(dated("q2", Some("2022-Q2"), None));
        c.activities
            .push(dated("mar-to-may", Some("2022-03-15"), Some("2022-05")));
        c.activities
            .push(dated("into-next-year", Some("2022-11"), Some("2023-Q1")));
        c.activities
            .push(dated("last-year", Some("2021-01"), Some("2021-02")));
        p.clusters.push(c);
        // 40 + 12 months of 1 column: labels get the rest.
        let text = timeline(&p, 40);
        assert_eq!(bar(&text, "q2"), "   ███");
        assert_eq!(bar(&text, "mar-to-may"), "  ███");
        assert_eq!(bar(&text, "into-next-year"), "          █▸");
        assert_eq!(bar(&text, "last-year"), "◂ before");
    }
}

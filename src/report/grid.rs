//! The matrix as text: clusters are rows, activities are cells, fitted to a width.

use crate::model::{Activity, Programme, join_formats};
use crate::text::{drawn, glyph, pad, plural, wrap};

/// Narrowest a cell may be before fewer cells go on a line.
const MIN_CELL: usize = 22;

/// The programme's heading: its title, and when it was adopted; `amended` when the file differs
/// from its adoption tag (which only git knows, so the caller says).
pub fn heading(programme: &Programme, amended: bool) -> String {
    let mut heading = programme.title.clone();
    match (programme.adopted, amended) {
        (Some(adopted), false) => heading.push_str(&format!(" (adopted {adopted})")),
        (Some(adopted), true) => heading.push_str(&format!(" (adopted {adopted}, amended)")),
        (None, true) => heading.push_str(" (amended)"),
        (None, false) => {}
    }
    heading
}

/// The programme as a grid of at most `width` columns. Clusters whose activities do not fit on
/// one band continue on the next, under an empty name column. Titles are set in bold (ANSI)
/// when `bold_titles`, for a terminal; the heading says `amended` when `amended`.
pub fn grid(programme: &Programme, width: usize, bold_titles: bool, amended: bool) -> String {
    let width = width.max(40);
    let name_width = (width / 6).clamp(12, 24);
    let widest_row = programme.widest_cluster().max(1);
    let room = width - name_width;
    let per_band = (room / (MIN_CELL + 3)).clamp(1, widest_row);
    // Each cell is drawn as "│ " + content + " ", so it takes content + 3 columns.
    let cell_width = room / per_band - 3;

    let mut out = String::new();
    for line in wrap(&heading(programme, amended), width) {
        out.push_str(&line);
        out.push('\n');
    }
    let rule_width = name_width + per_band * (cell_width + 3);
    let rule = |out: &mut String, mid: char| {
        out.push_str(&drawn("─").repeat(name_width));
        for _ in 0..per_band {
            out.push(glyph(mid));
            out.push_str(&drawn("─").repeat(cell_width + 2));
        }
        out.push('\n');
    };
    debug_assert!(rule_width <= width);
    rule(&mut out, '┬');
    for (c, cluster) in programme.clusters.iter().enumerate() {
        if c > 0 {
            rule(&mut out, '┼');
        }
        let name_lines = wrap(&cluster.name, name_width - 1);
        let bands: Vec<&[Activity]> = if cluster.activities.is_empty() {
            vec![&[]]
        } else {
            cluster.activities.chunks(per_band).collect()
        };
        for (b, band) in bands.iter().enumerate() {
            let cells: Vec<(usize, Vec<String>)> = band
                .iter()
                .map(|a| {
                    let title_lines = wrap(&a.title, cell_width).len();
                    (title_lines, cell_lines(a, cell_width))
                })
                .collect();
            let names: &[String] = if b == 0 { &name_lines } else { &[] };
            let height = cells
                .iter()
                .map(|(_, lines)| lines.len())
                .max()
                .unwrap_or(1)
                .max(names.len());
            for row in 0..height {
                let name = names.get(row).map_or("", String::as_str);
                let mut line = pad(name, name_width);
                for i in 0..per_band {
                    let (title_lines, text) = cells.get(i).map_or((0, ""), |(t, c)| {
                        (*t, c.get(row).map_or("", String::as_str))
                    });
                    line.push_str(&drawn("│ "));
                    if bold_titles && row < title_lines {
                        line.push_str(&format!("\x1b[1m{}\x1b[0m", pad(text, cell_width)));
                    } else {
                        line.push_str(&pad(text, cell_width));
                    }
                    line.push(' ');
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
            if b + 1 < bands.len() {
                let mut line = " ".repeat(name_width);
                for _ in 0..per_band {
                    line.push_str(&drawn("│ "));
                    line.push_str(&" ".repeat(cell_width + 1));
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
    }
    rule(&mut out, '┴');
    out.push_str(&format!(
        "{}, {}\n",
        plural(programme.clusters.len(), "cluster"),
        plural(programme.activity_count(), "activity")
    ));
    out
}

/// The lines of one cell: title, description, formats, status and dates.
fn cell_lines(activity: &Activity, width: usize) -> Vec<String> {
    let mut lines = wrap(&activity.title, width);
    if !activity.description.is_empty() {
        lines.extend(wrap(&activity.description, width));
    }
    if !activity.formats.is_empty() {
        lines.extend(wrap(
            &format!("{} {}", glyph('▸'), join_formats(&activity.formats)),
            width,
        ));
    }
    let mut status = format!("{} {}", activity.status.symbol(), activity.status);
    let dates = activity.date_range();
    if !dates.is_empty() {
        status.push_str(" · ");
        status.push_str(&dates);
    }
    // Symbol, status word and dates are all the program's: drawn as a whole.
    lines.extend(wrap(&drawn(&status), width));
    lines
}

//! Activity-level differences for people and spreadsheets: the text `diff` prints (also used by
//! the git drivers and `import --dry-run`) and its CSV form.

use std::fmt::{Display, Write as _};

use crate::model::Field;
use crate::model::diff::{
    ActivityDiff, ClusterDiff, FieldChange, MatchedBy, Presence, ProgrammeDiff,
};
use crate::text::printable;

/// Terminal colours, only when asked for.
struct Paint(bool);

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

const GREEN: &str = "32";
const RED: &str = "31";
const YELLOW: &str = "33";
const CYAN: &str = "36";
const BOLD: &str = "1";

/// The diff for people: per cluster, `+` added, `-` removed, `>` moved, `~` changed, each changed
/// field `old -> new` on its own line; a count at the end. Nothing at all when nothing differs.
pub fn render_text(changes: &ProgrammeDiff, colour: bool) -> String {
    let paint = Paint(colour);
    let mut out = String::new();
    if !changes.programme.is_empty() {
        let _ = writeln!(out, "{}", paint.paint(BOLD, "programme"));
        for change in &changes.programme {
            let _ = writeln!(out, "  {}", field_line(change));
        }
    }
    for cluster in &changes.clusters {
        if !out.is_empty() {
            out.push('\n');
        }
        cluster_text(&mut out, cluster, &paint);
    }
    if changes.is_empty() {
        return out;
    }
    let counts = changes.counts();
    let _ = writeln!(
        out,
        "\n{} added, {} removed, {} moved, {} changed",
        counts.added, counts.removed, counts.moved, counts.changed
    );
    out
}

fn cluster_text(out: &mut String, cluster: &ClusterDiff, paint: &Paint) {
    let head = format!("cluster {:?} ({})", cluster.name, cluster.id);
    let line = match cluster.presence {
        Presence::Added => paint.paint(GREEN, &format!("+ {head}, row {}", cluster.row)),
        Presence::Removed => paint.paint(RED, &format!("- {head}")),
        Presence::Both => paint.paint(BOLD, &head),
    };
    let _ = writeln!(out, "{line}");
    if let Some(from) = cluster.moved_from_row {
        let moved = format!("> moved from row {from} to row {}", cluster.row);
        let _ = writeln!(out, "  {}", paint.paint(CYAN, &moved));
    }
    for change in &cluster.fields {
        let line = if change.field == Field::Name {
            format!("renamed {:?} -> {:?}", change.old, change.new)
        } else {
            field_line(change)
        };
        let _ = writeln!(out, "  {}", paint.paint(YELLOW, &line));
    }
    for activity in &cluster.activities {
        activity_text(out, activity, paint);
    }
}

fn activity_text(out: &mut String, activity: &ActivityDiff, paint: &Paint) {
    let name = format!("{:?} ({})", activity.title, activity.id);
    let line = match (activity.presence, &activity.moved) {
        (Presence::Added, _) => paint.paint(GREEN, &format!("+ {name} at {}", activity.position)),
        (Presence::Removed, _) => paint.paint(RED, &format!("- {name}")),
        (Presence::Both, Some(moved)) => paint.paint(
            CYAN,
            &format!(
                "> {name} moved from {:?} #{} to #{}",
                moved.from_cluster, moved.from_position, activity.position
            ),
        ),
        (Presence::Both, None) => paint.paint(YELLOW, &format!("~ {name}")),
    };
    let matched = match activity.matched_by {
        Some(MatchedBy::FollowUpOf) => " (matched by follow_up_of)",
        Some(MatchedBy::Title) => " (matched by title)",
        Some(MatchedBy::Id) | None => "",
    };
    let _ = writeln!(out, "  {line}{matched}");
    if activity.presence == Presence::Added {
        let _ = writeln!(out, "      {}", added_line(activity));
        return;
    }
    for change in &activity.fields {
        let _ = writeln!(out, "      {}", field_line(change));
    }
}

/// What an added activity is: `status planned | formats Online | dates 2022-03 .. 2022-Q2`,
/// in the words of the textconv line.
fn added_line(activity: &ActivityDiff) -> String {
    let value = |field: Field| {
        activity
            .fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| printable(f.new.as_str()).into_owned())
    };
    format!(
        "status {} | dates {} | formats {}",
        value(Field::Status).unwrap_or_default(),
        dates_words(value(Field::Start), value(Field::End)),
        value(Field::Formats).unwrap_or_else(|| "none".to_string())
    )
}

/// An activity's dates in words: `none`, `from S`, `until E` or `S .. E`.
pub fn dates_words(start: Option<impl Display>, end: Option<impl Display>) -> String {
    match (start, end) {
        (None, None) => "none".to_string(),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (Some(s), Some(e)) => format!("{s} .. {e}"),
    }
}

/// `status: planned -> done`, `formats: + Webinar - Seminar`, `title: "A" -> "B"`; any list
/// (leads, sessions, outputs, own-field values) by the items added and removed.
fn field_line(change: &FieldChange) -> String {
    if !(change.added.is_empty() && change.removed.is_empty()) {
        let mut line = format!("{}:", change.field);
        for added in &change.added {
            let _ = write!(line, " + {}", printable(added.as_str()));
        }
        for removed in &change.removed {
            let _ = write!(line, " - {}", printable(removed.as_str()));
        }
        return line;
    }
    let show = |value: &str| {
        if value.is_empty() {
            "none".to_string()
        } else if is_free_text(change.field) {
            format!("{value:?}")
        } else {
            value.to_string()
        }
    };
    format!(
        "{}: {} -> {}",
        change.field,
        show(&change.old),
        show(&change.new)
    )
}

fn is_free_text(field: Field) -> bool {
    matches!(
        field,
        Field::Title
            | Field::Name
            | Field::Summary
            | Field::Description
            | Field::Notes
            | Field::Formats
    )
}

/// The CSV header of `diff --format csv`.
pub const CSV_HEADER: [&str; 8] = [
    "change",
    "cluster_id",
    "cluster",
    "activity_id",
    "title",
    "field",
    "old",
    "new",
];

/// One row per change: programme fields, cluster changes, then per activity one row for being
/// added, removed or moved and one per changed field.
pub fn render_csv(changes: &ProgrammeDiff) -> Result<String, CsvWriteError> {
    let mut rows: Vec<CsvRow> = Vec::new();
    for f in &changes.programme {
        rows.push(csv_row(
            "programme",
            None,
            None,
            f.field.as_str(),
            &f.old,
            &f.new,
        ));
    }
    for c in &changes.clusters {
        cluster_csv_rows(c, &mut rows);
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for r in &rows {
        writer.write_record(r)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8(bytes)?)
}

/// Why the changes could not be written as CSV (into memory: only a cell the writer refuses).
#[derive(Debug, thiserror::Error)]
pub enum CsvWriteError {
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("cannot write CSV: {0}")]
    Flush(#[from] std::io::Error),
    #[error("cannot write CSV: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// change, cluster id, cluster, activity id, title, field, old, new.
type CsvRow = [String; 8];

fn csv_row(
    change: &str,
    c: Option<&ClusterDiff>,
    a: Option<&ActivityDiff>,
    field: &str,
    old: &str,
    new: &str,
) -> CsvRow {
    [
        change.to_string(),
        c.map(|c| c.id.clone()).unwrap_or_default(),
        c.map(|c| c.name.clone()).unwrap_or_default(),
        a.map(|a| a.id.clone()).unwrap_or_default(),
        a.map(|a| a.title.clone()).unwrap_or_default(),
        field.to_string(),
        old.to_string(),
        new.to_string(),
    ]
}

/// The rows of one cluster: its own changes, then its activities'.
fn cluster_csv_rows(c: &ClusterDiff, rows: &mut Vec<CsvRow>) {
    let row = csv_row;
    match c.presence {
        Presence::Added => rows.push(row(
            "cluster-added",
            Some(c),
            None,
            "row",
            "",
            &c.row.to_string(),
        )),
        Presence::Removed => rows.push(row(
            "cluster-removed",
            Some(c),
            None,
            "row",
            &c.row.to_string(),
            "",
        )),
        Presence::Both => {}
    }
    if let Some(from) = c.moved_from_row {
        rows.push(row(
            "cluster-moved",
            Some(c),
            None,
            "row",
            &from.to_string(),
            &c.row.to_string(),
        ));
    }
    for f in &c.fields {
        rows.push(row(
            "cluster-changed",
            Some(c),
            None,
            f.field.as_str(),
            &f.old,
            &f.new,
        ));
    }
    for a in &c.activities {
        let position = a.position.to_string();
        match a.presence {
            Presence::Added => rows.push(row("added", Some(c), Some(a), "position", "", &position)),
            Presence::Removed => {
                rows.push(row("removed", Some(c), Some(a), "position", &position, ""));
            }
            Presence::Both => {}
        }
        if let Some(m) = &a.moved {
            let from = format!("{}#{}", m.from_cluster_id, m.from_position);
            let to = format!("{}#{}", c.id, a.position);
            rows.push(row("moved", Some(c), Some(a), "position", &from, &to));
        }
        let change = match a.presence {
            Presence::Added => "added",
            Presence::Removed | Presence::Both => "changed",
        };
        for f in &a.fields {
            rows.push(row(
                change,
                Some(c),
                Some(a),
                f.field.as_str(),
                &f.old,
                &f.new,
            ));
        }
    }
}

//! The canonical writer: a programme as the exact bytes of its canonical RON form.
//!
//! Written by hand rather than by the `ron` serializer so that every byte is ours to keep
//! stable: one field per line, 4-space indent, options always spelled out, so editing one
//! field changes exactly its line.

use std::fmt::Write as _;

use crate::model::{Activity, Cluster, Programme, quote, quote_into};

/// The canonical text of a programme.
pub(super) fn programme(programme: &Programme) -> String {
    let mut out = String::with_capacity(512 + programme.activity_count() * 400);
    out.push_str("Programme(\n");
    let _ = writeln!(out, "    year: {},", programme.year);
    let _ = writeln!(out, "    title: {},", quote(&programme.title));
    let adopted = programme.adopted.map(|d| d.format("%Y-%m-%d").to_string());
    let _ = writeln!(out, "    adopted: {},", option(adopted.as_deref()));
    // Written only when there is something, so files without a stage or programme notes keep
    // their bytes.
    if let Some(stage) = programme.stage {
        let _ = writeln!(out, "    stage: {},", stage.as_str());
    }
    if !programme.notes.is_empty() {
        let _ = writeln!(out, "    notes: {},", quote(&programme.notes));
    }
    if programme.clusters.is_empty() {
        out.push_str("    clusters: [],\n");
    } else {
        out.push_str("    clusters: [\n");
        for cluster in &programme.clusters {
            write_cluster(&mut out, cluster);
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    out
}

fn write_cluster(out: &mut String, cluster: &Cluster) {
    let i = "            ";
    out.push_str("        Cluster(\n");
    text_field(out, i, "id", &cluster.id);
    text_field(out, i, "name", &cluster.name);
    text_field(out, i, "summary", &cluster.summary);
    if cluster.activities.is_empty() {
        let _ = writeln!(out, "{i}activities: [],");
    } else {
        let _ = writeln!(out, "{i}activities: [");
        for activity in &cluster.activities {
            write_activity(out, activity);
        }
        let _ = writeln!(out, "{i}],");
    }
    out.push_str("        ),\n");
}

/// Every field is written straight into the output: no string per field on 100k activities.
fn write_activity(out: &mut String, a: &Activity) {
    let i = "                    ";
    out.push_str("                Activity(\n");
    text_field(out, i, "id", &a.id);
    text_field(out, i, "title", &a.title);
    text_field(out, i, "description", &a.description);
    out.push_str(i);
    out.push_str("formats: [");
    for (n, format) in a.formats.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        quote_into(out, format.name());
    }
    out.push_str("],\n");
    let _ = writeln!(out, "{i}status: {},", a.status.as_str());
    let mut date = String::new();
    for (name, value) in [("start", a.start), ("end", a.end)] {
        match value {
            Some(d) => {
                date.clear();
                let _ = write!(date, "{d}");
                option_field(out, i, name, Some(&date));
            }
            None => option_field(out, i, name, None),
        }
    }
    option_field(out, i, "follow_up_of", a.follow_up_of.as_deref());
    text_field(out, i, "notes", &a.notes);
    out.push_str("                ),\n");
}

fn text_field(out: &mut String, indent: &str, name: &str, value: &str) {
    out.push_str(indent);
    out.push_str(name);
    out.push_str(": ");
    quote_into(out, value);
    out.push_str(",\n");
}

fn option_field(out: &mut String, indent: &str, name: &str, value: Option<&str>) {
    out.push_str(indent);
    out.push_str(name);
    match value {
        None => out.push_str(": None,\n"),
        Some(value) => {
            out.push_str(": Some(");
            quote_into(out, value);
            out.push_str("),\n");
        }
    }
}

fn option(value: Option<&str>) -> String {
    value.map_or_else(|| "None".to_string(), |v| format!("Some({})", quote(v)))
}

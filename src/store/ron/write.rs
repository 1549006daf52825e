//! The canonical writer: a programme as the exact bytes of its canonical RON form.
//!
//! Written by hand rather than by the `ron` serializer so that every byte is ours to keep
//! stable: one field per line, 4-space indent, options always spelled out, so editing one
//! field changes exactly its line.

use std::fmt::Write as _;

use crate::model::{Activity, Cluster, Programme, quote};

/// The canonical text of a programme.
pub(super) fn programme(programme: &Programme) -> String {
    let mut out = String::with_capacity(512 + programme.activity_count() * 400);
    out.push_str("Programme(\n");
    let _ = writeln!(out, "    year: {},", programme.year);
    let _ = writeln!(out, "    title: {},", quote(&programme.title));
    let adopted = programme.adopted.map(|d| d.format("%Y-%m-%d").to_string());
    let _ = writeln!(out, "    adopted: {},", option(adopted.as_deref()));
    // Written only when there is something, so files without programme notes keep their bytes.
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
    let _ = writeln!(out, "{i}id: {},", quote(&cluster.id));
    let _ = writeln!(out, "{i}name: {},", quote(&cluster.name));
    let _ = writeln!(out, "{i}summary: {},", quote(&cluster.summary));
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

fn write_activity(out: &mut String, a: &Activity) {
    let i = "                    ";
    out.push_str("                Activity(\n");
    let _ = writeln!(out, "{i}id: {},", quote(&a.id));
    let _ = writeln!(out, "{i}title: {},", quote(&a.title));
    let _ = writeln!(out, "{i}description: {},", quote(&a.description));
    let formats: Vec<String> = a.formats.iter().map(|f| quote(f.name())).collect();
    let _ = writeln!(out, "{i}formats: [{}],", formats.join(", "));
    let _ = writeln!(out, "{i}status: {},", a.status.as_str());
    let start = a.start.map(|d| d.to_string());
    let end = a.end.map(|d| d.to_string());
    let _ = writeln!(out, "{i}start: {},", option(start.as_deref()));
    let _ = writeln!(out, "{i}end: {},", option(end.as_deref()));
    let _ = writeln!(
        out,
        "{i}follow_up_of: {},",
        option(a.follow_up_of.as_deref())
    );
    let _ = writeln!(out, "{i}notes: {},", quote(&a.notes));
    out.push_str("                ),\n");
}

fn option(value: Option<&str>) -> String {
    value.map_or_else(|| "None".to_string(), |v| format!("Some({})", quote(v)))
}

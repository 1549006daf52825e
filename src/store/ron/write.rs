//! The canonical writer: a programme as the exact bytes of its canonical RON form.
//!
//! Written by hand rather than by the `ron` serializer so that every byte is ours to keep
//! stable: one field per line, 4-space indent, options always spelled out, so editing one
//! field changes exactly its line.

use std::fmt::Write as _;

use crate::model::{
    Activity, Cluster, Field, FieldDecl, FieldValue, Output, OwnKind, Programme, Session, quote,
    quote_into,
};

/// The canonical text of a programme.
pub(super) fn programme(programme: &Programme) -> String {
    let mut out = String::with_capacity(512 + programme.activity_count() * 400);
    // Nothing is taken out between pieces: the whole text builds up in `out`.
    in_pieces(programme, &mut out, |_| true);
    out
}

/// Whether `text` is the canonical text of `programme`, compared piece by piece as it is
/// written, so that the canonical text of a large file is never held whole beside it.
pub(super) fn is_canonical(programme: &Programme, text: &str) -> bool {
    let mut rest = text.as_bytes();
    let mut piece = String::with_capacity(64 * 1024);
    let same = in_pieces(programme, &mut piece, |piece| {
        let same = rest.starts_with(piece.as_bytes());
        rest = rest.get(piece.len()..).unwrap_or_default();
        piece.clear();
        same
    });
    same && rest.is_empty()
}

/// Writes the canonical text into `out`, handing it to `piece` after the programme's own
/// fields, after each cluster and at the end; stops, answering `false`, when `piece` does.
fn in_pieces(
    programme: &Programme,
    out: &mut String,
    mut piece: impl FnMut(&mut String) -> bool,
) -> bool {
    out.push_str("Programme(\n");
    let _ = writeln!(out, "    year: {},", programme.year);
    let _ = writeln!(out, "    title: {},", quote(&programme.title));
    let adopted = programme.adopted.map(|d| d.format("%Y-%m-%d").to_string());
    let _ = writeln!(out, "    adopted: {},", option(adopted.as_deref()));
    // The optional fields are written only when there is something, so files without them
    // keep their bytes.
    if let Some(stage) = programme.stage {
        let _ = writeln!(out, "    stage: {stage},");
    }
    if !programme.notes.is_empty() {
        let _ = writeln!(out, "    notes: {},", quote(&programme.notes));
    }
    if !programme.themes.is_empty() {
        out.push_str(
            "    themes: [
",
        );
        for theme in &programme.themes {
            out.push_str("        Theme(id: ");
            quote_into(out, &theme.id);
            out.push_str(", name: ");
            quote_into(out, &theme.name);
            out.push_str(
                "),
",
            );
        }
        out.push_str(
            "    ],
",
        );
    }
    if !programme.fields.is_empty() {
        out.push_str(
            "    fields: [
",
        );
        for field in &programme.fields {
            write_field_decl(out, field);
        }
        out.push_str(
            "    ],
",
        );
    }
    if programme.clusters.is_empty() {
        out.push_str("    clusters: [],\n");
    } else {
        out.push_str("    clusters: [\n");
        for cluster in &programme.clusters {
            if !piece(out) {
                return false;
            }
            write_cluster(out, cluster, &programme.fields);
        }
        out.push_str("    ],\n");
    }
    out.push_str(")\n");
    piece(out)
}

fn write_cluster(out: &mut String, cluster: &Cluster, fields: &[FieldDecl]) {
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
            write_activity(out, activity, fields);
        }
        let _ = writeln!(out, "{i}],");
    }
    out.push_str("        ),\n");
}

/// Every field is written straight into the output: no string per field on 100k activities.
fn write_activity(out: &mut String, a: &Activity, fields: &[FieldDecl]) {
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
    // The optional fields, each written only when it holds something, by its kind.
    for &field in &Field::ACTIVITY[Field::ACTIVITY_REQUIRED.len()..] {
        if a.is_blank(field) {
            continue;
        }
        if let Some(value) = a.get(field) {
            optional_field(out, i, field, &value, fields);
        }
    }
    out.push_str("                ),\n");
}

/// One optional field of an activity, not empty.
fn optional_field(
    out: &mut String,
    i: &str,
    field: Field,
    value: &FieldValue,
    fields: &[FieldDecl],
) {
    let name = field.as_str();
    match value {
        FieldValue::Text(text) => text_field(out, i, name, text),
        FieldValue::List(items) => string_list(out, i, name, items),
        FieldValue::Sessions(sessions) => {
            let _ = writeln!(out, "{i}{name}: [");
            for session in sessions {
                write_session(out, session);
            }
            let _ = writeln!(out, "{i}],");
        }
        FieldValue::Outputs(outputs) => {
            let _ = writeln!(out, "{i}{name}: [");
            for output in outputs {
                write_output(out, output);
            }
            let _ = writeln!(out, "{i}],");
        }
        FieldValue::Values(values) => {
            let _ = writeln!(out, "{i}{name}: {{");
            for (id, value) in values {
                out.push_str(i);
                out.push_str("    ");
                quote_into(out, id);
                out.push_str(": ");
                // Each value in its kind's one text (`1.2E4` is `12000`); one that is not of
                // its kind stays as written, for `check` to report.
                let kind = fields.iter().find(|f| f.id == *id).map(|f| &f.kind);
                match kind.and_then(|k| k.canonical(value).ok()) {
                    Some(canonical) => quote_into(out, &canonical),
                    None => quote_into(out, value),
                }
                out.push_str(",\n");
            }
            let _ = writeln!(out, "{i}}},");
        }
        FieldValue::Reference(reference) => option_field(out, i, name, reference.as_deref()),
        FieldValue::Date(date) => {
            let date = date.map(|d| d.to_string());
            option_field(out, i, name, date.as_deref());
        }
        FieldValue::Formats(_)
        | FieldValue::Status(_)
        | FieldValue::Year(_)
        | FieldValue::Day(_)
        | FieldValue::Stage(_)
        | FieldValue::Themes(_)
        | FieldValue::Fields(_) => {
            // Not an activity's optional kind: the table has none, and the writer says so
            // rather than lose it.
            let _ = writeln!(out, "{i}{name}: {},", quote(&value.plain()));
        }
    }
}

/// `Field(id: "budget", name: "Budget (EUR)", kind: number),` on one line.
fn write_field_decl(out: &mut String, field: &FieldDecl) {
    out.push_str("        Field(id: ");
    quote_into(out, &field.id);
    if !field.name.is_empty() {
        out.push_str(", name: ");
        quote_into(out, &field.name);
    }
    out.push_str(", kind: ");
    match &field.kind {
        OwnKind::Choice(words) => {
            out.push_str("choice([");
            for (n, word) in words.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                quote_into(out, word);
            }
            out.push_str("])");
        }
        kind => out.push_str(kind.word()),
    }
    out.push_str("),\n");
}

fn write_session(out: &mut String, s: &Session) {
    let i = "                            ";
    out.push_str("                        Session(\n");
    let _ = writeln!(out, "{i}id: {},", s.id);
    let mut date = String::new();
    for (name, value) in [("start", s.start), ("end", s.end)] {
        date.clear();
        if let Some(d) = value {
            let _ = write!(date, "{d}");
        }
        option_field(out, i, name, value.map(|_| date.as_str()));
    }
    text_field(out, i, "place", &s.place);
    text_field(out, i, "country", &s.country);
    match s.mode {
        Some(mode) => {
            let _ = writeln!(out, "{i}mode: Some({mode}),");
        }
        None => {
            let _ = writeln!(out, "{i}mode: None,");
        }
    }
    text_field(out, i, "host", &s.host);
    for (name, count) in [("participants", s.participants), ("online", s.online)] {
        match count {
            Some(n) => {
                let _ = writeln!(out, "{i}{name}: Some({n}),");
            }
            None => {
                let _ = writeln!(out, "{i}{name}: None,");
            }
        }
    }
    let _ = writeln!(out, "{i}status: {},", s.status);
    out.push_str("                        ),\n");
}

fn write_output(out: &mut String, o: &Output) {
    let i = "                            ";
    out.push_str("                        Output(\n");
    let _ = writeln!(out, "{i}kind: {},", o.kind);
    text_field(out, i, "title", &o.title);
    option_field(out, i, "link", o.link.as_deref());
    let date = o.date.map(|d| d.to_string());
    option_field(out, i, "date", date.as_deref());
    out.push_str("                        ),\n");
}

/// `name: ["a", "b"],` on one line.
fn string_list(out: &mut String, indent: &str, name: &str, items: &[String]) {
    out.push_str(indent);
    out.push_str(name);
    out.push_str(": [");
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            out.push_str(", ");
        }
        quote_into(out, item);
    }
    out.push_str("],\n");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_canonical_compares_piece_by_piece_as_the_whole_text_would() {
        let full = include_str!("../../../tests/fixtures/full.ron");
        let parsed = crate::store::ron::parse(full).unwrap().programme;
        assert_eq!(programme(&parsed), full);
        assert!(is_canonical(&parsed, full));
        // A byte changed in the header, in a cluster, at the very end; a text cut short or
        // running on.
        for (from, to) in [
            ("year: 2022", "year:  2022"),
            ("status: held,\n", "status: held ,\n"),
            (")\n", ")"),
        ] {
            let changed = full.replacen(from, to, 1);
            assert_ne!(changed, full);
            assert!(!is_canonical(&parsed, &changed), "{to}");
        }
        assert!(!is_canonical(&parsed, &full[..full.len() - 40]));
        assert!(!is_canonical(&parsed, &format!("{full}\n")));
        assert!(!is_canonical(&parsed, ""));
    }
}

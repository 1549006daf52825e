//! Programme files: reading RON with positions, writing the canonical form, and saving atomically.
//!
//! The canonical form (CONTRACT.md, "Canonical form") is written by hand rather than by the
//! `ron` serializer so that every byte is ours to keep stable: one field per line, 4-space
//! indent, options always spelled out, so editing one field changes exactly its line.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use crate::store::diagnostic::{Diagnostic, Pos, Span, render};
mod fast;
mod syntax;

use crate::model::{
    Activity, Cell, Cluster, Field, Format, Location, PlanDate, Problem, Programme, Severity,
    Status, Target, YEARS, check,
};
use syntax::{Kind, Name, Node};

/// Where each part of a loaded programme stands in its file.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    spans: HashMap<Location, Span>,
}

impl SourceMap {
    /// The span of a location; a field that is not in the file falls back to its owner.
    pub fn span(&self, location: &Location) -> Span {
        let owner = Location {
            target: location.target,
            field: None,
        };
        self.spans
            .get(location)
            .or_else(|| self.spans.get(&owner))
            .copied()
            .unwrap_or(Span::at(Pos::START))
    }
}

/// A programme read from text, with where everything was.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub programme: Programme,
    /// Where everything was, when the position-keeping reader read the text. A text `ron`
    /// read has none: positions are found again, only for the problems that need one.
    source_map: Option<SourceMap>,
    /// Comments in the file, which a save would drop.
    pub comments: Vec<Span>,
}

/// Why a programme file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}", render(&rejection.diagnostics, &path.display().to_string(), None, false).trim_end())]
    Invalid {
        path: PathBuf,
        /// The text, when the file was text at all (for snippets).
        text: Option<String>,
        rejection: Rejection,
    },
}

/// Why a text is not a programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The text is well-formed RON and only its content is wrong (unknown field, bad date…):
    /// every problem was found. Otherwise reading stopped at the first one (not text, a
    /// syntax error, a file cut short).
    pub well_formed: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Rejection {
    fn unreadable(diagnostic: Diagnostic) -> Self {
        Rejection {
            well_formed: false,
            diagnostics: vec![diagnostic],
        }
    }
}

/// Reads a programme from text. Every problem that stops it from being a programme is returned.
///
/// The `ron` crate reads it when it can ([`fast`]); the position-keeping reader decides
/// whenever the two might disagree, and says where every problem is.
pub fn parse(text: &str) -> Result<Parsed, Rejection> {
    fast::read(text).map_or_else(|| parse_with_positions(text), Ok)
}

/// Reads a programme with the `ron` crate alone, or `None` when the position-keeping reader
/// must decide: the text is not the plain RON both read alike, or `ron` refuses it.
pub fn parse_with_ron(text: &str) -> Option<Parsed> {
    fast::read(text)
}

/// Reads a programme with the position-keeping reader alone, building the whole tree and a
/// source map of every field: what [`parse`] falls back to.
pub fn parse_with_positions(text: &str) -> Result<Parsed, Rejection> {
    if text.starts_with('\u{feff}') {
        return Err(Rejection::unreadable(Diagnostic::error(
            Span::at(Pos::START),
            "the file starts with a UTF-8 byte-order mark; programme files are plain UTF-8 without one",
        )));
    }
    let document = syntax::parse(text).map_err(Rejection::unreadable)?;
    let mut decoder = Decoder::default();
    let programme = decoder.programme(&document.root);
    match programme {
        Some(programme) if decoder.diagnostics.is_empty() => Ok(Parsed {
            programme,
            source_map: Some(decoder.source_map),
            comments: document.comments,
        }),
        Some(partial) => {
            let mut diagnostics = decoder.diagnostics.clone();
            diagnostics.extend(
                check(&partial)
                    .into_iter()
                    .filter(|p| !decoder.failed_at(&p.location))
                    .map(|p| Diagnostic {
                        severity: p.severity,
                        span: decoder.source_map.span(&p.location),
                        message: p.message,
                    }),
            );
            diagnostics.sort_by_key(|d| (d.span.start.offset, d.severity));
            Err(Rejection {
                well_formed: true,
                diagnostics,
            })
        }
        None => Err(Rejection {
            well_formed: true,
            diagnostics: decoder.diagnostics,
        }),
    }
}

/// Reads a programme from bytes, which must be UTF-8.
pub fn parse_bytes(bytes: &[u8]) -> Result<(String, Parsed), (Option<String>, Rejection)> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let pos = Pos::of_offset(std::str::from_utf8(good).unwrap_or(""), good.len());
            let byte = bytes[e.valid_up_to()];
            return Err((
                None,
                Rejection::unreadable(Diagnostic::error(
                    Span::at(pos),
                    format!(
                        "the file is not UTF-8 text (byte 0x{byte:02X} here); is it a programme file?"
                    ),
                )),
            ));
        }
    };
    match parse(text) {
        Ok(parsed) => Ok((text.to_string(), parsed)),
        Err(rejection) => Err((Some(text.to_string()), rejection)),
    }
}

/// Loads a programme file, returning its text too.
pub fn load(path: &Path) -> Result<(String, Parsed), LoadError> {
    let bytes = fs::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |(text, rejection)| LoadError::Invalid {
        path: path.to_path_buf(),
        text,
        rejection,
    };
    // The text is kept as read: at 100k activities a copy would be 60 MB more.
    match String::from_utf8(bytes) {
        Ok(text) => match parse(&text) {
            Ok(parsed) => Ok((text, parsed)),
            Err(rejection) => Err(invalid((Some(text), rejection))),
        },
        Err(e) => parse_bytes(e.as_bytes()).map_err(invalid),
    }
}

/// The year a programme file is named after: `programmes/2023.ron` → 2023.
pub fn year_of_file_name(path: &Path) -> Option<i32> {
    let stem = path.file_stem()?.to_str()?;
    let year = (stem.len() == 4 && stem.bytes().all(|b| b.is_ascii_digit()))
        .then(|| stem.parse().ok())??;
    YEARS.contains(&year).then_some(year)
}

/// Every problem of a loaded file that `check` reports beyond those that stop loading:
/// validation of the programme, a year that is not the file's, comments a save would drop.
/// `text` is the text `parsed` was read from, where the problems are placed.
pub fn file_diagnostics(path: &Path, text: &str, parsed: &Parsed) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Some(stem_year) = year_of_file_name(path)
        && stem_year != parsed.programme.year
    {
        problems.push(Problem::error(
            Location::programme(Field::Year),
            format!(
                "year {} does not match the file name {:?}",
                parsed.programme.year,
                path.file_name().unwrap_or_default()
            ),
        ));
    }
    problems.extend(check(&parsed.programme));
    let locations: Vec<Location> = problems.iter().map(|p| p.location).collect();
    let source_map = fast::source_map(parsed, text, &locations);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|problem| Diagnostic {
            severity: problem.severity,
            span: source_map.span(&problem.location),
            message: problem.message,
        })
        .collect();
    for comment in &parsed.comments {
        out.push(Diagnostic::warning(
            *comment,
            "this comment would be dropped when the file is saved; move it into a `notes` field",
        ));
    }
    out.sort_by_key(|d| (d.span.start.offset, d.severity));
    out
}

/// Saves a programme in canonical form, atomically: a temporary file in the same folder,
/// synced, then renamed over the old one. A crash leaves either the old or the new file.
pub fn save(path: &Path, programme: &Programme) -> io::Result<()> {
    write_atomically(path, to_canonical(programme).as_bytes())
}

/// Writes bytes to a file atomically (temporary file, sync, rename).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    // Through a symbolic link, replace the file it points at, not the link.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut file = atomic_write_file::AtomicWriteFile::options().open(&target)?;
    file.write_all(bytes)?;
    file.commit()
}

/// The canonical text of a programme.
pub fn to_canonical(programme: &Programme) -> String {
    let mut out = String::with_capacity(512 + programme.activity_count() * 400);
    out.push_str("Programme(\n");
    let _ = writeln!(out, "    year: {},", programme.year);
    let _ = writeln!(out, "    title: {},", quote(&programme.title));
    let adopted = programme.adopted.map(|d| d.format("%Y-%m-%d").to_string());
    let _ = writeln!(out, "    adopted: {},", option(adopted.as_deref()));
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

/// A RON string literal: quotes, backslashes and control characters escaped, the rest as is,
/// so a multi-line description stays on one line of the file.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Turns the syntax tree into a programme, collecting every problem rather than the first.
#[derive(Default)]
struct Decoder {
    diagnostics: Vec<Diagnostic>,
    source_map: SourceMap,
    /// Places whose value could not be read (a field, or a whole cluster or activity).
    failed: HashSet<Location>,
}

/// The fields of one struct, found by name.
struct Fields<'a> {
    /// At most a dozen fields: a list beats hashing.
    by_name: Vec<(&'a str, &'a Node)>,
    span: Span,
}

impl Decoder {
    /// Whether a problem found on the partial programme is about something that could not be
    /// read (and so was already reported).
    fn failed_at(&self, location: &Location) -> bool {
        let whole = |target| Location {
            target,
            field: None,
        };
        let cluster_failed = |c| self.failed.contains(&whole(Target::Cluster(c)));
        // Dates and follow-ups are checked against the year, which is meaningless without it.
        let year_failed = self.failed.contains(&Location::programme(Field::Year))
            && matches!(
                location.field,
                Some(Field::Start | Field::End | Field::FollowUpOf)
            );
        year_failed
            || self.failed.contains(location)
            || self.failed.contains(&whole(location.target))
            || match location.target {
                Target::Activity(cell) => cluster_failed(cell.cluster),
                Target::Cluster(c) => cluster_failed(c),
                Target::Programme => false,
            }
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::error(span, message));
    }

    /// Checks that a node is `Name(field: …)` with exactly the allowed fields.
    fn fields<'a>(
        &mut self,
        node: &'a Node,
        struct_name: &'static str,
        allowed: &[Field],
    ) -> Option<Fields<'a>> {
        let (name, fields): (&Option<Name>, &[(Name, Node)]) = match &node.kind {
            Kind::Struct { name, fields } => (name, fields),
            Kind::Tuple { name, items } if items.is_empty() => (name, &[]),
            other => {
                self.error(
                    node.span,
                    format!("expected `{struct_name}(…)`, found {}", other.describe()),
                );
                return None;
            }
        };
        if let Some(name) = name.as_ref().filter(|n| n.text != struct_name) {
            self.error(
                name.span,
                format!("expected `{struct_name}(…)`, found `{}(…)`", name.text),
            );
            return None;
        }
        let mut by_name: Vec<(&str, &Node)> = Vec::with_capacity(fields.len());
        for (field, value) in fields {
            if !allowed.iter().any(|f| f.as_str() == field.text) {
                let expected: Vec<&str> = allowed.iter().map(|f| f.as_str()).collect();
                self.error(
                    field.span,
                    format!(
                        "unknown field `{}` in {struct_name}; expected one of {}",
                        field.text,
                        expected.join(", ")
                    ),
                );
            } else if by_name.iter().any(|(name, _)| *name == field.text) {
                self.error(
                    field.span,
                    format!("field `{}` appears twice in this {struct_name}", field.text),
                );
            } else {
                by_name.push((field.text.as_str(), value));
            }
        }
        let missing: Vec<&str> = allowed
            .iter()
            .map(|f| f.as_str())
            .filter(|f| !by_name.iter().any(|(name, _)| name == f))
            .collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            self.error(
                Span::new(node.span.start, node.span.start),
                format!(
                    "missing field{s} {} in this {struct_name}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
        Some(Fields {
            by_name,
            span: node.span,
        })
    }

    fn programme(&mut self, root: &Node) -> Option<Programme> {
        let fields = self.fields(root, "Programme", Field::PROGRAMME)?;
        self.source_map.spans.insert(
            Location {
                target: Target::Programme,
                field: None,
            },
            fields.span,
        );
        let at = Location::programme;
        let year = self.field(&fields, at(Field::Year), |d, n| d.int(n, "the year"));
        let title = self.field(&fields, at(Field::Title), Decoder::string);
        let adopted = self.field(&fields, at(Field::Adopted), |d, n| {
            d.option(n, |d, n| {
                let date = d.date(n)?;
                match date {
                    PlanDate::Day(day) => Some(day),
                    _ => {
                        d.error(
                            n.span,
                            format!("adopted must be a day, like \"{}-12-10\"", date.year()),
                        );
                        None
                    }
                }
            })
        });
        let clusters = self.field(&fields, at(Field::Clusters), |d, n| {
            d.list(
                n,
                "clusters",
                || Cluster::new("", ""),
                |d, i, n| d.cluster(i, n),
            )
        });
        // Every date is four-digit; a programme year outside them is refused at the door, so
        // nothing downstream does arithmetic on absurd years.
        let year = match i32::try_from(year).ok().filter(|y| YEARS.contains(y)) {
            Some(year) => year,
            None => {
                let location = Location::programme(Field::Year);
                if !self.failed.contains(&location) {
                    let span = self.source_map.span(&location);
                    self.error(span, format!("year {year} is not a four-digit year"));
                    self.failed.insert(location);
                }
                YEARS.start().to_owned()
            }
        };
        Some(Programme {
            year,
            title,
            adopted,
            clusters,
        })
    }

    fn cluster(&mut self, index: usize, node: &Node) -> Option<Cluster> {
        let target = Target::Cluster(index);
        let Some(fields) = self.fields(node, "Cluster", Field::CLUSTER) else {
            self.failed.insert(Location {
                target,
                field: None,
            });
            return None;
        };
        self.source_map.spans.insert(
            Location {
                target,
                field: None,
            },
            fields.span,
        );
        let at = |field| Location::cluster(index, field);
        let id = self.field(&fields, at(Field::Id), Decoder::string);
        let name = self.field(&fields, at(Field::Name), Decoder::string);
        let summary = self.field(&fields, at(Field::Summary), Decoder::string);
        let activities = self.field(&fields, at(Field::Activities), |d, n| {
            d.list(
                n,
                "activities",
                || Activity::new("", ""),
                |d, i, n| d.activity(Cell::new(index, i), n),
            )
        });
        Some(Cluster {
            id,
            name,
            summary,
            activities,
        })
    }

    fn activity(&mut self, cell: Cell, node: &Node) -> Option<Activity> {
        let target = Target::Activity(cell);
        let Some(fields) = self.fields(node, "Activity", Field::ACTIVITY) else {
            self.failed.insert(Location {
                target,
                field: None,
            });
            return None;
        };
        self.source_map.spans.insert(
            Location {
                target,
                field: None,
            },
            fields.span,
        );
        let at = |field| Location::activity(cell, field);
        let id = self.field(&fields, at(Field::Id), Decoder::string);
        let title = self.field(&fields, at(Field::Title), Decoder::string);
        let description = self.field(&fields, at(Field::Description), Decoder::string);
        let formats = self.field(&fields, at(Field::Formats), |d, n| {
            d.list(
                n,
                "formats",
                || Format::Other(String::new()),
                |d, _, n| d.string(n).map(|s| Format::parse(&s)),
            )
        });
        let status = self.field(&fields, at(Field::Status), Decoder::status);
        let start = self.field(&fields, at(Field::Start), |d, n| d.option(n, Decoder::date));
        let end = self.field(&fields, at(Field::End), |d, n| d.option(n, Decoder::date));
        let follow_up_of = self.field(&fields, at(Field::FollowUpOf), |d, n| {
            d.option(n, Decoder::string)
        });
        let notes = self.field(&fields, at(Field::Notes), Decoder::string);
        Some(Activity {
            id,
            title,
            description,
            formats,
            status,
            start,
            end,
            follow_up_of,
            notes,
        })
    }

    /// Decodes one field, recording where it is. A missing field was already reported.
    /// A field that is missing or wrong was reported; its default stands in, so that the rest
    /// of the programme can still be checked, and the location is marked as failed.
    fn field<T: Default>(
        &mut self,
        fields: &Fields<'_>,
        location: Location,
        decode: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> T {
        let name = location.field.map_or("", Field::as_str);
        let node = fields
            .by_name
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, node)| *node);
        let decoded = node.and_then(|node| {
            self.source_map.spans.insert(location, node.span);
            decode(self, node)
        });
        decoded.unwrap_or_else(|| {
            self.failed.insert(location);
            T::default()
        })
    }

    fn string(&mut self, node: &Node) -> Option<String> {
        match &node.kind {
            Kind::Str(s) => Some(s.clone()),
            other => {
                self.error(
                    node.span,
                    format!("expected a string in quotes, found {}", other.describe()),
                );
                None
            }
        }
    }

    fn int(&mut self, node: &Node, what: &str) -> Option<i64> {
        match &node.kind {
            Kind::Int(i) => Some(*i),
            other => {
                self.error(
                    node.span,
                    format!("expected a number for {what}, found {}", other.describe()),
                );
                None
            }
        }
    }

    fn status(&mut self, node: &Node) -> Option<Status> {
        let word = match &node.kind {
            Kind::Ident(word) | Kind::Str(word) => word,
            other => {
                self.error(
                    node.span,
                    format!(
                        "expected a status ({}), found {}",
                        Status::expected_list(),
                        other.describe()
                    ),
                );
                return None;
            }
        };
        match word.parse() {
            Ok(status) => Some(status),
            Err(e) => {
                self.error(node.span, e.to_string());
                None
            }
        }
    }

    fn date(&mut self, node: &Node) -> Option<PlanDate> {
        let text = self.string(node)?;
        match text.parse() {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(node.span, e.to_string());
                None
            }
        }
    }

    /// `None`, `Some(x)`, or a bare `x` (read as `Some(x)`).
    fn option<T>(
        &mut self,
        node: &Node,
        decode: impl FnOnce(&mut Self, &Node) -> Option<T>,
    ) -> Option<Option<T>> {
        match &node.kind {
            Kind::Ident(name) if name == "None" => Some(None),
            Kind::Tuple {
                name: Some(name),
                items,
            } if name.text == "Some" => match items.as_slice() {
                [inner] => decode(self, inner).map(Some),
                _ => {
                    self.error(node.span, "`Some(…)` holds exactly one value");
                    None
                }
            },
            _ => decode(self, node).map(Some),
        }
    }

    /// A list; an item that cannot be read is reported and replaced by `placeholder`, so that
    /// the items after it keep their positions.
    fn list<T>(
        &mut self,
        node: &Node,
        what: &str,
        placeholder: impl Fn() -> T,
        mut decode: impl FnMut(&mut Self, usize, &Node) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Kind::List(items) = &node.kind else {
            self.error(
                node.span,
                format!(
                    "expected a list `[…]` of {what}, found {}",
                    node.kind.describe()
                ),
            );
            return None;
        };
        let out = items
            .iter()
            .enumerate()
            .map(|(i, item)| decode(self, i, item).unwrap_or_else(&placeholder))
            .collect();
        Some(out)
    }
}

/// Whether a loaded file has problems that make `check` fail (errors, not warnings).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        let rejection = parse(text).unwrap_err();
        assert!(rejection.well_formed);
        rejection
            .diagnostics
            .iter()
            .map(|d| d.headline("f.ron"))
            .collect()
    }

    #[test]
    fn a_field_given_twice_is_reported_at_the_second() {
        assert_eq!(
            messages(
                "Programme(year: 2022, year: 2023, title: \"x\", adopted: None, clusters: [])"
            ),
            ["f.ron:1:23: field `year` appears twice in this Programme"]
        );
    }

    #[test]
    fn missing_fields_are_listed_together_at_the_struct() {
        assert_eq!(
            messages("Programme(\n  year: 2022,\n  clusters: [],\n)"),
            ["f.ron:1:1: missing fields `title`, `adopted` in this Programme"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_symlink_updates_the_target_and_keeps_the_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ron");
        let link = dir.path().join("2022.ron");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        save(&link, &Programme::new(2022, "T")).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(fs::read_to_string(&real).unwrap().starts_with("Programme("));
        let mode = fs::metadata(&real).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_bare_value_is_read_as_some() {
        let text = to_canonical(&Programme::new(2022, "T"))
            .replace("adopted: None", "adopted: \"2021-12-10\"");
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.programme.adopted.unwrap().to_string(), "2021-12-10");
    }
}

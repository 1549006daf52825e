//! Programme files: the entry points for reading RON with positions, writing the canonical
//! form (the README's "The file") and saving atomically. The parts live beside:
//! `syntax` (text to tree), `decode` (tree to programme and source map), `write` (canonical).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::store::diagnostic::{Diagnostic, Pos, Span, render};
mod decode;
mod fast;
mod halves;
mod syntax;
mod write;

use crate::model::{Field, Location, Problem, Programme, Severity, Within, YEARS, check};
use decode::Decoder;

/// Where each part of a loaded programme stands in its file.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    spans: HashMap<Location, Span>,
    /// Items of list fields (a lead, a session, an own-field value) and their parts.
    items: HashMap<(Location, Within), Span>,
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

    /// The span of a problem's place: the part of an item, else the item, else as
    /// [`SourceMap::span`] finds the field.
    pub fn span_of(&self, problem: &Problem) -> Span {
        let item = problem.within.as_ref().and_then(|within| {
            let whole = Within {
                item: within.item.clone(),
                part: None,
            };
            self.items
                .get(&(problem.location, within.clone()))
                .or_else(|| self.items.get(&(problem.location, whole)))
        });
        item.copied()
            .unwrap_or_else(|| self.span(&problem.location))
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
    #[error("{}: cannot read: {source}", crate::text::printable_path(path))]
    Io { path: PathBuf, source: io::Error },
    #[error("{}", render(&rejection.diagnostics, &crate::text::printable_path(path), None, false).trim_end())]
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
    /// The text is a programme whose content is wrong (unknown field, bad date…): every
    /// problem was found. Otherwise reading stopped at the first one (not text, a syntax error,
    /// a file cut short, git's conflict markers, RON that is not a programme at all).
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

/// The programme's own fields and its first clusters (about `bytes` of text), when the text is
/// laid out as the canonical writer lays it out: a first screen to draw while the whole text is
/// read. Nothing in it is checked; the whole read decides.
pub fn preview(text: &str, bytes: usize) -> Option<Programme> {
    halves::preview(text, bytes)
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
    let document = syntax::parse(text)
        .map_err(|e| Rejection::unreadable(git_conflict_markers(text).unwrap_or(e)))?;
    let mut decoder = Decoder::new(text);
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
                    .filter(|p| !decoder.failed_at(&p.location) && !decoder.failed_within(p))
                    .map(|p| Diagnostic {
                        severity: p.severity,
                        span: decoder.source_map.span_of(&p),
                        message: p.message,
                    }),
            );
            diagnostics.sort_by_key(|d| (d.span.start.offset, d.severity));
            Err(Rejection {
                well_formed: true,
                diagnostics,
            })
        }
        // Well-formed RON that is not a programme at all (`42`, `[]`, `Cluster(…)`): as unusable
        // as text that is not RON.
        None => Err(Rejection {
            well_formed: false,
            diagnostics: decoder.diagnostics,
        }),
    }
}

/// The first line of a git conflict (`<<<<<<<`, `=======`, `>>>>>>>` at the start of a line),
/// reported as the unresolved merge it is rather than as a syntax error.
fn git_conflict_markers(text: &str) -> Option<Diagnostic> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let marker = ["<<<<<<<", "=======", ">>>>>>>"]
            .into_iter()
            .find(|m| line.starts_with(m));
        if let Some(marker) = marker {
            return Some(Diagnostic::error(
                Span::at(Pos::of_offset(text, offset)),
                format!(
                    "unresolved git merge: conflict marker `{marker}` here; keep the lines you want \
                     between `<<<<<<<` and `>>>>>>>`, delete the three marker lines, then \
                     `git add` the file (or take one side whole: `git checkout --ours FILE` or \
                     `--theirs FILE`)"
                ),
            ));
        }
        offset += line.len();
    }
    None
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
    let bytes = crate::store::file::read(path).map_err(|source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let invalid = |(text, rejection)| LoadError::Invalid {
        path: path.to_path_buf(),
        text,
        rejection,
    };
    parse_owned(bytes).map_err(invalid)
}

/// [`parse_bytes`] of bytes given away: a text stays where it was read, with no copy beside
/// its programme (at 100k filled activities a copy is 130 MB more).
pub fn parse_owned(bytes: Vec<u8>) -> Result<(String, Parsed), (Option<String>, Rejection)> {
    match String::from_utf8(bytes) {
        Ok(text) => match parse(&text) {
            Ok(parsed) => Ok((text, parsed)),
            Err(rejection) => Err((Some(text), rejection)),
        },
        Err(e) => parse_bytes(e.as_bytes()),
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
        #[expect(
            clippy::unnecessary_debug_formatting,
            reason = "the file name is shown quoted and escaped, as Debug writes it"
        )]
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
    let source_map = fast::source_map(parsed, text, &problems);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|problem| Diagnostic {
            severity: problem.severity,
            span: source_map.span_of(&problem),
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

/// Saves a programme in canonical form, as [`crate::store::file::write`] writes any file: a
/// regular file is replaced atomically, a crash leaves either the old or the new file.
pub fn save(path: &Path, programme: &Programme) -> io::Result<()> {
    crate::store::file::write(path, to_canonical(programme).as_bytes())
}

/// The canonical text of a programme.
pub fn to_canonical(programme: &Programme) -> String {
    write::programme(programme)
}

/// Whether `text` is already the canonical text of `programme`, found without holding the
/// canonical text whole beside it (at 100k filled activities that is 150 MB more).
pub fn is_canonical(programme: &Programme, text: &str) -> bool {
    write::is_canonical(programme, text)
}

/// Whether a loaded file has problems that make `check` fail (errors, not warnings).
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

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

    #[test]
    fn a_stage_is_read_written_back_and_left_out_when_none() {
        let none = to_canonical(&Programme::new(2022, "T"));
        assert!(!none.contains("stage"), "{none}");
        let mut adopted = Programme::new(2022, "T");
        adopted.stage = Some(crate::model::Stage::Adopted);
        adopted.notes = "n".into();
        let text = to_canonical(&adopted);
        assert!(text.contains("    adopted: None,\n    stage: adopted,\n    notes: \"n\",\n"));
        let parsed = parse(&text).unwrap();
        assert_eq!(parsed.programme, adopted);
        assert_eq!(to_canonical(&parsed.programme), text);
        // The slow reader, which places problems, reads it as well.
        let spaced = text.replace("stage: adopted", "stage :  adopted");
        assert_eq!(parse(&spaced).unwrap().programme, adopted);
    }

    #[test]
    fn an_unknown_stage_is_named_with_the_known_ones() {
        let text = to_canonical(&Programme::new(2022, "T"))
            .replace("adopted: None,", "adopted: None,\n    stage: amended,");
        assert_eq!(
            messages(&text),
            ["f.ron:5:12: unknown stage \"amended\"; expected one of draft, consultation, adopted"]
        );
    }
}

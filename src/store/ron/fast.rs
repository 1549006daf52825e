//! The fast way in: programme files read by the `ron` crate, with a cheap scan that finds
//! comments and everything the position-keeping reader refuses but `ron` would let through,
//! and a locator that finds the lines and columns of only the places a problem is about.
//!
//! The position-keeping reader (`syntax` and the decoder) stays the authority: a text is taken
//! from `ron` only when the scan has no doubt and `ron` reads it; anything else goes the slow
//! way, so every message and position stays what that reader says.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Locations and offsets are ours, not an attacker's: a fast hash, looked up once per field.
type Fast = foldhash::fast::FixedState;

use super::decode::{OUTPUT_PARTS, SESSION_PARTS};
use super::halves::{Confirmation, Halves};
use super::{Parsed, SourceMap};
use crate::model::{
    Activity, Cell, Field, FieldKind, FieldValue, Location, PlanDate, Problem, Programme, Target,
    Within, YEARS,
};
use crate::store::diagnostic::{Pos, Span};

/// Reads a programme with `ron`, or says the slow reader must decide (`None`): the text uses
/// something the two readers might disagree on, or `ron` refuses it.
pub(super) fn read(text: &str) -> Option<Parsed> {
    let (scan, programme) = if text.len() >= PARALLEL_FROM {
        read_on_two_threads(text)
    } else {
        (scan(text, None), ::ron::from_str::<Programme>(text).ok())
    };
    let (scan, programme) = (scan?, programme?);
    if !scan.agrees_with(text, &programme) {
        return None;
    }
    let offsets: Vec<usize> = scan.comments.iter().flat_map(|&(s, e)| [s, e]).collect();
    let pos = positions(text, &offsets);
    let comments = scan
        .comments
        .iter()
        .map(|&(s, e)| Span::new(pos[&s], pos[&e]))
        .collect();
    Some(Parsed {
        programme,
        source_map: None,
        comments,
    })
}

/// From this size of text (about 400 activities) a second thread pays for itself.
const PARALLEL_FROM: usize = 256 * 1024;

/// Where the second run of clusters starts, as a share of the text: the thread that reads it
/// scans the whole text first.
const SECOND_RUN_FROM: f64 = 0.6;

/// Two threads share a large text: one scans it and then has `ron` read the clusters of its
/// last part, the other has `ron` read the programme's own fields and the other clusters. A
/// text not laid out canonically is read whole by `ron` beside the scan.
fn read_on_two_threads(text: &str) -> (Option<Scan>, Option<Programme>) {
    let guess = Halves::guess(text, SECOND_RUN_FROM);
    let scan_and_second = || {
        let scan = scan(text, guess)?;
        let second = scan.halves.map(|halves| halves.read_second(text));
        Some((scan, second))
    };
    std::thread::scope(|s| {
        // Without a second thread (the system refuses one), the scan runs after the rest.
        let scanning = std::thread::Builder::new().spawn_scoped(s, scan_and_second);
        let mine = match guess {
            Some(halves) => Err((halves.read_header(text), halves.read_first(text))),
            None => Ok(::ron::from_str::<Programme>(text).ok()),
        };
        let scanned = match scanning {
            Ok(scanning) => scanning.join().ok().flatten(),
            Err(_) => scan_and_second(),
        };
        let Some((scan, second)) = scanned else {
            return (None, None);
        };
        let programme = match (mine, second) {
            (Ok(whole), _) => whole,
            (Err((header, first)), Some(second)) => {
                header
                    .zip(first)
                    .zip(second)
                    .map(|((mut programme, first), second)| {
                        programme.clusters = first;
                        programme.clusters.extend(second);
                        programme
                    })
            }
            // The guess was wrong (a cluster line inside a string, say): read it whole.
            (Err(_), None) => ::ron::from_str::<Programme>(text).ok(),
        };
        (Some(scan), programme)
    })
}

/// The text after the white space and comments it starts with; `None` when a comment is
/// never closed.
pub(super) fn after_trivia(text: &str) -> Option<&str> {
    let mut lexer = Lexer::new(text);
    lexer.skip_trivia().ok()?;
    text.get(lexer.at..)
}

/// Where the white space at `at` ends. Indentation is most of a canonical file (an activity's
/// fields stand 20 spaces in): eight spaces are passed at a time, the rest byte by byte.
fn after_blanks(bytes: &[u8], mut at: usize) -> usize {
    const EIGHT: [u8; 8] = *b"        ";
    // Eight bytes compared as one word, not through `memcmp`.
    let eight_spaces = |at: usize| {
        bytes
            .get(at..at + 8)
            .and_then(|chunk| <[u8; 8]>::try_from(chunk).ok())
            == Some(EIGHT)
    };
    loop {
        match bytes.get(at) {
            Some(b' ') if eight_spaces(at) => at += 8,
            Some(b' ' | b'\t' | b'\n' | b'\r') => at += 1,
            _ => return at,
        }
    }
}

/// A token: its kind and where it stands, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    Ident,
    Number,
    Str,
    /// One of `( ) [ ] { } , :`.
    Punct(u8),
}

#[derive(Clone, Copy, Debug)]
struct Token {
    kind: Tok,
    start: usize,
    end: usize,
    /// A comment stands between this token and the one before.
    after_comment: bool,
}

/// Something outside the plain RON that programme files are written in: the slow reader
/// decides what it means.
struct Doubt;

/// Splits a text into tokens, keeping where the comments are. Only the plain subset of RON
/// that both readers read alike gets through: ASCII white space, identifiers, digits,
/// `( ) [ ] { } , :` and strings with the escapes the canonical writer uses (plus `\0` and `\'`).
struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
    comments: Vec<(usize, usize)>,
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer {
            bytes: text.as_bytes(),
            at: 0,
            comments: Vec::new(),
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.at + ahead).copied()
    }

    /// Skips white space and comments; whether there was a comment.
    fn skip_trivia(&mut self) -> Result<bool, Doubt> {
        let mut comment = false;
        loop {
            self.at = after_blanks(self.bytes, self.at);
            match (self.peek(0), self.peek(1)) {
                (Some(b'/'), Some(b'/')) => {
                    let start = self.at;
                    let rest = &self.bytes[self.at..];
                    self.at += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                    self.comments.push((start, self.at));
                    comment = true;
                }
                (Some(b'/'), Some(b'*')) => {
                    let start = self.at;
                    self.at += 2;
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(0), self.peek(1)) {
                            (None, _) => return Err(Doubt),
                            (Some(b'*'), Some(b'/')) => (depth, self.at) = (depth - 1, self.at + 2),
                            (Some(b'/'), Some(b'*')) => (depth, self.at) = (depth + 1, self.at + 2),
                            _ => self.at += 1,
                        }
                    }
                    self.comments.push((start, self.at));
                    comment = true;
                }
                _ => return Ok(comment),
            }
        }
    }

    fn next(&mut self) -> Result<Option<Token>, Doubt> {
        let after_comment = self.skip_trivia()?;
        let start = self.at;
        let Some(first) = self.peek(0) else {
            return Ok(None);
        };
        let kind = match first {
            b'"' => {
                self.string()?;
                Tok::Str
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' | b':' => {
                self.at += 1;
                Tok::Punct(first)
            }
            b'0'..=b'9' => {
                self.at += self.run(|b| b.is_ascii_digit());
                if self
                    .peek(0)
                    .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'.')
                {
                    return Err(Doubt); // 0x…, 2022i32, 1e3, 2.5: numbers no programme needs
                }
                Tok::Number
            }
            b if b.is_ascii_alphabetic() || b == b'_' => {
                self.at += self.run(|b| b.is_ascii_alphanumeric() || b == b'_');
                // r"…", r#…, b"…": raw strings, raw identifiers, byte strings.
                if matches!(self.peek(0), Some(b'"' | b'#' | b'\'')) {
                    return Err(Doubt);
                }
                Tok::Ident
            }
            _ => return Err(Doubt),
        };
        Ok(Some(Token {
            kind,
            start,
            end: self.at,
            after_comment,
        }))
    }

    fn run(&self, keep: impl Fn(u8) -> bool) -> usize {
        let rest = &self.bytes[self.at..];
        rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len())
    }

    /// A string in quotes, up to and with its closing quote.
    fn string(&mut self) -> Result<(), Doubt> {
        self.at += 1;
        loop {
            let rest = &self.bytes[self.at..];
            let stop = memchr::memchr2(b'"', b'\\', rest).ok_or(Doubt)?;
            self.at += stop;
            if self.bytes[self.at] == b'"' {
                self.at += 1;
                return Ok(());
            }
            match self.peek(1) {
                Some(b'"' | b'\\' | b'n' | b't' | b'r' | b'0' | b'\'') => self.at += 2,
                Some(b'u') => self.unicode_escape()?,
                _ => return Err(Doubt),
            }
        }
    }

    /// `\u{…}`: 1 to 6 hexadecimal digits naming a character.
    fn unicode_escape(&mut self) -> Result<(), Doubt> {
        if self.peek(2) != Some(b'{') {
            return Err(Doubt);
        }
        self.at += 3;
        let digits = self.run(|b| b.is_ascii_hexdigit());
        let hex = std::str::from_utf8(&self.bytes[self.at..self.at + digits]).map_err(|_| Doubt)?;
        let named = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
        if !(1..=6).contains(&digits) || named.is_none() || self.peek(digits) != Some(b'}') {
            return Err(Doubt);
        }
        self.at += digits + 1;
        Ok(())
    }
}

/// What the scan of a whole text found.
pub(super) struct Scan {
    comments: Vec<(usize, usize)>,
    /// How many `name:` fields the text has, in all its structs.
    fields: usize,
    /// The string inside `adopted: Some("…")` of the programme, in bytes with its quotes.
    adopted: Option<(usize, usize)>,
    /// The guess at the runs of clusters, when the scan confirmed it.
    pub(super) halves: Option<Halves>,
}

/// Tokenizes the whole text once, cheaply; `None` when the text is not plain RON.
pub(super) fn scan(text: &str, guess: Option<Halves>) -> Option<Scan> {
    let mut confirmation = guess.map(Confirmation::of);
    let mut after: Option<u8> = None;
    let mut lexer = Lexer::new(text);
    let mut fields = 0;
    let mut depth = 0usize;
    let mut adopted = None;
    // The four tokens before this one, to see `adopted : Some ( "…"`: a ring, the oldest at
    // `seen % 4` (moving five tokens along at every token was a tenth of the scan).
    let mut recent: [Option<Token>; 4] = [None; 4];
    let mut seen = 0usize;
    while let Some(token) = lexer.next().ok()? {
        if let Some(confirmation) = &mut confirmation {
            confirmation.token(text, (token.start, token.end), depth, after);
            after = match token.kind {
                Tok::Punct(punct) => Some(punct),
                _ => None,
            };
        }
        match token.kind {
            Tok::Punct(b'(' | b'[' | b'{') => depth += 1,
            Tok::Punct(b')' | b']' | b'}') => depth = depth.checked_sub(1)?,
            Tok::Punct(b':') => {
                // The slow reader tells a struct from a tuple by `name:` with nothing between.
                if token.after_comment {
                    return None;
                }
                fields += 1;
            }
            Tok::Str if depth == 2 => {
                let before = |n: usize| recent[(seen + n) % 4];
                let is_adopted = matches!(
                    (before(0), before(1), before(2)),
                    (Some(name), Some(colon), Some(some))
                        if &text[name.start..name.end] == "adopted"
                            && colon.kind == Tok::Punct(b':')
                            && &text[some.start..some.end] == "Some"
                );
                if is_adopted {
                    adopted = Some((token.start, token.end));
                }
            }
            _ => {}
        }
        recent[seen % 4] = Some(token);
        seen += 1;
    }
    Some(Scan {
        comments: lexer.comments,
        fields,
        adopted,
        halves: confirmation.and_then(Confirmation::confirmed),
    })
}

impl Scan {
    /// Whether what `ron` read is what the slow reader would read: `ron` takes a missing
    /// `Option` field as `None`, any year, and chrono's lenient dates (`2021-1-1`); the slow
    /// reader wants every field, a four-digit year and `adopted` as a day written in full.
    fn agrees_with(&self, text: &str, programme: &Programme) -> bool {
        let expected_fields = written_fields(programme);
        let adopted_as_read = match (programme.adopted, self.adopted) {
            (None, None) => true,
            (Some(day), Some((start, end))) => {
                let written = &text[start + 1..end - 1];
                !written.contains('\\') && written.parse() == Ok(PlanDate::Day(day))
            }
            _ => false,
        };
        self.fields == expected_fields && YEARS.contains(&programme.year) && adopted_as_read
    }
}

/// How many `name:` the canonical writer writes for a programme: its fields, without the
/// optional ones left out when empty, and those of everything inside. A text with as many is
/// one where `ron` left nothing to its defaults (an optional field written empty goes the
/// slow way, which reads it alike).
fn written_fields(programme: &Programme) -> usize {
    let present = |fields: &[Field], get: &dyn Fn(Field) -> Option<FieldValue>| {
        fields
            .iter()
            .filter(|&&f| {
                !f.is_optional_in(fields) || get(f).is_some_and(|v| !Field::is_empty_value(&v))
            })
            .count()
    };
    // `get` copies a value; on 100k activities only the optional ones are asked for.
    let header = present(Field::PROGRAMME, &|f| match f {
        Field::Clusters => None,
        f => programme.get(f),
    }) + programme.themes.len() * 2
        + programme
            .fields
            .iter()
            .map(|f| 2 + usize::from(!f.name.is_empty()))
            .sum::<usize>();
    let optional = &Field::ACTIVITY[Field::ACTIVITY_REQUIRED.len()..];
    let activity = |a: &Activity| {
        Field::ACTIVITY_REQUIRED.len()
            + optional.iter().filter(|f| !a.is_blank(**f)).count()
            + a.sessions.len() * SESSION_FIELDS
            + a.outputs.len() * OUTPUT_FIELDS
            + a.values.len()
    };
    header
        + programme
            .clusters
            .iter()
            .map(|c| Field::CLUSTER.len() + c.activities.iter().map(activity).sum::<usize>())
            .sum::<usize>()
}

/// The fields the canonical writer gives every session and every output.
const SESSION_FIELDS: usize = SESSION_PARTS.len();
const OUTPUT_FIELDS: usize = OUTPUT_PARTS.len();

/// Where the places of some problems are in the text a programme was read from: the slow
/// reader's map, or what the locator finds.
pub(super) fn source_map<'a>(
    parsed: &'a Parsed,
    text: &str,
    problems: &[Problem],
) -> Cow<'a, SourceMap> {
    if let Some(map) = &parsed.source_map {
        return Cow::Borrowed(map);
    }
    let locations: Vec<Location> = problems.iter().map(|p| p.location).collect();
    let items: Vec<(Location, Within)> = problems
        .iter()
        .filter_map(|p| Some((p.location, p.within.clone()?)))
        .collect();
    Cow::Owned(locate(text, &parsed.comments, &locations, &items))
}

/// The spans of some locations (and of their owners, which a missing field falls back to) and
/// of some items of list fields (and of the whole items, which a missing part falls back to)
/// in a text the fast way read, found in one pass without building a tree. `comments` are the
/// text's comments as the fast way found them: the clusters and activities no problem is about
/// are passed over by their brackets, and a bracket or quote in a comment is not one.
pub(super) fn locate(
    text: &str,
    comments: &[Span],
    wanted: &[Location],
    items: &[(Location, Within)],
) -> SourceMap {
    if wanted.is_empty() && items.is_empty() {
        return SourceMap::default();
    }
    let mut wanted_cells: HashSet<Cell, Fast> = wanted
        .iter()
        .chain(items.iter().map(|(location, _)| location))
        .filter_map(|location| match location.target {
            Target::Activity(cell) => Some(cell),
            Target::Programme | Target::Cluster(_) => None,
        })
        .collect();
    wanted_cells.shrink_to_fit();
    let wanted_clusters: HashSet<usize, Fast> = wanted
        .iter()
        .filter_map(|location| match location.target {
            Target::Cluster(index) => Some(index),
            Target::Activity(cell) => Some(cell.cluster),
            Target::Programme => None,
        })
        .chain(wanted_cells.iter().map(|cell| cell.cluster))
        .collect();
    let mut want: HashSet<Location, Fast> = wanted.iter().copied().collect();
    want.extend(wanted.iter().map(|l| Location {
        target: l.target,
        field: None,
    }));
    let mut want_items: HashSet<(Location, Within), Fast> = items.iter().cloned().collect();
    want_items.extend(items.iter().map(|(location, within)| {
        let whole = Within {
            item: within.item.clone(),
            part: None,
        };
        (*location, whole)
    }));
    let mut locator = Locator {
        text,
        lexer: Lexer::new(text),
        ahead: Vec::new(),
        want,
        item_fields: items.iter().map(|(location, _)| *location).collect(),
        want_items,
        wanted_cells,
        wanted_clusters,
        comments: comments
            .iter()
            .map(|span| (span.start.offset, span.end.offset))
            .collect(),
        found: Vec::new(),
        found_items: Vec::new(),
    };
    // A text the fast way read is plain RON; should it not be, what was found still stands.
    let _ = locator.value(Slot::Root, 0);
    let offsets: Vec<usize> = locator
        .found
        .iter()
        .map(|(_, s, e)| (*s, *e))
        .chain(locator.found_items.iter().map(|(_, s, e)| (*s, *e)))
        .flat_map(|(s, e)| [s, e])
        .collect();
    let pos = positions(text, &offsets);
    let span = |s: usize, e: usize| Span::new(pos[&s], pos[&e]);
    SourceMap {
        spans: locator
            .found
            .iter()
            .map(|&(location, s, e)| (location, span(s, e)))
            .collect(),
        items: locator
            .found_items
            .into_iter()
            .map(|(item, s, e)| (item, span(s, e)))
            .collect(),
    }
}

/// What a value is in the programme, so the locator knows its location.
#[derive(Clone, Copy)]
enum Slot {
    Root,
    Field(Location),
    Cluster(usize),
    Activity(Cell),
    /// Item `usize` of a list field (a lead, a session…).
    Item(Location, usize),
    /// A part of item `usize` of a list field: a session's `country`, an output's `link`.
    Part(Location, usize, &'static str),
    /// The value of an own field, its key's text (inside the quotes) at these offsets.
    Entry(Location, usize, usize),
    Other,
}

impl Slot {
    fn location(self) -> Option<Location> {
        let whole = |target| Location {
            target,
            field: None,
        };
        match self {
            Slot::Root => Some(whole(Target::Programme)),
            Slot::Field(location) => Some(location),
            Slot::Cluster(index) => Some(whole(Target::Cluster(index))),
            Slot::Activity(cell) => Some(whole(Target::Activity(cell))),
            Slot::Item(..) | Slot::Part(..) | Slot::Entry(..) | Slot::Other => None,
        }
    }

    /// The list field whose item (or part of one) this slot is, when it is one.
    fn item_field(self) -> Option<Location> {
        match self {
            Slot::Item(location, _) | Slot::Part(location, ..) | Slot::Entry(location, ..) => {
                Some(location)
            }
            Slot::Root | Slot::Field(_) | Slot::Cluster(_) | Slot::Activity(_) | Slot::Other => {
                None
            }
        }
    }

    /// The item of a list field (or its part) this slot is, when it is one.
    fn within(self, text: &str) -> Option<(Location, Within)> {
        match self {
            Slot::Item(location, index) => Some((location, Within::item(index))),
            Slot::Part(location, index, part) => Some((location, Within::part(index, part))),
            Slot::Entry(location, start, end) => {
                Some((location, Within::key(text.get(start..end)?)))
            }
            Slot::Root | Slot::Field(_) | Slot::Cluster(_) | Slot::Activity(_) | Slot::Other => {
                None
            }
        }
    }

    /// The parts a struct in this slot has, when it is an item of a list field.
    fn parts(self) -> Option<(Location, usize, &'static [&'static str])> {
        let Slot::Item(location, index) = self else {
            return None;
        };
        match location.field.map(Field::kind) {
            Some(FieldKind::Sessions) => Some((location, index, SESSION_PARTS)),
            Some(FieldKind::Outputs) => Some((location, index, OUTPUT_PARTS)),
            _ => None,
        }
    }

    /// The thing whose fields a struct in this slot holds.
    fn target(self) -> Option<Target> {
        match self {
            Slot::Root => Some(Target::Programme),
            Slot::Cluster(index) => Some(Target::Cluster(index)),
            Slot::Activity(cell) => Some(Target::Activity(cell)),
            Slot::Field(_) | Slot::Item(..) | Slot::Part(..) | Slot::Entry(..) | Slot::Other => {
                None
            }
        }
    }

    /// The slot of the item at `index` of a list in this slot.
    fn item(self, index: usize) -> Slot {
        match self.location() {
            Some(Location {
                target: Target::Programme,
                field: Some(Field::Clusters),
            }) => Slot::Cluster(index),
            Some(Location {
                target: Target::Cluster(cluster),
                field: Some(Field::Activities),
            }) => Slot::Activity(Cell::new(cluster, index)),
            Some(
                location @ Location {
                    target: Target::Activity(_),
                    field: Some(field),
                },
            ) if has_items(field) => Slot::Item(location, index),
            _ => Slot::Other,
        }
    }
}

/// Whether a problem can be about one item of this field's list (what the decoder marks).
fn has_items(field: Field) -> bool {
    matches!(
        field.kind(),
        FieldKind::Codes | FieldKind::Tags | FieldKind::Sessions | FieldKind::Outputs
    )
}

/// The field of a thing with this name in files.
fn field_named(target: Target, name: &str) -> Option<Field> {
    let fields = match target {
        Target::Programme => Field::PROGRAMME,
        Target::Cluster(_) => Field::CLUSTER,
        Target::Activity(_) => Field::ACTIVITY,
    };
    Field::named(fields, name)
}

struct Locator<'a> {
    text: &'a str,
    lexer: Lexer<'a>,
    /// Tokens looked at but not yet taken, next first.
    ahead: Vec<Token>,
    want: HashSet<Location, Fast>,
    /// The fields some wanted items are in: only their items are looked up (and a key copied).
    item_fields: HashSet<Location, Fast>,
    want_items: HashSet<(Location, Within), Fast>,
    /// The activities and clusters something is wanted in: the others are passed over.
    wanted_cells: HashSet<Cell, Fast>,
    wanted_clusters: HashSet<usize, Fast>,
    /// The comments of the text, in bytes, in order.
    comments: Vec<(usize, usize)>,
    found: Vec<(Location, usize, usize)>,
    found_items: Vec<((Location, Within), usize, usize)>,
}

/// Programmes nest six levels; the bound keeps a hostile text from exhausting the stack.
const MAX_DEPTH: usize = 32;

impl Locator<'_> {
    fn next(&mut self) -> Result<Token, Doubt> {
        if self.ahead.is_empty() {
            return self.lexer.next()?.ok_or(Doubt);
        }
        Ok(self.ahead.remove(0))
    }

    /// The token `n` places ahead, without taking it.
    fn peek(&mut self, n: usize) -> Result<Option<Token>, Doubt> {
        while self.ahead.len() <= n {
            match self.lexer.next()? {
                Some(token) => self.ahead.push(token),
                None => return Ok(None),
            }
        }
        Ok(Some(self.ahead[n]))
    }

    fn peek_is(&mut self, n: usize, kind: Tok) -> Result<bool, Doubt> {
        Ok(self.peek(n)?.is_some_and(|t| t.kind == kind))
    }

    /// Reads one value and records its span (in bytes, as the slow reader gives it) when its
    /// location is wanted.
    fn value(&mut self, slot: Slot, depth: usize) -> Result<(), Doubt> {
        if depth > MAX_DEPTH {
            return Err(Doubt);
        }
        let unwanted = match slot {
            Slot::Cluster(index) => !self.wanted_clusters.contains(&index),
            Slot::Activity(cell) => !self.wanted_cells.contains(&cell),
            // A field of an activity some problem is about, when none is about this field.
            Slot::Field(location) => {
                matches!(location.target, Target::Activity(_))
                    && !self.want.contains(&location)
                    && !self.item_fields.contains(&location)
            }
            Slot::Root | Slot::Item(..) | Slot::Part(..) | Slot::Entry(..) | Slot::Other => false,
        };
        if unwanted && self.pass_over()? {
            return Ok(());
        }
        let token = self.next()?;
        let end = match token.kind {
            Tok::Str | Tok::Number => token.end,
            Tok::Punct(b'[') => self.items(b']', slot, depth)?,
            Tok::Punct(b'{') => self.entries(slot, depth)?,
            Tok::Punct(b'(') => self.parenthesised(slot, depth)?,
            Tok::Ident if self.peek_is(0, Tok::Punct(b'('))? => {
                self.next()?;
                self.parenthesised(slot, depth)?
            }
            // The slow reader looks past the trivia after a bare word for a `(`; its span
            // ends there.
            Tok::Ident => self.peek(0)?.map_or(self.text.len(), |next| next.start),
            Tok::Punct(_) => return Err(Doubt),
        };
        if let Some(location) = slot.location().filter(|l| self.want.contains(l)) {
            self.found.push((location, token.start, end));
        }
        if slot
            .item_field()
            .is_some_and(|field| self.item_fields.contains(&field))
            && let Some(item) = slot
                .within(self.text)
                .filter(|item| self.want_items.contains(item))
        {
            self.found_items.push((item, token.start, end));
        }
        Ok(())
    }

    /// Passes over a bracketed value (`Name(…)`, `(…)`, `[…]`, `{…}`) without making its
    /// tokens; whether the next value was one. Nothing inside it is wanted, so only where it
    /// ends matters.
    fn pass_over(&mut self) -> Result<bool, Doubt> {
        let (opens, brackets) = match self.peek(0)?.map(|t| t.kind) {
            Some(Tok::Punct(b'(')) => (1, (b'(', b')')),
            Some(Tok::Punct(b'[')) => (1, (b'[', b']')),
            Some(Tok::Punct(b'{')) => (1, (b'{', b'}')),
            Some(Tok::Ident) if self.peek_is(1, Tok::Punct(b'('))? => (2, (b'(', b')')),
            _ => return Ok(false),
        };
        // The lexer must stand just after the opening bracket: with tokens looked at beyond
        // it, the value is read the usual way.
        if self.ahead.len() > opens {
            return Ok(false);
        }
        for _ in 0..opens {
            self.next()?;
        }
        self.lexer.at = after_closing(self.lexer.bytes, self.lexer.at, brackets, &self.comments)
            .ok_or(Doubt)?;
        Ok(true)
    }

    /// The items of a list or tuple up to `close`; where the list ends.
    fn items(&mut self, close: u8, slot: Slot, depth: usize) -> Result<usize, Doubt> {
        let mut index = 0;
        loop {
            if self.peek_is(0, Tok::Punct(close))? {
                return Ok(self.next()?.end);
            }
            self.value(slot.item(index), depth + 1)?;
            index += 1;
            let after = self.next()?;
            match after.kind {
                Tok::Punct(b',') => {}
                Tok::Punct(b) if b == close => return Ok(after.end),
                _ => return Err(Doubt),
            }
        }
    }

    /// The entries of a map up to `}`; where the map ends. Only the values of own fields
    /// are located, by their keys.
    fn entries(&mut self, slot: Slot, depth: usize) -> Result<usize, Doubt> {
        let values = match slot {
            Slot::Field(location) if location.field.map(Field::kind) == Some(FieldKind::Values) => {
                Some(location)
            }
            _ => None,
        };
        loop {
            if self.peek_is(0, Tok::Punct(b'}'))? {
                return Ok(self.next()?.end);
            }
            let key = self.peek(0)?.filter(|t| t.kind == Tok::Str);
            self.value(Slot::Other, depth + 1)?;
            if self.next()?.kind != Tok::Punct(b':') {
                return Err(Doubt);
            }
            // The key as written inside its quotes: an escaped key is not found, and its
            // problem falls back to the field.
            let entry = values.zip(key).map_or(Slot::Other, |(location, key)| {
                Slot::Entry(location, key.start + 1, key.end.saturating_sub(1))
            });
            self.value(entry, depth + 1)?;
            let after = self.next()?;
            match after.kind {
                Tok::Punct(b',') => {}
                Tok::Punct(b'}') => return Ok(after.end),
                _ => return Err(Doubt),
            }
        }
    }

    /// After `(`: a struct when a `name:` comes first, else a tuple (such as `Some(…)`).
    fn parenthesised(&mut self, slot: Slot, depth: usize) -> Result<usize, Doubt> {
        let is_struct = self.peek_is(0, Tok::Ident)? && self.peek_is(1, Tok::Punct(b':'))?;
        if !is_struct {
            return self.items(b')', Slot::Other, depth);
        }
        let target = slot.target();
        let parts = slot.parts();
        loop {
            let name = self.next()?;
            match name.kind {
                Tok::Punct(b')') => return Ok(name.end),
                Tok::Ident if self.next()?.kind == Tok::Punct(b':') => {}
                _ => return Err(Doubt),
            }
            let field = target.and_then(|target| {
                let field = field_named(target, &self.text[name.start..name.end])?;
                Some(Location {
                    target,
                    field: Some(field),
                })
            });
            let name = &self.text[name.start..name.end];
            let part = parts.and_then(|(location, index, parts)| {
                let part = parts.iter().find(|p| **p == name)?;
                Some(Slot::Part(location, index, part))
            });
            let field_slot = field.map_or(Slot::Other, Slot::Field);
            self.value(part.unwrap_or(field_slot), depth + 1)?;
            let after = self.next()?;
            match after.kind {
                Tok::Punct(b',') => {}
                Tok::Punct(b')') => return Ok(after.end),
                _ => return Err(Doubt),
            }
        }
    }
}

/// Where the bracket closing an `open` that stands just before `from` ends, found without
/// tokens: a text the fast way read has its brackets nested (`ron` read it), so brackets of
/// the one kind alone are counted, strings are passed by their quotes and `comments` (in bytes,
/// in order) by their ends. `None` when the text ends first.
fn after_closing(
    bytes: &[u8],
    from: usize,
    (open, close): (u8, u8),
    comments: &[(usize, usize)],
) -> Option<usize> {
    let mut depth = 1usize;
    let mut at = from;
    // The first comment that ends after `at`: every hit before it is outside comments.
    let mut comment = comments.partition_point(|&(_, end)| end <= at);
    loop {
        let hit = at + memchr::memchr3(b'"', open, close, bytes.get(at..)?)?;
        while comments.get(comment).is_some_and(|&(_, end)| end <= hit) {
            comment += 1;
        }
        if let Some(&(start, end)) = comments.get(comment)
            && start <= hit
        {
            at = end;
            continue;
        }
        at = hit + 1;
        match bytes[hit] {
            b'"' => at = after_string(bytes, at)?,
            b if b == open => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(at);
                }
            }
        }
    }
}

/// Where a string whose opening quote stands just before `from` ends, after its closing quote.
fn after_string(bytes: &[u8], mut from: usize) -> Option<usize> {
    loop {
        let stop = from + memchr::memchr2(b'"', b'\\', bytes.get(from..)?)?;
        if bytes[stop] == b'"' {
            return Some(stop + 1);
        }
        // An escape: the character after the backslash is never the closing quote.
        from = stop + 2;
    }
}

/// The line and column of byte offsets (each at a character boundary), in one pass.
fn positions(text: &str, offsets: &[usize]) -> HashMap<usize, Pos, Fast> {
    let mut sorted = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let bytes = text.as_bytes();
    let mut at = Pos::START;
    let mut out = HashMap::with_capacity_and_hasher(sorted.len(), Fast::default());
    for offset in sorted {
        let chunk = &bytes[at.offset..offset.min(bytes.len())];
        let chars = |b: &[u8]| b.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        match chunk.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                at.line += memchr::memchr_iter(b'\n', chunk).count();
                at.col = chars(&chunk[last + 1..]) + 1;
            }
            None => at.col += chars(chunk),
        }
        at.offset += chunk.len();
        out.insert(offset, at);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ron::parse_with_positions;

    fn every_location(programme: &Programme) -> Vec<Location> {
        let mut out = vec![Location {
            target: Target::Programme,
            field: None,
        }];
        out.extend(Field::PROGRAMME.iter().map(|&f| Location::programme(f)));
        for (c, cluster) in programme.clusters.iter().enumerate() {
            out.push(Location {
                target: Target::Cluster(c),
                field: None,
            });
            out.extend(Field::CLUSTER.iter().map(|&f| Location::cluster(c, f)));
            for a in 0..cluster.activities.len() {
                let cell = Cell::new(c, a);
                out.push(Location {
                    target: Target::Activity(cell),
                    field: None,
                });
                out.extend(Field::ACTIVITY.iter().map(|&f| Location::activity(cell, f)));
            }
        }
        out
    }

    /// Every item of every list field of every activity, and each of its parts.
    fn every_item(programme: &Programme) -> Vec<(Location, Within)> {
        let mut out = Vec::new();
        for (c, cluster) in programme.clusters.iter().enumerate() {
            for (a, activity) in cluster.activities.iter().enumerate() {
                let at = |field| Location::activity(Cell::new(c, a), field);
                for (field, count) in [
                    (Field::Leads, activity.leads.len()),
                    (Field::Themes, activity.themes.len()),
                ] {
                    out.extend((0..count).map(|i| (at(field), Within::item(i))));
                }
                for (field, count, parts) in [
                    (Field::Sessions, activity.sessions.len(), SESSION_PARTS),
                    (Field::Outputs, activity.outputs.len(), OUTPUT_PARTS),
                ] {
                    for i in 0..count {
                        out.push((at(field), Within::item(i)));
                        out.extend(parts.iter().map(|p| (at(field), Within::part(i, p))));
                    }
                }
                out.extend(
                    activity
                        .values
                        .keys()
                        .map(|key| (at(Field::Values), Within::key(key))),
                );
            }
        }
        out
    }

    fn assert_located_as_the_decoder_does(text: &str) {
        assert!(read(text).is_some(), "the fast way reads it:\n{text}");
        let slow = parse_with_positions(text).expect("the slow reader reads it");
        let mapped = slow.source_map.as_ref().expect("the slow reader maps");
        let locations = every_location(&slow.programme);
        let items = every_item(&slow.programme);
        let comments = read(text).map(|parsed| parsed.comments).unwrap_or_default();
        let found = locate(text, &comments, &locations, &items);
        for location in &locations {
            assert_eq!(found.span(location), mapped.span(location), "{location:?}");
        }
        for item in &items {
            let span = found.items.get(item);
            assert!(span.is_some(), "{item:?} is found");
            assert_eq!(span, mapped.items.get(item), "{item:?}");
        }
    }

    /// Holds the locator to the slow reader on the places `keep` picks: the activities,
    /// clusters and fields of activities it leaves out are passed over by their brackets.
    fn assert_some_located_as_the_decoder_does(text: &str, keep: impl Fn(Location) -> bool) {
        let fast = read(text).expect("the fast way reads it");
        let slow = parse_with_positions(text).expect("the slow reader reads it");
        let mapped = slow.source_map.as_ref().expect("the slow reader maps");
        let locations: Vec<Location> = every_location(&slow.programme)
            .into_iter()
            .filter(|l| keep(*l))
            .collect();
        let items: Vec<(Location, Within)> = every_item(&slow.programme)
            .into_iter()
            .filter(|(l, _)| keep(*l))
            .collect();
        assert!(!locations.is_empty());
        let found = locate(text, &fast.comments, &locations, &items);
        for location in &locations {
            assert_eq!(
                found.spans.get(location),
                mapped.spans.get(location),
                "{location:?}"
            );
        }
        for item in &items {
            assert!(found.items.contains_key(item), "{item:?} is found");
            assert_eq!(found.items.get(item), mapped.items.get(item), "{item:?}");
        }
        let passed_over = every_location(&slow.programme)
            .into_iter()
            .filter(|l| !keep(*l) && matches!(l.target, Target::Activity(_)));
        for location in passed_over {
            assert_eq!(
                found.spans.get(&location),
                None,
                "{location:?} was not wanted"
            );
        }
    }

    #[test]
    fn the_locator_passes_over_activities_no_problem_is_about() {
        let full = include_str!("../../../tests/fixtures/full.ron");
        let shipped = include_str!("../../../programmes/2022.ron");
        // Brackets, quotes, escapes and comment look-alikes inside strings, and comments
        // holding brackets and quotes, in the activities passed over and in those read.
        let tricky = |text: &str| {
            text.replace(
                "description: \"",
                "description: \"( ) ((( \\\" \\\\ // /* [ { \\u{29} ",
            )
            .replace("status: ", "/* ) \" ( /* nested ) */ */ status: ")
            .replace(
                "            Activity(",
                "            // ) \" (\n            Activity(",
            )
        };
        let every_other = |location: Location| match location.target {
            Target::Activity(cell) => (cell.cluster + cell.activity) % 2 == 1,
            Target::Programme | Target::Cluster(_) => true,
        };
        let first_and_last = |last: Cell| {
            move |location: Location| match location.target {
                Target::Activity(cell) => cell == Cell::new(0, 0) || cell == last,
                Target::Cluster(c) => c == last.cluster,
                Target::Programme => false,
            }
        };
        // In the activities read, some fields only: the others are passed over too.
        let some_fields = |location: Location| {
            every_other(location)
                && matches!(
                    location.field,
                    None | Some(Field::End | Field::Sessions | Field::Values | Field::Status)
                )
        };
        for text in [full, shipped, &tricky(full), &tricky(shipped)] {
            let programme = read(text).expect("read the fast way").programme;
            assert_some_located_as_the_decoder_does(text, every_other);
            assert_some_located_as_the_decoder_does(text, some_fields);
            let last = programme.clusters.len() - 1;
            let cell = Cell::new(last, programme.clusters[last].activities.len() - 1);
            assert_some_located_as_the_decoder_does(text, first_and_last(cell));
        }
        assert!(tricky(shipped).contains("/* nested ) */"));
        assert!(!read(&tricky(shipped)).expect("read").comments.is_empty());
    }

    #[test]
    fn a_struct_is_passed_over_to_its_closing_parenthesis() {
        let text = "A(a: \"(\\\")\", b: /* ) \" */ (1), c: \"\\\\\") // )\n, x";
        let at = |part: &str| text.find(part).expect("in the text");
        let comments = [
            (at("/*"), at("/*") + "/* ) \" */".len()),
            (at("//"), at("//") + "// )".len()),
        ];
        assert_eq!(
            after_closing(text.as_bytes(), 2, (b'(', b')'), &comments),
            Some(at(" //"))
        );
        // Not told of the comments, the `)` in the first one would close it.
        assert_eq!(
            after_closing(text.as_bytes(), 2, (b'(', b')'), &[]),
            Some(at("/* )") + "/* )".len())
        );
        assert_eq!(
            after_closing(b"(\"never closed", 1, (b'(', b')'), &[]),
            None
        );
    }

    #[test]
    fn the_locator_finds_every_place_where_the_decoder_maps_it() {
        let shipped = include_str!("../../../programmes/2022.ron");
        assert_located_as_the_decoder_does(shipped);
        assert_located_as_the_decoder_does(&shipped.replace('\n', " "));
        assert_located_as_the_decoder_does(
            &shipped
                .replace(": ", ": /* c */ ")
                .replace("),\n", ") // after\n,"),
        );
    }

    #[test]
    fn a_file_with_every_field_is_read_alike_by_both_readers_and_located() {
        let full = include_str!("../../../tests/fixtures/full.ron");
        let fast = read(full).expect("the fast way reads every field");
        let slow = parse_with_positions(full).expect("the slow reader reads every field");
        assert_eq!(fast.programme, slow.programme);
        assert_eq!(crate::store::ron::to_canonical(&fast.programme), full);
        assert_located_as_the_decoder_does(full);
        // An optional field written empty is left to the slow reader, which reads it alike.
        let last = "                    notes: \"\",\n                ),\n            ],";
        let empty = full.replace(
            last,
            "                    notes: \"\",\n                    leads: [],\n                ),\n            ],",
        );
        assert_ne!(empty, full);
        assert!(read(&empty).is_none());
        assert_eq!(
            parse_with_positions(&empty).unwrap().programme,
            slow.programme
        );
    }

    #[test]
    fn the_locator_ends_a_bare_word_where_the_slow_reader_does() {
        let text = "Programme(year: 2022, title: \"Tï\" , adopted: None ,clusters:[Cluster(\
            id:\"c\",name:\"N\",summary:\"\",activities:[Activity(id:\"a\",title:\"x\",\
            description:\"é\\\"\",formats:[],start:None,end:Some( \"2022-Q2\" ),\
            follow_up_of:None,notes:\"\",status:planned\n /* c */ )])])";
        assert_located_as_the_decoder_does(text);
    }

    #[test]
    fn comments_inside_strings_are_not_comments() {
        let scan = scan(
            "(a: \"// no\", b: \"/* no */\", c: \"\\\"//\") // yes",
            None,
        )
        .expect("plain");
        assert_eq!(scan.comments, [(39, 45)]);
        assert_eq!(scan.fields, 3);
    }
}

//! A RON reader that keeps positions: every value knows where it stands in the file, so
//! problems can be reported at their line and column, and comments are found rather than
//! skipped, so nothing a planner wrote is dropped unnoticed.
//!
//! The `ron` crate reads RON into serde types, but reports only the first error and keeps no
//! positions for the values it returns; `check` must report every problem at its place.

use crate::store::diagnostic::{Diagnostic, Pos, Span};
use crate::text::{drawn, glyph};

/// How deep values may nest. A programme needs 6 levels; the limit keeps a file of a million
/// `[` from exhausting the stack.
const MAX_DEPTH: usize = 32;

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

/// A field name with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Char(char),
    /// A bare identifier: `None`, a unit enum variant such as `planned`.
    Ident(String),
    /// `Name(a, b)` or `(a, b)`: tuples, tuple structs, `Some(x)`.
    Tuple {
        name: Option<Name>,
        items: Vec<Node>,
    },
    /// `Name(field: value, …)` or `(field: value, …)`.
    Struct {
        name: Option<Name>,
        fields: Vec<(Name, Node)>,
    },
    List(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Kind {
    /// What a value is, in words, for "expected …, found …" messages.
    pub fn describe(&self) -> String {
        match self {
            Kind::Str(s) => format!("the string {s:?}"),
            Kind::Int(i) => format!("the number {i}"),
            Kind::Float(f) => format!("the number {f}"),
            Kind::Bool(b) => format!("`{b}`"),
            Kind::Char(c) => format!("the character {c:?}"),
            Kind::Ident(i) => format!("`{i}`"),
            Kind::Tuple { name: Some(n), .. } | Kind::Struct { name: Some(n), .. } => {
                format!("`{}({})`", n.text, glyph('…'))
            }
            Kind::Tuple { .. } | Kind::Struct { .. } => drawn("a `(…)` value").into_owned(),
            Kind::List(_) => "a list".to_string(),
            Kind::Map(_) => "a map".to_string(),
        }
    }
}

/// A parsed file: its one top-level value and the comments found on the way.
#[derive(Debug)]
pub struct Document {
    pub root: Node,
    pub comments: Vec<Span>,
}

/// Reads a RON text. Syntax errors stop the reading: the first one is returned.
pub fn parse(text: &str) -> Result<Document, Diagnostic> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: Pos::START,
        comments: Vec::new(),
    };
    parser.skip_trivia()?;
    if parser.peek().is_none() {
        return Err(Diagnostic::error(
            Span::at(parser.pos),
            "the file holds no programme; it should start with `Programme(`",
        ));
    }
    let root = parser.value(0)?;
    parser.skip_trivia()?;
    if let Some(c) = parser.peek_char() {
        return Err(parser.error_here(format!(
            "unexpected {} after the end of the programme",
            describe_char(c)
        )));
    }
    Ok(Document {
        root,
        comments: parser.comments,
    })
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: Pos,
    comments: Vec<Span>,
}

fn describe_char(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("character {c:?}")
    } else {
        format!("`{c}`")
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos.offset).copied()
    }

    fn peek_char(&self) -> Option<char> {
        self.text[self.pos.offset..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek_char()?;
        self.pos.offset += c.len_utf8();
        if c == '\n' {
            self.pos.line += 1;
            self.pos.col = 1;
        } else {
            self.pos.col += 1;
        }
        Some(c)
    }

    fn error_here(&self, message: impl Into<String>) -> Diagnostic {
        let mut end = self.pos;
        if let Some(c) = self.peek_char() {
            end.offset += c.len_utf8();
            end.col += 1;
        }
        Diagnostic::error(Span::new(self.pos, end), message)
    }

    fn unexpected(&self, wanted: &str) -> Diagnostic {
        match self.peek_char() {
            None => self.error_here(format!(
                "the file ends too early: expected {wanted}; is it cut short?"
            )),
            Some(c) => self.error_here(format!("expected {wanted}, found {}", describe_char(c))),
        }
    }

    /// Skips white space and comments, recording where the comments are.
    fn skip_trivia(&mut self) -> Result<(), Diagnostic> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => {
                    self.bump();
                }
                Some(b'/') if self.bytes.get(self.pos.offset + 1) == Some(&b'/') => {
                    let start = self.pos;
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.bump();
                    }
                    self.comments.push(Span::new(start, self.pos));
                }
                Some(b'/') if self.bytes.get(self.pos.offset + 1) == Some(&b'*') => {
                    let start = self.pos;
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(), self.bytes.get(self.pos.offset + 1)) {
                            (None, _) => {
                                return Err(Diagnostic::error(
                                    Span::at(start),
                                    "this comment is never closed with `*/`",
                                ));
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.bump();
                                self.bump();
                            }
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.bump();
                                self.bump();
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                    self.comments.push(Span::new(start, self.pos));
                }
                _ => return Ok(()),
            }
        }
    }

    fn expect(&mut self, byte: u8, wanted: &str) -> Result<(), Diagnostic> {
        self.skip_trivia()?;
        if self.peek() == Some(byte) {
            self.bump();
            Ok(())
        } else {
            Err(self.unexpected(wanted))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, Diagnostic> {
        self.skip_trivia()?;
        if depth > MAX_DEPTH {
            return Err(self.error_here(format!(
                "values nest more than {MAX_DEPTH} levels deep; this is not a programme"
            )));
        }
        let start = self.pos;
        let Some(c) = self.peek_char() else {
            return Err(self.unexpected("a value"));
        };
        let kind = match c {
            '"' => Kind::Str(self.string()?),
            'r' if matches!(self.bytes.get(start.offset + 1), Some(b'"' | b'#')) => {
                Kind::Str(self.raw_string()?)
            }
            '\'' => Kind::Char(self.char_literal()?),
            '[' => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.skip_trivia()?;
                    if self.peek() == Some(b']') {
                        self.bump();
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                    if !self.comma_or_close(b']', "`,` or `]`")? {
                        break;
                    }
                }
                Kind::List(items)
            }
            '{' => {
                self.bump();
                let mut entries = Vec::new();
                loop {
                    self.skip_trivia()?;
                    if self.peek() == Some(b'}') {
                        self.bump();
                        break;
                    }
                    let key = self.value(depth + 1)?;
                    self.expect(b':', "`:`")?;
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                    if !self.comma_or_close(b'}', "`,` or `}`")? {
                        break;
                    }
                }
                Kind::Map(entries)
            }
            '(' => self.parenthesised(None, depth)?,
            '-' | '+' | '0'..='9' | '.' => self.number()?,
            c if is_ident_start(c) => {
                let name = self.ident();
                self.skip_trivia()?;
                if self.peek() == Some(b'(') {
                    self.parenthesised(Some(name), depth)?
                } else {
                    match name.text.as_str() {
                        "true" => Kind::Bool(true),
                        "false" => Kind::Bool(false),
                        _ => Kind::Ident(name.text),
                    }
                }
            }
            '#' => {
                return Err(self.error_here(drawn(
                    "RON extensions (`#![enable(…)]`) are not used in programme files; remove the line",
                )));
            }
            c => {
                return Err(
                    self.error_here(format!("expected a value, found {}", describe_char(c)))
                );
            }
        };
        Ok(Node {
            kind,
            span: Span::new(start, self.pos),
        })
    }

    /// After an item: a comma (true: more may follow) or the closing bracket (false).
    fn comma_or_close(&mut self, close: u8, wanted: &str) -> Result<bool, Diagnostic> {
        self.skip_trivia()?;
        match self.peek() {
            Some(b',') => {
                self.bump();
                Ok(true)
            }
            Some(b) if b == close => {
                self.bump();
                Ok(false)
            }
            _ => Err(self.unexpected(wanted)),
        }
    }

    fn ident(&mut self) -> Name {
        let start = self.pos;
        while self.peek_char().is_some_and(is_ident_char) {
            self.bump();
        }
        Name {
            text: self.text[start.offset..self.pos.offset].to_string(),
            span: Span::new(start, self.pos),
        }
    }

    /// `( … )` after an optional name: a struct when it starts with `field:`, else a tuple.
    fn parenthesised(&mut self, name: Option<Name>, depth: usize) -> Result<Kind, Diagnostic> {
        self.bump(); // (
        self.skip_trivia()?;
        let is_struct = {
            let rest = &self.text[self.pos.offset..];
            let ident_len = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
            ident_len > 0
                && rest.starts_with(is_ident_start)
                && rest[ident_len..].trim_start().starts_with(':')
        };
        if is_struct {
            let mut fields = Vec::new();
            loop {
                self.skip_trivia()?;
                if self.peek() == Some(b')') {
                    self.bump();
                    break;
                }
                if !self.peek_char().is_some_and(is_ident_start) {
                    return Err(self.unexpected("a field name or `)`"));
                }
                let field = self.ident();
                self.expect(b':', "`:` after the field name")?;
                let value = self.value(depth + 1)?;
                fields.push((field, value));
                if !self.comma_or_close(b')', "`,` or `)`")? {
                    break;
                }
            }
            Ok(Kind::Struct { name, fields })
        } else {
            let mut items = Vec::new();
            loop {
                self.skip_trivia()?;
                if self.peek() == Some(b')') {
                    self.bump();
                    break;
                }
                items.push(self.value(depth + 1)?);
                if !self.comma_or_close(b')', "`,` or `)`")? {
                    break;
                }
            }
            Ok(Kind::Tuple { name, items })
        }
    }

    fn number(&mut self) -> Result<Kind, Diagnostic> {
        let start = self.pos;
        while self
            .peek_char()
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_'))
        {
            self.bump();
        }
        let text = self.text[start.offset..self.pos.offset].replace('_', "");
        let span = Span::new(start, self.pos);
        if let Ok(i) = text.parse::<i64>() {
            return Ok(Kind::Int(i));
        }
        if let Ok(f) = text.parse::<f64>() {
            return Ok(Kind::Float(f));
        }
        let hint = if text.chars().filter(|c| *c == '-').count() >= 1 && text.len() >= 6 {
            "; dates are written in quotes, like \"2022-03-15\""
        } else {
            ""
        };
        Err(Diagnostic::error(
            span,
            format!("{text:?} is not a number{hint}"),
        ))
    }

    fn string(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        self.bump(); // "
        let mut out = String::new();
        loop {
            let Some(c) = self.bump() else {
                return Err(Diagnostic::error(
                    Span::at(start),
                    "this string is never closed with `\"`; is the file cut short?",
                ));
            };
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let escape_start = self.pos;
                    let escaped = match self.bump() {
                        Some('n') => '\n',
                        Some('t') => '\t',
                        Some('r') => '\r',
                        Some('0') => '\0',
                        Some('\\') => '\\',
                        Some('"') => '"',
                        Some('\'') => '\'',
                        Some('\n') => {
                            // A backslash at the end of a line continues the string.
                            while self.peek().is_some_and(|b| b == b' ' || b == b'\t') {
                                self.bump();
                            }
                            continue;
                        }
                        Some('u') => self.unicode_escape(escape_start)?,
                        Some('x') => {
                            let hex: String = (0..2).filter_map(|_| self.bump()).collect();
                            u8::from_str_radix(&hex, 16)
                                .ok()
                                .filter(u8::is_ascii)
                                .map(char::from)
                                .ok_or_else(|| {
                                    Diagnostic::error(
                                        Span::new(escape_start, self.pos),
                                        format!("`\\x{hex}` is not an ASCII escape"),
                                    )
                                })?
                        }
                        other => {
                            let shown = other.map_or(String::new(), |c| c.to_string());
                            return Err(Diagnostic::error(
                                Span::new(escape_start, self.pos),
                                format!(
                                    "unknown escape `\\{shown}` in a string; write `\\\\` for a backslash"
                                ),
                            ));
                        }
                    };
                    out.push(escaped);
                }
                c => out.push(c),
            }
        }
    }

    fn unicode_escape(&mut self, escape_start: Pos) -> Result<char, Diagnostic> {
        let bad = |p: &Self| {
            Diagnostic::error(
                Span::new(escape_start, p.pos),
                drawn("a unicode escape is written `\\u{…}` with 1 to 6 hexadecimal digits"),
            )
        };
        if self.bump() != Some('{') {
            return Err(bad(self));
        }
        let mut hex = String::new();
        loop {
            match self.bump() {
                Some('}') => break,
                Some(c) if c.is_ascii_hexdigit() && hex.len() < 6 => hex.push(c),
                _ => return Err(bad(self)),
            }
        }
        u32::from_str_radix(&hex, 16)
            .ok()
            .and_then(char::from_u32)
            .ok_or_else(|| bad(self))
    }

    fn raw_string(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        self.bump(); // r
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            self.bump();
            hashes += 1;
        }
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("`\"` to open a raw string"));
        }
        self.bump();
        let closing = format!("\"{}", "#".repeat(hashes));
        let rest = &self.text[self.pos.offset..];
        let Some(len) = rest.find(&closing) else {
            return Err(Diagnostic::error(
                Span::at(start),
                "this raw string is never closed; is the file cut short?",
            ));
        };
        let content = rest[..len].to_string();
        for _ in content.chars().chain(closing.chars()) {
            self.bump();
        }
        Ok(content)
    }

    fn char_literal(&mut self) -> Result<char, Diagnostic> {
        let start = self.pos;
        self.bump();
        let c = match self.bump() {
            Some('\\') => match self.bump() {
                Some('n') => '\n',
                Some('t') => '\t',
                Some(c) => c,
                None => return Err(self.unexpected("a character")),
            },
            Some(c) => c,
            None => return Err(self.unexpected("a character")),
        };
        if self.bump() != Some('\'') {
            return Err(Diagnostic::error(
                Span::new(start, self.pos),
                drawn("a character literal holds one character; use `\"…\"` for text"),
            ));
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> (usize, usize, String) {
        let d = parse(text).unwrap_err();
        (d.span.start.line, d.span.start.col, d.message)
    }

    #[test]
    fn reads_structs_lists_options_and_comments() {
        let doc = parse("Programme(\n  // note\n  a: [\"x\", r#\"y\"#],\n  b: Some(\"2022-Q1\"),\n  c: planned, /* end */\n)").unwrap();
        let Kind::Struct { name, fields } = doc.root.kind else {
            panic!("not a struct")
        };
        assert_eq!(name.unwrap().text, "Programme");
        assert_eq!(fields.len(), 3);
        assert_eq!(fields[2].1.kind, Kind::Ident("planned".into()));
        assert_eq!(fields[2].1.span.start.line, 5);
        assert_eq!(fields[2].1.span.start.col, 6);
        assert_eq!(doc.comments.len(), 2);
        assert_eq!(doc.comments[0].start.line, 2);
    }

    #[test]
    fn escapes_decode() {
        let doc = parse(r#""a\"b\\c\nd\u{e9}\x41""#).unwrap();
        assert_eq!(doc.root.kind, Kind::Str("a\"b\\c\ndéA".into()));
    }

    #[test]
    fn syntax_errors_point_at_the_spot() {
        assert_eq!(
            error("Programme(\n    year: 2022\n    title: \"x\",\n)"),
            (3, 5, "expected `,` or `)`, found `t`".into())
        );
        assert_eq!(
            error("Programme(year: 20"),
            (
                1,
                19,
                "the file ends too early: expected `,` or `)`; is it cut short?".into()
            )
        );
        assert_eq!(
            error("Programme(title: \"abc"),
            (
                1,
                18,
                "this string is never closed with `\"`; is the file cut short?".into()
            )
        );
        assert_eq!(
            error(""),
            (
                1,
                1,
                "the file holds no programme; it should start with `Programme(`".into()
            )
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_overflowing_the_stack() {
        let text = "[".repeat(1_000_000);
        let (_, _, message) = error(&text);
        assert!(message.contains("nest more than 32 levels"), "{message}");
    }
}

//! Problems located in a file: line, column and the width of what is wrong, rendered as
//! `FILE:LINE:COL: message`, with the offending line and a marker under it for a person.

use std::fmt::Write as _;

use crate::model::Severity;
use crate::text::{columns, printable};

/// A position in a text: byte offset, 1-based line, 1-based column counted in characters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub offset: usize,
    pub line: usize,
    pub col: usize,
}

impl Pos {
    /// The start of a text.
    pub const START: Pos = Pos {
        offset: 0,
        line: 1,
        col: 1,
    };

    /// The position of a byte offset in a text (clamped to its end).
    pub fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let col = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        Pos { offset, line, col }
    }
}

/// A stretch of text, from `start` up to (not including) `end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

impl Span {
    pub fn new(start: Pos, end: Pos) -> Self {
        Span { start, end }
    }

    /// A span of nothing at a position.
    pub fn at(pos: Pos) -> Self {
        Span {
            start: pos,
            end: pos,
        }
    }
}

/// One problem at a place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            span,
            message: message.into(),
        }
    }

    pub fn warning(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            span,
            message: message.into(),
        }
    }

    /// `FILE:LINE:COL: message`, warnings marked as such.
    pub fn headline(&self, file: &str) -> String {
        let Pos { line, col, .. } = self.span.start;
        let kind = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        // The message's own symbols (`(…)` in a sample) were drawn in the mode's set where it
        // was made; what it quotes of the file stays as written.
        format!("{file}:{line}:{col}: {kind}{}", self.message)
    }

    /// The headline, then the offending line of `text` with a marker under what is wrong. For
    /// a person at a terminal: control characters from the file (an escape sequence that
    /// would retitle or clear the terminal) are shown as their pictures, one column each, so
    /// the marker still lines up.
    pub fn with_snippet(&self, file: &str, text: &str) -> String {
        let mut out = printable(&self.headline(file)).into_owned();
        let line_no = self.span.start.line;
        let Some(line) = text.split('\n').nth(line_no - 1) else {
            return out;
        };
        let line = line.trim_end_matches('\r');
        let spaced: String = line
            .chars()
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect();
        let shown = printable(&spaced);
        let before: String = shown.chars().take(self.span.start.col - 1).collect();
        let marked_chars = if self.span.end.line == line_no {
            self.span.end.col.saturating_sub(self.span.start.col)
        } else {
            shown
                .chars()
                .count()
                .saturating_sub(self.span.start.col - 1)
        };
        let marked: String = shown
            .chars()
            .skip(self.span.start.col - 1)
            .take(marked_chars)
            .collect();
        let gutter = line_no.to_string().len();
        let pad = " ".repeat(columns(&before));
        let marker = "^".repeat(columns(&marked).max(1));
        let _ = write!(
            out,
            "\n{:gutter$} |\n{line_no} | {shown}\n{:gutter$} | {pad}{marker}",
            "", ""
        );
        out
    }
}

/// Renders diagnostics, one per line, with snippets when a person reads them (`snippets`: on a
/// terminal, where control characters are shown as pictures; elsewhere the exact text).
pub fn render(
    diagnostics: &[Diagnostic],
    file: &str,
    text: Option<&str>,
    snippets: bool,
) -> String {
    let mut out = String::new();
    for d in diagnostics {
        match text {
            Some(text) if snippets => out.push_str(&d.with_snippet(file, text)),
            None if snippets => out.push_str(&printable(&d.headline(file))),
            _ => out.push_str(&d.headline(file)),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn snippet_marks_the_span_under_wide_characters() {
        let text = "a\n  title: \"Café 日本\", status: planed,\n";
        let start = Pos::of_offset(text, text.find("planed").unwrap());
        let end = Pos::of_offset(text, text.find("planed").unwrap() + 6);
        let d = Diagnostic::error(Span::new(start, end), "unknown status");
        assert_eq!(start.line, 2);
        assert_eq!(start.col, 29);
        let shown = d.with_snippet("f.ron", text);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "f.ron:2:29: unknown status");
        let caret_at = lines[3].find('^').unwrap();
        // 4 columns of gutter, then the display width before "planed" (日本 is 4 columns, 2 chars).
        assert_eq!(
            caret_at,
            "2 | ".len() + "  title: \"Café 日本\", status: ".width()
        );
        assert!(lines[3].ends_with("^^^^^^"));
    }

    #[test]
    fn snippet_shows_escape_sequences_from_the_file_as_pictures() {
        let text = "x\n  title: \"\u{1b}]0;pwned\u{7}\u{1b}[2J\", status: planed,\n";
        let at = text.find("planed").unwrap();
        let span = Span::new(Pos::of_offset(text, at), Pos::of_offset(text, at + 6));
        let shown =
            Diagnostic::error(span, "unknown status \u{1b}[31m").with_snippet("f.ron", text);
        assert!(
            !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
            "{shown:?}"
        );
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "f.ron:2:36: unknown status ␛[31m");
        assert_eq!(lines[2], "2 |   title: \"␛]0;pwned␇␛[2J\", status: planed,");
        assert_eq!(
            lines[3].find('^'),
            lines[2].find("planed").map(|b| lines[2][..b].width())
        );
    }
}

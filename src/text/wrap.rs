//! Word wrapping and truncation measured in terminal columns (accents, CJK and emoji included),
//! one grapheme cluster at a time: `👩‍💼` is three characters but one picture two columns wide,
//! and is never cut in the middle.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The columns a text takes on a terminal, counted per grapheme cluster as terminals draw them.
pub fn columns(text: &str) -> usize {
    if is_plain_ascii(text) {
        return text.len();
    }
    text.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Printable ASCII only: one column per byte, and every byte a grapheme of its own, so most
/// text (English titles, ids) is measured and cut without grapheme segmentation.
fn is_plain_ascii(text: &str) -> bool {
    text.bytes().all(|b| (b' '..=b'~').contains(&b))
}

/// Text safe to put on a terminal: control characters (an escape sequence pasted into a title,
/// a stray tab) are shown as their visible Unicode pictures (`␛`, `␉`) instead of acting on the
/// terminal, and characters that are invisible or reorder what follows them (bidi overrides such
/// as U+202E, zero-width spaces, the line and paragraph separators) are shown as `\u{202E}`, so
/// a title cannot disguise itself. Line breaks are kept; wrapping deals with them.
pub fn printable(text: &str) -> Cow<'_, str> {
    let is_control = |c: char| (c.is_control() && c != '\n') || is_hidden(c);
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let ascii = super::ascii();
    for c in text.chars() {
        match c {
            '\n' => out.push(c),
            // ASCII mode marks every escaped character alike, in ASCII.
            c if ascii && (c.is_control() || is_hidden(c)) => out.push_str(&escaped(c)),
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() => out.push('\u{fffd}'),
            c if is_hidden(c) => out.push_str(&escaped(c)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A character that draws nothing yet changes what a reader sees: bidi marks, embeddings,
/// overrides and isolates, zero-width spaces and joiners between words, the byte order mark,
/// and the Unicode line and paragraph separators. The zero-width joiner is not among them: it
/// joins the pictures of emoji such as `👩‍💼`.
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// A character written as a Rust-style escape, `\u{202E}`: ASCII that says which it was.
pub fn escaped(c: char) -> String {
    format!("\\u{{{:04X}}}", c as u32)
}

/// A path as a person reads it on a terminal: printable, whatever bytes its name has (a file
/// named with an escape sequence must not write to the clipboard through the terminal).
pub fn printable_path(path: &std::path::Path) -> String {
    printable(&path.to_string_lossy()).into_owned()
}

/// A whole output made safe for a terminal, line endings kept: `\n` and `\r\n` stay, every other
/// control character is shown as its picture, as [`printable`] does. For text that goes to a
/// terminal as it is (a CSV, a diff for git's pager), where a file written with `-o` keeps the
/// exact bytes.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut unsafe_at = false;
    while let Some(c) = chars.next() {
        let line_end = c == '\n' || (c == '\r' && chars.peek() == Some(&'\n'));
        if (c.is_control() && !line_end) || is_hidden(c) {
            unsafe_at = true;
            break;
        }
    }
    if !unsafe_at {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix("\r\n") {
            Some(body) => (body, "\r\n"),
            None => line
                .strip_suffix('\n')
                .map_or((line, ""), |body| (body, "\n")),
        };
        out.push_str(&printable(body));
        out.push_str(end);
    }
    Cow::Owned(out)
}

/// Wraps text into lines at most `width` columns wide, breaking at spaces, then after the
/// hyphens of a word too long for the line, and inside a word only when a part of it is longer
/// than a line, and then with a hyphen at the break. Explicit newlines are kept. Never returns
/// an empty vector.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_first(text, width, usize::MAX)
}

/// The first `most` lines [`wrap`] makes of `text` (at least one), reading no further into the
/// text than they need: a screen showing the start of a description of a hundred megabytes
/// pays for the lines it shows.
pub fn wrap_first(text: &str, width: usize, most: usize) -> Vec<String> {
    let width = width.max(1);
    let most = most.max(1);
    // No word is read further than the lines still wanted could hold.
    let longest_word = most
        .saturating_add(1)
        .saturating_mul(width)
        .saturating_mul(4);
    // As `printable(text)` split at line breaks and white space, without copying the text or
    // looking for the end of a paragraph the lines wanted do not reach: control characters
    // become visible pictures, which are not white space, and a line break is not either.
    // Nor is a line separator (U+2028): it is shown, as `\u{2028}`, not obeyed.
    let separates = |c: char| c.is_whitespace() && !c.is_control() && !is_hidden(c);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let mut rest = text;
    while lines.len() < most {
        let start = rest
            .find(|c: char| c == '\n' || !separates(c))
            .unwrap_or(rest.len());
        rest = &rest[start..];
        if let Some(after) = rest.strip_prefix('\n') {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
            rest = after;
            continue;
        }
        if rest.is_empty() {
            break;
        }
        let window = cut_at(rest, longest_word);
        let end = window
            .find(|c: char| c == '\n' || separates(c))
            .unwrap_or(window.len());
        let word = printable(&rest[..end]);
        rest = &rest[end..];
        let word = word.as_ref();
        let word_width = columns(word);
        let gap = usize::from(line_width > 0);
        if line_width + gap + word_width <= width {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_width += gap + word_width;
            continue;
        }
        // Too long for what is left of the line: a hyphenated word breaks after a hyphen
        // (`Anti-` / `discrimination`), and only a part longer than a line inside itself.
        for (i, part) in word.split_inclusive('-').enumerate() {
            let gap = usize::from(i == 0 && line_width > 0);
            let part_width = columns(part);
            if line_width + gap + part_width <= width {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(part);
                line_width += gap + part_width;
                continue;
            }
            if line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            // Inside a word only with a visible hyphen (`interven-` / `tions`), which takes
            // a column of its own; a line one column wide has no room for it.
            let mut rest_width = part_width;
            for grapheme in part.graphemes(true) {
                let w = grapheme.width();
                let room = if rest_width > width.saturating_sub(line_width) && width > 1 {
                    width - 1
                } else {
                    width
                };
                if line_width + w > room && line_width > 0 {
                    if line_width < width {
                        line.push('-');
                    }
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push_str(grapheme);
                line_width += w;
                rest_width -= w;
            }
        }
    }
    lines.push(line);
    lines.truncate(most);
    lines
}

/// The start of `text`, at most `bytes` long, cut at a character boundary.
pub fn cut_at(text: &str, bytes: usize) -> &str {
    if text.len() <= bytes {
        return text;
    }
    let mut end = bytes;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Cuts text to at most `width` columns, ending with `…` (`~` in ASCII mode) when something
/// was cut.
pub fn truncate(text: &str, width: usize) -> String {
    let text = printable(text);
    if columns(&text) <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    if is_plain_ascii(&text) {
        return format!("{}{}", &text[..width - 1], super::glyph('…'));
    }
    let mut out = String::new();
    let mut used = 0;
    for grapheme in text.graphemes(true) {
        let w = grapheme.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(grapheme);
        used += w;
    }
    out.push(super::glyph('…'));
    out
}

/// Pads text with spaces to exactly `width` columns (cutting it first if it is wider).
pub fn pad(text: &str, width: usize) -> String {
    let cut = truncate(text, width);
    let fill = width.saturating_sub(columns(&cut));
    format!("{cut}{}", " ".repeat(fill))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// [`wrap`] as it was before it learnt to stop early: the whole text made printable first.
    fn wrap_whole(text: &str, width: usize) -> Vec<String> {
        let text = printable(text);
        let width = width.max(1);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0;
            for word in paragraph.split_whitespace() {
                let word_width = columns(word);
                let gap = usize::from(line_width > 0);
                if line_width + gap + word_width <= width {
                    if gap == 1 {
                        line.push(' ');
                    }
                    line.push_str(word);
                    line_width += gap + word_width;
                    continue;
                }
                for (i, part) in word.split_inclusive('-').enumerate() {
                    let gap = usize::from(i == 0 && line_width > 0);
                    let part_width = columns(part);
                    if line_width + gap + part_width <= width {
                        if gap == 1 {
                            line.push(' ');
                        }
                        line.push_str(part);
                        line_width += gap + part_width;
                        continue;
                    }
                    if line_width > 0 {
                        lines.push(std::mem::take(&mut line));
                        line_width = 0;
                    }
                    let mut rest_width = part_width;
                    for grapheme in part.graphemes(true) {
                        let w = grapheme.width();
                        let room = if rest_width > width.saturating_sub(line_width) && width > 1 {
                            width - 1
                        } else {
                            width
                        };
                        if line_width + w > room && line_width > 0 {
                            if line_width < width {
                                line.push('-');
                            }
                            lines.push(std::mem::take(&mut line));
                            line_width = 0;
                        }
                        line.push_str(grapheme);
                        line_width += w;
                        rest_width -= w;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    proptest! {
        /// Stopping early changes nothing in the lines made: the first lines of any text,
        /// control characters, wide characters and odd white space included, are the whole
        /// wrap's first lines.
        #[test]
        fn the_first_lines_are_those_of_the_whole_wrap(
            text in "([a-c -]|\t|\r|\n|\u{85}|\u{a0}|\u{3000}|é|漢|\u{1b}){0,60}",
            width in 1usize..12,
            most in 1usize..8,
        ) {
            let whole = wrap_whole(&text, width);
            prop_assert_eq!(wrap(&text, width), whole.clone());
            let first = wrap_first(&text, width, most);
            prop_assert_eq!(&first[..], &whole[..most.min(whole.len())]);
        }
    }

    /// How fast is the editor bench's business (`benches/editor.rs`, a 100 MB description);
    /// here, that the lines are right when the text goes on far beyond them.
    #[test]
    fn the_first_lines_of_a_huge_text_are_its_first_lines() {
        let huge = "x".repeat(5_000_000);
        assert_eq!(wrap_first(&huge, 40, 3), vec!["x".repeat(39) + "-"; 3]);
        let words = "ab cd ".repeat(1_000_000);
        assert_eq!(wrap_first(&words, 5, 2), vec!["ab cd", "ab cd"]);
        assert_eq!(wrap_first("", 5, 2), vec![""]);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["ab-", "cd-", "ef-", "gh"]);
        assert_eq!(wrap("interventions", 10), vec!["intervent-", "ions"]);
        assert_eq!(wrap("abcdef", 1), vec!["a", "b", "c", "d", "e", "f"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(wrap("one\ntwo", 10), vec!["one", "two"]);
    }

    #[test]
    fn a_hyphenated_word_breaks_after_a_hyphen_before_inside_a_part() {
        assert_eq!(
            wrap("Anti-discrimination", 15),
            vec!["Anti-", "discrimination"]
        );
        assert_eq!(
            wrap("EU Anti-discrimination law", 14),
            vec!["EU Anti-", "discrimination", "law"]
        );
        assert_eq!(wrap("a-b-c", 2), vec!["a-", "b-", "c"]);
        assert_eq!(wrap("long-word", 3), vec!["lo-", "ng-", "wo-", "rd"]);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        assert_eq!(
            wrap("red\u{1b}[31m tab\there", 40),
            vec!["red␛[31m tab␉here"]
        );
        assert_eq!(truncate("a\u{7}b\u{9b}", 10), "a␇b\u{fffd}");
        assert_eq!(pad("\r", 2), "␍ ");
        assert!(matches!(
            printable("plain, accentué 日本"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn bidi_overrides_and_invisible_characters_are_shown_as_escapes() {
        assert_eq!(printable("evil\u{202e}gnp.exe"), "evil\\u{202E}gnp.exe");
        assert_eq!(printable("a\u{200b}b\u{2028}c"), "a\\u{200B}b\\u{2028}c");
        assert_eq!(terminal_safe("x\u{2067}y\n"), "x\\u{2067}y\n");
        assert_eq!(truncate("\u{feff}abc", 20), "\\u{FEFF}abc");
        // Emoji joined by a zero-width joiner stay one picture.
        assert!(matches!(printable("👩\u{200d}💼"), Cow::Borrowed(_)));
        let odd = std::path::Path::new("e\u{1b}]52;c;aGk=\u{7}.ron");
        assert_eq!(printable_path(odd), "e␛]52;c;aGk=␇.ron");
    }

    #[test]
    fn terminal_safe_output_keeps_line_endings_and_pictures_the_rest() {
        assert_eq!(
            terminal_safe("a,\u{1b}]0;x\u{7}\r\nb\rc\n"),
            "a,␛]0;x␇\r\nb␍c\n"
        );
        assert!(matches!(terminal_safe("a\r\nb\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_zwj_emoji_is_one_picture_two_columns_wide_and_never_split() {
        let worker = "👩\u{200d}💼";
        assert_eq!(columns(worker), 2);
        assert_eq!(columns(&pad(&format!("{worker} lead"), 10)), 10);
        assert_eq!(
            pad(&format!("{worker} lead"), 10),
            format!("{worker} lead   ")
        );
        assert_eq!(truncate(&format!("ab{worker}cd"), 4), "ab…");
        assert_eq!(
            truncate(&format!("ab{worker}cd"), 5),
            format!("ab{worker}…")
        );
        assert_eq!(
            wrap(&format!("{worker}{worker}{worker}"), 5),
            [format!("{worker}{worker}-"), worker.to_string()]
        );
        // A flag (two regional indicators) and an accent written as a combining mark.
        assert_eq!(columns("🇪🇺"), 2);
        assert_eq!(pad("e\u{301}", 2), "e\u{301} ");
    }

    #[test]
    fn plain_ascii_is_measured_and_cut_as_bytes_and_everything_else_by_grapheme() {
        for text in [
            "plain words",
            "tab\there",
            "é",
            "a\u{301}",
            "日本",
            "👩\u{200d}💼",
            "~ ok",
        ] {
            let by_grapheme: usize = text.graphemes(true).map(UnicodeWidthStr::width).sum();
            assert_eq!(columns(text), by_grapheme, "{text:?}");
        }
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("日本語です", 5), "日本…");
        assert_eq!(truncate("abc", 3), "abc");
    }

    #[test]
    fn widths_count_columns_not_bytes() {
        assert_eq!(wrap("日本語 テキスト", 6), vec!["日本語", "テキ-", "スト"]);
        assert_eq!(truncate("Café société", 6), "Café …");
        assert_eq!(pad("日本", 5), "日本 ");
        assert_eq!(pad("日本語", 5).width(), 5);
    }
}

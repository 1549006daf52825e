//! The one string dialect the program writes: a RON string literal, used by the canonical
//! writer for every text field and by conflict lines for the values they carry.

use std::fmt::Write as _;

/// A RON string literal: quotes, backslashes and control characters escaped, the rest as is,
/// so a multi-line description stays on one line of the file.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, text);
    out
}

/// Writes `text` quoted, as [`quote`] does, at the end of `out`: the canonical writer quotes
/// every text of a programme, straight into its output rather than through a string per field.
pub fn quote_into(out: &mut String, text: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\t' => "\\t",
            '\r' => "\\r",
            c if c.is_control() => "",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

/// Reads a quoted string (the opening quote already taken) up to its closing quote: the text
/// and the number of bytes used, closing quote included. Takes everything [`quote`] writes,
/// and also `\0` and `\'`, which conflict lines written by earlier versions (in Rust's debug
/// form) may hold.
pub fn unquote(text: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let (_, escaped) = chars.next()?;
                out.push(match escaped {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    '0' => '\0',
                    '\\' | '"' | '\'' => escaped,
                    'u' => unicode_escape(&mut chars)?,
                    _ => return None,
                });
            }
            c => out.push(c),
        }
    }
    None
}

/// The rest of `\u{…}`: 1 to 6 hexadecimal digits in braces.
fn unicode_escape(chars: &mut std::str::CharIndices<'_>) -> Option<char> {
    if chars.next()?.1 != '{' {
        return None;
    }
    let mut hex = String::new();
    loop {
        match chars.next()?.1 {
            '}' => break,
            h if h.is_ascii_hexdigit() && hex.len() < 6 => hex.push(h),
            _ => return None,
        }
    }
    char::from_u32(u32::from_str_radix(&hex, 16).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_quote_writes_unquote_reads() {
        for text in [
            "",
            "plain",
            "a \"b\" \\ c\nd\te\r\u{0}\u{7f}é😀",
            "\u{301}x",
        ] {
            let quoted = quote(text);
            assert_eq!(
                unquote(&quoted[1..]),
                Some((text.to_string(), quoted.len() - 1))
            );
        }
    }

    #[test]
    fn the_old_debug_form_still_reads() {
        assert_eq!(
            unquote(r#"it\'s \0 \u{200b}" rest"#),
            Some(("it's \0 \u{200b}".to_string(), 18))
        );
    }
}

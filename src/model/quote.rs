//! The one string dialect the program writes: a RON string literal, used by the canonical
//! writer for every text field and by conflict lines for the values they carry.

use std::fmt::Write as _;

/// A RON string literal: quotes, backslashes and control characters escaped, the rest as is,
/// so a multi-line description stays on one line of the file.
pub fn quote(text: &str) -> String {
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

//! Keys as text: `j`, `J`, `<C-s>`, `<down>`, `<enter>`, `<S-up>`, `<A-k>`. Used by the keymap
//! (defaults, the user's key file, help) and by tests that type key strings.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised so that `J` and `<S-j>` are the same key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            // Terminals report a shifted letter as the capital, with or without SHIFT.
            KeyCode::Char(c) => {
                modifiers.remove(KeyModifiers::SHIFT);
                if modifiers.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, modifiers }
    }

    pub fn plain(code: KeyCode) -> Self {
        Key::new(code, KeyModifiers::NONE)
    }

    /// The character this key types, if it types one.
    pub fn typed_char(self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }

    /// The event a terminal would send for this key.
    pub fn event(self) -> KeyEvent {
        KeyEvent::new(self.code, self.modifiers)
    }
}

impl From<KeyEvent> for Key {
    fn from(event: KeyEvent) -> Self {
        Key::new(event.code, event.modifiers)
    }
}

const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("bs", KeyCode::Backspace),
    ("del", KeyCode::Delete),
    ("ins", KeyCode::Insert),
    ("space", KeyCode::Char(' ')),
    ("lt", KeyCode::Char('<')),
    ("gt", KeyCode::Char('>')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pgup", KeyCode::PageUp),
    ("pgdn", KeyCode::PageDown),
];

/// Reads one key: a single character, or `<…>` with optional `C-`, `A-`, `S-` prefixes and a
/// character or key name inside.
pub fn parse_key(text: &str) -> Result<Key, KeyError> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Ok(Key::plain(KeyCode::Char(c)));
    }
    let inner = text
        .strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .ok_or_else(|| KeyError::NotAKey(text.to_string()))?;
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = inner;
    loop {
        let mut take = |prefix: &str, m: KeyModifiers| {
            // `get` rather than slicing: the user's text may have a wide character right there.
            let found = rest.len() > prefix.len()
                && rest
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix));
            if found {
                rest = &rest[prefix.len()..];
                modifiers |= m;
            }
            found
        };
        if !(take("C-", KeyModifiers::CONTROL)
            || take("A-", KeyModifiers::ALT)
            || take("M-", KeyModifiers::ALT)
            || take("S-", KeyModifiers::SHIFT))
        {
            break;
        }
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => {
            if modifiers.contains(KeyModifiers::SHIFT) && c.is_ascii_lowercase() {
                modifiers.remove(KeyModifiers::SHIFT);
                KeyCode::Char(c.to_ascii_uppercase())
            } else {
                KeyCode::Char(c)
            }
        }
        _ => NAMED
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(rest))
            .map(|(_, code)| *code)
            .or_else(|| {
                let n: u8 = rest.strip_prefix(['f', 'F'])?.parse().ok()?;
                (1..=12).contains(&n).then_some(KeyCode::F(n))
            })
            .ok_or_else(|| KeyError::UnknownName {
                text: text.to_string(),
                name: rest.to_string(),
            })?,
    };
    Ok(Key::new(code, modifiers))
}

/// Why a text is not a key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("{0:?} is not a key; write a character or <name>, like <C-s> or <down>")]
    NotAKey(String),
    #[error("{text:?}: unknown key name {name:?}")]
    UnknownName { text: String, name: String },
}

/// Reads a key string such as `"jjl s<down><enter> <C-s>"`: each character is a key, `<…>` is one
/// key. A space is the space key.
pub fn parse_keys(text: &str) -> Result<Vec<Key>, KeyError> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c == '<' {
            match rest.find('>') {
                Some(end) if end > 1 => end + 1,
                _ => 1,
            }
        } else {
            c.len_utf8()
        };
        keys.push(parse_key(&rest[..len])?);
        rest = &rest[len..];
    }
    Ok(keys)
}

/// The key as written in key strings and shown in help: `j`, `<C-s>`, `<down>`.
pub fn display_key(key: Key) -> String {
    let mut prefix = String::new();
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        prefix.push_str("C-");
    }
    if key.modifiers.contains(KeyModifiers::ALT) {
        prefix.push_str("A-");
    }
    if key.modifiers.contains(KeyModifiers::SHIFT) {
        prefix.push_str("S-");
    }
    let name = match key.code {
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char('<') => "lt".to_string(),
        KeyCode::Char('>') => "gt".to_string(),
        KeyCode::Char(c) if prefix.is_empty() => return c.to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        code => NAMED
            .iter()
            .find(|(_, c)| *c == code)
            .map_or_else(|| format!("{code:?}"), |(name, _)| name.to_string()),
    };
    format!("<{prefix}{name}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_string_reads_characters_names_and_modifiers() {
        let keys = parse_keys("jJ <C-s><down><S-up><A-k>").unwrap();
        let shown: Vec<String> = keys.into_iter().map(display_key).collect();
        assert_eq!(
            shown,
            ["j", "J", "<space>", "<C-s>", "<down>", "<S-up>", "<A-k>"]
        );
    }

    #[test]
    fn shifted_letter_is_the_capital() {
        assert_eq!(parse_key("<S-j>").unwrap(), parse_key("J").unwrap());
        let event = KeyEvent::new(KeyCode::Char('J'), KeyModifiers::SHIFT);
        assert_eq!(Key::from(event), parse_key("J").unwrap());
    }

    #[test]
    fn unknown_key_name_is_refused_with_the_name() {
        let err = parse_key("<C-banana>").unwrap_err();
        assert!(err.to_string().contains("banana"), "{err}");
    }

    #[test]
    fn non_ascii_inside_angle_brackets_is_refused_not_a_panic() {
        let err = parse_key("<a日>").unwrap_err();
        assert!(err.to_string().contains("a日"), "{err}");
        assert!(parse_key("<日>").is_ok());
        assert_eq!(parse_key("<é>").unwrap(), Key::plain(KeyCode::Char('é')));
        assert_eq!(
            parse_key("<C-é>").unwrap(),
            Key::new(KeyCode::Char('é'), KeyModifiers::CONTROL)
        );
        assert!(parse_key("<éé>").is_err());
        assert!(parse_keys("x<a日>").is_err());
    }

    #[test]
    fn key_file_line_with_non_ascii_key_is_reported_not_a_panic() {
        let (_, problems) = crate::tui::keyfile::parse("grid quit <a日>\n");
        assert_eq!(problems[0].line, 1, "{problems:?}");
    }

    #[test]
    fn lone_angle_bracket_is_a_key() {
        let keys = parse_keys("<").unwrap();
        assert_eq!(keys, [Key::plain(KeyCode::Char('<'))]);
    }

    proptest::proptest! {
        #[test]
        fn parse_keys_never_panics(text in "\\PC*") {
            let _ = parse_keys(&text);
        }

        #[test]
        fn parse_keys_never_panics_on_angle_bracket_soup(
            text in "[<>CAMS\\-a日é ]{0,12}"
        ) {
            let _ = parse_keys(&text);
            let _ = parse_key(&text);
        }
    }
}

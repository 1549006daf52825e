//! The user's key file (`$XDG_CONFIG_HOME/wpmatrix/keys.conf`): reading it, parsing it line by
//! line and applying it to the default keymap. A line that cannot be used is skipped and
//! reported as `PATH:LINE: problem`; the rest still applies. A key given to a second action in
//! the same mode goes to the later line, and every mode keeps a way out (quit and help in the
//! grid, close or cancel in every popup), whatever the file says.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::keymap::{Binding, KeyMode, Keymap, NAMED_ACTIONS, action_name};
use super::keys::{Key, KeyError, display_key, parse_key};
use crate::app::Action;

/// The actions that must keep a key in a mode, or the user is stuck there.
pub const WAYS_OUT: &[(KeyMode, Action)] = &[
    (KeyMode::Normal, Action::Quit),
    (KeyMode::Normal, Action::Help),
    (KeyMode::Form, Action::Done),
    (KeyMode::List, Action::Done),
    (KeyMode::Picker, Action::Cancel),
    (KeyMode::Formats, Action::Done),
    (KeyMode::Filter, Action::Cancel),
    (KeyMode::Date, Action::Cancel),
    (KeyMode::Line, Action::Cancel),
    (KeyMode::Text, Action::Cancel),
    (KeyMode::Search, Action::Cancel),
    (KeyMode::FilterLine, Action::Cancel),
    (KeyMode::Confirm, Action::Cancel),
    (KeyMode::Help, Action::Done),
    (KeyMode::Conflicts, Action::Done),
];

/// One usable line of a key file: in `mode`, `action` is bound to exactly `keys`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyLine {
    pub line: usize,
    pub mode: KeyMode,
    pub action: Action,
    pub keys: Vec<Key>,
}

/// A problem on one line of a key file (line 1 is the first).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    pub line: usize,
    pub message: String,
}

impl LineProblem {
    fn new(line: usize, message: impl Into<String>) -> Self {
        LineProblem {
            line,
            message: message.into(),
        }
    }
}

/// Reads key file text: each line `MODE ACTION KEY...` (no keys unbinds the action), `#` starts
/// a comment. Answers the usable lines and a problem for each line that is not.
pub fn parse(text: &str) -> (Vec<KeyLine>, Vec<LineProblem>) {
    let mut lines = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match parse_line(i + 1, line) {
            Ok(Some(parsed)) => lines.push(parsed),
            Ok(None) => {}
            Err(refused) => problems.push(LineProblem::new(i + 1, refused.to_string())),
        }
    }
    (lines, problems)
}

/// Why a line of keys.conf is left out.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum LineError {
    #[error("expected MODE ACTION KEY..., found only {0:?}; e.g. `grid quit <C-q> Z`")]
    OnlyMode(String),
    #[error("unknown mode {0:?}; modes are {modes}", modes = mode_names())]
    UnknownMode(String),
    #[error("unknown action {0:?}; the help screen (?) lists every action by name")]
    UnknownAction(String),
    #[error(transparent)]
    Key(#[from] KeyError),
}

fn mode_names() -> String {
    let modes: Vec<&str> = KeyMode::ALL.iter().map(|m| m.name()).collect();
    modes.join(", ")
}

fn parse_line(line: usize, text: &str) -> Result<Option<KeyLine>, LineError> {
    let text = text.split('#').next().unwrap_or("").trim();
    let mut words = text.split_whitespace();
    let Some(mode) = words.next() else {
        return Ok(None);
    };
    let Some(action) = words.next() else {
        return Err(LineError::OnlyMode(mode.to_string()));
    };
    let Some(mode) = KeyMode::ALL.into_iter().find(|m| m.name() == mode) else {
        return Err(LineError::UnknownMode(mode.to_string()));
    };
    let Some((_, action, _)) = NAMED_ACTIONS.iter().find(|(n, _, _)| *n == action) else {
        return Err(LineError::UnknownAction(action.to_string()));
    };
    let mut keys = Vec::new();
    for word in words {
        let key = parse_key(word)?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(Some(KeyLine {
        line,
        mode,
        action: action.clone(),
        keys,
    }))
}

/// Applies parsed lines to `base`, in order. Answers the keymap and the problems the lines make:
/// a key taken from another action, or a way out that had to be kept.
pub fn apply(base: &Keymap, lines: &[KeyLine]) -> (Keymap, Vec<LineProblem>) {
    // Each binding with the line that made it; 0 for the defaults.
    let mut bound: Vec<(Binding, usize)> = base.bindings().iter().map(|b| (b.clone(), 0)).collect();
    // Which line last set each action's keys, to say where a way out was lost.
    let mut unbound_by: Vec<(KeyMode, Action, usize)> = Vec::new();
    for line in lines {
        let hint = bound
            .iter()
            .any(|(b, _)| b.mode == line.mode && b.action == line.action && b.hint);
        bound.retain(|(b, _)| !(b.mode == line.mode && b.action == line.action));
        unbound_by.push((line.mode, line.action.clone(), line.line));
        bound.extend(line.keys.iter().map(|&key| {
            let binding = Binding {
                mode: line.mode,
                key,
                action: line.action.clone(),
                hint,
            };
            (binding, line.line)
        }));
    }
    let mut problems = settle_clashes(&mut bound, &mut unbound_by);
    problems.extend(keep_ways_out(base, &mut bound, &unbound_by));
    problems.sort_by_key(|p| p.line);
    let bindings = bound.into_iter().map(|(b, _)| b).collect();
    (Keymap::from_bindings(bindings), problems)
}

/// One key meaning two actions in one mode: the later line keeps it (a line of the file beats
/// the defaults), the other action loses it.
fn settle_clashes(
    bound: &mut Vec<(Binding, usize)>,
    unbound_by: &mut Vec<(KeyMode, Action, usize)>,
) -> Vec<LineProblem> {
    let mut problems = Vec::new();
    let mut winner: HashMap<(KeyMode, Key), usize> = HashMap::new();
    for (i, (b, line)) in bound.iter().enumerate() {
        let entry = winner.entry((b.mode, b.key)).or_insert(i);
        if *line > bound[*entry].1 {
            *entry = i;
        }
    }
    let mut lost = Vec::new();
    for (i, (b, line)) in bound.iter().enumerate() {
        let w = winner[&(b.mode, b.key)];
        if w == i {
            continue;
        }
        let (won, won_line) = &bound[w];
        let before = match line {
            0 => "by default".to_string(),
            n => format!("on line {n}"),
        };
        problems.push(LineProblem::new(
            *won_line,
            format!(
                "{} in {} mode was bound to {} {before}; it now means {} (the later line wins)",
                display_key(b.key),
                b.mode.name(),
                action_name(&b.action).unwrap_or("?"),
                action_name(&won.action).unwrap_or("?"),
            ),
        ));
        unbound_by.push((b.mode, b.action.clone(), *won_line));
        lost.push(i);
    }
    for i in lost.into_iter().rev() {
        bound.remove(i);
    }
    problems
}

/// Gives every way out that lost all its keys back its default keys, taking them from whatever
/// action the file gave them to.
fn keep_ways_out(
    base: &Keymap,
    bound: &mut Vec<(Binding, usize)>,
    unbound_by: &[(KeyMode, Action, usize)],
) -> Vec<LineProblem> {
    let mut problems = Vec::new();
    // A way out given back its key may take it from another way out (`grid quit ?` leaves help
    // without `?`): passes until all have one. Ways out never share a default key, so each
    // pass that changes something leaves fewer to fix.
    for _ in 0..=WAYS_OUT.len() {
        let fixed = keep_ways_out_once(base, bound, unbound_by);
        if fixed.is_empty() {
            break;
        }
        problems.extend(fixed);
    }
    problems
}

fn keep_ways_out_once(
    base: &Keymap,
    bound: &mut Vec<(Binding, usize)>,
    unbound_by: &[(KeyMode, Action, usize)],
) -> Vec<LineProblem> {
    let mut problems = Vec::new();
    for (mode, action) in WAYS_OUT {
        if bound
            .iter()
            .any(|(b, _)| b.mode == *mode && &b.action == action)
        {
            continue;
        }
        let defaults: Vec<&Binding> = base
            .bindings()
            .iter()
            .filter(|b| b.mode == *mode && &b.action == action)
            .collect();
        let mut taken_from = Vec::new();
        for default in &defaults {
            if let Some(i) = bound
                .iter()
                .position(|(b, _)| b.mode == *mode && b.key == default.key)
            {
                let (other, _) = bound.remove(i);
                taken_from.push(format!(
                    "{} no longer means {}",
                    display_key(other.key),
                    action_name(&other.action).unwrap_or("?")
                ));
            }
            bound.push(((*default).clone(), 0));
        }
        let keys: Vec<String> = defaults.iter().map(|b| display_key(b.key)).collect();
        let mut message = format!(
            "{} in {} mode must keep a key, or there is no way out; kept {}",
            action_name(action).unwrap_or("?"),
            mode.name(),
            keys.join(" "),
        );
        if !taken_from.is_empty() {
            message.push_str(&format!(" ({})", taken_from.join(", ")));
        }
        let line = unbound_by
            .iter()
            .rev()
            .find(|(m, a, _)| m == mode && a == action)
            .map_or(0, |(_, _, line)| *line);
        problems.push(LineProblem::new(line, message));
    }
    problems
}

/// `$XDG_CONFIG_HOME/wpmatrix/keys.conf`, or `~/.config/wpmatrix/keys.conf`.
pub fn user_key_file() -> Option<PathBuf> {
    user_config_file("keys.conf")
}

/// A file of the user's wpmatrix configuration: `$XDG_CONFIG_HOME/wpmatrix/NAME`, or
/// `~/.config/wpmatrix/NAME`.
pub fn user_config_file(name: &str) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("wpmatrix").join(name))
}

/// The default keymap with the key file at `path` applied, and every problem with the file as
/// a full message `PATH:LINE: problem`. No file is no problem.
pub fn load(path: &Path) -> (Keymap, Vec<String>) {
    let defaults = Keymap::default();
    let shown = path.display();
    let bytes = match crate::store::read_file(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (defaults, Vec::new()),
        Err(e) => {
            return (
                defaults,
                vec![format!(
                    "{shown}: cannot be read ({e}); the default keys are used"
                )],
            );
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..offset];
            let line = memchr::memchr_iter(b'\n', valid).count() + 1;
            return (
                defaults,
                vec![format!(
                    "{shown}:{line}: not UTF-8 (byte {offset}); the whole file is ignored and the default keys are used"
                )],
            );
        }
    };
    let (lines, mut problems) = parse(&text);
    let (keymap, applied) = apply(&defaults, &lines);
    problems.extend(applied);
    problems.sort_by_key(|p| p.line);
    let messages = problems
        .into_iter()
        .map(|p| match p.line {
            0 => format!("{shown}: {}", p.message),
            n => format!("{shown}:{n}: {}", p.message),
        })
        .collect();
    (keymap, messages)
}

#[cfg(test)]
#[path = "keyfile_tests.rs"]
mod tests;

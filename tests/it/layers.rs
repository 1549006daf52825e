//! The layers of the README's architecture table are the layers of the code: every path in
//! `src/` that reaches the crate's top (`crate::…`, in `use` groups however written, or the
//! `super::`s that climb there) names a layer at or below the one its file belongs to. And the
//! library's errors are types, not text.

use std::path::{Path, PathBuf};

/// From the top down; each layer may use itself and those after it.
const LAYERS: [&str; 10] = [
    "commands", "cli", "tui", "app", "session", "exchange", "store", "report", "model", "text",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// What a path is made of, in a source file's code; comments, strings and character literals
/// are left out, so a path named in them is no use of a layer.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    /// An identifier or keyword (`crate`, `super`, `mod`, `model`), or a number.
    Word(String),
    /// `::`
    Path,
    Open,
    Close,
    Comma,
    Star,
    /// Anything else: it ends a path.
    Other,
}

/// The tokens of `text`, each with its line (from 1).
fn tokens(text: &str) -> Vec<(usize, Token)> {
    let chars: Vec<char> = text.chars().collect();
    let (mut out, mut line, mut i) = (Vec::new(), 1, 0);
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        line += usize::from(chars[i] == '\n');
                        i += 1;
                    }
                }
            }
            // Raw strings: r"…", r#"…"#, br#"…"# (a raw identifier r#name is a word).
            'r' | 'b'
                if {
                    let r = if c == 'b' { i + 1 } else { i };
                    at(r) == 'r'
                        && (at(r + 1) == '"' || (at(r + 1) == '#' && !word_char(at(r + 2))))
                        && (i == 0 || !word_char(chars[i - 1]))
                } =>
            {
                let mut j = if c == 'b' { i + 2 } else { i + 1 };
                let mut hashes = 0;
                while at(j) == '#' {
                    hashes += 1;
                    j += 1;
                }
                j += 1; // the opening quote
                while j < chars.len() {
                    if chars[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                        j += 1 + hashes;
                        break;
                    }
                    line += usize::from(chars[j] == '\n');
                    j += 1;
                }
                i = j;
            }
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    line += usize::from(at(i) == '\n');
                    i += 1;
                }
                i += 1;
            }
            // A character literal ('x', '\n', '\u{1b}') or a lifetime ('a, 'static).
            '\'' => {
                if at(i + 1) == '\\' {
                    i += 2;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
            }
            ':' if at(i + 1) == ':' => {
                out.push((line, Token::Path));
                i += 2;
            }
            '{' | '}' | ',' | '*' => {
                out.push((
                    line,
                    match c {
                        '{' => Token::Open,
                        '}' => Token::Close,
                        ',' => Token::Comma,
                        _ => Token::Star,
                    },
                ));
                i += 1;
            }
            c if word_char(c) => {
                let start = i;
                while i < chars.len() && word_char(chars[i]) {
                    i += 1;
                }
                // A raw identifier, r#name, is the name.
                let mut word: String = chars[start..i].iter().collect();
                if word == "r" && at(i) == '#' && word_char(at(i + 1)) {
                    let name_start = i + 1;
                    i = name_start;
                    while i < chars.len() && word_char(chars[i]) {
                        i += 1;
                    }
                    word = chars[name_start..i].iter().collect();
                }
                out.push((line, Token::Word(word)));
            }
            c if c.is_whitespace() => i += 1,
            _ => {
                out.push((line, Token::Other));
                i += 1;
            }
        }
    }
    out
}

/// The names a path reaches at the top of the crate, from `tokens[i]` on (just after `crate::`
/// or the `super::`s that climb there): `model` in `model::Programme`, each of a group's items
/// (`{model, store::save}`, nested groups and groups written over several lines too), and `*`
/// for a glob, which names every layer. Returns the index after the path.
fn top_names(tokens: &[(usize, Token)], mut i: usize, out: &mut Vec<(usize, String)>) -> usize {
    match tokens.get(i) {
        Some((line, Token::Word(name))) => {
            out.push((*line, name.clone()));
            i + 1
        }
        Some((line, Token::Star)) => {
            out.push((*line, "*".to_string()));
            i + 1
        }
        Some((_, Token::Open)) => {
            i += 1;
            loop {
                match tokens.get(i) {
                    None => return i,
                    Some((_, Token::Close)) => return i + 1,
                    Some((_, Token::Comma)) => i += 1,
                    Some(_) => {
                        // The item's first name, then the rest of the item, passed over.
                        i = top_names(tokens, i, out);
                        let mut depth = 0usize;
                        while let Some((_, token)) = tokens.get(i) {
                            match token {
                                Token::Open => depth += 1,
                                Token::Close | Token::Comma if depth == 0 => break,
                                Token::Close => depth -= 1,
                                _ => {}
                            }
                            i += 1;
                        }
                    }
                }
            }
        }
        _ => i,
    }
}

/// Every name `text` reaches at the top of the crate, with its line, for a file that is the
/// module `module` (`["model", "diff"]` for `src/model/diff.rs`): through `crate::` and through
/// `super::` chains that climb to the top (modules written inline, `mod tests { … }`, counted).
fn reached(text: &str, module: &[String]) -> Vec<(usize, String)> {
    let tokens = tokens(text);
    let mut found = Vec::new();
    // The modules written inline around a token, each with the brace depth inside it.
    let (mut inline, mut depth) = (Vec::<usize>::new(), 0usize);
    let starts_path = |i: usize| i == 0 || tokens[i - 1].1 != Token::Path;
    for i in 0..tokens.len() {
        match &tokens[i].1 {
            Token::Open => {
                depth += 1;
                let named_mod = i >= 2
                    && tokens[i - 2].1 == Token::Word("mod".into())
                    && matches!(tokens[i - 1].1, Token::Word(_));
                if named_mod {
                    inline.push(depth);
                }
            }
            Token::Close => {
                if inline.last() == Some(&depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Token::Word(word)
                if word == "crate"
                    && starts_path(i)
                    && tokens.get(i + 1).map(|t| &t.1) == Some(&Token::Path) =>
            {
                top_names(&tokens, i + 2, &mut found);
            }
            Token::Word(word) if word == "super" && starts_path(i) => {
                let (mut climbed, mut j) = (0, i);
                while tokens.get(j).map(|t| &t.1) == Some(&Token::Word("super".into()))
                    && tokens.get(j + 1).map(|t| &t.1) == Some(&Token::Path)
                {
                    climbed += 1;
                    j += 2;
                }
                if climbed > 0 && climbed >= module.len() + inline.len() {
                    top_names(&tokens, j, &mut found);
                }
            }
            _ => {}
        }
    }
    found
}

/// The module a file under `src/` is: `src/model/diff.rs` and `src/model/diff/mod.rs` are
/// `model::diff`; a file a `#[path = "…"] mod NAME;` names is NAME inside the module declaring it.
fn modules(src: &Path, files: &[PathBuf]) -> std::collections::HashMap<PathBuf, Vec<String>> {
    let mut modules = std::collections::HashMap::new();
    for file in files {
        let relative = file.strip_prefix(src).expect("under src");
        let mut path: Vec<String> = relative
            .iter()
            .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
            .collect();
        if path
            .last()
            .is_some_and(|last| last == "mod" || last == "lib" || last == "main")
        {
            path.pop();
        }
        modules.insert(file.clone(), path);
    }
    for file in files {
        let text = std::fs::read_to_string(file).expect("a source file");
        let mut rest = text.as_str();
        while let Some(at) = rest.find("#[path = \"") {
            rest = &rest[at + "#[path = \"".len()..];
            let Some(end) = rest.find('"') else { break };
            let named = file.parent().expect("a folder").join(&rest[..end]);
            let after = &rest[end..];
            let name = after.find("mod ").and_then(|m| {
                let name = &after[m + "mod ".len()..];
                name.find(';').map(|e| name[..e].trim().to_string())
            });
            if let Some(name) = name {
                let mut module = modules[file].clone();
                module.push(name);
                modules.insert(named, module);
            }
        }
    }
    modules
}

/// The layer a file under `src/` belongs to: the first part of its path (`model`, `cli`), or
/// `None` for lib.rs and main.rs, which stand above every layer.
fn layer_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?;
    let layer = first.as_os_str().to_string_lossy();
    let layer = layer.trim_end_matches(".rs");
    rank(layer).map(|_| layer.to_string())
}

/// Every use of a layer above its own, as `file:line: layer uses other`.
fn violations(root: &Path) -> Vec<String> {
    let src = root.join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    let modules = modules(&src, &files);
    let mut found = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(layer) = layer_of(relative) else {
            continue;
        };
        let own = rank(&layer).expect("a layer");
        let text = std::fs::read_to_string(file).expect("a source file");
        for (line, used) in reached(&text, &modules[file]) {
            let above = if used == "*" {
                Some("crate::*, which is every layer".to_string())
            } else {
                rank(&used).filter(|theirs| *theirs < own).map(|_| used)
            };
            if let Some(above) = above {
                found.push(format!(
                    "src/{}:{line}: {layer} uses {above}",
                    relative.display()
                ));
            }
        }
    }
    found
}

#[test]
fn no_layer_uses_one_above_it() {
    let found = violations(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(
        found.is_empty(),
        "layers used upwards:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layer_check_reads_every_use_line_of_the_source() {
    // A reader that took code for a comment or a string would see no path and pass: every line
    // that starts `use crate::` must be one where it finds a name.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules = modules(&src, &files);
    let mut lines = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let found: std::collections::HashSet<usize> = reached(&text, &modules[file])
            .into_iter()
            .map(|(line, _)| line)
            .collect();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            let code = code.strip_prefix("pub ").unwrap_or(code);
            if code.starts_with("use crate::") {
                lines += 1;
                assert!(
                    found.contains(&(n + 1)),
                    "{}:{}: {line}",
                    file.display(),
                    n + 1
                );
            }
        }
    }
    assert!(lines > 100, "only {lines} lines start `use crate::`");
}

#[test]
fn the_layer_check_finds_a_use_upwards_however_it_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("src/model");
    std::fs::create_dir_all(&model).unwrap();
    std::fs::write(
        model.join("x.rs"),
        [
            r#"// crate::tui in a comment is fine
use crate::{text, tui::Editor};
/* crate::tui, /* nested */ crate::app */ const S: &str = "crate::tui";
"#,
            // A raw string with hashes, holding a quote.
            "const R: &str = r#\"crate::tui \"quoted\"\"#; const C: char = '\"';\n",
            r"use crate::{
    text::wrap,
    app::App,
};
use crate::{model::{Programme, Status}, session};
pub(super) fn f<'a>(x: &'a str) -> &'a str { x }
fn g() { super::super::exchange::csv(); super::plan(); }
mod tests {
    use super::super::report;
    use super::super::super::cli;
}
use crate::*;
fn h() { $crate::commands::run(); crate::model::check(); }
",
        ]
        .concat(),
    )
    .unwrap();
    // A test file a `#[path]` names is a module inside the file declaring it.
    std::fs::write(
        model.join("y.rs"),
        "#[cfg(test)]\n#[path = \"y_tests.rs\"]\nmod tests;\n",
    )
    .unwrap();
    std::fs::write(
        model.join("y_tests.rs"),
        "use super::super::report;\nuse super::super::super::store;\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("src/text.rs"),
        "use crate::text::wrap;\nuse super::text;\n",
    )
    .unwrap();
    assert_eq!(
        violations(dir.path()),
        [
            "src/model/x.rs:2: model uses tui",
            "src/model/x.rs:7: model uses app",
            "src/model/x.rs:9: model uses session",
            "src/model/x.rs:11: model uses exchange",
            "src/model/x.rs:14: model uses cli",
            "src/model/x.rs:16: model uses crate::*, which is every layer",
            "src/model/x.rs:17: model uses commands",
            "src/model/y_tests.rs:2: model uses store",
        ]
    );
}

#[test]
fn the_text_module_imports_nothing_of_ours() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules = modules(&src, &files);
    for file in files
        .iter()
        .filter(|file| file.starts_with(src.join("text")))
    {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, name) in reached(&text, &modules[file]) {
            assert_eq!(name, "text", "{}:{line}", file.display());
        }
    }
}

/// Where a `Result` in `text` has `String` as its error, as `line: the type`. Angle brackets
/// are matched, so `Result<Vec<Key>, String>` counts and `Result<Vec<String>, E>` does not,
/// and a type written over several lines is read whole.
fn string_errors(text: &str) -> Vec<String> {
    let code: String = text
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    for (start, _) in code.match_indices("Result<") {
        let preceded = code[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_');
        if preceded {
            continue;
        }
        let inner_start = start + "Result<".len();
        let (mut depth, mut commas, mut end) = (1usize, Vec::new(), None);
        for (i, c) in code[inner_start..].char_indices() {
            match c {
                '<' => depth += 1,
                '>' if code[inner_start..][..i].ends_with('-') => {}
                '>' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(inner_start + i);
                        break;
                    }
                }
                ',' if depth == 1 => commas.push(inner_start + i),
                _ => {}
            }
        }
        let Some(end) = end else { continue };
        // The last argument, a trailing comma left out.
        let mut bounds = commas.clone();
        bounds.push(end);
        let error = bounds
            .windows(2)
            .map(|w| code[w[0] + 1..w[1]].trim())
            .rfind(|arg| !arg.is_empty());
        if error.is_some_and(is_text) {
            let line = code[..start].matches('\n').count() + 1;
            let written: String = code[start..=end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            found.push(format!("{line}: {written}"));
        }
    }
    // An error type named for a trait: `type Err = String;` of a `FromStr`.
    for name in ["type Err", "type Error"] {
        for (start, _) in code.match_indices(name) {
            let rest = code[start + name.len()..].trim_start();
            let Some(ty) = rest.strip_prefix('=') else {
                continue;
            };
            let ty = ty[..ty.find(';').unwrap_or(ty.len())].trim();
            if is_text(ty) {
                let line = code[..start].matches('\n').count() + 1;
                found.push(format!("{line}: {name} = {ty}"));
            }
        }
    }
    found.sort_by_key(|at| at.split(':').next().and_then(|n| n.parse::<usize>().ok()));
    found
}

/// Whether an error type is text: `String` by any path, `&str` with or without a lifetime,
/// `Box<str>`, `Cow<str>`.
fn is_text(ty: &str) -> bool {
    let ty: String = ty.split_whitespace().collect::<Vec<_>>().join(" ");
    let ty = ty.strip_prefix('&').map_or(ty.as_str(), |borrowed| {
        let borrowed = borrowed.trim_start();
        match borrowed.strip_prefix('\'') {
            Some(lifetime) => lifetime
                .split_once(' ')
                .map_or(borrowed, |(_, rest)| rest.trim_start()),
            None => borrowed,
        }
    });
    let last = ty.rsplit("::").next().unwrap_or(ty);
    last == "String"
        || ty == "str"
        || last == "Box<str>"
        || (last.starts_with("Cow<") && last.ends_with("str>"))
}

#[test]
fn errors_are_typed_not_strings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root).expect("under the crate");
        let name = relative.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(&file).expect("a source file");
        found.extend(
            string_errors(&text)
                .into_iter()
                .map(|at| format!("{name}:{at}")),
        );
    }
    assert!(
        found.is_empty(),
        "errors as strings (give each a thiserror type, its message unchanged):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_error_check_finds_a_string_error_however_it_is_written() {
    let text = "fn a() -> Result<(), String> {}\n\
                fn b() -> Result<Vec<Key>, String> {}\n\
                fn c() -> Result<\n    BTreeMap<u32, String>,\n    String,\n> {}\n\
                // fn d() -> Result<(), String> in a comment is fine\n\
                fn e() -> Result<Vec<String>, KeyError> {}\n\
                fn f() -> io::Result<String> {}\n\
                fn g() -> Result<Box<dyn Fn(u8) -> u8>, String> {}\n\
                type R = MyResult<(), String>;\n\
                fn h() -> Result<u8, &'static str> {}\n\
                fn i() -> Result<u8, &str> {}\n\
                fn j() -> Result<u8, std::string::String> {}\n\
                impl FromStr for A {\n    type Err = String;\n}\n\
                impl TryFrom<u8> for B {\n    type Error = Box<str>;\n}\n\
                impl FromStr for C {\n    type Err = UnknownC;\n}\n\
                fn k() -> Result<&'static str, KeyError> {}\n";
    assert_eq!(
        string_errors(text),
        [
            "1: Result<(), String>",
            "2: Result<Vec<Key>, String>",
            "3: Result< BTreeMap<u32, String>, String, >",
            "10: Result<Box<dyn Fn(u8) -> u8>, String>",
            "12: Result<u8, &'static str>",
            "13: Result<u8, &str>",
            "14: Result<u8, std::string::String>",
            "16: type Err = String",
            "19: type Error = Box<str>",
        ]
    );
}

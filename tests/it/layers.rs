//! The layers of the README's architecture table are the layers of the code: every `crate::`
//! path in `src/` names a layer at or below the one its file belongs to.

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

/// The layers a line names: `crate::model::…`, `crate::{model, store}` is read as both.
fn named_layers(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            names.extend(group[..end].split(',').filter_map(|part| {
                let name = part.trim().split("::").next()?.trim();
                (!name.is_empty()).then(|| name.to_string())
            }));
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            names.push(name);
        }
    }
    names
}

/// Every use of a layer above its own, as `file:line: layer uses other`.
fn violations(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(root.join("src")).expect("under src");
        let first = relative.components().next().expect("a name");
        let layer = first
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // lib.rs and main.rs stand above every layer.
        let Some(own) = rank(&layer) else { continue };
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for used in named_layers(code) {
                match rank(&used) {
                    Some(theirs) if theirs < own => found.push(format!(
                        "src/{}:{}: {layer} uses {used}",
                        relative.display(),
                        n + 1
                    )),
                    _ => {}
                }
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
fn the_layer_check_finds_a_use_upwards() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("src/model");
    std::fs::create_dir_all(&model).unwrap();
    std::fs::write(
        model.join("x.rs"),
        "// crate::tui in a comment is fine\nuse crate::{text, tui::Editor};\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("src/text.rs"), "use crate::text::wrap;\n").unwrap();
    assert_eq!(violations(dir.path()), ["src/model/x.rs:2: model uses tui"]);
}

#[test]
fn the_text_module_imports_nothing_of_ours() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/text"),
        &mut files,
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            assert!(
                named_layers(line).iter().all(|l| l == "text"),
                "{}: {line}",
                file.display()
            );
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

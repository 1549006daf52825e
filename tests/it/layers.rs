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

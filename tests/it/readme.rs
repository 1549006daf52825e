//! The README's examples are what a newcomer sees: every `` ```console `` block of README.md is run,
//! command by command and in order, in a scratch git repository holding a committed copy of
//! `programmes/2022.ron`, `tests/fixtures/full.ron` and `tests/fixtures/broken/`, whose folder is
//! also the home folder (so the install lines put their files there, where they are checked), and
//! what each command prints must be exactly the lines the README shows after it. The convention
//! is written, for whoever adds an example, in a comment at the top of the README's "Look,
//! check, format" section.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// One `$ command` of a console block and the lines shown after it.
#[derive(Debug, PartialEq)]
struct Example {
    line: usize,
    command: String,
    shown: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut examples: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (index, line) in readme.lines().enumerate() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.trim_end() == "```" {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            examples.push(Example {
                line: index + 1,
                command: command.to_string(),
                shown: String::new(),
            });
        } else if let Some(example) = examples.last_mut() {
            example.shown.push_str(line);
            example.shown.push('\n');
        } else {
            panic!("README.md:{}: output before any `$ ` command", index + 1);
        }
    }
    assert!(!in_console, "README.md: a ```console block is not closed");
    examples
}

fn scratch_repository(dir: &Path) {
    let copy = |from: &str| {
        let to = dir.join(from);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(ROOT).join(from), &to).unwrap();
    };
    copy("programmes/2022.ron");
    copy("tests/fixtures/full.ron");
    for entry in std::fs::read_dir(Path::new(ROOT).join("tests/fixtures/broken")).unwrap() {
        let name = entry.unwrap().file_name();
        copy(&format!("tests/fixtures/broken/{}", name.to_string_lossy()));
    }
    for args in [
        &["init", "-q", "-b", "main"][..],
        &["add", "."],
        &[
            "-c",
            "user.name=Planner",
            "-c",
            "user.email=planner@example.org",
        ],
    ] {
        let mut git = shell(dir, "git");
        git.args(args);
        if args[0] == "-c" {
            git.args(["commit", "-q", "--no-gpg-sign", "-m", "2022 programme"]);
        }
        let out = crate::common::run::output(&mut git);
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }
}

/// A command in the scratch folder, with our binary first on the PATH and no user config.
fn shell(dir: &Path, program: &str) -> Command {
    let bin = crate::common::bin().parent().unwrap();
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut paths = vec![bin.to_path_buf()];
    paths.extend(std::env::split_paths(&path));
    let mut command = Command::new(program);
    command
        .current_dir(dir)
        .env("PATH", std::env::join_paths(paths).unwrap())
        .env("HOME", dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_PAGER", "cat")
        .env_remove("GIT_EXTERNAL_DIFF");
    command
}

#[test]
fn readme_examples_show_what_the_commands_print() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 10, "{examples:#?}");
    let dir = tempfile::tempdir().unwrap();
    scratch_repository(dir.path());
    let mut wrong = String::new();
    for example in &examples {
        let out =
            crate::common::run::output(shell(dir.path(), "sh").args(["-c", &example.command]));
        // CSV lines end in CRLF; the README shows lines.
        let printed = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
        .replace("\r\n", "\n");
        let code = out.status.code();
        if printed != example.shown || !matches!(code, Some(0 | 1)) {
            let _ = write!(
                wrong,
                "README.md:{}: $ {}\n(exit {code:?}) printed:\n{printed}--- the README shows:\n{}\n",
                example.line, example.command, example.shown
            );
        }
    }
    assert!(wrong.is_empty(), "{wrong}");
    installed_where_the_shells_and_man_look(dir.path());
}

/// The install lines of "Shell completions and man page" ran in the scratch home folder: each
/// file is where the README says, and bash takes its completion from it.
fn installed_where_the_shells_and_man_look(home: &Path) {
    let read = |path: &str| {
        std::fs::read_to_string(home.join(path))
            .unwrap_or_else(|e| panic!("the README installs ~/{path}: {e}"))
    };
    assert!(read(".zfunc/_wpmatrix").starts_with("#compdef wpmatrix"));
    assert!(read(".config/fish/completions/wpmatrix.fish").contains("complete -c wpmatrix"));
    assert!(read(".local/share/man/man1/wpmatrix.1").contains(".TH wpmatrix"));
    let bash = shell(home, "bash")
        .args([
            "-c",
            ". ~/.local/share/bash-completion/completions/wpmatrix && complete -p wpmatrix",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&bash.stdout).contains("wpmatrix"),
        "{bash:?}"
    );
}

#[test]
fn a_console_block_pairs_each_command_with_the_lines_after_it() {
    let text = "x\n```console\n$ a\none\ntwo\n$ b\n```\n```sh\n$ c\n```\n";
    assert_eq!(
        examples(text),
        [
            Example {
                line: 3,
                command: "a".into(),
                shown: "one\ntwo\n".into()
            },
            Example {
                line: 6,
                command: "b".into(),
                shown: String::new()
            },
        ]
    );
}

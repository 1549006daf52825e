//! `wpmatrix completions SHELL`: the shell completion script, generated from the command line
//! clap reads, so it completes every subcommand, option, option value and file it knows of.

use clap::{Command, CommandFactory as _};
use clap_complete::Shell;

use super::{Console, Outcome, Unusable, write_bytes};
use crate::cli::Cli;

/// Prints the completion script for `shell`.
pub fn run(shell: Shell, console: &mut Console<'_>) -> Result<Outcome, Unusable> {
    write_bytes(console.out, &script(shell))?;
    Ok(Outcome::Yes)
}

/// The completion script for `shell`.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut command = without_hidden(&Cli::command());
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "wpmatrix", &mut script);
    script
}

/// The command line without its hidden subcommands (git's drivers), which some generators would
/// offer to complete.
fn without_hidden(full: &Command) -> Command {
    let mut visible = Command::new("wpmatrix")
        .version(env!("CARGO_PKG_VERSION"))
        .args_conflicts_with_subcommands(true);
    for arg in full.get_arguments() {
        visible = visible.arg(arg.clone());
    }
    for sub in full.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        visible = visible.subcommand(sub.clone());
    }
    visible
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_completes_subcommands_value_enums_and_files() {
        let script = String::from_utf8(script(Shell::Bash)).expect("UTF-8");
        for word in [
            "show",
            "check",
            "fmt",
            "export",
            "import",
            "diff",
            "new",
            "completions",
        ] {
            assert!(script.contains(word), "{word} missing");
        }
        assert!(script.contains("--clusters-from"), "new's options");
        assert!(script.contains("grid timeline"), "--view values");
        assert!(script.contains("text csv json"), "--format values");
        assert!(script.contains("compgen -f"), "files");
        assert!(
            !script.contains("git-merge-driver"),
            "internal commands stay hidden"
        );
    }

    #[test]
    fn zsh_completes_value_enums_and_files() {
        let script = String::from_utf8(script(Shell::Zsh)).expect("UTF-8");
        assert!(script.contains("rows grid"), "--layout values");
        assert!(script.contains("_files"), "files");
    }
}

//! The `wpmatrix` binary: parse the command line, run the command, map the answer to an exit code.

use std::process::ExitCode;

use clap::Parser;
use wpmatrix::cli::Cli;
use wpmatrix::commands::{self, Console};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            // clap's help and version are successes; anything else is unusable arguments.
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    Console::with_std(|console| {
        let result = commands::run(cli, console).and_then(|outcome| {
            console.flush()?;
            Ok(outcome)
        });
        commands::exit_code(result, console.err)
    })
}

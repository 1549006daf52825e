//! The `wpmatrix` binary: parse the command line, run the command, map the answer to an exit code.

use std::process::ExitCode;

use clap::Parser;
use wpmatrix::cli::Cli;
use wpmatrix::commands::{self, Console};

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = match wpmatrix::cli::mistyped_subcommand(&args) {
        Some(err) => Err(err),
        None => Cli::try_parse_from(&args),
    };
    let cli = match parsed {
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
        let result = commands::run(cli, console);
        // What the command wrote goes out before its closing error, and a failure to write it
        // counts even when the command itself failed.
        let flushed = console.flush();
        let result = match (result, flushed) {
            (Ok(outcome), Ok(())) => Ok(outcome),
            (Ok(_), Err(e)) | (Err(e), Ok(())) => Err(e),
            (Err(e), Err(flush)) => Err(commands::Unusable(format!("{e}\n{flush}"))),
        };
        commands::exit_code(result, console.err)
    })
}

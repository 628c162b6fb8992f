//! The `plan-review` binary: parse arguments, run, report errors.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = plan_review::cli::Cli::parse();
    match plan_review::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors quote paths, codes and file contents: keep control
            // sequences in them from reaching the terminal.
            let message = plan_review::sanitize::sanitize(&format!("{error:#}"));
            eprintln!("plan-review: error: {message}");
            ExitCode::FAILURE
        }
    }
}

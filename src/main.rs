//! The `plan-review` binary: parse arguments, run, report errors.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = plan_review::cli::Cli::parse();
    match plan_review::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("plan-review: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

//! The `plan-review` binary: parse arguments, run, report errors.

use std::process::ExitCode;

use clap::Parser;
use plan_review::sanitize::sanitize;

fn main() -> ExitCode {
    let cli = match plan_review::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors quote the arguments back: print them (and help and
        // version text) through the sanitizer like everything else.
        Err(error) => {
            let text = sanitize(&error.render().to_string());
            if error.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    match plan_review::cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Errors quote paths, codes and file contents: keep control
            // sequences in them from reaching the terminal.
            let message = sanitize(&format!("{error:#}"));
            eprintln!("plan-review: error: {message}");
            // Like a usage error: the program was started the wrong way.
            if error.is::<plan_review::tui::NotATerminal>() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

//! The `nivel` command: parse the command line, run the subcommand, print errors with their
//! fix, exit 2 for problems in the user's input.

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            let lang = cli::env_lang();
            eprintln!("error: {}", e.message(lang));
            ExitCode::from(e.exit_code())
        }
    }
}

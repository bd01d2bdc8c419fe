//! The `nivel` command: parse the command line, run the subcommand, print errors with their
//! fix, exit 2 for problems in the user's input.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) if e.is_closed_pipe() => closed_pipe(),
        Err(e) => {
            let lang = cli::env_lang();
            eprintln!("error: {}", e.message(lang));
            ExitCode::from(e.exit_code())
        }
    }
}

/// The reader of the output went away (`nivel labs --json | head -c 10`): nobody is left to
/// read a message. The docker CLI dies of SIGPIPE then, silently, and so does Nivel.
fn closed_pipe() -> ExitCode {
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGPIPE);
    }
    // Where there is no SIGPIPE (or it did not end the process): the shell's code for it.
    ExitCode::from(141)
}

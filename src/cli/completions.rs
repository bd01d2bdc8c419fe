//! `nivel completions bash|zsh|fish|powershell|elvish`: a completion script from the same
//! definition the parser uses, with the built-in lab ids offered wherever a lab is asked.

use std::io::Write;
use std::process::ExitCode;

use clap::builder::PossibleValuesParser;
use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let ids: Vec<&'static str> = nivel::lab::catalog().iter().map(|lab| lab.id).collect();
    let mut command = with_lab_ids(Cli::command(), &ids);
    // Written whole, so a closed pipe is an error like any other output's.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "nivel", &mut script);
    if args.shell == Shell::Fish {
        script.extend(fish_lab_ids(&command, &ids).into_bytes());
    }
    std::io::stdout().lock().write_all(&script)?;
    Ok(ExitCode::SUCCESS)
}

/// fish's generator completes no positional values: one line per command that takes a lab, its
/// files and folders still offered beside the ids.
fn fish_lab_ids(nivel: &clap::Command, ids: &[&str]) -> String {
    let takes_lab = |c: &clap::Command| c.get_positionals().any(|a| a.get_id() == "lab");
    nivel
        .get_subcommands()
        .filter(|c| takes_lab(c))
        .map(|c| format!("complete -c nivel -n \"__fish_nivel_using_subcommand {}\" -a \"{}\"\n", c.get_name(), ids.join(" ")))
        .collect()
}

/// `command` with the lab ids as the values of every `lab` argument: only for the script, since
/// a lab may also be a folder or a file, which the parser itself accepts.
fn with_lab_ids(command: clap::Command, ids: &[&'static str]) -> clap::Command {
    // Changed in place: an argument changed by name would move behind the others.
    let command = command.mut_args(|a| if a.get_id() == "lab" { a.value_parser(PossibleValuesParser::new(ids.to_vec())) } else { a });
    let names: Vec<String> = command.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    names.iter().fold(command, |command, name| command.mut_subcommand(name, |sub| with_lab_ids(sub, ids)))
}

//! `nivel man [COMMAND]`: the manual page, in roff, from the same definition the parser uses
//! (`nivel man | man -l -`, or saved under a `man1` folder).

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;

use super::{refuse, Cli, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A subcommand (`up`, `compose`…); without it, the page of `nivel` itself.
    pub command: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let mut nivel = Cli::command();
    nivel.build();
    let page = match &args.command {
        None => nivel,
        Some(name) => match nivel.find_subcommand(name) {
            // Built, a subcommand is displayed as `man` names its page: `nivel-up`.
            Some(sub) => sub.clone(),
            None => {
                let known: Vec<&str> = nivel.get_subcommands().map(clap::Command::get_name).collect();
                let lang = super::env_lang();
                let message = nivel::lab::Text::new(
                    format!("nivel no tiene el comando `{name}`\n  solución: elija uno de {}", known.join(", ")),
                    format!("nivel has no command `{name}`\n  fix: choose one of {}", known.join(", ")),
                );
                return refuse(message.get(lang), 2);
            }
        },
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    std::io::stdout().lock().write_all(&roff)?;
    Ok(ExitCode::SUCCESS)
}

//! `nivel config`: the project fully resolved, printed like `docker compose config`.

use std::io::Write;
use std::process::ExitCode;

use clap::ValueEnum;

use nivel::compose;

use super::project_args::ProjectArgs;
use super::{print_warnings, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let loaded = compose::load_project(&args.project.project_options()?)?;
    print_warnings(&loaded.warnings);
    let text = compose::render(&loaded.project, matches!(args.format, Format::Json))?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

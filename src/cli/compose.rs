//! `nivel compose [-f FILE]... [-p NAME] up|down|ps|logs|restart`: any compose project through the
//! same engine, options and waiting as the lab commands.

use std::process::ExitCode;

use nivel::compose;

use super::down::{down_loaded, DownFlags};
use super::up::{up_loaded, UpFlags};
use super::project_args::ProjectArgs;
use super::logs::{self, LogsFlags};
use super::restart::{restart_loaded, RestartFlags};
use super::status;
use super::lab_lock;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub project: ProjectArgs,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create and start the project's services, and wait until they are ready.
    Up(UpFlags),
    /// Stop and remove the project's containers and networks.
    Down(DownFlags),
    /// The project's services: state, health, ports with URLs, image, uptime.
    Ps {
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// The project's container output, prefixed by service.
    Logs(LogsFlags),
    /// Stop services and start the same containers again, waiting as `up` does.
    Restart(RestartFlags),
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let loaded = compose::load_project(&args.project.project_options()?)?;
    let name = &loaded.project.name;
    let _lock = match &args.action {
        Action::Up(flags) => lab_lock::hold(name, "nivel compose up", flags.wait.no_wait)?,
        Action::Down(flags) => lab_lock::hold(name, "nivel compose down", flags.no_wait)?,
        Action::Restart(flags) => lab_lock::hold(name, "nivel compose restart", flags.wait.no_wait)?,
        Action::Ps { .. } | Action::Logs(_) => None,
    };
    match &args.action {
        Action::Up(flags) => up_loaded(&loaded, &loaded.project.name, flags, None),
        Action::Down(flags) => down_loaded(&loaded, &loaded.project.name, flags),
        Action::Ps { json } => status::show(Some(&loaded.project.name), *json),
        Action::Logs(flags) => logs::show(&loaded.project.name, flags),
        Action::Restart(flags) => restart_loaded(&loaded, &loaded.project.name, flags),
    }
}

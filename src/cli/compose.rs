//! `nivel compose [-f FILE]... [-p NAME] up|down|ps|logs|restart|config`: any compose project
//! through the same engine, options and waiting as the lab commands, taking the flags
//! `docker compose` scripts pass (`up -d --wait --wait-timeout`).

use std::process::ExitCode;

use nivel::compose;

use nivel::app::OpenedLab;

use super::config::{self, ConfigFlags};
use super::json_flag::JsonFlag;
use super::down::{down_opened, DownFlags};
use super::engine::context;
use super::logs::{self, LogsFlags};
use super::project_args::ProjectArgs;
use super::restart::{restart_opened, RestartFlags};
use super::status;
use super::up::{up_opened, UpFlags};
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
    Up(ComposeUpFlags),
    /// Stop and remove the project's containers and networks.
    Down(DownFlags),
    /// The project's services: state, health, ports with URLs, image, uptime.
    Ps {
        #[command(flatten)]
        output: JsonFlag,
    },
    /// The project's container output, prefixed by service.
    Logs(LogsFlags),
    /// Stop services and start the same containers again, waiting as `up` does.
    Restart(RestartFlags),
    /// Print the project fully resolved, as `docker compose config` does (`nivel config`).
    Config(ConfigFlags),
}

/// `up`'s options, and the ones `docker compose up` takes for what Nivel always does.
#[derive(Debug, clap::Args)]
pub struct ComposeUpFlags {
    #[command(flatten)]
    pub up: UpFlags,
    /// Accepted as `docker compose up -d` takes it: the services always keep running in the
    /// background once started.
    #[arg(short = 'd', long)]
    pub detach: bool,
    /// Wait until every service is running and healthy: what `up` does unless `--no-wait`.
    #[arg(long, conflicts_with = "no_wait")]
    pub wait: bool,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    if let Action::Config(flags) = &args.action {
        // Printing the project needs no engine.
        return config::print(&args.project, flags);
    }
    let loaded = compose::load_project(&args.project.project_options()?)?;
    let name = loaded.project.name.clone();
    let ctx = context()?;
    let lab = OpenedLab::of_project(loaded);
    match &args.action {
        Action::Up(flags) => up_opened(&ctx, &lab, "nivel compose up", &flags.up, false),
        Action::Down(flags) => down_opened(&ctx, &lab, "nivel compose down", flags, false),
        Action::Ps { output } => status::show(Some(&name), output.json()),
        Action::Logs(flags) => logs::run_opened(&ctx, &lab, flags),
        Action::Restart(flags) => restart_opened(&ctx, &lab, "nivel compose restart", flags),
        Action::Config(flags) => config::print(&args.project, flags),
    }
}

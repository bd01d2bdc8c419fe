//! `nivel compose [-f FILE]... [-p NAME] up|down`: any compose project through the same
//! engine, options and waiting as the lab commands.

use std::path::PathBuf;
use std::process::ExitCode;

use nivel::compose::{self, ProjectOptions};

use super::down::{down_loaded, DownFlags};
use super::up::{up_loaded, UpFlags};
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Compose file to load; repeat to merge several, later files override earlier ones.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Project name (default: COMPOSE_PROJECT_NAME, the file's `name:`, or the directory).
    #[arg(short = 'p', long = "project-name", value_name = "NAME")]
    pub project_name: Option<String>,
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Create and start the project's services, and wait until they are ready.
    Up(UpFlags),
    /// Stop and remove the project's containers and networks.
    Down(DownFlags),
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let opts = ProjectOptions {
        files: args.files.clone(),
        name: args.project_name.clone(),
        os_env: std::env::vars().collect(),
        cwd: std::env::current_dir()?,
        ..Default::default()
    };
    let loaded = compose::load_project(&opts)?;
    match &args.action {
        Action::Up(flags) => up_loaded(&loaded, &loaded.project.name, flags),
        Action::Down(flags) => down_loaded(&loaded, &loaded.project.name, flags),
    }
}

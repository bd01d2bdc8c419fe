//! `nivel config`: the project fully resolved, printed like `docker compose config`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use nivel::compose::{self, ProjectOptions};

use super::{print_warnings, CliError};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Compose file to load; repeat to merge several, later files override earlier ones.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Project name (default: COMPOSE_PROJECT_NAME, the file's `name:`, or the directory).
    #[arg(short = 'p', long = "project-name", value_name = "NAME")]
    pub project_name: Option<String>,
    /// Project directory (default: the first file's directory).
    #[arg(long = "project-directory", value_name = "DIR")]
    pub project_directory: Option<PathBuf>,
    /// Variables file to use instead of the project's `.env`; repeatable.
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
    /// Enable services of this profile; repeatable (also COMPOSE_PROFILES).
    #[arg(long = "profile", value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    Yaml,
    Json,
}

impl Args {
    pub fn project_options(&self) -> Result<ProjectOptions, CliError> {
        Ok(ProjectOptions {
            files: self.files.clone(),
            name: self.project_name.clone(),
            project_dir: self.project_directory.clone(),
            env_files: self.env_files.clone(),
            profiles: self.profiles.clone(),
            os_env: std::env::vars().collect(),
            cwd: std::env::current_dir()?,
        })
    }
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    let loaded = compose::load_project(&args.project_options()?)?;
    print_warnings(&loaded.warnings);
    let text = compose::render(&loaded.project, matches!(args.format, Format::Json))?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

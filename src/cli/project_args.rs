//! The options that say which compose project to load, shared by `nivel config` and
//! `nivel compose`.

use std::path::PathBuf;

use nivel::compose::ProjectOptions;

use super::CliError;

#[derive(Debug, clap::Args)]
pub struct ProjectArgs {
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
}

impl ProjectArgs {
    /// The loader's options, with this process's environment and working directory.
    pub fn project_options(&self) -> Result<ProjectOptions, CliError> {
        Ok(ProjectOptions {
            files: self.files.clone(),
            name: self.project_name.clone(),
            project_dir: self.project_directory.clone(),
            env_files: self.env_files.clone(),
            profiles: self.profiles.clone(),
            os_env: std::env::vars().collect(),
            cwd: std::env::current_dir()?,
            allowed_dir: None,
        })
    }
}

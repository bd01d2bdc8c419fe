//! Nivel's data folder as the commands over the student's progress take it: `--data-dir`,
//! else `NIVEL_DATA_DIR`, else the OS data folder (`~/.local/share/nivel` on Linux, moved by
//! `XDG_DATA_HOME`); the application's context is built on it.

use std::path::PathBuf;
use std::time::SystemTime;

use nivel::app::Context;
use nivel::lab::{InstallError, DATA_DIR_ENV};
use nivel::app::progress_store::{default_path, StoreError, UnixMillis};

/// The `--data-dir` option of the commands that use the progress store.
#[derive(Debug, Default, clap::Args)]
pub struct DataDirArg {
    /// Nivel's data folder, holding progress.sqlite3 [default: NIVEL_DATA_DIR, else the OS data folder]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

impl DataDirArg {
    /// The application's context for this command: its data folder is `--data-dir` when
    /// given; the engine, the language and the variables come from the process environment.
    pub fn context(&self) -> Result<Context, StoreError> {
        let var = |k: &str| std::env::var(k).ok();
        // `--data-dir` stands in for NIVEL_DATA_DIR, so no default folder needs to exist.
        let given = self.data_dir.as_ref().map(|d| d.display().to_string());
        let lookup = |k: &str| if k == DATA_DIR_ENV { given.clone().or_else(|| var(k)) } else { var(k) };
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        let mut ctx = Context::from_env(&lookup, std::env::vars().collect(), cwd).map_err(|e| match e {
            InstallError::NoDataDir => StoreError::NoDataDir,
            InstallError::Io { path, source } => StoreError::Io { path, source },
            InstallError::InTheWay { path } => StoreError::Io { path, source: std::io::Error::other("not a folder") },
        })?;
        if let Some(dir) = &self.data_dir {
            ctx.data_dir = dir.clone();
        }
        Ok(ctx)
    }

    /// The progress file this command uses.
    pub fn path(&self) -> Result<PathBuf, StoreError> {
        let dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => nivel::lab::data_dir().map_err(|_| StoreError::NoDataDir)?,
        };
        Ok(default_path(&dir))
    }
}

/// The clock, read once per command at the edge and passed into the library.
pub fn now() -> UnixMillis {
    UnixMillis::from_system_time(SystemTime::now())
}

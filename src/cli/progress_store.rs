//! The progress store as the CLI opens it: `--data-dir`, else `NIVEL_DATA_DIR`, else the OS
//! data folder (`~/.local/share/nivel` on Linux, moved by `XDG_DATA_HOME`).

use std::path::PathBuf;
use std::time::SystemTime;

use nivel::progress::{default_path, Store, StoreError, UnixMillis};

/// The `--data-dir` option of the commands that use the progress store.
#[derive(Debug, Default, clap::Args)]
pub struct DataDirArg {
    /// Nivel's data folder, holding progress.sqlite3 [default: NIVEL_DATA_DIR, else the OS data folder]
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

impl DataDirArg {
    /// The progress file this command uses.
    pub fn path(&self) -> Result<PathBuf, StoreError> {
        let dir = match &self.data_dir {
            Some(dir) => dir.clone(),
            None => nivel::lab::data_dir().map_err(|_| StoreError::NoDataDir)?,
        };
        Ok(default_path(&dir))
    }

    /// Opens (and creates or migrates) the progress file.
    pub fn open(&self) -> Result<Store, StoreError> {
        Store::open(&self.path()?)
    }
}

/// The clock, read once per command at the edge and passed into the library.
pub fn now() -> UnixMillis {
    UnixMillis::from_system_time(SystemTime::now())
}

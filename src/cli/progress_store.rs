//! The progress store as the CLI opens it: `--data-dir`, else `NIVEL_DATA_DIR`, else the OS
//! data folder (`~/.local/share/nivel` on Linux, moved by `XDG_DATA_HOME`). Commands that
//! only read open it so that a read-only store still reads; commands that write make the
//! day's backup first.

use std::path::PathBuf;
use std::time::SystemTime;

use nivel::i18n::Lang;
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

    /// Opens the progress file for a command that only reads: nothing is created or
    /// changed when it cannot be written.
    pub fn open_to_read(&self) -> Result<Store, StoreError> {
        Store::open_to_read(&self.path()?)
    }

    /// Opens (creating or migrating) the progress file for a command that writes, after
    /// keeping today's backup of it. A backup that cannot be made is a warning: the write the
    /// student asked for matters more.
    pub fn open_to_write(&self, now: UnixMillis) -> Result<Store, StoreError> {
        let store = Store::open(&self.path()?)?;
        if let Err(e) = store.back_up_daily(now) {
            let lang = Lang::from_env(&|k| std::env::var(k).ok());
            let intro = match lang {
                Lang::Es => "aviso: hoy no se pudo hacer la copia de seguridad de su progreso",
                Lang::En => "warning: today's backup of your progress could not be made",
            };
            eprintln!("{intro}: {}", super::remedy::render(&e, lang));
        }
        Ok(store)
    }

    /// The folders no file written for the user may land in: the one holding the progress
    /// file, and Nivel's data folder (where the built-in labs are written).
    pub fn protected_folders(&self) -> Vec<PathBuf> {
        let store_folder = self.path().ok().and_then(|p| p.parent().map(PathBuf::from));
        store_folder.into_iter().chain(nivel::lab::data_dir().ok()).collect()
    }
}

/// The clock, read once per command at the edge and passed into the library.
pub fn now() -> UnixMillis {
    UnixMillis::from_system_time(SystemTime::now())
}

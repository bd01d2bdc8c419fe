//! Why the progress store could not be used, with what the student can do about it.

use std::path::PathBuf;

/// A progress store failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file's schema is newer than this binary knows; it was left untouched.
    #[error(
        "this progress file was written by a newer Nivel (schema {found}, this one knows {known}); update Nivel\n  file: {}",
        path.display()
    )]
    NewerSchema {
        /// The progress file.
        path: PathBuf,
        /// The schema version stored in the file.
        found: u32,
        /// The newest schema version this binary knows.
        known: u32,
    },
    /// The file exists but is not an SQLite database.
    #[error(
        "{} is not a Nivel progress file (not an SQLite database)\n  fix: move it aside, or point --data-dir / NIVEL_DATA_DIR at another folder",
        path.display()
    )]
    NotADatabase {
        /// The file that was opened.
        path: PathBuf,
    },
    /// The folder for the progress file could not be created.
    #[error(
        "cannot create the folder {} for the progress file: {source}\n  fix: make it writable, or point --data-dir / NIVEL_DATA_DIR at a writable folder",
        path.display()
    )]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// No data directory could be found for the default location.
    #[error("no data directory for Nivel: the system names no home folder\n  fix: pass --data-dir or set NIVEL_DATA_DIR to a writable folder")]
    NoDataDir,
    /// A value read from the file is not one this binary writes (a hand-edited file).
    #[error("the progress file holds an unexpected value in {table}.{column}: {value:?}")]
    BadValue {
        /// The table.
        table: &'static str,
        /// The column.
        column: &'static str,
        /// The value found.
        value: String,
    },
    /// SQLite reported an error.
    #[error("progress store: {source}")]
    Sqlite {
        /// SQLite's error.
        #[from]
        source: rusqlite::Error,
    },
}

impl StoreError {
    /// True when the problem is the file the user pointed at (exit code 2 in the CLI), not a
    /// failure while using it.
    pub fn is_input(&self) -> bool {
        matches!(self, StoreError::NewerSchema { .. } | StoreError::NotADatabase { .. } | StoreError::CreateDir { .. } | StoreError::NoDataDir)
    }
}

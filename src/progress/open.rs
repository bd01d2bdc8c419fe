//! Opening the progress file, the one way the CLI and the desktop app both use, so that both
//! get the same journal mode, lock waiting and schema.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::check_runs::CheckRuns;
use super::error::StoreError;
use super::exercises::Exercises;
use super::identity::IdentityTable;
use super::migrate;
use super::sessions::Sessions;
use super::settings::Settings;

/// The progress file's name inside Nivel's data directory.
pub const FILE_NAME: &str = "progress.sqlite3";

/// How long a writer waits for another one (the app while the CLI writes) before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The progress file inside `data_dir` (see [`crate::lab::data_dir`] for the default one).
pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// An open, migrated progress store. Each table is reached through its own accessor.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens (creating it and its folder when missing) the progress file at `path` and
    /// brings its schema up to date. A file written by a newer Nivel is refused and left
    /// untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(e, path))?;
        // Set before anything reads, so that even the version check waits for a writer.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Before the journal mode changes: switching to WAL writes to the file, and a file
        // from a newer Nivel must stay exactly as it was.
        migrate::refuse_newer(&conn, path).map_err(|e| classify_store(e, path))?;
        // WAL lets the app read while the CLI writes and keeps every committed transaction
        // across a killed process. synchronous=FULL also syncs the log on each commit, so a
        // power cut cannot lose a result either; writes are a handful per check run, so the
        // cost is not noticeable.
        enter_wal(&conn)?;
        configure(&conn)?;
        migrate::up(&conn, path)?;
        Ok(Store { conn })
    }

    /// A store in memory with the current schema, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate::up(&conn, Path::new(":memory:"))?;
        Ok(Store { conn })
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::user_version(&self.conn)
    }

    /// `PRAGMA integrity_check`: `["ok"]` for a sound file, else SQLite's findings.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    #[cfg(test)]
    pub(super) fn conn_for_tests(&self) -> &Connection {
        &self.conn
    }

    /// Lab sessions: up, down and reset with their outcomes.
    pub fn sessions(&self) -> Sessions<'_> {
        Sessions::new(&self.conn)
    }

    /// Every check run.
    pub fn check_runs(&self) -> CheckRuns<'_> {
        CheckRuns::new(&self.conn)
    }

    /// Per exercise, its first pass and attempts.
    pub fn exercises(&self) -> Exercises<'_> {
        Exercises::new(&self.conn)
    }

    /// The student's identity for reports.
    pub fn identity(&self) -> IdentityTable<'_> {
        IdentityTable::new(&self.conn)
    }

    /// Key/value settings.
    pub fn settings(&self) -> Settings<'_> {
        Settings::new(&self.conn)
    }
}

/// Switches the file to WAL (a no-op once it is: the mode is stored in the file). While a
/// new file is switched by one process, SQLite answers another's switch with SQLITE_BUSY
/// without calling the busy handler, so the wait is done here, within the same timeout.
fn enter_wal(conn: &Connection) -> Result<(), StoreError> {
    let started = Instant::now();
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0)) {
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(e.into()),
            Ok(_) => return Ok(()),
        }
    }
}

fn configure(conn: &Connection) -> Result<(), StoreError> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

fn classify(e: rusqlite::Error, path: &Path) -> StoreError {
    if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) {
        StoreError::NotADatabase { path: path.to_path_buf() }
    } else {
        StoreError::Sqlite { source: e }
    }
}

fn classify_store(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::Sqlite { source } => classify(source, path),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_store_uses_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/progress.sqlite3");
        let store = Store::open(&path).unwrap();
        let mode: String = store.conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal", "WAL lets the CLI and the app write the same file");
        let fk: i64 = store.conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1, "foreign keys are enforced");
        let sync: i64 = store.conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL: a commit survives a power cut too");
        assert_eq!(store.integrity_check().unwrap(), ["ok"], "a fresh file is sound");
    }

    #[test]
    fn garbage_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, vec![0x5a; 4096]).unwrap();
        let err = Store::open(&path).unwrap_err();
        assert!(matches!(err, StoreError::NotADatabase { .. }), "a clear error for a file that is not SQLite, got {err:?}");
        assert!(err.is_input(), "the user's file is the problem: exit code 2");
        assert_eq!(std::fs::read(&path).unwrap(), vec![0x5a; 4096], "the file is left as it was");
    }

    #[test]
    fn the_default_file_sits_in_the_data_dir() {
        assert_eq!(default_path(Path::new("/d")), Path::new("/d/progress.sqlite3"), "one file named progress.sqlite3");
    }
}

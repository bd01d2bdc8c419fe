//! Opening the progress file, the one way the CLI and the desktop app both use, so that both
//! get the same checks, journal mode, lock waiting and schema. A file is only read until it
//! is known to be Nivel's own and sound ([`identify`]); anything else is refused with every
//! byte as it was. Commands that only read open with [`Store::open_to_read`], which also
//! works when the file or its folder cannot be written.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OpenFlags, MAIN_DB};

use super::check_runs::CheckRuns;
use super::error::StoreError;
use super::exercises::Exercises;
use super::identify::{self, Claim};
use super::identity::IdentityTable;
use super::migrate::{self, SCHEMA_VERSION};
use super::outlines::Outlines;
use super::sessions::Sessions;
use super::settings::Settings;

/// The progress file's name inside Nivel's data directory.
pub const FILE_NAME: &str = "progress.sqlite3";

/// How long a writer waits for another one (the app while the CLI writes) before giving up.
pub(super) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The progress file inside `data_dir` (see [`crate::lab::data_dir`] for the default one).
pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

/// An open progress store at the current schema. Each table is reached through its own
/// accessor.
#[derive(Debug)]
pub struct Store {
    pub(super) conn: Connection,
    path: PathBuf,
    /// False when opened read-only: nothing may be written, no backup made.
    pub(super) writable: bool,
    /// True when this open created the file (there is nothing yet to back up).
    pub(super) created: bool,
}

impl Store {
    /// Opens the progress file at `path` for writing, creating it and its folder when
    /// missing and bringing its schema up to date. A file that is not Nivel's, is damaged or
    /// comes from a newer Nivel is refused and left untouched; so is a read-only one
    /// ([`StoreError::ReadOnly`]).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_writable(path).map_err(|e| e.at(path))
    }

    fn open_writable(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir { path: dir.to_path_buf(), source })?;
        }
        let existed = present(path)?;
        if existed {
            // Another program's mark or no SQLite at all: refused before SQLite opens it.
            identify::refuse_by_header(path)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| cannot_write(e, path))?;
        // SQLite opens a write-protected file read-only without saying so.
        if conn.is_readonly(MAIN_DB)? {
            return Err(StoreError::ReadOnly { path: path.to_path_buf() });
        }
        // Set before anything reads, so that even the checks below wait for a writer.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Only reads until the file is known to be Nivel's and sound: a refused file keeps
        // every byte (closing the connection removes the journal files reading started).
        if existed {
            identify::claim(&conn, path)?;
            identify::refuse_damaged(&conn, path)?;
        }
        // WAL lets the app read while the CLI writes and keeps every committed transaction
        // across a killed process. synchronous=FULL also syncs the log on each commit, so a
        // power cut cannot lose a result either; writes are a handful per check run, so the
        // cost is not noticeable.
        enter_wal(&conn).map_err(|e| cannot_write(e, path))?;
        configure(&conn)?;
        migrate::up(&conn, path)?;
        Ok(Store { conn, path: path.to_path_buf(), writable: true, created: !existed })
    }

    /// Opens the progress file at `path` for a command that only reads: as [`Store::open`]
    /// does when it can, else read-only, without creating or changing anything. A file that
    /// does not exist reads as an empty store.
    pub fn open_to_read(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            let mut empty = Store::open_in_memory()?;
            empty.path = path.to_path_buf();
            return Ok(empty);
        }
        match Store::open(path) {
            // It cannot be written here (read-only, a full or failing disk): read it as it is.
            Err(StoreError::ReadOnly { .. } | StoreError::DiskFull { .. } | StoreError::DiskFailure { .. } | StoreError::CreateDir { .. } | StoreError::Io { .. }) => {
                Store::open_read_only(path).map_err(|e| e.at(path))
            }
            other => other,
        }
    }

    pub(super) fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        identify::refuse_by_header(path)?;
        let conn = connect_read_only(path)?;
        let claim = identify::claim(&conn, path)?;
        match claim {
            // Every later version only adds tables, so an older file reads as it is; what
            // it lacks reads as empty.
            Claim::Nivel(1..=SCHEMA_VERSION) | Claim::EarlierNivel | Claim::Empty => {}
            // Older than this Nivel reads, and it cannot be brought up to date here.
            Claim::Nivel(_) => return Err(StoreError::ReadOnly { path: path.to_path_buf() }),
        }
        identify::refuse_damaged(&conn, path)?;
        configure(&conn)?;
        if claim == Claim::Empty {
            // Read-only and empty: an empty store in memory has the tables to read.
            let mut empty = Store::open_in_memory()?;
            empty.path = path.to_path_buf();
            return Ok(empty);
        }
        Ok(Store { conn, path: path.to_path_buf(), writable: false, created: false })
    }

    /// A store in memory with the current schema: what a missing or empty file reads as, and
    /// a store for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        configure(&conn)?;
        migrate::up(&conn, Path::new(":memory:"))?;
        Ok(Store { conn, path: PathBuf::from(":memory:"), writable: false, created: true })
    }

    /// The file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version stored in the file.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(u32::try_from(migrate::user_version(&self.conn)?).unwrap_or(0))
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

    /// The titles of each lab whose checks ran.
    pub fn outlines(&self) -> Outlines<'_> {
        Outlines::new(&self.conn)
    }
}

/// True when there is a file with content at `path` (an empty one is a new database to
/// SQLite); something that is not a file is not a database.
fn present(path: &Path) -> Result<bool, StoreError> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(StoreError::NotADatabase { path: path.to_path_buf() }),
        Ok(meta) => Ok(meta.len() > 0),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io { path: path.to_path_buf(), source }),
    }
}

/// A read-only connection that never writes to the file. In a folder where the WAL's
/// shared-memory file can neither be found nor made (read-only, or on a full disk), SQLite
/// can only read the file as immutable, which reads the main file alone: what the last
/// checkpoint put there, which is everything once the last writer closed it.
pub(super) fn connect_read_only(path: &Path) -> Result<Connection, StoreError> {
    let plain = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .and_then(|conn| conn.busy_timeout(BUSY_TIMEOUT).map(|()| conn))
        .and_then(|conn| conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(())).map(|()| conn));
    match plain {
        Ok(conn) => Ok(conn),
        // No shared memory here (a read-only folder, a full disk): the file alone.
        Err(e) if matches!(e.sqlite_error_code(), Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::SystemIoFailure | ErrorCode::DiskFull)) => {
            connect_immutable(path)
        }
        Err(e) => Err(StoreError::from(e).at(path)),
    }
}

/// A connection to `path` as an immutable file (`file:…?immutable=1`): no locks, no journal.
pub(super) fn connect_immutable(path: &Path) -> Result<Connection, StoreError> {
    let absolute = std::path::absolute(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    let uri = immutable_uri(&absolute.to_string_lossy(), cfg!(windows));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(uri, flags).map_err(|e| StoreError::from(e).at(path))
}

/// SQLite's URI for an absolute path opened immutable. On Windows the separators become `/` and
/// a drive path gets a leading `/` (`file:///C:/Users/…`), as SQLite's URIs spell Windows paths.
fn immutable_uri(absolute: &str, windows: bool) -> String {
    let mut uri = String::from("file://");
    if windows && absolute.as_bytes().get(1) == Some(&b':') {
        uri.push('/');
    }
    for c in absolute.chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            '\\' if windows => uri.push('/'),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Errors opening for writing: a file or folder that cannot be written is said to be
/// read-only; others keep SQLite's words, with the path where it helps.
fn cannot_write(e: rusqlite::Error, path: &Path) -> StoreError {
    match e.sqlite_error_code() {
        Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly | ErrorCode::PermissionDenied) => StoreError::ReadOnly { path: path.to_path_buf() },
        _ => StoreError::from(e).at(path),
    }
}

/// Switches the file to WAL (a no-op once it is: the mode is stored in the file). While a
/// new file is switched by one process, SQLite answers another's switch with SQLITE_BUSY
/// without calling the busy handler, so the wait is done here, within the same timeout.
fn enter_wal(conn: &Connection) -> rusqlite::Result<()> {
    let started = Instant::now();
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0)) {
            Err(e) if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy) && started.elapsed() < BUSY_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(e),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_immutable_uri_spells_the_path_as_sqlite_reads_it_on_each_system() {
        assert_eq!(immutable_uri("/home/ana/a?b#c%d.sqlite3", false), "file:///home/ana/a%3Fb%23c%25d.sqlite3?immutable=1");
        assert_eq!(immutable_uri("/home/a\\b", false), "file:///home/a\\b?immutable=1", "a backslash is a name's on Unix");
        assert_eq!(immutable_uri(r"C:\Users\ana\backups\progress.sqlite3", true), "file:///C:/Users/ana/backups/progress.sqlite3?immutable=1");
        assert_eq!(immutable_uri(r"\\server\share\p.sqlite3", true), "file:////server/share/p.sqlite3?immutable=1");
    }

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
        assert!(store.created, "this open made the file");
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
    fn reading_a_missing_store_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join(FILE_NAME);
        let store = Store::open_to_read(&path).unwrap();
        assert!(store.identity().get().unwrap().is_empty(), "an empty store");
        assert!(!dir.path().join("data").exists(), "no folder or file was made");
    }

    #[test]
    fn an_immutable_connection_reads_a_path_with_uri_characters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a%b?c#d.sqlite3");
        Store::open(&path).unwrap().settings().set("k", "v").unwrap();
        let conn = connect_immutable(&path).unwrap();
        let v: String = conn.query_row("SELECT value FROM settings", [], |r| r.get(0)).unwrap();
        assert_eq!(v, "v", "the file is found however its name is spelled");
    }

    #[test]
    fn many_first_opens_at_once_all_take_the_new_file() {
        // Each opener looks at whose file it is while another may be creating it: what it
        // sees must be one moment of the file, never a mix of before and after.
        for round in 0..150 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(FILE_NAME);
            let start = std::sync::Arc::new(std::sync::Barrier::new(6));
            let openers: Vec<_> = (0..6)
                .map(|_| {
                    let (path, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        Store::open(&path).map(|_| ())
                    })
                })
                .collect();
            for opener in openers {
                let opened = opener.join().unwrap();
                assert!(opened.is_ok(), "round {round}: every opener takes the file as Nivel's: {opened:?}");
            }
        }
    }

    #[test]
    fn the_default_file_sits_in_the_data_dir() {
        assert_eq!(default_path(Path::new("/d")), Path::new("/d/progress.sqlite3"), "one file named progress.sqlite3");
    }
}

//! Whose file is this? Before Nivel writes to a progress file it makes sure the file is its
//! own: marked with Nivel's `application_id`, or written by an earlier Nivel that did not
//! mark its files yet (then adopted), or empty. Anything else (another program's database, a
//! version no Nivel writes, a damaged file) is refused, and is read only in ways that cannot
//! change it: its header with plain file reads, then SQLite read-only.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::error::{Foreign, StoreError};
use super::migrate::{self, SCHEMA_VERSION};

/// The mark in every progress file (`PRAGMA application_id`, bytes 68–71 of the file):
/// "NIVL" in ASCII.
pub const APPLICATION_ID: i32 = 0x4E49_564C;

/// The 16 bytes every SQLite 3 file starts with.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What a database holds, as far as Nivel is concerned.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Claim {
    /// No tables, no marks: a new file.
    Empty,
    /// Nivel's, at this schema version.
    Nivel(u32),
    /// Written by Nivel 0.1, before files were marked: Nivel's tables at version 1.
    EarlierNivel,
}

/// The facts of a file's 100-byte header that matter before SQLite opens it.
#[derive(Debug)]
pub(super) struct Header {
    pub application_id: i32,
    pub page_size: u64,
    /// The page count the header records, when it is valid (see the file format's 1.3.7).
    pub pages: Option<u64>,
}

/// Reads `path`'s header without SQLite; `Ok(None)` for an empty file (SQLite takes it as a
/// new database).
pub(super) fn header(path: &Path) -> Result<Option<Header>, StoreError> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let mut bytes = Vec::with_capacity(100);
    std::fs::File::open(path).map_err(io)?.take(100).read_to_end(&mut bytes).map_err(io)?;
    if bytes.is_empty() {
        return Ok(None);
    }
    if bytes.len() < 100 || &bytes[..16] != MAGIC {
        return Err(StoreError::NotADatabase { path: path.to_path_buf() });
    }
    let u32_at = |i: usize| u32::from_be_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let page_size = match u16::from_be_bytes([bytes[16], bytes[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    if !page_size.is_power_of_two() || !(512..=65_536).contains(&page_size) {
        return Err(StoreError::NotADatabase { path: path.to_path_buf() });
    }
    let counted = u32_at(28);
    let pages = (counted > 0 && u32_at(24) == u32_at(92)).then_some(u64::from(counted));
    Ok(Some(Header { application_id: u32_at(68) as i32, page_size, pages }))
}

/// Refuses a file whose header already shows it is not Nivel's, without opening it in SQLite
/// (which could start a journal beside it).
pub(super) fn refuse_by_header(path: &Path) -> Result<(), StoreError> {
    match header(path)? {
        Some(h) if h.application_id != 0 && h.application_id != APPLICATION_ID => {
            Err(StoreError::Foreign { path: path.to_path_buf(), why: Foreign::ApplicationId(h.application_id) })
        }
        _ => Ok(()),
    }
}

/// What `conn`'s database is, or why Nivel must not use it. The mark, the version and the
/// tables are read in one snapshot: read one by one, a second process creating the file
/// in between would show an unmarked version 0 beside Nivel's tables.
pub(super) fn claim(conn: &Connection, path: &Path) -> Result<Claim, StoreError> {
    if !conn.is_autocommit() {
        return claim_in_snapshot(conn, path);
    }
    let snapshot = Transaction::new_unchecked(conn, TransactionBehavior::Deferred).map_err(|e| StoreError::from(e).at(path))?;
    // Dropped unfinished: the read transaction ends without writing anything.
    claim_in_snapshot(&snapshot, path)
}

fn claim_in_snapshot(conn: &Connection, path: &Path) -> Result<Claim, StoreError> {
    let located = |e: rusqlite::Error| StoreError::from(e).at(path);
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).map_err(located)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(located)?;
    let path_buf = || path.to_path_buf();
    if app != 0 && app != APPLICATION_ID {
        return Err(StoreError::Foreign { path: path_buf(), why: Foreign::ApplicationId(app) });
    }
    let Ok(version_u32) = u32::try_from(version) else {
        return Err(StoreError::BadVersion { path: path_buf(), found: version });
    };
    if app == APPLICATION_ID {
        if version_u32 > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path: path_buf(), found: version_u32, known: SCHEMA_VERSION });
        }
        return Ok(Claim::Nivel(version_u32));
    }
    let found = shape(conn).map_err(located)?;
    if found.is_empty() && version == 0 {
        return Ok(Claim::Empty);
    }
    let nivel_1 = nivel_shape(1).map_err(located)?;
    let strangers: Vec<String> = found.keys().filter(|t| !nivel_1.contains_key(*t)).cloned().collect();
    if !strangers.is_empty() {
        return Err(StoreError::Foreign { path: path_buf(), why: Foreign::Tables(strangers) });
    }
    if version == 1 && found == nivel_1 {
        return Ok(Claim::EarlierNivel);
    }
    Err(StoreError::Foreign { path: path_buf(), why: Foreign::Schema })
}

/// `PRAGMA quick_check`: every page readable and every b-tree well formed (it does not
/// compare indexes with their tables, so it stays quick on a large store).
pub(super) fn refuse_damaged(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let findings: Vec<String> = conn
        .prepare("PRAGMA quick_check(1)")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get::<_, String>(0))?.collect())
        .map_err(|e| damaged(StoreError::from(e).at(path), path))?;
    match findings.first().map(String::as_str) {
        Some("ok") => Ok(()),
        _ => Err(StoreError::Damaged { path: path.to_path_buf() }),
    }
}

/// An error reading a file that reads as a database at first: an I/O error here means pages
/// past its end (a truncated file), so it is damaged too.
fn damaged(e: StoreError, path: &Path) -> StoreError {
    match e {
        StoreError::Sqlite { source } if source.sqlite_error_code() == Some(rusqlite::ErrorCode::SystemIoFailure) => StoreError::Damaged { path: path.to_path_buf() },
        other => other,
    }
}

/// Each table's columns, by table name, SQLite's own tables left out.
fn shape(conn: &Connection) -> rusqlite::Result<BTreeMap<String, Vec<String>>> {
    let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")?;
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
    let mut shape = BTreeMap::new();
    for table in tables {
        let mut info = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
        let columns = info.query_map([&table], |r| r.get(0))?.collect::<Result<_, _>>()?;
        shape.insert(table, columns);
    }
    Ok(shape)
}

/// The tables and columns Nivel's migrations make up to `version`, built in memory.
fn nivel_shape(version: u32) -> rusqlite::Result<BTreeMap<String, Vec<String>>> {
    let conn = Connection::open_in_memory()?;
    for step in migrate::steps(0, version) {
        conn.execute_batch(step.sql)?;
    }
    shape(&conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim_of(sql: &str) -> Result<Claim, StoreError> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        claim(&conn, Path::new("/d/progress.sqlite3"))
    }

    fn nivel_1_sql() -> String {
        migrate::steps(0, 1).iter().map(|s| s.sql).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn nivel_and_new_files_are_claimed() {
        assert_eq!(claim_of("").unwrap(), Claim::Empty, "nothing in it");
        assert_eq!(claim_of(&format!("{} PRAGMA user_version = 1;", nivel_1_sql())).unwrap(), Claim::EarlierNivel, "Nivel 0.1's tables");
        assert_eq!(claim_of(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 1;")).unwrap(), Claim::Nivel(1), "marked");
    }

    #[test]
    fn other_files_are_refused_with_the_reason() {
        let foreign = |sql: &str| match claim_of(sql) {
            Err(StoreError::Foreign { why, .. }) => why,
            other => panic!("{sql}: expected Foreign, got {other:?}"),
        };
        assert_eq!(foreign("PRAGMA application_id = 5;"), Foreign::ApplicationId(5), "another program's mark");
        assert_eq!(foreign("CREATE TABLE notes (x);"), Foreign::Tables(vec!["notes".into()]), "tables Nivel does not make");
        assert_eq!(foreign(&format!("{} PRAGMA user_version = 4;", nivel_1_sql())), Foreign::Schema, "unmarked at a version Nivel never left unmarked");
        assert_eq!(foreign("CREATE TABLE sessions (x); PRAGMA user_version = 1;"), Foreign::Schema, "a table of Nivel's name with other columns");
        assert!(matches!(claim_of("PRAGMA user_version = -3;"), Err(StoreError::BadVersion { found: -3, .. })), "a negative version");
        let newer = format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 9;");
        assert!(matches!(claim_of(&newer), Err(StoreError::NewerSchema { found: 9, .. })), "a newer Nivel's");
    }

    #[test]
    fn headers_are_read_without_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p");
        std::fs::write(&path, b"").unwrap();
        assert!(header(&path).unwrap().is_none(), "an empty file is a new database");
        std::fs::write(&path, b"SQLite format 3").unwrap();
        assert!(matches!(header(&path), Err(StoreError::NotADatabase { .. })), "too short");
        std::fs::remove_file(&path).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("PRAGMA application_id = 77; CREATE TABLE t (x);").unwrap();
        drop(conn);
        let h = header(&path).unwrap().unwrap();
        assert_eq!((h.application_id, h.page_size, h.pages), (77, 4096, Some(2)), "the mark, page size and count");
        assert!(matches!(refuse_by_header(&path), Err(StoreError::Foreign { why: Foreign::ApplicationId(77), .. })), "refused by its mark");
    }
}

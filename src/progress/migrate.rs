//! The schema, versioned with `PRAGMA user_version`. Each table's module lists its own
//! migrations; here they are put in order and applied, one version per transaction. Each
//! transaction first looks again at whose file it is ([`identify::claim`]), so two processes
//! opening a new file create it once, and a file that is not Nivel's is never changed: the
//! first transaction on a new file, or on one an earlier Nivel wrote, also marks it as
//! Nivel's (`PRAGMA application_id`).

use std::path::Path;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::error::StoreError;
use super::identify::{self, Claim, APPLICATION_ID};
use super::{check_runs, exercises, identity, outlines, sessions, settings};

/// One schema step of one table: applied when the file's version is below `version`.
#[derive(Debug)]
pub(super) struct Migration {
    pub version: u32,
    pub sql: &'static str,
}

/// Every table's migrations, in the order tables are created within a version (a table
/// before the tables whose foreign keys name it).
fn tables() -> [&'static [Migration]; 6] {
    [sessions::MIGRATIONS, exercises::MIGRATIONS, check_runs::MIGRATIONS, identity::MIGRATIONS, settings::MIGRATIONS, outlines::MIGRATIONS]
}

/// The newest schema version this binary knows.
pub const SCHEMA_VERSION: u32 = 2;

/// The steps that lead from `from` to `to`, in order.
pub(super) fn steps(from: u32, to: u32) -> Vec<&'static Migration> {
    let mut steps: Vec<&Migration> = tables().into_iter().flatten().filter(|m| m.version > from && m.version <= to).collect();
    // Stable: within one version, table order decides.
    steps.sort_by_key(|m| m.version);
    steps
}

pub(super) fn user_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Brings the schema to [`SCHEMA_VERSION`], marking the file as Nivel's. Each version is one
/// immediate transaction that looks at the file again first.
pub(super) fn up(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    loop {
        // Cheap and without a lock: nothing to do on a current Nivel file.
        if identify::claim(conn, path)? == Claim::Nivel(SCHEMA_VERSION) {
            return Ok(());
        }
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(|e| StoreError::from(e).at(path))?;
        let from = match identify::claim(&tx, path)? {
            Claim::Nivel(v) if v == SCHEMA_VERSION => return Ok(()),
            Claim::Nivel(v) => v,
            Claim::EarlierNivel => 1,
            Claim::Empty => 0,
        };
        let next = (from + 1).min(SCHEMA_VERSION);
        for step in steps(from, next) {
            tx.execute_batch(step.sql)?;
        }
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", next)?;
        tx.commit().map_err(|e| StoreError::from(e).at(path))?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Store;

    fn tables_in(conn: &Connection) -> Vec<String> {
        let mut stmt = conn.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    }

    #[test]
    fn versions_run_from_one_without_gaps() {
        let mut versions: Vec<u32> = tables().into_iter().flatten().map(|m| m.version).collect();
        versions.sort_unstable();
        versions.dedup();
        assert_eq!(versions, (1..=SCHEMA_VERSION).collect::<Vec<_>>(), "every version up to SCHEMA_VERSION has a step, none beyond");
    }

    #[test]
    fn a_fresh_store_gets_every_table_at_the_current_version() {
        let conn = Connection::open_in_memory().unwrap();
        up(&conn, Path::new(":memory:")).unwrap();
        assert_eq!(user_version(&conn).unwrap(), i64::from(SCHEMA_VERSION), "the version is recorded");
        assert_eq!(tables_in(&conn), ["check_runs", "exercises", "identity", "lab_outlines", "outline_exercises", "sessions", "settings"], "the tables of every module");
        let mark: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(mark, APPLICATION_ID, "the file is marked as Nivel's");
    }

    #[test]
    fn migrating_a_current_store_changes_nothing() {
        let store = Store::open_in_memory().unwrap();
        store.settings().set("k", "v").unwrap();
        up(store.conn_for_tests(), Path::new(":memory:")).unwrap();
        assert_eq!(store.settings().get("k").unwrap().as_deref(), Some("v"), "data survives a second migration pass");
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "still the current version");
    }

    #[test]
    fn a_newer_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; CREATE TABLE future (x); PRAGMA user_version = 7;")).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).unwrap_err();
        match &err {
            StoreError::NewerSchema { found, known, .. } => {
                assert_eq!((*found, *known), (7, SCHEMA_VERSION), "names both versions");
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
        let text = err.to_string();
        assert!(text.contains(&format!("written by a newer Nivel (schema 7, this one knows {SCHEMA_VERSION}); update Nivel")), "says what to do: {text}");
        assert!(err.is_input(), "exit code 2 in the CLI");
        assert_eq!(std::fs::read(&path).unwrap(), before, "not one byte of the newer file changes");
        assert!(!dir.path().join("progress.sqlite3-wal").exists(), "no WAL was started on it");
    }

    #[test]
    fn a_store_of_nivel_0_1_is_adopted_with_its_rows() {
        let conn = Connection::open_in_memory().unwrap();
        for step in steps(0, 1) {
            conn.execute_batch(step.sql).unwrap();
        }
        conn.execute_batch("PRAGMA user_version = 1; INSERT INTO settings VALUES ('k', 'v');").unwrap();
        up(&conn, Path::new(":memory:")).unwrap();
        let mark: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(mark, APPLICATION_ID, "marked as Nivel's");
        let kept: String = conn.query_row("SELECT value FROM settings", [], |r| r.get(0)).unwrap();
        assert_eq!(kept, "v", "its rows are kept");
    }

    /// A file at schema 1, as the Nivel before the kept titles wrote it.
    fn schema_1_file(path: &Path) {
        let conn = Connection::open(path).unwrap();
        for step in steps(0, 1) {
            conn.execute_batch(step.sql).unwrap();
        }
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 1; INSERT INTO settings VALUES ('k', 'v');")).unwrap();
    }

    #[test]
    fn a_schema_1_file_gains_the_titles_and_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        schema_1_file(&path);
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION, "brought to the current version");
        assert_eq!(store.settings().get("k").unwrap().as_deref(), Some("v"), "its rows are kept");
        assert_eq!(store.outlines().all().unwrap(), [], "no titles kept yet");
    }

    #[test]
    fn a_schema_1_file_that_cannot_be_written_still_reads() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        schema_1_file(&path);
        let store = Store::open_read_only(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), 1, "read as it is, not migrated");
        assert_eq!(store.settings().get("k").unwrap().as_deref(), Some("v"), "its rows read");
        assert_eq!(store.outlines().all().unwrap(), [], "the table it lacks reads as empty");
        assert_eq!(store.outlines().get("level-0").unwrap(), None, "and so does one lab");
    }
}

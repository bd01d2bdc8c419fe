//! Settings the app and the CLI keep between runs (language, last lab opened…), as plain
//! key/value text; each caller owns the meaning of its keys.

use rusqlite::{params, Connection, OptionalExtension};

use super::error::StoreError;
use super::migrate::Migration;

pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE settings (
        key TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    ) WITHOUT ROWID;",
}];

/// The `settings` table.
#[derive(Debug)]
pub struct Settings<'c> {
    conn: &'c Connection,
}

impl<'c> Settings<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Settings { conn }
    }

    /// The value of `key`, if set.
    pub fn get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// Sets `key` to `value`, replacing what it held.
    pub fn set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes `key`; true when it was set.
    pub fn remove(&self, key: &str) -> Result<bool, StoreError> {
        Ok(self.conn.execute("DELETE FROM settings WHERE key = ?1", [key])? > 0)
    }

    /// Every setting, by key.
    pub fn all(&self) -> Result<Vec<(String, String)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
        Ok(stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use crate::progress::Store;

    #[test]
    fn settings_are_set_replaced_and_removed() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.settings().get("lang").unwrap(), None, "unset at first");
        store.settings().set("lang", "es").unwrap();
        store.settings().set("lang", "en").unwrap();
        store.settings().set("a", "1").unwrap();
        assert_eq!(store.settings().get("lang").unwrap().as_deref(), Some("en"), "the last value wins");
        assert_eq!(store.settings().all().unwrap(), [("a".into(), "1".into()), ("lang".into(), "en".into())], "all, by key");
        assert!(store.settings().remove("lang").unwrap(), "removing a set key says so");
        assert!(!store.settings().remove("lang").unwrap(), "removing again finds nothing");
        assert_eq!(store.settings().get("lang").unwrap(), None, "gone");
    }
}

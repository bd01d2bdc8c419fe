//! Who the student is, as printed on the reports they hand in: name, student id and group,
//! each optional. One row at most.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use super::error::StoreError;
use super::migrate::Migration;
use super::time::UnixMillis;

pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE identity (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        name TEXT,
        student_id TEXT,
        student_group TEXT,
        updated_ms INTEGER NOT NULL
    );",
}];

/// The student's identity; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub name: Option<String>,
    pub id: Option<String>,
    pub group: Option<String>,
}

/// One part of the identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityPart {
    Name,
    Id,
    Group,
}

impl Identity {
    /// True when no part is set.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.id.is_none() && self.group.is_none()
    }

    /// The first part holding a control character (an escape sequence, a newline…) and that
    /// character: such text would reach terminals and reports as it is, so it is never stored.
    pub fn control_character(&self) -> Option<(IdentityPart, char)> {
        [(IdentityPart::Name, &self.name), (IdentityPart::Id, &self.id), (IdentityPart::Group, &self.group)]
            .into_iter()
            .find_map(|(part, value)| value.as_deref().and_then(|v| v.chars().find(|c| c.is_control())).map(|c| (part, c)))
    }
}

/// The `identity` table.
#[derive(Debug)]
pub struct IdentityTable<'c> {
    conn: &'c Connection,
}

impl<'c> IdentityTable<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        IdentityTable { conn }
    }

    /// The stored identity; empty when never set.
    pub fn get(&self) -> Result<Identity, StoreError> {
        let found = self
            .conn
            .query_row("SELECT name, student_id, student_group FROM identity WHERE singleton = 1", [], |r| {
                Ok(Identity { name: r.get(0)?, id: r.get(1)?, group: r.get(2)? })
            })
            .optional()?;
        Ok(found.unwrap_or_default())
    }

    /// Replaces the stored identity with `identity`, at `at`; one with a control character
    /// is refused ([`Identity::control_character`]).
    pub fn set(&self, identity: &Identity, at: UnixMillis) -> Result<(), StoreError> {
        if let Some((part, found)) = identity.control_character() {
            return Err(StoreError::ControlCharacter { part, found });
        }
        self.conn.execute(
            "INSERT INTO identity (singleton, name, student_id, student_group, updated_ms) VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (singleton) DO UPDATE SET name = ?1, student_id = ?2, student_group = ?3, updated_ms = ?4",
            params![identity.name, identity.id, identity.group, at.0],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Store;

    #[test]
    fn an_unset_identity_is_empty() {
        let store = Store::open_in_memory().unwrap();
        assert!(store.identity().get().unwrap().is_empty(), "nothing set yet");
    }

    #[test]
    fn setting_replaces_the_whole_identity() {
        let store = Store::open_in_memory().unwrap();
        let ana = Identity { name: Some("Ana Pérez".into()), id: Some("20231234".into()), group: Some("G1".into()) };
        store.identity().set(&ana, UnixMillis(1)).unwrap();
        assert_eq!(store.identity().get().unwrap(), ana, "read back as written");
        let renamed = Identity { name: Some("Ana P.".into()), id: None, group: Some("G2".into()) };
        store.identity().set(&renamed, UnixMillis(2)).unwrap();
        assert_eq!(store.identity().get().unwrap(), renamed, "a cleared part is gone");
        let rows: i64 = store.conn_for_tests().query_row("SELECT count(*) FROM identity", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 1, "one identity row at most");
    }

    #[test]
    fn control_characters_are_never_stored() {
        let store = Store::open_in_memory().unwrap();
        let sneaky = Identity { name: Some("Ana".into()), id: None, group: Some("G\u{1b}[2J".into()) };
        assert_eq!(sneaky.control_character(), Some((IdentityPart::Group, '\u{1b}')), "the group's escape");
        let err = store.identity().set(&sneaky, UnixMillis(1)).unwrap_err();
        assert!(matches!(err, StoreError::ControlCharacter { part: IdentityPart::Group, .. }), "refused: {err:?}");
        assert!(store.identity().get().unwrap().is_empty(), "nothing stored");
    }
}

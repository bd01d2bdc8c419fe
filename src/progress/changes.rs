//! What another connection changed in the store, for a front end that shows progress live:
//! SQLite's `data_version` tells cheaply that someone else committed, and a [`ChangeMark`]
//! (the last check run and session seen, the sessions still open) tells which labs those
//! commits were about.

use std::collections::BTreeSet;

use rusqlite::params;

use super::error::StoreError;
use super::open::Store;

/// How far a reader has seen the store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeMark {
    last_check_run: i64,
    last_session: i64,
    /// Sessions not finished yet, with their lab.
    open_sessions: Vec<(i64, String)>,
}

impl Store {
    /// SQLite's `PRAGMA data_version`: it changes when another connection commits to the
    /// file, and only then.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Where the store stands now.
    pub fn change_mark(&self) -> Result<ChangeMark, StoreError> {
        let last_check_run = self.conn.query_row("SELECT coalesce(max(id), 0) FROM check_runs", [], |r| r.get(0))?;
        let last_session = self.conn.query_row("SELECT coalesce(max(id), 0) FROM sessions", [], |r| r.get(0))?;
        let mut stmt = self.conn.prepare("SELECT id, lab FROM sessions WHERE ended_ms IS NULL ORDER BY id")?;
        let open_sessions = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<_, _>>()?;
        Ok(ChangeMark { last_check_run, last_session, open_sessions })
    }

    /// The labs with check runs or sessions recorded, or sessions finished, since `mark`, and
    /// the mark of now.
    pub fn labs_changed_since(&self, mark: &ChangeMark) -> Result<(BTreeSet<String>, ChangeMark), StoreError> {
        let now = self.change_mark()?;
        let mut labs = BTreeSet::new();
        for (sql, after) in [
            ("SELECT DISTINCT lab FROM check_runs WHERE id > ?1", mark.last_check_run),
            ("SELECT DISTINCT lab FROM sessions WHERE id > ?1", mark.last_session),
        ] {
            let mut stmt = self.conn.prepare(sql)?;
            labs.extend(stmt.query_map(params![after], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?);
        }
        let finished = mark.open_sessions.iter().filter(|(id, _)| !now.open_sessions.iter().any(|(open, _)| open == id));
        labs.extend(finished.map(|(_, lab)| lab.clone()));
        Ok((labs, now))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::progress::{Action, NewCheckRun, Outcome, Store, UnixMillis};

    #[test]
    fn another_connections_commits_move_data_version_and_name_their_labs() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("progress.sqlite3");
        let reader = Store::open(&path).unwrap();
        let writer = Store::open(&path).unwrap();
        let (version, mark) = (reader.data_version().unwrap(), reader.change_mark().unwrap());
        let session = writer.sessions().start("level-1", Action::Up, UnixMillis(1)).unwrap();
        let run = NewCheckRun { lab: "level-2", exercise: "e", passed: true, observed: "", duration: Duration::ZERO, at: UnixMillis(2) };
        writer.check_runs().record(&run).unwrap();
        assert_ne!(reader.data_version().unwrap(), version, "another connection committed");
        let (labs, mark) = reader.labs_changed_since(&mark).unwrap();
        assert_eq!(labs.into_iter().collect::<Vec<_>>(), ["level-1", "level-2"], "a session started and a check run");
        let version = reader.data_version().unwrap();
        assert_eq!(reader.data_version().unwrap(), version, "nothing committed: no change");
        writer.sessions().finish(session, Outcome::Succeeded, UnixMillis(3)).unwrap();
        let (labs, _) = reader.labs_changed_since(&mark).unwrap();
        assert_eq!(labs.into_iter().collect::<Vec<_>>(), ["level-1"], "the session finished");
    }
}

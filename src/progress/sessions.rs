//! Lab sessions: each `up`, `down` or `reset` of a lab with when it started and ended and how
//! it went. The time a lab ran is derived from them ([`running_time`]).

use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;

use super::error::StoreError;
use super::migrate::Migration;
use super::time::UnixMillis;

pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        lab TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('up', 'down', 'reset')),
        started_ms INTEGER NOT NULL,
        ended_ms INTEGER,
        outcome TEXT CHECK (outcome IN ('succeeded', 'failed', 'cancelled')),
        duration_ms INTEGER
    );
    CREATE INDEX sessions_by_lab ON sessions (lab, started_ms);",
}];

/// What was done to the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Up,
    Down,
    Reset,
}

/// How it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Succeeded,
    Failed,
    Cancelled,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Reset => "reset",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        [Action::Up, Action::Down, Action::Reset].into_iter().find(|a| a.as_str() == s)
    }
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
            Outcome::Cancelled => "cancelled",
        }
    }

    fn parse(s: &str) -> Option<Outcome> {
        [Outcome::Succeeded, Outcome::Failed, Outcome::Cancelled].into_iter().find(|o| o.as_str() == s)
    }
}

/// A session's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SessionId(pub i64);

/// One recorded session; `ended` and `outcome` are `None` while it runs (or when the process
/// doing it was killed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub lab: String,
    pub action: Action,
    pub started: UnixMillis,
    pub ended: Option<UnixMillis>,
    pub outcome: Option<Outcome>,
    pub duration: Option<Duration>,
}

/// The `sessions` table.
#[derive(Debug)]
pub struct Sessions<'c> {
    conn: &'c Connection,
}

const COLUMNS: &str = "id, lab, action, started_ms, ended_ms, outcome, duration_ms";

impl<'c> Sessions<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Sessions { conn }
    }

    /// Records that `action` on `lab` started at `at`.
    pub fn start(&self, lab: &str, action: Action, at: UnixMillis) -> Result<SessionId, StoreError> {
        self.conn.execute("INSERT INTO sessions (lab, action, started_ms) VALUES (?1, ?2, ?3)", params![lab, action.as_str(), at.0])?;
        Ok(SessionId(self.conn.last_insert_rowid()))
    }

    /// Records how session `id` ended, at `at`; its duration is `at` minus its start.
    pub fn finish(&self, id: SessionId, outcome: Outcome, at: UnixMillis) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE sessions SET ended_ms = ?2, outcome = ?3, duration_ms = max(0, ?2 - started_ms) WHERE id = ?1",
            params![id.0, at.0, outcome.as_str()],
        )?;
        Ok(())
    }

    /// Session `id`, if recorded.
    pub fn get(&self, id: SessionId) -> Result<Option<Session>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM sessions WHERE id = ?1");
        let raw = self.conn.query_row(&sql, [id.0], RawSession::from_row).optional()?;
        raw.map(RawSession::validate).transpose()
    }

    /// Every session of `lab`, oldest first.
    pub fn of_lab(&self, lab: &str) -> Result<Vec<Session>, StoreError> {
        self.select("WHERE lab = ?1", [lab])
    }

    /// Every session, oldest first.
    pub fn all(&self) -> Result<Vec<Session>, StoreError> {
        self.select("", [])
    }

    fn select<P: rusqlite::Params>(&self, filter: &str, params: P) -> Result<Vec<Session>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM sessions {filter} ORDER BY started_ms, id");
        let mut stmt = self.conn.prepare(&sql)?;
        let raws = stmt.query_map(params, RawSession::from_row)?.collect::<Result<Vec<_>, _>>()?;
        raws.into_iter().map(RawSession::validate).collect()
    }
}

/// A row as stored, before its text columns are turned into enums.
struct RawSession {
    id: i64,
    lab: String,
    action: String,
    started: i64,
    ended: Option<i64>,
    outcome: Option<String>,
    duration: Option<i64>,
}

impl RawSession {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<RawSession> {
        Ok(RawSession {
            id: row.get(0)?,
            lab: row.get(1)?,
            action: row.get(2)?,
            started: row.get(3)?,
            ended: row.get(4)?,
            outcome: row.get(5)?,
            duration: row.get(6)?,
        })
    }

    fn validate(self) -> Result<Session, StoreError> {
        let bad = |column, value: &str| StoreError::BadValue { table: "sessions", column, value: value.to_string() };
        let action = Action::parse(&self.action).ok_or_else(|| bad("action", &self.action))?;
        let outcome = match self.outcome.as_deref() {
            None => None,
            Some(o) => Some(Outcome::parse(o).ok_or_else(|| bad("outcome", o))?),
        };
        Ok(Session {
            id: SessionId(self.id),
            lab: self.lab,
            action,
            started: UnixMillis(self.started),
            ended: self.ended.map(UnixMillis),
            outcome,
            duration: self.duration.map(|ms| Duration::from_millis(u64::try_from(ms).unwrap_or(0))),
        })
    }
}

/// How long the lab of `sessions` (one lab's, oldest first) ran up to `now`: it runs from the
/// end of each successful `up` or `reset` until the end of the next successful `down`; a lab
/// still running counts until `now`. Sessions still going or cut short change nothing: an
/// `up` that never finished never brought the lab up.
pub fn running_time(sessions: &[Session], now: UnixMillis) -> Duration {
    let mut total = Duration::ZERO;
    let mut running_since: Option<UnixMillis> = None;
    for s in sessions {
        let (Some(ended), Some(Outcome::Succeeded)) = (s.ended, s.outcome) else { continue };
        match s.action {
            Action::Up | Action::Reset => {
                running_since.get_or_insert(ended);
            }
            Action::Down => {
                if let Some(since) = running_since.take() {
                    total += ended.since(since);
                }
            }
        }
    }
    if let Some(since) = running_since {
        total += now.since(since);
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Store;

    const MIN: i64 = 60_000;

    #[test]
    fn a_session_is_started_then_finished() {
        let store = Store::open_in_memory().unwrap();
        let id = store.sessions().start("level-2", Action::Up, UnixMillis(1_000)).unwrap();
        let open = store.sessions().get(id).unwrap().unwrap();
        assert_eq!((open.ended, open.outcome, open.duration), (None, None, None), "an unfinished session has no end yet");
        store.sessions().finish(id, Outcome::Succeeded, UnixMillis(4_500)).unwrap();
        let done = store.sessions().get(id).unwrap().unwrap();
        assert_eq!(done.lab, "level-2", "the lab");
        assert_eq!(done.action, Action::Up, "the action");
        assert_eq!(done.ended, Some(UnixMillis(4_500)), "the end");
        assert_eq!(done.outcome, Some(Outcome::Succeeded), "the outcome");
        assert_eq!(done.duration, Some(Duration::from_millis(3_500)), "the duration is end minus start");
    }

    #[test]
    fn sessions_are_listed_per_lab_oldest_first() {
        let store = Store::open_in_memory().unwrap();
        store.sessions().start("level-1", Action::Down, UnixMillis(30)).unwrap();
        store.sessions().start("level-0", Action::Up, UnixMillis(20)).unwrap();
        store.sessions().start("level-1", Action::Up, UnixMillis(10)).unwrap();
        let actions: Vec<Action> = store.sessions().of_lab("level-1").unwrap().iter().map(|s| s.action).collect();
        assert_eq!(actions, [Action::Up, Action::Down], "only level-1, by start time");
        assert_eq!(store.sessions().all().unwrap().len(), 3, "all labs");
    }

    #[test]
    fn the_schema_refuses_unknown_actions() {
        let store = Store::open_in_memory().unwrap();
        let err = store.conn_for_tests().execute("INSERT INTO sessions (lab, action, started_ms) VALUES ('x', 'jump', 1)", []);
        assert!(err.is_err(), "the CHECK constraint keeps unknown actions out");
    }

    fn session(action: Action, started: i64, ended: Option<i64>, outcome: Option<Outcome>) -> Session {
        Session { id: SessionId(0), lab: "l".into(), action, started: UnixMillis(started), ended: ended.map(UnixMillis), outcome, duration: None }
    }

    #[test]
    fn running_time_sums_up_to_down() {
        let ok = Some(Outcome::Succeeded);
        let sessions = [
            session(Action::Up, 0, Some(MIN), ok),
            session(Action::Down, 31 * MIN, Some(32 * MIN), ok),
            session(Action::Up, 100 * MIN, Some(101 * MIN), ok),
            session(Action::Down, 111 * MIN, Some(111 * MIN), ok),
        ];
        assert_eq!(running_time(&sessions, UnixMillis(1_000 * MIN)), Duration::from_secs(41 * 60), "31 min, then 10 min");
    }

    #[test]
    fn a_lab_still_running_counts_until_now() {
        let ok = Some(Outcome::Succeeded);
        let sessions = [session(Action::Up, 0, Some(MIN), ok), session(Action::Reset, 5 * MIN, Some(6 * MIN), ok)];
        assert_eq!(running_time(&sessions, UnixMillis(21 * MIN)), Duration::from_secs(20 * 60), "from the first up until now; a reset keeps it running");
    }

    #[test]
    fn failed_and_unfinished_sessions_do_not_start_the_clock() {
        let sessions = [
            session(Action::Up, 0, Some(MIN), Some(Outcome::Failed)),
            session(Action::Up, 2 * MIN, None, None),
            session(Action::Down, 3 * MIN, Some(4 * MIN), Some(Outcome::Succeeded)),
            session(Action::Up, 10 * MIN, Some(11 * MIN), Some(Outcome::Succeeded)),
            session(Action::Down, 12 * MIN, Some(13 * MIN), Some(Outcome::Failed)),
        ];
        assert_eq!(running_time(&sessions, UnixMillis(20 * MIN)), Duration::from_secs(9 * 60), "only the successful up at 11 min counts, and a failed down leaves it running");
    }
}

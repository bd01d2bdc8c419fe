//! Every check run: which exercise, whether it passed, what the checks observed, how long it
//! took and when. A run and its exercise's counters are written in one transaction, so a
//! process killed halfway leaves neither.

use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction, TransactionBehavior};

use super::error::StoreError;
use super::exercises;
use super::migrate::Migration;
use super::time::UnixMillis;

pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE check_runs (
        id INTEGER PRIMARY KEY,
        lab TEXT NOT NULL,
        exercise TEXT NOT NULL,
        passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
        observed TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        FOREIGN KEY (lab, exercise) REFERENCES exercises (lab, exercise)
    );
    CREATE INDEX check_runs_by_exercise ON check_runs (lab, exercise, at_ms);",
}];

/// Observed output beyond this many bytes is cut: the runner already keeps excerpts, and a
/// runaway output must not grow the file without bound.
pub const MAX_OBSERVED_BYTES: usize = 16 * 1024;

/// A check run's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CheckRunId(pub i64);

/// A check run to record.
#[derive(Clone, Debug)]
pub struct NewCheckRun<'a> {
    pub lab: &'a str,
    pub exercise: &'a str,
    pub passed: bool,
    /// What the checks saw (status, body excerpt, exit code…), as the runner words it.
    pub observed: &'a str,
    pub duration: Duration,
    pub at: UnixMillis,
}

/// A recorded check run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRun {
    pub id: CheckRunId,
    pub lab: String,
    pub exercise: String,
    pub passed: bool,
    pub observed: String,
    pub duration: Duration,
    pub at: UnixMillis,
}

/// The `check_runs` table.
#[derive(Debug)]
pub struct CheckRuns<'c> {
    conn: &'c Connection,
}

const COLUMNS: &str = "id, lab, exercise, passed, observed, duration_ms, at_ms";

impl<'c> CheckRuns<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        CheckRuns { conn }
    }

    /// Records `run` and counts it for its exercise, both or neither. The id is returned once
    /// the transaction is committed.
    pub fn record(&self, run: &NewCheckRun<'_>) -> Result<CheckRunId, StoreError> {
        // Immediate: take the write lock up front, so a concurrent writer makes this wait
        // (busy timeout) instead of failing on a read-to-write upgrade.
        let tx = Transaction::new_unchecked(self.conn, TransactionBehavior::Immediate)?;
        exercises::count_run(&tx, run.lab, run.exercise, run.passed, run.at)?;
        let duration_ms = i64::try_from(run.duration.as_millis()).unwrap_or(i64::MAX);
        tx.execute(
            "INSERT INTO check_runs (lab, exercise, passed, observed, duration_ms, at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![run.lab, run.exercise, run.passed, cut(run.observed, MAX_OBSERVED_BYTES), duration_ms, run.at.0],
        )?;
        let id = CheckRunId(tx.last_insert_rowid());
        tx.commit()?;
        Ok(id)
    }

    /// Run `id`, if recorded.
    pub fn get(&self, id: CheckRunId) -> Result<Option<CheckRun>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM check_runs WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id.0], from_row).optional()?)
    }

    /// The runs of one exercise, oldest first.
    pub fn of_exercise(&self, lab: &str, exercise: &str) -> Result<Vec<CheckRun>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM check_runs WHERE lab = ?1 AND exercise = ?2 ORDER BY at_ms, id");
        let mut stmt = self.conn.prepare(&sql)?;
        Ok(stmt.query_map([lab, exercise], from_row)?.collect::<Result<_, _>>()?)
    }

    /// The ids of every recorded run, ascending.
    pub fn ids(&self) -> Result<Vec<CheckRunId>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT id FROM check_runs ORDER BY id")?;
        Ok(stmt.query_map([], |r| r.get(0).map(CheckRunId))?.collect::<Result<_, _>>()?)
    }
}

/// `s` cut to at most `max` bytes on a character boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<CheckRun> {
    Ok(CheckRun {
        id: CheckRunId(row.get(0)?),
        lab: row.get(1)?,
        exercise: row.get(2)?,
        passed: row.get(3)?,
        observed: row.get(4)?,
        duration: Duration::from_millis(u64::try_from(row.get::<_, i64>(5)?).unwrap_or(0)),
        at: UnixMillis(row.get(6)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Store;

    fn new_run<'a>(exercise: &'a str, passed: bool, observed: &'a str, at: i64) -> NewCheckRun<'a> {
        NewCheckRun { lab: "level-2", exercise, passed, observed, duration: Duration::from_millis(42), at: UnixMillis(at) }
    }

    #[test]
    fn a_run_is_stored_with_what_it_observed() {
        let store = Store::open_in_memory().unwrap();
        let id = store.check_runs().record(&new_run("experiment", false, "status 404, expected 200", 1_000)).unwrap();
        let run = store.check_runs().get(id).unwrap().unwrap();
        assert_eq!(run.exercise, "experiment", "the exercise");
        assert!(!run.passed, "the result");
        assert_eq!(run.observed, "status 404, expected 200", "what was observed");
        assert_eq!(run.duration, Duration::from_millis(42), "how long it took");
        assert_eq!(run.at, UnixMillis(1_000), "when");
    }

    #[test]
    fn recording_a_run_counts_the_attempt() {
        let store = Store::open_in_memory().unwrap();
        store.check_runs().record(&new_run("experiment", false, "", 1)).unwrap();
        store.check_runs().record(&new_run("experiment", true, "", 2)).unwrap();
        let ex = store.exercises().get("level-2", "experiment").unwrap().unwrap();
        assert_eq!((ex.attempts, ex.first_passed), (2, Some(UnixMillis(2))), "the exercise row follows its runs");
        assert_eq!(store.check_runs().of_exercise("level-2", "experiment").unwrap().len(), 2, "both runs kept");
        assert_eq!(store.check_runs().ids().unwrap(), [CheckRunId(1), CheckRunId(2)], "ids ascend");
    }

    #[test]
    fn a_failed_insert_leaves_the_attempt_uncounted() {
        let store = Store::open_in_memory().unwrap();
        // A trigger makes the run's insert fail after the exercise row was written.
        store.conn_for_tests().execute_batch("CREATE TRIGGER refuse BEFORE INSERT ON check_runs BEGIN SELECT RAISE(ABORT, 'no'); END;").unwrap();
        assert!(store.check_runs().record(&new_run("e", true, "", 1)).is_err(), "the insert fails");
        assert_eq!(store.exercises().get("level-2", "e").unwrap(), None, "the exercise update was rolled back with it");
    }

    #[test]
    fn a_run_cannot_name_an_exercise_row_that_does_not_exist() {
        let store = Store::open_in_memory().unwrap();
        let err = store.conn_for_tests().execute("INSERT INTO check_runs (lab, exercise, passed, observed, duration_ms, at_ms) VALUES ('l', 'e', 1, '', 0, 0)", []);
        assert!(err.is_err(), "foreign keys tie each run to its exercise row");
    }

    #[test]
    fn long_output_is_cut_on_a_character_boundary() {
        let long = "ñ".repeat(MAX_OBSERVED_BYTES);
        let store = Store::open_in_memory().unwrap();
        let id = store.check_runs().record(&new_run("e", false, &long, 1)).unwrap();
        let kept = store.check_runs().get(id).unwrap().unwrap().observed;
        assert_eq!(kept.len(), MAX_OBSERVED_BYTES, "cut to the limit (ñ is two bytes)");
        assert!(kept.chars().all(|c| c == 'ñ'), "no broken character");
    }
}

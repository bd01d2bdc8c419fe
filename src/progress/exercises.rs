//! Per exercise of a lab: how many times it was checked and when it first passed. Kept beside
//! the check runs, updated in the same transaction as each run ([`super::CheckRuns::record`]),
//! so progress reads one small row per exercise instead of every run ever made.

use rusqlite::{params, Connection, OptionalExtension, Row};

use super::error::StoreError;
use super::migrate::Migration;
use super::time::UnixMillis;

pub(super) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    sql: "CREATE TABLE exercises (
        lab TEXT NOT NULL,
        exercise TEXT NOT NULL,
        attempts INTEGER NOT NULL CHECK (attempts >= 1),
        first_passed_ms INTEGER,
        last_run_ms INTEGER NOT NULL,
        last_passed INTEGER NOT NULL CHECK (last_passed IN (0, 1)),
        PRIMARY KEY (lab, exercise)
    ) WITHOUT ROWID;",
}];

/// One exercise's standing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseRecord {
    pub lab: String,
    pub exercise: String,
    /// Check runs of this exercise, passed or not.
    pub attempts: u32,
    /// The earliest run that passed.
    pub first_passed: Option<UnixMillis>,
    /// The latest run.
    pub last_run: UnixMillis,
    /// Whether the latest run passed.
    pub last_passed: bool,
}

/// The `exercises` table.
#[derive(Debug)]
pub struct Exercises<'c> {
    conn: &'c Connection,
}

const COLUMNS: &str = "lab, exercise, attempts, first_passed_ms, last_run_ms, last_passed";

impl<'c> Exercises<'c> {
    pub(super) fn new(conn: &'c Connection) -> Self {
        Exercises { conn }
    }

    /// `exercise` of `lab`, once it has been checked.
    pub fn get(&self, lab: &str, exercise: &str) -> Result<Option<ExerciseRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM exercises WHERE lab = ?1 AND exercise = ?2");
        Ok(self.conn.query_row(&sql, [lab, exercise], from_row).optional()?)
    }

    /// Every checked exercise of `lab`, by id.
    pub fn of_lab(&self, lab: &str) -> Result<Vec<ExerciseRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM exercises WHERE lab = ?1 ORDER BY exercise");
        let mut stmt = self.conn.prepare(&sql)?;
        Ok(stmt.query_map([lab], from_row)?.collect::<Result<_, _>>()?)
    }

    /// Every checked exercise, by lab and id.
    pub fn all(&self) -> Result<Vec<ExerciseRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM exercises ORDER BY lab, exercise");
        let mut stmt = self.conn.prepare(&sql)?;
        Ok(stmt.query_map([], from_row)?.collect::<Result<_, _>>()?)
    }
}

/// Counts one run of `exercise`; called inside the transaction that inserts the run. Runs may
/// arrive out of time order (two processes), so the first pass is the earliest one and the
/// latest run the one with the latest time.
pub(super) fn count_run(conn: &Connection, lab: &str, exercise: &str, passed: bool, at: UnixMillis) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO exercises (lab, exercise, attempts, first_passed_ms, last_run_ms, last_passed)
         VALUES (?1, ?2, 1, CASE WHEN ?3 THEN ?4 END, ?4, ?3)
         ON CONFLICT (lab, exercise) DO UPDATE SET
             attempts = attempts + 1,
             first_passed_ms = CASE
                 WHEN excluded.first_passed_ms IS NULL THEN first_passed_ms
                 WHEN first_passed_ms IS NULL THEN excluded.first_passed_ms
                 ELSE min(first_passed_ms, excluded.first_passed_ms) END,
             last_passed = CASE WHEN excluded.last_run_ms >= last_run_ms THEN excluded.last_passed ELSE last_passed END,
             last_run_ms = max(last_run_ms, excluded.last_run_ms)",
        params![lab, exercise, passed, at.0],
    )?;
    Ok(())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<ExerciseRecord> {
    Ok(ExerciseRecord {
        lab: row.get(0)?,
        exercise: row.get(1)?,
        attempts: row.get(2)?,
        first_passed: row.get::<_, Option<i64>>(3)?.map(UnixMillis),
        last_run: UnixMillis(row.get(4)?),
        last_passed: row.get(5)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Store;

    fn run(store: &Store, exercise: &str, passed: bool, at: i64) {
        count_run(store.conn_for_tests(), "level-2", exercise, passed, UnixMillis(at)).unwrap();
    }

    #[test]
    fn attempts_count_and_the_first_pass_sticks() {
        let store = Store::open_in_memory().unwrap();
        run(&store, "experiment", false, 100);
        let one = store.exercises().get("level-2", "experiment").unwrap().unwrap();
        assert_eq!((one.attempts, one.first_passed, one.last_passed), (1, None, false), "a failed first attempt");
        run(&store, "experiment", true, 200);
        run(&store, "experiment", false, 300);
        run(&store, "experiment", true, 400);
        let four = store.exercises().get("level-2", "experiment").unwrap().unwrap();
        assert_eq!(four.attempts, 4, "every run is an attempt");
        assert_eq!(four.first_passed, Some(UnixMillis(200)), "the first pass stays the first");
        assert_eq!((four.last_run, four.last_passed), (UnixMillis(400), true), "the latest run");
    }

    #[test]
    fn runs_out_of_order_keep_the_earliest_pass_and_latest_run() {
        let store = Store::open_in_memory().unwrap();
        run(&store, "e", true, 500);
        run(&store, "e", true, 300);
        run(&store, "e", false, 400);
        let r = store.exercises().get("level-2", "e").unwrap().unwrap();
        assert_eq!(r.first_passed, Some(UnixMillis(300)), "the earliest pass");
        assert_eq!((r.last_run, r.last_passed), (UnixMillis(500), true), "an older run does not replace the latest");
    }

    #[test]
    fn exercises_list_per_lab() {
        let store = Store::open_in_memory().unwrap();
        run(&store, "b", true, 1);
        run(&store, "a", false, 2);
        count_run(store.conn_for_tests(), "level-0", "z", true, UnixMillis(3)).unwrap();
        let ids: Vec<String> = store.exercises().of_lab("level-2").unwrap().into_iter().map(|r| r.exercise).collect();
        assert_eq!(ids, ["a", "b"], "one lab's, by id");
        assert_eq!(store.exercises().all().unwrap().len(), 3, "every lab's");
        assert_eq!(store.exercises().get("level-2", "nope").unwrap(), None, "an exercise never checked has no row");
    }
}

//! The progress file is Nivel's and only Nivel's: a store an earlier Nivel wrote is adopted,
//! any other SQLite file, a damaged one or one with a version Nivel never writes is refused
//! with its path and what to do, and left exactly as it was.

use std::path::Path;

use rusqlite::Connection;

use super::support::{run, store_with_progress};
use crate::common::{fixtures, stderr, stdout};

/// The mark Nivel puts in its files (`PRAGMA application_id`): "NIVL".
const APPLICATION_ID: i64 = 0x4E49_564C;

/// Every command that opens the store, reading or writing.
fn commands(dir: &Path) -> Vec<Vec<String>> {
    let report = dir.join("report.json").to_string_lossy().into_owned();
    [
        vec!["progress"],
        vec!["progress", "--json"],
        vec!["whoami"],
        vec!["whoami", "set", "--name", "Eve"],
        vec!["progress", "export", "-o", &report],
    ]
    .into_iter()
    .map(|args| args.into_iter().map(String::from).collect())
    .collect()
}

/// Runs every command on the store at `data/progress.sqlite3` and asserts each is refused
/// with exit 2, `expected` in its message with the path, and the file untouched.
fn assert_refused_untouched(data: &Path, expected: &[&str], case: &str) {
    let db = data.join("progress.sqlite3");
    let before = std::fs::read(&db).unwrap();
    for args in commands(data.parent().unwrap()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(data, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{case}: {args:?} is refused as an input error: {err}");
        assert!(err.contains(&db.display().to_string()), "{case}: {args:?} names the file: {err}");
        for words in expected {
            assert!(err.contains(words), "{case}: {args:?} says {words:?}: {err}");
        }
        assert!(!err.contains("newer"), "{case}: {args:?} does not call it newer: {err}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before, "{case}: not one byte of the file changed");
    let extra: Vec<String> = std::fs::read_dir(data).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with("progress.sqlite3-")).collect();
    assert!(extra.is_empty(), "{case}: no journal was started beside it: {extra:?}");
    assert!(!data.parent().unwrap().join("report.json").exists(), "{case}: no report from a file that is not a store");
}

fn sqlite_file(data: &Path, sql: &str) {
    std::fs::create_dir_all(data).unwrap();
    let conn = Connection::open(data.join("progress.sqlite3")).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sqlite_file(&data, "PRAGMA application_id = 1234; CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
    assert_refused_untouched(&data, &["is not a Nivel progress file", "another program's database", "fix: move it"], "another application_id");

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    sqlite_file(&data, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');");
    assert_refused_untouched(&data, &["is not a Nivel progress file", "another program's database"], "foreign tables");

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fixture = fixtures().join("progress/written-by-nivel-0.1.0.sqlite3");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::copy(&fixture, data.join("progress.sqlite3")).unwrap();
    let conn = Connection::open(data.join("progress.sqlite3")).unwrap();
    conn.execute_batch("CREATE TABLE notes (body TEXT);").unwrap();
    drop(conn);
    assert_refused_untouched(&data, &["is not a Nivel progress file"], "Nivel's tables and one more");
}

#[test]
fn a_store_written_by_an_earlier_nivel_is_adopted() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("progress.sqlite3");
    std::fs::copy(fixtures().join("progress/written-by-nivel-0.1.0.sqlite3"), &db).unwrap();
    let out = run(&data, &["progress", "2"]);
    assert!(out.status.success(), "the earlier store opens: {}", stderr(&out));
    assert!(stdout(&out).contains("Student: Ana Pérez, id 20231234, group G1"), "with its identity: {}", stdout(&out));
    assert!(stdout(&out).lines().any(|l| l.contains("experiment") && l.contains("passed") && l.contains(" 2")), "and its runs: {}", stdout(&out));
    let conn = Connection::open(&db).unwrap();
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!(id, APPLICATION_ID, "the file now carries Nivel's mark");
    let runs: i64 = conn.query_row("SELECT count(*) FROM check_runs", [], |r| r.get(0)).unwrap();
    assert_eq!(runs, 2, "every run is kept");
}

#[test]
fn a_new_store_carries_nivels_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["whoami", "set", "--name", "Ana"]);
    assert!(out.status.success(), "whoami set creates the store: {}", stderr(&out));
    let conn = Connection::open(dir.path().join("progress.sqlite3")).unwrap();
    let id: i64 = conn.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
    assert_eq!(id, APPLICATION_ID, "PRAGMA application_id marks the file as Nivel's");
}

#[test]
fn a_negative_schema_version_is_damage_not_a_newer_nivel() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    Connection::open(&db).unwrap().execute_batch("PRAGMA user_version = -3;").unwrap();
    assert_refused_untouched(&data, &["is not a Nivel progress file or is damaged", "schema -3"], "user_version -3");
}

#[test]
fn a_damaged_store_is_named_with_what_to_do_and_left_as_it_was() {
    let expected = ["is damaged", "nivel progress restore", "move it aside"];

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join("progress.sqlite3"), vec![0x5a; 8192]).unwrap();
    assert_refused_untouched(&data, &["is not an SQLite database", "nivel progress restore", "move it aside"], "not a database");

    // A store big enough for several pages per table, then one table page overwritten.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    for i in 0..200 {
        super::support::record(&db, &format!("e{i}"), i % 2 == 0, 1_700_000_000_000 + i);
    }
    let mut bytes = std::fs::read(&db).unwrap();
    assert!(bytes.len() > 8 * 4096, "the store spans many pages: {}", bytes.len());
    let page = 4096 * 6;
    bytes[page..page + 64].fill(0xa5);
    std::fs::write(&db, &bytes).unwrap();
    assert_refused_untouched(&data, &expected, "a corrupt page");

    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let db = store_with_progress(&data);
    for i in 0..200 {
        super::support::record(&db, &format!("e{i}"), true, 1_700_000_000_000 + i);
    }
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused_untouched(&data, &expected, "a truncated file");
}

//! Daily backups of the store and `nivel progress restore`: the first write of a day keeps a
//! copy of the store as it was; a restore brings one back (also over a damaged store), keeps
//! what it replaced, and refuses bogus backups and a backups folder that is not a folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::support::{name_in, names_in, run, store_with_progress, today};
use crate::common::{nivel, stderr, stdout};

/// A store whose identity is Ana, then a `whoami set` that backs Ana up and writes Eve.
fn store_with_a_backup(data: &Path) -> (PathBuf, PathBuf) {
    let db = store_with_progress(data);
    let set = run(data, &["whoami", "set", "--name", "Eve"]);
    assert!(set.status.success(), "whoami set: {}", stderr(&set));
    (db, data.join("backups").join(format!("progress-{}.sqlite3", today())))
}

/// The store at `db` is sound: it opens and `PRAGMA integrity_check` says ok.
fn assert_sound(db: &Path, when: &str) {
    let store = nivel::progress::Store::open(db).unwrap_or_else(|e| panic!("{when}: the store opens: {e}"));
    assert_eq!(store.integrity_check().unwrap(), ["ok"], "{when}: integrity_check");
}

/// The files kept aside by restores.
fn replaced(data: &Path) -> Vec<PathBuf> {
    names_in(&data.join("backups")).into_iter().filter(|n| n.starts_with("replaced-") && n.ends_with(".sqlite3")).map(|n| data.join("backups").join(n)).collect()
}

#[test]
fn the_first_write_of_a_day_backs_the_store_up() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, backup) = store_with_a_backup(&data);
    assert!(backup.is_file(), "the day's backup is {}: {:?}", backup.display(), names_in(&data));
    assert_eq!(name_in(&backup).as_deref(), Some("Ana"), "it holds the store as it was before the day's first write");
    assert_eq!(name_in(&db).as_deref(), Some("Eve"), "the store has the write");
    let conn = Connection::open_with_flags(&backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok", "the backup is a sound database");
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete", "a backup is one self-contained file, not in WAL mode");
    let again = run(&data, &["whoami", "set", "--name", "Zoe"]);
    assert!(again.status.success(), "a second write: {}", stderr(&again));
    assert_eq!(name_in(&backup).as_deref(), Some("Ana"), "one backup a day: the second write does not replace it");
    assert_eq!(names_in(&data.join("backups")), [format!("progress-{}.sqlite3", today())], "exactly one file in backups/");
    let read = run(&data, &["progress"]);
    assert!(read.status.success(), "reading commands make no backup and still work: {}", stderr(&read));
}

#[test]
fn restore_lists_brings_back_and_keeps_the_replaced_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, backup) = store_with_a_backup(&data);
    let list = run(&data, &["progress", "restore", "--list"]);
    assert!(list.status.success(), "--list: {}", stderr(&list));
    assert!(stdout(&list).contains(&today()) && stdout(&list).contains(&backup.display().to_string()), "--list names the day and the file: {}", stdout(&list));

    let unconfirmed = run(&data, &["progress", "restore", "latest"]);
    assert_eq!(unconfirmed.status.code(), Some(2), "without a terminal and without --yes, nothing is replaced: {}", stderr(&unconfirmed));
    assert!(stderr(&unconfirmed).contains("--yes"), "the message says to pass --yes: {}", stderr(&unconfirmed));
    assert_eq!(name_in(&db).as_deref(), Some("Eve"), "the store is unchanged");

    let restored = run(&data, &["progress", "restore", "latest", "--yes"]);
    assert!(restored.status.success(), "restore latest --yes: {}", stderr(&restored));
    assert_eq!(name_in(&db).as_deref(), Some("Ana"), "the backup's identity is back");
    let aside = replaced(&data);
    assert_eq!(aside.len(), 1, "the replaced store is kept: {:?}", names_in(&data.join("backups")));
    assert_eq!(name_in(&aside[0]).as_deref(), Some("Eve"), "and it holds what was replaced");
    assert!(stderr(&restored).contains(&aside[0].display().to_string()), "the message says where it is: {}", stderr(&restored));
    assert_sound(&db, "after the restore");

    let by_date = nivel().env("NIVEL_DATA_DIR", &data).env("NIVEL_LANG", "es").args(["progress", "restore", &today(), "--yes"]).output().unwrap();
    assert!(by_date.status.success(), "restore by date: {}", stderr(&by_date));
    assert!(stderr(&by_date).contains("restaurada la copia"), "in Spanish with NIVEL_LANG=es: {}", stderr(&by_date));
    let unknown = run(&data, &["progress", "restore", "1999-01-01", "--yes"]);
    assert_eq!(unknown.status.code(), Some(2), "a day without a backup is an input error");
    assert!(stderr(&unknown).contains(&today()), "it lists the days there are: {}", stderr(&unknown));
}

#[test]
fn restore_brings_back_a_damaged_store_and_keeps_the_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, _) = store_with_a_backup(&data);
    let garbage = vec![0x5a; 10_000];
    std::fs::write(&db, &garbage).unwrap();
    let broken = run(&data, &["progress"]);
    assert_eq!(broken.status.code(), Some(2), "a damaged store is refused: {}", stderr(&broken));
    assert!(stderr(&broken).contains("nivel progress restore"), "and the message says how to restore: {}", stderr(&broken));
    let restored = run(&data, &["progress", "restore", "latest", "--yes"]);
    assert!(restored.status.success(), "restore works over a damaged store: {}", stderr(&restored));
    assert_eq!(name_in(&db).as_deref(), Some("Ana"), "the backup is back");
    let aside = replaced(&data);
    assert_eq!(aside.len(), 1, "the damaged store is kept aside");
    assert_eq!(std::fs::read(&aside[0]).unwrap(), garbage, "byte for byte");
    assert!(run(&data, &["progress"]).status.success(), "nivel progress works again");
}

#[test]
fn bogus_backups_are_refused_quickly_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, _) = store_with_a_backup(&data);
    let backups = data.join("backups");
    std::fs::write(backups.join("progress-2030-01-01.sqlite3"), vec![0x5a; 10_000]).unwrap();
    let huge = std::fs::File::create(backups.join("progress-2030-01-02.sqlite3")).unwrap();
    huge.set_len(64 << 30).unwrap();
    let foreign = Connection::open(backups.join("progress-2030-01-03.sqlite3")).unwrap();
    foreign.execute_batch("PRAGMA application_id = 7; CREATE TABLE notes (x);").unwrap();
    drop(foreign);
    let mut valid = std::fs::read(backups.join(format!("progress-{}.sqlite3", today()))).unwrap();
    valid.extend(std::iter::repeat_n(0u8, 1 << 20));
    std::fs::write(backups.join("progress-2030-01-04.sqlite3"), &valid).unwrap();
    assert!(std::process::Command::new("mkfifo").arg(backups.join("progress-2030-01-05.sqlite3")).status().unwrap().success(), "a FIFO backup");
    let before = std::fs::read(&db).unwrap();
    let list = run(&data, &["progress", "restore", "--list"]);
    assert!(list.status.success(), "--list copes with odd files: {}", stderr(&list));
    for date in ["2030-01-01", "2030-01-02", "2030-01-03", "2030-01-04", "2030-01-05"] {
        let started = Instant::now();
        let out = run(&data, &["progress", "restore", date, "--yes"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{date}: a bogus backup is refused: {err}");
        assert!(err.contains("is not a usable backup") && err.contains(date), "{date}: named, with why: {err}");
        assert!(started.elapsed() < Duration::from_secs(5), "{date}: refused quickly, without reading a huge file: {:?}", started.elapsed());
        assert_eq!(std::fs::read(&db).unwrap(), before, "{date}: the store is untouched");
    }
    assert!(replaced(&data).is_empty(), "nothing was set aside for refused restores");
}

#[test]
fn a_backups_folder_that_is_a_link_or_a_file_is_left_alone() {
    for kind in ["link", "file"] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let db = store_with_progress(&data);
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let backups = data.join("backups");
        match kind {
            "link" => std::os::unix::fs::symlink(&elsewhere, &backups).unwrap(),
            _ => std::fs::write(&backups, "not a folder").unwrap(),
        }
        let set = run(&data, &["whoami", "set", "--name", "Eve"]);
        assert!(set.status.success(), "{kind}: the write still happens: {}", stderr(&set));
        assert!(stderr(&set).contains("warning") && stderr(&set).contains(&backups.display().to_string()), "{kind}: with a warning naming backups/: {}", stderr(&set));
        assert_eq!(name_in(&db).as_deref(), Some("Eve"), "{kind}: the write is in the store");
        assert!(names_in(&elsewhere).is_empty(), "{kind}: nothing was written through the link");
        let restore = run(&data, &["progress", "restore", "--list"]);
        assert_eq!(restore.status.code(), Some(2), "{kind}: restore refuses it: {}", stderr(&restore));
        assert!(stderr(&restore).contains(&backups.display().to_string()), "{kind}: naming it: {}", stderr(&restore));
        if kind == "file" {
            assert_eq!(std::fs::read_to_string(&backups).unwrap(), "not a folder", "the file is untouched");
        }
    }
}

#[test]
fn two_restores_at_once_leave_one_sound_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, _) = store_with_a_backup(&data);
    for round in 0..3 {
        let spawn = || nivel().env("NIVEL_DATA_DIR", &data).args(["progress", "restore", "latest", "--yes"]).stdin(std::process::Stdio::null()).stderr(std::process::Stdio::piped()).spawn().unwrap();
        let (a, b) = (spawn(), spawn());
        for (name, child) in [("a", a), ("b", b)] {
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "round {round}: restore {name} succeeds: {}", stderr(&out));
        }
        assert_sound(&db, &format!("round {round}"));
        assert_eq!(name_in(&db).as_deref(), Some("Ana"), "round {round}: the backup is in place");
    }
    assert_eq!(replaced(&data).len(), 6, "every restore kept what it replaced");
}

#[test]
fn a_restore_while_a_writer_writes_keeps_the_store_sound() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, _) = store_with_a_backup(&data);
    let mut writer = super::writer::Writer::spawn(&db, None, "busy");
    writer.ready.recv_timeout(Duration::from_secs(30)).expect("the writer opens the store");
    for round in 0..3 {
        std::thread::sleep(Duration::from_millis(100));
        let out = run(&data, &["progress", "restore", "latest", "--yes"]);
        assert!(out.status.success(), "round {round}: the restore waits its turn and succeeds: {}", stderr(&out));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert!(writer.child.try_wait().unwrap().is_none(), "the writer kept writing through the restores");
    writer.child.kill().unwrap();
    writer.child.wait().unwrap();
    assert!(!writer.committed().is_empty(), "the writer committed runs");
    assert_sound(&db, "after restores under a writer");
}

#[test]
fn kill_9_during_a_restore_or_a_backup_never_loses_or_wedges_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (db, backup) = store_with_a_backup(&data);
    // Bigger, so a restore and a backup take long enough to be hit.
    for i in 0..400 {
        super::support::record(&db, &format!("e{}", i % 40), i % 3 == 0, 1_700_000_000_000 + i);
    }
    for round in 0..21u64 {
        // Restores over a sound store, restores over a damaged one, and daily backups.
        let kind = ["restore", "restore over garbage", "backup"][(round % 3) as usize];
        match kind {
            "restore over garbage" => std::fs::write(&db, vec![0x5a; 50_000]).unwrap(),
            // The day's backup is made again by the next write.
            "backup" => std::fs::remove_file(&backup).unwrap_or(()),
            _ => {}
        }
        let args: &[&str] = if kind == "backup" { &["whoami", "set", "--name", "Zoe"] } else { &["progress", "restore", "latest", "--yes"] };
        let mut child = nivel().env("NIVEL_DATA_DIR", &data).args(args).stdin(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(3 + round * 7 % 60));
        let _ = child.kill();
        child.wait().unwrap();
        let when = format!("round {round} ({kind})");
        if kind == "restore over garbage" && run(&data, &["progress"]).status.code() == Some(2) {
            // Killed before the swap: the garbage is still there, and a restore still works.
            let again = run(&data, &["progress", "restore", "latest", "--yes"]);
            assert!(again.status.success(), "{when}: a restore after the killed one: {}", stderr(&again));
        }
        assert_sound(&db, &when);
        let name = name_in(&db);
        assert!(matches!(name.as_deref(), Some("Ana" | "Eve" | "Zoe")), "{when}: the store holds one whole state: {name:?}");
        for file in names_in(&data.join("backups")).into_iter().filter(|n| n.ends_with(".sqlite3") && !n.starts_with("replaced-")) {
            let path = data.join("backups").join(&file);
            let conn = Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap_or_else(|e| panic!("{when}: {file} is not half a file: {e}"));
            assert_eq!(check, "ok", "{when}: {file} is whole");
        }
        if !backup.exists() {
            let set = run(&data, &["whoami", "set", "--name", "Eve"]);
            assert!(set.status.success(), "{when}: the next write works and makes the backup: {}", stderr(&set));
        }
    }
    let out = run(&data, &["progress", "restore", "latest", "--yes"]);
    assert!(out.status.success(), "a last restore after all the kills: {}", stderr(&out));
    assert_sound(&db, "at the end");
}

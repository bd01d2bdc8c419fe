//! Daily copies of the store, so a student who breaks it loses at most a day: the first
//! command that writes on a new day first copies the store, as it was, to
//! `backups/progress-YYYY-MM-DD.sqlite3` beside it (SQLite's online backup, so a copy is
//! consistent even while the app writes), and the last [`KEEP`] days are kept. A copy is
//! written to a temporary file and renamed, so a killed process or a full disk never leaves
//! half a backup under a backup's name. The backups folder is only ever a real folder: a
//! link or a file in its place is refused, never followed or replaced.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;

use super::error::StoreError;
use super::open::{Store, BUSY_TIMEOUT};
use super::time::UnixMillis;
use crate::output::FileKind;

/// How many daily backups are kept.
pub const KEEP: usize = 7;

/// A temporary file older than this was left by a killed process and is removed (copying
/// even a very large store takes seconds).
const STALE_MS: i64 = 3600 * 1000;

/// One backup file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    /// The day it was made, `YYYY-MM-DD` (UTC).
    pub date: String,
    pub path: PathBuf,
    pub size: u64,
    /// What it is when it is not a regular file (then it cannot be restored).
    pub kind: Option<FileKind>,
}

/// The folder holding the backups of the store at `store_path`.
pub fn backups_folder(store_path: &Path) -> PathBuf {
    store_path.with_file_name("backups")
}

/// The backups of the store at `store_path`, newest first; none when the folder does not
/// exist yet. Only names are read: a backup's content is looked at when it is restored.
pub fn list_backups(store_path: &Path) -> Result<Vec<BackupFile>, StoreError> {
    list_in(&backups_folder(store_path))
}

fn list_in(folder: &Path) -> Result<Vec<BackupFile>, StoreError> {
    if !refuse_odd_folder(folder)? {
        return Ok(Vec::new());
    }
    let io = |source| StoreError::Io { path: folder.to_path_buf(), source };
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name();
        let Some(date) = name.to_str().and_then(date_of) else { continue };
        let Ok(meta) = std::fs::symlink_metadata(entry.path()) else { continue };
        found.push(BackupFile { date: date.to_string(), path: entry.path(), size: meta.len(), kind: FileKind::of(&meta) });
    }
    found.sort_by(|a, b| b.date.cmp(&a.date));
    Ok(found)
}

impl Store {
    /// Makes today's backup unless there is one (or there is nothing to back up: a store
    /// opened read-only, or created by this command); returns the file when one was made.
    /// Older backups beyond [`KEEP`] days are removed.
    pub fn back_up_daily(&self, now: UnixMillis) -> Result<Option<PathBuf>, StoreError> {
        if !self.writable || self.created {
            return Ok(None);
        }
        let folder = backups_folder(self.path());
        ensure_folder(&folder)?;
        let target = folder.join(format!("progress-{}.sqlite3", now.date()));
        match std::fs::symlink_metadata(&target) {
            Ok(meta) => match FileKind::of(&meta) {
                None => return Ok(None),
                Some(kind) => return Err(StoreError::BackupInTheWay { path: target, kind }),
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(StoreError::Io { path: target, source }),
        }
        copy_to(&self.conn, &target)?;
        prune(&folder, now);
        clear_leftovers(self.path(), now);
        Ok(Some(target))
    }
}

/// `YYYY-MM-DD` from `progress-YYYY-MM-DD.sqlite3`.
fn date_of(name: &str) -> Option<&str> {
    let date = name.strip_prefix("progress-")?.strip_suffix(".sqlite3")?;
    let shape = date.len() == 10 && date.char_indices().all(|(i, c)| if i == 4 || i == 7 { c == '-' } else { c.is_ascii_digit() });
    shape.then_some(date)
}

/// False when `folder` does not exist; an error when something other than a folder is there.
fn refuse_odd_folder(folder: &Path) -> Result<bool, StoreError> {
    match std::fs::symlink_metadata(folder) {
        Ok(meta) => match FileKind::of(&meta) {
            Some(FileKind::Folder) => Ok(true),
            kind => Err(StoreError::BackupsFolder { path: folder.to_path_buf(), kind: kind.unwrap_or(FileKind::Other) }),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(StoreError::Io { path: folder.to_path_buf(), source }),
    }
}

/// The backups folder, made when missing (never through a link).
pub(super) fn ensure_folder(folder: &Path) -> Result<(), StoreError> {
    if refuse_odd_folder(folder)? {
        return Ok(());
    }
    match std::fs::create_dir(folder) {
        Ok(()) => Ok(()),
        // Made meanwhile by another process: looked at again.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => refuse_odd_folder(folder).map(|_| ()),
        Err(source) => Err(StoreError::Io { path: folder.to_path_buf(), source }),
    }
}

/// Copies the database of `conn` to `target` with SQLite's online backup: a consistent copy
/// even while others write, in one file (rollback journal, not WAL), synced, then renamed
/// into place. On failure nothing is left.
pub(super) fn copy_to(conn: &Connection, target: &Path) -> Result<(), StoreError> {
    let (temp, file) = create_temp(target)?;
    drop(file);
    let copied = copy_into_file(conn, &temp, target).and_then(|()| {
        let io = |source| StoreError::Io { path: target.to_path_buf(), source };
        sync_file(&temp).map_err(io)?;
        std::fs::rename(&temp, target).map_err(io)
    });
    if copied.is_err() {
        let _ = std::fs::remove_file(&temp);
        let _ = std::fs::remove_file(journal_of(&temp));
    }
    copied?;
    if let Some(folder) = target.parent() {
        let _ = File::open(folder).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Writes a file's data to the disk. Windows flushes only a handle that may write, so it is
/// opened for writing (read-only, Windows refuses with "Access denied").
pub(super) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new().write(true).open(path)?.sync_all()
}

pub(super) fn copy_into_file(conn: &Connection, temp: &Path, target: &Path) -> Result<(), StoreError> {
    let at = |e: rusqlite::Error| StoreError::from(e).at(target);
    let mut dst = Connection::open(temp).map_err(at)?;
    copy_pages(conn, &mut dst).map_err(at)?;
    // The copy takes the source's journal mode from its header; a backup is one file.
    dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get::<_, String>(0)).map_err(at)?;
    dst.close().map_err(|(_, e)| at(e))
}

/// Every page of `from` into `to`, in one step (one read transaction on `from`, so the copy
/// is one consistent state), waiting while `to` is locked by a writer.
pub(super) fn copy_pages(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    let started = Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked if started.elapsed() < BUSY_TIMEOUT * 2 => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY), None));
            }
            _ => {}
        }
    }
}

/// A new, empty temporary file beside `target` ([`crate::output`]'s kind: `create_new`, never
/// an existing file or a link).
pub(super) fn create_temp(target: &Path) -> Result<(PathBuf, File), StoreError> {
    crate::output::create_beside(target).map_err(|source| StoreError::Io { path: target.to_path_buf(), source })
}

fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-journal");
    PathBuf::from(name)
}

/// Removes backups beyond the newest [`KEEP`] days (today's is always kept). Best effort: a
/// file that cannot be removed stays.
fn prune(folder: &Path, now: UnixMillis) {
    let today = now.date();
    let Ok(all) = list_in(folder) else { return };
    for old in all.iter().filter(|b| b.kind.is_none() && b.date != today).skip(KEEP.saturating_sub(1)) {
        let _ = std::fs::remove_file(&old.path);
    }
}

/// Removes the temporary files (and their journals) killed backups and restores left beside
/// the store at `store_path` and in its backups folder.
pub(super) fn clear_leftovers(store_path: &Path, now: UnixMillis) {
    let folders = [store_path.parent().map(Path::to_path_buf), Some(backups_folder(store_path))];
    for folder in folders.into_iter().flatten() {
        remove_stale_temporaries(&folder, now);
    }
}

/// Removes Nivel's temporary files in `folder` that are an hour old or whose process is gone.
fn remove_stale_temporaries(folder: &Path, now: UnixMillis) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !((name.starts_with(".progress") || name.starts_with(".replaced-")) && name.contains(".nivel-tmp")) {
            continue;
        }
        let old = || entry.metadata().ok().filter(|m| m.is_file()).and_then(|m| m.modified().ok()).map(UnixMillis::from_system_time).is_some_and(|t| now.0 - t.0 > STALE_MS);
        if old() || crate::output::writer_is_gone(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::progress) const DAY: i64 = 24 * 3600 * 1000;
    /// 2024-03-14T09:00:00Z.
    pub(in crate::progress) const T0: i64 = 1_710_406_800_000;

    fn store_in(dir: &Path) -> Store {
        let path = dir.join("progress.sqlite3");
        Store::open(&path).unwrap().settings().set("made", "before").unwrap();
        Store::open(&path).unwrap()
    }

    #[test]
    fn one_backup_a_day_and_the_last_seven_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        for day in 0..10 {
            let made = store.back_up_daily(UnixMillis(T0 + day * DAY)).unwrap();
            assert!(made.is_some(), "day {day}: the first write of a day makes a backup");
            assert_eq!(store.back_up_daily(UnixMillis(T0 + day * DAY + 3_600_000)).unwrap(), None, "day {day}: one a day");
        }
        let dates: Vec<String> = list_backups(store.path()).unwrap().into_iter().map(|b| b.date).collect();
        assert_eq!(dates, ["2024-03-23", "2024-03-22", "2024-03-21", "2024-03-20", "2024-03-19", "2024-03-18", "2024-03-17"], "the newest seven, newest first");
        let names: Vec<String> = std::fs::read_dir(backups_folder(store.path())).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        assert_eq!(names.len(), KEEP, "nothing else in the folder: {names:?}");
    }

    #[test]
    fn a_backup_is_a_sound_single_file_copy() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        let path = store.back_up_daily(UnixMillis(T0)).unwrap().unwrap();
        assert_eq!(path, dir.path().join("backups/progress-2024-03-14.sqlite3"), "named by the day");
        let copy = Connection::open(&path).unwrap();
        let mode: String = copy.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete", "one file, no WAL beside it");
        let made: String = copy.query_row("SELECT value FROM settings WHERE key = 'made'", [], |r| r.get(0)).unwrap();
        assert_eq!(made, "before", "the store's rows");
        let mark: i32 = copy.pragma_query_value(None, "application_id", |r| r.get(0)).unwrap();
        assert_eq!(mark, super::super::identify::APPLICATION_ID, "Nivel's mark");
    }

    #[test]
    fn something_in_the_way_of_todays_backup_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        std::fs::create_dir_all(dir.path().join("backups/progress-2024-03-14.sqlite3")).unwrap();
        let err = store.back_up_daily(UnixMillis(T0)).unwrap_err();
        assert!(matches!(err, StoreError::BackupInTheWay { kind: FileKind::Folder, .. }), "a folder with the backup's name: {err:?}");
    }

    #[test]
    fn nothing_is_backed_up_for_a_new_or_read_only_store() {
        let dir = tempfile::tempdir().unwrap();
        let fresh = Store::open(&dir.path().join("progress.sqlite3")).unwrap();
        assert_eq!(fresh.back_up_daily(UnixMillis(T0)).unwrap(), None, "a store this command created has nothing to keep");
        assert!(!dir.path().join("backups").exists(), "no folder made");
    }

    #[test]
    fn stale_temporaries_go_and_fresh_ones_stay() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        let folder = backups_folder(store.path());
        std::fs::create_dir(&folder).unwrap();
        // Named after this process: still running, so only their age can make them go.
        let pid = std::process::id();
        let temp = folder.join(format!(".progress-2024-03-13.sqlite3.{pid}-90.nivel-tmp"));
        std::fs::write(&temp, "half").unwrap();
        let journal = folder.join(format!(".progress-2024-03-13.sqlite3.{pid}-90.nivel-tmp-journal"));
        std::fs::write(&journal, "half").unwrap();
        let restoring = dir.path().join(format!(".progress.sqlite3.{pid}-91.nivel-tmp"));
        std::fs::write(&restoring, "half").unwrap();
        let users = folder.join(".notes.nivel-tmp");
        std::fs::write(&users, "not Nivel's").unwrap();
        // File times come from the system clock; the store's "now" is relative to it here.
        let written = UnixMillis::from_system_time(std::fs::metadata(&temp).unwrap().modified().unwrap());
        store.back_up_daily(UnixMillis(written.0 + 60_000)).unwrap();
        assert!(temp.exists(), "a minute later it may belong to a running process");
        store.back_up_daily(UnixMillis(written.0 + 3 * DAY)).unwrap();
        assert!(!temp.exists() && !journal.exists(), "days later it is a leftover and goes, with its journal");
        assert!(!restoring.exists(), "so does a killed restore's copy beside the store");
        assert!(users.exists(), "a file Nivel did not make stays");
    }

    #[test]
    fn a_killed_processs_temporaries_go_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(dir.path());
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let dead = dir.path().join(format!(".progress.sqlite3.{gone}-0.nivel-tmp"));
        let alive = dir.path().join(format!(".progress.sqlite3.{}-7.nivel-tmp", std::process::id()));
        std::fs::write(&dead, "half").unwrap();
        std::fs::write(&alive, "half").unwrap();
        clear_leftovers(store.path(), UnixMillis::from_system_time(std::time::SystemTime::now()));
        assert!(!dead.exists(), "the file of a process that is gone is removed");
        assert!(alive.exists(), "a running process's file stays");
    }

    #[test]
    fn names_that_are_not_backups_are_ignored() {
        for name in ["progress-2024-3-14.sqlite3", "progress-latest.sqlite3", "progress-2024-03-14.sqlite3-wal", "replaced-2024.sqlite3"] {
            assert_eq!(date_of(name), None, "{name}");
        }
        assert_eq!(date_of("progress-2024-03-14.sqlite3"), Some("2024-03-14"), "a backup's name");
    }
}

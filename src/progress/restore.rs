//! Bringing a backup back. The backup is checked first, without changing it (a regular file,
//! an SQLite file whose size matches its header, Nivel's, sound); the store it replaces is
//! always kept aside in the backups folder, never deleted. A sound store is replaced through
//! SQLite's backup API in one transaction, so the app writing at the same time waits its
//! turn and then sees the restored store; a damaged one (or another program's file) is kept
//! as bytes and a new file is renamed into its place. The stores set aside by the last
//! [`KEEP`] restores are kept.

use std::fs::File;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::backup::{backups_folder, clear_leftovers, copy_into_file, copy_pages, copy_to, create_temp, ensure_folder, list_backups, sync_file, BackupFile, KEEP};
use super::error::StoreError;
use super::identify::{self, Claim};
use super::migrate;
use super::open::{connect_immutable, Store};
use super::time::UnixMillis;
use crate::lab::Text;

/// What a restore did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restored {
    /// The backup now in place.
    pub from: BackupFile,
    /// Where the replaced store was kept; `None` when there was no store.
    pub kept: Option<PathBuf>,
}

/// The backup `asked` names: a date (`YYYY-MM-DD`) or `latest`.
pub fn find_backup(store_path: &Path, asked: &str) -> Result<BackupFile, StoreError> {
    let all = list_backups(store_path)?;
    let found = if asked == "latest" { all.first() } else { all.iter().find(|b| b.date == asked) };
    found.cloned().ok_or_else(|| StoreError::NoBackup { asked: asked.to_string(), known: all.into_iter().map(|b| b.date).collect() })
}

/// Puts `backup` in place of the store at `store_path`, keeping the store it replaces in the
/// backups folder under a name with `now` in it.
pub fn restore(store_path: &Path, backup: &BackupFile, now: UnixMillis) -> Result<Restored, StoreError> {
    let source = checked(backup)?;
    clear_leftovers(store_path, now);
    let folder = backups_folder(store_path);
    ensure_folder(&folder)?;
    let stamp = now.rfc3339().replace(':', "-");
    let kept = folder.join(format!("replaced-{stamp}-{}.sqlite3", std::process::id()));
    let done = |kept: Option<PathBuf>| {
        forget_old_replaced(&folder);
        Restored { from: backup.clone(), kept }
    };
    if std::fs::symlink_metadata(store_path).is_err() {
        replace_file(&source, store_path, None)?;
        return Ok(done(None));
    }
    match Store::open(store_path) {
        Ok(mut store) => {
            copy_to(&store.conn, &kept)?;
            copy_pages(&source, &mut store.conn).map_err(|e| full_or_plain(e, store_path))?;
            // A backup from an earlier Nivel is adopted and brought up to date.
            migrate::up(&store.conn, store_path)?;
            Ok(done(Some(kept)))
        }
        // Not a store Nivel can open: its bytes are kept and a new file takes its place.
        Err(StoreError::NotADatabase { .. } | StoreError::Damaged { .. } | StoreError::Foreign { .. } | StoreError::BadVersion { .. } | StoreError::NewerSchema { .. }) => {
            replace_file(&source, store_path, Some(&kept))?;
            Ok(done(Some(kept)))
        }
        Err(e) => Err(e),
    }
}

/// Keeps the stores set aside by the last [`KEEP`] restores, so that restoring again and again
/// cannot fill the disk; older ones (and their WAL copies) are removed, best effort.
fn forget_old_replaced(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    let mut kept: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("replaced-") && n.ends_with(".sqlite3"))
        .collect();
    // Named by time (RFC 3339), so the newest sort last.
    kept.sort();
    let old = kept.len().saturating_sub(KEEP);
    for name in &kept[..old] {
        let _ = std::fs::remove_file(folder.join(name));
        let _ = std::fs::remove_file(folder.join(format!("{name}-wal")));
    }
}

/// `backup` opened read-only once it is known to be a restorable copy of a Nivel store.
fn checked(backup: &BackupFile) -> Result<Connection, StoreError> {
    let unusable = |es: String, en: String| StoreError::UnusableBackup { path: backup.path.clone(), why: Text::new(es, en) };
    if let Some(kind) = backup.kind {
        let k = kind.text();
        return Err(unusable(format!("es {}", k.es), format!("it is {}", k.en)));
    }
    let header = match identify::header(&backup.path) {
        Ok(Some(h)) => h,
        Ok(None) => return Err(unusable("está vacía".into(), "it is empty".into())),
        Err(StoreError::NotADatabase { .. }) => return Err(unusable("no es una base de datos SQLite".into(), "it is not an SQLite database".into())),
        Err(e) => return Err(e),
    };
    let size = std::fs::metadata(&backup.path).map_err(|source| StoreError::Io { path: backup.path.clone(), source })?.len();
    // Checked before SQLite reads anything: a huge bogus file is refused at once.
    let expected = header.pages.map(|p| p * header.page_size);
    if expected.is_some_and(|e| e != size) || size % header.page_size != 0 {
        let said = expected.map_or_else(|| "?".to_string(), |e| e.to_string());
        return Err(unusable(
            format!("su tamaño ({size} bytes) no es el que indica su cabecera ({said} bytes)"),
            format!("its size ({size} bytes) is not what its header says ({said} bytes)"),
        ));
    }
    let conn = connect_immutable(&backup.path)?;
    let refused = |e: StoreError| match e {
        StoreError::Foreign { why, .. } => {
            let w = why.text();
            unusable(format!("es la base de datos de otro programa ({})", w.es), format!("it is another program's database ({})", w.en))
        }
        StoreError::NewerSchema { found, .. } => unusable(format!("la escribió un Nivel más reciente (esquema {found})"), format!("a newer Nivel wrote it (schema {found})")),
        StoreError::BadVersion { found, .. } => unusable(format!("ningún Nivel escribe su versión de esquema ({found})"), format!("no Nivel writes its schema version ({found})")),
        StoreError::Damaged { .. } | StoreError::NotADatabase { .. } => unusable("está dañada".into(), "it is damaged".into()),
        other => other,
    };
    if identify::claim(&conn, &backup.path).map_err(refused)? == Claim::Empty {
        return Err(unusable("no contiene ningún progreso".into(), "it holds no progress".into()));
    }
    identify::refuse_damaged(&conn, &backup.path).map_err(refused)?;
    Ok(conn)
}

/// Replaces the file at `store_path` by a copy of `source`, first keeping the old file's
/// bytes (and its WAL's) at `kept`. Used when the store cannot be opened as one.
fn replace_file(source: &Connection, store_path: &Path, kept: Option<&Path>) -> Result<(), StoreError> {
    let before = identity_of(store_path);
    if let Some(kept) = kept {
        copy_bytes(store_path, kept)?;
        if let (Some(wal), Some(kept_wal)) = (beside(store_path, "-wal"), beside(kept, "-wal")) {
            if wal.exists() {
                copy_bytes(&wal, &kept_wal)?;
            }
        }
    }
    let (temp, file) = create_temp(store_path)?;
    drop(file);
    let placed = copy_into_file(source, &temp, store_path).and_then(|()| {
        let io = |source| StoreError::Io { path: store_path.to_path_buf(), source };
        sync_file(&temp).map_err(io)?;
        if identity_of(store_path) != before {
            // Another restore put a store here meanwhile: it is not this one's to replace.
            return Err(StoreError::Io { path: store_path.to_path_buf(), source: std::io::Error::other("replaced by another process meanwhile; run the restore again") });
        }
        // The old file's WAL and shared memory belong to it; left beside the new file, the
        // WAL would be replayed into it.
        for suffix in ["-wal", "-shm"] {
            if let Some(side) = beside(store_path, suffix) {
                match std::fs::remove_file(&side) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io(e)),
                    _ => {}
                }
            }
        }
        std::fs::rename(&temp, store_path).map_err(io)
    });
    if placed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    placed?;
    if let Some(folder) = store_path.parent() {
        let _ = File::open(folder).and_then(|d| d.sync_all());
    }
    Store::open(store_path).map(drop)
}

/// Copies the bytes of `from` to `to` through a temporary file and a rename.
fn copy_bytes(from: &Path, to: &Path) -> Result<(), StoreError> {
    let (temp, mut file) = create_temp(to)?;
    let io = |source| StoreError::Io { path: to.to_path_buf(), source };
    let copied = File::open(from).and_then(|mut src| std::io::copy(&mut src, &mut file)).and_then(|_| file.sync_all()).and_then(|()| std::fs::rename(&temp, to));
    if copied.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    copied.map_err(io)
}

/// `path` with `suffix` added to its name (`progress.sqlite3-wal`).
fn beside(path: &Path, suffix: &str) -> Option<PathBuf> {
    let mut name = path.file_name()?.to_owned();
    name.push(suffix);
    Some(path.with_file_name(name))
}

/// Which file is at `path` (device and inode), to notice it being replaced.
fn identity_of(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::metadata(path).ok().map(|m| (m.len(), 0))
    }
}

fn full_or_plain(e: rusqlite::Error, path: &Path) -> StoreError {
    match StoreError::from(e).at(path) {
        full @ StoreError::DiskFull { .. } => full,
        StoreError::ReadOnly { .. } | StoreError::NotADatabase { .. } | StoreError::Damaged { .. } => {
            StoreError::Io { path: path.to_path_buf(), source: std::io::Error::other("the backup could not be copied into the store") }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::super::backup::tests::{DAY, T0};
    use super::*;

    /// A store with backups of two days: "one" on the 14th, "two" on the 15th, now "three".
    fn store_with_backups(dir: &Path) -> PathBuf {
        let path = dir.join("progress.sqlite3");
        Store::open(&path).unwrap().settings().set("v", "one").unwrap();
        for (day, value) in [(0, "two"), (1, "three")] {
            let store = Store::open(&path).unwrap();
            store.back_up_daily(UnixMillis(T0 + day * DAY)).unwrap();
            store.settings().set("v", value).unwrap();
        }
        path
    }

    fn value(path: &Path) -> Option<String> {
        Store::open(path).unwrap().settings().get("v").unwrap()
    }

    #[test]
    fn backups_are_found_by_day_or_as_the_latest() {
        let dir = tempfile::tempdir().unwrap();
        let path = store_with_backups(dir.path());
        assert_eq!(find_backup(&path, "latest").unwrap().date, "2024-03-15", "the newest");
        assert_eq!(find_backup(&path, "2024-03-14").unwrap().date, "2024-03-14", "by day");
        match find_backup(&path, "2024-01-01") {
            Err(StoreError::NoBackup { known, .. }) => assert_eq!(known, ["2024-03-15", "2024-03-14"], "the days there are"),
            other => panic!("expected NoBackup, got {other:?}"),
        }
    }

    #[test]
    fn a_restore_brings_a_day_back_and_keeps_what_it_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = store_with_backups(dir.path());
        let backup = find_backup(&path, "2024-03-14").unwrap();
        let restored = restore(&path, &backup, UnixMillis(T0 + 2 * DAY)).unwrap();
        assert_eq!(value(&path).as_deref(), Some("one"), "the 14th's store is back");
        let kept = restored.kept.expect("the replaced store is kept");
        assert_eq!(value(&kept).as_deref(), Some("three"), "the kept copy holds what was replaced");
        assert_eq!(Store::open(&path).unwrap().integrity_check().unwrap(), ["ok"], "sound");
    }

    #[test]
    fn only_the_last_restores_keep_their_copies() {
        let dir = tempfile::tempdir().unwrap();
        let path = store_with_backups(dir.path());
        let backup = find_backup(&path, "latest").unwrap();
        for i in 0..(KEEP as i64 + 3) {
            restore(&path, &backup, UnixMillis(T0 + 2 * DAY + i * 1000)).unwrap();
        }
        let replaced = std::fs::read_dir(backups_folder(&path)).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().starts_with("replaced-")).count();
        assert_eq!(replaced, KEEP, "restoring again and again cannot fill the disk");
    }
}

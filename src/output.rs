//! Files Nivel writes for the user (progress reports and exports, the doctor's support
//! bundle), all through [`write_file`], so that none of them can destroy anything: a target
//! inside Nivel's data folder (where the progress store lives) is refused however its path
//! is spelled, an existing target that is not a regular file (a device such as `/dev/null`, a
//! FIFO, a folder, a socket, a symbolic link) is never replaced, and the file appears whole
//! or not at all: written to a temporary file created beside it, synced, then renamed over
//! it, with nothing left behind on failure.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::app::{Problem, Remedy};
use crate::lab::Text;

pub use crate::file_kind::FileKind;

/// Why a file for the user was not written. Nothing was changed on disk in any case.
#[derive(Debug)]
#[non_exhaustive]
pub enum OutputError {
    /// The target is inside a protected folder (Nivel's data folder).
    InsideDataFolder { path: PathBuf, folder: PathBuf },
    /// Something that is not a regular file is already there.
    NotAFile { path: PathBuf, kind: FileKind },
    /// The folder to write in does not exist (or is not a folder).
    NoFolder { path: PathBuf },
    /// The disk is full.
    DiskFull { path: PathBuf },
    /// The system refused the write (permissions, a read-only disk…).
    Write { path: PathBuf, source: io::Error },
}

impl OutputError {
    /// True when the user's choice of path is the problem (exit code 2); a full disk is not.
    pub fn is_input(&self) -> bool {
        !matches!(self, OutputError::DiskFull { .. })
    }

}

impl Problem for OutputError {
    fn code(&self) -> &'static str {
        match self {
            OutputError::InsideDataFolder { .. } => "output.inside_data_folder",
            OutputError::NotAFile { .. } => "output.not_a_file",
            OutputError::NoFolder { .. } => "output.no_folder",
            OutputError::DiskFull { .. } => "output.disk_full",
            OutputError::Write { .. } => "output.unwritable",
        }
    }

    fn text(&self) -> Text {
        match self {
            OutputError::InsideDataFolder { path, folder } => {
                let (p, f) = (path.display(), folder.display());
                Text::new(
                    format!("no se escribe {p}: está dentro de la carpeta de datos de Nivel ({f}), donde se guarda su progreso"),
                    format!("will not write {p}: it is inside Nivel's data folder ({f}), where your progress is kept"),
                )
            }
            OutputError::NotAFile { path, kind } => {
                let (p, k) = (path.display(), kind.text());
                Text::new(
                    format!("no se escribe {p}: es {}, no un archivo normal, y Nivel nunca reemplaza algo así", k.es),
                    format!("will not write {p}: it is {}, not a regular file, and Nivel never replaces one", k.en),
                )
            }
            OutputError::NoFolder { path } => {
                let (p, f) = (path.display(), folder_of(path).display());
                Text::new(format!("no se puede escribir {p}: la carpeta {f} no existe"), format!("cannot write {p}: the folder {f} does not exist"))
            }
            OutputError::DiskFull { path } => {
                let (p, f) = (path.display(), folder_of(path).display());
                Text::new(
                    format!("no se puede escribir {p}: el disco de {f} está lleno; no se escribió nada"),
                    format!("cannot write {p}: the disk holding {f} is full; nothing was written"),
                )
            }
            OutputError::Write { path, source } => {
                let p = path.display();
                Text::new(format!("no se puede escribir {p}: {source}"), format!("cannot write {p}: {source}"))
            }
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        let text = match self {
            OutputError::InsideDataFolder { folder, .. } => {
                let f = folder.display();
                Text::new(format!("elija un archivo fuera de {f}"), format!("choose a file outside {f}"))
            }
            OutputError::NotAFile { .. } => Text::new("elija otro nombre de archivo", "choose another file name"),
            OutputError::NoFolder { .. } | OutputError::Write { .. } => {
                Text::new("elija un archivo en una carpeta donde pueda escribir", "choose a file in a folder you can write to")
            }
            OutputError::DiskFull { .. } => {
                Text::new("libere espacio en ese disco y vuelva a intentarlo", "free some space on that disk and try again")
            }
        };
        Some(Remedy::Advice { text })
    }

    fn is_input(&self) -> bool {
        OutputError::is_input(self)
    }
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for OutputError {}

/// Writes the file at `path` with what `fill` writes into it, unless `path` is inside one of
/// the `protected` folders or is something other than a regular file or a new name. The
/// file appears whole or not at all.
pub fn write_file(path: &Path, protected: &[PathBuf], fill: impl FnOnce(&mut File) -> io::Result<()>) -> Result<(), OutputError> {
    let target = final_target(path, protected)?;
    let (temp, mut file) = create_beside(&target).map_err(|e| write_failed(path, e))?;
    let written = fill(&mut file).and_then(|()| file.sync_all());
    drop(file);
    // Checked again just before the rename: something may have been put there meanwhile.
    let result = written.map_err(|e| write_failed(path, e)).and_then(|()| final_target(path, protected).map(|_| ()));
    let result = result.and_then(|()| std::fs::rename(&temp, &target).map_err(|e| write_failed(path, e)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
        return result;
    }
    sync_folder(&target);
    Ok(())
}

/// Refuses `path` now, for the reasons `write_file` would, before the caller does the
/// work of making the file's content.
pub fn refuse_target(path: &Path, protected: &[PathBuf]) -> Result<(), OutputError> {
    final_target(path, protected).map(drop)
}

/// [`write_file`] of `bytes`.
pub fn write_bytes(path: &Path, protected: &[PathBuf], bytes: &[u8]) -> Result<(), OutputError> {
    write_file(path, protected, |file| io::Write::write_all(file, bytes))
}

/// The path to write once every refusal is checked: its folder with links resolved, then
/// its name. Callers that write in their own way (a stream) create the file with
/// [`create_beside`] and ask again just before renaming it here.
pub fn final_target(path: &Path, protected: &[PathBuf]) -> Result<PathBuf, OutputError> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => {
            if let Some(kind) = FileKind::of(&meta) {
                return Err(OutputError::NotAFile { path: path.to_path_buf(), kind });
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) if e.kind() == io::ErrorKind::NotADirectory => return Err(OutputError::NoFolder { path: path.to_path_buf() }),
        Err(e) => return Err(write_failed(path, e)),
    }
    let Some(name) = path.file_name() else {
        return Err(OutputError::NotAFile { path: path.to_path_buf(), kind: FileKind::Folder });
    };
    let folder = std::fs::canonicalize(folder_of(path)).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => OutputError::NoFolder { path: path.to_path_buf() },
        _ => write_failed(path, e),
    })?;
    for guarded in protected {
        if is_within(&folder, guarded) {
            return Err(OutputError::InsideDataFolder { path: path.to_path_buf(), folder: guarded.to_path_buf() });
        }
    }
    Ok(folder.join(name))
}

/// True when `folder` (resolved) is `guarded` or inside it: compared as resolved paths, and
/// on Unix also by identity (device and inode), which a bind mount of `guarded` cannot hide.
fn is_within(folder: &Path, guarded: &Path) -> bool {
    let resolved = std::fs::canonicalize(guarded).unwrap_or_else(|_| std::path::absolute(guarded).unwrap_or_else(|_| guarded.to_path_buf()));
    if folder.starts_with(&resolved) {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(g) = std::fs::metadata(&resolved) {
            return folder.ancestors().filter_map(|a| std::fs::metadata(a).ok()).any(|m| (m.dev(), m.ino()) == (g.dev(), g.ino()));
        }
    }
    false
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// A new temporary file beside `target`, created with `create_new` (never an existing file,
/// never through a link), hidden and named after `target` and this process (ending in
/// `.nivel-tmp`), with the permissions of the file it will replace.
pub fn create_beside(target: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    loop {
        let mut temp_name = name.clone();
        temp_name.push(format!(".{}-{}.nivel-tmp", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed)));
        let temp = target.with_file_name(temp_name);
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => {
                if let Ok(old) = std::fs::metadata(target) {
                    let _ = file.set_permissions(old.permissions());
                }
                return Ok((temp, file));
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary files [`create_beside`] made for `target` whose process is gone (a
/// killed long write, such as an image archive, leaves one beside the name).
pub fn remove_dead_temporaries(target: &Path) {
    let Some(name) = target.file_name() else { return };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else { return };
    for entry in entries.flatten() {
        let temp = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && temp.starts_with(&prefix) && temp.ends_with(".nivel-tmp") && writer_is_gone(&temp) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// True when the process named in a temporary file's name (`….<pid>-<n>.nivel-tmp`) is known
/// to be gone: on systems with `/proc`, it has no entry there. Unknown means not gone.
pub(crate) fn writer_is_gone(name: &str) -> bool {
    let Some(pid) = name.split(".nivel-tmp").next().and_then(|s| s.rsplit('.').next()).and_then(|s| s.split('-').next()) else {
        return false;
    };
    let Ok(pid) = pid.parse::<u32>() else { return false };
    pid != std::process::id() && Path::new("/proc/self").exists() && !Path::new("/proc").join(pid.to_string()).exists()
}

/// Makes the rename itself durable; a folder that cannot be synced (some file systems) is
/// no reason to fail a write that already happened.
pub fn sync_folder(target: &Path) {
    if let Ok(dir) = File::open(folder_of(target)) {
        let _ = dir.sync_all();
    }
}

/// The error a failed write of `path` is: a full disk, or the system's refusal.
pub fn write_failed(path: &Path, e: io::Error) -> OutputError {
    if is_disk_full(&e) {
        OutputError::DiskFull { path: path.to_path_buf() }
    } else {
        OutputError::Write { path: path.to_path_buf(), source: e }
    }
}

/// ENOSPC, or EDQUOT (a user's quota, the same thing to them).
pub fn is_disk_full(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_writers_temporary_goes_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("labs.tar");
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let gone = child.id();
        child.wait().unwrap();
        let dead = dir.path().join(format!(".labs.tar.{gone}-0.nivel-tmp"));
        let alive = dir.path().join(format!(".labs.tar.{}-3.nivel-tmp", std::process::id()));
        let other = dir.path().join(format!(".other.tar.{gone}-0.nivel-tmp"));
        let folder = dir.path().join(format!(".labs.tar.{gone}-1.nivel-tmp"));
        for file in [&dead, &alive, &other] {
            std::fs::write(file, "half").unwrap();
        }
        std::fs::create_dir(&folder).unwrap();
        remove_dead_temporaries(&target);
        assert!(!dead.exists(), "the file of a process that is gone is removed");
        assert!(alive.exists(), "a running process's file stays");
        assert!(other.exists(), "another name's file stays");
        assert!(folder.exists(), "only files are removed");
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        n.sort();
        n
    }

    #[test]
    fn a_write_replaces_a_regular_file_whole_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.html");
        std::fs::write(&path, "old").unwrap();
        write_bytes(&path, &[], b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new", "replaced whole");
        assert_eq!(names(dir.path()), ["r.html"], "no temporary file left");
    }

    #[test]
    fn a_failed_fill_leaves_the_old_file_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.zip");
        std::fs::write(&path, "old").unwrap();
        let err = write_file(&path, &[], |_| Err(io::Error::other("half way"))).unwrap_err();
        assert!(matches!(err, OutputError::Write { .. }), "the fill's error is reported: {err:?}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old", "the old file is kept");
        assert_eq!(names(dir.path()), ["r.zip"], "no temporary file left");
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_bytes(&dir.path().join("nope/r.md"), &[], b"x").unwrap_err();
        assert!(matches!(err, OutputError::NoFolder { .. }), "a missing folder: {err:?}");
        assert!(err.to_string().contains("nope does not exist"), "named: {err}");
        assert!(err.text().es.contains("no existe"), "in Spanish too: {:?}", err.text());
        assert!(names(dir.path()).is_empty(), "nothing written");
    }

    #[test]
    fn targets_inside_a_protected_folder_are_refused_however_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("sub")).unwrap();
        std::os::unix::fs::symlink(&data, dir.path().join("link")).unwrap();
        for path in [data.join("x"), data.join("./sub/../x"), dir.path().join("link/sub/x"), dir.path().join("data/../data/x")] {
            let err = write_bytes(&path, std::slice::from_ref(&data), b"x").unwrap_err();
            assert!(matches!(err, OutputError::InsideDataFolder { .. }), "{}: refused, got {err:?}", path.display());
        }
        write_bytes(&dir.path().join("x"), std::slice::from_ref(&data), b"x").unwrap();
        assert_eq!(names(&data), ["sub"], "nothing written inside");
    }

    #[test]
    fn a_protected_folder_given_through_a_link_is_still_protected() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let link = dir.path().join("data");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = write_bytes(&real.join("x"), std::slice::from_ref(&link), b"x").unwrap_err();
        assert!(matches!(err, OutputError::InsideDataFolder { .. }), "the link's target is protected: {err:?}");
    }

    #[test]
    fn what_is_not_a_regular_file_is_named_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("f");
        std::fs::create_dir(&folder).unwrap();
        let link = dir.path().join("l");
        std::os::unix::fs::symlink("/nowhere", &link).unwrap();
        for (path, kind) in [(&folder, FileKind::Folder), (&link, FileKind::SymbolicLink)] {
            let err = write_bytes(path, &[], b"x").unwrap_err();
            assert!(matches!(err, OutputError::NotAFile { kind: k, .. } if k == kind), "{kind:?}: {err:?}");
            assert!(err.is_input(), "an input error");
        }
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the dangling link is still a link");
        assert_eq!(names(dir.path()), ["f", "l"], "nothing else written");
    }

    #[test]
    fn kinds_have_names_in_both_languages() {
        for kind in [FileKind::Folder, FileKind::SymbolicLink, FileKind::Fifo, FileKind::Socket, FileKind::CharacterDevice, FileKind::BlockDevice, FileKind::Other] {
            let t = kind.text();
            assert!(t.es.starts_with("un") && t.en.starts_with('a'), "{kind:?}: {t:?}");
        }
    }
}

//! One operation per lab at a time. `up`, `down`, `restart`, `reset` and `check` (from the
//! CLI or the desktop app) each hold the lab's lock while they run, so two of them never
//! interleave on one lab's containers and networks. The lock is an OS file lock on
//! `locks/<project>.lock` in Nivel's data folder: held by the process, released by the system
//! the moment the process ends, however it ends, so a killed holder never wedges anything.
//! The holder writes who it is (pid, operation, since when) in the file for whoever waits.
//!
//! The file is never removed once made (removing a lock file others may hold splits them).
//! Whatever else sits at its path (a link, a FIFO, an empty folder) is not Nivel's and is
//! replaced without following it; a data folder where no lock can be made leaves the
//! operation to run unprotected, and the caller says so.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{ErrorKind, Read, Seek, SeekFrom, Write};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::text::Text;

/// How often a waiting operation tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// Holder facts longer than this are not Nivel's.
const FACTS_LIMIT: u64 = 4096;

/// Who asks for a lab's lock, and where the locks are.
#[derive(Clone, Copy, Debug)]
pub struct LockRequest<'a> {
    /// Nivel's data folder ([`super::data_dir`]).
    pub data_dir: &'a Path,
    /// The lab's compose project name: the lab's identity on the engine.
    pub project: &'a str,
    /// What the holder is doing, as a person would recognise it (`nivel up`).
    pub operation: &'a str,
    pub pid: u32,
    pub now: SystemTime,
}

/// The facts a holder writes in the lock file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    pub pid: u32,
    pub operation: String,
    /// When it took the lock, in Unix seconds.
    pub since: u64,
}

/// The lab is held by another operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Busy {
    pub project: String,
    /// `None` when the holder's facts cannot be read (being written, or another system's).
    pub holder: Option<Holder>,
}

/// Why no lock could be taken; the operation runs without one.
#[derive(Debug)]
pub struct LockProblem {
    pub project: String,
    pub path: PathBuf,
    pub error: std::io::Error,
}

/// A held lab lock, released when dropped (or when the process ends).
#[derive(Debug)]
pub struct LabLock {
    file: Option<File>,
    problem: Option<LockProblem>,
}

impl LabLock {
    /// Why the lab is not locked although the operation goes on; `None` when it is locked.
    pub fn unprotected(&self) -> Option<&LockProblem> {
        self.problem.as_ref()
    }
}

impl Drop for LabLock {
    fn drop(&mut self) {
        // The facts would outlive the holder; the lock itself goes with the file handle.
        if let Some(file) = &self.file {
            let _ = file.set_len(0);
        }
    }
}

/// `locks/<project>.lock` under the data folder; characters a file name cannot hold become `_`.
pub fn lock_path(data_dir: &Path, project: &str) -> PathBuf {
    let name: String = project.chars().map(|c| if c.is_ascii_alphanumeric() || "._-".contains(c) { c } else { '_' }).collect();
    data_dir.join("locks").join(format!("{name}.lock"))
}

/// Takes the lab's lock. While another operation holds it, `on_busy` is called about every
/// 100 ms with who holds it: `Continue` waits on, `Break` gives up with [`Busy`]. A folder or
/// file where no lock can be made gives a lock that is [`LabLock::unprotected`].
pub fn lock_lab(request: &LockRequest<'_>, on_busy: &mut dyn FnMut(&Busy) -> ControlFlow<()>) -> Result<LabLock, Busy> {
    let path = lock_path(request.data_dir, request.project);
    let unprotected = |error| Ok(LabLock { file: None, problem: Some(LockProblem { project: request.project.to_owned(), path: path.clone(), error }) });
    // The holder's "since" is when it took the lock: the request's time plus the waiting.
    let mut waited = Duration::ZERO;
    // A file replaced under the lock between opening and locking is opened again.
    for _ in 0..5 {
        let file = match open_lock_file(&path) {
            Ok(file) => file,
            Err(error) => return unprotected(error),
        };
        // Facts caught half-written, or cleared by a holder on its way out, are read again
        // before the holder is reported as unknown.
        let mut unreadable = 0;
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => break,
                Err(fs4::TryLockError::WouldBlock) => {
                    let holder = read_holder(&file);
                    unreadable = if holder.is_some() { 0 } else { unreadable + 1 };
                    if holder.is_some() || unreadable > 3 {
                        let busy = Busy { project: request.project.to_owned(), holder };
                        if on_busy(&busy).is_break() {
                            return Err(busy);
                        }
                    }
                    // Unreadable facts not yet reported are looked at again sooner.
                    let pause = if (1..=3).contains(&unreadable) { POLL / 5 } else { POLL };
                    std::thread::sleep(pause);
                    waited += pause;
                }
                Err(fs4::TryLockError::Error(error)) => return unprotected(error),
            }
        }
        if !same_file(&file, &path) {
            continue;
        }
        let since = (request.now + waited).duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        // A lock file opened read-only (a data folder made read-only) still locks; its facts
        // then stay unwritten, and waiters say only that the lab is busy.
        let _ = write_holder(&file, &Holder { pid: request.pid, operation: request.operation.to_owned(), since });
        return Ok(LabLock { file: Some(file), problem: None });
    }
    unprotected(std::io::Error::other("the lock file keeps being replaced"))
}

/// Holds off other installs of built-in lab `folder` while one writes its files and record:
/// `locks/<folder>.install.lock` (a name no compose project can take: they hold no dots),
/// waited for without limit since an install takes a moment. `None` when no lock can be made
/// (a read-only data folder, where the install cannot write either and says so).
pub(super) fn install_lock(data_dir: &Path, folder: &str) -> Option<File> {
    waited_lock(data_dir, &format!("{folder}.install"))
}

/// Holds off other Nivels adding secrets to lab `lab`'s credentials file while one does:
/// `locks/<lab>.credentials.lock`. `None` when no lock can be made (the write then fails and
/// says why).
pub(super) fn secrets_lock(data_dir: &Path, lab: &str) -> Option<File> {
    waited_lock(data_dir, &format!("{lab}.credentials"))
}

/// Holds off other Nivels looking at compose project `project`'s ssh forward while one reads
/// its record, finds whether its ssh runs and starts a new one: `locks/<project>.forward.lock`,
/// waited for without limit (a start gives up within 20 s). Apart from the lab's own lock,
/// which `up` and `check` hold while they read the lab's ports. `None` when no lock can be
/// made (the forward is then kept without it).
pub(crate) fn forward_lock(data_dir: &Path, project: &str) -> Option<File> {
    waited_lock(data_dir, &format!("{project}.forward"))
}

/// `locks/<name>.lock`, waited for without limit.
fn waited_lock(data_dir: &Path, name: &str) -> Option<File> {
    let file = open_lock_file(&lock_path(data_dir, name)).ok()?;
    fs4::FileExt::lock(&file).ok()?;
    Some(file)
}

/// Opens the lock file, making it (and its folder) when missing. Never follows a link or opens
/// anything but a regular file: what else sits at the path is removed first.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent() {
        // A read-only folder may still hold a lock file made earlier.
        if let Err(e) = std::fs::create_dir_all(dir) {
            if !dir.is_dir() {
                return Err(e);
            }
        }
    }
    for _ in 0..5 {
        let opened = match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == ErrorKind::NotFound => OpenOptions::new().read(true).write(true).create_new(true).open(path),
            Err(e) => return Err(e),
            Ok(meta) if meta.is_file() => match OpenOptions::new().read(true).write(true).open(path) {
                Err(e) if matches!(e.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem) => File::open(path),
                other => other,
            },
            Ok(meta) => {
                clear(path, &meta)?;
                continue;
            }
        };
        match opened {
            Ok(file) if same_file(&file, path) => return Ok(file),
            // Made or replaced by someone else meanwhile: look again.
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::AlreadyExists | ErrorKind::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("the lock file keeps being replaced"))
}

/// Removes what is not a lock file: a link (never what it points to), a FIFO, a socket, a
/// device node or an empty folder. A folder with files in it is left, and the error says so.
fn clear(path: &Path, meta: &Metadata) -> std::io::Result<()> {
    let removed = if meta.is_dir() { std::fs::remove_dir(path) } else { std::fs::remove_file(path) };
    match removed {
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(()),
        Err(e) if meta.is_dir() => Err(std::io::Error::new(e.kind(), format!("a folder is in the way of the lock file: {e}"))),
        other => other,
    }
}

/// The path still names this very file, a regular one.
fn same_file(file: &File, path: &Path) -> bool {
    let (Ok(open), Ok(named)) = (file.metadata(), std::fs::symlink_metadata(path)) else { return false };
    if !open.is_file() || !named.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        open.dev() == named.dev() && open.ino() == named.ino()
    }
    #[cfg(not(unix))]
    {
        true
    }
}

fn write_holder(file: &File, holder: &Holder) -> std::io::Result<()> {
    let mut text = serde_json::to_string(holder).map_err(std::io::Error::other)?;
    text.push('\n');
    let mut f = file;
    f.set_len(0)?;
    f.seek(SeekFrom::Start(0))?;
    f.write_all(text.as_bytes())
}

/// The holder's facts, when they can be read.
fn read_holder(file: &File) -> Option<Holder> {
    let mut text = String::new();
    let mut f = file;
    f.seek(SeekFrom::Start(0)).ok()?;
    f.take(FACTS_LIMIT).read_to_string(&mut text).ok()?;
    serde_json::from_str(&text).ok()
}

impl Busy {
    /// `level-2 is busy: `nivel up` (pid 4242) since 12 s`, measured at `now`.
    pub fn describe(&self, now: SystemTime) -> Text {
        let project = &self.project;
        match &self.holder {
            Some(h) => {
                let (es, en) = elapsed(h.since, now);
                Text::new(
                    format!("{project} está ocupado: `{}` (pid {}) desde hace {es}", h.operation, h.pid),
                    format!("{project} is busy: `{}` (pid {}) since {en}", h.operation, h.pid),
                )
            }
            None => Text::new(format!("{project} está ocupado con otra operación de Nivel"), format!("{project} is busy with another Nivel operation")),
        }
    }
}

impl std::fmt::Display for Busy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::app::Problem::text(self).en)
    }
}

impl std::error::Error for Busy {}

/// Without a clock, the holder is named without how long it has held the lab; a front end
/// that wants that asks [`Busy::describe`] with its time.
impl crate::app::Problem for Busy {
    fn code(&self) -> &'static str {
        "lab.busy"
    }

    fn text(&self) -> Text {
        let project = &self.project;
        match &self.holder {
            Some(h) => Text::new(
                format!("{project} está ocupado: `{}` (pid {})", h.operation, h.pid),
                format!("{project} is busy: `{}` (pid {})", h.operation, h.pid),
            ),
            None => Text::new(format!("{project} está ocupado con otra operación de Nivel"), format!("{project} is busy with another Nivel operation")),
        }
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        Some(crate::app::Remedy::WaitForOperation)
    }
}

/// How long ago `since` (Unix seconds) was, in Spanish and English.
fn elapsed(since: u64, now: SystemTime) -> (String, String) {
    let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let secs = now.saturating_sub(since);
    match secs {
        0..120 => (format!("{secs} s"), format!("{secs} s")),
        120..7200 => (format!("{} min", secs / 60), format!("{} min", secs / 60)),
        _ => (format!("{} h", secs / 3600), format!("{} h", secs / 3600)),
    }
}

impl std::fmt::Display for LockProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::app::Problem::text(self).en)
    }
}

impl std::error::Error for LockProblem {}

/// A warning rather than a failure: the operation goes on without the lock.
impl crate::app::Problem for LockProblem {
    fn code(&self) -> &'static str {
        "lab.unlocked"
    }

    fn text(&self) -> Text {
        let (project, path, error) = (&self.project, self.path.display(), &self.error);
        Text::new(
            format!("no se puede bloquear el laboratorio {project} ({path}: {error}): nada impide que otra operación lo toque a la vez"),
            format!("cannot lock lab {project} ({path}: {error}): nothing keeps another operation off it meanwhile"),
        )
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        let dir = self.path.parent().map(|d| d.display().to_string()).unwrap_or_default();
        let text = Text::new(
            format!("haga escribible {dir}, o ponga en NIVEL_DATA_DIR una carpeta escribible"),
            format!("make {dir} writable, or set NIVEL_DATA_DIR to a writable folder"),
        );
        Some(crate::app::Remedy::Advice { text })
    }
}

#[cfg(test)]
#[path = "lock_tests.rs"]
mod tests;

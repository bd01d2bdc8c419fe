//! What the progress tests share: running the binary on a data folder (with a time limit, so
//! a FIFO that blocks fails the test instead of hanging it), a store with some progress in
//! it, and file systems the test mounts itself (a small or read-only tmpfs, a read-only bind
//! mount), unmounted even when the test fails.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use nivel::progress::{Identity, NewCheckRun, Store, UnixMillis};

use crate::common::nivel;

/// How long one run of the binary may take before the test calls it hung.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// Runs `nivel args` with `NIVEL_DATA_DIR=data`, in English, stdin closed.
pub fn run(data: &Path, args: &[&str]) -> Output {
    let mut cmd = nivel();
    cmd.env("NIVEL_DATA_DIR", data).args(args);
    finish(cmd)
}

/// Runs `cmd` to its end with stdin closed, failing the test if it takes past [`RUN_LIMIT`].
pub fn finish(mut cmd: Command) -> Output {
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the nivel binary runs");
    let started = Instant::now();
    while child.try_wait().expect("waiting for nivel").is_none() {
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let out = child.wait_with_output().expect("the killed nivel");
            panic!("nivel {cmd:?} still ran after {RUN_LIMIT:?} (hung?): {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("nivel's output")
}

/// Records one check run of `exercise` of level-2 in the store at `db`.
pub fn record(db: &Path, exercise: &str, passed: bool, at: i64) {
    let store = Store::open(db).unwrap();
    let run = NewCheckRun { lab: "level-2", exercise, passed, observed: "status 200", duration: Duration::from_millis(3), at: UnixMillis(at) };
    store.check_runs().record(&run).unwrap();
}

/// A store at `data/progress.sqlite3` with an identity and two runs of `experiment`.
pub fn store_with_progress(data: &Path) -> PathBuf {
    std::fs::create_dir_all(data).unwrap();
    let db = data.join("progress.sqlite3");
    record(&db, "experiment", false, 1_700_000_000_000);
    record(&db, "experiment", true, 1_700_000_060_000);
    let ana = Identity { name: Some("Ana".into()), id: Some("2023".into()), group: Some("G1".into()) };
    Store::open(&db).unwrap().identity().set(&ana, UnixMillis(1_700_000_000_000)).unwrap();
    db
}

/// Names of the entries of `dir`, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// A mount made by a test, undone when dropped (even while a failed assertion unwinds).
pub struct Mount {
    pub at: PathBuf,
    /// Keeps a temporary mount point alive until after the unmount.
    _dir: Option<tempfile::TempDir>,
}

impl Mount {
    /// A fresh tmpfs of `size` (`mount -o size=`) on a new temporary folder.
    pub fn tmpfs(size: &str) -> Mount {
        let dir = tempfile::tempdir().unwrap();
        mount(&["-t", "tmpfs", "-o", &format!("size={size},mode=0755"), "tmpfs"], dir.path());
        Mount { at: dir.path().to_path_buf(), _dir: Some(dir) }
    }

    /// `path` (a file or folder) bound onto itself and made read-only: writes through it fail
    /// even for root, while its folder stays writable.
    pub fn read_only_bind(path: &Path) -> Mount {
        mount(&["--bind", path.to_str().unwrap()], path);
        let guard = Mount { at: path.to_path_buf(), _dir: None };
        mount(&["-o", "remount,ro,bind"], path);
        guard
    }

    /// Makes this mount read-only: for root too, nothing on it can be written.
    pub fn remount_read_only(&self) {
        mount(&["-o", "remount,ro"], &self.at);
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let done = Command::new("umount").arg(&self.at).status().is_ok_and(|s| s.success());
        if !done {
            // Busy (a child still holds a file): detach it now, the kernel finishes later.
            let _ = Command::new("umount").arg("-l").arg(&self.at).status();
        }
    }
}

/// Runs `mount ARGS TARGET`; these tests run as root (here and in CI), so a failure fails the
/// test rather than skipping it.
fn mount(args: &[&str], target: &Path) {
    let out = Command::new("mount").args(args).arg(target).output().expect("the mount command runs");
    assert!(out.status.success(), "mount {args:?} {} (these tests need root): {}", target.display(), String::from_utf8_lossy(&out.stderr));
}

/// Today's date in UTC, as backups are named.
pub fn today() -> String {
    UnixMillis::from_system_time(std::time::SystemTime::now()).rfc3339()[..10].to_string()
}

/// The identity's name in the store at `db`, read without Nivel's own code.
pub fn name_in(db: &Path) -> Option<String> {
    let conn = rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("SELECT name FROM identity", [], |r| r.get(0)).unwrap()
}

//! One operation per lab at a time, through the real binary: a second operation waits and
//! names the holder, `--no-wait` refuses with exit 1, Ctrl-C stops the waiting and nothing
//! else, a dead holder frees the lab, and lock files that are links, FIFOs or sit in a
//! read-only folder never stop an operation. The holder here is `flock(1)` on the lab's lock
//! file, the same OS lock Nivel takes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::lab::TestLab;
use crate::common::{lines_of, nivel};

const WEB: &str = "services:\n  web:\nWEB\n";

/// `nivel ARGS` with its own data folder.
fn nivel_in(data: &Path) -> Command {
    let mut cmd = nivel();
    cmd.env("NIVEL_DATA_DIR", data);
    cmd
}

/// The lab's compose file in a folder named after its project, so `nivel up FOLDER` names it.
fn lab_folder(lab: &TestLab) -> PathBuf {
    let dir = lab.dir.path().join(&lab.project);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(lab.dir.path().join("compose.yaml"), dir.join("compose.yaml")).unwrap();
    dir
}

pub fn lock_file(data: &Path, project: &str) -> PathBuf {
    data.join("locks").join(format!("{project}.lock"))
}

/// Another program holding the lab's lock with `flock(1)`, its facts written as a holder
/// writes them; killed on drop.
pub struct Holder(Child);

impl Holder {
    pub fn hold(data: &Path, project: &str, operation: &str, pid: u32, seconds_ago: u64) -> Holder {
        let path = lock_file(data, project);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() - seconds_ago;
        std::fs::write(&path, format!("{{\"pid\":{pid},\"operation\":\"{operation}\",\"since\":{since}}}\n")).unwrap();
        // One process holds it: the shell opens the file, flock(1) locks that open file, and
        // the shell becomes `sleep`, so killing it releases the lock.
        let script = "exec 9>>\"$1\" && flock -x 9 && exec sleep 600";
        let child = Command::new("sh").args(["-c", script, "holder"]).arg(&path).spawn().expect("sh and flock(1) from util-linux run");
        let started = Instant::now();
        while Command::new("flock").arg("-n").arg(&path).arg("true").status().unwrap().success() {
            assert!(started.elapsed() < Duration::from_secs(10), "flock holds the lock within 10 s");
            std::thread::sleep(Duration::from_millis(20));
        }
        Holder(child)
    }

    pub fn release(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Holder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `nivel` whose stderr lines arrive on a channel.
pub struct Running {
    pub child: Child,
    pub lines: mpsc::Receiver<String>,
}

impl Running {
    pub fn spawn(mut cmd: Command) -> Running {
        let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn().expect("nivel starts");
        let lines = lines_of(child.stderr.take().unwrap());
        Running { child, lines }
    }

    /// The first stderr line containing `text`, waiting up to `within`.
    pub fn line_with(&self, text: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(line) => seen.push(line),
                Err(_) => break,
            }
        }
        panic!("no line with {text:?} within {within:?}; stderr so far: {seen:?}")
    }

    /// Waits for the exit, up to `within`; its code (`None`: killed by a signal).
    pub fn exit(&mut self, within: Duration) -> Option<i32> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("nivel did not end within {within:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_second_operation_waits_for_the_holder_names_it_and_then_goes_on() {
    let Some(lab) = TestLab::new("lock-wait", WEB) else { return };
    lab.up().0.expect("the lab comes up");
    let data = tempfile::tempdir().unwrap();
    let holder = Holder::hold(data.path(), &lab.project, "nivel up", 4242, 12);
    let mut down = Running::spawn({
        let mut cmd = nivel_in(data.path());
        cmd.arg("down").arg(lab_folder(&lab)).args(["-t", "1"]);
        cmd
    });
    let line = down.line_with("is busy", Duration::from_secs(10));
    let expected = format!("{} is busy: `nivel up` (pid 4242) since 1", lab.project);
    assert!(line.starts_with(&expected), "names the lab, the holder and how long it has held it: {line}");
    assert!(line.ends_with("; waiting for it to finish (Ctrl-C to stop waiting)"), "says it waits and how to stop: {line}");
    std::thread::sleep(Duration::from_millis(500));
    assert!(down.child.try_wait().unwrap().is_none(), "down is still waiting");
    assert!(!lab.container("web").is_empty(), "and has touched nothing");
    holder.release();
    assert_eq!(down.exit(Duration::from_secs(30)), Some(0), "down goes on once the holder is gone");
    assert!(lab.leftovers().is_empty(), "and takes the lab down: {:?}", lab.leftovers());
}

#[test]
fn no_wait_refuses_a_busy_lab_with_exit_1_for_every_operation() {
    let Some(lab) = TestLab::new("lock-nowait", WEB) else { return };
    let data = tempfile::tempdir().unwrap();
    let folder = lab_folder(&lab);
    let _holder = Holder::hold(data.path(), &lab.project, "nivel reset", 77, 3);
    let folder = folder.to_str().unwrap();
    for args in [
        vec!["up", folder, "--no-wait"],
        vec!["down", folder, "--no-wait"],
        vec!["restart", folder, "--no-wait"],
        vec!["reset", folder, "--yes", "--no-wait"],
        vec!["compose", "-f", "compose.yaml", "-p", &lab.project, "up", "--no-wait"],
    ] {
        let started = Instant::now();
        let out = nivel_in(data.path()).current_dir(lab.dir.path()).args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?} exits 1 on a busy lab: {err}");
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?} does not wait");
        let expected = format!("error: {} is busy: `nivel reset` (pid 77) since ", lab.project);
        assert!(err.starts_with(&expected), "{args:?} names the holder: {err}");
        assert!(err.contains("fix: wait for it to finish, or leave out `--no-wait` to wait for it"), "{args:?} gives the fix: {err}");
    }
    assert!(lab.leftovers().is_empty(), "nothing was created: {:?}", lab.leftovers());
    let spanish = nivel_in(data.path()).env("NIVEL_LANG", "es").args(["down", folder, "--no-wait"]).output().unwrap();
    let err = String::from_utf8_lossy(&spanish.stderr);
    assert!(err.contains("está ocupado: `nivel reset` (pid 77) desde hace") && err.contains("solución: espere a que termine"), "in Spanish: {err}");
}

#[test]
fn a_built_in_lab_is_locked_under_its_id_for_check_too() {
    let data = tempfile::tempdir().unwrap();
    let _holder = Holder::hold(data.path(), "level-0", "nivel up", 55, 1);
    let out = nivel_in(data.path()).args(["check", "0", "--no-wait"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "check waits for no one with --no-wait: {err}");
    assert!(err.contains("level-0 is busy: `nivel up` (pid 55)"), "the built-in lab's id is its lock's name: {err}");
}

#[test]
fn ctrl_c_while_waiting_stops_only_the_waiting() {
    let Some(lab) = TestLab::new("lock-ctrlc", WEB) else { return };
    lab.up().0.expect("the lab comes up");
    let web = lab.container("web");
    let data = tempfile::tempdir().unwrap();
    let holder = Holder::hold(data.path(), &lab.project, "nivel up", 4242, 0);
    let folder = lab_folder(&lab);
    let mut down = Running::spawn({
        let mut cmd = nivel_in(data.path());
        cmd.arg("down").arg(&folder);
        cmd
    });
    down.line_with("is busy", Duration::from_secs(10));
    let sent = Command::new("kill").args(["-INT", &down.child.id().to_string()]).status().unwrap();
    assert!(sent.success(), "SIGINT is sent");
    assert_eq!(down.exit(Duration::from_secs(5)), None, "Ctrl-C ends the waiting command at once");
    assert_eq!(lab.container("web"), web, "the lab is untouched");
    assert_eq!(lab.inspect(&web, "{{.State.Status}}"), "running", "and still running");
    assert!(!Command::new("flock").arg("-n").arg(lock_file(data.path(), &lab.project)).arg("true").status().unwrap().success(), "the holder still holds the lab");
    holder.release();
    let started = Instant::now();
    let out = nivel_in(data.path()).arg("down").arg(&folder).args(["-t", "1", "--no-wait"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "the lab is free for the next operation: {}", String::from_utf8_lossy(&out.stderr));
    assert!(started.elapsed() < Duration::from_secs(20), "without waiting for anyone");
}

#[test]
fn a_lock_file_that_is_a_link_or_a_fifo_never_stops_an_operation() {
    let Some(lab) = TestLab::new("lock-odd", WEB) else { return };
    let data = tempfile::tempdir().unwrap();
    let folder = lab_folder(&lab);
    let path = lock_file(data.path(), &lab.project);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let precious = data.path().join("thesis.txt");
    std::fs::write(&precious, "a student's work").unwrap();
    std::os::unix::fs::symlink(&precious, &path).unwrap();
    let out = nivel_in(data.path()).arg("down").arg(&folder).arg("--no-wait").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "a link at the lock path: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&precious).unwrap(), "a student's work", "what the link pointed to is untouched");
    std::fs::remove_file(&path).unwrap();
    assert!(Command::new("mkfifo").arg(&path).status().unwrap().success(), "a FIFO at the lock path");
    let mut down = Running::spawn({
        let mut cmd = nivel_in(data.path());
        cmd.arg("down").arg(&folder).arg("--no-wait");
        cmd
    });
    assert_eq!(down.exit(Duration::from_secs(20)), Some(0), "a FIFO at the lock path neither hangs nor fails");
}

/// A tmpfs mounted read-only over a folder (root), or the folder made read-only (others).
struct ReadOnly(PathBuf, bool);

impl ReadOnly {
    fn make(dir: &Path) -> ReadOnly {
        let root = Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false);
        if root {
            let ok = Command::new("mount").args(["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs"]).arg(dir).status().unwrap().success();
            assert!(ok, "a read-only tmpfs is mounted over {}", dir.display());
        } else {
            std::fs::set_permissions(dir, std::os::unix::fs::PermissionsExt::from_mode(0o555)).unwrap();
        }
        ReadOnly(dir.to_owned(), root)
    }
}

impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            let _ = Command::new("umount").arg(&self.0).status();
        } else {
            let _ = std::fs::set_permissions(&self.0, std::os::unix::fs::PermissionsExt::from_mode(0o755));
        }
    }
}

#[test]
fn a_read_only_data_folder_lets_the_operation_run_and_says_it_is_unprotected() {
    let Some(lab) = TestLab::new("lock-ro", WEB) else { return };
    let data = tempfile::tempdir().unwrap();
    let folder = lab_folder(&lab);
    let _ro = ReadOnly::make(data.path());
    let out = nivel_in(data.path()).arg("up").arg(&folder).args(["--timeout", "60"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "up works from a read-only data folder: {err}");
    assert!(err.contains(&format!("warning: cannot lock lab {}", lab.project)) && err.contains("fix: make"), "and says the lab is not locked, and why: {err}");
    let out = nivel_in(data.path()).arg("down").arg(&folder).args(["-t", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "so does down: {}", String::from_utf8_lossy(&out.stderr));
    assert!(lab.leftovers().is_empty(), "the lab is gone: {:?}", lab.leftovers());
}

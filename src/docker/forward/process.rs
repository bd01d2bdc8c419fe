//! Starting, finding and stopping a lab's `ssh -N -L …`.

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use super::record::{self, Forward};
use super::{moved, not_forwarded};
use crate::docker::transport::ssh::SshTarget;
use crate::lab::Text;

/// How long a new forward has to open its local ports.
const OPENING: Duration = Duration::from_secs(20);

/// The lab's forward of `wanted` (remote port → address bound there), the recorded one when
/// its ssh still runs with the same ports, else a new one; with what to tell the student.
pub(super) fn ensure(dir: &Path, project: &str, target: &SshTarget, wanted: &BTreeMap<u16, String>) -> (Forward, Vec<Text>) {
    let through = through(target);
    if let Some(old) = record::read(dir, project) {
        let same = old.through == through && old.ports.keys().eq(wanted.keys());
        if same && alive(old.pid) {
            return (old, Vec::new());
        }
        stop(dir, project);
    }
    let mut warnings = Vec::new();
    let mut ports = BTreeMap::new();
    for &remote in wanted.keys() {
        let local = if free(remote) { remote } else { any_free().unwrap_or(remote) };
        if local != remote {
            warnings.push(moved(remote, local));
        }
        ports.insert(remote, local);
    }
    let log = dir.join(format!("{project}.log"));
    let _ = std::fs::create_dir_all(dir);
    let mut options = vec!["-N".to_string(), "-o".into(), "ExitOnForwardFailure=yes".into(), "-o".into(), "ServerAliveInterval=30".into()];
    for (remote, to) in wanted {
        options.extend(["-L".to_string(), format!("127.0.0.1:{}:{to}:{remote}", ports[remote])]);
    }
    let mut command = target.std_command(&options.iter().map(String::as_str).collect::<Vec<_>>());
    command.stdin(Stdio::null()).stdout(Stdio::null());
    command.stderr(std::fs::File::create(&log).map(Stdio::from).unwrap_or_else(|_| Stdio::null()));
    detach(&mut command);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            warnings.push(not_forwarded(&ports.keys().copied().collect::<Vec<_>>(), &format!("ssh could not run: {e}")));
            return (Forward::default(), warnings);
        }
    };
    let forward = Forward { pid: child.id(), through, ports };
    let deadline = Instant::now() + OPENING;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            let why = said.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or("ssh ended").to_string();
            warnings.push(not_forwarded(&forward.ports.keys().copied().collect::<Vec<_>>(), &why));
            return (Forward::default(), warnings);
        }
        if forward.ports.values().all(|&l| TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], l)), Duration::from_millis(200)).is_ok()) {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            warnings.push(not_forwarded(&forward.ports.keys().copied().collect::<Vec<_>>(), "ssh did not open them within 20 s"));
            return (Forward::default(), warnings);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    record::write(dir, project, &forward);
    (forward, warnings)
}

/// Stops the recorded forward of `project` and forgets it.
pub(super) fn stop(dir: &Path, project: &str) {
    if let Some(old) = record::read(dir, project) {
        if alive(old.pid) {
            kill(old.pid);
        }
    }
    record::remove(dir, project);
}

fn through(target: &SshTarget) -> String {
    match target.port {
        Some(port) => format!("{}:{port}", target.destination),
        None => target.destination.clone(),
    }
}

fn free(port: u16) -> bool {
    TcpListener::bind(("127.0.0.1", port)).is_ok()
}

fn any_free() -> Option<u16> {
    Some(TcpListener::bind(("127.0.0.1", 0)).ok()?.local_addr().ok()?.port())
}

/// Whether `pid` is an ssh that still runs (a pid reused by another program is not ours).
#[cfg(target_os = "linux")]
fn alive(pid: u32) -> bool {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // `pid (comm) state …`: a zombie is an ended ssh.
    let Some((head, rest)) = stat.rsplit_once(')') else { return false };
    head.contains("(ssh") && !rest.trim_start().starts_with('Z')
}

#[cfg(all(unix, not(target_os = "linux")))]
fn alive(pid: u32) -> bool {
    rustix::process::Pid::from_raw(pid as i32).is_some_and(|p| rustix::process::test_kill_process(p).is_ok())
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    false
}

#[cfg(unix)]
fn kill(pid: u32) {
    if let Some(p) = rustix::process::Pid::from_raw(pid as i32) {
        let _ = rustix::process::kill_process(p, rustix::process::Signal::TERM);
    }
}

#[cfg(not(unix))]
fn kill(pid: u32) {
    let _ = std::process::Command::new("taskkill").args(["/PID", &pid.to_string(), "/F"]).status();
}

/// The ssh outlives the command that started it, and a Ctrl-C at the terminal does not end it.
#[cfg(unix)]
fn detach(command: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    command.process_group(0);
}

#[cfg(not(unix))]
fn detach(_command: &mut std::process::Command) {}

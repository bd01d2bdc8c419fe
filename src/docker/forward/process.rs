//! Starting, finding and stopping a lab's `ssh -N -L …`.

use std::collections::BTreeMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::record::{self, Failure, Forward};
use super::{moved, not_forwarded};
use crate::docker::transport::ssh::SshTarget;
use crate::lab::lock::forward_lock;
use crate::lab::Text;

/// How long a new forward has to open its local ports.
const OPENING: Duration = Duration::from_secs(20);

/// How long a failed ssh is not tried again by a look at the labs: each try may take
/// [`OPENING`], and `status` or the app's screens would wait that long every time.
const QUIET: Duration = Duration::from_secs(60);

/// The lab's forward of `wanted` (remote port → address bound there), the recorded one when
/// its ssh still runs with the same ports, else a new one; with what to tell the student. An
/// ssh that failed less than [`QUIET`] before `now` is not tried again: its failure is told.
/// Nothing `wanted` stops the lab's forward. Holds the lab's forward lock in `data_dir`
/// throughout, so two commands at once never start two.
pub(super) fn ensure(data_dir: &Path, project: &str, target: &SshTarget, wanted: &BTreeMap<u16, String>, now: SystemTime) -> (Forward, Vec<Text>) {
    let _lock = forward_lock(data_dir, project);
    let dir = data_dir.join("forwards");
    if wanted.is_empty() {
        end(&dir, project);
        return (Forward::default(), Vec::new());
    }
    let through = through(target);
    if let Some(old) = record::read(&dir, project) {
        let same = old.through == through && old.ports.keys().eq(wanted.keys());
        if same && alive(old.pid) {
            return (old, Vec::new());
        }
        end(&dir, project);
    }
    let ports: Vec<u16> = wanted.keys().copied().collect();
    let at = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    if let Some(failed) = record::read_failure(&dir, project) {
        let recent = at.saturating_sub(failed.at) < QUIET.as_secs();
        if recent && failed.through == through && failed.ports == ports {
            return (Forward::default(), vec![not_forwarded(&ports, &failed.why)]);
        }
    }
    match start(&dir, project, target, wanted) {
        Ok((started, warnings)) => {
            let forward = Forward { through, ..started };
            record::write(&dir, project, &forward);
            record::remove_failure(&dir, project);
            (forward, warnings)
        }
        Err(why) => {
            record::write_failure(&dir, project, &Failure { through, ports: ports.clone(), at, why: why.clone() });
            (Forward::default(), vec![not_forwarded(&ports, &why)])
        }
    }
}

/// Starts an ssh forwarding `wanted` to free local ports (the same number when free here) and
/// waits until they open: the forward without its `through`, and the ports that moved; or why
/// ssh failed.
fn start(dir: &Path, project: &str, target: &SshTarget, wanted: &BTreeMap<u16, String>) -> Result<(Forward, Vec<Text>), String> {
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
    let mut child = command.spawn().map_err(|e| format!("ssh could not run: {e}"))?;
    let forward = Forward { pid: child.id(), through: String::new(), ports };
    let deadline = Instant::now() + OPENING;
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            let said = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(said.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or("ssh ended").to_string());
        }
        if forward.ports.values().all(|&l| TcpStream::connect_timeout(&SocketAddr::from(([127, 0, 0, 1], l)), Duration::from_millis(200)).is_ok()) {
            return Ok((forward, warnings));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("ssh did not open them within 20 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Stops the recorded forward of `project` and forgets it, under its lock.
pub(super) fn stop(data_dir: &Path, project: &str) {
    let _lock = forward_lock(data_dir, project);
    end(&data_dir.join("forwards"), project);
}

/// Forgets the last failure of `project`'s forward: the next command tries ssh again.
pub(super) fn try_again(data_dir: &Path, project: &str) {
    let _lock = forward_lock(data_dir, project);
    record::remove_failure(&data_dir.join("forwards"), project);
}

/// Ends the recorded ssh of `project`, if it still runs, and forgets the forward.
fn end(dir: &Path, project: &str) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A real ssh to a loopback port where nothing listens: refused at once.
    #[test]
    fn a_failed_ssh_is_told_again_for_a_minute_without_running_ssh_then_tried_again() {
        let data = tempfile::tempdir().unwrap();
        let dead = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let target = SshTarget { destination: "nobody@127.0.0.1".into(), port: Some(dead) };
        let wanted = BTreeMap::from([(8080, "127.0.0.1".to_string())]);
        let log = data.path().join("forwards/web.log");
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);

        let (forward, notes) = ensure(data.path(), "web", &target, &wanted, t0);
        assert_eq!(forward, Forward::default(), "nothing forwarded");
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].en.starts_with("could not forward the remote engine's ports 8080 over ssh: ssh: connect to host 127.0.0.1 port") && notes[0].en.contains("Connection refused"), "ssh's words: {}", notes[0].en);
        let failed = record::read_failure(&data.path().join("forwards"), "web").expect("the failure is recorded");
        assert_eq!((failed.ports, failed.at), (vec![8080], 1_800_000_000), "with its time");

        std::fs::remove_file(&log).unwrap();
        let (_, again) = ensure(data.path(), "web", &target, &wanted, t0 + Duration::from_secs(59));
        assert_eq!(again, notes, "the same failure, told again");
        assert!(!log.exists(), "without running ssh again");

        let other = BTreeMap::from([(9090, "127.0.0.1".to_string())]);
        let (_, notes) = ensure(data.path(), "web", &target, &other, t0 + Duration::from_secs(1));
        assert!(log.exists() && notes[0].en.contains("ports 9090"), "other ports are tried: {notes:?}");

        std::fs::remove_file(&log).unwrap();
        ensure(data.path(), "web", &target, &other, t0 + Duration::from_secs(61));
        assert!(log.exists(), "a minute later ssh is tried again");

        std::fs::remove_file(&log).unwrap();
        try_again(data.path(), "web");
        ensure(data.path(), "web", &target, &other, t0 + Duration::from_secs(62));
        assert!(log.exists(), "an action tries at once");

        ensure(data.path(), "web", &target, &BTreeMap::new(), t0 + Duration::from_secs(63));
        assert!(!record::exists(&data.path().join("forwards"), "web"), "a lab with nothing to forward forgets its failure");
    }
}

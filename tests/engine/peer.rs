//! Engines that misbehave, for the transport's bounds: a real unix socket in a temporary
//! folder (`DOCKER_HOST=unix://…`) served by a thread that speaks HTTP/1.1 like dockerd for the
//! handshake and answers one chosen endpoint badly (never, endlessly, with a huge line or
//! frame, or by closing half-way). The real `nivel` binary runs against it, its exit code,
//! message, peak memory and wall time measured.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::net::UnixListener;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::nivel;

/// How the peer answers a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A JSON document, like dockerd.
    Json(String),
    /// Accepts the request and never answers.
    Silent,
    /// `200`, chunked, `first`, then `then` forever.
    Endless { first: Vec<u8>, then: Vec<u8> },
    /// `200`, chunked, `piece` once, then the connection closes without the last chunk.
    CutAfter(Vec<u8>),
}

type Route = Arc<dyn Fn(&str, &str) -> Reply + Send + Sync>;

/// A misbehaving engine listening until dropped.
pub struct Peer {
    _dir: tempfile::TempDir,
    pub url: String,
    /// Every request seen, as `METHOD path`.
    pub seen: Arc<Mutex<Vec<String>>>,
}

impl Peer {
    /// The handshake (`/_ping`, `/version`) and `/info` are answered as dockerd does; every
    /// other request goes to `route(method, path)`.
    pub fn start(route: impl Fn(&str, &str) -> Reply + Send + Sync + 'static) -> Peer {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docker.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let seen = accept_all(std::iter::from_fn(move || listener.accept().ok().map(|(s, _)| s)), Arc::new(route));
        Peer { url: format!("unix://{}", path.display()), _dir: dir, seen }
    }

    /// The same on a TCP port of 127.0.0.1 (`DOCKER_HOST=tcp://…`).
    pub fn start_tcp(route: impl Fn(&str, &str) -> Reply + Send + Sync + 'static) -> Peer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("tcp://{}", listener.local_addr().unwrap());
        let seen = accept_all(std::iter::from_fn(move || listener.accept().ok().map(|(s, _)| s)), Arc::new(route));
        Peer { url, _dir: tempfile::tempdir().unwrap(), seen }
    }

    /// An engine that answers nothing at all, not even the handshake.
    pub fn silent() -> Peer {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("docker.sock");
        let listener = UnixListener::bind(&path).unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { break };
                // Reads whatever comes and never writes; ends when the client goes.
                std::thread::spawn(move || while stream.read(&mut [0; 4096]).is_ok_and(|n| n > 0) {});
            }
        });
        Peer { url: format!("unix://{}", path.display()), _dir: dir, seen: Arc::default() }
    }

    /// `nivel ARGS` against this engine, in English, with a fresh data folder.
    pub fn nivel(&self, args: &[&str]) -> Command {
        let mut cmd = nivel();
        cmd.env("DOCKER_HOST", &self.url).env_remove("DOCKER_CONTEXT").env("NIVEL_LANG", "en").args(args);
        cmd
    }
}

/// Serves each connection on a thread of its own; returns the log of requests seen.
fn accept_all<S: Read + Write + Send + 'static>(connections: impl Iterator<Item = S> + Send + 'static, route: Route) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in connections {
            let (seen, route) = (Arc::clone(&log), Arc::clone(&route));
            std::thread::spawn(move || serve(stream, &seen, &route));
        }
    });
    seen
}

fn serve(mut stream: impl Read + Write, seen: &Mutex<Vec<String>>, route: &Route) {
    let Some((method, path)) = read_head(&mut stream) else { return };
    seen.lock().unwrap().push(format!("{method} {path}"));
    let bare = path.split('?').next().unwrap_or("");
    let bare = bare.strip_prefix("/v1.41").unwrap_or(bare);
    let reply = match bare {
        "/_ping" => Reply::Json("OK".into()),
        "/version" => Reply::Json(r#"{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}"#.into()),
        "/info" => Reply::Json("{}".into()),
        _ => route(&method, bare),
    };
    let chunked = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\nTransfer-Encoding: chunked\r\n\r\n";
    match reply {
        Reply::Json(body) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.41\r\nContent-Length: {}\r\n\r\n", body.len());
            let _ = stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes()));
            // The client closes when it has read the answer.
            let _ = stream.read(&mut [0; 64]);
        }
        Reply::Silent => while stream.read(&mut [0; 4096]).is_ok_and(|n| n > 0) {},
        Reply::Endless { first, then } => {
            let chunk = |piece: Vec<u8>| [format!("{:x}\r\n", piece.len()).into_bytes(), piece, b"\r\n".to_vec()].concat();
            let (first, then) = (chunk(first), chunk(then));
            // Until the client gives up and closes.
            if stream.write_all(chunked.as_bytes()).and_then(|()| stream.write_all(&first)).is_ok() {
                while stream.write_all(&then).is_ok() {}
            }
        }
        Reply::CutAfter(piece) => {
            let chunk = [format!("{:x}\r\n", piece.len()).into_bytes(), piece, b"\r\n".to_vec()].concat();
            let _ = stream.write_all(chunked.as_bytes()).and_then(|()| stream.write_all(&chunk));
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// The request line's method and target; the rest of the head is skipped (requests here
/// carry no body that matters).
fn read_head(stream: &mut impl Read) -> Option<(String, String)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 || head.len() > 65_536 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut words = text.split_whitespace();
    Some((words.next()?.to_string(), words.next()?.to_string()))
}

/// How a run of `nivel` went.
pub struct Run {
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    /// The highest VmHWM seen while it ran, in MiB.
    pub peak_mib: u64,
    pub took: Duration,
}

/// Runs `cmd`, sampling its peak memory, and kills it after `limit` (then `status` is `None`).
pub fn measure(mut cmd: Command, limit: Duration) -> Run {
    let started = Instant::now();
    let mut child = cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("nivel starts");
    let pipe = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            let _ = r.read_to_end(&mut text);
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = pipe(Box::new(child.stdout.take().unwrap()));
    let err = pipe(Box::new(child.stderr.take().unwrap()));
    let mut peak_kib = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if let Some(kib) = vm_hwm_kib(child.id()) {
            peak_kib = peak_kib.max(kib);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = started.elapsed();
    Run { status, stdout: out.join().unwrap(), stderr: err.join().unwrap(), peak_mib: peak_kib / 1024, took }
}

fn vm_hwm_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The hang guard every run here gets: generous, not a speed goal.
pub const HANG_GUARD: Duration = Duration::from_secs(15);
/// The memory every run here must stay under, whatever the engine sends.
pub const MEMORY_BOUND_MIB: u64 = 100;

impl Run {
    /// Exited (not killed by the guard) with `code`, within the guard and the memory bound.
    pub fn assert_bounded(&self, code: i32, what: &str) {
        eprintln!("{what}: exit {:?}, peak {} MiB, {:?}", self.status.and_then(|s| s.code()), self.peak_mib, self.took);
        assert!(self.status.is_some(), "{what}: still running after {:?} (hung); stderr: {}", HANG_GUARD, self.stderr);
        assert_eq!(self.status.and_then(|s| s.code()), Some(code), "{what}: exit code; stdout: {}\nstderr: {}", self.stdout, self.stderr);
        assert!(self.peak_mib < MEMORY_BOUND_MIB, "{what}: peaked at {} MiB (bound {MEMORY_BOUND_MIB} MiB)", self.peak_mib);
        assert!(self.took < HANG_GUARD, "{what}: took {:?}", self.took);
    }
}

/// Jargon of the client libraries that must never reach a user.
pub fn assert_no_jargon(text: &str, what: &str) {
    for word in ["hyper", "bollard", "legacy client", "client error", "error trying to connect", "Connect)", "IncompleteMessage"] {
        assert!(!text.contains(word), "{what}: `{word}` leaked into the message: {text}");
    }
}

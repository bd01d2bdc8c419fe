//! `logs` against the real engine: prefixes and order, `--tail`, a large log streamed with
//! bounded memory, and following containers started after the stream began.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use nivel::docker::logs::{stream_logs, LogOptions};
use nivel::events::{Collect, Event, LogStream};

use super::status::{docker, Project};
use crate::common::engine::engine;
use crate::common::{nivel, stdout};

/// `nivel logs` running in the background, killed when dropped; its stdout as a channel of
/// lines so a test can wait for one with a deadline.
struct Follower {
    child: Child,
    lines: Receiver<String>,
}

impl Follower {
    fn start(args: &[&str]) -> Follower {
        let mut child = nivel().args(args).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("nivel logs starts");
        let out = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Follower { child, lines }
    }

    /// The next line, or `None` after `wait` without one.
    fn next(&self, wait: Duration) -> Option<String> {
        self.lines.recv_timeout(wait).ok()
    }

    /// Reads lines until one equals `want`; panics with what it saw after 30 seconds.
    fn wait_for(&self, want: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next(left) {
                Some(line) if line == want => return,
                Some(line) => seen.push(line),
                None => break,
            }
        }
        panic!("never saw {want:?}; saw {seen:?}");
    }

    /// The peak resident memory of the process so far, in KiB (Linux).
    fn peak_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).expect("the process is alive");
        let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc status");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number of KiB")
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Two services that each print fifty numbered lines (web also one on stderr) and exit.
fn two_services(purpose: &str) -> Project {
    let p = Project::new(purpose);
    let web = p.run("web", &[], "i=1; while [ $i -le 50 ]; do echo web line $i; i=$((i+1)); done; echo web oops >&2");
    let api = p.run("api", &[], "i=1; while [ $i -le 50 ]; do echo api line $i; i=$((i+1)); done");
    docker(&["wait", &web]);
    docker(&["wait", &api]);
    p
}

#[test]
fn lines_from_two_services_arrive_prefixed_and_in_order() {
    if engine().is_none() {
        return;
    }
    let p = two_services("logs-order");
    let out = nivel().args(["logs", &p.name, "--no-color"]).output().unwrap();
    assert!(out.status.success(), "nivel logs succeeds: {}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "--no-color (and a pipe) means no escape codes");
    for service in ["web", "api"] {
        let prefix = format!("{service}-1  | ");
        let lines: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix(&prefix)).filter(|l| l.contains(" line ")).collect();
        let want: Vec<String> = (1..=50).map(|i| format!("{service} line {i}")).collect();
        assert_eq!(lines, want, "all of {service}'s lines, prefixed `{prefix}`, in order");
    }
    assert!(text.lines().any(|l| l == "web-1  | web oops"), "stderr lines too:\n{text}");
    assert_eq!(text.lines().count(), 101, "nothing else printed:\n{text}");

    let only = nivel().args(["logs", &p.name, "api", "--no-color"]).output().unwrap();
    assert!(stdout(&only).lines().all(|l| l.starts_with("api-1  | ")), "a named service alone:\n{}", stdout(&only));
}

#[test]
fn the_library_tags_each_line_with_service_and_stream() {
    let Some(engine) = engine() else { return };
    let p = two_services("logs-lib");
    let sink = Collect::default();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(stream_logs(&engine, &p.name, &["web".to_string()], LogOptions::default(), &sink)).expect("the stream ends");
    let events = sink.take();
    assert_eq!(events.len(), 51, "web's fifty lines and its stderr line, nothing of api");
    let oops = events.iter().find(|e| matches!(e, Event::LogLine { line, .. } if line == "web oops")).expect("the stderr line");
    let Event::LogLine { service, container, stream, .. } = oops else { unreachable!() };
    assert_eq!((service.as_str(), stream), ("web", &LogStream::Stderr), "tagged with its service and stream");
    assert_eq!(container, &format!("{}-web-1", p.name), "and its container");
}

#[test]
fn tail_gives_the_last_lines() {
    if engine().is_none() {
        return;
    }
    let p = two_services("logs-tail");
    let out = nivel().args(["logs", &p.name, "api", "--tail", "2", "--no-color"]).output().unwrap();
    assert!(out.status.success(), "nivel logs --tail succeeds: {}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(stdout(&out), "api-1  | api line 49\napi-1  | api line 50\n", "the last two lines only");
    let stamped = nivel().args(["logs", &p.name, "api", "--tail", "1", "--timestamps", "--no-color"]).output().unwrap();
    let line = stdout(&stamped);
    let rest = line.strip_prefix("api-1  | ").expect("prefixed");
    assert!(rest.starts_with("20") && rest.contains('T') && rest.trim_end().ends_with("Z api line 50"), "an RFC 3339 timestamp first: {line}");
}

#[test]
fn a_large_log_streams_without_holding_it_in_memory() {
    if engine().is_none() {
        return;
    }
    // What `nivel logs -f` holds for a one-line log (its runtime, its engine connection), so the
    // figure below is what the 40 MB add, not what the binary costs to start.
    let small = Project::new("logs-small");
    small.run("one", &[], "echo done; exec sleep 600");
    let quiet = Follower::start(&["logs", &small.name, "-f", "--no-color"]);
    assert_eq!(quiet.next(Duration::from_secs(60)).as_deref(), Some("one-1  | done"), "the one line arrives");
    let base_mib = quiet.peak_kib() / 1024;
    drop(quiet);
    let p = Project::new("logs-big");
    // 200,000 numbered lines of 200 bytes: 40 MB of output, then the container stays up.
    let script = "busybox awk 'BEGIN { pad = sprintf(\"%193s\", \"\"); gsub(/ /, \"x\", pad); for (i = 1; i <= 200000; i++) printf \"%06d %s\\n\", i, pad }'; echo done; exec sleep 600";
    p.run("big", &[], script);
    let f = Follower::start(&["logs", &p.name, "-f", "--no-color"]);
    let mut count = 0u32;
    let deadline = Instant::now() + Duration::from_secs(180);
    loop {
        let left = deadline.checked_duration_since(Instant::now()).expect("200,000 lines within three minutes");
        let line = f.next(left).expect("the stream keeps coming");
        let body = line.strip_prefix("big-1  | ").unwrap_or_else(|| panic!("prefixed: {line:.40}"));
        if body == "done" {
            break;
        }
        count += 1;
        assert_eq!(&body[..6], format!("{count:06}"), "line {count} arrives whole and in order");
        assert_eq!(body.len(), 200, "no line cut or glued to another");
    }
    assert_eq!(count, 200_000, "every line arrived");
    let peak_mib = f.peak_kib() / 1024;
    assert!(peak_mib < base_mib + 16, "nivel logs peaked at {peak_mib} MiB for 40 MB of output ({base_mib} MiB for one line): it must stream, not buffer");
}

/// Checks that `lines` holds `{label} 1` to `{label} {n}` once each, in order.
fn assert_numbered(lines: &[&str], label: &str, n: usize, how: &str) {
    assert_eq!(lines.len(), n, "{how}: {n} {label} lines, each once");
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(*line, format!("{label} {}", i + 1), "{how}: {label} line {} in its place", i + 1);
    }
}

#[test]
fn a_large_log_arrives_whole_and_in_order_on_both_streams() {
    let Some(engine) = engine() else { return };
    let p = Project::new("logs-large");
    // 150,000 numbered lines on each stream, written interleaved.
    let script = "busybox awk 'BEGIN { for (i = 1; i <= 150000; i++) { print \"out \" i; print \"err \" i > \"/dev/stderr\" } }'";
    let id = p.run("big", &[], script);
    docker(&["wait", &id]);
    let n = 150_000;

    let sink = Collect::default();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(stream_logs(&engine, &p.name, &[], LogOptions::default(), &sink)).expect("the stream ends");
    let events = sink.take();
    let of = |want: LogStream| -> Vec<String> {
        events.iter().filter_map(|e| match e {
            Event::LogLine { stream, line, .. } if *stream == want => Some(line.clone()),
            _ => None,
        }).collect()
    };
    let (stdout_lines, stderr_lines) = (of(LogStream::Stdout), of(LogStream::Stderr));
    assert_eq!(events.len(), 2 * n, "every line of both streams, nothing else");
    assert_numbered(&stdout_lines.iter().map(String::as_str).collect::<Vec<_>>(), "out", n, "the library's stdout");
    assert_numbered(&stderr_lines.iter().map(String::as_str).collect::<Vec<_>>(), "err", n, "the library's stderr");

    let out = nivel().args(["logs", &p.name, "--no-color"]).output().unwrap();
    assert!(out.status.success(), "nivel logs succeeds: {}", String::from_utf8_lossy(&out.stderr));
    let text = stdout(&out);
    let bodies: Vec<&str> = text.lines().map(|l| l.strip_prefix("big-1  | ").unwrap_or_else(|| panic!("prefixed: {l:.60}"))).collect();
    assert_eq!(bodies.len(), 2 * n, "nivel logs prints every line once");
    let printed = |label: &str| bodies.iter().copied().filter(|b| b.split(' ').next() == Some(label)).collect::<Vec<_>>();
    assert_numbered(&printed("out"), "out", n, "nivel logs, stdout's lines");
    assert_numbered(&printed("err"), "err", n, "nivel logs, stderr's lines");
}

#[test]
fn follow_picks_up_containers_started_later() {
    if engine().is_none() {
        return;
    }
    let p = Project::new("logs-follow");
    let web = p.run("web", &[], "echo web ready; exec sleep 600");
    let f = Follower::start(&["logs", &p.name, "-f", "--no-color"]);
    f.wait_for("web-1  | web ready");
    p.run("api", &[], "echo api says hello; exec sleep 600");
    f.wait_for("api-1  | api says hello");
    // A recreated service: the old container goes, a new one takes its name.
    docker(&["rm", "-f", &web]);
    p.run("web", &[], "echo web recreated; exec sleep 600");
    f.wait_for("web-1  | web recreated");
}

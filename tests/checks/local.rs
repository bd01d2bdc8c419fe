//! `http` and `tcp` checks against servers run by the test on 127.0.0.1:0, reached through a
//! target whose service publishes them: what the request carries, how much of a body is read,
//! timeouts, and that a port the service does not publish is never connected to.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use nivel::checks::runner::{Published, TargetService};
use nivel::checks::{BasicAuth, Check, CheckKind, JsonExpect, JsonTest, LabTarget, TcpCheck};
use regex::Regex;

use super::http::get;
use super::{run, run_one};
use crate::common::engine::engine;

/// A one-request-at-a-time HTTP server: answers every request with `response`, sends each
/// request's text on the channel and counts connections.
pub struct Server {
    pub addr: SocketAddr,
    pub requests: mpsc::Receiver<String>,
    pub connections: Arc<AtomicUsize>,
}

pub fn serve(response: Vec<u8>, answer: bool) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, requests) = mpsc::channel();
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            count.fetch_add(1, Ordering::SeqCst);
            let request = read_request(&mut stream);
            let _ = tx.send(request);
            if answer {
                let _ = stream.write_all(&response);
            } else {
                std::thread::sleep(Duration::from_secs(30));
            }
        }
    });
    Server { addr, requests, connections }
}

/// Headers, then as many body bytes as Content-Length says.
fn read_request(stream: &mut std::net::TcpStream) -> String {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = stream.read(&mut buf) {
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&data).into_owned()
}

fn json_response(body: &str) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
        .into_bytes()
}

/// A target whose service `api` publishes container port 5000 at `addr`, and nothing else.
fn target(addr: SocketAddr) -> Option<LabTarget> {
    let engine = engine()?;
    let api = TargetService { container_id: "none".into(), on: None, ports: BTreeMap::from([(5000, Published::Loopback(addr))]) };
    Some(LabTarget { engine, project: "nivel-test-local".into(), services: BTreeMap::from([("api".to_string(), api)]), notes: Vec::new() })
}

#[test]
fn the_request_carries_method_path_headers_body_and_basic_auth() {
    let server = serve(json_response(r#"{"experiments":[{"name":"Default"},{"name":"iris"}]}"#), true);
    let Some(target) = target(server.addr) else { return };
    let mut c = get("api", 5000, "/api/2.0/mlflow/experiments/search?view=all");
    c.method = "POST".into();
    c.headers = vec![("X-Course".into(), "mlops".into())];
    c.body = Some(r#"{"max_results": 100}"#.into());
    c.basic_auth = Some(BasicAuth::Given { user: "admin".into(), password: "supersecret".into() });
    c.expect_json = Some(JsonExpect { pointer: "/experiments/1/name".into(), test: JsonTest::Matches(Regex::new("^iris$").unwrap()) });
    let o = run_one(&target, CheckKind::Http(c));
    assert!(o.passed, "the second experiment is iris: {o:?}");
    let request = server.requests.recv_timeout(Duration::from_secs(5)).expect("the server saw the request");
    assert!(request.starts_with("POST /api/2.0/mlflow/experiments/search?view=all HTTP/1.1\r\n"), "method and path: {request}");
    let lower = request.to_ascii_lowercase();
    assert!(lower.contains("x-course: mlops\r\n"), "the check's header: {request}");
    assert!(lower.contains("authorization: basic ywrtaw46c3vwzxjzzwnyzxq=\r\n"), "basic auth for admin:supersecret: {request}");
    assert!(lower.contains("content-type: application/json\r\n"), "a JSON body is labelled JSON: {request}");
    assert!(lower.contains(&format!("host: {}\r\n", server.addr)), "the loopback host: {request}");
    assert!(request.ends_with("\r\n\r\n{\"max_results\": 100}"), "the body as written: {request}");
}

#[test]
fn a_huge_body_is_read_only_up_to_the_bound_and_shown_as_an_excerpt() {
    let body = "a".repeat(3 * 1024 * 1024);
    let response = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).into_bytes();
    let server = serve(response, true);
    let Some(target) = target(server.addr) else { return };
    let mut c = get("api", 5000, "/big");
    c.expect_body = Some(Regex::new("^a+$").unwrap());
    let o = run_one(&target, CheckKind::Http(c));
    assert!(o.passed, "the part read matches: {:?}", o.observed.en.len());
    let shown = o.observed.en.trim_start_matches("HTTP 200; body: ");
    assert_eq!(shown.chars().count(), nivel::checks::runner::EXCERPT_CHARS + 1, "500 characters and the cut mark");
    assert!(shown.ends_with('…'), "the cut is marked");
}

#[test]
fn a_server_that_never_answers_fails_at_the_checks_timeout() {
    let server = serve(Vec::new(), false);
    let Some(target) = target(server.addr) else { return };
    let check = Check { kind: CheckKind::Http(get("api", 5000, "/")), timeout: Duration::from_millis(800), message: None };
    let result = run(&target, vec![check]);
    let o = &result.checks[0];
    assert!(!o.passed && !result.passed, "no answer is a failure");
    assert_eq!(o.observed.en, "no result within 0.8s", "says it timed out");
    assert!(o.duration < Duration::from_secs(3), "stopped at the timeout: {:?}", o.duration);
}

#[test]
fn checks_run_concurrently_and_report_in_order() {
    let slow = serve(Vec::new(), false);
    let Some(target) = target(slow.addr) else { return };
    let checks: Vec<Check> = (0..4)
        .map(|_| Check { kind: CheckKind::Http(get("api", 5000, "/")), timeout: Duration::from_millis(700), message: None })
        .chain([Check { kind: CheckKind::Tcp(TcpCheck { service: "api".into(), port: 5000 }), timeout: Duration::from_secs(5), message: None }])
        .collect();
    let result = run(&target, checks);
    assert!(result.duration < Duration::from_millis(2500), "four 0.7 s timeouts at once, not one after another: {:?}", result.duration);
    let kinds: Vec<&str> = result.checks.iter().map(|o| o.kind).collect();
    assert_eq!(kinds, ["http", "http", "http", "http", "tcp"], "outcomes in the lab file's order");
    assert!(result.checks[4].passed, "the port is open: {:?}", result.checks[4]);
}

#[test]
fn a_port_missing_from_the_target_is_never_connected_to() {
    let server = serve(json_response("{}"), true);
    let Some(mut target) = target(server.addr) else { return };
    // The listener is on 127.0.0.1, but the service publishes it as container port 5000 only.
    let o = run_one(&target, CheckKind::Http(get("api", 5001, "/")));
    assert!(!o.passed, "5001 is not published");
    let t = run_one(&target, CheckKind::Tcp(TcpCheck { service: "api".into(), port: 5001 }));
    assert!(!t.passed && t.observed.en.contains("does not publish container port 5001"), "tcp too: {}", t.observed.en);
    // Published on another address only: named, not connected to.
    target.services.get_mut("api").unwrap().ports.insert(5002, Published::Elsewhere("192.0.2.7".into()));
    let e = run_one(&target, CheckKind::Http(get("api", 5002, "/")));
    assert_eq!(e.observed.en, "service `api` publishes port 5002 only on 192.0.2.7, not on 127.0.0.1 or ::1; not connected", "why");
    assert_eq!(server.connections.load(Ordering::SeqCst), 0, "no connection reached the listener");
}

//! Busy host ports found for real: sockets this test process holds, and a port a container
//! publishes through the engine.

use std::net::{TcpListener, UdpSocket};
use std::process::Command;

use nivel::docker::ports::{busy_ports, describe, HostPort};

use crate::common::engine::engine;

fn tcp(ip: &str, port: u16) -> HostPort {
    HostPort { host_ip: ip.into(), port, protocol: "tcp".into() }
}

fn own_name() -> String {
    std::fs::read_to_string("/proc/self/comm").unwrap().trim_end().to_string()
}

/// A port nobody holds right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

#[test]
fn a_port_this_process_listens_on_is_busy_and_names_this_process() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let busy = busy_ports(&[tcp("127.0.0.1", port)]);
    assert_eq!(busy.len(), 1, "the listened port is busy: {busy:?}");
    let holder = busy[0].holder.as_ref().expect("Linux tells who holds a port of our own process");
    assert_eq!(holder.pid, std::process::id(), "the holder is this test process");
    assert_eq!(holder.name, own_name(), "named as /proc/self/comm names it");
    let suggestion = busy[0].suggestion.expect("some port above is free");
    assert!(suggestion > port && suggestion <= port.saturating_add(1000), "the suggestion is above, within the span: {suggestion}");
    assert!(TcpListener::bind(("127.0.0.1", suggestion)).is_ok(), "the suggested port binds");
    let text = describe(&busy).en;
    assert!(text.contains(&format!("port {port} on 127.0.0.1 is taken by {} (pid {})", holder.name, holder.pid)), "the message names it: {text}");
    drop(listener);
}

#[test]
fn a_free_port_is_not_reported() {
    let port = free_port();
    assert_eq!(busy_ports(&[tcp("127.0.0.1", port), tcp("", port)]), vec![], "nothing holds {port}");
}

#[test]
fn every_address_is_busy_when_loopback_is_held() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let busy = busy_ports(&[tcp("0.0.0.0", port)]);
    assert_eq!(busy.len(), 1, "binding every address needs loopback free too: {busy:?}");
    assert_eq!(busy[0].holder.as_ref().map(|h| h.pid), Some(std::process::id()), "the loopback listener is found for a wildcard bind");
}

#[test]
fn a_bound_udp_port_is_busy_and_names_this_process() {
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = socket.local_addr().unwrap().port();
    let busy = busy_ports(&[HostPort { host_ip: "127.0.0.1".into(), port, protocol: "udp".into() }]);
    assert_eq!(busy.len(), 1, "the bound UDP port is busy: {busy:?}");
    assert_eq!(busy[0].holder.as_ref().map(|h| h.pid), Some(std::process::id()), "the UDP table names the holder");
    assert!(describe(&busy).es.contains(&format!("el puerto {port}/udp en 127.0.0.1 está ocupado")), "Spanish, with the protocol");
}

#[test]
fn suggestions_avoid_the_labs_own_ports_and_each_other() {
    let a = TcpListener::bind("127.0.0.1:0").unwrap();
    let b = TcpListener::bind("127.0.0.1:0").unwrap();
    let (pa, pb) = (a.local_addr().unwrap().port(), b.local_addr().unwrap().port());
    let wanted_free = pa.saturating_add(1);
    let busy = busy_ports(&[tcp("127.0.0.1", pa), tcp("127.0.0.1", pb), tcp("127.0.0.1", wanted_free)]);
    let suggestions: Vec<u16> = busy.iter().filter_map(|b| b.suggestion).collect();
    assert!(busy.iter().any(|b| b.wanted.port == pa) && busy.iter().any(|b| b.wanted.port == pb), "both held ports are busy: {busy:?}");
    assert!(!suggestions.contains(&wanted_free), "a port the lab wants is never suggested: {suggestions:?}");
    assert!(!suggestions.contains(&pa) && !suggestions.contains(&pb), "a busy port is never suggested: {suggestions:?}");
    let mut unique = suggestions.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), suggestions.len(), "two busy ports get two different suggestions: {suggestions:?}");
}

/// Removes the test's container even when an assertion fails.
struct RemoveContainer(String);

impl Drop for RemoveContainer {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["rm", "-f", &self.0]).output();
    }
}

#[test]
fn a_port_a_container_publishes_is_held_by_the_engine_proxy() {
    if engine().is_none() {
        return;
    }
    let image = crate::common::images::busybox();
    let port = free_port();
    let name = format!("nivel-test-ports-{}", std::process::id());
    let _guard = RemoveContainer(name.clone());
    let out = Command::new("docker")
        .args(["run", "-d", "--name", &name, "--label", "com.docker.compose.project=nivel-test-ports"])
        .args(["-p", &format!("127.0.0.1:{port}:80"), image, "httpd", "-f", "-p", "80", "-h", "/www"])
        .output()
        .unwrap();
    assert!(out.status.success(), "the container starts: {}", String::from_utf8_lossy(&out.stderr));
    let busy = busy_ports(&[tcp("127.0.0.1", port)]);
    assert_eq!(busy.len(), 1, "a published port is busy: {busy:?}");
    // Other users' processes are unreadable without privileges; the engine runs as root.
    if std::fs::read_dir("/proc/1/fd").is_ok() {
        let holder = busy[0].holder.as_ref().expect("with privileges the holder is known");
        assert!(holder.is_engine_proxy(), "the engine's proxy holds a published port: {holder:?}");
        assert!(describe(&busy).en.contains("another container publishes it"), "the message says a container has it");
    }
}

#[test]
fn ports_this_process_may_not_bind_are_left_to_the_engine() {
    // 192.0.2.1 is a documentation address, on no interface here: binding fails, yet no
    // socket holds the port, so the engine is left to judge it.
    let port = free_port();
    assert_eq!(busy_ports(&[tcp("192.0.2.1", port)]), vec![], "an unbindable but unheld address is not busy");
    assert_eq!(busy_ports(&[HostPort { host_ip: "127.0.0.1".into(), port: 8080, protocol: "sctp".into() }]), vec![], "sctp is not tried");
}

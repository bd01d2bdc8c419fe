//! What one check concluded, before the runner adds its kind, service and timing; and the
//! one way any check finds where a container port is reachable.

use std::net::SocketAddr;

use super::target::{LabTarget, Published};

/// Expected next to observed, and whether they agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub passed: bool,
    pub expected: String,
    pub observed: String,
}

impl Verdict {
    pub fn fail(expected: impl Into<String>, observed: impl Into<String>) -> Verdict {
        Verdict { passed: false, expected: expected.into(), observed: observed.into() }
    }
}

/// The loopback address of `service`'s container `port`, or what to tell the student instead.
/// No address outside the lab's own published ports ever comes out of here.
pub fn published_addr(target: &LabTarget, service: &str, port: u16) -> Result<SocketAddr, String> {
    let Some(s) = target.service(service) else {
        return Err(format!("service `{service}` has no container in lab project {}", target.project));
    };
    match s.ports.get(&port) {
        Some(Published::Loopback(addr)) => Ok(*addr),
        Some(Published::Elsewhere(ip)) => Err(format!(
            "service `{service}` publishes port {port} only on {ip}, not on 127.0.0.1 or ::1; not connected"
        )),
        None => Err(format!(
            "service `{service}` does not publish container port {port}; a check connects only to ports the lab publishes"
        )),
    }
}

/// The container of `service`, or what to tell the student instead.
pub fn container_id<'a>(target: &'a LabTarget, service: &str) -> Result<&'a str, String> {
    target
        .service(service)
        .map(|s| s.container_id.as_str())
        .ok_or_else(|| format!("service `{service}` has no container in lab project {}", target.project))
}

//! `tcp`: a connection to the service's published port opens on the loopback address.

use tokio::net::TcpStream;

use super::target::LabTarget;
use super::verdict::{published_addr, Verdict};
use crate::checks::TcpCheck;

pub async fn run(target: &LabTarget, check: &TcpCheck) -> Verdict {
    let expected = expected(check);
    let addr = match published_addr(target, &check.service, check.port) {
        Ok(addr) => addr,
        Err(why) => return Verdict::fail(expected, why),
    };
    match TcpStream::connect(addr).await {
        Ok(_) => Verdict { passed: true, expected, observed: format!("connected to {addr}") },
        Err(e) => Verdict::fail(expected, format!("connecting to {addr} failed: {e}")),
    }
}

pub fn expected(check: &TcpCheck) -> String {
    format!("a TCP connection to `{}` container port {} opens", check.service, check.port)
}

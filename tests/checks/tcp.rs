//! `tcp` checks: a published port of a running container opens; a closed one does not.

use std::collections::BTreeMap;
use std::net::TcpListener;

use nivel::checks::runner::{Published, TargetService};
use nivel::checks::{CheckKind, LabTarget, TcpCheck};

use super::{run_one, web_lab};

fn tcp(service: &str, port: u16) -> CheckKind {
    CheckKind::Tcp(TcpCheck { service: service.into(), port })
}

#[test]
fn the_published_web_port_opens() {
    let Some((_lab, target)) = web_lab("check-tcp") else { return };
    let o = run_one(&target, tcp("web", 80));
    assert!(o.passed, "httpd listens: {o:?}");
    assert!(o.observed.en.starts_with("connected to 127.0.0.1:"), "the loopback address: {}", o.observed.en);
    let quiet = run_one(&target, tcp("quiet", 80));
    assert!(!quiet.passed, "quiet publishes nothing");
}

#[test]
fn a_closed_port_fails_with_the_connection_error() {
    let Some(engine) = crate::common::engine::engine() else { return };
    let addr = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    // The listener is gone: nothing accepts on addr any more.
    let db = TargetService { container_id: "none".into(), on: None, ports: BTreeMap::from([(5432, Published::Loopback(addr))]) };
    let target = LabTarget { engine, project: "nivel-test-closed".into(), services: BTreeMap::from([("db".to_string(), db)]), notes: Vec::new() };
    let o = run_one(&target, tcp("db", 5432));
    assert!(!o.passed, "nothing listens");
    assert_eq!(o.expected.en, "a TCP connection to `db` container port 5432 opens", "expected in words");
    assert!(o.observed.en.starts_with(&format!("connecting to {addr} failed: ")) && o.observed.en.to_lowercase().contains("refused"), "{}", o.observed.en);
    assert_eq!(o.observed.es, format!("la conexión a {addr} falló: conexión rechazada"), "the refusal in Spanish words");
    assert_eq!(o.expected.es, "una conexión TCP abierta al puerto 5432 del contenedor de `db`", "expected in Spanish");
}

//! A lab on a TLS engine of another machine: the engine's network namespace gets an address of
//! its own besides 127.0.0.1, the engine listens with TLS on every address there, and Nivel (run
//! in that namespace) reaches it at that address. The lab's links name the engine's machine and
//! answer there; a port the lab publishes only on the engine's loopback has no link, and Nivel
//! says why.

use std::process::Command;

use super::tls::{free_port, nivel_with};
use crate::common::certs::certificates;
use crate::common::images::busybox;
use crate::common::private_engine::PrivateEngine;
use crate::common::{stderr, stdout};

/// The engine machine's address: in the namespace, so no other test sees it.
const MACHINE: &str = "10.213.0.1";

const LAB: &str = r#"format = 1
id = "tls-lab"
title = { es = "Laboratorio de prueba", en = "Test lab" }
summary = { es = "Un servidor web.", en = "A web server." }

[[link]]
service = "web"
port = 8080
path = "/index.html"
label = { es = "Sitio", en = "Site" }

[[link]]
service = "web"
port = 8081
label = { es = "Panel", en = "Panel" }
"#;

#[test]
fn a_lab_on_a_tls_engine_of_another_machine_is_linked_there_and_its_loopback_ports_are_said() {
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path(), &["127.0.0.1", MACHINE]);
    let port = free_port();
    let file = |name: &str| certs.path().join(name).display().to_string();
    let Some(engine) = PrivateEngine::start_with("tlslab", |_| {
        let mut args = vec!["--tlsverify".to_string(), "-H".into(), format!("tcp://0.0.0.0:{port}")];
        for (flag, name) in [("--tlscacert", "ca.pem"), ("--tlscert", "server-cert.pem"), ("--tlskey", "server-key.pem")] {
            args.extend([flag.to_string(), file(name)]);
        }
        args
    }) else {
        return;
    };
    // On the namespace's loopback device (this machine's kernel may have no dummy devices); not
    // a loopback address, so Nivel takes it as another machine's.
    let out = engine.in_network(Command::new("ip").args(["addr", "add", &format!("{MACHINE}/32"), "dev", "lo"])).output().unwrap();
    assert!(out.status.success(), "ip addr add: {}", String::from_utf8_lossy(&out.stderr));
    let lab = tempfile::tempdir().unwrap();
    let compose = format!(
        "name: tls-lab\nservices:\n  web:\n    image: {}\n    command: [\"sh\", \"-c\", \"mkdir -p /www && echo hola > /www/index.html && exec httpd -f -p 8080 -h /www\"]\n    ports: [\"8080\", \"127.0.0.1::8081\"]\n",
        busybox()
    );
    std::fs::write(lab.path().join("compose.yaml"), compose).unwrap();
    std::fs::write(lab.path().join("lab.toml"), LAB).unwrap();
    let config = tempfile::tempdir().unwrap();
    let address = format!("tcp://{MACHINE}:{port}");
    let env = [("DOCKER_HOST", address.as_str()), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", certs.path().to_str().unwrap())];
    let dir = lab.path().to_str().unwrap();

    // Published on every address of the engine's machine, as a lab meant for other machines is
    // (Nivel's default is loopback only).
    let up = nivel_with(&engine, config.path(), &env, &["up", dir, "--expose-lan", "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up on the TLS engine: {}{}", stdout(&up), stderr(&up));
    let published = String::from_utf8_lossy(&engine.docker(&["port", "tls-lab-web-1", "8080/tcp"]).stdout).into_owned();
    let remote: u16 = published.lines().find(|l| l.starts_with("0.0.0.0:")).and_then(|l| l.rsplit(':').next()?.parse().ok()).unwrap_or_else(|| panic!("8080 published: {published}"));
    let link = format!("http://{MACHINE}:{remote}/index.html");
    assert!(stdout(&up).lines().any(|l| l.starts_with("Site") && l.ends_with(&link)), "the link names the engine's machine: {}{}", stdout(&up), stderr(&up));
    assert!(!stdout(&up).contains("localhost") && !stdout(&up).contains("127.0.0.1:"), "never this machine's loopback: {}", stdout(&up));
    assert!(!stdout(&up).lines().any(|l| l.starts_with("Panel") && l.contains("http")), "the loopback port has no link: {}", stdout(&up));
    let loopback = String::from_utf8_lossy(&engine.docker(&["port", "tls-lab-web-1", "8081/tcp"]).stdout).trim().rsplit(':').next().unwrap_or_default().to_string();
    assert!(stderr(&up).contains(&format!("warning: lab tls-lab publishes ports {loopback} only on 127.0.0.1 of {MACHINE}")), "and says why: {}", stderr(&up));
    let answer = engine.in_network(Command::new("curl").args(["-sS", "--max-time", "10", &link])).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&answer.stdout), "hola\n", "the link answers there: {}", String::from_utf8_lossy(&answer.stderr));

    let status = nivel_with(&engine, config.path(), &[("NIVEL_LANG", "es")].iter().chain(&env).copied().collect::<Vec<_>>(), &["status", "tls-lab"]);
    assert!(stdout(&status).contains(&format!("http://{MACHINE}:{remote}")), "status too: {}", stdout(&status));
    assert!(stderr(&status).contains(&format!("solo en 127.0.0.1 de {MACHINE}")), "in Spanish: {}", stderr(&status));

    let down = nivel_with(&engine, config.path(), &env, &["down", dir, "-t", "1"]);
    assert_eq!(down.status.code(), Some(0), "down: {}", stderr(&down));
}

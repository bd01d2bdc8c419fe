//! A second real dockerd that speaks only TLS on a loopback port (in a network namespace of
//! the test's, where Nivel runs too), with a CA, a server
//! certificate for 127.0.0.1 and a client certificate this test makes with openssl: Nivel
//! reaches it with `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH` and with a context's stored
//! certificates, and a certificate from another authority is refused in plain words.

use std::path::Path;
use std::process::Output;

use super::contexts::{context_id, write_context};
use crate::common::certs::certificates;
use crate::common::private_engine::PrivateEngine;
use crate::common::{nivel, stderr, stdout};

pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `nivel ARGS` in the engine's network, with the engine variables `env` and nothing of the
/// developer's docker setup.
pub(super) fn nivel_with(engine: &PrivateEngine, config: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = nivel();
    for var in ["DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_TLS_VERIFY", "DOCKER_TLS", "DOCKER_CERT_PATH"] {
        cmd.env_remove(var);
    }
    cmd.env("DOCKER_CONFIG", config).env("NIVEL_DATA_DIR", data.path()).envs(env.iter().copied()).args(args);
    engine.in_network(&cmd).output().unwrap()
}

/// The engine `nivel doctor --json` reached: its address, status and version.
fn doctor_engine(out: &Output) -> (String, String, String) {
    let json: serde_json::Value = serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)));
    let engine = &json["host"]["engine"];
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    (text(&engine["host"]), text(&engine["status"]), text(&engine["info"]["version"]))
}

#[test]
fn a_tls_engine_is_reached_with_the_cli_variables_and_with_a_context_and_a_wrong_ca_is_refused() {
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path(), &["127.0.0.1"]);
    let port = free_port();
    let address = format!("tcp://127.0.0.1:{port}");
    let file = |name: &str| certs.path().join(name).display().to_string();
    let listen = [("--tlscacert", file("ca.pem")), ("--tlscert", file("server-cert.pem")), ("--tlskey", file("server-key.pem"))];
    let Some(engine) = PrivateEngine::start_with("tls", |_| {
        let mut args = vec!["--tlsverify".to_string(), "-H".into(), address.clone()];
        args.extend(listen.iter().flat_map(|(flag, path)| [flag.to_string(), path.clone()]));
        args
    }) else {
        return;
    };
    let version = String::from_utf8_lossy(&engine.docker(&["version", "--format", "{{.Server.Version}}"]).stdout).trim().to_string();
    let config = tempfile::tempdir().unwrap();
    let cert_path = certs.path().to_str().unwrap();

    let tls_env = [("DOCKER_HOST", address.as_str()), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", cert_path)];
    let out = nivel_with(&engine, config.path(), &tls_env, &["doctor", "--json"]);
    assert_eq!(doctor_engine(&out), (address.clone(), "reachable".into(), version.clone()), "DOCKER_TLS_VERIFY: {}", stderr(&out));
    let out = nivel_with(&engine, config.path(), &tls_env, &["labs"]);
    assert!(out.status.success() && !stdout(&out).contains("cannot use"), "labs through TLS: {}{}", stdout(&out), stderr(&out));

    // The same engine as a context with its certificates, as `docker context create --docker
    // host=…,ca=…,cert=…,key=…` stores them.
    write_context(config.path(), "aula-tls", &address);
    let stored = config.path().join("contexts/tls").join(context_id("aula-tls")).join("docker");
    std::fs::create_dir_all(&stored).unwrap();
    for name in ["ca.pem", "cert.pem", "key.pem"] {
        std::fs::copy(certs.path().join(name), stored.join(name)).unwrap();
    }
    let out = nivel_with(&engine, config.path(), &[("DOCKER_CONTEXT", "aula-tls")], &["doctor", "--json"]);
    assert_eq!(doctor_engine(&out), (address.clone(), "reachable".into(), version), "the context's certificates: {}", stderr(&out));

    // Plain HTTP to a TLS port is not the Docker API Nivel can speak.
    let out = nivel_with(&engine, config.path(), &[("DOCKER_HOST", address.as_str())], &["status", "level-0"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("fix: the engine speaks TLS: set DOCKER_TLS_VERIFY=1"), "{}", stderr(&out));

    // A CA the engine's certificate does not come from.
    let other = tempfile::tempdir().unwrap();
    certificates(other.path(), &[]);
    let wrong = [("DOCKER_HOST", address.as_str()), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", other.path().to_str().unwrap())];
    let out = nivel_with(&engine, config.path(), &wrong, &["status", "level-0"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains(&format!("could not open the TLS connection to the Docker engine at {address}: the engine's certificate is not signed by the authority in ca.pem")), "{err}");
    assert!(err.contains("fix: check that ca.pem, cert.pem and key.pem"), "{err}");
    let out = nivel_with(&engine, config.path(), &[("NIVEL_LANG", "es")].iter().chain(&wrong).copied().collect::<Vec<_>>(), &["status", "level-0"]);
    assert!(stderr(&out).contains("el certificado del motor no lo firmó la autoridad de ca.pem"), "{}", stderr(&out));

    // No client certificate: the engine, which verifies its clients, refuses.
    let ca_only = tempfile::tempdir().unwrap();
    std::fs::copy(certs.path().join("ca.pem"), ca_only.path().join("ca.pem")).unwrap();
    let bare = [("DOCKER_HOST", address.as_str()), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", ca_only.path().to_str().unwrap())];
    let out = nivel_with(&engine, config.path(), &bare, &["status", "level-0"]);
    assert!(stderr(&out).contains("the engine refused the connection (received fatal alert: BadCertificate): are cert.pem and key.pem, signed by its authority, missing?"), "{}", stderr(&out));
}

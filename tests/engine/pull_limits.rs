//! Pull limits against real servers the tests start on 127.0.0.1: Docker Hub's figure of pulls
//! left, asked by `nivel doctor` from an HTTPS token service and registry with a certificate
//! from the test's own authority; and a registry that refuses pulls with Docker Hub's 429,
//! which `nivel up` names with what to do.

use std::net::TcpListener;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use super::lab::TestLab;
use crate::common::certs::certificates;
use crate::common::http_server::{Answer, HttpServer};
use crate::common::engine::engine;
use crate::common::{nivel, stderr, stdout};

/// How long doctor may take beyond Docker Hub's bound (4 s) when Docker Hub does not answer.
const SLACK: Duration = Duration::from_secs(3);

/// A token service and registry answering as Docker Hub does, with `remaining` of 100 pulls.
fn hub(certs: &Path, remaining: u32) -> HttpServer {
    HttpServer::tls(certs, move |asked| {
        if asked.path.starts_with("/token") {
            Answer::new(200, r#"{"token":"nivel-test-token"}"#).header("Content-Type", "application/json")
        } else if asked.path.starts_with("/v2/") && asked.authorization.as_deref() == Some("Bearer nivel-test-token") {
            Answer::new(200, "").header("ratelimit-limit", "100;w=21600").header("ratelimit-remaining", &format!("{remaining};w=21600"))
        } else {
            Answer::new(401, "")
        }
    })
}

fn urls(token_port: u16, registry_port: u16) -> String {
    format!(
        "https://127.0.0.1:{token_port}/token?service=registry.docker.io&scope=repository:ratelimitpreview/test:pull,https://127.0.0.1:{registry_port}/v2/ratelimitpreview/test/manifests/latest"
    )
}

/// A lab folder whose one image comes from Docker Hub and is not on the engine.
fn hub_lab() -> tempfile::TempDir {
    let lab = tempfile::tempdir().unwrap();
    let image = format!("docker.io/library/i12-registry-hub-{}:1", std::process::id());
    std::fs::write(lab.path().join("compose.yaml"), format!("services:\n  web:\n    image: {image}\n")).unwrap();
    lab
}

/// `nivel doctor ARGS LAB` asking Docker Hub at `hub_urls`, trusting the test's authority.
fn doctor(lab: &Path, certs: &Path, docker_config: &Path, hub_urls: &str, args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    nivel()
        .arg("doctor")
        .args(args)
        .arg(lab)
        .env("NIVEL_DATA_DIR", data.path())
        .env("NIVEL_DOCKER_HUB_URLS", hub_urls)
        .env("SSL_CERT_FILE", certs.join("ca.pem"))
        .env("DOCKER_CONFIG", docker_config)
        .env_remove("NIVEL_IMAGE_MIRRORS")
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("doctor --json prints JSON ({e}): {}", stderr(out)))
}

/// The lab's reason with `code`, if it has one.
fn reason(doc: &serde_json::Value, code: &str) -> Option<serde_json::Value> {
    doc["labs"][0]["verdict"]["reasons"].as_array().unwrap().iter().find(|r| r["code"] == code).cloned()
}

#[test]
fn doctor_tells_docker_hubs_pulls_left_and_blocks_a_lab_when_too_few_are_left() {
    let Some(_) = engine() else { return };
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path(), &["127.0.0.1"]);
    let lab = hub_lab();
    let anonymous = tempfile::tempdir().unwrap();

    let (token, registry) = (hub(certs.path(), 87), hub(certs.path(), 87));
    let out = doctor(lab.path(), certs.path(), anonymous.path(), &urls(token.port, registry.port), &["--json"]);
    let doc = json(&out);
    let figure = serde_json::json!({"state": "counted", "limit": 100, "remaining": 87, "window_seconds": 21600, "account": null});
    assert_eq!(doc["host"]["docker_hub"], figure, "Docker Hub's figure, for this address: {doc}");
    let left = reason(&doc, "docker_hub.pulls_left").unwrap_or_else(|| panic!("the lab is told the figure: {doc}"));
    assert_eq!(left["severity"], "note", "87 pulls are enough for one image: {left}");
    assert!(left["message"]["en"].as_str().unwrap().contains("87 of 100 anonymous pulls left (resets within 6 h)"), "{left}");
    assert!(left["message"]["es"].as_str().unwrap().contains("quedan 87 de 100 descargas anónimas (se reponen en 6 h como mucho)"), "{left}");
    assert!(token.asked().iter().all(|a| a.authorization.is_none()), "asked anonymously without a login: {:?}", token.asked());

    for (lang, label, figure) in [("en", "pulls", "87 of 100 anonymous pulls left (resets within 6 h)"), ("es", "descargas", "quedan 87 de 100 descargas anónimas")] {
        let data = tempfile::tempdir().unwrap();
        let text = nivel()
            .arg("doctor")
            .arg(lab.path())
            .env("NIVEL_LANG", lang)
            .env("NIVEL_DATA_DIR", data.path())
            .env("NIVEL_DOCKER_HUB_URLS", urls(token.port, registry.port))
            .env("SSL_CERT_FILE", certs.path().join("ca.pem"))
            .env("DOCKER_CONFIG", anonymous.path())
            .output()
            .unwrap();
        let shown = stdout(&text);
        assert!(shown.contains(&format!("Docker Hub\n  {label} ")) && shown.contains(figure), "the figure under its own heading ({lang}):\n{shown}");
    }

    // With a Docker Hub login in the docker config, the figure is the account's.
    let logged_in = tempfile::tempdir().unwrap();
    std::fs::write(logged_in.path().join("config.json"), r#"{"auths": {"https://index.docker.io/v1/": {"auth": "c3R1ZGVudDpzZWNyZXQ="}}}"#).unwrap();
    let doc = json(&doctor(lab.path(), certs.path(), logged_in.path(), &urls(token.port, registry.port), &["--json"]));
    assert_eq!(doc["host"]["docker_hub"]["account"], "student", "counted for the account: {doc}");
    assert!(token.asked().iter().any(|a| a.authorization.as_deref() == Some("Basic c3R1ZGVudDpzZWNyZXQ=")), "the token was asked with the login: {:?}", token.asked());

    let empty = hub(certs.path(), 0);
    let out = doctor(lab.path(), certs.path(), anonymous.path(), &urls(empty.port, empty.port), &["--json"]);
    let doc = json(&out);
    assert_eq!((out.status.code(), doc["labs"][0]["verdict"]["level"].as_str()), (Some(1), Some("not_ready")), "no pull left: {doc}");
    let short = reason(&doc, "docker_hub.pulls_short").unwrap_or_else(|| panic!("because Docker Hub has no pull left: {doc}"));
    assert_eq!(short["severity"], "blocker", "{short}");
    let fix = short["remedy"]["en"].as_str().unwrap();
    assert!(fix.contains("docker login") && fix.contains("--image-mirrors") && fix.contains("nivel images load"), "the three ways out: {fix}");
    assert!(short["remedy"]["es"].as_str().unwrap().contains("nivel images load ARCHIVO"), "in Spanish too: {short}");
}

#[test]
fn doctor_says_it_could_not_ask_docker_hub_within_its_bound() {
    let Some(_) = engine() else { return };
    let certs = tempfile::tempdir().unwrap();
    certificates(certs.path(), &["127.0.0.1"]);
    let lab = hub_lab();
    let anonymous = tempfile::tempdir().unwrap();
    // Connections are taken by the kernel and never answered: the TLS handshake waits forever.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let started = Instant::now();
    let out = doctor(lab.path(), certs.path(), anonymous.path(), &urls(port, port), &["--json"]);
    let took = started.elapsed();
    let doc = json(&out);
    assert_eq!(doc["host"]["docker_hub"]["state"], "could_not_ask", "{doc}");
    assert!(doc["host"]["docker_hub"]["message"].as_str().unwrap().contains("no answer within 4 s"), "{doc}");
    assert!(took < Duration::from_secs(4) + SLACK, "doctor waited {took:?} for a silent Docker Hub");
    let left = reason(&doc, "docker_hub.pulls_left").unwrap_or_else(|| panic!("the lab is told: {doc}"));
    assert!(left["message"]["en"].as_str().unwrap().contains("could not ask how many pulls are left"), "{left}");
    drop(silent);
}

#[test]
fn a_pull_refused_for_the_rate_limit_says_so_and_what_to_do() {
    let limited = HttpServer::plain(|asked| {
        if asked.path == "/v2/" {
            Answer::new(200, "{}").header("Docker-Distribution-API-Version", "registry/2.0")
        } else {
            let body = r#"{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit"}]}"#;
            Answer::new(429, body).header("Content-Type", "application/json")
        }
    });
    let registry = format!("127.0.0.1:{}", limited.port);
    let compose = format!("services:\n  web:\n    image: {registry}/i12-registry/limited:1\n    command: [\"sleep\", \"600\"]\n");
    let Some(lab) = TestLab::new("i12-registry-limited", &compose) else { return };
    let data = tempfile::tempdir().unwrap();
    let up = |lang: &str| {
        nivel()
            .current_dir(lab.dir.path())
            .args(["compose", "-f", "compose.yaml", "-p", &lab.project, "up", "--progress", "plain"])
            .env("NIVEL_DATA_DIR", data.path())
            .env("NIVEL_LANG", lang)
            .env_remove("NIVEL_IMAGE_MIRRORS")
            .output()
            .unwrap()
    };
    let en = up("en");
    assert_eq!(en.status.code(), Some(1), "the lab cannot start: {}", stderr(&en));
    let said = stderr(&en);
    assert!(said.contains(&format!("registry {registry} will not give")) && said.contains("pull rate limit was reached"), "names the rate limit: {said}");
    assert!(said.contains(&format!("docker login {registry}")) && said.contains("--image-mirrors"), "and the fix: {said}");
    assert!(limited.asked().iter().any(|a| a.path.contains("/manifests/")), "the engine asked the registry: {:?}", limited.asked());
    let es = up("es");
    assert_eq!(es.status.code(), Some(1), "{}", stderr(&es));
    assert!(stderr(&es).contains("límite de descargas") && stderr(&es).contains(&format!("inicie sesión (`docker login {registry}`)")), "in Spanish: {}", stderr(&es));
    let _ = nivel().current_dir(lab.dir.path()).args(["compose", "-f", "compose.yaml", "-p", &lab.project, "down", "--timeout", "1"]).env("NIVEL_DATA_DIR", data.path()).output();
}

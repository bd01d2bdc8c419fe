//! A context that is not there is an error, as in the docker CLI: never the local socket.

use std::path::Path;
use std::process::Output;

use sha2::{Digest, Sha256};

use crate::common::{nivel, stderr, stdout};

/// The folder name the docker CLI stores context `name` under: the hex sha256 of the name.
pub fn context_id(name: &str) -> String {
    Sha256::digest(name.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A context `name` for `host` written as `docker context create` writes it.
pub fn write_context(config: &Path, name: &str, host: &str) {
    let meta = config.join("contexts/meta").join(context_id(name));
    std::fs::create_dir_all(&meta).unwrap();
    let json = serde_json::json!({"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": host, "SkipTLSVerify": false}}});
    std::fs::write(meta.join("meta.json"), json.to_string()).unwrap();
}

fn labs(config: &Path, env: &[(&str, &str)], lang: &str) -> Output {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = nivel();
    cmd.env_remove("DOCKER_HOST").env_remove("DOCKER_CONTEXT").env("DOCKER_CONFIG", config).env("NIVEL_DATA_DIR", data.path()).env("NIVEL_LANG", lang);
    cmd.envs(env.iter().copied()).arg("labs").output().unwrap()
}

#[test]
fn an_unknown_docker_context_is_an_input_error_naming_the_contexts_there_are() {
    let config = tempfile::tempdir().unwrap();
    write_context(config.path(), "aula", "tcp://127.0.0.1:9");
    let out = labs(config.path(), &[("DOCKER_CONTEXT", "aual")], "en");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "an input error, as the docker CLI's: {err}");
    assert!(err.contains(r#"the Docker context "aual" (from DOCKER_CONTEXT) does not exist; the contexts there are: default, aula"#), "{err}");
    assert!(err.contains("set DOCKER_CONTEXT to one of those contexts"), "the fix: {err}");
    assert!(!err.contains("docker.sock"), "no word of the local socket: {err}");

    std::fs::write(config.path().join("config.json"), r#"{"currentContext": "gone"}"#).unwrap();
    let out = labs(config.path(), &[], "es");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("el contexto de Docker «gone»") && err.contains("config.json") && err.contains("default, aula"), "{err}");
    assert!(err.contains("docker context use NOMBRE"), "the fix, in Spanish: {err}");
}

#[test]
fn the_default_context_and_an_existing_one_are_used() {
    let config = tempfile::tempdir().unwrap();
    let socket = config.path().join("none.sock");
    write_context(config.path(), "aula", &format!("unix://{}", socket.display()));
    let out = labs(config.path(), &[("DOCKER_CONTEXT", "aula")], "en");
    let said = format!("{}{}", stdout(&out), stderr(&out));
    assert_eq!(out.status.code(), Some(0), "labs lists without an engine: {said}");
    assert!(said.contains(&socket.display().to_string()), "the context's engine is the one asked: {said}");
}

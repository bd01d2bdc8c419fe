//! Finding and connecting to the Docker engine the way the docker CLI does: `DOCKER_HOST`, else
//! the current context of `~/.docker/config.json`, else the platform's default address.

use std::path::{Path, PathBuf};

use bollard::Docker;

use super::default_address;
use super::error::EngineError;
use super::transport;

/// Where the engine is, and how that was decided (for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineHost {
    /// `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`, …
    pub url: String,
    /// `DOCKER_HOST`, `context NAME`, `default socket` or (Windows) `default pipe`.
    pub source: String,
}

/// The engine to use, by the docker CLI's precedence. `env` looks up variables; `config_dir`
/// is `DOCKER_CONFIG` or `~/.docker`.
pub fn resolve_host(env: &dyn Fn(&str) -> Option<String>, config_dir: Option<&Path>) -> EngineHost {
    if let Some(host) = env("DOCKER_HOST").filter(|h| !h.is_empty()) {
        return EngineHost { url: host, source: "DOCKER_HOST".into() };
    }
    let context = env("DOCKER_CONTEXT").filter(|c| !c.is_empty()).or_else(|| config_dir.and_then(current_context));
    if let (Some(name), Some(dir)) = (context, config_dir) {
        if name != "default" {
            if let Some(url) = context_host(dir, &name) {
                return EngineHost { url, source: format!("context {name}") };
            }
        }
    }
    let home = home_dir(env);
    let url = default_address::for_system(std::env::consts::OS, home.as_deref(), &|p| p.exists());
    let source = if url.starts_with("npipe://") { "default pipe" } else { "default socket" };
    EngineHost { url, source: source.into() }
}

/// True when Nivel can reach an engine at `url` (`unix://`, `tcp://`, `http://`, `npipe://`).
pub fn is_supported_endpoint(url: &str) -> bool {
    transport::Endpoint::parse(url).is_some()
}

/// `DOCKER_CONFIG`, else `.docker` in the home folder.
pub fn config_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env("DOCKER_CONFIG").map(PathBuf::from).or_else(|| home_dir(env).map(|h| h.join(".docker")))
}

/// The home folder as the docker CLI finds it: `USERPROFILE` on Windows (where `HOME`, if set
/// at all, is a Unix-like shell's), `HOME` elsewhere.
fn home_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    env(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).filter(|h| !h.is_empty()).map(PathBuf::from)
}

fn current_context(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join("config.json")).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    json.get("currentContext")?.as_str().map(str::to_string)
}

/// Contexts live in `contexts/meta/<sha256 of the name>/meta.json`; rather than hashing we read
/// each one and match its `Name`.
fn context_host(dir: &Path, name: &str) -> Option<String> {
    let entries = std::fs::read_dir(dir.join("contexts").join("meta")).ok()?;
    for entry in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(entry.path().join("meta.json")) else { continue };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        if json.get("Name").and_then(|n| n.as_str()) == Some(name) {
            return json.pointer("/Endpoints/docker/Host").and_then(|h| h.as_str()).map(str::to_string);
        }
    }
    None
}

/// Connects, negotiates the API version (the Debian engine speaks 1.41) and checks that the
/// engine answers; an engine that does not is told within the transport's handshake bound.
pub(crate) async fn connect_docker(host: &EngineHost) -> Result<Docker, EngineError> {
    let docker = transport::docker_for(&host.url).ok_or_else(|| EngineError::Unsupported { host: host.url.clone() })?;
    let docker = docker.negotiate_version().await.map_err(|e| EngineError::from_connect(host, &e))?;
    docker.ping().await.map_err(|e| EngineError::from_connect(host, &e))?;
    Ok(docker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn docker_host_wins() {
        let env = env_of(&[("DOCKER_HOST", "tcp://127.0.0.1:2375"), ("DOCKER_CONTEXT", "x")]);
        let host = resolve_host(&env, None);
        assert_eq!(host.url, "tcp://127.0.0.1:2375", "DOCKER_HOST comes first");
        assert_eq!(host.source, "DOCKER_HOST");
    }

    #[test]
    fn the_current_context_is_read_from_its_meta_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), r#"{"currentContext": "lab"}"#).unwrap();
        let meta = dir.path().join("contexts/meta/0123abcd");
        std::fs::create_dir_all(&meta).unwrap();
        std::fs::write(meta.join("meta.json"), r#"{"Name":"lab","Endpoints":{"docker":{"Host":"unix:///run/lab.sock"}}}"#).unwrap();
        let host = resolve_host(&env_of(&[]), Some(dir.path()));
        assert_eq!(host.url, "unix:///run/lab.sock", "the context's endpoint is used");
        assert_eq!(host.source, "context lab");
    }

    #[test]
    fn without_anything_the_default_socket_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let platform = default_address::for_system(std::env::consts::OS, None, &|_| false);
        let host = resolve_host(&env_of(&[]), Some(dir.path()));
        assert_eq!(host.url, platform, "no config: the platform's address");
        let host = resolve_host(&env_of(&[("DOCKER_CONTEXT", "default")]), Some(dir.path()));
        assert_eq!(host.url, platform, "the `default` context is the platform's address");
    }
}

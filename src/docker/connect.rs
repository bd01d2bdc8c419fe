//! Finding and connecting to the Docker engine the way the docker CLI does: `DOCKER_HOST`, else
//! the current context of `~/.docker/config.json`, else the platform's default address.

use std::path::{Path, PathBuf};

use bollard::Docker;

use super::{contexts, default_address};
use super::error::EngineError;
use super::transport;

/// Where the engine is, and how that was decided (for messages).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EngineHost {
    /// `unix:///var/run/docker.sock`, `tcp://127.0.0.1:2375`, `ssh://ana@vm`, …
    pub url: String,
    /// `DOCKER_HOST`, `context NAME`, `default socket` or (Windows) `default pipe`.
    pub source: String,
    /// The certificates of an engine that speaks TLS (`DOCKER_TLS_VERIFY`, or a context's).
    pub tls: Option<TlsFiles>,
    /// A context that was asked for and is not there: connecting says so rather than falling
    /// back to another engine.
    pub missing_context: Option<MissingContext>,
}

impl EngineHost {
    /// The engine at `url`, chosen by `source`, without TLS.
    pub fn new(url: impl Into<String>, source: impl Into<String>) -> EngineHost {
        EngineHost { url: url.into(), source: source.into(), ..EngineHost::default() }
    }
}

/// The files of a TLS engine, as the docker CLI takes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    /// The authority that signed the engine's certificate (`ca.pem`).
    pub ca: Option<PathBuf>,
    /// This client's certificate and key (`cert.pem`, `key.pem`), which the engine asks for.
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
    /// Whether the engine's certificate is checked (`DOCKER_TLS_VERIFY`; a context's
    /// `SkipTLSVerify` turns it off).
    pub verify: bool,
}

/// A context named by `DOCKER_CONTEXT` or the docker config that does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingContext {
    pub name: String,
    /// `DOCKER_CONTEXT` or the config file's path.
    pub named_by: String,
    /// The contexts there are.
    pub known: Vec<String>,
}

/// The engine to use, by the docker CLI's precedence. `env` looks up variables; `config_dir`
/// is `DOCKER_CONFIG` or `~/.docker`.
pub fn resolve_host(env: &dyn Fn(&str) -> Option<String>, config_dir: Option<&Path>) -> EngineHost {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    if let Some(host) = var("DOCKER_HOST") {
        return EngineHost { tls: tls_from_env(&var, config_dir), ..EngineHost::new(host, "DOCKER_HOST") };
    }
    let named = match var("DOCKER_CONTEXT") {
        Some(name) => Some((name, "DOCKER_CONTEXT".to_string())),
        None => config_dir.and_then(|dir| contexts::current(dir).map(|name| (name, dir.join("config.json").display().to_string()))),
    };
    let Some((name, named_by)) = named.filter(|(name, _)| name != "default") else {
        return default_host(env);
    };
    let source = format!("context {name}");
    match config_dir.and_then(|dir| contexts::find(dir, &name)) {
        Some(found) => EngineHost { tls: found.tls, ..EngineHost::new(found.host, source) },
        None => {
            let known = config_dir.map(contexts::names).unwrap_or_else(|| vec!["default".into()]);
            EngineHost { missing_context: Some(MissingContext { name, named_by, known }), ..EngineHost::new("", source) }
        }
    }
}

/// The system's own engine address, as the docker CLI finds it without a host or context.
fn default_host(env: &dyn Fn(&str) -> Option<String>) -> EngineHost {
    let home = home_dir(env);
    let url = default_address::for_system(std::env::consts::OS, home.as_deref(), &|p| p.exists());
    let source = if url.starts_with("npipe://") { "default pipe" } else { "default socket" };
    EngineHost::new(url, source)
}

/// `DOCKER_TLS_VERIFY` (checked) or `DOCKER_TLS` (not checked), with the files of
/// `DOCKER_CERT_PATH`, else of the docker config folder, as the docker CLI reads them: a client
/// certificate that is not there is not shown; a missing CA is said when connecting.
fn tls_from_env(var: &dyn Fn(&str) -> Option<String>, config_dir: Option<&Path>) -> Option<TlsFiles> {
    let verify = var("DOCKER_TLS_VERIFY").is_some();
    if !verify && var("DOCKER_TLS").is_none() {
        return None;
    }
    let dir = var("DOCKER_CERT_PATH").map(PathBuf::from).or_else(|| config_dir.map(Path::to_path_buf))?;
    let file = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
    Some(TlsFiles { ca: Some(dir.join("ca.pem")).filter(|_| verify), cert: file("cert.pem"), key: file("key.pem"), verify })
}

/// True when Nivel can reach an engine at `url` (`unix://`, `tcp://`, `http://`, `npipe://`,
/// `ssh://`).
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

/// Connects, negotiates the API version (the Debian engine speaks 1.41) and checks that the
/// engine answers; an engine that does not is told within the transport's handshake bound.
pub(crate) async fn connect_docker(host: &EngineHost) -> Result<Docker, EngineError> {
    if let Some(missing) = &host.missing_context {
        return Err(EngineError::UnknownContext(missing.clone()));
    }
    let docker = transport::docker_for(host)?;
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
        crate::docker::contexts::tests::write(dir.path(), "lab", "unix:///run/lab.sock", false, &[]);
        let host = resolve_host(&env_of(&[]), Some(dir.path()));
        assert_eq!(host.url, "unix:///run/lab.sock", "the context's endpoint is used");
        assert_eq!(host.source, "context lab");
        assert_eq!((host.tls, host.missing_context), (None, None));
    }

    #[test]
    fn an_unknown_context_is_kept_as_missing_never_the_local_socket() {
        let dir = tempfile::tempdir().unwrap();
        crate::docker::contexts::tests::write(dir.path(), "aula", "tcp://10.0.0.5:2376", false, &[]);
        let host = resolve_host(&env_of(&[("DOCKER_CONTEXT", "aual")]), Some(dir.path()));
        assert_eq!(host.url, "", "no engine address: {host:?}");
        let missing = host.missing_context.expect("the context is missing");
        assert_eq!((missing.name.as_str(), missing.named_by.as_str()), ("aual", "DOCKER_CONTEXT"));
        assert_eq!(missing.known, ["default", "aula"]);
        std::fs::write(dir.path().join("config.json"), r#"{"currentContext": "gone"}"#).unwrap();
        let missing = resolve_host(&env_of(&[]), Some(dir.path())).missing_context.expect("the config's context is missing");
        assert!(missing.named_by.ends_with("config.json"), "{missing:?}");
    }

    #[test]
    fn docker_tls_verify_takes_the_files_of_docker_cert_path() {
        let env = env_of(&[("DOCKER_HOST", "tcp://vm:2376"), ("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", "/certs")]);
        let tls = resolve_host(&env, None).tls.expect("TLS");
        assert_eq!(tls.ca.as_deref(), Some(Path::new("/certs/ca.pem")));
        assert_eq!(tls.key, None, "no client certificate there");
        assert!(tls.verify);
        assert_eq!(resolve_host(&env_of(&[("DOCKER_HOST", "tcp://vm:2375")]), None).tls, None, "plain TCP without the variables");
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

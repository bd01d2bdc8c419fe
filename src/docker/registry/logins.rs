//! The docker CLI's registry logins, found as it finds them: a credential helper named for the
//! registry in `credHelpers`, else the `auths` entry, else the `credsStore` helper. The
//! `docker_credential` crate does the finding; this file reads the configuration from the
//! folder the context names and hands bollard its credentials.

use std::collections::HashMap;
use std::path::Path;

use bollard::auth::DockerCredentials;
use docker_credential::DockerCredential;

/// The key the docker CLI files Docker Hub's login under.
const DOCKER_HUB_KEY: &str = "https://index.docker.io/v1/";

/// The docker configuration as read for one operation.
#[derive(Debug, Default)]
pub struct Logins {
    /// `config.json`'s text; empty when there is none (every pull is anonymous then).
    config: String,
}

/// The name a registry's login is kept under: Docker Hub's URL for `docker.io`, the host
/// (`127.0.0.1:5000`) for any other.
fn login_key(registry: &str) -> String {
    match registry {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB_KEY.to_string(),
        other => other.to_string(),
    }
}

impl Logins {
    /// `config.json` in `dir`; none (or none readable) is no login at all, as for the docker CLI.
    pub fn read(dir: Option<&Path>) -> Logins {
        let config = dir.and_then(|d| std::fs::read_to_string(d.join("config.json")).ok()).unwrap_or_default();
        Logins { config }
    }

    /// The login for `registry`, if the user has one (a helper that fails counts as none: the
    /// registry's refusal then says what to do).
    pub fn for_registry(&self, registry: &str) -> Option<DockerCredentials> {
        if self.config.trim().is_empty() {
            return None;
        }
        let key = login_key(registry);
        let found = docker_credential::get_credential_from_reader(self.config.as_bytes(), &key).ok()?;
        let mut creds = DockerCredentials { serveraddress: Some(key), ..Default::default() };
        match found {
            DockerCredential::UsernamePassword(user, password) => {
                creds.username = Some(user);
                creds.password = Some(password);
            }
            DockerCredential::IdentityToken(token) => creds.identitytoken = Some(token),
        }
        Some(creds)
    }

    /// Every login the configuration names (in `auths` and `credHelpers`), by key: what a build
    /// sends so its `FROM` lines pull as the user, as `docker build` does.
    pub fn all(&self) -> HashMap<String, DockerCredentials> {
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&self.config) else { return HashMap::new() };
        let keys = ["auths", "credHelpers"].into_iter().filter_map(|section| json.get(section)?.as_object()).flat_map(|m| m.keys().cloned());
        keys.filter_map(|key| {
            let registry = registry_of_key(&key);
            self.for_registry(&registry).map(|c| (key, c))
        })
        .collect()
    }
}

/// The registry a login key names: `https://index.docker.io/v1/` is Docker Hub, a URL its host.
fn registry_of_key(key: &str) -> String {
    let bare = key.trim_start_matches("https://").trim_start_matches("http://");
    let host = bare.split('/').next().unwrap_or(bare);
    match host {
        "index.docker.io" | "registry-1.docker.io" => "docker.io".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logins(json: &str) -> Logins {
        Logins { config: json.to_string() }
    }

    #[test]
    fn an_auths_entry_is_the_registrys_login() {
        // "student:secret" in base64.
        let l = logins(r#"{"auths": {"127.0.0.1:5000": {"auth": "c3R1ZGVudDpzZWNyZXQ="}}}"#);
        let c = l.for_registry("127.0.0.1:5000").expect("a login for the registry");
        assert_eq!((c.username.as_deref(), c.password.as_deref()), (Some("student"), Some("secret")), "user and password decoded");
        assert_eq!(c.serveraddress.as_deref(), Some("127.0.0.1:5000"), "the engine is told the registry");
        assert!(l.for_registry("ghcr.io").is_none(), "another registry stays anonymous");
        assert_eq!(l.all().keys().collect::<Vec<_>>(), ["127.0.0.1:5000"], "a build gets every login");
    }

    #[test]
    fn docker_hub_is_filed_under_its_url() {
        let l = logins(r#"{"auths": {"https://index.docker.io/v1/": {"auth": "c3R1ZGVudDpzZWNyZXQ="}}}"#);
        assert_eq!(l.for_registry("docker.io").and_then(|c| c.username).as_deref(), Some("student"), "docker.io finds the hub's login");
        assert_eq!(registry_of_key(DOCKER_HUB_KEY), "docker.io", "and the key names docker.io");
    }

    #[test]
    fn no_configuration_is_anonymous() {
        assert!(Logins::read(None).for_registry("docker.io").is_none(), "no folder");
        assert!(logins("not json").for_registry("docker.io").is_none(), "an unreadable file is no login");
        assert!(logins("not json").all().is_empty(), "and no login for builds");
    }
}

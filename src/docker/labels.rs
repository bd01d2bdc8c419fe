//! Ownership by label: the Compose labels (so Docker Desktop, Podman Desktop and
//! `docker compose ps` show a lab as one stack) plus Nivel's own. Nivel only ever stops or
//! removes objects that carry them.

use std::collections::HashMap;

pub const PROJECT: &str = "com.docker.compose.project";
pub const SERVICE: &str = "com.docker.compose.service";
pub const CONTAINER_NUMBER: &str = "com.docker.compose.container-number";
pub const ONEOFF: &str = "com.docker.compose.oneoff";
pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
pub const COMPOSE_VERSION: &str = "com.docker.compose.version";
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
pub const NETWORK: &str = "com.docker.compose.network";
pub const VOLUME: &str = "com.docker.compose.volume";
pub const LAB: &str = "io.nivel.lab";
pub const NIVEL_VERSION: &str = "io.nivel.version";
/// On an image Nivel built: the digest of what went into the build (context, Dockerfile,
/// arguments), so a later `up` sees the student changed the code and builds again.
pub const BUILD_DIGEST: &str = "io.nivel.build.digest";

/// The compose version written on objects. Debian's docker-compose 1.29 must list a lab
/// Nivel started, so the value stays within the 1.x line it understands.
pub const COMPOSE_VERSION_VALUE: &str = "1.29.2";

/// Who a lab's objects belong to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Owner {
    /// The compose project name.
    pub project: String,
    /// The lab id (`level-2`), or the project name for plain compose projects.
    pub lab: String,
    pub working_dir: String,
    pub config_files: Vec<String>,
}

impl Owner {
    /// The owner of `loaded` as lab `lab` (a plain compose project passes its own name): the
    /// one place the CLI, the app and the tests build a lab's owner from.
    pub fn of(loaded: &crate::compose::LoadedProject, lab: &str) -> Owner {
        Owner {
            project: loaded.project.name.clone(),
            lab: lab.to_owned(),
            working_dir: loaded.project_dir.display().to_string(),
            config_files: loaded.files.iter().map(|f| f.display().to_string()).collect(),
        }
    }

    /// Labels every object of the lab carries (networks and volumes: these plus their own
    /// name label; never a config hash, which would make compose offer to recreate them).
    pub fn common(&self) -> HashMap<String, String> {
        HashMap::from([
            (PROJECT.into(), self.project.clone()),
            (WORKING_DIR.into(), self.working_dir.clone()),
            (CONFIG_FILES.into(), self.config_files.join(",")),
            (COMPOSE_VERSION.into(), COMPOSE_VERSION_VALUE.into()),
            (LAB.into(), self.lab.clone()),
            (NIVEL_VERSION.into(), env!("CARGO_PKG_VERSION").into()),
        ])
    }

    pub fn network(&self, key: &str) -> HashMap<String, String> {
        let mut l = self.common();
        l.insert(NETWORK.into(), key.into());
        l
    }

    pub fn volume(&self, key: &str) -> HashMap<String, String> {
        let mut l = self.common();
        l.insert(VOLUME.into(), key.into());
        l
    }

    /// A service container's labels; `hash` is the service's configuration hash.
    pub fn container(&self, service: &str, number: u32, hash: &str) -> HashMap<String, String> {
        let mut l = self.common();
        l.insert(SERVICE.into(), service.into());
        l.insert(CONTAINER_NUMBER.into(), number.to_string());
        l.insert(ONEOFF.into(), "False".into());
        l.insert(CONFIG_HASH.into(), hash.into());
        l
    }

    /// The engine filter that selects this lab's objects and nothing else: the compose project
    /// is the identity (a stack started by `docker compose` under the same name is the same
    /// lab, as compose itself would treat it).
    pub fn filter(&self) -> HashMap<String, Vec<String>> {
        HashMap::from([("label".into(), vec![format!("{PROJECT}={}", self.project)])])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owner() -> Owner {
        Owner { project: "level-2".into(), lab: "level-2".into(), working_dir: "/labs/2".into(), config_files: vec!["/labs/2/compose.yaml".into()] }
    }

    #[test]
    fn networks_and_volumes_carry_no_config_hash() {
        let o = owner();
        assert!(!o.network("default").contains_key(CONFIG_HASH), "a hash on a network makes compose offer to wipe it");
        assert!(!o.volume("data").contains_key(CONFIG_HASH), "nor on a volume");
        assert_eq!(o.volume("data").get(VOLUME).map(String::as_str), Some("data"), "the volume's key in the file");
    }

    #[test]
    fn containers_carry_compose_and_nivel_labels() {
        let l = owner().container("web", 1, "abc");
        for key in [PROJECT, SERVICE, CONTAINER_NUMBER, ONEOFF, WORKING_DIR, CONFIG_FILES, COMPOSE_VERSION, CONFIG_HASH, LAB, NIVEL_VERSION] {
            assert!(l.contains_key(key), "container label {key} is set");
        }
    }
}

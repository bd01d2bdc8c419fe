//! A connected engine: the handle every engine operation takes.

use std::path::PathBuf;

use bollard::Docker;

use super::connect::{connect_docker, EngineHost};
use super::error::EngineError;
use super::registry::Registries;

/// A Docker engine that answered, with the API version both sides speak.
#[derive(Clone, Debug)]
pub struct Engine {
    pub(crate) docker: Docker,
    pub host: EngineHost,
    /// The logins and mirrors its pulls and builds use.
    pub(crate) registries: Registries,
    /// The data folder where the ssh forwards of its labs' ports are recorded (an `ssh://`
    /// engine's): the context's, so every command of one context finds the same forwards.
    /// `None` for an engine reached outside a context, whose ports are then not forwarded.
    pub(crate) forwards_in: Option<PathBuf>,
}

/// What the engine says about itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineVersion {
    /// `20.10.24+dfsg1`, `27.3.1`, …
    pub version: String,
    /// The API version in use after negotiation (`1.41`).
    pub api_version: String,
}

impl Engine {
    pub async fn connect(host: EngineHost) -> Result<Engine, EngineError> {
        let docker = connect_docker(&host).await?;
        Ok(Engine { docker, host, registries: Registries::default(), forwards_in: None })
    }

    /// This engine, pulling and building with `registries`' logins and mirrors.
    #[must_use]
    pub fn with_registries(mut self, registries: Registries) -> Engine {
        self.registries = registries;
        self
    }

    /// This engine, keeping its labs' ssh forwards in the data folder `data_dir`.
    #[must_use]
    pub fn with_forwards_in(mut self, data_dir: PathBuf) -> Engine {
        self.forwards_in = Some(data_dir);
        self
    }

    pub async fn version(&self) -> Result<EngineVersion, EngineError> {
        let v = self.docker.version().await?;
        let api = self.docker.client_version();
        Ok(EngineVersion {
            version: v.version.unwrap_or_default(),
            api_version: format!("{}.{}", api.major_version, api.minor_version),
        })
    }
}

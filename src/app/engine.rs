//! The engine as the use cases reach it: connected from the context's endpoint, and its state
//! as a front end shows it (available, which version, or why not).

use serde::Serialize;

use crate::docker::registry::{parse_mirrors, HubUrls, Registries, HUB_URLS_ENV};
use crate::docker::{Engine, EngineError};

use super::context::Context;
use super::error::Failure;

/// Whether the engine answers, as the app's first screen and its change feed report it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct EngineState {
    pub available: bool,
    /// The engine's version (`20.10.24+dfsg1`) when it answers.
    pub version: Option<String>,
    /// Why it cannot be used, when it cannot.
    pub problem: Option<Failure>,
}

impl EngineState {
    /// The state after a failed connection.
    pub fn away(e: &EngineError) -> EngineState {
        EngineState { available: false, version: None, problem: Some(Failure::from_problem(e)) }
    }
}

/// Connects to the context's engine, pulling and building with the user's registry logins
/// and the image map, and keeping an ssh engine's forwards in the context's data folder.
pub async fn connect(ctx: &Context) -> Result<Engine, EngineError> {
    Ok(Engine::connect(ctx.engine_host.clone()).await?.with_registries(registries(ctx)).with_forwards_in(ctx.data_dir.clone()))
}

/// The docker CLI's logins and the image map: the settings' entries, then the environment's,
/// which win over an entry of the same name.
pub(crate) fn registries(ctx: &Context) -> Registries {
    let stored = super::settings::settings_get(ctx).map(|s| s.image_mirrors).unwrap_or_default();
    let given = parse_mirrors(ctx.image_mirrors.as_deref().unwrap_or_default());
    let mirrors = given.map(|given| stored.into_iter().chain(given).collect());
    let docker_hub = match ctx.docker_hub_urls.as_deref() {
        None => Ok(HubUrls::default()),
        Some(text) => HubUrls::parse(text).ok_or_else(|| format!("{HUB_URLS_ENV} is not TOKEN_URL,MANIFEST_URL")),
    };
    Registries { docker_config: ctx.docker_config.clone(), mirrors, docker_hub }
}

/// Connects and asks the engine its version: what the no-engine screen waits for.
pub async fn engine_status(ctx: &Context) -> EngineState {
    match connect(ctx).await {
        Ok(engine) => state_of(&engine).await,
        Err(e) => EngineState::away(&e),
    }
}

/// The state of an engine already connected.
pub(crate) async fn state_of(engine: &Engine) -> EngineState {
    match engine.version().await {
        Ok(v) => EngineState { available: true, version: Some(v.version), problem: None },
        Err(e) => EngineState::away(&e),
    }
}

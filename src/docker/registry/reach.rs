//! Whether the registries a lab's missing images come from answer, asked through the engine
//! (`GET /distribution/NAME/json`): the engine is what will pull, so its network, proxy and
//! insecure registries (127.0.0.0/8 over plain HTTP) are the ones that count.

use std::time::Duration;

use crate::docker::images::{classify, ImageError, ImageRef};
use crate::docker::Engine;

/// How long a registry has to answer before it counts as unreachable.
pub const REACH_TIMEOUT: Duration = Duration::from_secs(8);

/// What a registry said when asked for an image's manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// It answered (with the image, or that it has no such image).
    Answers,
    /// It answered, and wants a login Nivel does not have.
    NeedsLogin,
    /// It answered that too many pulls were asked for.
    RateLimited,
    /// No answer: no network, no such host, nothing listening, or no answer in time.
    Unreachable { message: String },
}

/// The reference `image` is pulled from (through the image map) and its registry.
pub fn source_of(engine: &Engine, image: &str) -> (String, String) {
    let source = engine.registries.source(image);
    let registry = ImageRef::parse(&source).registry;
    (source, registry)
}

/// What the registry of `source` (a reference as [`source_of`] gives it) says when asked for it.
pub async fn reach(engine: &Engine, source: &str) -> Reach {
    let registry = ImageRef::parse(source).registry;
    let (registries, host) = (engine.registries.clone(), registry.clone());
    let login = tokio::task::spawn_blocking(move || registries.logins().for_registry(&host)).await.ok().flatten();
    let asked = tokio::time::timeout(REACH_TIMEOUT, engine.docker.inspect_registry_image(source, login)).await;
    match asked {
        Err(_) => Reach::Unreachable { message: format!("no answer within {} s", REACH_TIMEOUT.as_secs()) },
        Ok(Ok(_)) => Reach::Answers,
        Ok(Err(bollard::errors::Error::DockerResponseServerError { status_code, message })) => {
            match classify(source, &registry, Some(status_code), &message) {
                ImageError::Unreachable { message, .. } => Reach::Unreachable { message },
                ImageError::Denied { .. } => Reach::NeedsLogin,
                ImageError::RateLimited { .. } => Reach::RateLimited,
                _ => Reach::Answers,
            }
        }
        Ok(Err(e)) => Reach::Unreachable { message: e.to_string() },
    }
}

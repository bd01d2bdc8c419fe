//! Pulling through the engine's create-image API, streaming each layer's progress into the
//! operation's tracker, and turning the registry's failures into errors a student can act on.

use std::time::Instant;

use bollard::query_parameters::{CreateImageOptions, TagImageOptions};
use futures_util::StreamExt;

use super::error::ImageError;
use super::progress::LayerUpdate;
use super::reference::ImageRef;
use super::tracker::PullTracker;
use crate::docker::engine::Engine;
use crate::docker::error::EngineError;
use crate::docker::registry;

/// Pulls `image` for `service`, from its mirror when the image map names one (then tagged as
/// `image`, the name the lab runs), with the user's login for the registry it comes from;
/// returns when the engine has it.
pub(crate) async fn pull(
    engine: &Engine,
    service: &str,
    image: &str,
    platform: &str,
    tracker: &PullTracker<'_>,
) -> Result<(), EngineError> {
    let mirrors = engine.registries.mirrors.as_ref().map_err(|e| ImageError::BadMirrors { entry: e.entry.clone() })?;
    let source = registry::rewrite(mirrors, image);
    let reference = ImageRef::parse(source.as_deref().unwrap_or(image));
    let options = CreateImageOptions {
        from_image: Some(reference.repository.clone()),
        tag: Some(reference.tag_or_digest()),
        platform: platform.to_string(),
        ..Default::default()
    };
    let login = engine.registries.login_for(source.as_deref().unwrap_or(image)).await;
    tracker.start(image, service);
    let mut stream = engine.docker.create_image(Some(options), None, login);
    let mut failure = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(info) => {
                let detail = info.progress_detail.unwrap_or_default();
                let update = LayerUpdate {
                    layer: info.id,
                    status: info.status.unwrap_or_default(),
                    current: detail.current.and_then(|c| u64::try_from(c).ok()),
                    total: detail.total.and_then(|t| u64::try_from(t).ok()),
                };
                tracker.update(image, &update, Instant::now());
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    tracker.finish(image, Instant::now());
    let pulled = reference.to_string();
    match failure {
        None if source.is_some() => tag_as(engine, &pulled, image).await,
        None => Ok(()),
        Some(bollard::errors::Error::DockerResponseServerError { status_code, message }) => {
            Err(classify(&pulled, &reference.registry, Some(status_code), &message).into())
        }
        Some(bollard::errors::Error::DockerStreamError { error }) => {
            Err(classify(&pulled, &reference.registry, None, &error).into())
        }
        Some(other) => Err(EngineError::from(other)),
    }
}

/// Names the mirror's image `image`, so the lab's containers find it by the name they give.
async fn tag_as(engine: &Engine, pulled: &str, image: &str) -> Result<(), EngineError> {
    let wanted = ImageRef::parse(image);
    let Some(tag) = wanted.tag.clone().filter(|_| wanted.digest.is_none()) else {
        // A digest cannot be given to an image by tagging: the mirror's name is the only one.
        return Ok(());
    };
    let options = TagImageOptions { repo: Some(wanted.repository.clone()), tag: Some(tag) };
    engine.docker.tag_image(pulled, Some(options)).await.map_err(EngineError::from)
}

/// Whether the engine's words say it could not reach the network (the registry, a package
/// index): no connection, no DNS, a timeout.
pub fn is_network_failure(message: &str) -> bool {
    let text = message.to_lowercase();
    [
        "connection refused",
        "no such host",
        "timeout",
        "network is unreachable",
        "no route to host",
        "connection reset",
        "tls handshake",
        "http response to https client",
        "temporary failure in name resolution",
    ]
    .iter()
    .any(|n| text.contains(n))
}

/// What a registry failure means for the student, from the engine's status and words.
pub fn classify(image: &str, registry: &str, status: Option<u16>, message: &str) -> ImageError {
    let text = message.to_lowercase();
    let has = |needles: &[&str]| needles.iter().any(|n| text.contains(n));
    let (image, registry, message) = (image.to_string(), registry.to_string(), message.trim().to_string());
    if has(&["toomanyrequests", "too many requests", "rate limit"]) || status == Some(429) {
        ImageError::RateLimited { image, registry, message }
    } else if is_network_failure(&text) {
        ImageError::Unreachable { image, registry, message }
    } else if has(&["not found", "manifest unknown", "repository does not exist", "name unknown"]) || status == Some(404) {
        ImageError::NotFound { image, registry, message }
    } else if has(&["unauthorized", "authentication required", "denied", "no basic auth credentials"]) || status == Some(401) {
        ImageError::Denied { image, registry, message }
    } else {
        ImageError::PullFailed { image, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(status: Option<u16>, message: &str) -> &'static str {
        match classify("x:1", "localhost:5000", status, message) {
            ImageError::Unreachable { .. } => "unreachable",
            ImageError::NotFound { .. } => "not found",
            ImageError::Denied { .. } => "denied",
            ImageError::RateLimited { .. } => "rate limited",
            _ => "other",
        }
    }

    #[test]
    fn registry_failures_are_told_apart() {
        assert_eq!(
            kind(Some(404), "manifest for localhost:5000/x:1 not found: manifest unknown: manifest unknown"),
            "not found",
            "a missing tag"
        );
        assert_eq!(
            kind(Some(404), "pull access denied for nope, repository does not exist or may require 'docker login'"),
            "not found",
            "Docker Hub's answer for a missing repository"
        );
        assert_eq!(
            kind(Some(500), r#"Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused"#),
            "unreachable",
            "nothing listens"
        );
        assert_eq!(
            kind(Some(500), "Get https://registry-1.docker.io/v2/: dial tcp: lookup registry-1.docker.io: no such host"),
            "unreachable",
            "no network"
        );
        assert_eq!(kind(Some(500), "unauthorized: authentication required"), "denied", "credentials needed");
        assert_eq!(
            kind(Some(500), r#"Head "http://127.0.0.1:5000/v2/x/manifests/1": no basic auth credentials"#),
            "denied",
            "a registry with HTTP Basic and no login given"
        );
        assert_eq!(
            kind(Some(500), "toomanyrequests: You have reached your pull rate limit. You may increase the limit by authenticating and upgrading"),
            "rate limited",
            "Docker Hub's limit for anonymous pulls"
        );
        assert_eq!(kind(Some(429), "unexpected status"), "rate limited", "the status alone says it");
        assert_eq!(kind(Some(500), "disk quota exceeded"), "other", "anything else keeps the engine's words");
    }

    #[test]
    fn an_unreachable_registry_says_what_to_check() {
        let e = classify("x:1", "localhost:5000", Some(500), "dial tcp: connect: connection refused");
        let fix = crate::app::Problem::remedy(&e);
        let expected = crate::lab::Text::new("no se pueden descargar imágenes: revise su conexión o el registro", "images cannot be downloaded: check your connection or registry");
        assert_eq!(fix, Some(crate::app::Remedy::Advice { text: expected }), "the fix for no network");
        assert!(e.to_string().contains("x:1"), "the message names the image: {e}");
    }
}

//! Images: pulled concurrently with one aggregate progress, or built from a tar of the
//! service's build context, as each service's `pull_policy` and `build:` say.

mod build;
mod context;
mod error;
mod ignore;
mod policy;
mod progress;
mod pull;
mod reference;
mod tracker;

use std::path::Path;

use crate::compose::model::ServiceConfig;
use crate::events::{Event, ServicePhase};

use super::engine::Engine;
use super::error::EngineError;

pub use error::ImageError;
pub use policy::{decide, Action, PullPolicy};
pub use tracker::PullTracker;
#[cfg(feature = "internals")]
pub use {
    context::BuildContext,
    ignore::IgnoreRules,
    progress::{LayerUpdate, PullProgress, EMIT_EVERY},
    pull::classify,
    reference::ImageRef,
};

/// Makes the service's image present (pulling or building it as its `pull_policy` and `build`
/// say) and returns its image id.
pub async fn ensure_image(
    engine: &Engine,
    service: &str,
    svc: &ServiceConfig,
    project_dir: &Path,
    tracker: &PullTracker<'_>,
) -> Result<String, EngineError> {
    let bad_policy = || ImageError::BadPolicy { service: service.to_string(), policy: svc.pull_policy.clone() };
    let policy = PullPolicy::parse(&svc.pull_policy).ok_or_else(bad_policy)?;
    let project = match tracker.project() {
        Some(p) => p.to_string(),
        None => folder_project_name(project_dir),
    };
    let image = image_name(&project, service, svc);
    if image.is_empty() {
        return Err(ImageError::NoImage { service: service.to_string() }.into());
    }
    // Services sharing an image wait for the first one's pull or build instead of repeating it.
    let _held = tracker.lock_image(&image).await;
    let present = inspect_id(engine, &image).await?;
    let action = decide(policy, svc.build.is_some(), present.is_some());
    let phase = |state| Event::ServiceState { service: service.to_string(), state, detail: Some(image.clone()) };
    match (action, &svc.build) {
        (Action::UsePresent, _) => {}
        (Action::Pull, _) => {
            tracker.emit(phase(ServicePhase::Pulling));
            pull::pull(engine, service, &image, &svc.platform, tracker).await?;
        }
        (Action::Build, Some(b)) => {
            tracker.emit(phase(ServicePhase::Building));
            build::build(engine, service, b, &image, &svc.platform, tracker).await?;
        }
        (Action::PullOrBuild, Some(b)) => {
            tracker.emit(phase(ServicePhase::Pulling));
            match pull::pull(engine, service, &image, &svc.platform, tracker).await {
                Ok(()) => {}
                Err(EngineError::Image(_)) => {
                    tracker.emit(phase(ServicePhase::Building));
                    build::build(engine, service, b, &image, &svc.platform, tracker).await?;
                }
                Err(e) => return Err(e),
            }
        }
        (Action::RefuseMissing, _) => {
            return Err(ImageError::NeverPull { service: service.to_string(), image }.into());
        }
        (Action::Build | Action::PullOrBuild | Action::RefuseBuild, _) => return Err(bad_policy().into()),
    }
    let id = match present.filter(|_| action == Action::UsePresent) {
        Some(id) => id,
        None => inspect_id(engine, &image).await?.ok_or_else(|| ImageError::PullFailed {
            image: image.clone(),
            message: "the engine reported success but does not have the image".into(),
        })?,
    };
    tracker.emit(Event::ImageReady { service: service.to_string(), image });
    Ok(id)
}

/// The image a service runs: its `image`, else the name compose v2 gives a built image,
/// `<project>-<service>`.
pub fn image_name(project: &str, service: &str, svc: &ServiceConfig) -> String {
    if !svc.image.is_empty() {
        svc.image.clone()
    } else if svc.build.is_some() {
        format!("{project}-{service}").to_lowercase()
    } else {
        String::new()
    }
}

/// The project name compose derives from a folder when none is given.
fn folder_project_name(dir: &Path) -> String {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_lowercase();
    name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect::<String>()
        .trim_start_matches(['-', '_'])
        .to_string()
}

/// The image's id, or `None` when the engine does not have it.
async fn inspect_id(engine: &Engine, image: &str) -> Result<Option<String>, EngineError> {
    match engine.docker.inspect_image(image).await {
        Ok(found) => Ok(Some(found.id.unwrap_or_default())),
        Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::BuildConfig;

    #[test]
    fn built_images_are_named_like_compose_v2_names_them() {
        let mut svc = ServiceConfig { build: Some(BuildConfig::default()), ..Default::default() };
        assert_eq!(image_name("lab2", "api", &svc), "lab2-api", "project-service");
        svc.image = "course/api:1".into();
        assert_eq!(image_name("lab2", "api", &svc), "course/api:1", "an explicit image name wins");
        assert_eq!(image_name("lab2", "db", &ServiceConfig::default()), "", "nothing to run");
    }

    #[test]
    fn a_folder_name_stands_in_for_the_project() {
        assert_eq!(folder_project_name(Path::new("/home/s/My Lab.2")), "mylab2", "lowercase, only name characters");
    }
}

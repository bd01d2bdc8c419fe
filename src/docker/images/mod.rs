//! Images: pulled concurrently with one aggregate progress, or built from a tar of the
//! service's build context, as each service's `pull_policy` and `build:` say; a built image
//! whose context changed since is built again.

mod archive;
mod build;
mod context;
mod digest;
mod dockerfile;
mod error;
mod ignore;
mod policy;
mod progress;
mod pull;
mod reference;
mod tracker;

use std::path::Path;

use crate::compose::model::{BuildConfig, ServiceConfig};
use crate::events::{Event, RebuildReason, ServicePhase};

use super::engine::Engine;
use super::error::EngineError;
use super::labels::BUILD_DIGEST;
use digest::Prepared;
use policy::Built;

pub use archive::{load, save, ArchiveError};
pub use dockerfile::bases_of;
pub use error::ImageError;
pub use policy::{decide, Action, BuildMode, PullPolicy};
pub use pull::classify;
pub use reference::ImageRef;
pub use tracker::PullTracker;
#[cfg(feature = "internals")]
pub use {
    context::BuildContext,
    ignore::IgnoreRules,
    progress::{LayerUpdate, PullProgress, EMIT_EVERY},
};

/// Makes the service's image present (pulling or building it as its `pull_policy` and `build`
/// say, and building again as `mode` says) and returns its image id.
pub async fn ensure_image(
    engine: &Engine,
    service: &str,
    svc: &ServiceConfig,
    project_dir: &Path,
    mode: BuildMode,
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
    let present = inspect(engine, &image).await?;
    let mut action = decide(policy, svc.build.is_some(), present.is_some());
    let mut prepared = None;
    let reason = match (&svc.build, &present, mode) {
        (Some(_), Some(_), BuildMode::Always) if action != Action::RefuseBuild => Some(RebuildReason::Asked),
        (Some(b), Some(found), BuildMode::WhenChanged) if action == Action::UsePresent && !build::is_remote(&b.context) => {
            // A context that cannot be read now leaves the image there as the only one to run.
            prepared = digest::prepare(b, &svc.platform).await.ok();
            prepared.as_ref().and_then(|p| policy::rebuild(policy, found.built(&p.digest)))
        }
        _ => None,
    };
    // Asked to build, a service that can be built is built rather than pulled.
    if reason.is_some() || (mode == BuildMode::Always && action == Action::PullOrBuild) {
        action = Action::Build;
    }
    if let Some(reason) = reason {
        tracker.emit(Event::Rebuilding { service: service.to_string(), image: image.clone(), reason });
    }
    let phase = |state| Event::ServiceState { service: service.to_string(), state, detail: Some(image.clone()) };
    let build = async |b: &BuildConfig, prepared: Option<Prepared>| -> Result<(), EngineError> {
        tracker.emit(phase(ServicePhase::Building));
        let local = match prepared {
            Some(p) => Some(p),
            None if build::is_remote(&b.context) => None,
            None => Some(digest::prepare(b, &svc.platform).await.map_err(|e| build::context_error(service, b, e.to_string()))?),
        };
        build::build(engine, service, b, &image, &svc.platform, local, tracker).await
    };
    match (action, &svc.build) {
        (Action::UsePresent, _) => {}
        (Action::Pull, _) => {
            tracker.emit(phase(ServicePhase::Pulling));
            pull::pull(engine, service, &image, &svc.platform, tracker).await?;
        }
        (Action::Build, Some(b)) => build(b, prepared).await?,
        (Action::PullOrBuild, Some(b)) => {
            tracker.emit(phase(ServicePhase::Pulling));
            match pull::pull(engine, service, &image, &svc.platform, tracker).await {
                Ok(()) => {}
                Err(EngineError::Image(_)) => build(b, prepared).await?,
                Err(e) => return Err(e),
            }
        }
        (Action::RefuseMissing, _) => {
            return Err(ImageError::NeverPull { service: service.to_string(), image }.into());
        }
        (Action::Build | Action::PullOrBuild | Action::RefuseBuild, _) => return Err(bad_policy().into()),
    }
    let id = match present.filter(|_| action == Action::UsePresent) {
        Some(found) => found.id,
        None => inspect(engine, &image).await?.map(|f| f.id).ok_or_else(|| ImageError::PullFailed {
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

/// An image on the engine, as far as deciding to build it again goes.
struct Found {
    id: String,
    /// The digest of the build it came from, when Nivel built it.
    digest: Option<String>,
    /// It came from a registry (the engine records where it was pulled from).
    pulled: bool,
}

impl Found {
    fn built(&self, now: &str) -> Built {
        match &self.digest {
            Some(d) if d == now => Built::Same,
            Some(_) => Built::Changed,
            None if self.pulled => Built::Pulled,
            None => Built::Unrecorded,
        }
    }
}

/// The image, or `None` when the engine does not have it.
async fn inspect(engine: &Engine, image: &str) -> Result<Option<Found>, EngineError> {
    match engine.docker.inspect_image(image).await {
        Ok(found) => Ok(Some(Found {
            id: found.id.unwrap_or_default(),
            digest: found.config.and_then(|c| c.labels).and_then(|mut l| l.remove(BUILD_DIGEST)),
            pulled: found.repo_digests.is_some_and(|d| !d.is_empty()),
        })),
        Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! What a pull or a build needs to know about registries beyond the image's name: the logins
//! the docker CLI keeps (so `docker login` helps Nivel as it helps `docker pull`) and the map
//! that sends references to a classroom mirror.

mod hub_pulls;
mod logins;
mod mirrors;
mod reach;

use std::path::PathBuf;

pub use hub_pulls::{hub_pulls, HubPulls, HubUrls, HUB_URLS_ENV};
pub use logins::Logins;
pub use reach::{reach, source_of, Reach};
pub use mirrors::{mirrors_text, parse_mirrors, rewrite, ImageMirror, MirrorError, MIRRORS_ENV};

/// Where pulls and builds get their registry logins and which mirrors they go through.
#[derive(Clone, Debug)]
pub struct Registries {
    /// The docker CLI's configuration folder (`DOCKER_CONFIG`, else `~/.docker`); `None` pulls
    /// anonymously.
    pub docker_config: Option<PathBuf>,
    /// The image map; a map that could not be read is kept as its error, told when a pull
    /// needs it.
    pub mirrors: Result<Vec<ImageMirror>, MirrorError>,
    /// Where Docker Hub is asked how many pulls are left; a [`HUB_URLS_ENV`] that is not two
    /// URLs is kept as what is wrong with it.
    pub docker_hub: Result<HubUrls, String>,
}

impl Default for Registries {
    fn default() -> Registries {
        Registries { docker_config: None, mirrors: Ok(Vec::new()), docker_hub: Ok(HubUrls::default()) }
    }
}

impl Registries {
    /// The docker CLI's logins, read now (a `docker login` since the last pull counts).
    pub(crate) fn logins(&self) -> Logins {
        Logins::read(self.docker_config.as_deref())
    }

    /// The user's login for the registry `image` names (`docker.io` when none), read now;
    /// `None` pulls anonymously.
    pub(crate) async fn login_for(&self, image: &str) -> Option<bollard::auth::DockerCredentials> {
        let registry = crate::docker::images::ImageRef::parse(image).registry;
        let registries = self.clone();
        tokio::task::spawn_blocking(move || registries.logins().for_registry(&registry)).await.ok().flatten()
    }

    /// The reference `image` is pulled from: its mirror under the image map, else itself (a map
    /// that could not be read sends nothing elsewhere).
    pub(crate) fn source(&self, image: &str) -> String {
        self.mirrors.as_ref().ok().and_then(|m| rewrite(m, image)).unwrap_or_else(|| image.to_string())
    }
}

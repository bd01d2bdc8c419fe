//! Why an image could not be made present: each names the service or image and the next step.

use std::fmt;

use super::pull::is_network_failure;
use crate::docker::registry::MIRRORS_ENV;
use crate::app::{Problem, Remedy};
use crate::lab::Text;

#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageError {
    /// `pull_policy: never` and the image is not on the engine.
    NeverPull { service: String, image: String },
    /// The registry has no such repository or tag.
    NotFound { image: String, registry: String, message: String },
    /// The registry cannot be reached (no network, wrong address, registry down).
    Unreachable { image: String, registry: String, message: String },
    /// The registry wants credentials this engine does not have.
    Denied { image: String, registry: String, message: String },
    /// The registry refuses more pulls for now (Docker Hub's limit on anonymous pulls).
    RateLimited { image: String, registry: String, message: String },
    /// An entry of the image map (`NIVEL_IMAGE_MIRRORS`) is not `NAME=MIRROR`.
    BadMirrors { entry: String },
    /// Any other pull failure, with the engine's words.
    PullFailed { image: String, message: String },
    /// The service has neither `image` nor `build`.
    NoImage { service: String },
    /// A `pull_policy` value compose does not know, or `build` without a `build:` section.
    BadPolicy { service: String, policy: String },
    /// The build context cannot be read.
    Context { service: String, path: String, message: String },
    /// The build ran and failed; `last_lines` are the end of its output.
    BuildFailed { service: String, image: String, message: String, last_lines: Vec<String> },
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for ImageError {}

impl Problem for ImageError {
    fn code(&self) -> &'static str {
        match self {
            ImageError::NeverPull { .. } => "image.never_pulled",
            ImageError::NotFound { .. } => "image.not_found",
            ImageError::Unreachable { .. } => "image.registry_unreachable",
            ImageError::Denied { .. } => "image.denied",
            ImageError::RateLimited { .. } => "image.rate_limited",
            ImageError::BadMirrors { .. } => "image.bad_mirrors",
            ImageError::PullFailed { .. } => "image.pull_failed",
            ImageError::NoImage { .. } => "image.none",
            ImageError::BadPolicy { .. } => "image.bad_pull_policy",
            ImageError::Context { .. } => "image.build_context",
            ImageError::BuildFailed { .. } => "image.build_failed",
        }
    }

    fn text(&self) -> Text {
        match self {
            ImageError::NeverPull { service, image } => Text::new(
                format!("servicio {service}: la imagen {image} no está en el motor y su pull_policy es never"),
                format!("service {service}: image {image} is not on the engine and its pull_policy is never"),
            ),
            ImageError::NotFound { image, registry, message } => {
                Text::new(format!("la imagen {image} no existe en {registry}: {message}"), format!("image {image} was not found on {registry}: {message}"))
            }
            ImageError::Unreachable { image, registry, message } => Text::new(
                format!("no se puede descargar {image}: no se llega al registro {registry} ({message})"),
                format!("cannot pull {image}: registry {registry} is unreachable ({message})"),
            ),
            ImageError::Denied { image, registry, message } => {
                Text::new(format!("el registro {registry} no entregó {image}: {message}"), format!("registry {registry} refused to give {image}: {message}"))
            }
            ImageError::RateLimited { image, registry, message } => Text::new(
                format!("el registro {registry} no entrega {image} por ahora: se alcanzó su límite de descargas ({message})"),
                format!("registry {registry} will not give {image} for now: its pull rate limit was reached ({message})"),
            ),
            ImageError::BadMirrors { entry } => Text::new(
                format!("la entrada `{entry}` del mapa de imágenes ({MIRRORS_ENV}) no tiene la forma NOMBRE=ESPEJO"),
                format!("the image map entry `{entry}` ({MIRRORS_ENV}) is not NAME=MIRROR"),
            ),
            ImageError::PullFailed { image, message } => {
                Text::new(format!("falló la descarga de {image}: {message}"), format!("pulling {image} failed: {message}"))
            }
            ImageError::NoImage { service } => {
                Text::new(format!("el servicio {service} no tiene ni imagen ni sección build"), format!("service {service} has neither an image nor a build section"))
            }
            ImageError::BadPolicy { service, policy } => Text::new(
                format!("servicio {service}: no se puede usar pull_policy `{policy}` aquí"),
                format!("service {service}: pull_policy `{policy}` cannot be used here"),
            ),
            ImageError::Context { service, path, message } => Text::new(
                format!("servicio {service}: no se puede leer el contexto de construcción {path}: {message}"),
                format!("service {service}: cannot read the build context {path}: {message}"),
            ),
            ImageError::BuildFailed { service, image, message, last_lines } => {
                let lines: String = last_lines.iter().map(|l| format!("\n  | {l}")).collect();
                Text::new(
                    format!("servicio {service}: falló la construcción de {image}: {message}{lines}"),
                    format!("service {service}: building {image} failed: {message}{lines}"),
                )
            }
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        let text = match self {
            ImageError::NeverPull { image, .. } => Text::new(
                format!("descárguela antes (`docker pull {image}`), o quite `pull_policy: never` para que Nivel la descargue"),
                format!("pull it first (`docker pull {image}`), or drop `pull_policy: never` so Nivel pulls it"),
            ),
            ImageError::NotFound { image, .. } => Text::new(
                format!("revise el nombre y la etiqueta `{image}` en el archivo compose"),
                format!("check the image name and tag `{image}` in the compose file"),
            ),
            ImageError::Unreachable { .. } => Text::new(
                "no se pueden descargar imágenes: revise su conexión o el registro",
                "images cannot be downloaded: check your connection or registry",
            ),
            ImageError::Denied { registry, .. } => Text::new(
                format!("inicie sesión en el registro: `docker login {registry}`"),
                format!("log in to the registry: `docker login {registry}`"),
            ),
            ImageError::RateLimited { registry, .. } => Text::new(
                format!("inicie sesión (`docker login {registry}`) para que las descargas cuenten a su cuenta, espere un rato y vuelva a intentarlo, o descargue de un espejo del aula (`nivel settings set --image-mirrors docker.io=ESPEJO`)"),
                format!("log in (`docker login {registry}`) so pulls count against your account, wait a while and try again, or pull from a classroom mirror (`nivel settings set --image-mirrors docker.io=MIRROR`)"),
            ),
            ImageError::BadMirrors { .. } => Text::new(
                format!("escriba {MIRRORS_ENV} como `docker.io/library/postgres=espejo:5000/library/postgres,docker.io=espejo:5000`"),
                format!("write {MIRRORS_ENV} as `docker.io/library/postgres=mirror:5000/library/postgres,docker.io=mirror:5000`"),
            ),
            ImageError::NoImage { .. } => Text::new("dé al servicio un `image:` o una sección `build:`", "give the service an `image:` or a `build:` section"),
            ImageError::BadPolicy { .. } => Text::new(
                "use `missing`, `always`, `never`, `build` (con una sección `build:`), `daily` o `weekly`",
                "use one of `missing`, `always`, `never`, `build` (with a `build:` section), `daily`, `weekly`",
            ),
            ImageError::Context { path, .. } => Text::new(
                format!("compruebe que el contexto de construcción {path} existe y se puede leer"),
                format!("make sure the build context {path} exists and is readable"),
            ),
            ImageError::BuildFailed { message, last_lines, .. } if is_network_failure(message) || last_lines.iter().any(|l| is_network_failure(l)) => Text::new(
                "la construcción no pudo descargar lo que necesita (su imagen base o sus paquetes): revise su conexión a internet, proxy o cortafuegos y vuelva a arrancar el laboratorio",
                "the build could not download what it needs (its base image or packages): check your internet connection, proxy or firewall, then start the lab again",
            ),
            ImageError::BuildFailed { .. } => Text::new(
                "corrija el paso del Dockerfile que falla (véalo en la salida de la construcción) y vuelva a empezar",
                "fix the failing Dockerfile step in the build output and start again",
            ),
            ImageError::PullFailed { .. } => return None,
        };
        Some(Remedy::Advice { text })
    }

    fn is_input(&self) -> bool {
        matches!(self, ImageError::BadMirrors { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The advice, in English.
    fn fix(e: &ImageError) -> String {
        match e.remedy() {
            Some(Remedy::Advice { text }) => text.en,
            other => panic!("advice for {e:?}, not {other:?}"),
        }
    }

    fn build_failed(message: &str, last: &[&str]) -> ImageError {
        ImageError::BuildFailed { service: "api".into(), image: "lab-api".into(), message: message.into(), last_lines: last.iter().map(|l| l.to_string()).collect() }
    }

    #[test]
    fn a_build_that_cannot_reach_the_network_says_so() {
        let offline = build_failed("Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host", &["Step 1/6 : FROM python:3.11"]);
        assert!(fix(&offline).contains("internet connection"), "a lookup failure is the network: {}", fix(&offline));
        let pip = build_failed("The command '/bin/sh -c pip install -r requirements.txt' returned a non-zero code: 1", &["WARNING: Retrying after connection broken by 'NewConnectionError: Temporary failure in name resolution'"]);
        assert!(fix(&pip).contains("internet connection"), "so is pip failing to resolve its index: {}", fix(&pip));
        let typo = build_failed("The command '/bin/sh -c pyhton app.py' returned a non-zero code: 127", &["/bin/sh: 1: pyhton: not found"]);
        assert!(fix(&typo).contains("Dockerfile step"), "a broken step is the Dockerfile's: {}", fix(&typo));
    }
}

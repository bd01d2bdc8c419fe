//! Image errors in Spanish: the same facts and the same next step as the English texts in
//! `error.rs`, for a student whose language is Spanish.

use super::error::ImageError;
use super::pull::is_network_failure;

/// The message (without its fix).
pub fn message(e: &ImageError) -> String {
    match e {
        ImageError::NeverPull { service, image } => {
            format!("servicio {service}: la imagen {image} no está en el motor y su pull_policy es never")
        }
        ImageError::NotFound { image, registry, message } => format!("la imagen {image} no existe en {registry}: {message}"),
        ImageError::Unreachable { image, registry, message } => {
            format!("no se puede descargar {image}: no se llega al registro {registry} ({message})")
        }
        ImageError::Denied { image, registry, message } => format!("el registro {registry} no entregó {image}: {message}"),
        ImageError::PullFailed { image, message } => format!("falló la descarga de {image}: {message}"),
        ImageError::NoImage { service } => format!("el servicio {service} no tiene ni imagen ni sección build"),
        ImageError::BadPolicy { service, policy } => format!("servicio {service}: no se puede usar pull_policy `{policy}` aquí"),
        ImageError::Context { service, path, message } => {
            format!("servicio {service}: no se puede leer el contexto de construcción {path}: {message}")
        }
        ImageError::BuildFailed { service, image, message, last_lines } => {
            let mut out = format!("servicio {service}: falló la construcción de {image}: {message}");
            for line in last_lines {
                out.push_str(&format!("\n  | {line}"));
            }
            out
        }
    }
}

/// What to do about it.
pub fn fix(e: &ImageError) -> Option<String> {
    Some(match e {
        ImageError::NeverPull { image, .. } => {
            format!("descárguela antes (`docker pull {image}`), o quite `pull_policy: never` para que Nivel la descargue")
        }
        ImageError::NotFound { image, .. } => format!("revise el nombre y la etiqueta `{image}` en el archivo compose"),
        ImageError::Unreachable { .. } => "no se pueden descargar imágenes: revise su conexión o el registro".into(),
        ImageError::Denied { registry, .. } => format!("inicie sesión en el registro: `docker login {registry}`"),
        ImageError::NoImage { .. } => "dé al servicio un `image:` o una sección `build:`".into(),
        ImageError::BadPolicy { .. } => "use `missing`, `always`, `never`, `build` (con una sección `build:`), `daily` o `weekly`".into(),
        ImageError::Context { path, .. } => format!("compruebe que el contexto de construcción {path} existe y se puede leer"),
        ImageError::BuildFailed { message, last_lines, .. } if is_network_failure(message) || last_lines.iter().any(|l| is_network_failure(l)) => {
            "la construcción no pudo descargar lo que necesita (su imagen base o sus paquetes): revise su conexión a internet, proxy o cortafuegos y vuelva a ejecutar `nivel up`".into()
        }
        ImageError::BuildFailed { .. } => "corrija el paso del Dockerfile que falla (véalo en la salida de la construcción) y vuelva a empezar".into(),
        ImageError::PullFailed { .. } => return None,
    })
}

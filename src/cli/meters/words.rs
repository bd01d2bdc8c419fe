//! The words of the progress display and of the lines around it, in the student's language.
//! JSON output never goes through here: its tokens stay English for the programs that read it.

use nivel::events::{ResourceKind, ServicePhase};
use nivel::i18n::Lang;

/// A phase as the student reads it.
pub fn phase_word(phase: ServicePhase, lang: Lang) -> &'static str {
    match lang {
        Lang::En => match phase {
            ServicePhase::Waiting => "waiting",
            ServicePhase::Pulling => "pulling",
            ServicePhase::Building => "building",
            ServicePhase::Creating => "creating",
            ServicePhase::Starting => "starting",
            ServicePhase::Running => "running",
            ServicePhase::Healthy => "healthy",
            ServicePhase::Unhealthy => "unhealthy",
            ServicePhase::Completed => "completed",
            ServicePhase::Failed => "failed",
            ServicePhase::Unchanged => "unchanged",
            ServicePhase::Stopping => "stopping",
            ServicePhase::Stopped => "stopped",
            ServicePhase::Removed => "removed",
        },
        Lang::Es => match phase {
            ServicePhase::Waiting => "esperando",
            ServicePhase::Pulling => "descargando",
            ServicePhase::Building => "construyendo",
            ServicePhase::Creating => "creando",
            ServicePhase::Starting => "arrancando",
            ServicePhase::Running => "en marcha",
            ServicePhase::Healthy => "sano",
            ServicePhase::Unhealthy => "no sano",
            ServicePhase::Completed => "completado",
            ServicePhase::Failed => "falló",
            ServicePhase::Unchanged => "sin cambios",
            ServicePhase::Stopping => "deteniendo",
            ServicePhase::Stopped => "detenido",
            ServicePhase::Removed => "eliminado",
        },
    }
}

/// `network lab_default created` / `se creó la red lab_default`.
pub fn created_line(kind: ResourceKind, name: &str, lang: Lang) -> String {
    match (lang, kind) {
        (Lang::En, ResourceKind::Network) => format!("network {name} created"),
        (Lang::En, ResourceKind::Volume) => format!("volume {name} created"),
        (Lang::Es, ResourceKind::Network) => format!("se creó la red {name}"),
        (Lang::Es, ResourceKind::Volume) => format!("se creó el volumen {name}"),
    }
}

/// `volume lab_data removed` / `se eliminó el volumen lab_data`.
pub fn removed_line(kind: ResourceKind, name: &str, lang: Lang) -> String {
    match (lang, kind) {
        (Lang::En, ResourceKind::Network) => format!("network {name} removed"),
        (Lang::En, ResourceKind::Volume) => format!("volume {name} removed"),
        (Lang::Es, ResourceKind::Network) => format!("se eliminó la red {name}"),
        (Lang::Es, ResourceKind::Volume) => format!("se eliminó el volumen {name}"),
    }
}

/// What the aggregate pull and a service's own download are called.
pub fn pulling(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "pulling",
        Lang::Es => "descargando",
    }
}

/// `db         image postgres:16 ready`'s middle part.
pub fn image_ready(image: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("image {image} ready"),
        Lang::Es => format!("imagen {image} lista"),
    }
}

/// A service line's text once its image is here (the live display names no image: the line
/// is the service's own).
pub fn image_here(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "image ready",
        Lang::Es => "imagen lista",
    }
}

/// The live pull bar's label; fits its ten columns.
pub fn pull_label(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "pulling",
        Lang::Es => "descarga",
    }
}

/// `0/1 images` after the pull bar.
pub fn images_count(done: usize, total: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{done}/{total} images"),
        Lang::Es => format!("{done}/{total} imágenes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHASES: [ServicePhase; 14] = [
        ServicePhase::Waiting,
        ServicePhase::Pulling,
        ServicePhase::Building,
        ServicePhase::Creating,
        ServicePhase::Starting,
        ServicePhase::Running,
        ServicePhase::Healthy,
        ServicePhase::Unhealthy,
        ServicePhase::Completed,
        ServicePhase::Failed,
        ServicePhase::Unchanged,
        ServicePhase::Stopping,
        ServicePhase::Stopped,
        ServicePhase::Removed,
    ];

    #[test]
    fn english_phase_words_are_the_json_tokens() {
        for phase in PHASES {
            let token = serde_json::to_value(phase).ok().and_then(|v| v.as_str().map(str::to_owned));
            assert_eq!(Some(phase_word(phase, Lang::En)), token.as_deref(), "English text and JSON agree on {phase:?}");
        }
    }

    #[test]
    fn spanish_phase_words_are_all_different_and_spanish() {
        let words: Vec<&str> = PHASES.iter().map(|p| phase_word(*p, Lang::Es)).collect();
        let mut unique = words.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), PHASES.len(), "no two phases read the same: {words:?}");
        assert_eq!(phase_word(ServicePhase::Healthy, Lang::Es), "sano", "healthy");
        assert_eq!(phase_word(ServicePhase::Running, Lang::Es), "en marcha", "running");
        assert_eq!(phase_word(ServicePhase::Failed, Lang::Es), "falló", "failed");
        for phase in PHASES {
            assert_ne!(phase_word(phase, Lang::Es), phase_word(phase, Lang::En), "{phase:?} is translated");
        }
    }

    #[test]
    fn resources_created_and_removed_with_their_article() {
        assert_eq!(created_line(ResourceKind::Network, "lab_default", Lang::Es), "se creó la red lab_default", "la red");
        assert_eq!(created_line(ResourceKind::Volume, "lab_data", Lang::Es), "se creó el volumen lab_data", "el volumen");
        assert_eq!(removed_line(ResourceKind::Network, "lab_default", Lang::Es), "se eliminó la red lab_default", "la red");
        assert_eq!(removed_line(ResourceKind::Volume, "lab_data", Lang::Es), "se eliminó el volumen lab_data", "el volumen");
        assert_eq!(created_line(ResourceKind::Volume, "lab_data", Lang::En), "volume lab_data created", "English as before");
        assert_eq!(removed_line(ResourceKind::Network, "lab_default", Lang::En), "network lab_default removed", "English as before");
    }
}

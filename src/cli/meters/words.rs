//! The words of the progress display and of the lines around it, in the student's language.
//! JSON output never goes through here: its tokens stay English for the programs that read it.

use nivel::events::{ResourceKind, ServicePhase};
use nivel::lab::Text;

/// A phase as the student reads it.
pub fn phase_word(phase: ServicePhase) -> Text {
    match phase {
        ServicePhase::Waiting => Text::new("esperando", "waiting"),
        ServicePhase::Pulling => Text::new("descargando", "pulling"),
        ServicePhase::Building => Text::new("construyendo", "building"),
        ServicePhase::Creating => Text::new("creando", "creating"),
        ServicePhase::Starting => Text::new("arrancando", "starting"),
        ServicePhase::Running => Text::new("en marcha", "running"),
        ServicePhase::Healthy => Text::new("sano", "healthy"),
        ServicePhase::Unhealthy => Text::new("no sano", "unhealthy"),
        ServicePhase::Completed => Text::new("completado", "completed"),
        ServicePhase::Failed => Text::new("falló", "failed"),
        ServicePhase::Unchanged => Text::new("sin cambios", "unchanged"),
        ServicePhase::Stopping => Text::new("deteniendo", "stopping"),
        ServicePhase::Stopped => Text::new("detenido", "stopped"),
        ServicePhase::Removed => Text::new("eliminado", "removed"),
    }
}

/// `network lab_default created` / `se creó la red lab_default`.
pub fn created_line(kind: ResourceKind, name: &str) -> Text {
    match kind {
        ResourceKind::Network => Text::new(format!("se creó la red {name}"), format!("network {name} created")),
        ResourceKind::Volume => Text::new(format!("se creó el volumen {name}"), format!("volume {name} created")),
    }
}

/// `volume lab_data removed` / `se eliminó el volumen lab_data`.
pub fn removed_line(kind: ResourceKind, name: &str) -> Text {
    match kind {
        ResourceKind::Network => Text::new(format!("se eliminó la red {name}"), format!("network {name} removed")),
        ResourceKind::Volume => Text::new(format!("se eliminó el volumen {name}"), format!("volume {name} removed")),
    }
}

/// What the aggregate pull and a service's own download are called.
pub fn pulling() -> Text {
    Text::new("descargando", "pulling")
}

/// `db         image postgres:16 ready`'s middle part.
pub fn image_ready(image: &str) -> Text {
    Text::new(format!("imagen {image} lista"), format!("image {image} ready"))
}

/// A service line's text once its image is here (the live display names no image: the line
/// is the service's own).
pub fn image_here() -> Text {
    Text::new("imagen lista", "image ready")
}

/// The live pull bar's label; fits its ten columns.
pub fn pull_label() -> Text {
    Text::new("descarga", "pulling")
}

/// `0/3 images` after the pull bar; `0/1 image` for one.
pub fn images_count(done: usize, total: usize) -> Text {
    let of = Text::count(total, ("imagen", "imágenes"), ("image", "images"));
    Text::new(format!("{done}/{}", of.es), format!("{done}/{}", of.en))
}

#[cfg(test)]
mod tests {
    use nivel::i18n::Lang;

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
            assert_eq!(Some(phase_word(phase).get(Lang::En)), token.as_deref(), "English text and JSON agree on {phase:?}");
        }
    }

    #[test]
    fn spanish_phase_words_are_all_different_and_spanish() {
        let words: Vec<String> = PHASES.iter().map(|p| phase_word(*p).get(Lang::Es).to_owned()).collect();
        let mut unique = words.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), PHASES.len(), "no two phases read the same: {words:?}");
        assert_eq!(phase_word(ServicePhase::Healthy).get(Lang::Es), "sano", "healthy");
        assert_eq!(phase_word(ServicePhase::Running).get(Lang::Es), "en marcha", "running");
        assert_eq!(phase_word(ServicePhase::Failed).get(Lang::Es), "falló", "failed");
        for phase in PHASES {
            assert_ne!(phase_word(phase).get(Lang::Es), phase_word(phase).get(Lang::En), "{phase:?} is translated");
        }
    }

    #[test]
    fn resources_created_and_removed_with_their_article() {
        assert_eq!(created_line(ResourceKind::Network, "lab_default").get(Lang::Es), "se creó la red lab_default", "la red");
        assert_eq!(created_line(ResourceKind::Volume, "lab_data").get(Lang::Es), "se creó el volumen lab_data", "el volumen");
        assert_eq!(removed_line(ResourceKind::Network, "lab_default").get(Lang::Es), "se eliminó la red lab_default", "la red");
        assert_eq!(removed_line(ResourceKind::Volume, "lab_data").get(Lang::Es), "se eliminó el volumen lab_data", "el volumen");
        assert_eq!(created_line(ResourceKind::Volume, "lab_data").get(Lang::En), "volume lab_data created", "English as before");
        assert_eq!(removed_line(ResourceKind::Network, "lab_default").get(Lang::En), "network lab_default removed", "English as before");
    }
}

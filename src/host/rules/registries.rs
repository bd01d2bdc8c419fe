//! The registries a lab's missing images come from: one that does not answer keeps the lab
//! from starting (nothing can be pulled), one that wants a login or refuses more pulls warns.
//! Docker Hub's own figure of pulls left is told beside them, and fewer pulls left than the
//! lab's missing Docker Hub images keeps it from starting.

use super::{Reason, Severity};
use crate::docker::registry::{HubPulls, Reach};
use crate::lab::Text;

/// A registry the lab still has to pull from, the images it would give and what it said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryFact {
    pub registry: String,
    pub images: Vec<String>,
    pub reach: Reach,
}

/// One reason per registry.
pub fn registries(facts: &[RegistryFact]) -> Vec<Reason> {
    facts.iter().map(reason).collect()
}

/// What Docker Hub's figure means for a lab that still pulls `needed` images from it.
pub fn docker_hub(pulls: &HubPulls, needed: &[String]) -> Reason {
    let figure = hub_figure(pulls);
    let images = needed.join(", ");
    let count = Text::count(needed.len(), ("imagen", "imágenes"), ("image", "images"));
    match pulls {
        HubPulls::Counted { remaining, .. } if (*remaining as usize) < needed.len() => Reason {
            code: "docker_hub.pulls_short",
            severity: Severity::Blocker,
            message: Text::new(
                format!("Docker Hub: {} y el laboratorio necesita descargar de él {} ({images})", figure.es, count.es),
                format!("Docker Hub: {} and the lab must pull {} from it ({images})", figure.en, count.en),
            ),
            remedy: Some(Text::new(
                "inicie sesión (`docker login`) para que las descargas cuenten a su cuenta, envíe las imágenes a un espejo del aula (`nivel settings set --image-mirrors docker.io=ESPEJO`) o cárguelas de un archivo (`nivel images load ARCHIVO`)",
                "log in (`docker login`) so pulls count against your account, send the images to a classroom mirror (`nivel settings set --image-mirrors docker.io=MIRROR`), or load them from an archive (`nivel images load FILE`)",
            )),
        },
        _ => Reason {
            code: "docker_hub.pulls_left",
            severity: Severity::Note,
            message: Text::new(format!("Docker Hub: {} ({} por descargar)", figure.es, count.es), format!("Docker Hub: {} ({} to pull)", figure.en, count.en)),
            remedy: None,
        },
    }
}

/// Docker Hub's figure in words: `87 of 100 anonymous pulls left (resets within 6 h)`.
pub fn hub_figure(pulls: &HubPulls) -> Text {
    match pulls {
        HubPulls::Counted { limit, remaining, window_seconds, account } => {
            let (es_whose, en_pulls) = match account {
                Some(user) => (format!("de la cuenta {user}"), format!("pulls left for account {user}")),
                None => ("anónimas".to_string(), "anonymous pulls left".to_string()),
            };
            let window = match window_seconds {
                0 => Text::default(),
                w if w % 3600 == 0 => Text::new(format!(" (se reponen en {} h como mucho)", w / 3600), format!(" (resets within {} h)", w / 3600)),
                w => Text::new(format!(" (se reponen en {} min como mucho)", w.div_ceil(60)), format!(" (resets within {} min)", w.div_ceil(60))),
            };
            let es_left = if *remaining == 1 { "queda" } else { "quedan" };
            Text::new(
                format!("{es_left} {remaining} de {limit} descargas {es_whose}{}", window.es),
                format!("{remaining} of {limit} {en_pulls}{}", window.en),
            )
        }
        HubPulls::Unlimited { account: Some(user) } => Text::new(format!("sin límite de descargas para la cuenta {user}"), format!("no pull limit for account {user}")),
        HubPulls::Unlimited { account: None } => Text::new("sin límite de descargas", "no pull limit"),
        HubPulls::CouldNotAsk { message } => Text::new(
            format!("no se pudo preguntar cuántas descargas quedan ({message})"),
            format!("could not ask how many pulls are left ({message})"),
        ),
    }
}

fn reason(f: &RegistryFact) -> Reason {
    let (registry, images) = (&f.registry, f.images.join(", "));
    let (code, severity, message, remedy) = match &f.reach {
        Reach::Answers => (
            "registry.answers",
            Severity::Note,
            Text::new(format!("el registro {registry} responde ({images})"), format!("registry {registry} answers ({images})")),
            None,
        ),
        Reach::NeedsLogin => (
            "registry.login",
            Severity::Warning,
            Text::new(format!("el registro {registry} pide iniciar sesión para {images}"), format!("registry {registry} wants a login for {images}")),
            Some(Text::new(format!("inicie sesión: `docker login {registry}`"), format!("log in: `docker login {registry}`"))),
        ),
        Reach::RateLimited => (
            "registry.rate_limited",
            Severity::Warning,
            Text::new(
                format!("el registro {registry} no entrega más descargas por ahora (límite de descargas) y faltan {images}"),
                format!("registry {registry} gives no more pulls for now (rate limit) and {images} are missing"),
            ),
            Some(Text::new(
                format!("inicie sesión (`docker login {registry}`), espere un rato o use un espejo del aula (`nivel settings set --image-mirrors`)"),
                format!("log in (`docker login {registry}`), wait a while, or use a classroom mirror (`nivel settings set --image-mirrors`)"),
            )),
        ),
        Reach::Unreachable { message } => (
            "registry.unreachable",
            Severity::Blocker,
            Text::new(
                format!("el registro {registry} no responde ({message}) y de él hay que descargar {images}"),
                format!("registry {registry} does not answer ({message}) and {images} must be pulled from it"),
            ),
            Some(Text::new(
                "conéctese a internet, use un espejo del aula (`nivel settings set --image-mirrors`) o cargue las imágenes de un archivo (`nivel images load ARCHIVO`)",
                "connect to the internet, use a classroom mirror (`nivel settings set --image-mirrors`), or load the images from an archive (`nivel images load FILE`)",
            )),
        ),
    };
    Reason { code, severity, message, remedy }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(reach: Reach) -> RegistryFact {
        RegistryFact { registry: "docker.io".into(), images: vec!["postgres:16".into()], reach }
    }

    #[test]
    fn a_registry_that_does_not_answer_blocks_the_lab() {
        let down = registries(&[fact(Reach::Unreachable { message: "no such host".into() })]);
        assert_eq!((down[0].code, down[0].severity), ("registry.unreachable", Severity::Blocker), "nothing can be pulled");
        assert!(down[0].message.en.contains("postgres:16") && down[0].message.es.contains("docker.io"), "names the images and the registry: {:?}", down[0].message);
        assert!(down[0].remedy.as_ref().is_some_and(|r| r.en.contains("nivel images load")), "offers the offline way");
        assert_eq!(registries(&[fact(Reach::Answers)])[0].severity, Severity::Note, "an answer is only worth knowing");
        assert_eq!(registries(&[fact(Reach::NeedsLogin)])[0].remedy.as_ref().map(|r| r.en.as_str()), Some("log in: `docker login docker.io`"), "a login is named");
    }
}

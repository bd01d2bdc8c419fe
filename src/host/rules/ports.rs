//! Host ports the lab would publish that something else holds, and the images it would still
//! have to download.

use super::size::gib;
use super::{text, Reason, Severity};
use crate::host::facts::{ImageStatus, LabFacts};
use crate::i18n::Lang;

/// One blocker per busy port: the service, the holder (or that the OS does not say) and the
/// free port to shift to.
pub fn busy(lab: &LabFacts) -> Vec<Reason> {
    lab.busy_ports()
        .map(|(p, b)| {
            let holder = |l: Lang| match (&b.process, b.pid, b.container, l) {
                (Some(name), Some(pid), true, Lang::Es) => format!("por {name} (pid {pid}): lo publica otro contenedor"),
                (Some(name), Some(pid), true, Lang::En) => format!("by {name} (pid {pid}): another container publishes it"),
                (Some(name), Some(pid), false, Lang::Es) => format!("por {name} (pid {pid})"),
                (Some(name), Some(pid), false, Lang::En) => format!("by {name} (pid {pid})"),
                (_, _, _, Lang::Es) => "(el sistema no dice por qué proceso)".into(),
                (_, _, _, Lang::En) => "(the system does not say by which process)".into(),
            };
            let message = text(|l| match l {
                Lang::Es => format!("el puerto {} de {} en {} está ocupado {}", p.port, p.service, p.host_ip, holder(l)),
                Lang::En => format!("port {} of {} on {} is taken {}", p.port, p.service, p.host_ip, holder(l)),
            });
            let remedy = text(|l| {
                let free_it = match (b.container, l) {
                    (true, Lang::Es) => "detenga el contenedor que lo publica (`docker ps` muestra cuál)".to_string(),
                    (true, Lang::En) => "stop the container publishing it (`docker ps` shows which)".to_string(),
                    (false, Lang::Es) => match b.pid {
                        Some(pid) => format!("cierre ese programa (`kill {pid}`)"),
                        None => "cierre el programa que lo usa".into(),
                    },
                    (false, Lang::En) => match b.pid {
                        Some(pid) => format!("close that program (`kill {pid}`)"),
                        None => "close the program using it".into(),
                    },
                };
                match (b.suggestion, l) {
                    (Some(s), Lang::Es) => format!("{free_it}, o inicie el laboratorio con `--port-offset {}` (el {s} está libre)", s.saturating_sub(p.port)),
                    (Some(s), Lang::En) => format!("{free_it}, or start the lab with `--port-offset {}` ({s} is free)", s.saturating_sub(p.port)),
                    (None, _) => free_it,
                }
            });
            Reason { code: "port.busy", severity: Severity::Blocker, message, remedy: Some(remedy) }
        })
        .collect()
}

/// A note naming the images still to download (sizes are unknown until the pull starts) and
/// those to build from the lab's own files.
pub fn images(lab: &LabFacts) -> Option<Reason> {
    let with = |status| lab.images.iter().filter(move |i| i.status == status).map(|i| i.image.as_str()).collect::<Vec<_>>();
    let (download, build) = (with(ImageStatus::Download), with(ImageStatus::Build));
    if download.is_empty() && build.is_empty() {
        return None;
    }
    let present: u64 = lab.images.iter().filter(|i| i.status == ImageStatus::Present).filter_map(|i| i.size).sum();
    let message = text(|l| {
        let mut parts = Vec::new();
        if !download.is_empty() {
            parts.push(match l {
                Lang::Es => format!("{} imagen(es) por descargar: {}", download.len(), download.join(", ")),
                Lang::En => format!("{} image(s) to download: {}", download.len(), download.join(", ")),
            });
        }
        if !build.is_empty() {
            parts.push(match l {
                Lang::Es => format!("{} por construir: {}", build.len(), build.join(", ")),
                Lang::En => format!("{} to build: {}", build.len(), build.join(", ")),
            });
        }
        if present > 0 {
            parts.push(match l {
                Lang::Es => format!("{} ya están aquí", gib(present, l)),
                Lang::En => format!("{} are here already", gib(present, l)),
            });
        }
        parts.join("; ")
    });
    Some(Reason { code: "images.download", severity: Severity::Note, message, remedy: None })
}

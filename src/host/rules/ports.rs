//! Host ports the lab would publish that something else holds, and the images it would still
//! have to download.

use super::size::gib;
use super::{Reason, Severity};
use crate::host::facts::{ImageStatus, LabFacts};
use crate::lab::Text;

/// One blocker per busy port: the service, the holder (or that the OS does not say) and the
/// free port to shift to.
pub fn busy(lab: &LabFacts) -> Vec<Reason> {
    lab.busy_ports()
        .map(|(p, b)| {
            let holder = match (&b.process, b.pid, b.container) {
                (Some(name), Some(pid), true) => {
                    Text::new(format!("por {name} (pid {pid}): lo publica otro contenedor"), format!("by {name} (pid {pid}): another container publishes it"))
                }
                (Some(name), Some(pid), false) => Text::new(format!("por {name} (pid {pid})"), format!("by {name} (pid {pid})")),
                _ => Text::new("(el sistema no dice por qué proceso)", "(the system does not say by which process)"),
            };
            let message = Text::new(
                format!("el puerto {} de {} en {} está ocupado {}", p.port, p.service, p.host_ip, holder.es),
                format!("port {} of {} on {} is taken {}", p.port, p.service, p.host_ip, holder.en),
            );
            let free_it = match (b.container, b.pid) {
                (true, _) => Text::new("detenga el contenedor que lo publica (`docker ps` muestra cuál)", "stop the container publishing it (`docker ps` shows which)"),
                (false, Some(pid)) => Text::new(format!("cierre ese programa (`kill {pid}`)"), format!("close that program (`kill {pid}`)")),
                (false, None) => Text::new("cierre el programa que lo usa", "close the program using it"),
            };
            // The shift is said in numbers, not as a flag: the CLI and the app each offer it
            // their own way.
            let remedy = match b.suggestion {
                Some(s) => {
                    let shift = s.saturating_sub(p.port);
                    Text::new(
                        format!("{}, o desplace los puertos del laboratorio en {shift} (el {s} está libre)", free_it.es),
                        format!("{}, or shift the lab's ports by {shift} ({s} is free)", free_it.en),
                    )
                }
                None => free_it,
            };
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
    let mut parts = Vec::new();
    if !download.is_empty() {
        let images = Text::count(download.len(), ("imagen por descargar", "imágenes por descargar"), ("image to download", "images to download"));
        parts.push(Text::new(format!("{}: {}", images.es, download.join(", ")), format!("{}: {}", images.en, download.join(", "))));
    }
    if !build.is_empty() {
        parts.push(Text::new(format!("{} por construir: {}", build.len(), build.join(", ")), format!("{} to build: {}", build.len(), build.join(", "))));
    }
    if present > 0 {
        let present = gib(present);
        parts.push(Text::new(format!("{} ya están aquí", present.es), format!("{} are here already", present.en)));
    }
    let message = Text::join(&parts, "; ");
    Some(Reason { code: "images.download", severity: Severity::Note, message, remedy: None })
}

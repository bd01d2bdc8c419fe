//! What one check concluded, before the runner adds its kind, service and timing; and the
//! one way any check finds where a container port is reachable.

use std::net::SocketAddr;

use super::target::{LabTarget, Published};
use crate::docker::probe::{Container, ProbeError};
use crate::lab::Text;

/// Expected next to observed, in both languages, and whether they agree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub passed: bool,
    pub expected: Text,
    pub observed: Text,
}

impl Verdict {
    pub fn fail(expected: Text, observed: Text) -> Verdict {
        Verdict { passed: false, expected, observed }
    }
}

/// The loopback address of `service`'s container `port`, or what to tell the student instead.
/// No address outside the lab's own published ports ever comes out of here.
pub fn published_addr(target: &LabTarget, service: &str, port: u16) -> Result<SocketAddr, Text> {
    let Some(s) = target.service(service) else {
        return Err(no_container(service, &target.project));
    };
    match s.ports.get(&port) {
        Some(Published::Loopback(addr)) => Ok(*addr),
        Some(Published::Elsewhere(ip)) => Err(Text::new(
            format!("el servicio `{service}` publica el puerto {port} solo en {ip}, no en 127.0.0.1 ni en ::1; no se conectó"),
            format!("service `{service}` publishes port {port} only on {ip}, not on 127.0.0.1 or ::1; not connected"),
        )),
        None => Err(Text::new(
            format!(
                "el servicio `{service}` no publica el puerto {port} del contenedor; una comprobación solo se conecta a los puertos que publica el laboratorio"
            ),
            format!("service `{service}` does not publish container port {port}; a check connects only to ports the lab publishes"),
        )),
    }
}

/// The container of `service`, or what to tell the student instead.
pub fn container_id<'a>(target: &'a LabTarget, service: &str) -> Result<Container<'a>, Text> {
    let s = target.service(service).ok_or_else(|| no_container(service, &target.project))?;
    if s.container_id.is_empty() {
        // A swarm's service with no task running yet.
        return Err(Text::new(
            format!("el servicio `{service}` no tiene todavía un contenedor en marcha en el enjambre"),
            format!("service `{service}` has no container running on the swarm yet"),
        ));
    }
    Ok(Container { id: &s.container_id, on: s.on.as_ref() })
}

fn no_container(service: &str, project: &str) -> Text {
    Text::new(
        format!("el servicio `{service}` no tiene contenedor en el proyecto del laboratorio {project}"),
        format!("service `{service}` has no container in lab project {project}"),
    )
}

/// Why looking into a container failed; `what` says what was being done (`could not read
/// /app/x`). The engine's own error text stays as the engine wrote it.
pub fn probe_failed(what: Text, e: &ProbeError) -> Text {
    let why = match e {
        ProbeError::Missing { id } => Text::new(format!("el contenedor {id} no existe"), e.to_string()),
        ProbeError::NotInLab { id, project } => Text::new(
            format!(
                "el contenedor {id} no pertenece al proyecto del laboratorio {project}; las comprobaciones solo llegan a los contenedores del propio laboratorio"
            ),
            e.to_string(),
        ),
        ProbeError::Engine(_) => Text::new(e.to_string(), e.to_string()),
        ProbeError::Node { .. } => crate::app::Problem::text(e),
    };
    Text::new(format!("{}: {}", what.es, why.es), format!("{}: {}", what.en, why.en))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_container_is_refused_in_both_languages() {
        let e = ProbeError::NotInLab { id: "abc".into(), project: "level-2".into() };
        let t = probe_failed(Text::new("no se pudo leer /x", "could not read /x"), &e);
        assert_eq!(
            t.en,
            "could not read /x: container abc does not belong to lab project level-2; checks only reach the lab's own containers",
            "English is the error's own text"
        );
        assert!(t.es.starts_with("no se pudo leer /x: el contenedor abc no pertenece al proyecto del laboratorio level-2"), "Spanish: {}", t.es);
    }

    #[test]
    fn a_vanished_container_is_named() {
        let t = probe_failed(Text::new("no se pudo inspeccionar el contenedor", "could not inspect the container"), &ProbeError::Missing { id: "abc".into() });
        assert_eq!(t, Text::new("no se pudo inspeccionar el contenedor: el contenedor abc no existe", "could not inspect the container: container abc does not exist"), "both");
    }
}

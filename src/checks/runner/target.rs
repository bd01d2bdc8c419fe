//! The running lab a check may reach: per service, the container to look into and the ports
//! it publishes, resolved to a loopback address. Nothing else is reachable from here: a port
//! the service does not publish, or publishes only on another address, has no entry.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::SystemTime;

use crate::docker::probe::OtherNode;
use crate::docker::status::{self, LabStatus, ServiceStatus};
use crate::docker::{Engine, EngineError};
use crate::app::{Problem, Remedy};
use crate::lab::Text;

/// A running lab, as checks see it.
#[derive(Clone, Debug)]
pub struct LabTarget {
    pub engine: Engine,
    /// The compose project; every container touched must carry its label.
    pub project: String,
    pub services: BTreeMap<String, TargetService>,
    /// What keeps some of the lab's ports from this machine (see [`LabStatus::notes`]).
    pub notes: Vec<Text>,
}

/// One service of the lab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetService {
    /// The container checks look into (the first running replica, else the first one).
    pub container_id: String,
    /// The swarm node that container runs on, when it is not the engine's own.
    pub on: Option<OtherNode>,
    /// TCP container port → where it is reachable on this machine.
    pub ports: BTreeMap<u16, Published>,
}

/// A service as another front of the engine knows it (a swarm's stack): its container, the
/// node that runs it when it is not the engine's own, and where each TCP container port is
/// reached.
pub(crate) struct ServiceAt {
    pub name: String,
    pub container: Option<String>,
    pub on: Option<OtherNode>,
    pub ports: Vec<(u16, SocketAddr)>,
}

/// How one container port is published on the host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Published {
    /// Reachable on a loopback address (or on the engine's machine, when it is another one).
    Loopback(SocketAddr),
    /// Bound only to another address (`192.168.1.5`): never connected to.
    Elsewhere(String),
}

#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("lab {lab} is not running")]
    NotRunning { lab: String },
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl Problem for TargetError {
    fn code(&self) -> &'static str {
        match self {
            TargetError::NotRunning { .. } => "lab.not_running",
            TargetError::Engine(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            TargetError::NotRunning { lab } => {
                Text::new(format!("el laboratorio {lab} no está en marcha"), format!("lab {lab} is not running"))
            }
            TargetError::Engine(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            TargetError::NotRunning { lab } => Some(Remedy::StartLab { lab: lab.clone() }),
            TargetError::Engine(e) => e.remedy(),
        }
    }
}

impl LabTarget {
    /// The lab running under compose project `project`; `lab` is how the student names it
    /// (for the message when it is not running).
    pub async fn connect(engine: &Engine, project: &str, lab: &str, now: SystemTime) -> Result<LabTarget, TargetError> {
        let labs = status::labs(engine, Some(project), now).await?;
        let status = labs.into_iter().find(|l| l.project == project);
        status
            .and_then(|s| LabTarget::from_status(engine.clone(), &s))
            .ok_or_else(|| TargetError::NotRunning { lab: lab.to_string() })
    }

    /// The target of a lab snapshot; `None` when none of its containers is up.
    pub fn from_status(engine: Engine, lab: &LabStatus) -> Option<LabTarget> {
        let machine = crate::docker::forward::engine_ip(&engine);
        services_of(lab, machine).map(|services| LabTarget { engine, project: lab.project.clone(), services, notes: lab.notes.clone() })
    }

    /// A target made of what another front of the engine knows (a swarm's stack): per
    /// service, its container (and its node, when another) and each TCP container port's
    /// address.
    pub(crate) fn of_services(engine: Engine, project: String, services: Vec<ServiceAt>) -> LabTarget {
        let services = services
            .into_iter()
            .map(|s| {
                let ports = s.ports.into_iter().map(|(port, addr)| (port, Published::Loopback(addr))).collect();
                (s.name, TargetService { container_id: s.container.unwrap_or_default(), on: s.on, ports })
            })
            .collect();
        LabTarget { engine, project, services, notes: Vec::new() }
    }

    pub fn service(&self, name: &str) -> Option<&TargetService> {
        self.services.get(name)
    }
}

/// Each service's container and reachable ports (on loopback, or on `machine`, the engine's
/// own machine when it is another one); `None` when no container of the lab is up.
pub(crate) fn services_of(lab: &LabStatus, machine: Option<IpAddr>) -> Option<BTreeMap<String, TargetService>> {
    if !lab.services.iter().any(|s| s.state.is_up()) {
        return None;
    }
    let mut services: BTreeMap<String, TargetService> = BTreeMap::new();
    for s in &lab.services {
        if services.contains_key(&s.service) {
            continue;
        }
        // Replicas come ordered by number: the first one up, else the first one.
        let chosen = lab.services.iter().find(|o| o.service == s.service && o.state.is_up()).unwrap_or(s);
        services.insert(s.service.clone(), target_service(chosen, machine));
    }
    Some(services)
}

fn target_service(s: &ServiceStatus, machine: Option<IpAddr>) -> TargetService {
    let mut ports: BTreeMap<u16, Published> = BTreeMap::new();
    for p in s.ports.iter().filter(|p| p.protocol == "tcp") {
        let on_machine = machine.filter(|ip| p.host_ip.parse::<IpAddr>().is_ok_and(|bound| bound == *ip));
        let here = loopback(&p.host_ip).or(on_machine).map(|ip| Published::Loopback(SocketAddr::new(ip, p.host_port)));
        match (here, ports.get(&p.container_port)) {
            (Some(here), _) => {
                // A loopback binding is kept over one elsewhere; the first loopback one stays.
                if !matches!(ports.get(&p.container_port), Some(Published::Loopback(_))) {
                    ports.insert(p.container_port, here);
                }
            }
            (None, None) => {
                ports.insert(p.container_port, Published::Elsewhere(p.host_ip.clone()));
            }
            (None, Some(_)) => {}
        }
    }
    TargetService { container_id: s.id.clone(), on: None, ports }
}

/// The loopback address to reach a port bound on `host_ip`: wildcard binds answer on
/// 127.0.0.1, loopback binds on themselves, anything else is not ours to connect to.
pub(crate) fn loopback(host_ip: &str) -> Option<IpAddr> {
    match host_ip {
        "" | "0.0.0.0" | "::" => Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        other => match other.parse::<IpAddr>().ok()? {
            ip @ IpAddr::V4(v4) if v4 == Ipv4Addr::LOCALHOST => Some(ip),
            ip @ IpAddr::V6(v6) if v6 == Ipv6Addr::LOCALHOST => Some(ip),
            _ => None,
        },
    }
}

#[cfg(test)]
#[path = "target_tests.rs"]
pub(crate) mod tests;

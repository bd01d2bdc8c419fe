//! A lab's services, ports and links as front ends show them, built from what the engine
//! reports (`status`) or what `up` just did. Times are unix milliseconds, ports as published.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::docker::spec::Published;
use crate::docker::status::{Health, PublishedPort, ServiceStatus};
use crate::docker::up::ServiceReport;
use crate::events::ServicePhase;
use crate::lab::{Link, Text};

use super::detail::Credential;

/// One container of a service.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct ServiceView {
    pub service: String,
    /// The engine's word: running, exited, created, restarting, paused… or `missing` when the
    /// service has no container.
    pub state: String,
    /// `healthy`, `unhealthy` or `starting`; `null` without a healthcheck.
    pub health: Option<String>,
    pub ports: Vec<PortView>,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub started_at_ms: Option<u64>,
    pub restarts: u32,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub exit_code: Option<i64>,
    pub container_id: Option<String>,
}

/// A container port published on the host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct PortView {
    pub host_ip: String,
    /// The host port (or range) as bound; empty when the engine was left to pick one.
    pub host_port: String,
    pub target: u32,
    pub protocol: String,
    /// `http://HOST:PORT` for a single TCP port.
    pub url: Option<String>,
}

/// One of the lab's web UIs, by its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LinkView {
    pub service: String,
    pub label: Text,
    /// `null` while the service publishes no port for it (the lab is not running).
    pub url: Option<String>,
}

impl ServiceView {
    /// A service with no container on the engine.
    pub fn missing(service: &str) -> ServiceView {
        ServiceView { service: service.to_owned(), state: "missing".into(), health: None, ports: vec![], started_at_ms: None, restarts: 0, exit_code: None, container_id: None }
    }

    /// A container as `status` found it; `now` is when the snapshot was taken.
    pub(crate) fn of_status(s: &ServiceStatus, now: SystemTime) -> ServiceView {
        let started = s.uptime.and_then(|up| now.checked_sub(up));
        ServiceView {
            service: s.service.clone(),
            state: s.state.as_str().to_owned(),
            health: (s.health != Health::None).then(|| s.health.as_str().to_owned()),
            ports: s.ports.iter().map(PortView::of_status).collect(),
            started_at_ms: started.map(millis),
            restarts: u32::try_from(s.restarts).unwrap_or(u32::MAX),
            exit_code: s.exit_code,
            container_id: Some(s.id.clone()),
        }
    }

    /// A service as `up` left it.
    pub(crate) fn of_report(s: &ServiceReport) -> ServiceView {
        let (state, health, exit_code) = match s.state {
            ServicePhase::Healthy => ("running", Some("healthy"), None),
            ServicePhase::Unhealthy => ("running", Some("unhealthy"), None),
            ServicePhase::Starting => ("running", Some("starting"), None),
            ServicePhase::Completed => ("exited", None, Some(0)),
            _ => ("running", None, None),
        };
        ServiceView {
            service: s.service.clone(),
            state: state.to_owned(),
            health: health.map(str::to_owned),
            ports: s.ports.iter().map(PortView::of_published).collect(),
            started_at_ms: None,
            restarts: 0,
            exit_code,
            container_id: Some(s.container_id.clone()),
        }
    }

    /// Where `up` left this service, read back from the view made of `up`'s report.
    pub fn phase(&self) -> ServicePhase {
        match (self.state.as_str(), self.health.as_deref(), self.exit_code) {
            (_, Some("healthy"), _) => ServicePhase::Healthy,
            (_, Some("unhealthy"), _) => ServicePhase::Unhealthy,
            (_, Some("starting"), _) => ServicePhase::Starting,
            ("exited", _, Some(0)) => ServicePhase::Completed,
            _ => ServicePhase::Running,
        }
    }
}

impl PortView {
    fn of_status(p: &PublishedPort) -> PortView {
        PortView { host_ip: p.host_ip.clone(), host_port: p.host_port.to_string(), target: u32::from(p.container_port), protocol: p.protocol.clone(), url: p.url.clone() }
    }

    /// A port as `up` published it: single TCP ports get their URL, on 127.0.0.1 when bound
    /// on every address, none when bound where this machine cannot reach.
    pub(crate) fn of_published(p: &Published) -> PortView {
        // `127.0.0.1 on vm`: bound on a remote engine's loopback, not reachable from here.
        let here = !p.host_ip.contains(' ');
        let single = here && p.protocol == "tcp" && !p.host_port.is_empty() && !p.host_port.contains('-');
        let host = if p.host_ip.is_empty() || p.host_ip == "0.0.0.0" { "127.0.0.1" } else { &p.host_ip };
        PortView {
            host_ip: p.host_ip.clone(),
            host_port: p.host_port.clone(),
            target: p.target,
            protocol: p.protocol.clone(),
            url: single.then(|| format!("http://{host}:{}", p.host_port)),
        }
    }
}

/// The lab's links on the ports its services are published on now (`url` null where none).
/// `links` on the ports `services` ended up on; a `${credential:ID}` in a path is the secret of
/// that credential of `credentials` (a Jupyter token in `/lab?token=…`).
pub fn links(
    links: &[Link],
    services: &[ServiceView],
    credentials: &[Credential],
) -> Vec<LinkView> {
    let secret = |id: &str| {
        credentials
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.secret.clone())
    };
    links
        .iter()
        .map(|link| {
            let port = services
                .iter()
                .filter(|s| s.service == link.service)
                .flat_map(|s| &s.ports)
                .find(|p| p.target == u32::from(link.port) && p.protocol == "tcp" && p.url.is_some());
            let url = port.and_then(|p| p.url.as_ref()).map(|u| format!("{u}{}", crate::lab::fill_credentials(&link.path, &secret)));
            LinkView { service: link.service.clone(), label: link.label.clone(), url }
        })
        .collect()
}

fn millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO).as_millis().try_into().unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(state: ServicePhase) -> ServiceReport {
        let port = Published { host_ip: "0.0.0.0".into(), host_port: "8080".into(), target: 80, protocol: "tcp".into() };
        ServiceReport { service: "web".into(), state, container_id: "c1".into(), ports: vec![port] }
    }

    #[test]
    fn a_report_view_gives_its_phase_back() {
        for phase in [ServicePhase::Healthy, ServicePhase::Running, ServicePhase::Completed, ServicePhase::Starting, ServicePhase::Unhealthy] {
            assert_eq!(ServiceView::of_report(&report(phase)).phase(), phase, "{phase:?} survives the view");
        }
    }

    #[test]
    fn links_point_at_the_published_port_with_their_path() {
        let services = [ServiceView::of_report(&report(ServicePhase::Healthy))];
        let link = |port| Link { service: "web".into(), port, path: "/ui".into(), label: Text::new("Web", "Web") };
        let views = links(&[link(80), link(81)], &services, &[]);
        assert_eq!(views[0].url.as_deref(), Some("http://127.0.0.1:8080/ui"), "a port bound on every address is reached on 127.0.0.1");
        assert_eq!(views[1].url, None, "a link whose port is not published has no URL");
    }
}

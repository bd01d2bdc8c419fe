//! One lab's side of readiness: the host ports it will publish (and which are taken, by whom,
//! with a free alternative), the images it runs (already here, to download or to build), and
//! its services. Computed from the gathered engine inventory, without further engine calls.

use serde::Serialize;

use crate::compose::model::Project;
use crate::docker::facts::{LocalImage, RunningContainer};
use crate::docker::images::{bases_of, image_name};
use crate::docker::ports::{BusyPort, HostPort};
use crate::docker::spec::{published_ports, SpecOptions};

/// A lab to judge: its project name (its id for a built-in lab), its compose project and the
/// port choices `up` would use.
#[derive(Clone, Copy, Debug)]
pub struct LabTarget<'a> {
    pub lab: &'a str,
    pub project: &'a Project,
    pub spec: SpecOptions,
}

/// One lab's facts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LabFacts {
    /// The lab id or project name.
    pub lab: String,
    /// Its services, sorted.
    pub services: Vec<String>,
    /// The host ports it publishes (those its own running containers already hold are left
    /// out: they are in nobody's way).
    pub ports: Vec<PortFact>,
    /// One entry per image, in service order.
    pub images: Vec<ImageFact>,
}

/// A host port the lab publishes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortFact {
    pub service: String,
    pub host_ip: String,
    pub port: u16,
    pub protocol: String,
    /// Set when the port is taken.
    pub busy: Option<Busy>,
}

/// Who holds a busy port and what to use instead.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Busy {
    /// The holding process, when the OS tells.
    pub pid: Option<u32>,
    pub process: Option<String>,
    /// Whether the holder is the engine's proxy, i.e. another container publishes the port.
    pub container: bool,
    /// The nearest free port above it.
    pub suggestion: Option<u16>,
}

/// An image the lab runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImageFact {
    pub image: String,
    /// The services running it.
    pub services: Vec<String>,
    pub status: ImageStatus,
    /// Its size in bytes, when known (present images).
    pub size: Option<u64>,
    /// For an image to build: the base images its Dockerfile starts from that the engine does
    /// not have, which the build will pull.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bases: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageStatus {
    Present,
    Download,
    Build,
    /// The engine did not answer.
    Unknown,
}

impl LabFacts {
    pub fn busy_ports(&self) -> impl Iterator<Item = (&PortFact, &Busy)> {
        self.ports.iter().filter_map(|p| Some((p, p.busy.as_ref()?)))
    }
}

/// The lab's facts, with `busy` the busy-port check (normally `docker::ports::busy_ports`).
/// `images` is `None` when the engine did not answer.
pub fn lab_facts(
    target: &LabTarget<'_>,
    images: Option<&[LocalImage]>,
    running: &[RunningContainer],
    busy: impl FnOnce(&[HostPort]) -> Vec<BusyPort>,
) -> LabFacts {
    let wanted = wanted_ports(target, running);
    let ports_only: Vec<HostPort> = wanted.iter().map(|(_, p)| p.clone()).collect();
    let taken = busy(&ports_only);
    let ports = wanted
        .into_iter()
        .map(|(service, w)| {
            let busy = taken.iter().find(|b| b.wanted == w).map(|b| Busy {
                pid: b.holder.as_ref().map(|h| h.pid),
                process: b.holder.as_ref().map(|h| h.name.clone()),
                container: b.holder.as_ref().is_some_and(|h| h.is_engine_proxy()),
                suggestion: b.suggestion,
            });
            PortFact { service, host_ip: w.host_ip, port: w.port, protocol: w.protocol, busy }
        })
        .collect();
    LabFacts {
        lab: target.lab.to_string(),
        services: target.project.services.keys().cloned().collect(),
        ports,
        images: images_of(target.project, images),
    }
}

/// Every fixed host port of services not already running for this project, with its service.
fn wanted_ports(target: &LabTarget<'_>, running: &[RunningContainer]) -> Vec<(String, HostPort)> {
    let project = &target.project.name;
    let up = |service: &str| running.iter().any(|c| c.project.as_ref() == Some(project) && c.service.as_deref() == Some(service));
    let mut out = Vec::new();
    for (name, svc) in &target.project.services {
        if up(name) {
            continue;
        }
        for p in published_ports(svc, &target.spec) {
            let (lo, hi) = p.host_port.split_once('-').unwrap_or((&p.host_port, &p.host_port));
            let (Ok(lo), Ok(hi)) = (lo.parse::<u16>(), hi.parse::<u16>()) else { continue };
            let host_ip = if p.host_ip.is_empty() { "0.0.0.0".to_string() } else { p.host_ip.clone() };
            for port in (lo..=hi).filter(|p| *p != 0) {
                out.push((name.clone(), HostPort { host_ip: host_ip.clone(), port, protocol: p.protocol.clone() }));
            }
        }
    }
    out
}

fn images_of(project: &Project, local: Option<&[LocalImage]>) -> Vec<ImageFact> {
    let mut out: Vec<ImageFact> = Vec::new();
    for (name, svc) in &project.services {
        let image = image_name(&project.name, name, svc);
        if image.is_empty() {
            continue;
        }
        if let Some(seen) = out.iter_mut().find(|i| i.image == image) {
            seen.services.push(name.clone());
            continue;
        }
        let found = local.map(|l| l.iter().find(|i| i.tags.iter().any(|t| same_image(t, &image))));
        let (status, size) = match found {
            None => (ImageStatus::Unknown, None),
            Some(Some(i)) => (ImageStatus::Present, Some(i.size)),
            Some(None) if svc.build.is_some() => (ImageStatus::Build, None),
            Some(None) => (ImageStatus::Download, None),
        };
        let bases = match (&svc.build, status, local) {
            (Some(build), ImageStatus::Build, Some(local)) => {
                bases_of(build).into_iter().filter(|base| !local.iter().any(|i| i.tags.iter().any(|t| same_image(t, base)))).collect()
            }
            _ => Vec::new(),
        };
        out.push(ImageFact { image, services: vec![name.clone()], status, size, bases });
    }
    out
}

/// Whether two references name the same image: `busybox`, `busybox:latest`,
/// `docker.io/library/busybox:latest` are one.
fn same_image(a: &str, b: &str) -> bool {
    canonical(a) == canonical(b)
}

fn canonical(reference: &str) -> String {
    let r = reference.strip_prefix("docker.io/").unwrap_or(reference);
    let r = r.strip_prefix("library/").unwrap_or(r);
    let last = r.rsplit('/').next().unwrap_or(r);
    if last.contains(':') || r.contains('@') { r.to_string() } else { format!("{r}:latest") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{self, ProjectOptions};
    use crate::docker::ports::PortHolder;

    fn project(yaml: &str) -> Project {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("compose.yaml"), yaml).unwrap();
        let opts = ProjectOptions { files: vec![dir.path().join("compose.yaml")], name: Some("lab".into()), cwd: dir.path().to_path_buf(), ..Default::default() };
        compose::load_project(&opts).unwrap().project
    }

    const YAML: &str = "services:\n  web:\n    image: busybox\n    ports: [\"8080:80\", \"9000-9001:9000-9001\"]\n  api:\n    build: .\n    ports: [\"127.0.0.1:5000:5000\"]\n  db:\n    image: docker.io/library/postgres:16\n  cache:\n    image: postgres:16\n";

    #[test]
    fn ports_with_their_services_and_busy_holders() {
        let p = project(YAML);
        let target = LabTarget { lab: "lab", project: &p, spec: SpecOptions::default() };
        let facts = lab_facts(&target, Some(&[]), &[], |wanted| {
            let w = wanted.iter().find(|w| w.port == 8080).unwrap().clone();
            vec![BusyPort { wanted: w, holder: Some(PortHolder { pid: 42, name: "docker-proxy".into() }), suggestion: Some(8081) }]
        });
        let ports: Vec<(&str, &str, u16)> = facts.ports.iter().map(|p| (p.service.as_str(), p.host_ip.as_str(), p.port)).collect();
        assert_eq!(
            ports,
            [("api", "127.0.0.1", 5000), ("web", "127.0.0.1", 8080), ("web", "127.0.0.1", 9000), ("web", "127.0.0.1", 9001)],
            "each port of a range, bound to 127.0.0.1 by default"
        );
        let busy: Vec<_> = facts.busy_ports().map(|(p, b)| (p.port, b.pid, b.container, b.suggestion)).collect();
        assert_eq!(busy, [(8080, Some(42), true, Some(8081))], "the busy port, held by another container");
    }

    #[test]
    fn running_services_of_the_same_lab_do_not_count() {
        let p = project(YAML);
        let target = LabTarget { lab: "lab", project: &p, spec: SpecOptions { port_offset: 100, expose_lan: true } };
        let mine = RunningContainer { name: "lab-web-1".into(), project: Some("lab".into()), lab: None, service: Some("web".into()), memory: None };
        let facts = lab_facts(&target, Some(&[]), &[mine], |_| Vec::new());
        let ports: Vec<(&str, u16)> = facts.ports.iter().map(|p| (p.host_ip.as_str(), p.port)).collect();
        assert_eq!(ports, [("127.0.0.1", 5100)], "web is up already; offset applied; a named host IP stays");
    }

    #[test]
    fn images_present_to_download_or_to_build() {
        let p = project(YAML);
        let target = LabTarget { lab: "lab", project: &p, spec: SpecOptions::default() };
        let local = [LocalImage { tags: vec!["postgres:16".into()], size: 400 << 20 }];
        let facts = lab_facts(&target, Some(&local), &[], |_| Vec::new());
        let images: Vec<(&str, Vec<&str>, ImageStatus, Option<u64>)> =
            facts.images.iter().map(|i| (i.image.as_str(), i.services.iter().map(String::as_str).collect(), i.status, i.size)).collect();
        assert_eq!(
            images,
            [
                ("lab-api", vec!["api"], ImageStatus::Build, None),
                ("postgres:16", vec!["cache"], ImageStatus::Present, Some(400 << 20)),
                ("docker.io/library/postgres:16", vec!["db"], ImageStatus::Present, Some(400 << 20)),
                ("busybox", vec!["web"], ImageStatus::Download, None),
            ],
            "docker.io/library/ and :latest are normalised"
        );
        let unknown = lab_facts(&target, None, &[], |_| Vec::new());
        assert!(unknown.images.iter().all(|i| i.status == ImageStatus::Unknown), "no engine: unknown");
    }
}

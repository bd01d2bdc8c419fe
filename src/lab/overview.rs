//! What a built-in lab holds, read from its compose file: its services and the host ports it
//! publishes. `nivel labs` prints it.

use crate::compose::model::Project;

use super::catalog::BuiltinLab;

/// One host port a lab publishes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabPort {
    pub service: String,
    /// The host port (or range) as the compose file gives it.
    pub published: String,
    pub target: u32,
    pub protocol: String,
}

/// A built-in lab's services and published ports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabOverview {
    pub id: String,
    pub level: u8,
    /// Service names, sorted.
    pub services: Vec<String>,
    /// Published ports, by host port.
    pub ports: Vec<LabPort>,
}

/// The overview of `lab` from its loaded `project`.
pub fn of_project(lab: &BuiltinLab, project: &Project) -> LabOverview {
    let services = project.services.keys().cloned().collect();
    let mut ports: Vec<LabPort> = project
        .services
        .iter()
        .flat_map(|(name, svc)| {
            svc.ports.iter().filter(|p| !p.published.0.is_empty()).map(move |p| LabPort {
                service: name.clone(),
                published: p.published.0.clone(),
                target: p.target,
                protocol: p.protocol.clone(),
            })
        })
        .collect();
    ports.sort_by_key(|p| (first_port(&p.published), p.service.clone()));
    LabOverview { id: lab.id.to_owned(), level: lab.level, services, ports }
}

fn first_port(published: &str) -> u32 {
    published.split('-').next().and_then(|p| p.parse().ok()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::{self, ProjectOptions};

    #[test]
    fn services_and_published_ports_by_host_port() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("compose.yaml"),
            "services:\n  web:\n    image: x:1\n    ports: [\"8080:80\", \"53:53/udp\"]\n  db:\n    image: y:1\n    expose: [\"5432\"]\n",
        )
        .unwrap();
        let opts = ProjectOptions { files: vec![dir.path().join("compose.yaml")], name: Some("t".into()), cwd: dir.path().to_path_buf(), ..Default::default() };
        let project = compose::load_project(&opts).unwrap().project;
        let lab = crate::lab::find("0").unwrap();
        let o = of_project(&lab, &project);
        assert_eq!(o.services, ["db", "web"], "every service, sorted");
        let ports: Vec<(&str, u32, &str)> = o.ports.iter().map(|p| (p.published.as_str(), p.target, p.protocol.as_str())).collect();
        assert_eq!(ports, [("53", 53, "udp"), ("8080", 80, "tcp")], "published ports only, by host port");
    }
}

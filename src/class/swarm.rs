//! A class as Docker Swarm stacks: every student's [`StackSpec`], from the lab loaded with
//! that student's credentials. What the cluster cannot express is refused as for Kubernetes
//! (the same screen), with binds named: a node does not have the instructor's files.

use crate::compose::model::Project;
use crate::docker::swarm::{ServiceUnit, StackSpec};
use crate::lab::Text;

use super::kube::pod::image;
use super::kube::{self, StudentStack};
use super::screen::{screen, unmappable};
use super::ClassError;

/// The target's name in messages.
const TARGET: &str = "Docker Swarm";

/// `stack`'s services as Swarm services, in one [`StackSpec`].
pub fn stack_spec(stack: &StudentStack<'_>) -> Result<StackSpec, ClassError> {
    let project: &Project = stack.project;
    let jobs = kube::jobs(project);
    let mut published = 0usize;
    let mut services = Vec::new();
    let mut refused = Vec::new();
    for (name, s) in &project.services {
        // Every service is looked at, so one `up` lists everything the lab must change.
        if let Err(e) = screen(name, s, TARGET).and_then(|()| binds(name, s)) {
            refused.push(e);
            continue;
        }
        let mut ports = Vec::new();
        for p in &s.ports {
            let Some(port) = stack.ports.port(published) else { break };
            published += 1;
            ports.push((p.target, port, p.protocol.clone()));
        }
        let limits = stack.class.limits.for_service(s, project.services.len());
        match image(name, s, stack) {
            Ok(image) => services.push(ServiceUnit { name: name.clone(), config: s.clone(), image, ports, job: jobs.contains(name.as_str()), limits }),
            Err(e) => refused.push(e),
        }
    }
    match refused.len() {
        0 => {}
        1 => return Err(refused.remove(0)),
        _ => return Err(ClassError::Refused(refused)),
    }
    let mut networks: Vec<String> = project.networks.keys().cloned().collect();
    if project.services.values().any(|s| s.networks.is_empty()) && !networks.iter().any(|n| n == "default") {
        networks.push("default".into());
    }
    Ok(StackSpec { namespace: kube::namespace(stack.class, stack.student), class: stack.class.id.clone(), student: stack.student.id.clone(), networks, services })
}

/// A bind mount is the host's folder, which a node does not have.
fn binds(name: &str, s: &crate::compose::model::ServiceConfig) -> Result<(), ClassError> {
    match s.volumes.iter().find(|v| v.kind == "bind") {
        None => Ok(()),
        Some(v) => Err(unmappable(name, "volumes", (
            Text::new(format!("monta la carpeta del anfitrión {} en {}; los nodos del enjambre no la tienen", v.source, v.target), format!("binds the host folder {} on {}; the swarm's nodes do not have it", v.source, v.target)),
            Text::new("copie esos archivos en la imagen (build: con COPY), súbala a un registro y ponga `registry` en el archivo de clase, o use un volumen con nombre", "bake those files into the image (build: with COPY), push it to a registry and set `registry` in the class file, or use a named volume"),
        ))),
    }
}

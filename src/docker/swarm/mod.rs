//! Docker Swarm, through the same Engine API as the local engine: the nodes of the swarm an
//! engine manages, and the stacks of a class on it (its services, their tasks, the overlay
//! networks and the volumes on every node).
//!
//! A stack here is what `docker stack deploy` would make of a compose project, with what a
//! class needs besides: every object carries the class's and the student's labels, every
//! published port is the student's own, and services are created in dependency steps, each
//! waited on until its tasks run (healthy, where they have a healthcheck: Swarm only reports
//! a task running once its container is) or, for a one-shot job, complete. Swarm itself
//! ignores `depends_on`.
//!
//! Two choices make a stack work on every swarm, this machine's too, whose kernel has no IPVS:
//! services are found by DNS round robin (`endpoint_mode: dnsrr`), not through a virtual IP,
//! and ports are published on the node that runs the task (`mode: host`), not through the
//! routing mesh; a service's address is therefore the address of its task's node, which
//! [`status`] reports.

mod cleanup;
mod convert;
mod deploy;
pub mod nodes;
pub mod status;
mod on_node;
mod remove;

use std::collections::HashMap;

use serde::Serialize;

use crate::compose::model::ServiceConfig;
use crate::lab::Text;

pub use cleanup::CLEANER_IMAGE;
pub use deploy::{deploy, image_logins, DeployStep};
pub use nodes::{nodes, own_node, NodeView};
pub use on_node::{helper_login, run_on_node, HelperJob, NodeOutput};
pub use remove::{remove, Removed};
pub use status::{stacks, ServiceView, StackView};

/// Every object of a class carries its id under this label.
pub const CLASS_LABEL: &str = "io.nivel.class";
/// And the student's id under this one.
pub const STUDENT_LABEL: &str = "io.nivel.student";
/// A service's compose name.
pub const SERVICE_LABEL: &str = "io.nivel.service";
/// `docker stack ls` groups services by this label.
pub const STACK_LABEL: &str = "com.docker.stack.namespace";
/// A helper job of Nivel's own (`probe`: looking into a container on its node), not a lab's
/// service: `class status` does not list it, `class down` removes it with the class.
pub const HELPER_LABEL: &str = "io.nivel.helper";
/// How many times a one-shot job is tried before `class up` calls it failed.
const JOB_ATTEMPTS: usize = 3;
/// A hash of the service's spec as Nivel made it: a second `up` leaves an unchanged service alone.
const SPEC_HASH_LABEL: &str = "io.nivel.spec-hash";

/// One student's stack as the class decided it.
#[derive(Clone, Debug)]
pub struct StackSpec {
    /// `<class>-<student>`: prefixes every service, network and volume of the stack.
    pub namespace: String,
    pub class: String,
    pub student: String,
    /// The compose networks the services join.
    pub networks: Vec<String>,
    pub services: Vec<ServiceUnit>,
}

/// One compose service of a stack.
#[derive(Clone, Debug)]
pub struct ServiceUnit {
    /// The compose service's name: its DNS name inside the stack.
    pub name: String,
    pub config: ServiceConfig,
    /// The image the nodes pull (a locally built one under the class's registry).
    pub image: String,
    /// `(target, published, protocol)` for each compose port, the published ones the student's.
    pub ports: Vec<(u32, u16, String)>,
    /// Runs once to completion (`restart: "no"` that another service waits for).
    pub job: bool,
    /// Millicores and bytes: the service's own limits, or its share of the student's.
    pub limits: (u64, u64),
}

impl StackSpec {
    /// The labels every object of this stack carries.
    pub fn labels(&self) -> HashMap<String, String> {
        stack_labels(&self.class, &self.student, &self.namespace)
    }

    /// The services in dependency steps: each step's services depend only on earlier steps'.
    /// A cycle (compose refuses one when loading) ends the steps with what is left.
    pub fn steps(&self) -> Vec<Vec<&ServiceUnit>> {
        let mut done: Vec<&str> = Vec::new();
        let mut left: Vec<&ServiceUnit> = self.services.iter().collect();
        let mut steps = Vec::new();
        while !left.is_empty() {
            let (ready, wait): (Vec<&ServiceUnit>, Vec<&ServiceUnit>) =
                left.iter().partition(|s| s.config.depends_on.keys().all(|d| done.contains(&d.as_str()) || !self.services.iter().any(|o| &o.name == d)));
            if ready.is_empty() {
                steps.push(wait);
                break;
            }
            done.extend(ready.iter().map(|s| s.name.as_str()));
            steps.push(ready);
            left = wait;
        }
        steps
    }
}

/// The label filters of `class`'s objects, or of one `student`'s.
/// The labels every object of `student`'s stack `namespace` in `class` carries.
pub fn stack_labels(class: &str, student: &str, namespace: &str) -> HashMap<String, String> {
    HashMap::from([
        (CLASS_LABEL.to_owned(), class.to_owned()),
        (STUDENT_LABEL.to_owned(), student.to_owned()),
        (STACK_LABEL.to_owned(), namespace.to_owned()),
    ])
}

pub(crate) fn class_labels(class: &str, student: Option<&str>) -> Vec<String> {
    let mut labels = vec![format!("{CLASS_LABEL}={class}")];
    if let Some(s) = student {
        labels.push(format!("{STUDENT_LABEL}={s}"));
    }
    labels
}

/// The name of a stack's object: `<namespace>_<name>`, as `docker stack deploy` names them.
pub fn scoped(namespace: &str, name: &str) -> String {
    format!("{namespace}_{name}")
}

/// Why a stack could not be deployed, removed or read.
#[derive(Debug, thiserror::Error)]
pub enum SwarmError {
    #[error(transparent)]
    Engine(#[from] super::EngineError),
    /// The engine is not a swarm manager (not in a swarm, or a worker).
    #[error("the engine at {host} is not a manager of a swarm")]
    NotManager { host: String },
    /// A service's tasks failed to start or a job failed.
    #[error("service `{service}` of {namespace} failed: {message}")]
    Failed { namespace: String, service: String, message: String },
    /// A service's tasks were still not running (or a job not complete) after `waited` seconds.
    #[error("service `{service}` of {namespace} was not ready after {waited} s: {state}")]
    Timeout { namespace: String, service: String, waited: u64, state: String },
    /// Volumes of the class could not be removed from some nodes.
    #[error("volumes were left on {} node{}: {message}", nodes, if *nodes == 1 { "" } else { "s" })]
    VolumesLeft { nodes: usize, message: String },
    /// A helper job on a node (looking into a container there) did not run.
    #[error("the helper job on node {node} did not run: {message}")]
    Helper { node: String, message: String },
}

impl SwarmError {
    pub fn text(&self) -> Text {
        match self {
            SwarmError::Engine(e) => crate::app::Problem::text(e),
            SwarmError::NotManager { host } => Text::new(
                format!("el motor de {host} no es un gestor (manager) de un enjambre de Docker Swarm"),
                format!("the engine at {host} is not a manager of a Docker Swarm"),
            ),
            SwarmError::Failed { namespace, service, message } => Text::new(
                format!("el servicio `{service}` de {namespace} falló: {message}"),
                format!("service `{service}` of {namespace} failed: {message}"),
            ),
            SwarmError::Timeout { namespace, service, waited, state } => Text::new(
                format!("el servicio `{service}` de {namespace} no estaba listo tras {waited} s (estado: {state})"),
                format!("service `{service}` of {namespace} was not ready after {waited} s (state: {state})"),
            ),
            SwarmError::VolumesLeft { nodes, message } => {
                let nodes = Text::count(*nodes, ("nodo", "nodos"), ("node", "nodes"));
                Text::new(format!("quedaron volúmenes de la clase en {}: {message}", nodes.es), format!("volumes of the class were left on {}: {message}", nodes.en))
            }
            SwarmError::Helper { node, message } => Text::new(
                format!("el trabajo auxiliar en el nodo {node} no se ejecutó: {message}"),
                format!("the helper job on node {node} did not run: {message}"),
            ),
        }
    }

    pub fn fix(&self) -> Option<Text> {
        match self {
            SwarmError::Engine(_) => None,
            SwarmError::NotManager { .. } => Some(Text::new(
                "apunte DOCKER_HOST (o el contexto de docker) al gestor del enjambre, o cree uno con `docker swarm init`",
                "point DOCKER_HOST (or the docker context) at the swarm's manager, or make one with `docker swarm init`",
            )),
            SwarmError::Failed { message, .. } if pull_failed(message) => Some(Text::new(
                "un nodo no pudo descargar la imagen del servicio: inicie sesión en su registro en esta máquina (`docker login REGISTRO`; Nivel pasa ese acceso a los nodos), compruebe que los nodos llegan al registro (o a su réplica del mapa de imágenes) y vuelva a ejecutar `nivel class up`",
                "a node could not pull the service's image: log in to its registry on this machine (`docker login REGISTRY`; Nivel hands that login to the nodes), check that the nodes reach the registry (or its copy in the image map) and run `nivel class up` again",
            )),
            SwarmError::Failed { .. } | SwarmError::Timeout { .. } => Some(Text::new(
                "vea `nivel class status` y `docker service ps --no-trunc` del servicio; corrija y vuelva a ejecutar `nivel class up`",
                "see `nivel class status` and the service's `docker service ps --no-trunc`; fix it and run `nivel class up` again",
            )),
            SwarmError::VolumesLeft { .. } => Some(Text::new(
                "vuelva a ejecutar `nivel class down` cuando todos los nodos estén `Ready` (docker node ls)",
                "run `nivel class down` again once every node is `Ready` (docker node ls)",
            )),
            SwarmError::Helper { .. } => Some(Text::new(
                format!("el nodo debe poder descargar la imagen {CLEANER_IMAGE} (o su réplica del mapa de imágenes); vea `docker service ps --no-trunc` del trabajo `nivel-probe-…`"),
                format!("the node must be able to pull {CLEANER_IMAGE} (or its copy in the image map); see the `nivel-probe-…` job's `docker service ps --no-trunc`"),
            )),
        }
    }
}

/// Whether a task's error is a node's failed pull (Swarm says `No such image` for any).
fn pull_failed(message: &str) -> bool {
    let m = message.to_lowercase();
    ["no such image", "pull access denied", "unauthorized", "no basic auth credentials", "authentication required"].iter().any(|s| m.contains(s))
}

/// What `class status` and the handouts say of one published port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PortView {
    pub target: u32,
    pub published: u16,
    pub protocol: String,
    /// `http://<node address>:<published>` while a task runs.
    pub url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_pull_is_told_to_log_in_and_other_failures_to_look_at_the_tasks() {
        let failed = |message: &str| SwarmError::Failed { namespace: "aula-ana".into(), service: "store".into(), message: message.into() };
        let fix = |e: SwarmError| e.fix().unwrap().en;
        assert!(fix(failed("No such image: 10.0.0.1:5000/lab/store:1")).contains("docker login REGISTRY"), "Swarm's words for a refused pull");
        assert!(fix(failed("pull access denied for lab/store")).contains("docker login"), "the registry's words");
        assert!(fix(failed("task: non-zero exit (1)")).contains("docker service ps"), "a service that fails by itself");
    }
}

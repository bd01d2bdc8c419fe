//! What exercise checks read from a lab's containers: their state and limits, the output of a
//! command run inside them, a file's bytes. Every function takes the lab's project name and
//! refuses a container that does not carry that project's label, so a check can never touch
//! anything outside its own lab, whatever id it is handed.

mod archive;
mod exec;
mod inspect;
mod on_node;

use super::{labels, EngineError};

pub use archive::{read_file, FileRead};
pub use exec::{exec, ExecOutput, ExecRequest};
use inspect::facts_of;
pub use inspect::{lab_container, ContainerFacts};
pub use on_node::OtherNode;

/// A lab container as checks reach it: its id, on the engine Nivel talks to or (`on`) on
/// another node of that engine's swarm.
#[derive(Clone, Copy, Debug)]
pub struct Container<'a> {
    pub id: &'a str,
    pub on: Option<&'a OtherNode>,
}

/// The most bytes kept of a command's output or a file's contents.
pub const MAX_BYTES: usize = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ProbeError {
    /// The container is gone (removed since the lab was listed).
    #[error("container {id} does not exist")]
    Missing { id: String },
    /// The container is not one of the lab's: never touched.
    #[error("container {id} does not belong to lab project {project}; checks only reach the lab's own containers")]
    NotInLab { id: String, project: String },
    #[error(transparent)]
    Engine(#[from] EngineError),
    /// Looking into a container on another node of the swarm failed (`text` says why).
    #[error("could not look into the container on node {node}: {}", text.en)]
    Node { node: String, text: crate::lab::Text },
}

impl crate::app::Problem for ProbeError {
    fn code(&self) -> &'static str {
        match self {
            ProbeError::Missing { .. } => "container.missing",
            ProbeError::NotInLab { .. } => "container.not_in_lab",
            ProbeError::Engine(e) => e.code(),
            ProbeError::Node { .. } => "container.on_node",
        }
    }

    fn text(&self) -> crate::lab::Text {
        match self {
            ProbeError::Missing { id } => crate::lab::Text::new(format!("el contenedor {id} no existe"), format!("container {id} does not exist")),
            ProbeError::NotInLab { id, project } => crate::lab::Text::new(
                format!("el contenedor {id} no pertenece al proyecto del laboratorio {project}; las comprobaciones solo llegan a los contenedores del propio laboratorio"),
                format!("container {id} does not belong to lab project {project}; checks only reach the lab's own containers"),
            ),
            ProbeError::Engine(e) => e.text(),
            ProbeError::Node { node, text } => crate::lab::Text::new(
                format!("no se pudo mirar en el contenedor del nodo {node}: {}", text.es),
                format!("could not look into the container on node {node}: {}", text.en),
            ),
        }
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        match self {
            ProbeError::Engine(e) => e.remedy(),
            _ => None,
        }
    }
}

impl ProbeError {
    fn from_engine(id: &str, e: bollard::errors::Error) -> ProbeError {
        match e {
            bollard::errors::Error::DockerResponseServerError { status_code: 404, .. } => ProbeError::Missing { id: id.to_string() },
            other => ProbeError::Engine(other.into()),
        }
    }
}

/// Adds one frame of a command's output to `stdout` or `stderr`, up to `limit` bytes each;
/// whether some of it was dropped.
pub(crate) fn keep_frame(frame: bollard::container::LogOutput, stdout: &mut Vec<u8>, stderr: &mut Vec<u8>, limit: usize) -> bool {
    use bollard::container::LogOutput;
    let (into, bytes) = match frame {
        LogOutput::StdOut { message } | LogOutput::Console { message } => (stdout, message),
        LogOutput::StdErr { message } => (stderr, message),
        LogOutput::StdIn { .. } => return false,
    };
    let room = limit.saturating_sub(into.len());
    into.extend_from_slice(&bytes[..bytes.len().min(room)]);
    bytes.len() > room
}

/// Whether a container's labels put it in `project`: its compose project, or the stack
/// namespace of a class's student (a swarm's task container).
fn in_project(labels: Option<&std::collections::HashMap<String, String>>, project: &str) -> bool {
    [labels::PROJECT, super::swarm::STACK_LABEL].iter().any(|key| labels.and_then(|l| l.get(*key)).is_some_and(|p| p == project))
}

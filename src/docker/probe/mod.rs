//! What exercise checks read from a lab's containers: their state and limits, the output of a
//! command run inside them, a file's bytes. Every function takes the lab's project name and
//! refuses a container that does not carry that project's label, so a check can never touch
//! anything outside its own lab, whatever id it is handed.

mod archive;
mod exec;
mod inspect;

use super::{labels, EngineError};

pub use archive::{read_file, FileRead};
pub use exec::{exec, ExecOutput, ExecRequest};
pub use inspect::{lab_container, ContainerFacts};

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
}

impl crate::app::Problem for ProbeError {
    fn code(&self) -> &'static str {
        match self {
            ProbeError::Missing { .. } => "container.missing",
            ProbeError::NotInLab { .. } => "container.not_in_lab",
            ProbeError::Engine(e) => e.code(),
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

/// Whether a container's labels put it in `project`.
fn in_project(labels: Option<&std::collections::HashMap<String, String>>, project: &str) -> bool {
    labels.and_then(|l| l.get(labels::PROJECT)).is_some_and(|p| p == project)
}

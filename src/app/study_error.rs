//! Why a use case over the student's progress failed: the store could not be used, the lab
//! could not be opened, or the lab asked about has no progress. Exercises, progress, identity
//! and export share it.

use crate::lab::Text;
use crate::progress::StoreError;

use super::check_error::advice;
use super::{LifecycleError, Problem, Remedy};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StudyError {
    /// The progress store could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No lab of that name has progress; `known` lists those that have.
    #[error("no progress for lab `{name}`")]
    UnknownLab { name: String, known: Vec<String> },
    /// The lab could not be opened.
    #[error(transparent)]
    Lab(#[from] LifecycleError),
}

impl Problem for StudyError {
    fn code(&self) -> &'static str {
        match self {
            StudyError::Store(e) => e.code(),
            StudyError::UnknownLab { .. } => "progress.unknown_lab",
            StudyError::Lab(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            StudyError::Store(e) => e.text(),
            StudyError::Lab(e) => e.text(),
            StudyError::UnknownLab { name, .. } => {
                Text::new(format!("no hay progreso del laboratorio `{name}`"), format!("no progress for lab `{name}`"))
            }
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            StudyError::Store(e) => e.remedy(),
            StudyError::Lab(e) => e.remedy(),
            StudyError::UnknownLab { known, .. } => {
                Some(advice(format!("indique uno de estos: {}", known.join(", ")), format!("name one of {}", known.join(", "))))
            }
        }
    }

    fn is_input(&self) -> bool {
        match self {
            StudyError::Store(e) => StoreError::is_input(e),
            StudyError::Lab(e) => e.is_input(),
            StudyError::UnknownLab { .. } => true,
        }
    }
}

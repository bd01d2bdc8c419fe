//! Why a use case over the student's progress failed: the store could not be used, or the
//! lab asked about has no progress. Exercises, progress, identity and export share it.

use crate::lab::Text;
use crate::progress::StoreError;

use super::progress_store::store_text;
use super::check_error::advice;
use super::{Problem, Remedy};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StudyError {
    /// The progress store could not be opened, read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No lab of that name has progress; `known` lists those that have.
    #[error("no progress for lab `{name}`")]
    UnknownLab { name: String, known: Vec<String> },
}

impl Problem for StudyError {
    fn code(&self) -> &'static str {
        match self {
            StudyError::Store(_) => "progress.store",
            StudyError::UnknownLab { .. } => "progress.unknown_lab",
        }
    }

    fn text(&self) -> Text {
        match self {
            StudyError::Store(e) => store_text(e),
            StudyError::UnknownLab { name, .. } => {
                Text::new(format!("no hay progreso del laboratorio `{name}`"), format!("no progress for lab `{name}`"))
            }
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            StudyError::Store(_) => None,
            StudyError::UnknownLab { known, .. } => {
                Some(advice(format!("indique uno de estos: {}", known.join(", ")), format!("name one of {}", known.join(", "))))
            }
        }
    }

    fn is_input(&self) -> bool {
        match self {
            StudyError::Store(e) => e.is_input(),
            StudyError::UnknownLab { .. } => true,
        }
    }
}

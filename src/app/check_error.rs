//! Why "Check my work" could not run: the lab could not be opened or is busy, it has nothing
//! to check, the exercise asked for is not one of it, the lab is not running, or the engine
//! or the progress store failed.

use crate::docker::EngineError;
use crate::lab::Text;
use crate::progress::StoreError;

use super::{LifecycleError, Problem, Remedy};

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CheckError {
    /// The lab is a plain compose project: it has no lab file, so no exercises.
    #[error("lab `{lab}` has no exercises to check: it has no lab.toml")]
    NoLabFile { lab: String },
    /// The lab file lists no exercises.
    #[error("lab `{lab}` has no exercises")]
    NoExercises { lab: String },
    /// No exercise of that id; `suggestion` is the closest one, `known` all of them.
    #[error("lab `{lab}` has no exercise `{asked}`")]
    UnknownExercise { lab: String, asked: String, suggestion: Option<String>, known: Vec<String> },
    /// None of the lab's containers is up.
    #[error("lab {lab} is not running")]
    NotRunning { lab: String },
    #[error(transparent)]
    Engine(EngineError),
    #[error(transparent)]
    Store(StoreError),
    /// The lab could not be opened, or another operation holds it.
    #[error(transparent)]
    Lab(#[from] LifecycleError),
}

impl Problem for CheckError {
    fn code(&self) -> &'static str {
        match self {
            CheckError::NoLabFile { .. } => "check.no_lab_file",
            CheckError::NoExercises { .. } => "check.no_exercises",
            CheckError::UnknownExercise { .. } => "check.unknown_exercise",
            CheckError::NotRunning { .. } => "check.not_running",
            CheckError::Engine(e) => e.code(),
            CheckError::Store(e) => e.code(),
            CheckError::Lab(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            CheckError::NoLabFile { lab } => Text::new(
                format!("el laboratorio `{lab}` no tiene ejercicios que comprobar: no tiene lab.toml"),
                format!("lab `{lab}` has no exercises to check: it has no lab.toml"),
            ),
            CheckError::NoExercises { lab } => {
                Text::new(format!("el laboratorio `{lab}` no tiene ejercicios"), format!("lab `{lab}` has no exercises"))
            }
            CheckError::UnknownExercise { lab, asked, .. } => Text::new(
                format!("el laboratorio `{lab}` no tiene el ejercicio `{asked}`"),
                format!("lab `{lab}` has no exercise `{asked}`"),
            ),
            CheckError::NotRunning { lab } => Text::new(
                format!("el laboratorio {lab} no está en marcha: arránquelo antes de comprobar su trabajo"),
                format!("lab {lab} is not running: start it before checking your work"),
            ),
            CheckError::Engine(e) => e.text(),
            CheckError::Store(e) => e.text(),
            CheckError::Lab(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        match self {
            CheckError::NoLabFile { .. } => Some(advice(
                "añada un lab.toml con tablas [[exercise]] junto a su archivo compose (vea docs/labs.md)",
                "add a lab.toml with [[exercise]] tables next to its compose file (see docs/labs.md)",
            )),
            CheckError::NoExercises { .. } => {
                Some(advice("añada tablas [[exercise]] a su lab.toml (vea docs/labs.md)", "add [[exercise]] tables to its lab.toml (see docs/labs.md)"))
            }
            CheckError::UnknownExercise { suggestion: Some(s), .. } => Some(advice(format!("¿quiso decir `{s}`?"), format!("did you mean `{s}`?"))),
            CheckError::UnknownExercise { known, .. } => {
                Some(advice(format!("sus ejercicios son: {}", known.join(", ")), format!("its exercises are: {}", known.join(", "))))
            }
            CheckError::NotRunning { lab } => Some(Remedy::StartLab { lab: lab.clone() }),
            CheckError::Engine(e) => e.remedy(),
            CheckError::Lab(e) => e.remedy(),
            CheckError::Store(e) => e.remedy(),
        }
    }

    fn is_input(&self) -> bool {
        match self {
            CheckError::Engine(_) => false,
            CheckError::Store(e) => StoreError::is_input(e),
            CheckError::Lab(e) => e.is_input(),
            _ => true,
        }
    }
}

/// Advice a person follows by hand.
pub(crate) fn advice(es: impl Into<String>, en: impl Into<String>) -> Remedy {
    Remedy::Advice { text: Text::new(es, en) }
}

impl From<StoreError> for CheckError {
    fn from(e: StoreError) -> Self {
        CheckError::Store(e)
    }
}

//! Why "Check my work" could not run: the lab has nothing to check, the exercise asked for is
//! not one of it, the lab is not running, or the engine or the progress store failed.

use crate::docker::EngineError;
use crate::i18n::Lang;
use crate::lab::Text;
use crate::progress::StoreError;

use super::progress_store::store_text;
use super::{Problem, Remedy};

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
}

impl Problem for CheckError {
    fn code(&self) -> &'static str {
        match self {
            CheckError::NoLabFile { .. } => "check.no_lab_file",
            CheckError::NoExercises { .. } => "check.no_exercises",
            CheckError::UnknownExercise { .. } => "check.unknown_exercise",
            CheckError::NotRunning { .. } => "check.not_running",
            CheckError::Engine(_) => "engine.unreachable",
            CheckError::Store(_) => "progress.store",
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
            CheckError::Engine(e) => Text::new(e.message(Lang::Es), e.message(Lang::En)),
            CheckError::Store(e) => store_text(e),
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
            CheckError::Engine(_) => Some(Remedy::StartEngine),
            CheckError::Store(_) => None,
        }
    }

    fn is_input(&self) -> bool {
        match self {
            CheckError::Engine(_) => false,
            CheckError::Store(e) => e.is_input(),
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

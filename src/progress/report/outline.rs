//! What a report needs to know about a lab beyond the store: its level, title and the
//! exercises it offers, as plain data. Whoever builds a report (the CLI, the app) fills these
//! from the labs it knows, so the report lists exercises not yet tried too.

use crate::lab::Text;

/// A lab as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabOutline {
    /// The lab's id, as recorded in the store (`level-2`).
    pub id: String,
    /// Its course level, when it has one.
    pub level: Option<u8>,
    pub title: Text,
    /// Its exercises, in the lab's order.
    pub exercises: Vec<ExerciseOutline>,
}

/// An exercise as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseOutline {
    pub id: String,
    pub title: Text,
}

impl From<&crate::lab::LabSpec> for LabOutline {
    fn from(spec: &crate::lab::LabSpec) -> LabOutline {
        LabOutline {
            id: spec.id.clone(),
            level: spec.level,
            title: spec.title.clone(),
            exercises: spec.exercises.iter().map(|e| ExerciseOutline { id: e.id.clone(), title: e.title.clone() }).collect(),
        }
    }
}

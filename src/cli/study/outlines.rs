//! The labs a progress report lists. Today these are the built-in labs with no exercises
//! (labs do not declare exercises yet); this function is the one place that will fill them
//! from each lab's `lab.toml`.

use nivel::lab::{catalog, Text};
use nivel::progress::report::LabOutline;

/// Every built-in lab, by level, with its exercises.
pub fn lab_outlines() -> Vec<LabOutline> {
    catalog()
        .into_iter()
        .map(|lab| LabOutline {
            id: lab.id.to_string(),
            level: Some(lab.level),
            title: Text::new(format!("Nivel {}", lab.level), format!("Level {}", lab.level)),
            exercises: Vec::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_lab_is_listed() {
        let ids: Vec<String> = lab_outlines().into_iter().map(|o| o.id).collect();
        assert_eq!(ids, ["level-0", "level-1", "level-2", "level-3", "level-4"], "the five course levels");
    }
}

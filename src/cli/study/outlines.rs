//! The labs a progress report lists: the built-in labs with the exercises their `lab.toml`
//! declares, so exercises not tried yet are listed too.

use nivel::lab::{catalog, Text};
use nivel::progress::report::LabOutline;

/// Every built-in lab, by level, with its exercises. A lab that cannot be read (no data
/// folder, a broken file) is still listed, without exercises.
pub fn lab_outlines() -> Vec<LabOutline> {
    catalog()
        .into_iter()
        .map(|builtin| {
            let spec = crate::cli::lab_arg::open_builtin(&builtin).ok().and_then(|lab| lab.spec);
            match spec {
                Some(spec) => LabOutline::from(&spec),
                None => LabOutline {
                    id: builtin.id.to_string(),
                    level: Some(builtin.level),
                    title: Text::new(format!("Nivel {}", builtin.level), format!("Level {}", builtin.level)),
                    exercises: Vec::new(),
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use nivel::compose::Environment;
    use nivel::lab;

    #[test]
    fn every_built_in_lab_is_listed_with_its_exercises() {
        let dir = tempfile::tempdir().unwrap();
        let outlines: Vec<LabOutline> = catalog()
            .into_iter()
            .map(|b| {
                let installed = lab::install(&b, dir.path()).unwrap();
                LabOutline::from(&lab::load_lab(&installed.dir, Environment::new()).unwrap().0)
            })
            .collect();
        let ids: Vec<&str> = outlines.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["level-0", "level-1", "level-2", "level-3", "level-4"], "the five course levels");
        assert!(outlines.iter().all(|o| !o.exercises.is_empty()), "each level offers exercises: {outlines:?}");
        assert!(outlines.iter().all(|o| !o.title.es.is_empty() && !o.title.en.is_empty()), "titles in both languages");
    }
}

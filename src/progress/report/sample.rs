//! A store filled by hand, for the report's tests: two course labs, one folder lab, and an
//! identity with characters that need escaping.

use std::time::Duration;

use super::{ExerciseOutline, LabOutline, ProgressReport};
use crate::lab::Text;
use crate::progress::{Action, Identity, NewCheckRun, Outcome, Store, UnixMillis};

pub const MIN: i64 = 60_000;
/// 2024-03-14T09:00:00Z.
pub const T0: i64 = 1_710_406_800_000;
pub const NOW: i64 = T0 + 120 * MIN;

pub fn outlines() -> Vec<LabOutline> {
    let ex = |id: &str, es: &str, en: &str| ExerciseOutline { id: id.into(), title: Text::new(es, en) };
    vec![
        LabOutline {
            id: "level-2".into(),
            level: Some(2),
            title: Text::new("Nivel 2: entrenamiento", "Level 2: training"),
            exercises: vec![
                ex("bucket", "Cree el bucket <mlflows3>", "Create the <mlflows3> bucket"),
                ex("experiment", "Registre un experimento", "Log an experiment"),
                ex("model", "Registre un modelo", "Register a model"),
            ],
        },
        LabOutline { id: "level-0".into(), level: Some(0), title: Text::new("Nivel 0", "Level 0"), exercises: vec![ex("api", "Llame la API", "Call the API")] },
    ]
}

pub fn store() -> Store {
    let store = Store::open_in_memory().unwrap();
    let who = Identity { name: Some("Ana <Pérez> & \"Co\"".into()), id: Some("2023'01".into()), group: None };
    store.identity().set(&who, UnixMillis(T0)).unwrap();
    let run = |exercise: &str, passed: bool, at: i64| {
        let new = NewCheckRun { lab: "level-2", exercise, passed, observed: "", duration: Duration::from_millis(5), at: UnixMillis(at) };
        store.check_runs().record(&new).unwrap();
    };
    run("bucket", false, T0 + MIN);
    run("bucket", true, T0 + 2 * MIN);
    run("bucket", true, T0 + 3 * MIN);
    run("experiment", false, T0 + 4 * MIN);
    run("retired", true, T0 + 5 * MIN);
    let up = store.sessions().start("level-2", Action::Up, UnixMillis(T0 - MIN)).unwrap();
    store.sessions().finish(up, Outcome::Succeeded, UnixMillis(T0)).unwrap();
    let down = store.sessions().start("level-2", Action::Down, UnixMillis(T0 + 89 * MIN)).unwrap();
    store.sessions().finish(down, Outcome::Succeeded, UnixMillis(T0 + 90 * MIN)).unwrap();
    let folder = store.sessions().start("my-project", Action::Up, UnixMillis(NOW - 31 * MIN)).unwrap();
    store.sessions().finish(folder, Outcome::Succeeded, UnixMillis(NOW - 30 * MIN)).unwrap();
    store
}

pub fn report() -> ProgressReport {
    ProgressReport::build(&store(), &outlines(), UnixMillis(NOW)).unwrap()
}

//! The fixed words of a report in each of the course's languages.

use crate::i18n::Lang;

/// A report's labels in one language.
#[derive(Debug)]
pub(super) struct Words {
    pub heading: &'static str,
    pub student: &'static str,
    pub name: &'static str,
    pub id: &'static str,
    pub group: &'static str,
    pub not_set: &'static str,
    pub generated: &'static str,
    pub summary: &'static str,
    pub level: &'static str,
    pub other_labs: &'static str,
    pub passed: &'static str,
    /// After a count: "2 / 3 superados".
    pub passed_count: &'static str,
    pub tried: &'static str,
    pub not_started: &'static str,
    pub exercise: &'static str,
    pub status: &'static str,
    pub first_pass: &'static str,
    pub attempts: &'static str,
    pub time_running: &'static str,
    pub no_exercises: &'static str,
    pub no_labs: &'static str,
}

const ES: Words = Words {
    heading: "Informe de progreso",
    student: "Estudiante",
    name: "Nombre",
    id: "Código",
    group: "Grupo",
    not_set: "sin indicar",
    generated: "Generado",
    summary: "Resumen por nivel",
    level: "Nivel",
    other_labs: "Otros laboratorios",
    passed: "superado",
    passed_count: "superados",
    tried: "intentado",
    not_started: "sin intentar",
    exercise: "Ejercicio",
    status: "Estado",
    first_pass: "Superado por primera vez",
    attempts: "Intentos",
    time_running: "Tiempo con el laboratorio en marcha",
    no_exercises: "Aún no hay ejercicios registrados.",
    no_labs: "Aún no hay progreso registrado.",
};

const EN: Words = Words {
    heading: "Progress report",
    student: "Student",
    name: "Name",
    id: "Student id",
    group: "Group",
    not_set: "not set",
    generated: "Generated",
    summary: "Summary by level",
    level: "Level",
    other_labs: "Other labs",
    passed: "passed",
    passed_count: "passed",
    tried: "tried",
    not_started: "not started",
    exercise: "Exercise",
    status: "Status",
    first_pass: "First passed",
    attempts: "Attempts",
    time_running: "Time with the lab running",
    no_exercises: "No exercises recorded yet.",
    no_labs: "No progress recorded yet.",
};

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Es => &ES,
        Lang::En => &EN,
    }
}

/// `Level 2` / `Nivel 2`, or the heading for labs outside the course's levels.
pub(super) fn level_name(level: Option<u8>, lang: Lang) -> String {
    let w = words(lang);
    match level {
        Some(n) => format!("{} {n}", w.level),
        None => w.other_labs.to_string(),
    }
}

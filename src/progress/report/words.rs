//! The fixed words of a report in each of the course's languages.

use crate::i18n::Lang;
use crate::lab::Text;

/// A report's labels in one language.
#[derive(Debug)]
pub(super) struct Words {
    pub heading: String,
    pub student: String,
    pub name: String,
    pub id: String,
    pub group: String,
    pub not_set: String,
    pub generated: String,
    pub summary: String,
    pub level: String,
    pub other_labs: String,
    pub passed: String,
    /// After a count: "2 / 3 superados".
    pub passed_count: String,
    pub tried: String,
    pub not_started: String,
    pub exercise: String,
    pub status: String,
    pub first_pass: String,
    pub attempts: String,
    pub time_running: String,
    pub no_exercises: String,
    pub no_labs: String,
}

/// The labels in `lang`, each written once in both languages.
pub(super) fn words(lang: Lang) -> Words {
    let pick = |es: &str, en: &str| Text::new(es, en).get(lang).to_owned();
    Words {
        heading: pick("Informe de progreso", "Progress report"),
        student: pick("Estudiante", "Student"),
        name: pick("Nombre", "Name"),
        id: pick("Código", "Student id"),
        group: pick("Grupo", "Group"),
        not_set: pick("sin indicar", "not set"),
        generated: pick("Generado", "Generated"),
        summary: pick("Resumen por nivel", "Summary by level"),
        level: pick("Nivel", "Level"),
        other_labs: pick("Otros laboratorios", "Other labs"),
        passed: pick("superado", "passed"),
        passed_count: pick("superados", "passed"),
        tried: pick("intentado", "tried"),
        not_started: pick("sin intentar", "not started"),
        exercise: pick("Ejercicio", "Exercise"),
        status: pick("Estado", "Status"),
        first_pass: pick("Superado por primera vez", "First passed"),
        attempts: pick("Intentos", "Attempts"),
        time_running: pick("Tiempo con el laboratorio en marcha", "Time with the lab running"),
        no_exercises: pick("Aún no hay ejercicios registrados.", "No exercises recorded yet."),
        no_labs: pick("Aún no hay progreso registrado.", "No progress recorded yet."),
    }
}

/// `Level 2` / `Nivel 2`, or the heading for labs outside the course's levels.
pub(super) fn level_name(level: Option<u8>, lang: Lang) -> String {
    let w = words(lang);
    match level {
        Some(n) => format!("{} {n}", w.level),
        None => w.other_labs,
    }
}

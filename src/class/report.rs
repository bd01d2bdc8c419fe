//! The class report: students × exercises, from the class's store (every `class check` run,
//! under each student's stack) merged with the progress exports students hand in
//! (`nivel progress export --format json`, matched to the roster by their identity's id). A
//! cell is passed when either source saw the exercise pass; its first pass is the earlier one
//! and its attempts the sum of both. Written as JSON, Markdown or a self-contained HTML page.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::lab::{Exercise, Text};
use crate::progress::report::{html_escape, markdown_escape};
use crate::progress::{Store, UnixMillis};

use super::{ClassError, ClassFile};

/// The report's JSON shape; it changes when a field changes meaning or goes away.
pub const FORMAT: u32 = 1;

#[derive(Clone, Debug, Serialize)]
pub struct ClassReport {
    pub format: u32,
    pub class: String,
    pub lab: String,
    pub generated_at: String,
    pub exercises: Vec<ExerciseColumn>,
    pub students: Vec<StudentRow>,
    /// Every export read, and the student it was matched to.
    pub exports: Vec<ExportUsed>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExerciseColumn {
    pub id: String,
    pub title: Text,
}

#[derive(Clone, Debug, Serialize)]
pub struct StudentRow {
    pub id: String,
    pub name: String,
    pub email: Option<String>,
    pub passed: usize,
    pub total: usize,
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Cell {
    pub exercise: String,
    pub passed: bool,
    pub first_passed_at: Option<String>,
    pub attempts: u32,
    /// Where it was seen: `class` (the class's checks), `export` (the student's own).
    pub sources: Vec<&'static str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ExportUsed {
    pub file: PathBuf,
    /// The roster's student it was matched to; `None` when its identity matches no one.
    pub student: Option<String>,
}

/// What of a student's export the report reads.
#[derive(Deserialize)]
struct Export {
    identity: ExportIdentity,
    #[serde(default)]
    levels: Vec<ExportLevel>,
}

#[derive(Deserialize)]
struct ExportIdentity {
    id: Option<String>,
}

#[derive(Deserialize)]
struct ExportLevel {
    #[serde(default)]
    labs: Vec<ExportLab>,
}

#[derive(Deserialize)]
struct ExportLab {
    id: String,
    #[serde(default)]
    exercises: Vec<ExportExercise>,
}

#[derive(Deserialize)]
struct ExportExercise {
    id: String,
    #[serde(default)]
    attempts: u32,
    first_passed_at: Option<String>,
}

/// An export larger than this is not one.
const EXPORT_LIMIT: u64 = 8 << 20;

/// The report of `class` (whose lab has `lab_id` and `exercises`) from the store at `store`
/// (missing: no check ran yet) and the exports `exports`.
pub fn build(class: &ClassFile, lab_id: &str, exercises: &[Exercise], store: &Path, exports: &[PathBuf], now: UnixMillis) -> Result<ClassReport, ClassError> {
    let store = if store.exists() { Some(Store::open_to_read(store).map_err(|e| ClassError::Store(e.to_string()))?) } else { None };
    let mut handed: BTreeMap<String, BTreeMap<String, (u32, Option<String>)>> = BTreeMap::new();
    let mut used = Vec::new();
    for file in exports {
        let export = read_export(file)?;
        let student = export.identity.id.filter(|id| class.students.iter().any(|s| &s.id == id));
        if let Some(id) = &student {
            let cells = handed.entry(id.clone()).or_default();
            for lab in export.levels.iter().flat_map(|l| &l.labs).filter(|l| l.id == lab_id) {
                for e in &lab.exercises {
                    let cell = cells.entry(e.id.clone()).or_default();
                    cell.0 += e.attempts;
                    cell.1 = earliest(cell.1.take(), e.first_passed_at.clone());
                }
            }
        }
        used.push(ExportUsed { file: file.clone(), student });
    }
    let mut students = Vec::new();
    for s in &class.students {
        let records = match &store {
            Some(store) => store.exercises().of_lab(&super::kube::namespace(class, s)).map_err(|e| ClassError::Store(e.to_string()))?,
            None => Vec::new(),
        };
        let cells: Vec<Cell> = exercises
            .iter()
            .map(|e| {
                let mut cell = Cell { exercise: e.id.clone(), ..Cell::default() };
                if let Some(r) = records.iter().find(|r| r.exercise == e.id) {
                    cell.attempts += r.attempts;
                    cell.first_passed_at = r.first_passed.map(UnixMillis::rfc3339);
                    cell.sources.push("class");
                }
                if let Some((attempts, first)) = handed.get(&s.id).and_then(|h| h.get(&e.id)) {
                    cell.attempts += attempts;
                    cell.first_passed_at = earliest(cell.first_passed_at.take(), first.clone());
                    cell.sources.push("export");
                }
                cell.passed = cell.first_passed_at.is_some();
                cell
            })
            .collect();
        students.push(StudentRow {
            id: s.id.clone(),
            name: s.name.clone(),
            email: s.email.clone(),
            passed: cells.iter().filter(|c| c.passed).count(),
            total: cells.len(),
            cells,
        });
    }
    Ok(ClassReport {
        format: FORMAT,
        class: class.id.clone(),
        lab: lab_id.to_owned(),
        generated_at: now.rfc3339(),
        exercises: exercises.iter().map(|e| ExerciseColumn { id: e.id.clone(), title: e.title.clone() }).collect(),
        students,
        exports: used,
    })
}

/// RFC 3339 times in UTC compare as text.
fn earliest(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b < a { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn read_export(file: &Path) -> Result<Export, ClassError> {
    use std::io::Read;
    let bad = |why: String| ClassError::Export { path: file.to_path_buf(), why };
    let meta = std::fs::metadata(file).map_err(|e| bad(e.to_string()))?;
    if !meta.is_file() {
        return Err(bad("not a regular file".into()));
    }
    let mut text = String::new();
    std::fs::File::open(file).map_err(|e| bad(e.to_string()))?.take(EXPORT_LIMIT + 1).read_to_string(&mut text).map_err(|e| bad(e.to_string()))?;
    if text.len() as u64 > EXPORT_LIMIT {
        return Err(bad(format!("larger than {EXPORT_LIMIT} bytes")));
    }
    serde_json::from_str(&text).map_err(|e| bad(e.to_string()))
}

/// The report as Markdown: one table, a row per student.
pub fn markdown(r: &ClassReport, lang: crate::i18n::Lang) -> String {
    let es = lang == crate::i18n::Lang::Es;
    let mut s = format!("# {} {} — {}\n\n", if es { "Clase" } else { "Class" }, markdown_escape(&r.class), markdown_escape(&r.lab));
    s.push_str(&format!("{} {}\n\n", if es { "Generado el" } else { "Generated" }, r.generated_at));
    s.push_str(if es { "| Estudiante | Superados |" } else { "| Student | Passed |" });
    for e in &r.exercises {
        s.push_str(&format!(" {} |", markdown_escape(e.title.get(lang))));
    }
    s.push_str("\n|---|---|");
    s.push_str(&"---|".repeat(r.exercises.len()));
    s.push('\n');
    for row in &r.students {
        s.push_str(&format!("| {} ({}) | {}/{} |", markdown_escape(&row.name), markdown_escape(&row.id), row.passed, row.total));
        for c in &row.cells {
            s.push_str(&format!(" {} |", cell_text(c, es)));
        }
        s.push('\n');
    }
    s
}

fn cell_text(c: &Cell, es: bool) -> String {
    let tries = |n: u32| if es { if n == 1 { "1 intento".to_owned() } else { format!("{n} intentos") } } else if n == 1 { "1 attempt".to_owned() } else { format!("{n} attempts") };
    match &c.first_passed_at {
        Some(at) => format!("✔ {at} ({})", tries(c.attempts)),
        None if c.attempts > 0 => format!("✘ ({})", tries(c.attempts)),
        None => "—".to_owned(),
    }
}

/// The report as one HTML page with its style inline: opens in any browser, offline.
pub fn html(r: &ClassReport, lang: crate::i18n::Lang) -> String {
    let es = lang == crate::i18n::Lang::Es;
    let title = format!("{} {} — {}", if es { "Clase" } else { "Class" }, r.class, r.lab);
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\nbody{{font-family:system-ui,sans-serif;margin:2rem;color:#1b1f24}}\ntable{{border-collapse:collapse}}\nth,td{{border:1px solid #c9d1d9;padding:.4rem .6rem;text-align:left;font-size:.9rem}}\nth{{background:#f3f5f7}}\ntd.passed{{background:#e6f4ea}}\ntd.tried{{background:#fdecea}}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{} {}</p>\n<table>\n<thead><tr><th>{}</th><th>{}</th>",
        if es { "es" } else { "en" },
        html_escape(&title),
        html_escape(&title),
        if es { "Generado el" } else { "Generated" },
        html_escape(&r.generated_at),
        if es { "Estudiante" } else { "Student" },
        if es { "Superados" } else { "Passed" },
    );
    for e in &r.exercises {
        s.push_str(&format!("<th>{}</th>", html_escape(e.title.get(lang))));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &r.students {
        s.push_str(&format!("<tr><td>{} ({})</td><td>{}/{}</td>", html_escape(&row.name), html_escape(&row.id), row.passed, row.total));
        for c in &row.cells {
            let class = if c.passed { "passed" } else if c.attempts > 0 { "tried" } else { "none" };
            s.push_str(&format!("<td class=\"{class}\">{}</td>", html_escape(&cell_text(c, es))));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> ClassReport {
        let cell = |passed: bool, attempts| Cell { exercise: "work".into(), passed, first_passed_at: passed.then(|| "2026-01-05T10:00:00Z".into()), attempts, sources: vec!["class"] };
        let row = |id: &str, name: &str, c: Cell| StudentRow { id: id.into(), name: name.into(), email: None, passed: usize::from(c.passed), total: 1, cells: vec![c] };
        ClassReport {
            format: FORMAT,
            class: "mlops".into(),
            lab: "level-0".into(),
            generated_at: "2026-01-06T00:00:00Z".into(),
            exercises: vec![ExerciseColumn { id: "work".into(), title: Text::new("Trabajo | <b>", "Work | <b>") }],
            students: vec![row("ana", "<script>alert(1)</script>", cell(true, 1)), row("luis", "Luis", cell(false, 3))],
            exports: Vec::new(),
        }
    }

    #[test]
    fn the_earliest_first_pass_wins() {
        let t = |s: &str| Some(s.to_owned());
        assert_eq!(earliest(t("2026-02-01T00:00:00Z"), t("2026-01-01T00:00:00Z")), t("2026-01-01T00:00:00Z"), "the export's earlier pass");
        assert_eq!(earliest(None, t("2026-01-01T00:00:00Z")), t("2026-01-01T00:00:00Z"), "one source alone");
        assert_eq!(earliest(None, None), None, "never passed");
    }

    #[test]
    fn html_and_markdown_show_names_as_written() {
        let page = html(&report(), crate::i18n::Lang::En);
        assert!(!page.contains("<script>") && page.contains("&lt;script&gt;"), "a name is text, never markup: {page}");
        assert!(page.contains("1 attempt") && page.contains("3 attempts"), "attempts in the singular and plural: {page}");
        let md = markdown(&report(), crate::i18n::Lang::Es);
        assert!(md.contains("Trabajo \\| \\<b\\>"), "a title cannot break the table: {md}");
        assert!(md.contains("3 intentos"), "in Spanish: {md}");
        assert_eq!(md.lines().filter(|l| l.starts_with("| ")).count(), 3, "a header and a row per student: {md}");
    }
}

//! Lab files (`lab.toml`, described in docs/labs.md): read in two steps, raw structs that
//! remember where each value was written, then a validated [`LabSpec`] checked against the
//! lab's own compose project. Every problem is collected with its file, line and column, so
//! `nivel lab lint` can list them all at once; a folder without `lab.toml` is a plain compose
//! project and still loads.

mod check;
mod confined;
mod credential;
mod fields;
mod model;
mod problem;
mod project;
mod raw;
mod units;
mod validate;

#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::compose::files::{self, InputError};
use crate::compose::{Environment, LoadedProject};

use super::catalog::BuiltinLab;
use super::Text;
use super::install::{self, InstallError};

pub use check::DEFAULT_TIMEOUT;
pub use credential::fill as fill_credentials;
pub use model::{CredentialSpec, Exercise, LabSpec, Link};
pub use problem::{LintProblem, Severity};
pub use units::{parse_size, parse_timeout, UnitError, MAX_TIMEOUT};

/// The newest lab-file format this Nivel reads.
pub const FORMAT: u32 = 1;

/// The name of a lab's file inside its folder.
pub const LAB_FILE: &str = "lab.toml";

/// The largest `lab.toml` read: real ones are a few kilobytes.
const MAX_LAB_FILE_BYTES: usize = 1024 * 1024;

/// A lab that cannot be used: the errors (and warnings) `nivel lab lint` would print.
#[derive(Debug, thiserror::Error)]
pub struct LabLoadError {
    pub dir: PathBuf,
    pub problems: Vec<LintProblem>,
}

impl LabLoadError {
    fn errors(&self) -> impl Iterator<Item = &LintProblem> {
        self.problems.iter().filter(|p| p.is_error())
    }
}

impl fmt::Display for LabLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::app::Problem::text(self).en)
    }
}

/// Each problem reads as the linter prints it, in the language of the text.
impl crate::app::Problem for LabLoadError {
    fn code(&self) -> &'static str {
        "lab.invalid"
    }

    fn text(&self) -> Text {
        let count = Text::count(self.errors().count(), ("error", "errores"), ("error", "errors"));
        let lines = |lang| self.errors().map(|p| format!("\n{}", p.render(lang))).collect::<String>();
        let dir = self.dir.display();
        Text::new(
            format!("el laboratorio de {dir} tiene {}:{}", count.es, lines(crate::i18n::Lang::Es)),
            format!("the lab in {dir} has {}:{}", count.en, lines(crate::i18n::Lang::En)),
        )
    }

    fn remedy(&self) -> Option<crate::app::Remedy> {
        Some(crate::app::Remedy::FixLabFile { path: self.dir.join(LAB_FILE).display().to_string() })
    }

    fn is_input(&self) -> bool {
        true
    }
}

/// Loads the lab in `dir`: its `lab.toml` (when there is one) validated against its compose
/// project, interpolated with `os_env`. A credential's variable that `os_env` lacks holds a
/// stand-in: to run the lab, load it again with its secrets in `os_env` (what
/// `crate::app::open` does).
pub fn load_lab(dir: &Path, os_env: Environment) -> Result<(LabSpec, LoadedProject), LabLoadError> {
    let examined = examine(dir, os_env);
    match (examined.spec, examined.project) {
        (Some(spec), Some(project)) if !examined.problems.iter().any(LintProblem::is_error) => Ok((spec, project)),
        _ => Err(LabLoadError { dir: dir.to_path_buf(), problems: examined.problems }),
    }
}

/// Every problem of the lab in `dir`, errors first within each file, by line. The lab is
/// judged as shipped: no variables from the OS environment, only its own `.env`.
pub fn lint(dir: &Path) -> Vec<LintProblem> {
    examine(dir, Environment::new()).problems
}

/// [`lint`] for a built-in lab, written to `data_dir` first; it must also have a `lab.toml`
/// whose id and level are the catalog's.
pub fn lint_builtin(lab: &BuiltinLab, data_dir: &Path) -> Result<Vec<LintProblem>, InstallError> {
    let dir = install::install(lab, data_dir)?.dir;
    let file = dir.join(LAB_FILE);
    let examined = examine(&dir, Environment::new());
    let mut problems = examined.problems;
    let whole = |message: Text, fix: Text| LintProblem { file: file.clone(), line: 1, col: 1, severity: Severity::Error, message, fix };
    let id = lab.id;
    if !file.is_file() {
        problems.push(whole(
            Text::new(format!("el laboratorio incluido {id} no tiene {LAB_FILE}"), format!("built-in lab {id} has no {LAB_FILE}")),
            Text::new("escriba labs/<id>/lab.toml (vea docs/labs.md)", "write labs/<id>/lab.toml (see docs/labs.md)"),
        ));
    } else if let Some(spec) = examined.spec {
        if spec.id != lab.id {
            let says = format!("`id = \"{}\"`", spec.id);
            problems.push(whole(
                Text::new(format!("el laboratorio incluido {id} dice {says}"), format!("built-in lab {id} says {says}")),
                Text::new("el id de un laboratorio incluido es el nombre de su carpeta", "a built-in lab's id is its folder's name"),
            ));
        }
        if spec.level != Some(lab.level) {
            let level = lab.level;
            problems.push(whole(
                Text::new(format!("el laboratorio incluido {id} debe decir `level = {level}`"), format!("built-in lab {id} must say `level = {level}`")),
                Text::new("el nivel de un laboratorio incluido es el número del nombre de su carpeta", "a built-in lab's level is the number in its folder's name"),
            ));
        }
    }
    Ok(problems)
}

struct Examined {
    spec: Option<LabSpec>,
    project: Option<LoadedProject>,
    problems: Vec<LintProblem>,
}

fn examine(dir: &Path, mut os_env: Environment) -> Examined {
    let file = dir.join(LAB_FILE);
    let text = match files::read_input(&file, Some(dir), MAX_LAB_FILE_BYTES) {
        Ok(text) => text,
        Err(InputError::Missing) => {
            let (project, mut problems) = project::load(dir, &[], None, os_env, &file);
            let spec = project.as_ref().map(|p| validate::for_folder(dir, &p.files));
            if let Some(p) = &project {
                problems.extend(confined::outside_paths(p, dir));
                problems.extend(project::image_warnings(p));
            }
            return Examined { spec, project, problems: sorted(problems) };
        }
        Err(e) => {
            let line = e.line().unwrap_or(0);
            let problem = LintProblem {
                file,
                line,
                col: u32::from(line > 0),
                severity: Severity::Error,
                // The file reader's words, shared with the compose loader, are English only.
                message: Text::same(e.problem(Path::new("the lab file"))),
                fix: Text::same(e.fix()),
            };
            return Examined { spec: None, project: None, problems: vec![problem] };
        }
    };
    let mut out = problem::Problems::new(&file, &text);
    let Some(raw) = raw::read(&text, &mut out) else {
        return Examined { spec: None, project: None, problems: sorted(out.list) };
    };
    if raw.format.as_ref().is_some_and(|f| *f.get_ref() > i64::from(FORMAT)) {
        // A newer format may mean anything; only the format itself is reported.
        let mut only = problem::Problems::new(&file, &text);
        let span = raw.format.as_ref().map(|f| f.span()).unwrap_or(0..0);
        only.error(span, validate::newer_format(raw.format.as_ref().map_or(0, |f| *f.get_ref())), validate::update_nivel());
        return Examined { spec: None, project: None, problems: only.list };
    }
    let (files, compose_span) = validate::compose_files(&raw, &mut out);
    credential::stand_ins(&raw, &mut os_env);
    let name = raw.id.as_ref().map(|i| i.get_ref().as_str()).filter(|i| fields::is_id(i));
    let (project, compose_problems) = project::load(dir, &files, name, os_env, &file);
    for mut p in compose_problems {
        if p.file == file && p.line == 0 {
            let (line, col) = problem::line_col(&text, compose_span.start);
            (p.line, p.col) = (line, col);
        }
        out.add(p);
    }
    let facts = project.as_ref().map(|p| fields::ProjectFacts::of(&p.project));
    if let Some(p) = &project {
        for problem in confined::outside_paths(p, dir).into_iter().chain(project::image_warnings(p)) {
            out.add(problem);
        }
        credential::unused_variables(&raw, &p.files, &mut out);
    }
    let files = project.as_ref().map(|p| p.files.iter().map(|f| f.strip_prefix(&p.project_dir).map_or_else(|_| f.clone(), Path::to_path_buf)).collect()).unwrap_or(files);
    let spec = validate::lab(&raw, files, facts.as_ref(), &mut out);
    if let (Some(p), Some(spec)) = (&project, &spec) {
        for problem in project::start_interval_warnings(p, spec.requirements.engine) {
            out.add(problem);
        }
    }
    Examined { spec, project, problems: sorted(out.list) }
}

/// Errors before warnings, each by file and place.
fn sorted(mut problems: Vec<LintProblem>) -> Vec<LintProblem> {
    problems.sort_by(|a, b| (a.severity, &a.file, a.line, a.col).cmp(&(b.severity, &b.file, b.line, b.col)));
    problems
}

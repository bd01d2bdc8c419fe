//! A lab's compose project as lint sees it: loaded with the lab folder as project directory,
//! its errors turned into lint problems at their own file and line, and its images checked
//! for a pinned version.

use std::path::{Path, PathBuf};

use crate::compose::project::DEFAULT_FILES;
use crate::compose::{self, Environment, LoadError, LoadedProject, ProjectOptions, Span};

use crate::lab::{EngineVersion, Text};

use super::problem::{LintProblem, Severity};

/// Loads the compose files `files` (relative to `dir`; empty means the first of compose's
/// default names in `dir` itself, never a parent's). Problems with no place of their own
/// are put on `lab_file` at line 0, for the caller to place.
pub(super) fn load(dir: &Path, files: &[PathBuf], name: Option<&str>, os_env: Environment, lab_file: &Path) -> (Option<LoadedProject>, Vec<LintProblem>) {
    // Compose resolves relative paths against the project directory, so it must be absolute.
    let absolute = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let dir = absolute.as_path();
    let files: Vec<PathBuf> = if files.is_empty() {
        // Whatever exists under a default name is the compose file; reading it says what it
        // is when it is not a file.
        match DEFAULT_FILES.iter().map(|f| dir.join(f)).find(|p| p.exists() || p.is_symlink()) {
            Some(f) => vec![f],
            None => {
                let problem = LintProblem {
                    file: lab_file.to_path_buf(),
                    line: 0,
                    col: 0,
                    severity: Severity::Error,
                    message: Text::new(format!("no hay ningún archivo compose en {}", dir.display()), format!("no compose file in {}", dir.display())),
                    fix: Text::new(
                        format!("añada un compose.yaml a la carpeta del laboratorio, o nombre sus archivos compose con `compose = [\"…\"]` en {}", super::LAB_FILE),
                        format!("add a compose.yaml to the lab folder, or name the lab's compose files with `compose = [\"…\"]` in {}", super::LAB_FILE),
                    ),
                };
                return (None, vec![problem]);
            }
        }
    } else {
        files.iter().map(|f| dir.join(f)).collect()
    };
    let opts = ProjectOptions {
        files,
        name: name.map(str::to_owned),
        project_dir: Some(dir.to_path_buf()),
        os_env,
        cwd: dir.to_path_buf(),
        allowed_dir: Some(dir.to_path_buf()),
        ..Default::default()
    };
    match compose::load_project(&opts) {
        Ok(project) => (Some(project), Vec::new()),
        Err(e) => (None, vec![from_load_error(&e, lab_file)]),
    }
}

/// The compose loader's problem, in its own words: they follow Docker Compose's, in English.
fn from_load_error(e: &LoadError, lab_file: &Path) -> LintProblem {
    let (file, line, col) = match &e.span {
        Some(span) if !span.is_synthetic() => (PathBuf::from(&*span.file), span.line, span.col),
        _ => (lab_file.to_path_buf(), 0, 0),
    };
    LintProblem {
        file,
        line,
        col,
        severity: Severity::Error,
        message: Text::same(format!("compose: {}", e.problem)),
        fix: e.fix.clone().map_or_else(
            || Text::new("corrija el archivo compose (`nivel config` muestra cómo lo lee Nivel)", "correct the compose file (`nivel config` shows how Nivel reads it)"),
            Text::same,
        ),
    }
}

/// A warning per service whose image has no version: `latest` changes under a lab.
pub(super) fn image_warnings(loaded: &LoadedProject) -> Vec<LintProblem> {
    let mut warnings = Vec::new();
    for (name, service) in &loaded.project.services {
        if service.image.is_empty() || is_pinned(&service.image) {
            continue;
        }
        warnings.push(warning_at(
            loaded,
            &["services", name, "image"],
            Text::new(
                format!("el servicio `{name}` usa la imagen `{}` sin versión", service.image),
                format!("service `{name}` uses image `{}` without a version", service.image),
            ),
            Text::new(
                "fije la imagen a una etiqueta de versión (`postgres:16.6-bookworm`) o a un digest, para que todos los estudiantes ejecuten el mismo laboratorio",
                "pin the image to a version tag (`postgres:16.6-bookworm`) or a digest, so every student runs the same lab",
            ),
        ));
    }
    warnings
}

/// The engine that first honours a healthcheck's `start_interval` (API 1.44); Docker Compose
/// refuses the field on older engines.
const START_INTERVAL_ENGINE: EngineVersion = EngineVersion { major: 25, minor: 0, patch: 0 };

/// A warning per healthcheck with `start_interval` when the lab allows engines older than 25:
/// students there could not start it with Docker Compose.
pub(super) fn start_interval_warnings(loaded: &LoadedProject, engine: Option<EngineVersion>) -> Vec<LintProblem> {
    if engine.is_some_and(|e| e >= START_INTERVAL_ENGINE) {
        return Vec::new();
    }
    let allowed = engine.map_or_else(|| "any".to_owned(), |e| format!("{}.{}", e.major, e.minor));
    let mut warnings = Vec::new();
    for (name, service) in &loaded.project.services {
        if service.healthcheck.as_ref().and_then(|h| h.start_interval).is_none() {
            continue;
        }
        warnings.push(warning_at(
            loaded,
            &["services", name, "healthcheck", "start_interval"],
            Text::new(
                format!("el servicio `{name}` usa `start_interval`, que requiere Docker Engine 25 o posterior, pero el laboratorio admite motores desde {allowed} (`engine` en [requirements])"),
                format!("service `{name}` uses `start_interval`, which needs Docker Engine 25 or later, but the lab allows engines from {allowed} (`engine` in [requirements])"),
            ),
            Text::new(
                "quite `start_interval` (un `interval` más corto hace lo mismo en todo motor) o pida `engine = \">=25.0\"`",
                "remove `start_interval` (a shorter `interval` does the same on every engine) or require `engine = \">=25.0\"`",
            ),
        ));
    }
    warnings
}

/// A warning at the node `path` of the project (its first file when the node has no place).
fn warning_at(loaded: &LoadedProject, path: &[&str], message: Text, fix: Text) -> LintProblem {
    let span = loaded.tree.get_path(path).map(|n| n.span.clone());
    let (file, line, col) = place(span.as_ref(), loaded);
    LintProblem { file, line, col, severity: Severity::Warning, message, fix }
}

fn place(span: Option<&Span>, loaded: &LoadedProject) -> (PathBuf, u32, u32) {
    match span {
        Some(s) if !s.is_synthetic() => (PathBuf::from(&*s.file), s.line, s.col),
        _ => (loaded.files.first().cloned().unwrap_or_default(), 0, 0),
    }
}

/// A tag other than `latest`, or a digest.
pub(super) fn is_pinned(image: &str) -> bool {
    if image.contains('@') {
        return true;
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.split_once(':') {
        Some((_, tag)) => !tag.is_empty() && tag != "latest",
        None => false,
    }
}

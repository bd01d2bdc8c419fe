//! `nivel lab lint [PATH]...`: checks lab files the way Nivel will read them, and prints every
//! problem as `file:line:col: severity: message` with its fix, in the user's language.
//! Instructors run it on the lab they write; CI runs it on every built-in lab.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nivel::compose::files::{self, InputError};
use nivel::lab::{self, spec, LintProblem, Severity, Text};

use super::json_flag::JsonFlag;
use super::CliError;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: LabCommand,
}

#[derive(Debug, clap::Subcommand)]
enum LabCommand {
    /// Check lab files: every problem with file:line:col and its fix; exit 2 on any error.
    Lint(LintArgs),
}

#[derive(Debug, clap::Args)]
struct LintArgs {
    /// Lab folders or lab.toml files; every built-in lab when none is given.
    paths: Vec<PathBuf>,
    #[command(flatten)]
    output: JsonFlag,
}

pub fn run(args: Args) -> Result<ExitCode, CliError> {
    match args.command {
        LabCommand::Lint(args) => lint(args),
    }
}

fn lint(args: LintArgs) -> Result<ExitCode, CliError> {
    let mut problems = Vec::new();
    let count = if args.paths.is_empty() {
        let data_dir = lab::data_dir().map_err(lab::ResolveError::from)?;
        let labs = lab::catalog();
        for builtin in &labs {
            problems.extend(lab::lint_builtin(builtin, &data_dir).map_err(lab::ResolveError::from)?);
        }
        labs.len()
    } else {
        for path in &args.paths {
            match lab_folder(path) {
                Ok(dir) => problems.extend(lab::lint(&dir)),
                Err(p) => problems.push(*p),
            }
        }
        args.paths.len()
    };
    let lang = super::env_lang();
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = std::io::stdout().lock();
    for p in &mut problems {
        // Compose reports absolute paths; under the current folder they read better relative.
        if let Ok(rel) = p.file.strip_prefix(&cwd) {
            p.file = rel.to_path_buf();
        }
    }
    if args.output.json() {
        let errors = problems.iter().filter(|p| p.is_error()).count();
        let doc = serde_json::json!({"labs": count, "errors": errors, "warnings": problems.len() - errors, "problems": &problems});
        serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        for p in &problems {
            writeln!(out, "{}", p.render(lang))?;
        }
        writeln!(out, "{}", summary(count, &problems).get(lang))?;
    }
    let failed = problems.iter().any(LintProblem::is_error);
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// The folder `path` names: itself, or the folder of a `lab.toml`.
fn lab_folder(path: &Path) -> Result<PathBuf, Box<LintProblem>> {
    let problem = |message: Text, fix: Text| Box::new(LintProblem { file: path.to_path_buf(), line: 0, col: 0, severity: Severity::Error, message, fix });
    if path.is_dir() {
        return Ok(path.to_path_buf());
    }
    // A `lab.toml` is taken whatever it is (linting it says when it is not a file).
    if path.file_name().is_some_and(|n| n == spec::LAB_FILE) && (path.exists() || path.is_symlink()) {
        return Ok(path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf));
    }
    match files::kind_of(path) {
        Ok(None) => Err(problem(
            Text::new(
                format!("no es un laboratorio: lint lee la carpeta de un laboratorio o su {}", spec::LAB_FILE),
                format!("not a lab: lint reads a lab folder or its {}", spec::LAB_FILE),
            ),
            Text::new("indique la carpeta del laboratorio o su lab.toml", "give the lab's folder or its lab.toml"),
        )),
        Ok(Some(kind)) => {
            let kind = kind.text();
            Err(problem(
                Text::new(format!("es {}, no la carpeta de un laboratorio", kind.es), format!("{}, not a lab folder", kind.en)),
                Text::new("indique la ruta de la carpeta de un laboratorio o de su lab.toml", "give the path of a lab folder or of its lab.toml"),
            ))
        }
        Err(InputError::Missing) => Err(problem(
            Text::new("no existe ese archivo ni esa carpeta", "no such file or folder"),
            Text::new(
                "indique la ruta de la carpeta de un laboratorio, o ejecute `nivel lab lint` sin más para revisar los laboratorios incluidos",
                "give the path of a lab folder, or run `nivel lab lint` alone to check the built-in labs",
            ),
        )),
        // The file reader's words, shared with the compose loader, are English only.
        Err(e) => Err(problem(Text::same(e.problem(Path::new("it"))), Text::same(e.fix()))),
    }
}

/// The last line: how many labs were checked and what was found.
fn summary(labs: usize, problems: &[LintProblem]) -> Text {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let checked = Text::new(count(labs, "laboratorio revisado", "laboratorios revisados"), count(labs, "lab checked", "labs checked"));
    if problems.is_empty() {
        return Text::new(format!("{}: sin problemas", checked.es), format!("{}: no problems", checked.en));
    }
    Text::new(
        format!("{}: {}, {}", checked.es, count(errors, "error", "errores"), count(warnings, "aviso", "avisos")),
        format!("{}: {}, {}", checked.en, count(errors, "error", "errors"), count(warnings, "warning", "warnings")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_errors_and_warnings() {
        let p = |severity| LintProblem { file: "x".into(), line: 1, col: 1, severity, message: Text::default(), fix: Text::default() };
        assert_eq!(summary(5, &[]), Text::new("5 laboratorios revisados: sin problemas", "5 labs checked: no problems"), "a clean run");
        let found = [p(Severity::Error), p(Severity::Warning), p(Severity::Warning)];
        let expected = Text::new("1 laboratorio revisado: 1 error, 2 avisos", "1 lab checked: 1 error, 2 warnings");
        assert_eq!(summary(1, &found), expected, "counts by severity, in each language");
    }
}

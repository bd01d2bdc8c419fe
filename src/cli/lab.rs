//! `nivel lab lint [PATH]...`: checks lab files the way Nivel will read them, and prints every
//! problem as `file:line:col: severity: message` with its fix. Instructors run it on the lab
//! they write; CI runs it on every built-in lab.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use nivel::compose::files::{self, InputError};
use nivel::lab::{self, spec, LintProblem, Severity};

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
                Err(p) => problems.push(p),
            }
        }
        args.paths.len()
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut out = std::io::stdout().lock();
    for p in &mut problems {
        // Compose reports absolute paths; under the current folder they read better relative.
        if let Ok(rel) = p.file.strip_prefix(&cwd) {
            p.file = rel.to_path_buf();
        }
        writeln!(out, "{p}")?;
    }
    writeln!(out, "{}", summary(count, &problems))?;
    let failed = problems.iter().any(LintProblem::is_error);
    Ok(if failed { ExitCode::from(2) } else { ExitCode::SUCCESS })
}

/// The folder `path` names: itself, or the folder of a `lab.toml`.
fn lab_folder(path: &Path) -> Result<PathBuf, LintProblem> {
    let problem = |message: String, fix: &str| LintProblem {
        file: path.to_path_buf(),
        line: 0,
        col: 0,
        severity: Severity::Error,
        message,
        fix: fix.to_string(),
    };
    if path.is_dir() {
        return Ok(path.to_path_buf());
    }
    // A `lab.toml` is taken whatever it is (linting it says when it is not a file).
    if path.file_name().is_some_and(|n| n == spec::LAB_FILE) && (path.exists() || path.is_symlink()) {
        return Ok(path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf));
    }
    match files::kind_of(path) {
        Ok(None) => Err(problem(format!("not a lab: lint reads a lab folder or its {}", spec::LAB_FILE), "give the lab's folder or its lab.toml")),
        Ok(Some(kind)) => Err(problem(format!("{kind}, not a lab folder"), "give the path of a lab folder or of its lab.toml")),
        Err(InputError::Missing) => Err(problem("no such file or folder".to_string(), "give the path of a lab folder, or run `nivel lab lint` alone to check the built-in labs")),
        Err(e) => Err(problem(e.problem(Path::new("it")), e.fix())),
    }
}

fn summary(labs: usize, problems: &[LintProblem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if problems.is_empty() {
        return format!("{} checked: no problems", plural(labs, "lab"));
    }
    format!("{} checked: {}, {}", plural(labs, "lab"), plural(errors, "error"), plural(warnings, "warning"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_errors_and_warnings() {
        let p = |severity| LintProblem { file: "x".into(), line: 1, col: 1, severity, message: String::new(), fix: String::new() };
        assert_eq!(summary(5, &[]), "5 labs checked: no problems", "a clean run");
        assert_eq!(summary(1, &[p(Severity::Error), p(Severity::Warning), p(Severity::Warning)]), "1 lab checked: 1 error, 2 warnings", "counts by severity");
    }
}

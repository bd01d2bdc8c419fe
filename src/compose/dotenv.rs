//! `.env` and `env_file` files, read the way Docker Compose reads them.
//!
//! The syntax is compose-go's (`dotenv/parser.go`): `KEY=VALUE`, `KEY: VALUE`, an optional
//! `export ` prefix, `#` comment lines, ` #` comments after unquoted values, single quotes
//! (literal), double quotes (escapes, several lines, `${VAR}`), unquoted values (trimmed,
//! `${VAR}`), and bare `KEY` lines that take their value from the environment. A variable in a
//! value is looked up in the caller's environment first and then among the file's own earlier
//! lines, as compose does.

mod escapes;
mod parser;
mod raw;

use std::path::PathBuf;

use super::Environment;
use super::error::{LoadError, Warning};
use parser::Parser;
pub use raw::parse_raw;

/// Parses dotenv text. Each entry is a key and its value, in file order (a key may repeat; the
/// last one wins). A bare `KEY` line takes its value from `lookup` (or from an earlier line of
/// the file); it is `None` when neither has it, and compose then leaves the key out.
/// `lookup` resolves `${VAR}` inside values before the file's own earlier lines are tried.
pub fn parse(
    text: &str,
    file: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<(String, Option<String>)>, LoadError> {
    parse_with_warnings(text, file, lookup, &mut Vec::new())
}

/// [`parse`], also reporting variables used in values that were unset (they became empty).
pub fn parse_with_warnings(
    text: &str,
    file: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<(String, Option<String>)>, LoadError> {
    let mut vars = Environment::new();
    Parser::new(text, file, lookup).run(&mut vars, warnings)
}

/// The environment a project is interpolated with: the OS environment over the project's env
/// files (`.env`, or every `--env-file` in order, a later file overriding an earlier one).
/// Each file sees the OS environment and the values of the files before it.
pub fn project_environment(
    os: &Environment,
    env_files: &[(PathBuf, String)],
) -> Result<Environment, LoadError> {
    project_environment_with_warnings(os, env_files, &mut Vec::new())
}

/// [`project_environment`], also reporting variables used in the files that were unset.
pub fn project_environment_with_warnings(
    os: &Environment,
    env_files: &[(PathBuf, String)],
    warnings: &mut Vec<Warning>,
) -> Result<Environment, LoadError> {
    let lookup = |name: &str| os.get(name).cloned();
    let mut from_files = Environment::new();
    for (path, text) in env_files {
        let file = path.display().to_string();
        Parser::new(text, &file, &lookup).run(&mut from_files, warnings)?;
    }
    let mut env = os.clone();
    for (key, value) in from_files {
        env.entry(key).or_insert(value);
    }
    Ok(env)
}

#[cfg(test)]
mod tests;

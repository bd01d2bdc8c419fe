//! `.env` and `env_file` files, read the way Docker Compose reads them.

use super::error::LoadError;

/// Parses dotenv text. Each entry is a key and its value; `None` for a bare `KEY` line, whose
/// value the caller takes from the environment. `lookup` resolves `${VAR}` inside values
/// (variables defined earlier in the same file are visible to later lines).
pub fn parse(
    _text: &str,
    _file: &str,
    _lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<(String, Option<String>)>, LoadError> {
    Ok(Vec::new())
}

/// The variables a project is interpolated with: the env files in order (later ones win),
/// then the OS environment over all of them.
pub fn project_environment(
    os: &super::Environment,
    _env_files: &[(std::path::PathBuf, String)],
) -> Result<super::Environment, LoadError> {
    Ok(os.clone())
}

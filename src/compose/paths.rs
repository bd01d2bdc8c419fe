//! Relative paths (build contexts, bind mounts, env files, secrets) made absolute against the
//! project directory; `~` expanded to the home directory.

use std::path::Path;

use super::error::LoadError;
use super::node::Node;

pub fn resolve_paths(_root: &mut Node, _working_dir: &Path, _home: Option<&Path>) -> Result<(), LoadError> {
    Ok(())
}

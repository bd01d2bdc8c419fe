//! Printing the model as `docker compose config` does: YAML like Go's yaml.v3, JSON like Go's
//! encoding/json.
//!
//! Any `serde::Serialize` value prints the way Go prints the matching Go value: a struct
//! (`serialize_struct`) keeps its field order, a map (`serialize_map`) has its keys sorted,
//! bytewise in JSON and in yaml.v3's natural order in YAML (`B9` before `B10`). `None`
//! prints as `null`; leaving a field out is the model's job (`skip_serializing_if`).
//!
//! A struct with `#[serde(flatten)]` reaches the serializer as a map of unknown length; it
//! keeps its order, and a flattened map marked with [`serialize_inline`] prints after the
//! fields with its keys sorted, like Go's `yaml:",inline"` maps (the `x-*` extensions).
//! A map serialised with an unknown length (a hand-written `collect_map` over an iterator
//! without an exact size) is taken for such a struct and keeps its order.

mod float;
mod json;
mod order;
mod resolve;
mod scalar;
mod ser;
mod timestamp;
mod tree;
mod yaml;

#[cfg(test)]
mod tests;

use serde::Serialize;

pub use ser::serialize_inline;

/// Why a value could not be printed. The model only holds printable values, so these point
/// at a bug in the model rather than at the user's files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmitError {
    /// JSON has no NaN or infinity (encoding/json refuses them too).
    #[error("a number is NaN or infinite, which JSON cannot represent")]
    UnsupportedFloat,
    /// JSON object keys must be strings or integers.
    #[error("a map key is not a string or an integer, which JSON cannot represent")]
    UnsupportedKey,
    /// Map keys must be scalars in both formats as printed here.
    #[error("a map key is a list or a mapping")]
    KeyNotScalar,
    #[error("a map value was given without its key")]
    ValueWithoutKey,
    #[error("the integer {0} does not fit in 64 bits")]
    IntegerTooLarge(String),
    /// A `Serialize` implementation reported an error of its own.
    #[error("{0}")]
    Custom(String),
}

impl serde::ser::Error for EmitError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        EmitError::Custom(msg.to_string())
    }
}

/// Prints `value` as `docker compose config` prints YAML: yaml.v3, indent 2, ending with
/// a newline.
pub fn to_yaml<T: Serialize + ?Sized>(value: &T) -> Result<String, EmitError> {
    Ok(yaml::print(&ser::to_tree(value)?))
}

/// Prints `value` as `docker compose config --format json` prints it:
/// `json.MarshalIndent(value, "", "  ")`, with no newline at the end.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String, EmitError> {
    json::print(&ser::to_tree(value)?)
}

//! Compose Specification loader.
//!
//! Reads compose files the way Docker Compose (compose-go) does, stage by stage: parse YAML →
//! interpolate → canonicalise to long syntax → include/extends → merge files → defaults →
//! resolve paths → normalise → validate into the typed model. Every stage works on a [`Node`]
//! tree that remembers where each value came from, so every error can name file:line:col.

pub mod canonical;
pub mod consistency;
pub mod de;
pub mod dotenv;
pub mod emit;
pub mod error;
pub mod extends;
pub mod files;
pub mod include;
pub mod interpolate;
pub mod loader;
pub mod merge;
pub mod model;
pub mod node;
pub mod normalize;
pub mod paths;
pub mod profiles;
pub mod project;
pub mod shellwords;
pub mod template;
pub mod unused;
pub mod yaml;

use std::collections::BTreeMap;

pub use error::{did_you_mean, ErrorKind, LoadError, Warning};
pub use loader::{load_project, render, LoadedProject};
pub use project::ProjectOptions;
pub use node::{Key, Map, Node, Span, Tag, Value};

/// The variables a project is interpolated with: the OS environment over the project's
/// `.env` file (the OS wins, as in Docker Compose).
pub type Environment = BTreeMap<String, String>;

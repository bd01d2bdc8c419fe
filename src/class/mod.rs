//! A class: one lab for every student of a roster, each with their own stack, ports, limits and
//! credentials. The class file (TOML, like the lab file a public format an instructor writes)
//! is read in [`file`]; the pieces it decides live beside it, and [`kube`] turns a class into
//! Kubernetes manifests. Nothing here speaks to an engine or prints.

pub mod credentials;
mod error;
pub mod file;
pub mod kube;
pub mod limits;
pub mod ports;
pub mod render;
pub mod report;
pub mod roster;
mod screen;
pub mod swarm;

pub use error::ClassError;
pub use file::{parse, read, ClassFile};
pub use limits::Limits;
pub use ports::{PortRange, PortSlice};
pub use roster::Student;

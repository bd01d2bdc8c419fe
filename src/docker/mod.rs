//! The Docker engine, through bollard: the only module that imports it. Everything outside
//! sees Nivel's own types.

pub mod clock;
pub mod connect;
mod contexts;
mod default_address;
pub mod labels;
pub mod engine;
pub mod events;
pub mod facts;
pub mod error;
pub mod images;
pub mod ports;
pub mod status;
pub mod logs;
pub mod spec;
pub mod hash;
pub mod plan;
pub mod objects;
pub mod up;
pub mod down;
pub mod reset;
pub mod restart;
pub mod lab_error;
mod transport;
pub mod probe;
pub mod registry;
pub mod forward;
pub mod swarm;

pub use connect::{config_dir, is_supported_endpoint, resolve_host, EngineHost, TlsFiles};
pub use engine::Engine;
pub use error::EngineError;
pub use lab_error::LabError;
#[cfg(feature = "internals")]
pub use {
    engine::EngineVersion,
    lab_error::{FailReason, ServiceFailure},
};

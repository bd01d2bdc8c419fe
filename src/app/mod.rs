//! The use cases a student or instructor performs, shared by every front end: the `nivel` CLI
//! parses arguments and renders these results in a terminal; the desktop app calls the same
//! functions from its commands and renders them in a window. Nothing here prints, reads the
//! process environment or names a command-line flag: what a front end needs to show comes
//! back as data (serialisable results, [`Failure`]s with a [`Remedy`]).

pub mod context;
pub mod error;

mod engine;
mod interim;
mod lifecycle_error;
mod lock;
mod observer;
mod opened;
mod session;
mod up;
mod views;

pub use context::Context;
pub use engine::{connect, engine_status, EngineState};
pub use error::{Failure, Problem, Remedy};
pub use lifecycle_error::LifecycleError;
pub use observer::Observer;
pub use opened::{open, open_builtin, OpenedLab};
pub use up::{lab_up, up, UpRequest, UpSummary};
pub use views::{links, LinkView, PortView, ServiceView};

//! The use cases a student or instructor performs, shared by every front end: the `nivel` CLI
//! parses arguments and renders these results in a terminal; the desktop app calls the same
//! functions from its commands and renders them in a window. Nothing here prints, reads the
//! process environment or names a command-line flag: what a front end needs to show comes
//! back as data (serialisable results, [`Failure`]s with a [`Remedy`]).

pub mod context;
pub mod error;

mod detail;
mod down;
mod engine;
mod feed;
mod lifecycle_error;
mod lock;
mod logs;
mod observer;
mod opened;
mod overview;
mod reset;
mod restart;
mod session;
mod status;
mod up;
mod views;

pub use context::Context;
pub use detail::{lab_detail, Credential, LabDetail};
pub use down::{down, lab_down, DownRequest, DownSummary};
pub use feed::{feed, Change, ChangeFeed, ChangeKind, LabChange};
pub use logs::{logs_follow, LogBatch, LogFollow, LogLine, BATCH_LINES, BATCH_WAIT};
pub use overview::{lab_state, labs_overview, LabCard, LabState, LabsOverview, Tally};
pub use reset::{lab_reset, reset, reset_plan, ResetOutcome, ResetPlan, VolumeView};
pub use restart::{lab_restart, restart, service_start, service_stop, RestartRequest};
pub use status::{status, LabStatus};
pub use engine::{connect, engine_status, EngineState};
pub use error::{Failure, Problem, Remedy};
pub use lifecycle_error::LifecycleError;
pub use observer::Observer;
pub use opened::{open, open_builtin, OpenedLab};
pub use up::{lab_up, up, UpRequest, UpSummary};
pub use views::{links, LinkView, PortView, ServiceView};

#[cfg(test)]
#[path = "codes_tests.rs"]
mod codes_tests;

#[cfg(all(test, feature = "bindings"))]
mod bindings;

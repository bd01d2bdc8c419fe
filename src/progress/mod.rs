//! The student's progress, kept on their own machine: lab sessions, every check run, each
//! exercise's first pass and attempts, the identity printed on reports, and settings. One
//! SQLite file that the CLI and the desktop app open the same way ([`Store::open`]) and may
//! write at the same time; a report for the instructor is built from it ([`report`]).
//!
//! Every table lives in its own module with its migration beside its accessors. Time is
//! always passed in ([`UnixMillis`]), so the store and the reports never read the clock.

mod check_runs;
mod error;
mod exercises;
mod identity;
mod migrate;
mod open;
pub mod report;
mod sessions;
mod settings;
mod time;

pub use check_runs::{CheckRun, CheckRunId, CheckRuns, NewCheckRun, MAX_OBSERVED_BYTES};
pub use error::StoreError;
pub use exercises::{ExerciseRecord, Exercises};
pub use identity::{Identity, IdentityTable};
pub use migrate::SCHEMA_VERSION;
pub use open::{default_path, Store, FILE_NAME};
pub use sessions::{running_time, Action, Outcome, Session, SessionId, Sessions};
pub use settings::Settings;
pub use time::{format_duration, UnixMillis};

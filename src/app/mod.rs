//! The use cases a student or instructor performs, shared by every front end: the `nivel` CLI
//! parses arguments and renders these results in a terminal; the desktop app calls the same
//! functions from its commands and renders them in a window. Nothing here prints, reads the
//! process environment or names a command-line flag: what a front end needs to show comes
//! back as data (serialisable results, [`Failure`]s with a [`Remedy`]).

pub mod context;
pub mod error;

mod builtins;
pub mod check;
mod check_error;
pub mod doctor;
pub mod exercises;
pub mod export;
pub mod identity;
mod observation;
pub mod progress_store;
pub mod progress_view;
pub mod progress_watch;
pub mod settings;
mod study_error;

pub use check::{check, CheckRun, LabRef};
pub use check_error::CheckError;
pub use context::Context;
pub use doctor::{doctor, DoctorError, DoctorReport};
pub use error::{Failure, Problem, Remedy};
pub use exercises::{exercises, CheckView, ExerciseStatus, ExerciseView};
pub use export::{export, ExportError, ExportFormat, Exported};
pub use identity::{identity_get, identity_set, Identity};
pub use progress_view::{progress, ProgressView};
pub use progress_watch::{watch_progress, ProgressChange, ProgressWatch};
pub use settings::{settings_get, settings_set, Settings, SettingsError};
pub use study_error::StudyError;

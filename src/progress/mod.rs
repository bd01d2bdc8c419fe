//! The student's progress, kept on their own machine: lab sessions, every check run, each
//! exercise's first pass and attempts, the identity printed on reports, and settings. One
//! SQLite file that the CLI and the desktop app open the same way ([`Store::open`]) and may
//! write at the same time; a report for the instructor is built from it ([`report`]).
//!
//! Every table lives in its own module with its migration beside its accessors. Time is
//! always passed in ([`UnixMillis`]), so the store and the reports never read the clock.
//!
//! The file is Nivel's alone: marked with [`APPLICATION_ID`], anything else is refused
//! untouched ([`StoreError`]). Reading commands work from a read-only file
//! ([`Store::open_to_read`]); the first write of each day keeps a copy in `backups/`
//! ([`Store::back_up_daily`]), which [`restore`] brings back.

mod backup;
mod changes;
mod check_runs;
mod error;
mod exercises;
mod identify;
mod identity;
mod migrate;
mod open;
mod outlines;
pub mod report;
mod restore;
mod sessions;
mod settings;
mod time;

pub use backup::{backups_folder, list_backups, BackupFile, KEEP};
pub use restore::{find_backup, restore};

pub use changes::ChangeMark;
pub use check_runs::{CheckRun, NewCheckRun, MAX_OBSERVED_BYTES};
pub use error::StoreError;
pub use exercises::ExerciseRecord;
pub use identity::{Identity, IdentityPart};
pub use open::{default_path, Store, FILE_NAME};
pub use sessions::{Action, Outcome, SessionId};
pub use time::{format_duration, UnixMillis};
#[cfg(feature = "internals")]
pub use {
    check_runs::{CheckRunId, CheckRuns},
    error::Foreign,
    exercises::Exercises,
    identify::APPLICATION_ID,
    identity::IdentityTable,
    migrate::SCHEMA_VERSION,
    outlines::Outlines,
    restore::Restored,
    sessions::{running_time, Session, Sessions},
    settings::Settings,
};

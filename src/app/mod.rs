//! The use cases a student or instructor performs, shared by every front end: the `nivel` CLI
//! parses arguments and renders these results in a terminal; the desktop app calls the same
//! functions from its commands and renders them in a window. Nothing here prints, reads the
//! process environment or names a command-line flag: what a front end needs to show comes
//! back as data (serialisable results, [`Failure`]s with a [`Remedy`]).

pub mod context;
pub mod error;

pub mod check;
pub mod class;
pub mod class_check;
mod check_error;
mod detail;
pub mod doctor;
mod down;
mod engine;
pub mod exercises;
pub mod export;
mod feed;
pub mod identity;
mod images;
mod lab_logs;
mod lifecycle_error;
pub mod lock;
mod logs;
mod logs_queue;
mod observation;
mod observer;
pub(crate) mod opened;
mod overview;
pub mod progress_store;
pub mod progress_view;
pub mod progress_watch;
mod reset;
mod restart;
mod session;
pub mod settings;
mod status;
mod study_error;
mod up;
mod views;

pub use check::{check, lab_check, CheckRun};
pub use check_error::CheckError;
pub use context::Context;
pub use detail::{lab_detail, Credential, LabDetail};
pub use doctor::{doctor, DoctorReport};
pub use down::{down, lab_down, DownRequest, DownSummary};
pub use engine::{connect, engine_status, EngineState};
pub use error::{Failure, Problem, Remedy};
/// The engine's errors and endpoint, and a lab's readiness verdict: what front ends render.
pub use crate::docker::{EngineError, EngineHost, LabError};
pub use crate::host::{Level, Reason, Severity, Verdict};
pub use exercises::{exercises, lab_exercises, CheckView, ExerciseStatus, ExerciseView};
pub use export::{export, export_text, ExportError, ExportFormat, Exported};
pub use feed::{feed, Change, ChangeFeed, ChangeKind, LabChange};
pub use identity::{identity_get, identity_set, Identity};
pub use images::{images_load, images_save, ArchiveProgress, ArchivedImages};
pub use lifecycle_error::LifecycleError;
pub use lab_logs::{lab_logs, logs, parse_rfc3339, LabLogs, LogRequest, LogSource};
pub use logs::{logs_follow, LogBatch, LogFollow, LogLine, LogStop, BATCH_LINES, BATCH_WAIT};
pub use observer::Observer;
pub use opened::{open, open_builtin, OpenedLab};
pub use overview::{lab_state, labs_catalog, labs_overview, CatalogCard, LabCard, LabState, LabsOverview, Tally};
pub use progress_view::{progress, ProgressView};
pub use progress_watch::{watch_progress, ProgressChange, ProgressWatch};
pub use reset::{lab_reset, reset, reset_plan, ContainerToDelete, KeepReason, KeptVolume, PlanDetail, ResetError, ResetOutcome, ResetPlan, VolumeToDelete, VolumeView};
pub use restart::{lab_restart, restart, service_start, service_stop, RestartRequest};
pub use settings::{settings_get, settings_set, Settings, SettingsError};
pub use status::{status, Health, LabStatus, PublishedPort, ServiceState, ServiceStatus};
pub use study_error::StudyError;
pub use up::{lab_up, ports_unreached, up, UpRequest, UpSummary};
pub use crate::docker::images::BuildMode;
pub use views::{links, LinkView, PortView, ServiceView};

#[cfg(test)]
#[path = "codes_tests.rs"]
mod codes_tests;

#[cfg(all(test, feature = "bindings"))]
mod bindings;

#[cfg(test)]
mod tests {
    use super::*;

    fn on_any_thread<T: Send>(_: T) {}

    /// The desktop runs the use cases on a multi-threaded runtime: each future must be `Send`.
    #[test]
    fn every_use_case_can_run_on_any_thread() {
        let ctx = Context::new("/nonexistent".into(), crate::docker::resolve_host(&|_| None, None), Default::default(), "/".into(), crate::i18n::Lang::En);
        let quiet = Observer::quiet();
        on_any_thread(labs_overview(&ctx));
        on_any_thread(lab_detail(&ctx, "0"));
        on_any_thread(lab_up(&ctx, "0", &UpRequest::new("t"), &quiet));
        on_any_thread(lab_down(&ctx, "0", &DownRequest::new("t"), &quiet));
        on_any_thread(lab_restart(&ctx, "0", &RestartRequest::new("t", vec![]), &quiet));
        on_any_thread(service_stop(&ctx, "0", "api", "t", &quiet));
        on_any_thread(service_start(&ctx, "0", "api", "t", &quiet));
        on_any_thread(reset_plan(&ctx, "0", None));
        on_any_thread(lab_reset(&ctx, "0", None, &UpRequest::new("t"), &quiet));
        on_any_thread(status(&ctx, None));
        on_any_thread(engine_status(&ctx));
        on_any_thread(logs_follow(&ctx, "0", &[], 10));
        let _ = |follow: &mut LogFollow| on_any_thread(follow.next());
        on_any_thread(lab_logs(&ctx, "0", LogRequest::default()));
        on_any_thread(lab_check(&ctx, "0", &[], &quiet));
        on_any_thread(doctor(&ctx));
        // Checked by the compiler only: watching makes the data folder.
        let _ = |watch: &mut ProgressWatch| on_any_thread(watch.next());
    }
}

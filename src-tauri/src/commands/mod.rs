//! The commands the UI invokes, one module per domain. Each unpacks its arguments, calls one
//! `nivel::app` function and lets a failure cross as [`Failure`]
//! (`{code, message: {es, en}, remedy, input}`), the one error shape the UI branches on.

pub mod doctor;
pub mod engine;
pub mod exercises;
pub mod images;
pub mod labs;
pub mod lifecycle;
pub mod logs;
pub mod progress;
pub mod settings;

use nivel::app::{Failure, Problem};

/// What every command is handed: the one context the use cases run in.
pub type Ctx<'a> = tauri::State<'a, nivel::app::Context>;

/// Any domain error, as it crosses to the UI.
pub(crate) fn failure<P: Problem>(e: P) -> Failure {
    Failure::from_problem(&e)
}

/// Every command, for the builder (and for the mock-runtime tests).
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        engine::engine_status,
        engine::ui_ready,
        labs::labs_catalog,
        labs::labs_overview,
        labs::lab_detail,
        labs::open_url,
        lifecycle::lab_up,
        lifecycle::lab_down,
        lifecycle::lab_restart,
        lifecycle::service_stop,
        lifecycle::service_start,
        lifecycle::reset_plan,
        lifecycle::lab_reset,
        logs::logs_follow,
        logs::logs_next,
        logs::logs_stop,
        logs::logs_export,
        exercises::exercises,
        exercises::check_run,
        progress::progress,
        progress::progress_export,
        progress::identity_get,
        progress::identity_set,
        doctor::doctor,
        settings::settings_get,
        settings::settings_set,
        images::images_save,
        images::images_load,
    ]
}

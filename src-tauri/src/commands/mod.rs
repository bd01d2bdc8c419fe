//! The commands the UI invokes, one module per domain. Each unpacks its arguments, calls one
//! `nivel::app` function and lets a failure cross as `nivel::app::Failure`
//! (`{code, message: {es, en}, remedy, input}`).

pub mod engine;

/// Every command, for the builder (and for the mock-runtime tests).
pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![engine::ui_ready]
}

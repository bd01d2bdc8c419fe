//! The engine's state, and the UI telling the shell it has drawn its first screen.

use nivel::app::EngineState;

use super::Ctx;

/// Whether the engine answers (the no-engine screen asks again while it waits).
#[tauri::command]
pub async fn engine_status(ctx: Ctx<'_>) -> Result<EngineState, ()> {
    Ok(nivel::app::engine_status(&ctx).await)
}

/// The UI has drawn the levels screen. With `NIVEL_REPORT_READY` set, the time since launch
/// goes to standard error: what `scripts/bench-desktop.sh` measures.
#[tauri::command]
pub fn ui_ready(started: tauri::State<'_, crate::Started>) {
    if std::env::var_os(crate::hooks::REPORT_READY_ENV).is_some() {
        eprintln!("nivel-desktop: levels drawn {} ms after launch", started.0.elapsed().as_millis());
    }
}

//! Following a lab's logs: batches stream through the view's Channel until `logs_stop` (or the
//! window closing) ends them.

use std::path::PathBuf;

use nivel::app::{Exported, Failure, LogBatch};
use tauri::ipc::Channel;

use super::{failure, Ctx};
use crate::follows::Follows;

/// Starts following `services` of `lab` (all when empty) from the last `tail` lines; returns
/// the handle `logs_stop` takes.
#[tauri::command]
pub async fn logs_follow(ctx: Ctx<'_>, follows: tauri::State<'_, Follows>, lab: String, services: Vec<String>, tail: u32, on_batch: Channel<LogBatch>) -> Result<u32, Failure> {
    let follow = nivel::app::logs_follow(&ctx, &lab, &services, tail, move |batch| {
        let _ = on_batch.send(batch);
    })
    .await
    .map_err(failure)?;
    Ok(follows.keep(follow))
}

#[tauri::command]
pub fn logs_stop(follows: tauri::State<'_, Follows>, handle: u32) {
    follows.stop(handle);
}

/// Saves the lines the student sees to the file they chose.
#[tauri::command]
pub fn logs_export(ctx: Ctx<'_>, path: PathBuf, text: String) -> Result<Exported, Failure> {
    nivel::app::export_text(&ctx, &path, &text).map_err(failure)
}

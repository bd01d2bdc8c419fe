//! Following a lab's logs: the view opens a stream, asks for its batches one after another
//! (each answer is one batch, so the view's own pace sets the flow), and `logs_stop` (or the
//! window closing) ends it.

use std::path::PathBuf;

use nivel::app::{Exported, Failure, LogBatch};

use super::{failure, Ctx};
use crate::follows::Follows;

/// Starts following `services` of `lab` (all when empty) from the last `tail` lines; returns
/// the handle `logs_next` and `logs_stop` take.
#[tauri::command]
pub async fn logs_follow(ctx: Ctx<'_>, follows: tauri::State<'_, Follows>, lab: String, services: Vec<String>, tail: u32) -> Result<u32, Failure> {
    let follow = nivel::app::logs_follow(&ctx, &lab, &services, tail).await.map_err(failure)?;
    Ok(follows.keep(follow))
}

/// The stream's next batch, once there is one; `null` when the stream has ended, and the
/// failure that ended it (the engine gone) once.
#[tauri::command]
pub async fn logs_next(follows: tauri::State<'_, Follows>, handle: u32) -> Result<Option<LogBatch>, Failure> {
    follows.next(handle).await.map_err(failure)
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

//! The student's progress, its report, and who they are on it.

use std::path::PathBuf;

use nivel::app::{ExportFormat, Exported, Failure, Identity, ProgressView};

use super::{failure, Ctx};

#[tauri::command]
pub fn progress(ctx: Ctx<'_>) -> Result<ProgressView, Failure> {
    nivel::app::progress(&ctx).map_err(failure)
}

/// Writes the progress report to the path the student chose, in the app's language.
#[tauri::command]
pub fn progress_export(ctx: Ctx<'_>, path: PathBuf, format: ExportFormat) -> Result<Exported, Failure> {
    nivel::app::export(&ctx, &path, format, ctx.lang()).map_err(failure)
}

#[tauri::command]
pub fn identity_get(ctx: Ctx<'_>) -> Result<Option<Identity>, Failure> {
    nivel::app::identity_get(&ctx).map_err(failure)
}

#[tauri::command]
pub fn identity_set(ctx: Ctx<'_>, identity: Identity) -> Result<Identity, Failure> {
    nivel::app::identity_set(&ctx, &identity).map(|(stored, _backup_warning)| stored).map_err(failure)
}

//! What this machine has, and each lab's verdict on it.

use nivel::app::{DoctorReport, Failure};

use super::{failure, Ctx};

#[tauri::command]
pub async fn doctor(ctx: Ctx<'_>) -> Result<DoctorReport, Failure> {
    nivel::app::doctor(&ctx).await.map_err(failure)
}

//! A lab's exercises and "Check my work".

use nivel::app::{CheckRun, ExerciseView, Failure, Observer};

use super::{failure, Ctx};

#[tauri::command]
pub fn exercises(ctx: Ctx<'_>, lab: String) -> Result<Vec<ExerciseView>, Failure> {
    nivel::app::lab_exercises(&ctx, &lab).map_err(failure)
}

/// Runs the checks of `exercises` (every exercise when empty) against the running lab and
/// records the results.
#[tauri::command]
pub async fn check_run(ctx: Ctx<'_>, lab: String, exercises: Vec<String>) -> Result<CheckRun, Failure> {
    nivel::app::lab_check(&ctx, &lab, &exercises, &Observer::quiet()).await.map_err(failure)
}

//! The levels screen, one lab's page, and opening a lab's web UI in the browser.

use nivel::app::{CatalogCard, Failure, LabDetail, LabsOverview};

use super::{failure, Ctx};

/// The cards' instant part, drawn before the overview's verdicts and states arrive.
#[tauri::command]
pub async fn labs_catalog(ctx: Ctx<'_>) -> Result<Vec<CatalogCard>, Failure> {
    nivel::app::labs_catalog(&ctx).map_err(failure)
}

#[tauri::command]
pub async fn labs_overview(ctx: Ctx<'_>) -> Result<LabsOverview, Failure> {
    let overview = nivel::app::labs_overview(&ctx).await.map_err(failure);
    // The overview is the app's heaviest burst at launch and after each lab change.
    crate::heap::give_back();
    overview
}

#[tauri::command]
pub async fn lab_detail(ctx: Ctx<'_>, lab: String) -> Result<LabDetail, Failure> {
    nivel::app::lab_detail(&ctx, &lab).await.map_err(failure)
}

/// Opens a lab's URL in the default browser; only addresses on this machine are opened.
#[tauri::command]
pub fn open_url(url: String) -> Result<(), Failure> {
    crate::browser::open(&url)
}

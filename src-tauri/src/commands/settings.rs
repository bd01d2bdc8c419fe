//! The app's settings. The language applies at once; the engine endpoint at the next launch
//! (the context is built with it, see `crate::context`); port offset and network exposure at
//! the next start of a lab.

use nivel::app::{Failure, Settings};

use super::{failure, Ctx};

#[tauri::command]
pub fn settings_get(ctx: Ctx<'_>) -> Result<Settings, Failure> {
    nivel::app::settings_get(&ctx).map_err(failure)
}

#[tauri::command]
pub fn settings_set(ctx: Ctx<'_>, settings: Settings) -> Result<Settings, Failure> {
    let (stored, _backup_warning) = nivel::app::settings_set(&ctx, &settings).map_err(failure)?;
    ctx.set_lang(stored.language);
    Ok(stored)
}

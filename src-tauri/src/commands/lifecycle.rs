//! Starting, stopping, restarting and resetting a lab or one of its services. Each streams the
//! operation's events (pull and start progress, service states) through the Channel the UI
//! hands over, and returns what the lab ended as.

use nivel::app::{DownRequest, Failure, Observer, ResetPlan, RestartRequest, UpRequest, UpSummary};
use nivel::events::Event;
use tauri::ipc::Channel;

use super::{failure, Ctx};
use crate::sink::ChannelSink;

/// How the lab's lock names the app to whoever waits for it.
const OPERATION: &str = "Nivel (app)";

#[tauri::command]
pub async fn lab_up(ctx: Ctx<'_>, lab: String, force: bool, on_event: Channel<Event>) -> Result<UpSummary, Failure> {
    let request = UpRequest { force, ..up_request(&ctx)? };
    let sink = ChannelSink(on_event);
    nivel::app::lab_up(&ctx, &lab, &request, &Observer::events(&sink)).await.map_err(failure)
}

#[tauri::command]
pub async fn lab_down(ctx: Ctx<'_>, lab: String) -> Result<(), Failure> {
    let request = DownRequest::new(OPERATION);
    nivel::app::lab_down(&ctx, &lab, &request, &Observer::quiet()).await.map(drop).map_err(failure)
}

#[tauri::command]
pub async fn lab_restart(ctx: Ctx<'_>, lab: String, service: Option<String>, on_event: Channel<Event>) -> Result<UpSummary, Failure> {
    let request = RestartRequest::new(OPERATION, service.into_iter().collect());
    let sink = ChannelSink(on_event);
    nivel::app::lab_restart(&ctx, &lab, &request, &Observer::events(&sink)).await.map_err(failure)
}

#[tauri::command]
pub async fn service_stop(ctx: Ctx<'_>, lab: String, service: String) -> Result<(), Failure> {
    nivel::app::service_stop(&ctx, &lab, &service, OPERATION, &Observer::quiet()).await.map(drop).map_err(failure)
}

#[tauri::command]
pub async fn service_start(ctx: Ctx<'_>, lab: String, service: String, on_event: Channel<Event>) -> Result<UpSummary, Failure> {
    let sink = ChannelSink(on_event);
    nivel::app::service_start(&ctx, &lab, &service, OPERATION, &Observer::events(&sink)).await.map_err(failure)
}

/// What a reset would delete, for the UI to list before it asks.
#[tauri::command]
pub async fn reset_plan(ctx: Ctx<'_>, lab: String, service: Option<String>) -> Result<ResetPlan, Failure> {
    nivel::app::reset_plan(&ctx, &lab, service.as_deref()).await.map_err(failure)
}

#[tauri::command]
pub async fn lab_reset(ctx: Ctx<'_>, lab: String, service: Option<String>, on_event: Channel<Event>) -> Result<UpSummary, Failure> {
    let request = up_request(&ctx)?;
    let sink = ChannelSink(on_event);
    nivel::app::lab_reset(&ctx, &lab, service.as_deref(), &request, &Observer::events(&sink)).await.map_err(failure)
}

/// A start as the settings ask for it (port offset, exposure on the network).
fn up_request(ctx: &nivel::app::Context) -> Result<UpRequest, Failure> {
    let settings = nivel::app::settings_get(ctx).map_err(failure)?;
    Ok(UpRequest { port_offset: settings.port_offset, expose_lan: settings.expose_lan, ..UpRequest::new(OPERATION) })
}

//! The one place app-wide events leave for the window: what `nivel::app::feed` hears (a
//! container died, a lab started from the CLI, the engine went away) and what another process
//! recorded in the progress store (`nivel::app::watch_progress`) become namespaced events the
//! UI listens to. Nothing here polls: both wait on the engine's event stream and the file
//! system's notifications.

use futures_util::StreamExt;
use nivel::app::{Change, Context};
use tauri::{AppHandle, Emitter, Runtime};

/// A change to one lab: `LabChange { lab, service, kind }`.
pub const LAB: &str = "nivel://lab";
/// Another process recorded progress: `{ lab }`.
pub const PROGRESS: &str = "nivel://progress";
/// The engine appeared or went away: `EngineState`.
pub const ENGINE: &str = "nivel://engine";

/// Forwards the feed to `app`'s windows for as long as the app runs.
pub fn start<R: Runtime>(ctx: &Context, app: AppHandle<R>) {
    let owned = ctx.clone();
    let engine_app = app.clone();
    tauri::async_runtime::spawn(async move {
        let _running = nivel::app::feed(&owned, move |change| {
            let sent = match change {
                Change::Lab(change) => engine_app.emit(LAB, change),
                Change::Engine(state) => engine_app.emit(ENGINE, state),
            };
            if let Err(e) = sent {
                eprintln!("nivel-desktop: a change could not reach the window: {e}");
            }
        });
        std::future::pending::<()>().await;
    });
    match nivel::app::watch_progress(ctx) {
        Ok(watch) => {
            tauri::async_runtime::spawn(async move {
                let mut changes = Box::pin(watch.into_stream());
                while let Some(change) = changes.next().await {
                    if let Err(e) = app.emit(PROGRESS, change) {
                        eprintln!("nivel-desktop: a progress change could not reach the window: {e}");
                    }
                }
            });
        }
        // The window still works; it only misses progress recorded elsewhere until reopened.
        Err(e) => eprintln!("nivel-desktop: progress recorded by other programs will not show until the app is reopened: {e}"),
    }
}

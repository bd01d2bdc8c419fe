//! The one place app-wide events leave for the window: what `nivel::app::feed` hears (a
//! container died, a lab started from the CLI, the engine went away) becomes a namespaced
//! event the UI listens to. Nothing here polls: the feed waits on the engine's event stream.

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
    let ctx = ctx.clone();
    tauri::async_runtime::spawn(async move {
        let _running = nivel::app::feed(&ctx, move |change| {
            let sent = match change {
                Change::Lab(change) => app.emit(LAB, change),
                Change::Engine(state) => app.emit(ENGINE, state),
            };
            if let Err(e) = sent {
                eprintln!("nivel-desktop: a change could not reach the window: {e}");
            }
        });
        std::future::pending::<()>().await;
    });
}

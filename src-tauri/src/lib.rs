//! Nivel's desktop shell: a Tauri window over the same application layer the `nivel` CLI
//! uses. This crate only wires: commands (one small module per domain in [`commands`]) unpack
//! arguments and call one `nivel::app` function each; app-wide changes reach the window as
//! events from [`feed`]; the UI in `ui/` does all the showing.

pub mod browser;
pub mod commands;
pub mod feed;
pub mod follows;
pub mod heap;
pub mod hooks;
pub mod sink;
pub mod webkit;

use std::time::Instant;

use nivel::app::Context;
use tauri::Manager;

/// When the process started, for the benchmark's "levels drawn" mark.
pub struct Started(pub Instant);

/// Builds and runs the app; returns the process exit code.
pub fn run() -> i32 {
    let started = Started(Instant::now());
    let ctx = match context_from_env() {
        Ok(ctx) => ctx,
        Err(message) => {
            eprintln!("nivel-desktop: {message}");
            return 1;
        }
    };
    let mut app = builder(tauri::Builder::default(), ctx, started)
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| focus_main(app)))
        .plugin(hooks::dialog_plugin());
    if let Some(mark) = hooks::ready_mark() {
        app = app.plugin(mark);
    }
    let built = app
        .setup(|app| {
            if let Some(window) = app.get_webview_window("main") {
                webkit::tune_webview(&window);
            }
            feed::start(&app.state::<Context>(), app.handle().clone());
            Ok(())
        })
        .build(tauri::generate_context!());
    match built {
        Ok(app) => {
            app.run(|_, _| {});
            0
        }
        Err(e) => {
            eprintln!("nivel-desktop: the window could not start: {e}");
            1
        }
    }
}

/// `base` with the app's state and commands, on any runtime (the mock-runtime tests hand in
/// Tauri's mock builder).
pub fn builder<R: tauri::Runtime>(base: tauri::Builder<R>, ctx: Context, started: Started) -> tauri::Builder<R> {
    base.manage(ctx)
        .manage(started)
        .manage(follows::Follows::default())
        .invoke_handler(commands::handler())
        .on_window_event(|window, event| {
            // A closed window takes its log streams with it.
            if matches!(event, tauri::WindowEvent::Destroyed | tauri::WindowEvent::CloseRequested { .. }) {
                window.state::<follows::Follows>().stop_all();
            }
        })
}

/// The context from the environment the app was started in (data folder, engine endpoint,
/// language), as the CLI builds it, then the stored settings: their language, and their
/// engine endpoint unless `DOCKER_HOST` names one for this launch.
fn context_from_env() -> Result<Context, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("the current folder cannot be read: {e}"))?;
    let var = |name: &str| std::env::var(name).ok();
    let mut ctx = Context::from_env(&var, std::env::vars().collect(), cwd).map_err(|e| e.to_string())?;
    // A store that cannot be read yet still opens the window, which then says why.
    if let Ok(settings) = nivel::app::settings_get(&ctx) {
        ctx.set_lang(settings.language);
        if let Some(endpoint) = settings.engine_endpoint.filter(|_| var("DOCKER_HOST").is_none()) {
            ctx.engine_host = nivel::app::EngineHost::new(endpoint, "settings");
        }
    }
    Ok(ctx)
}

/// A second launch brings the first window forward instead of opening another app.
fn focus_main<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

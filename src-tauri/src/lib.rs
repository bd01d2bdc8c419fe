//! Nivel's desktop shell: a Tauri window over the same application layer the `nivel` CLI
//! uses. This crate only wires: commands (one small module per domain in [`commands`]) unpack
//! arguments and call one `nivel::app` function each; app-wide changes reach the window as
//! events from [`feed`]; the UI in `ui/` does all the showing.

pub mod commands;
pub mod webkit;

/// Builds and runs the app; returns the process exit code.
pub fn run() -> i32 {
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| focus_main(app)))
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(commands::handler())
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                webkit::tune_webview(&window);
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
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

/// A second launch brings the first window forward instead of opening another app.
fn focus_main<R: tauri::Runtime>(app: &tauri::AppHandle<R>) {
    use tauri::Manager;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

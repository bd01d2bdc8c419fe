//! What the end-to-end tests and the footprint benchmark ask of the app through the
//! environment; none of it is set when a student runs Nivel.
//!
//! - `NIVEL_SAVE_DIALOG_ANSWER`: WebDriver reaches the page, not the system's file chooser, so
//!   a test that exports the report sets the path it wants, and the dialog plugin's `save` is
//!   answered with it instead of opening the chooser.
//! - `NIVEL_REPORT_READY`: the page reports (through `ui_ready`) the moment the levels screen
//!   first shows a lab card, and the app prints the time since launch.

use tauri::plugin::{Builder, TauriPlugin};
use tauri::Runtime;

pub const SAVE_ANSWER_ENV: &str = "NIVEL_SAVE_DIALOG_ANSWER";
pub const REPORT_READY_ENV: &str = "NIVEL_REPORT_READY";

/// The real dialog plugin, or the stand-in when a test answers for it.
pub fn dialog_plugin<R: Runtime>() -> TauriPlugin<R> {
    match std::env::var(SAVE_ANSWER_ENV) {
        Ok(path) => Builder::new("dialog")
            .invoke_handler(move |invoke| {
                if invoke.message.command() != "save" {
                    return false;
                }
                invoke.resolver.resolve(path.clone());
                true
            })
            .build(),
        Err(_) => tauri_plugin_dialog::init(),
    }
}

/// Watches for the first lab card on the levels screen, then reports after that frame.
const READY_MARK: &str = r#"
const drawn = () => document.querySelector('[data-testid="screen-levels"] [data-lab]');
const watch = new MutationObserver(() => {
  if (!drawn()) return;
  watch.disconnect();
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke('ui_ready'));
});
document.addEventListener('DOMContentLoaded', () => watch.observe(document.body, { childList: true, subtree: true }));
"#;

/// The benchmark's mark, when asked for.
pub fn ready_mark<R: Runtime>() -> Option<TauriPlugin<R>> {
    std::env::var_os(REPORT_READY_ENV).map(|_| Builder::new("nivel-ready-mark").js_init_script(READY_MARK.to_owned()).build())
}

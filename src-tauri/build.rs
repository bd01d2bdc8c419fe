//! Tauri's build step, with Nivel's commands declared so the capability file can grant exactly
//! them (an undeclared command is refused at the IPC boundary).

const COMMANDS: &[&str] = &[
    "labs_catalog",
    "labs_overview",
    "lab_detail",
    "lab_up",
    "lab_down",
    "lab_restart",
    "service_stop",
    "service_start",
    "reset_plan",
    "lab_reset",
    "logs_follow",
    "logs_next",
    "logs_stop",
    "logs_export",
    "exercises",
    "check_run",
    "progress",
    "progress_export",
    "identity_get",
    "identity_set",
    "doctor",
    "settings_get",
    "settings_set",
    "engine_status",
    "open_url",
    "ui_ready",
    "images_save",
    "images_load",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    if let Err(e) = tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest)) {
        println!("cargo:warning=tauri build step failed: {e:#}");
        std::process::exit(1);
    }
}

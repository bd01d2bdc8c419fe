//! The desktop app's entry point: everything lives in the library so tests reach it.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before Tauri (and so WebKit) starts any thread: see `webkit::tune_process_env`.
    nivel_desktop::webkit::tune_process_env();
    std::process::exit(nivel_desktop::run());
}

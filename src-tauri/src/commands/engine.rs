//! The engine's state, and the UI telling the shell it has drawn its first screen.

/// The UI has drawn the levels screen (the footprint benchmark measures launch to this).
#[tauri::command]
pub fn ui_ready() {}

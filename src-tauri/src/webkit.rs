//! What keeps the window light on Linux. A default WebKitGTK webview under software rendering
//! costs about 270 MB PSS at idle; these settings bring the app plus its WebKit processes to
//! about 190 MiB (200 MB) with the same rendering (measured: `scripts/bench-desktop.sh`, and
//! /work/shared/notes/desktop-memory.md). Other systems use their own webviews and are left
//! alone.

/// Variables WebKit, GTK and JavaScriptCore read once at start-up, in this process and in the
/// web and network processes it spawns (they inherit the environment).
const TUNING: &[(&str, &str)] = &[
    // The DMA-BUF renderer keeps a second GPU-style buffer path alive: ~65 MB.
    ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
    // Accelerated compositing layers are pointless without a GPU.
    ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
    // The monitor wakes up to poll memory; the app is small enough not to need it.
    ("WEBKIT_DISABLE_MEMORY_PRESSURE_MONITOR", "1"),
    // GTK's own GL context would load Mesa a second time.
    ("GDK_GL", "disable"),
    // Naming the render node (none: DMA-BUF and GBM are off above) spares this process the
    // EGL display WebKit opens only to look the node up, and with it Mesa and LLVM: ~25 MB.
    // The web process still opens its own EGL display, which it cannot run without.
    ("WEBKIT_WEB_RENDER_DEVICE_FILE", "/dev/null"),
    // The UI is a small compiled Svelte app: the interpreter is fast enough and the JIT's
    // code pages are not free.
    ("JSC_useJIT", "0"),
];

/// Sets the tuning variables a user has not set already. Call it first thing in `main`, while
/// the process has one thread: changing the environment is only sound then.
pub fn tune_process_env() {
    if !cfg!(target_os = "linux") {
        return;
    }
    for (name, value) in TUNING {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// Turns hardware acceleration off in the window's WebKit settings: with no GPU it only costs
/// memory.
pub fn tune_webview<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{SettingsExt, WebContextExt, WebViewExt};
            if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                settings.set_hardware_acceleration_policy(webkit2gtk::HardwareAccelerationPolicy::Never);
            }
            // A browser's cache model keeps resources no page uses any more, up to a share of
            // the machine's memory; the app loads everything once and then streams through
            // IPC, so nothing dead is worth keeping.
            if let Some(context) = WebViewExt::context(&webview.inner()) {
                context.set_cache_model(webkit2gtk::CacheModel::DocumentViewer);
            }
        });
        if let Err(e) = applied {
            eprintln!("nivel-desktop: the webview's settings could not be tuned: {e}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}

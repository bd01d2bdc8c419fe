//! The app on Tauri's mock runtime, for the tests of its commands: each call goes through the
//! same IPC handler the window uses, and what comes back is the JSON the UI receives.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use nivel::app::Context;
use nivel_desktop::{builder, Started};
use serde_json::Value;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{WebviewWindow, WebviewWindowBuilder};

/// The app over the environment `var` reads (its data folder, engine, language…), started in
/// `cwd`, with its main window.
// Each test binary takes the one it needs, this or `app_recording`.
#[allow(dead_code)]
pub fn app(var: &dyn Fn(&str) -> Option<String>, cwd: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    app_over(mock_builder(), var, cwd)
}

/// What the commands sent on their channels, as the page would receive it: the channel's id
/// (`__CHANNEL__:ID` in the call) and the message.
pub type Sent = Arc<Mutex<Vec<(u32, Value)>>>;

/// As [`app`], keeping every channel message instead of handing it to a page.
#[allow(dead_code)]
pub fn app_recording(var: &dyn Fn(&str) -> Option<String>, cwd: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>, Sent) {
    let sent = Sent::default();
    let keep = sent.clone();
    let base = mock_builder().channel_interceptor(move |_, channel, _, body| {
        if let InvokeResponseBody::Json(json) = body {
            let message = serde_json::from_str(json).expect("a channel message is JSON");
            keep.lock().unwrap_or_else(|p| p.into_inner()).push((channel.0, message));
        }
        true
    });
    let (app, window) = app_over(base, var, cwd);
    (app, window, sent)
}

fn app_over(base: tauri::Builder<MockRuntime>, var: &dyn Fn(&str) -> Option<String>, cwd: &Path) -> (tauri::App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let ctx = Context::from_env(var, Default::default(), cwd.to_path_buf()).expect("a context over the temp dir");
    let app = builder(base, ctx, Started(Instant::now())).build(mock_context(noop_assets())).expect("the app builds on the mock runtime");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("a window");
    (app, window)
}

/// Invokes `cmd` in `window` as the UI does; its answer, or what it rejected with.
pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("a JSON answer"))
}

//! The application layer's use cases over the student's work, called as the desktop app calls
//! them: a context on a temporary data folder, a real progress store, the real engine with
//! the busybox test lab for checks, and the real `nivel` binary as the other process whose
//! writes the progress watcher must notice.

mod check;
mod export;
mod identity_settings;
mod watch;

use std::path::Path;

use nivel::app::Context;
use nivel::docker::{config_dir, resolve_host};
use nivel::i18n::Lang;

/// A context over the data folder `data`, the engine the docker CLI would use, in English.
pub fn context(data: &Path) -> Context {
    let env = |k: &str| std::env::var(k).ok();
    let host = resolve_host(&env, config_dir(&env).as_deref());
    Context::new(data.to_path_buf(), host, std::env::vars().collect(), std::env::temp_dir(), Lang::En)
}

/// A runtime for the async use cases.
pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

//! The application layer against the real engine and a real progress store: the use cases the
//! CLI and the desktop app share, called as a window calls them.

mod feed;
mod labs;
mod lifecycle;
mod logs;

use std::path::Path;

use nivel::app::Context;
use nivel::docker::{config_dir, resolve_host};
use nivel::i18n::Lang;

use crate::engine::lab::TestLab;

/// A context over the data folder `data`, resolving labs from `cwd`, on the engine the docker
/// CLI would use, in English.
pub fn context(data: &Path, cwd: &Path) -> Context {
    let env = |k: &str| std::env::var(k).ok();
    let host = resolve_host(&env, config_dir(&env).as_deref());
    Context::new(data.to_path_buf(), host, Default::default(), cwd.to_path_buf(), Lang::En)
}

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// A lab with a `lab.toml` (id: the unique project name) and `compose` as its compose file.
pub fn lab_with_file(purpose: &str, compose: &str, extra_toml: &str) -> Option<TestLab> {
    let lab = TestLab::new(purpose, compose)?;
    let toml = format!(
        "format = 1\nid = \"{}\"\nlevel = 3\ntitle = {{ es = \"Prueba\", en = \"Test\" }}\nsummary = {{ es = \"Un laboratorio de prueba.\", en = \"A test lab.\" }}\n{extra_toml}",
        lab.project
    );
    std::fs::write(lab.dir.path().join("lab.toml"), toml).unwrap();
    Some(lab)
}

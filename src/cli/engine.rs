//! What every engine command needs: an async runtime for the command's lifetime and the engine
//! the docker CLI would use (DOCKER_HOST, the current context, the socket).

use nivel::docker::{config_dir, resolve_host, Engine, EngineError};

use super::CliError;

/// A runtime for one command: engine calls are async, the CLI is not.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?)
}

pub async fn connect() -> Result<Engine, EngineError> {
    let env = |k: &str| std::env::var(k).ok();
    Engine::connect(resolve_host(&env, config_dir(&env).as_deref())).await
}

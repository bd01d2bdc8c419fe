//! What every engine command needs: an async runtime for the command's lifetime, and the
//! application layer's context built from the process (its environment, its folder): the
//! engine the docker CLI would use, Nivel's data folder, the student's language.

use nivel::app::Context;

use super::CliError;

/// A runtime for one command: engine calls are async, the CLI is not.
pub fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?)
}

/// The context of this command, from the process environment and working folder. A Docker
/// context that is not there ends the command first, as in the docker CLI, rather than
/// reaching some other engine.
pub fn context() -> Result<Context, CliError> {
    let cwd = std::env::current_dir()?;
    let ctx = Context::from_env(&|k| std::env::var(k).ok(), std::env::vars().collect(), cwd).map_err(|e| CliError::Resolve(e.into()))?;
    match &ctx.engine_host.missing_context {
        Some(missing) => Err(CliError::Engine(nivel::app::EngineError::UnknownContext(missing.clone()))),
        None => Ok(ctx),
    }
}

//! A command run inside a lab container through the engine's exec API: created with the
//! asked user, attached, its stdout and stderr demultiplexed and kept up to [`MAX_BYTES`]
//! each, then its exit code read back from the exec's inspect.

use bollard::exec::{CreateExecOptions, StartExecOptions, StartExecResults};
use futures_util::StreamExt;

use super::{keep_frame, lab_container, Container, ProbeError, MAX_BYTES};
use crate::docker::Engine;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecRequest {
    /// Never empty.
    pub command: Vec<String>,
    /// `user`, `user:group`, `uid` or `uid:gid`; the image's user when `None`.
    pub user: Option<String>,
}

/// What the command did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecOutput {
    /// `None` when the engine did not report one (the process could not start).
    pub exit_code: Option<i64>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Some output was dropped past [`MAX_BYTES`].
    pub truncated: bool,
}

/// Runs `request` in `container`, which must carry `project`'s label.
pub async fn exec(engine: &Engine, project: &str, container: Container<'_>, request: &ExecRequest) -> Result<ExecOutput, ProbeError> {
    let id = container.id;
    if let Some(at) = container.on {
        return super::on_node::exec(engine, project, &super::on_node::OnNode { id, at }, request).await;
    }
    lab_container(engine, project, container).await?;
    let options = CreateExecOptions::<String> {
        attach_stdout: Some(true),
        attach_stderr: Some(true),
        cmd: Some(request.command.clone()),
        user: request.user.clone(),
        ..Default::default()
    };
    let created = engine.docker.create_exec(id, options).await.map_err(|e| ProbeError::from_engine(id, e))?;
    let started = engine
        .docker
        .start_exec(&created.id, Some(StartExecOptions { detach: false, tty: false, output_capacity: None }))
        .await
        .map_err(|e| ProbeError::from_engine(id, e))?;
    let mut out = ExecOutput { exit_code: None, stdout: Vec::new(), stderr: Vec::new(), truncated: false };
    if let StartExecResults::Attached { mut output, .. } = started {
        while let Some(frame) = output.next().await {
            let frame = frame.map_err(|e| ProbeError::from_engine(id, e))?;
            out.truncated |= keep_frame(frame, &mut out.stdout, &mut out.stderr, MAX_BYTES);
        }
    }
    let inspected = engine.docker.inspect_exec(&created.id).await.map_err(|e| ProbeError::from_engine(id, e))?;
    out.exit_code = inspected.exit_code;
    Ok(out)
}

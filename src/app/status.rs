//! What runs on the engine, lab by lab: every compose project found by its label (labs Nivel
//! started and stacks started elsewhere), as `nivel status` prints it.

pub use crate::docker::status::{Health, LabStatus, PublishedPort, ServiceState, ServiceStatus};

use super::context::Context;
use super::engine::connect;
use super::lifecycle_error::LifecycleError;

/// Every lab on the engine, or only the one named `lab` (a built-in id or level, or a compose
/// project name).
pub async fn status(ctx: &Context, lab: Option<&str>) -> Result<Vec<LabStatus>, LifecycleError> {
    let project = lab.map(crate::lab::project_name);
    let engine = connect(ctx).await?;
    Ok(crate::docker::status::labs(&engine, project.as_deref(), ctx.now()).await?)
}

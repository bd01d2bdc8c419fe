//! One lab's page: its card, each service with state, health, ports, uptime and restarts, and
//! the credentials its web UIs ask for.

use serde::Serialize;

use crate::docker::status;
use crate::lab::Text;
use crate::progress::Store;

use super::context::Context;
use super::lifecycle_error::LifecycleError;
use super::overview::{card, facts, LabCard};
use super::views::ServiceView;

/// A lab in detail.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LabDetail {
    pub card: LabCard,
    /// One entry per container, then one `missing` entry per service without one.
    pub services: Vec<ServiceView>,
    pub credentials: Vec<Credential>,
}

/// A login a lab's web UI asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Credential {
    pub service: String,
    pub label: Text,
    pub user: Option<String>,
    pub secret: String,
}

/// Lab `name` in detail. Its lab file states no credentials yet, so the list is empty.
pub async fn lab_detail(ctx: &Context, name: &str) -> Result<LabDetail, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    let level = lab.spec.as_ref().and_then(|s| s.level).unwrap_or_default();
    let (connected, snapshot) = facts(ctx).await;
    let on_engine = match &connected {
        Ok(engine) => status::labs(engine, Some(lab.project()), ctx.now()).await?,
        Err(_) => Vec::new(),
    };
    let store = Store::open_to_read(&ctx.store_path()).ok();
    let card = card(ctx, level, &lab, &snapshot, &on_engine, store.as_ref());
    let containers = on_engine.iter().filter(|l| l.project == lab.project()).flat_map(|l| &l.services);
    let mut services: Vec<ServiceView> = containers.map(|c| ServiceView::of_status(c, ctx.now())).collect();
    for name in lab.services() {
        if !services.iter().any(|s| s.service == name) {
            services.push(ServiceView::missing(&name));
        }
    }
    Ok(LabDetail { card, services, credentials: Vec::new() })
}

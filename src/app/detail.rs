//! One lab's page: its card, each service with state, health, ports, uptime and restarts, and
//! the credentials its web UIs ask for.

use serde::Serialize;

use crate::compose::Environment;
use crate::docker::status;
use crate::lab::{CredentialSpec, Text};
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

/// A login a lab's service asks for, with the secret in effect: the one made for this
/// installation, or the one the environment sets in its variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Credential {
    /// The `[[credential]]`'s id.
    pub id: String,
    pub service: String,
    pub label: Text,
    pub user: Option<String>,
    pub secret: String,
}

impl Credential {
    /// `spec` with the values `env` (the lab's interpolation environment) gives its variables.
    pub(crate) fn of(spec: &CredentialSpec, env: &Environment) -> Credential {
        let user = spec
            .user_env
            .as_ref()
            .and_then(|v| env.get(v))
            .or(spec.user.as_ref())
            .cloned();
        Credential {
            id: spec.id.clone(),
            service: spec.service.clone(),
            label: spec.label.clone(),
            user,
            secret: env.get(&spec.env).cloned().unwrap_or_default(),
        }
    }
}

/// Lab `name` in detail.
pub async fn lab_detail(ctx: &Context, name: &str) -> Result<LabDetail, LifecycleError> {
    let lab = super::opened::open(ctx, name)?;
    let level = lab.spec.as_ref().and_then(|s| s.level).unwrap_or_default();
    let (connected, snapshot) = facts(ctx).await;
    let now = ctx.now();
    let on_engine = match &connected {
        Ok(engine) => status::labs(engine, Some(lab.project()), now).await?,
        Err(_) => Vec::new(),
    };
    let store = Store::open_to_read(&ctx.store_path()).ok();
    let card = card(now, level, &lab, &snapshot, &on_engine, store.as_ref());
    let containers = on_engine.iter().filter(|l| l.project == lab.project()).flat_map(|l| &l.services);
    let mut services: Vec<ServiceView> = containers.map(|c| ServiceView::of_status(c, now)).collect();
    for name in lab.services() {
        if !services.iter().any(|s| s.service == name) {
            services.push(ServiceView::missing(&name));
        }
    }
    Ok(LabDetail { card, services, credentials: lab.credentials })
}

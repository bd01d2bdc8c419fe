//! The nodes of the swarm an engine manages.

use serde::Serialize;

use super::super::Engine;
use super::SwarmError;

/// One node as `class status` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeView {
    pub id: String,
    pub hostname: String,
    /// The address the node is reached at (where its tasks' ports are published).
    pub address: String,
    /// `manager` or `worker`.
    pub role: String,
    /// `ready`, `down`, `disconnected`, `unknown`.
    pub state: String,
    /// `active`, `pause`, `drain`.
    pub availability: String,
}

impl NodeView {
    pub fn is_ready(&self) -> bool {
        self.state == "ready" && self.availability == "active"
    }
}

/// The swarm's nodes, by id; [`SwarmError::NotManager`] when the engine does not manage one.
pub async fn nodes(engine: &Engine) -> Result<Vec<NodeView>, SwarmError> {
    let listed = engine.docker.list_nodes(None).await.map_err(|e| not_manager(engine, e))?;
    let mut nodes: Vec<NodeView> = listed
        .into_iter()
        .map(|n| {
            let spec = n.spec.unwrap_or_default();
            let status = n.status.unwrap_or_default();
            // A manager's own status address can be 0.0.0.0 (it listens on every address);
            // the address it advertises to the others is the one to reach it at.
            let manager_addr = n.manager_status.and_then(|m| m.addr).and_then(|a| a.rsplit_once(':').map(|(h, _)| h.to_owned()));
            let addr = status.addr.filter(|a| !a.is_empty() && a != "0.0.0.0").or(manager_addr).unwrap_or_default();
            NodeView {
                id: n.id.unwrap_or_default(),
                hostname: n.description.and_then(|d| d.hostname).unwrap_or_default(),
                address: addr,
                role: spec.role.map(|r| r.to_string()).unwrap_or_default(),
                state: status.state.map(|s| s.to_string()).unwrap_or_default(),
                availability: spec.availability.map(|a| a.to_string()).unwrap_or_default(),
            }
        })
        .collect();
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(nodes)
}

/// The id of the node whose engine this is.
pub async fn own_node(engine: &Engine) -> Result<String, SwarmError> {
    let info = engine.docker.info().await.map_err(|e| SwarmError::Engine(e.into()))?;
    Ok(info.swarm.and_then(|s| s.node_id).unwrap_or_default())
}

/// A 503 from a swarm endpoint means the engine manages no swarm.
pub(super) fn not_manager(engine: &Engine, e: bollard::errors::Error) -> SwarmError {
    match &e {
        bollard::errors::Error::DockerResponseServerError { status_code: 503, .. } => SwarmError::NotManager { host: engine.host.url.clone() },
        _ => SwarmError::Engine(e.into()),
    }
}

//! A lab's networks, by id. Two `up`s racing on one engine (API 1.41 lets both create) can
//! leave two networks of one name, and a name then fails every request as "ambiguous". So,
//! as Docker Compose v2 does, networks are found by listing, chosen by id, duplicates that
//! carry the lab's labels are removed, and containers are attached by id; nothing here ever
//! asks the engine for a network by name.

use std::collections::HashMap;

use bollard::models::{Ipam, IpamConfig, NetworkCreateRequest};
use bollard::query_parameters::ListNetworksOptions;

use crate::compose::model::{NetworkConfig, Project};
use crate::events::{Event, EventSink, ResourceKind};

use crate::docker::engine::Engine;
use crate::docker::error::EngineError;
use crate::docker::labels::{Owner, PROJECT};
use crate::docker::plan::{choose_network, NetworkChoice, NetworkFound};

/// The networks `up` attaches the lab's containers to.
#[derive(Clone, Debug, Default)]
pub struct LabNetworks {
    /// Network name → the id chosen for it.
    ids: HashMap<String, String>,
    /// Duplicates still in use when they were found; removed once `up` is done with them.
    pub(crate) leftover: Vec<String>,
}

impl LabNetworks {
    /// The id of the lab's network called `name`; `None` for an external network (used by
    /// name, as the file says) or one the lab does not declare.
    pub fn id(&self, name: &str) -> Option<&str> {
        self.ids.get(name).map(String::as_str)
    }
}

/// What removing one network by id came to.
pub(crate) enum Removal {
    Removed,
    /// Someone else removed it first.
    Gone,
    /// A container still has an endpoint on it.
    InUse,
}

/// Finds or creates each of the project's networks and removes the lab's duplicates that no
/// container uses. `attached` counts the lab's containers per network id.
pub(crate) async fn ensure_networks(
    engine: &Engine,
    project: &Project,
    owner: &Owner,
    attached: &HashMap<String, usize>,
    sink: &dyn EventSink,
) -> Result<LabNetworks, EngineError> {
    let mut networks = LabNetworks::default();
    for (key, net) in &project.networks {
        if net.external.0 {
            continue;
        }
        let choice = match choose_network(&same_name(engine, &net.name, owner, attached).await?) {
            Some(choice) => choice,
            None => {
                create(engine, key, net, owner).await?;
                sink.emit(Event::ResourceCreated { kind: ResourceKind::Network, name: net.name.clone() });
                // Another program may have created one too meanwhile: choose as it would.
                let found = same_name(engine, &net.name, owner, attached).await?;
                choose_network(&found).ok_or_else(|| EngineError::Api { status: 404, message: format!("network {} vanished right after it was created", net.name) })?
            }
        };
        let NetworkChoice { keep, remove } = choice;
        for duplicate in remove {
            if let Removal::InUse = remove_network(engine, &duplicate).await? {
                networks.leftover.push(duplicate);
            }
        }
        networks.ids.insert(net.name.clone(), keep);
    }
    Ok(networks)
}

/// Removes duplicates `up` could not remove at first (their containers were recreated since);
/// one still in use is left for the next `up` or `down`.
pub(crate) async fn remove_leftovers(engine: &Engine, networks: &LabNetworks) {
    for id in &networks.leftover {
        let _ = remove_network(engine, id).await;
    }
}

/// Every network whose name is exactly `name` (the engine's name filter matches parts).
async fn same_name(engine: &Engine, name: &str, owner: &Owner, attached: &HashMap<String, usize>) -> Result<Vec<NetworkFound>, EngineError> {
    let filters = HashMap::from([("name".to_owned(), vec![name.to_owned()])]);
    let list = engine.docker.list_networks(Some(ListNetworksOptions { filters: Some(filters) })).await?;
    Ok(list
        .into_iter()
        .filter(|n| n.name.as_deref() == Some(name))
        .filter_map(|n| {
            let id = n.id?;
            let labelled = n.labels.as_ref().and_then(|l| l.get(PROJECT)) == Some(&owner.project);
            Some(NetworkFound { attached: attached.get(&id).copied().unwrap_or(0), id, labelled })
        })
        .collect())
}

async fn create(engine: &Engine, key: &str, net: &NetworkConfig, owner: &Owner) -> Result<(), EngineError> {
    let mut labels: HashMap<String, String> = net.labels.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    labels.extend(owner.network(key));
    let ipam = (!net.ipam.driver.is_empty() || !net.ipam.config.is_empty()).then(|| Ipam {
        driver: Some(if net.ipam.driver.is_empty() { "default".into() } else { net.ipam.driver.clone() }),
        config: Some(
            net.ipam
                .config
                .iter()
                .map(|p| IpamConfig {
                    subnet: Some(p.subnet.clone()).filter(|s| !s.is_empty()),
                    gateway: Some(p.gateway.clone()).filter(|s| !s.is_empty()),
                    ip_range: Some(p.ip_range.clone()).filter(|s| !s.is_empty()),
                    auxiliary_addresses: Some(p.aux_addresses.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                })
                .collect(),
        ),
        options: None,
    });
    let request = NetworkCreateRequest {
        name: net.name.clone(),
        driver: Some(if net.driver.is_empty() { "bridge".into() } else { net.driver.clone() }),
        internal: Some(net.internal),
        attachable: Some(net.attachable),
        enable_ipv6: net.enable_ipv6,
        ipam,
        options: Some(net.driver_opts.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        labels: Some(labels),
        ..Default::default()
    };
    match engine.docker.create_network(request).await {
        // 409: an engine that refuses duplicates saw another creator first; it is found next.
        Ok(_) | Err(bollard::errors::Error::DockerResponseServerError { status_code: 409, .. }) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Removes one network by id.
pub(crate) async fn remove_network(engine: &Engine, id: &str) -> Result<Removal, EngineError> {
    match engine.docker.remove_network(id).await {
        Ok(()) => Ok(Removal::Removed),
        Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => Ok(Removal::Gone),
        // Engines before API 1.42 answer 403 for a network with active endpoints, later ones 409.
        Err(bollard::errors::Error::DockerResponseServerError { status_code: 403 | 409, .. }) => Ok(Removal::InUse),
        Err(e) => Err(e.into()),
    }
}

/// What `down` did with the lab's networks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct NetworksDown {
    /// Names removed (once each, however many networks had the name).
    pub removed: Vec<String>,
    /// Names of networks left because a container that is not the lab's still uses them.
    pub in_use: Vec<String>,
}

/// Removes every network carrying the lab's labels, by id, duplicates included. One still in
/// use is left and named; an error on one does not stop the others (the first is returned).
pub(crate) async fn remove_networks(engine: &Engine, owner: &Owner) -> Result<NetworksDown, EngineError> {
    let options = ListNetworksOptions { filters: Some(owner.filter()) };
    let mut down = NetworksDown::default();
    let mut failure = None;
    for net in engine.docker.list_networks(Some(options)).await? {
        let (Some(id), Some(name)) = (net.id, net.name) else { continue };
        let list = match remove_network(engine, &id).await {
            Ok(Removal::Removed) => &mut down.removed,
            Ok(Removal::InUse) => &mut down.in_use,
            Ok(Removal::Gone) => continue,
            Err(e) => {
                failure.get_or_insert(e);
                continue;
            }
        };
        if !list.contains(&name) {
            list.push(name);
        }
    }
    match failure {
        Some(e) => Err(e),
        None => Ok(down),
    }
}

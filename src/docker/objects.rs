//! A lab's networks and named volumes: created with the lab's labels under compose's names
//! (`<project>_<key>`, already in the loaded project), removed only when they carry them.
//! External ones belong to someone else and are never created or removed.

use std::collections::HashMap;

use bollard::models::{Ipam, IpamConfig, NetworkCreateRequest, VolumeCreateRequest};
use bollard::query_parameters::{ListNetworksOptions, ListVolumesOptions, RemoveVolumeOptions};

use crate::compose::model::Project;
use crate::events::{Event, EventSink, ResourceKind};

use super::engine::Engine;
use super::error::EngineError;
use super::labels::Owner;

/// Creates the project's networks and volumes that do not exist yet.
pub async fn ensure_objects(engine: &Engine, project: &Project, owner: &Owner, sink: &dyn EventSink) -> Result<(), EngineError> {
    for (key, net) in &project.networks {
        if net.external.0 || engine.docker.inspect_network(&net.name, None).await.is_ok() {
            continue;
        }
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
            Ok(_) => sink.emit(Event::ResourceCreated { kind: ResourceKind::Network, name: net.name.clone() }),
            // Another `up` of the same lab created it meanwhile.
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 409, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    for (key, vol) in &project.volumes {
        if vol.external.0 || engine.docker.inspect_volume(&vol.name).await.is_ok() {
            continue;
        }
        let mut labels: HashMap<String, String> = vol.labels.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        labels.extend(owner.volume(key));
        let request = VolumeCreateRequest {
            name: Some(vol.name.clone()),
            driver: Some(if vol.driver.is_empty() { "local".into() } else { vol.driver.clone() }),
            driver_opts: Some(vol.driver_opts.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            labels: Some(labels),
            ..Default::default()
        };
        engine.docker.create_volume(request).await?;
        sink.emit(Event::ResourceCreated { kind: ResourceKind::Volume, name: vol.name.clone() });
    }
    Ok(())
}

/// Removes every network carrying the lab's labels; returns their names.
pub async fn remove_networks(engine: &Engine, owner: &Owner) -> Result<Vec<String>, EngineError> {
    let options = ListNetworksOptions { filters: Some(owner.filter()) };
    let mut removed = Vec::new();
    for net in engine.docker.list_networks(Some(options)).await? {
        let Some(name) = net.name else { continue };
        match engine.docker.remove_network(&name).await {
            Ok(()) => removed.push(name),
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(removed)
}

/// Removes every volume carrying the lab's labels (external volumes never carry them);
/// returns their names.
pub async fn remove_volumes(engine: &Engine, owner: &Owner) -> Result<Vec<String>, EngineError> {
    let options = ListVolumesOptions { filters: Some(owner.filter()) };
    let mut removed = Vec::new();
    for vol in engine.docker.list_volumes(Some(options)).await?.volumes.unwrap_or_default() {
        match engine.docker.remove_volume(&vol.name, Some(RemoveVolumeOptions { force: false })).await {
            Ok(()) => removed.push(vol.name),
            Err(bollard::errors::Error::DockerResponseServerError { status_code: 404, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(removed)
}

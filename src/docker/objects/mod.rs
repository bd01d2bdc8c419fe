//! A lab's networks and named volumes: created with the lab's labels under compose's names
//! (`<project>_<key>`, already in the loaded project), removed only when they carry them.
//! External ones belong to someone else and are never created or removed.

mod networks;

use std::collections::HashMap;

use bollard::models::VolumeCreateRequest;
use bollard::query_parameters::{ListVolumesOptions, RemoveVolumeOptions};

use crate::compose::model::Project;
use crate::events::{Event, EventSink, ResourceKind};

use super::engine::Engine;
use super::error::EngineError;
use super::labels::Owner;

pub use networks::LabNetworks;
pub(crate) use networks::{remove_leftovers, remove_networks};

/// Finds or creates the project's networks (see [`LabNetworks`]) and creates its volumes that
/// do not exist yet. `attached` counts the lab's containers per network id.
pub async fn ensure_objects(
    engine: &Engine,
    project: &Project,
    owner: &Owner,
    attached: &HashMap<String, usize>,
    sink: &dyn EventSink,
) -> Result<LabNetworks, EngineError> {
    let networks = networks::ensure_networks(engine, project, owner, attached, sink).await?;
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
    Ok(networks)
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

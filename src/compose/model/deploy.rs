//! `deploy:`: replicas, resources, restart policy, placement.

use super::mapping::{Labels, Mapping};
use super::scalars::DeviceCount;
use super::{Duration, UnitBytes};

compose_struct! {
    /// Deployment settings of a service.
    pub struct DeployConfig {
        "mode" mode: String,
        "replicas" replicas: Option<i64>,
        "labels" labels: Labels,
        "update_config" update_config: Option<UpdateConfig>,
        "rollback_config" rollback_config: Option<UpdateConfig>,
        "resources" resources: Resources,
        "restart_policy" restart_policy: Option<RestartPolicy>,
        "placement" placement: Placement,
        "endpoint_mode" endpoint_mode: String,
    }
}

compose_struct! {
    /// How updates (and rollbacks) roll out.
    pub struct UpdateConfig {
        "parallelism" parallelism: Option<u64>,
        "delay" delay: Duration,
        "failure_action" failure_action: String,
        "monitor" monitor: Duration,
        "max_failure_ratio" max_failure_ratio: f32,
        "order" order: String,
    }
}

compose_struct! {
    /// Resource limits and reservations.
    pub struct Resources {
        "limits" limits: Option<Resource>,
        "reservations" reservations: Option<Resource>,
    }
    [value_struct]
}

compose_struct! {
    /// One set of resources; `cpus` is a fraction of CPUs (compose's NanoCPUs, a float32).
    pub struct Resource {
        "cpus" cpus: f32,
        "memory" memory: UnitBytes,
        "pids" pids: i64,
        "devices" devices: Vec<DeviceRequest>,
        "generic_resources" generic_resources: Vec<GenericResource>,
    }
}

compose_struct! {
    /// A device (GPU, ...) a service asks for.
    pub struct DeviceRequest {
        "capabilities" capabilities: Vec<String>,
        "driver" driver: String,
        "count" count: DeviceCount,
        "device_ids" device_ids: Vec<String>,
        "options" options: Mapping,
    }
}

compose_struct! {
    /// A user-defined resource (`SSD=3`).
    pub struct GenericResource {
        "discrete_resource_spec" discrete_resource_spec: Option<DiscreteGenericResource>,
    }
}

compose_struct! {
    /// The kind and count of a user-defined resource.
    pub struct DiscreteGenericResource {
        "kind" kind: String => keep,
        "value" value: i64 => keep,
    }
}

compose_struct! {
    /// When a service's containers are restarted (swarm-style `restart_policy`).
    pub struct RestartPolicy {
        "condition" condition: String,
        "delay" delay: Option<Duration>,
        "max_attempts" max_attempts: Option<u64>,
        "window" window: Option<Duration>,
    }
}

compose_struct! {
    /// Placement constraints.
    pub struct Placement {
        "constraints" constraints: Vec<String>,
        "preferences" preferences: Vec<PlacementPreferences>,
        "max_replicas_per_node" max_replicas_per_node: u64,
    }
    [value_struct]
}

compose_struct! {
    /// A placement preference.
    pub struct PlacementPreferences {
        "spread" spread: String,
    }
}

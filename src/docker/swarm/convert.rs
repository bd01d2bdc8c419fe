//! A compose service of a stack as a Swarm service spec.

use std::collections::BTreeMap;

use bollard::models::{
    EndpointPortConfig, EndpointPortConfigPublishModeEnum, EndpointSpec, EndpointSpecModeEnum, HealthConfig, Limit, Mount, MountTmpfsOptions, MountType,
    MountVolumeOptions, NetworkAttachmentConfig, ServiceSpec, ServiceSpecMode, ServiceSpecModeReplicated, ServiceSpecModeReplicatedJob, TaskSpec,
    TaskSpecContainerSpec, TaskSpecPlacement, TaskSpecPlacementPreferences, TaskSpecPlacementSpread, TaskSpecResources, TaskSpecRestartPolicy,
    TaskSpecRestartPolicyConditionEnum,
};

use super::{scoped, ServiceUnit, StackSpec, JOB_ATTEMPTS, SERVICE_LABEL, SPEC_HASH_LABEL};

/// The service spec of `unit` in `stack`, labelled with a hash of itself.
pub(super) fn service_spec(stack: &StackSpec, unit: &ServiceUnit) -> ServiceSpec {
    let s = &unit.config;
    let mut labels = stack.labels();
    labels.insert(SERVICE_LABEL.to_owned(), unit.name.clone());
    let env: Vec<String> = s.environment.0.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}"))).collect();
    let container = TaskSpecContainerSpec {
        image: Some(unit.image.clone()),
        labels: Some(labels.clone()),
        command: s.entrypoint.0.clone(),
        args: s.command.0.clone(),
        env: (!env.is_empty()).then_some(env),
        dir: (!s.working_dir.is_empty()).then(|| s.working_dir.clone()),
        user: (!s.user.is_empty()).then(|| s.user.clone()),
        mounts: Some(mounts(stack, unit)),
        stop_grace_period: s.stop_grace_period.map(|d| d.as_nanos()),
        health_check: health(unit),
        hostname: (!s.hostname.is_empty()).then(|| s.hostname.clone()),
        init: s.init,
        ..Default::default()
    };
    let (millicores, bytes) = unit.limits;
    let task = TaskSpec {
        container_spec: Some(container),
        resources: Some(TaskSpecResources {
            limits: Some(Limit { nano_cpus: Some(i64::try_from(millicores).unwrap_or(i64::MAX).saturating_mul(1_000_000)), memory_bytes: i64::try_from(bytes).ok(), pids: None }),
            ..Default::default()
        }),
        restart_policy: Some(restart(unit)),
        placement: Some(TaskSpecPlacement {
            preferences: Some(vec![TaskSpecPlacementPreferences { spread: Some(TaskSpecPlacementSpread { spread_descriptor: Some("node.id".into()) }) }]),
            ..Default::default()
        }),
        networks: Some(networks(stack, unit)),
        ..Default::default()
    };
    let replicas = s.deploy.as_ref().and_then(|d| d.replicas).unwrap_or(1);
    let mode = if unit.job {
        ServiceSpecMode { replicated_job: Some(ServiceSpecModeReplicatedJob { max_concurrent: Some(1), total_completions: Some(1) }), ..Default::default() }
    } else {
        ServiceSpecMode { replicated: Some(ServiceSpecModeReplicated { replicas: Some(replicas) }), ..Default::default() }
    };
    let ports: Vec<EndpointPortConfig> = unit
        .ports
        .iter()
        .map(|(target, published, protocol)| EndpointPortConfig {
            target_port: Some(i64::from(*target)),
            published_port: Some(i64::from(*published)),
            protocol: serde_json::from_value(serde_json::Value::String(if protocol.is_empty() { "tcp".into() } else { protocol.clone() })).ok(),
            publish_mode: Some(EndpointPortConfigPublishModeEnum::HOST),
            ..Default::default()
        })
        .collect();
    let mut spec = ServiceSpec {
        name: Some(scoped(&stack.namespace, &unit.name)),
        labels: Some(labels),
        task_template: Some(task),
        mode: Some(mode),
        endpoint_spec: Some(EndpointSpec { mode: Some(EndpointSpecModeEnum::DNSRR), ports: (!ports.is_empty()).then_some(ports) }),
        ..Default::default()
    };
    let hash = spec_hash(&spec);
    if let Some(l) = spec.labels.as_mut() {
        l.insert(SPEC_HASH_LABEL.to_owned(), hash);
    }
    spec
}

/// SHA-256 of the spec's JSON with every object's keys in order.
fn spec_hash(spec: &ServiceSpec) -> String {
    use sha2::{Digest, Sha256};
    // serde_json keeps insertion order here, and a spec's maps (labels, options) are hash maps,
    // whose order changes from one run to the next.
    let value = crate::docker::hash::canonical(serde_json::to_value(spec).unwrap_or_default());
    let text = value.to_string();
    Sha256::digest(text.as_bytes()).iter().take(12).map(|b| format!("{b:02x}")).collect()
}


/// Named volumes are the stack's (`<namespace>_<volume>`, labelled so `class down` finds them
/// on every node); anonymous ones and tmpfs are the task's own.
fn mounts(stack: &StackSpec, unit: &ServiceUnit) -> Vec<Mount> {
    let labels = stack.labels();
    let mut out: Vec<Mount> = unit
        .config
        .volumes
        .iter()
        .filter_map(|v| match v.kind.as_str() {
            "volume" => Some(Mount {
                target: Some(v.target.clone()),
                source: (!v.source.is_empty()).then(|| scoped(&stack.namespace, &v.source)),
                typ: Some(MountType::VOLUME),
                read_only: v.read_only.then_some(true),
                volume_options: Some(MountVolumeOptions { labels: Some(labels.clone()), ..Default::default() }),
                ..Default::default()
            }),
            "tmpfs" => Some(Mount { target: Some(v.target.clone()), typ: Some(MountType::TMPFS), ..Default::default() }),
            // Binds are refused before a stack is made: a node does not have the host's files.
            _ => None,
        })
        .collect();
    for t in &unit.config.tmpfs.0 {
        let target = t.split(':').next().unwrap_or(t).to_owned();
        out.push(Mount { target: Some(target), typ: Some(MountType::TMPFS), tmpfs_options: Some(MountTmpfsOptions::default()), ..Default::default() });
    }
    out
}

/// Each compose network the service joins, with the service's name as its DNS alias there.
fn networks(stack: &StackSpec, unit: &ServiceUnit) -> Vec<NetworkAttachmentConfig> {
    let joined: BTreeMap<String, Vec<String>> = if unit.config.networks.is_empty() {
        BTreeMap::from([("default".to_owned(), Vec::new())])
    } else {
        unit.config.networks.iter().map(|(n, c)| (n.clone(), c.as_ref().map(|c| c.aliases.clone()).unwrap_or_default())).collect()
    };
    joined
        .into_iter()
        .map(|(network, mut aliases)| {
            aliases.insert(0, unit.name.clone());
            NetworkAttachmentConfig { target: Some(scoped(&stack.namespace, &network)), aliases: Some(aliases), ..Default::default() }
        })
        .collect()
}

/// A job runs to completion, tried up to [`JOB_ATTEMPTS`] times; `on-failure` stays; everything
/// else is restarted, as a cluster keeps a service up.
fn restart(unit: &ServiceUnit) -> TaskSpecRestartPolicy {
    if unit.job {
        // Swarm's DNS learns of a service on the other nodes a moment after its task runs: a
        // job's first attempt may not find its dependency by name yet.
        let attempts = Some(i64::try_from(JOB_ATTEMPTS).unwrap_or(1));
        return TaskSpecRestartPolicy { condition: Some(TaskSpecRestartPolicyConditionEnum::ON_FAILURE), delay: Some(2_000_000_000), max_attempts: attempts, ..Default::default() };
    }
    let condition = if unit.config.restart.starts_with("on-failure") { TaskSpecRestartPolicyConditionEnum::ON_FAILURE } else { TaskSpecRestartPolicyConditionEnum::ANY };
    TaskSpecRestartPolicy { condition: Some(condition), delay: Some(2_000_000_000), ..Default::default() }
}

/// The compose healthcheck as the engine's (Swarm reports a task running only once it is healthy).
fn health(unit: &ServiceUnit) -> Option<HealthConfig> {
    let h = unit.config.healthcheck.as_ref()?;
    if h.disable {
        return Some(HealthConfig { test: Some(vec!["NONE".into()]), ..Default::default() });
    }
    let ns = |d: Option<crate::compose::model::Duration>| d.map(|d| d.as_nanos());
    Some(HealthConfig {
        test: (!h.test.0.is_empty()).then(|| h.test.0.clone()),
        interval: ns(h.interval),
        timeout: ns(h.timeout),
        retries: h.retries.map(|r| i64::try_from(r).unwrap_or(i64::MAX)),
        start_period: ns(h.start_period),
        start_interval: None,
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn the_same_spec_has_the_same_hash_whatever_its_maps_order() {
        // Each map has its own random order: twenty labels come out in different orders.
        let labels = || (0..20).map(|i| (format!("label-{i}"), i.to_string())).collect::<HashMap<String, String>>();
        let spec = |labels| ServiceSpec { name: Some("aula-ana_web".into()), labels: Some(labels), ..Default::default() };
        let (a, b) = (labels(), labels());
        assert_eq!(spec_hash(&spec(a)), spec_hash(&spec(b)), "one spec, one hash");
        let mut other = labels();
        other.insert("label-0".into(), "changed".into());
        assert_ne!(spec_hash(&spec(labels())), spec_hash(&spec(other)), "a changed spec, another hash");
    }
}

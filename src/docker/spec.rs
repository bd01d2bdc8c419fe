//! A service's container, as the engine's create request: the one place a compose service
//! becomes engine configuration. Pure, so every field is tested without an engine.

use std::collections::HashMap;

use bollard::models::{
    ContainerCreateBody, EndpointIpamConfig, EndpointSettings, HealthConfig, HostConfig, HostConfigLogConfig, Mount,
    MountTmpfsOptions, MountType, MountVolumeOptions, NetworkingConfig, PortBinding, ResourcesUlimits, RestartPolicy,
    RestartPolicyNameEnum,
};

use crate::compose::model::{Project, ServiceConfig, ServiceNetworkConfig, ServiceVolumeConfig};

use super::labels::Owner;
use super::ports::HostPort;

/// Choices the user makes at `up` time that change every service's container.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SpecOptions {
    /// Added to every published host port.
    pub port_offset: u16,
    /// Bind published ports without a host IP on every interface instead of 127.0.0.1.
    pub expose_lan: bool,
}

/// A published port as it will be bound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Published {
    pub host_ip: String,
    /// Empty when the engine picks the port.
    pub host_port: String,
    pub target: u32,
    pub protocol: String,
}

/// The create request plus the networks joined after create (API 1.41 accepts one at create).
#[derive(Clone, Debug, Default)]
pub struct ContainerSpec {
    pub name: String,
    pub body: ContainerCreateBody,
    pub extra_networks: Vec<(String, EndpointSettings)>,
}

/// `<project>-<service>-1` (compose v2 naming) unless the file names the container.
pub fn container_name(project: &str, service: &str, svc: &ServiceConfig) -> String {
    if svc.container_name.is_empty() { format!("{project}-{service}-1") } else { svc.container_name.clone() }
}

/// The service's published ports after the offset and the default host IP are applied.
pub fn published_ports(svc: &ServiceConfig, opts: &SpecOptions) -> Vec<Published> {
    svc.ports
        .iter()
        .filter(|p| p.mode != "host" || !p.published.0.is_empty())
        .map(|p| Published {
            host_ip: if !p.host_ip.is_empty() {
                p.host_ip.clone()
            } else if opts.expose_lan {
                String::new()
            } else {
                "127.0.0.1".into()
            },
            host_port: shift(&p.published.0, opts.port_offset),
            target: p.target,
            protocol: if p.protocol.is_empty() { "tcp".into() } else { p.protocol.clone() },
        })
        .collect()
}

/// Every fixed host port the project will bind, for the busy-port check before `up`.
pub fn host_ports(project: &Project, opts: &SpecOptions) -> Vec<HostPort> {
    let mut out = Vec::new();
    for svc in project.services.values() {
        for p in published_ports(svc, opts) {
            let (lo, hi) = range(&p.host_port);
            for port in lo..=hi {
                if port != 0 {
                    let host_ip = if p.host_ip.is_empty() { "0.0.0.0".into() } else { p.host_ip.clone() };
                    out.push(HostPort { host_ip, port, protocol: p.protocol.clone() });
                }
            }
        }
    }
    out
}

fn range(ports: &str) -> (u16, u16) {
    let (lo, hi) = ports.split_once('-').unwrap_or((ports, ports));
    (lo.parse().unwrap_or(0), hi.parse().unwrap_or(0))
}

/// `8080` + 100 → `180`; ranges shift at both ends; an empty port stays empty.
fn shift(ports: &str, offset: u16) -> String {
    if ports.is_empty() || offset == 0 {
        return ports.to_owned();
    }
    let one = |p: &str| p.parse::<u32>().map(|n| (n + u32::from(offset)).to_string()).unwrap_or_else(|_| p.to_owned());
    match ports.split_once('-') {
        Some((lo, hi)) => format!("{}-{}", one(lo), one(hi)),
        None => one(ports),
    }
}

/// The container for `service`, labelled for `owner` with its configuration `hash`.
pub fn container_spec(
    project: &Project,
    service: &str,
    svc: &ServiceConfig,
    owner: &Owner,
    hash: &str,
    opts: &SpecOptions,
) -> ContainerSpec {
    let mut labels: HashMap<String, String> = svc.labels.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    labels.extend(owner.container(service, 1, hash));
    let (network_mode, endpoints, extra_networks) = networks(project, service, svc);
    let body = ContainerCreateBody {
        image: Some(super::images::image_name(&project.name, service, svc)),
        cmd: svc.command.0.clone(),
        entrypoint: svc.entrypoint.0.clone(),
        env: Some(svc.environment.0.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}"))).collect()),
        labels: Some(labels),
        exposed_ports: Some(exposed_ports(svc)),
        healthcheck: healthcheck(svc),
        user: non_empty(&svc.user),
        working_dir: non_empty(&svc.working_dir),
        hostname: non_empty(&svc.hostname),
        domainname: non_empty(&svc.domainname),
        tty: Some(svc.tty),
        open_stdin: Some(svc.stdin_open),
        stop_signal: non_empty(&svc.stop_signal),
        stop_timeout: svc.stop_grace_period.map(|d| i64::try_from(d.to_std().as_secs()).unwrap_or(i64::MAX)),
        host_config: Some(host_config(project, svc, opts, network_mode)),
        networking_config: Some(NetworkingConfig { endpoints_config: Some(endpoints) }),
        ..Default::default()
    };
    ContainerSpec { name: container_name(&project.name, service, svc), body, extra_networks }
}

fn non_empty(s: &str) -> Option<String> {
    if s.is_empty() { None } else { Some(s.to_owned()) }
}

fn exposed_ports(svc: &ServiceConfig) -> Vec<String> {
    let mut out: Vec<String> = svc
        .expose
        .iter()
        .map(|e| if e.contains('/') { e.clone() } else { format!("{e}/tcp") })
        .chain(svc.ports.iter().map(|p| format!("{}/{}", p.target, if p.protocol.is_empty() { "tcp" } else { &p.protocol })))
        .collect();
    out.sort();
    out.dedup();
    out
}

fn healthcheck(svc: &ServiceConfig) -> Option<HealthConfig> {
    let hc = svc.healthcheck.as_ref()?;
    if hc.disable {
        return Some(HealthConfig { test: Some(vec!["NONE".into()]), ..Default::default() });
    }
    let nanos = |d: Option<crate::compose::model::Duration>| d.map(|d| d.as_nanos());
    Some(HealthConfig {
        test: if hc.test.0.is_empty() { None } else { Some(hc.test.0.clone()) },
        interval: nanos(hc.interval),
        timeout: nanos(hc.timeout),
        retries: hc.retries.map(|r| i64::try_from(r).unwrap_or(i64::MAX)),
        start_period: nanos(hc.start_period),
        start_interval: nanos(hc.start_interval),
    })
}

/// True when the service's healthcheck decides its readiness.
pub fn has_healthcheck(svc: &ServiceConfig) -> bool {
    svc.healthcheck.as_ref().is_some_and(|h| !h.disable && h.test.0.first().is_none_or(|t| t != "NONE"))
}

fn host_config(project: &Project, svc: &ServiceConfig, opts: &SpecOptions, network_mode: Option<String>) -> HostConfig {
    let mut port_bindings: HashMap<String, Option<Vec<PortBinding>>> = HashMap::new();
    for p in published_ports(svc, opts) {
        port_bindings.entry(format!("{}/{}", p.target, p.protocol)).or_insert_with(|| Some(Vec::new())).get_or_insert_with(Vec::new).push(
            PortBinding { host_ip: Some(p.host_ip), host_port: Some(p.host_port) },
        );
    }
    let (binds, mounts) = mounts(project, svc);
    let limits = svc.deploy.as_ref().and_then(|d| d.resources.limits.as_ref());
    let reservations = svc.deploy.as_ref().and_then(|d| d.resources.reservations.as_ref());
    let memory = Some(svc.mem_limit.0).filter(|m| *m > 0).or_else(|| limits.map(|l| l.memory.0).filter(|m| *m > 0));
    let cpus = Some(svc.cpus).filter(|c| *c > 0.0).or_else(|| limits.map(|l| l.cpus).filter(|c| *c > 0.0));
    let pids = Some(svc.pids_limit).filter(|p| *p != 0).or_else(|| limits.map(|l| l.pids).filter(|p| *p != 0));
    HostConfig {
        port_bindings: Some(port_bindings),
        binds: Some(binds),
        mounts: Some(mounts),
        tmpfs: Some(
            svc.tmpfs
                .iter()
                .map(|t| match t.split_once(':') {
                    Some((path, opts)) => (path.to_owned(), opts.to_owned()),
                    None => (t.clone(), String::new()),
                })
                .collect(),
        ),
        network_mode,
        restart_policy: Some(restart_policy(svc)),
        init: svc.init,
        privileged: Some(svc.privileged),
        readonly_rootfs: Some(svc.read_only),
        cap_add: Some(svc.cap_add.clone()),
        cap_drop: Some(svc.cap_drop.clone()),
        extra_hosts: Some(svc.extra_hosts.as_list(":")),
        shm_size: Some(svc.shm_size.0).filter(|s| *s > 0),
        memory,
        memory_reservation: Some(svc.mem_reservation.0)
            .filter(|m| *m > 0)
            .or_else(|| reservations.map(|r| r.memory.0).filter(|m| *m > 0)),
        memory_swap: Some(svc.memswap_limit.0).filter(|m| *m != 0),
        nano_cpus: cpus.map(|c| (f64::from(c) * 1e9).round() as i64),
        pids_limit: pids,
        cpu_shares: Some(svc.cpu_shares).filter(|c| *c > 0),
        cpuset_cpus: non_empty(&svc.cpuset),
        ulimits: Some(
            svc.ulimits
                .iter()
                .map(|(name, u)| {
                    let (soft, hard) = if u.single != 0 { (u.single, u.single) } else { (u.soft, u.hard) };
                    ResourcesUlimits { name: Some(name.clone()), soft: Some(soft), hard: Some(hard) }
                })
                .collect(),
        ),
        dns: Some(svc.dns.0.clone()),
        dns_search: Some(svc.dns_search.0.clone()),
        dns_options: Some(svc.dns_opt.clone()),
        sysctls: Some(svc.sysctls.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        security_opt: Some(svc.security_opt.clone()),
        group_add: Some(svc.group_add.0.clone()),
        pid_mode: svc.pid.clone().filter(|p| !p.is_empty()),
        ipc_mode: non_empty(&svc.ipc),
        userns_mode: non_empty(&svc.userns_mode),
        uts_mode: non_empty(&svc.uts),
        oom_score_adj: Some(svc.oom_score_adj).filter(|o| *o != 0),
        runtime: non_empty(&svc.runtime),
        cgroup_parent: non_empty(&svc.cgroup_parent),
        volumes_from: Some(
            svc.volumes_from
                .iter()
                .map(|v| match v.strip_prefix("service:").or_else(|| (!v.starts_with("container:")).then_some(v.as_str())) {
                    Some(rest) => {
                        let (name, mode) = rest.split_once(':').map_or((rest, None), |(n, m)| (n, Some(m)));
                        let container = project.services.get(name).map_or_else(|| name.to_owned(), |s| container_name(&project.name, name, s));
                        mode.map_or(container.clone(), |m| format!("{container}:{m}"))
                    }
                    None => v.trim_start_matches("container:").to_owned(),
                })
                .collect(),
        ),
        log_config: svc.logging.as_ref().filter(|l| !l.driver.is_empty()).map(|l| HostConfigLogConfig {
            typ: Some(l.driver.clone()),
            config: Some(l.options.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        }),
        ..Default::default()
    }
}

fn restart_policy(svc: &ServiceConfig) -> RestartPolicy {
    let (name, count) = if !svc.restart.is_empty() {
        let (name, count) = svc.restart.split_once(':').map_or((svc.restart.as_str(), None), |(n, c)| (n, c.parse().ok()));
        (name.to_owned(), count)
    } else if let Some(p) = svc.deploy.as_ref().and_then(|d| d.restart_policy.as_ref()) {
        let name = match p.condition.as_str() {
            "any" | "" => "always",
            "on-failure" => "on-failure",
            _ => "no",
        };
        (name.to_owned(), p.max_attempts.and_then(|m| i64::try_from(m).ok()))
    } else {
        ("no".to_owned(), None)
    };
    let name = match name.as_str() {
        "always" => RestartPolicyNameEnum::ALWAYS,
        "unless-stopped" => RestartPolicyNameEnum::UNLESS_STOPPED,
        "on-failure" => RestartPolicyNameEnum::ON_FAILURE,
        _ => RestartPolicyNameEnum::NO,
    };
    RestartPolicy { name: Some(name), maximum_retry_count: count }
}

/// Bind mounts that may create their host folder go through `Binds` (the mount API refuses
/// a missing source); everything else through `Mounts`.
fn mounts(project: &Project, svc: &ServiceConfig) -> (Vec<String>, Vec<Mount>) {
    let mut binds = Vec::new();
    let mut mounts = Vec::new();
    for v in &svc.volumes {
        match v.kind.as_str() {
            "bind" if v.bind.as_ref().is_some_and(|b| b.create_host_path) => {
                let mut opts: Vec<&str> = Vec::new();
                if v.read_only {
                    opts.push("ro");
                }
                if let Some(b) = &v.bind {
                    if !b.selinux.is_empty() {
                        opts.push(&b.selinux);
                    }
                    if !b.propagation.is_empty() {
                        opts.push(&b.propagation);
                    }
                }
                let suffix = if opts.is_empty() { String::new() } else { format!(":{}", opts.join(",")) };
                binds.push(format!("{}:{}{suffix}", v.source, v.target));
            }
            "bind" => mounts.push(Mount { typ: Some(MountType::BIND), ..base_mount(v) }),
            "volume" => {
                let source = project.volumes.get(&v.source).map_or_else(|| v.source.clone(), |decl| decl.name.clone());
                let options = v.volume.as_ref().map(|o| MountVolumeOptions {
                    no_copy: Some(o.nocopy),
                    subpath: non_empty(&o.subpath),
                    ..Default::default()
                });
                mounts.push(Mount {
                    typ: Some(MountType::VOLUME),
                    source: non_empty(&source),
                    volume_options: options,
                    ..base_mount(v)
                });
            }
            "tmpfs" => {
                let options = v.tmpfs.as_ref().map(|t| MountTmpfsOptions {
                    size_bytes: Some(t.size.0).filter(|s| *s > 0),
                    mode: Some(i64::from(t.mode)).filter(|m| *m > 0),
                    ..Default::default()
                });
                mounts.push(Mount { typ: Some(MountType::TMPFS), source: None, tmpfs_options: options, ..base_mount(v) });
            }
            _ => {}
        }
    }
    (binds, mounts)
}

fn base_mount(v: &ServiceVolumeConfig) -> Mount {
    Mount {
        target: Some(v.target.clone()),
        source: non_empty(&v.source),
        read_only: Some(v.read_only),
        consistency: non_empty(&v.consistency),
        ..Default::default()
    }
}

type Endpoints = HashMap<String, EndpointSettings>;

/// The network mode, the endpoint joined at create, and the ones joined afterwards. The
/// service's name is its alias on every network, so services find each other by name.
fn networks(project: &Project, service: &str, svc: &ServiceConfig) -> (Option<String>, Endpoints, Vec<(String, EndpointSettings)>) {
    if !svc.network_mode.is_empty() {
        let mode = match svc.network_mode.strip_prefix("service:") {
            Some(other) => format!(
                "container:{}",
                project.services.get(other).map_or_else(|| other.to_owned(), |s| container_name(&project.name, other, s))
            ),
            None => svc.network_mode.clone(),
        };
        return (Some(mode), HashMap::new(), Vec::new());
    }
    let mut joined: Vec<(&String, Option<&ServiceNetworkConfig>)> = svc.networks.iter().map(|(k, v)| (k, v.as_ref())).collect();
    // The primary network is the one with the highest priority, then by name, as compose does.
    joined.sort_by(|a, b| b.1.map_or(0, |c| c.priority).cmp(&a.1.map_or(0, |c| c.priority)).then(a.0.cmp(b.0)));
    let mut endpoints = joined.into_iter().map(|(key, cfg)| {
        let name = project.networks.get(key).map_or_else(|| key.clone(), |n| n.name.clone());
        let mut aliases = vec![service.to_owned()];
        let mut settings = EndpointSettings::default();
        if let Some(cfg) = cfg {
            aliases.extend(cfg.aliases.iter().cloned());
            if !cfg.ipv4_address.is_empty() || !cfg.ipv6_address.is_empty() {
                settings.ipam_config = Some(EndpointIpamConfig {
                    ipv4_address: non_empty(&cfg.ipv4_address),
                    ipv6_address: non_empty(&cfg.ipv6_address),
                    ..Default::default()
                });
            }
            settings.mac_address = non_empty(&cfg.mac_address);
        }
        settings.aliases = Some(aliases);
        (name, settings)
    });
    let Some((primary, settings)) = endpoints.next() else {
        return (None, HashMap::new(), Vec::new());
    };
    (Some(primary.clone()), HashMap::from([(primary, settings)]), endpoints.collect())
}

#[cfg(test)]
#[path = "spec_tests.rs"]
mod tests;

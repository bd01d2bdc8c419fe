use std::collections::BTreeMap;

use bollard::models::{MountType, RestartPolicyNameEnum};

use super::*;
use crate::compose::model::{
    Duration, HealthCheckConfig, HealthCheckTest, NetworkConfig, ServicePortConfig, ShellCommand, UnitBytes, VolumeConfig,
};
use crate::compose::model::ports::Published as PortSpec;
use crate::compose::model::volumes::ServiceVolumeBind;

fn owner() -> Owner {
    Owner { project: "lab".into(), lab: "lab".into(), working_dir: "/w".into(), config_files: vec!["/w/compose.yaml".into()] }
}

fn port(published: &str, target: u32, host_ip: &str) -> ServicePortConfig {
    ServicePortConfig {
        target,
        published: PortSpec(published.into()),
        host_ip: host_ip.into(),
        protocol: "tcp".into(),
        mode: "ingress".into(),
        ..Default::default()
    }
}

fn project(svc: ServiceConfig) -> Project {
    let mut p = Project { name: "lab".into(), ..Default::default() };
    p.networks.insert("default".into(), NetworkConfig { name: "lab_default".into(), ..Default::default() });
    p.volumes.insert("data".into(), VolumeConfig { name: "lab_data".into(), ..Default::default() });
    p.services.insert("web".into(), svc);
    p
}

fn web() -> ServiceConfig {
    let mut svc = ServiceConfig { image: "busybox".into(), ..Default::default() };
    svc.command = ShellCommand(Some(vec!["httpd".into(), "-f".into()]));
    svc.networks.insert("default".into(), None);
    svc
}

fn spec_of(svc: ServiceConfig, opts: SpecOptions) -> ContainerSpec {
    let p = project(svc);
    container_spec(&p, "web", &p.services["web"], &owner(), "h", &opts)
}

#[test]
fn image_command_name_and_labels() {
    let mut svc = web();
    svc.labels.insert("team".into(), "a".into());
    svc.environment.insert("A".into(), Some("1".into()));
    svc.environment.insert("UNSET".into(), None);
    let s = spec_of(svc, SpecOptions::default());
    assert_eq!(s.name, "lab-web-1", "compose v2 naming");
    assert_eq!(s.body.image.as_deref(), Some("busybox"), "the image");
    assert_eq!(s.body.cmd, Some(vec!["httpd".to_string(), "-f".to_string()]), "the command");
    assert_eq!(s.body.env, Some(vec!["A=1".to_string()]), "an unset variable is not passed");
    let labels = s.body.labels.unwrap();
    assert_eq!(labels.get("team").map(String::as_str), Some("a"), "the service's own label");
    assert_eq!(labels.get(crate::docker::labels::CONFIG_HASH).map(String::as_str), Some("h"), "the hash label");
    assert_eq!(labels.get(crate::docker::labels::SERVICE).map(String::as_str), Some("web"), "the service label");
}

#[test]
fn ports_bind_to_localhost_unless_named_or_exposed() {
    let mut svc = web();
    svc.ports = vec![port("8080", 80, ""), port("9000", 90, "0.0.0.0")];
    let s = spec_of(svc.clone(), SpecOptions::default());
    let bindings = s.body.host_config.unwrap().port_bindings.unwrap();
    let b80 = bindings["80/tcp"].clone().unwrap();
    assert_eq!(b80[0].host_ip.as_deref(), Some("127.0.0.1"), "safe by default");
    assert_eq!(b80[0].host_port.as_deref(), Some("8080"), "the published port");
    assert_eq!(bindings["90/tcp"].clone().unwrap()[0].host_ip.as_deref(), Some("0.0.0.0"), "a host IP in the file wins");
    let lan = spec_of(svc.clone(), SpecOptions { expose_lan: true, port_offset: 0 });
    let b = lan.body.host_config.unwrap().port_bindings.unwrap()["80/tcp"].clone().unwrap();
    assert_eq!(b[0].host_ip.as_deref(), Some(""), "--expose-lan binds every interface");
    let shifted = spec_of(svc.clone(), SpecOptions { expose_lan: false, port_offset: 100 });
    let b = shifted.body.host_config.unwrap().port_bindings.unwrap()["80/tcp"].clone().unwrap();
    assert_eq!(b[0].host_port.as_deref(), Some("8180"), "--port-offset shifts host ports");
    let p = project(svc);
    let wanted = host_ports(&p, &SpecOptions { port_offset: 100, expose_lan: false });
    assert_eq!(wanted.iter().map(|h| h.port).collect::<Vec<_>>(), vec![8180, 9100], "the ports checked before up");
    assert_eq!(shift("8000-8010", 5), "8005-8015", "ranges shift at both ends");
}

#[test]
fn mounts_use_project_scoped_volume_names() {
    let mut svc = web();
    svc.volumes = vec![
        ServiceVolumeConfig { kind: "volume".into(), source: "data".into(), target: "/data".into(), ..Default::default() },
        ServiceVolumeConfig {
            kind: "bind".into(),
            source: "/w/x".into(),
            target: "/x".into(),
            read_only: true,
            bind: Some(ServiceVolumeBind { create_host_path: true, ..Default::default() }),
            ..Default::default()
        },
        ServiceVolumeConfig { kind: "tmpfs".into(), target: "/t".into(), ..Default::default() },
    ];
    svc.tmpfs.0 = vec!["/run:size=1m".into()];
    let hc = spec_of(svc, SpecOptions::default()).body.host_config.unwrap();
    let mounts = hc.mounts.unwrap();
    assert_eq!(mounts[0].source.as_deref(), Some("lab_data"), "the volume's name in the project");
    assert_eq!(mounts[0].typ, Some(MountType::VOLUME), "a volume mount");
    assert_eq!(mounts[1].typ, Some(MountType::TMPFS), "a tmpfs mount");
    assert_eq!(hc.binds, Some(vec!["/w/x:/x:ro".to_string()]), "a bind that may create its folder");
    assert_eq!(hc.tmpfs.unwrap().get("/run").map(String::as_str), Some("size=1m"), "tmpfs option list");
}

#[test]
fn networks_get_the_service_name_as_alias() {
    let mut svc = web();
    svc.networks.insert("back".into(), Some(ServiceNetworkConfig { aliases: vec!["api".into()], ..Default::default() }));
    let mut p = project(svc);
    p.networks.insert("back".into(), NetworkConfig { name: "lab_back".into(), ..Default::default() });
    let s = container_spec(&p, "web", &p.services["web"], &owner(), "h", &SpecOptions::default());
    assert_eq!(s.body.host_config.unwrap().network_mode.as_deref(), Some("lab_back"), "first by name is primary");
    let ep = &s.body.networking_config.unwrap().endpoints_config.unwrap()["lab_back"];
    assert_eq!(ep.aliases, Some(vec!["web".to_string(), "api".to_string()]), "service name, then its aliases");
    assert_eq!(s.extra_networks.len(), 1, "the other network joins after create");
    assert_eq!(s.extra_networks[0].0, "lab_default", "by its project name");
    let mut svc = web();
    svc.network_mode = "host".into();
    let s = spec_of(svc, SpecOptions::default());
    assert_eq!(s.body.host_config.unwrap().network_mode.as_deref(), Some("host"), "network_mode wins");
}

#[test]
fn healthcheck_restart_limits_and_process_options() {
    let mut svc = web();
    svc.healthcheck = Some(HealthCheckConfig {
        test: HealthCheckTest(vec!["CMD".into(), "true".into()]),
        interval: Some(Duration(1_000_000_000)),
        retries: Some(3),
        start_period: Some(Duration(5_000_000_000)),
        ..Default::default()
    });
    svc.restart = "on-failure:2".into();
    svc.mem_limit = UnitBytes(64 << 20);
    svc.cpus = 0.5;
    svc.user = "nobody".into();
    svc.init = Some(true);
    svc.stop_signal = "SIGINT".into();
    svc.stop_grace_period = Some(Duration(3_000_000_000));
    svc.cap_add = vec!["NET_ADMIN".into()];
    svc.extra_hosts.insert("db".into(), vec!["10.0.0.1".into()]);
    svc.ulimits = BTreeMap::from([("nofile".into(), crate::compose::model::UlimitsConfig { single: 0, soft: 10, hard: 20 })]);
    let s = spec_of(svc, SpecOptions::default());
    let hc = s.body.healthcheck.unwrap();
    assert_eq!(hc.interval, Some(1_000_000_000), "nanoseconds for the engine");
    assert_eq!(hc.retries, Some(3), "retries");
    assert_eq!(hc.start_period, Some(5_000_000_000), "start period");
    assert_eq!(s.body.user.as_deref(), Some("nobody"), "user");
    assert_eq!(s.body.stop_signal.as_deref(), Some("SIGINT"), "stop signal");
    assert_eq!(s.body.stop_timeout, Some(3), "grace period in seconds");
    let host = s.body.host_config.unwrap();
    let restart = host.restart_policy.unwrap();
    assert_eq!(restart.name, Some(RestartPolicyNameEnum::ON_FAILURE), "restart policy");
    assert_eq!(restart.maximum_retry_count, Some(2), "with its count");
    assert_eq!(host.memory, Some(64 << 20), "memory limit");
    assert_eq!(host.nano_cpus, Some(500_000_000), "half a CPU");
    assert_eq!(host.init, Some(true), "init");
    assert_eq!(host.cap_add, Some(vec!["NET_ADMIN".to_string()]), "capabilities");
    assert_eq!(host.extra_hosts, Some(vec!["db:10.0.0.1".to_string()]), "host:ip for the engine");
    assert_eq!(host.ulimits.unwrap()[0].hard, Some(20), "ulimits");
}

#[test]
fn a_disabled_healthcheck_is_none_and_does_not_gate() {
    let mut svc = web();
    svc.healthcheck = Some(HealthCheckConfig { disable: true, ..Default::default() });
    assert!(!has_healthcheck(&svc), "disabled");
    let s = spec_of(svc, SpecOptions::default());
    assert_eq!(s.body.healthcheck.unwrap().test, Some(vec!["NONE".to_string()]), "the image's check is switched off");
}

#[test]
fn container_name_from_the_file_wins() {
    let svc = ServiceConfig { container_name: "mine".into(), ..Default::default() };
    assert_eq!(container_name("lab", "web", &svc), "mine", "container_name");
}

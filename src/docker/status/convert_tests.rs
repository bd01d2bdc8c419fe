use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use bollard::models::{ContainerConfig, ContainerState, Health as BHealth, NetworkSettings, PortBinding};

use super::*;

fn now() -> SystemTime {
    // 2024-05-01T10:20:30Z
    UNIX_EPOCH + Duration::from_secs(1_714_558_830)
}

fn container(project: Option<&str>, service: &str, status: ContainerStateStatusEnum) -> ContainerInspectResponse {
    let mut labels = HashMap::new();
    if let Some(p) = project {
        labels.insert(labels::PROJECT.to_string(), p.to_string());
    }
    labels.insert(labels::SERVICE.to_string(), service.to_string());
    labels.insert(labels::CONTAINER_NUMBER.to_string(), "1".to_string());
    ContainerInspectResponse {
        id: Some(format!("id-{service}")),
        name: Some(format!("/lab-{service}-1")),
        image: Some("sha256:abc".into()),
        restart_count: Some(0),
        config: Some(ContainerConfig { image: Some("busybox:1".into()), labels: Some(labels), ..Default::default() }),
        state: Some(ContainerState {
            status: Some(status),
            exit_code: Some(0),
            started_at: Some("2024-05-01T10:15:30.5Z".into()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

fn bind(ip: &str, port: &str) -> PortBinding {
    PortBinding { host_ip: Some(ip.into()), host_port: Some(port.into()) }
}

#[test]
fn a_running_container_becomes_a_running_service_with_its_uptime() {
    let o = observed(&container(Some("lab"), "web", ContainerStateStatusEnum::RUNNING), now()).unwrap();
    assert_eq!(o.project, "lab", "the project label");
    let s = o.status;
    assert_eq!((s.service.as_str(), s.number, s.container.as_str()), ("web", Some(1), "lab-web-1"), "names without the leading slash");
    assert_eq!(s.state, ServiceState::Running, "engine status running");
    assert_eq!(s.health, Health::None, "no healthcheck, no health");
    assert_eq!(s.exit_code, None, "a running container has no exit code yet");
    assert_eq!(s.image, "busybox:1", "the image as named, not its id");
    assert_eq!(s.uptime, Some(Duration::from_millis(299_500)), "now minus StartedAt");
}

#[test]
fn an_exited_container_keeps_its_exit_code_and_has_no_uptime() {
    let mut c = container(Some("lab"), "job", ContainerStateStatusEnum::EXITED);
    c.state.as_mut().unwrap().exit_code = Some(3);
    let s = observed(&c, now()).unwrap().status;
    assert_eq!(s.state, ServiceState::Exited, "engine status exited");
    assert_eq!(s.exit_code, Some(3), "the process's exit code");
    assert_eq!(s.uptime, None, "not up, so no uptime");
}

#[test]
fn health_and_restarts_come_across() {
    let mut c = container(Some("lab"), "db", ContainerStateStatusEnum::RESTARTING);
    c.restart_count = Some(4);
    c.state.as_mut().unwrap().health = Some(BHealth { status: Some(HealthStatusEnum::UNHEALTHY), ..Default::default() });
    let s = observed(&c, now()).unwrap().status;
    assert_eq!(s.health, Health::Unhealthy, "the healthcheck verdict");
    assert_eq!(s.restarts, 4, "the engine's restart count");
    assert_eq!(s.state, ServiceState::Restarting, "restarting is its own state");
}

#[test]
fn a_container_started_in_the_future_has_zero_uptime() {
    let mut c = container(Some("lab"), "web", ContainerStateStatusEnum::RUNNING);
    c.state.as_mut().unwrap().started_at = Some("2030-01-01T00:00:00Z".into());
    assert_eq!(observed(&c, now()).unwrap().status.uptime, Some(Duration::ZERO), "a skewed clock never goes negative");
}

#[test]
fn a_container_without_the_project_label_is_not_a_lab_service() {
    assert_eq!(observed(&container(None, "web", ContainerStateStatusEnum::RUNNING), now()), None, "no project label");
    assert_eq!(observed(&ContainerInspectResponse::default(), now()), None, "nothing known at all");
}

#[test]
fn published_ports_get_urls_on_the_bound_address() {
    let mut c = container(Some("lab"), "web", ContainerStateStatusEnum::RUNNING);
    let ports: PortMap = HashMap::from([
        ("80/tcp".to_string(), Some(vec![bind("0.0.0.0", "8080"), bind("::", "8080")])),
        ("8000/tcp".to_string(), Some(vec![bind("127.0.0.1", "8001")])),
        ("53/udp".to_string(), Some(vec![bind("127.0.0.1", "5353")])),
        ("9000/tcp".to_string(), None),
        ("9001/tcp".to_string(), Some(vec![bind("::1", "9001")])),
    ]);
    c.network_settings = Some(NetworkSettings { ports: Some(ports), ..Default::default() });
    let p = observed(&c, now()).unwrap().status.ports;
    let urls: Vec<(u16, Option<&str>)> = p.iter().map(|p| (p.container_port, p.url.as_deref())).collect();
    assert_eq!(
        urls,
        vec![
            (53, None),
            (80, Some("http://127.0.0.1:8080")),
            (8000, Some("http://127.0.0.1:8001")),
            (9001, Some("http://[::1]:9001")),
        ],
        "one link per port, loopback for wildcard binds, none for UDP, unpublished ports left out"
    );
    assert_eq!(p[1].host_ip, "0.0.0.0", "the address as bound is kept");
    assert_eq!(p[0].protocol, "udp", "the protocol from the port key");
}

#[test]
fn containers_group_into_labs_in_a_stable_order() {
    let mut one_off = observed(&container(Some("b"), "web", ContainerStateStatusEnum::EXITED), now()).unwrap();
    one_off.oneoff = true;
    let mut nivel = container(Some("b"), "web", ContainerStateStatusEnum::RUNNING);
    nivel.config.as_mut().unwrap().labels.as_mut().unwrap().insert(labels::LAB.into(), "level-2".into());
    let observed_all = vec![
        observed(&nivel, now()).unwrap(),
        observed(&container(Some("a"), "x", ContainerStateStatusEnum::CREATED), now()).unwrap(),
        observed(&container(Some("b"), "api", ContainerStateStatusEnum::RUNNING), now()).unwrap(),
        one_off,
    ];
    let labs = group(observed_all);
    let names: Vec<&str> = labs.iter().map(|l| l.project.as_str()).collect();
    assert_eq!(names, ["a", "b"], "labs ordered by project");
    let services: Vec<&str> = labs[1].services.iter().map(|s| s.service.as_str()).collect();
    assert_eq!(services, ["api", "web"], "services ordered by name; the one-off run is left out");
    assert_eq!(labs[1].lab.as_deref(), Some("level-2"), "the lab id from any of its containers");
    assert_eq!(labs[0].lab, None, "a stack started elsewhere has no lab id");
}

#[test]
fn the_json_shape_is_stable() {
    let s = observed(&container(Some("lab"), "web", ContainerStateStatusEnum::RUNNING), now()).unwrap().status;
    let json = serde_json::to_value(&s).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["service", "number", "container", "id", "state", "health", "exit_code", "restarts", "ports", "image", "uptime_seconds"],
        "documented field names, in order"
    );
    assert_eq!(json["uptime_seconds"], 299, "whole seconds");
    assert_eq!(json["state"], "running", "snake_case states");
    assert_eq!(json["health"], "none", "snake_case health");
}

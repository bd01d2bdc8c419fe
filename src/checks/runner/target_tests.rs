use super::*;
use crate::docker::status::{Health, PublishedPort, ServiceState};

fn port(host_ip: &str, host_port: u16, container_port: u16, protocol: &str) -> PublishedPort {
    PublishedPort { host_ip: host_ip.into(), host_port, container_port, protocol: protocol.into(), url: None }
}

pub(crate) fn service(name: &str, number: u32, state: ServiceState, ports: Vec<PublishedPort>) -> ServiceStatus {
    ServiceStatus {
        service: name.into(),
        number: Some(number),
        container: format!("lab-{name}-{number}"),
        id: format!("id-{name}-{number}"),
        state,
        health: Health::None,
        exit_code: None,
        restarts: 0,
        ports,
        image: "busybox:1".into(),
        uptime: None,
    }
}

fn lab(services: Vec<ServiceStatus>) -> LabStatus {
    LabStatus { project: "level-2".into(), lab: Some("level-2".into()), working_dir: None, services, notes: Vec::new() }
}

fn addr(s: &str) -> Published {
    Published::Loopback(s.parse().unwrap())
}

#[test]
fn wildcard_and_loopback_binds_resolve_to_loopback_addresses() {
    let ports = vec![
        port("0.0.0.0", 5001, 5000, "tcp"),
        port("127.0.0.1", 9001, 9001, "tcp"),
        port("::1", 8889, 8888, "tcp"),
        port("::", 8081, 8080, "tcp"),
        port("192.168.1.5", 6000, 6000, "tcp"),
        port("127.0.0.1", 5353, 53, "udp"),
    ];
    let services = services_of(&lab(vec![service("mlflow", 1, ServiceState::Running, ports)]), None).unwrap();
    let got = &services["mlflow"].ports;
    assert_eq!(got.get(&5000), Some(&addr("127.0.0.1:5001")), "a wildcard bind answers on 127.0.0.1");
    assert_eq!(got.get(&9001), Some(&addr("127.0.0.1:9001")), "a 127.0.0.1 bind");
    assert_eq!(got.get(&8888), Some(&addr("[::1]:8889")), "a ::1 bind stays IPv6");
    assert_eq!(got.get(&8080), Some(&addr("127.0.0.1:8081")), "an IPv6 wildcard bind also answers on 127.0.0.1");
    assert_eq!(got.get(&6000), Some(&Published::Elsewhere("192.168.1.5".into())), "another address is named, never used");
    assert_eq!(got.get(&53), None, "UDP ports are not for http or tcp checks");
    assert_eq!(services["mlflow"].container_id, "id-mlflow-1", "the container checks look into");
}

#[test]
fn a_loopback_binding_wins_over_one_elsewhere() {
    let ports = vec![port("10.0.0.2", 7000, 80, "tcp"), port("127.0.0.1", 7001, 80, "tcp")];
    let services = services_of(&lab(vec![service("web", 1, ServiceState::Running, ports)]), None).unwrap();
    assert_eq!(services["web"].ports.get(&80), Some(&addr("127.0.0.1:7001")), "the reachable one");
}

#[test]
fn the_first_running_replica_is_the_one_looked_into() {
    let l = lab(vec![
        service("api", 1, ServiceState::Exited, vec![]),
        service("api", 2, ServiceState::Running, vec![]),
        service("api", 3, ServiceState::Running, vec![]),
        service("job", 1, ServiceState::Exited, vec![]),
    ]);
    let services = services_of(&l, None).unwrap();
    assert_eq!(services["api"].container_id, "id-api-2", "replica 1 is stopped, 2 runs");
    assert_eq!(services["job"].container_id, "id-job-1", "a stopped one-shot service is still there to inspect");
}

#[test]
fn a_lab_with_nothing_up_is_not_running() {
    assert_eq!(services_of(&lab(vec![service("api", 1, ServiceState::Exited, vec![])]), None), None, "all stopped");
    assert_eq!(services_of(&lab(vec![]), None), None, "no containers");
}

#[test]
fn the_not_running_error_names_the_lab_in_both_languages_and_starting_it_is_the_remedy() {
    use crate::app::{Problem, Remedy};
    let e = TargetError::NotRunning { lab: "2".into() };
    assert_eq!(e.text(), crate::lab::Text::new("el laboratorio 2 no está en marcha", "lab 2 is not running"), "both languages");
    assert_eq!(e.to_string(), e.text().en, "English is the Display text");
    assert_eq!(e.remedy(), Some(Remedy::StartLab { lab: "2".into() }), "no command named: the front end offers to start it");
}

#[test]
fn a_port_on_the_engines_own_machine_is_reached_there_and_nowhere_else() {
    let ports = vec![port("10.0.0.5", 8080, 80, "tcp"), port("127.0.0.1 on vm", 5000, 5000, "tcp")];
    let l = lab(vec![service("web", 1, ServiceState::Running, ports)]);
    let machine = Some("10.0.0.5".parse().unwrap());
    let services = services_of(&l, machine).unwrap();
    assert_eq!(services["web"].ports[&80], addr("10.0.0.5:8080"), "the engine's machine");
    assert_eq!(services["web"].ports[&5000], Published::Elsewhere("127.0.0.1 on vm".into()), "its loopback is not this machine's");
    assert_eq!(services_of(&l, None).unwrap()["web"].ports[&80], Published::Elsewhere("10.0.0.5".into()), "on a local engine another address is not ours");
}

//! Networks that share the lab's name (left by two `up`s racing on an engine that allows it)
//! and networks removed under a lab's containers: `up` and `down` act on network ids, remove
//! the lab's duplicates and keep going, as Docker Compose v2 does.

use std::process::Command;
use std::time::Duration;

use nivel::docker::down::DownOptions;

use super::lab::TestLab;
use crate::common::engine_api::create_duplicate_network;

const TWO_WEBS: &str = "services:\n  web:\nWEB\n  api:\nWEB\n    depends_on:\n      web: {condition: service_healthy}\n";

/// The lab's labels on a network, as an `up` that lost a race would have written them.
fn labels(lab: &TestLab) -> Vec<(&'static str, String)> {
    vec![
        ("com.docker.compose.project", lab.project.clone()),
        ("com.docker.compose.network", "default".to_owned()),
        ("io.nivel.lab", lab.project.clone()),
    ]
}

fn duplicate(lab: &TestLab) -> String {
    let labels = labels(lab);
    let pairs: Vec<(&str, &str)> = labels.iter().map(|(k, v)| (*k, v.as_str())).collect();
    create_duplicate_network(&format!("{}_default", lab.project), &pairs)
}

/// The ids of the networks carrying the lab's project label.
fn lab_networks(lab: &TestLab) -> Vec<String> {
    let label = format!("label=com.docker.compose.project={}", lab.project);
    lab.docker(&["network", "ls", "-q", "--no-trunc", "--filter", &label]).lines().map(str::to_owned).collect()
}

/// Removes a network the test made without the lab's labels, even when the test fails.
struct Foreign(String);

impl Drop for Foreign {
    fn drop(&mut self) {
        let _ = Command::new("docker").args(["network", "rm", &self.0]).output();
    }
}

#[test]
fn up_comes_up_through_two_networks_of_the_lab_s_name_and_leaves_one() {
    let Some(lab) = TestLab::new("dupnet-up", TWO_WEBS) else { return };
    let first = duplicate(&lab);
    let second = duplicate(&lab);
    assert_ne!(first, second, "the engine made two networks of one name");
    let (result, _) = lab.up();
    let report = result.expect("up is not stopped by an ambiguous network name");
    assert_eq!(report.services.len(), 2, "both services reported: {report:?}");
    let left = lab_networks(&lab);
    assert_eq!(left.len(), 1, "the duplicate was removed, one network is left: {left:?}");
    for service in ["web", "api"] {
        let id = lab.container(service);
        assert_eq!(id.lines().count(), 1, "one container for {service}");
        assert_eq!(lab.inspect(&id, "{{.State.Health.Status}}"), "healthy", "{service} is healthy");
        let joined = lab.inspect(&id, "{{range .NetworkSettings.Networks}}{{.NetworkID}}{{end}}");
        assert_eq!(joined, left[0], "{service} is attached to the network that was kept");
    }
    let (again, _) = lab.up();
    again.expect("a second up works too");
    assert_eq!(lab_networks(&lab), left, "and keeps the same network");
}

#[test]
fn down_removes_every_network_of_the_lab_s_name_but_not_a_foreign_one() {
    let Some(lab) = TestLab::new("dupnet-down", TWO_WEBS) else { return };
    lab.up().0.expect("the lab comes up");
    duplicate(&lab);
    let name = format!("{}_default", lab.project);
    let (status, answer) = crate::common::engine_api::post(
        "/v1.41/networks/create",
        &serde_json::json!({"Name": name, "CheckDuplicate": false}).to_string(),
    );
    assert_eq!(status, 201, "an unlabelled network of the same name: {answer}");
    let foreign: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let foreign = Foreign(foreign["Id"].as_str().unwrap().to_owned());
    assert_eq!(lab_networks(&lab).len(), 2, "the lab's network and its duplicate");

    let report = lab.down(DownOptions { volumes: false, timeout: Some(Duration::from_secs(1)) });
    assert_eq!(report.networks, vec![name.clone()], "the network's name is reported once: {report:?}");
    assert!(lab.leftovers().is_empty(), "nothing of the lab is left: {:?}", lab.leftovers());
    let kept = lab.docker(&["network", "inspect", "--format", "{{.Name}}", &foreign.0]);
    assert_eq!(kept, name, "a network without the lab's labels is not the lab's to remove");
}

#[test]
fn a_stopped_container_whose_network_was_removed_is_recreated() {
    let Some(lab) = TestLab::new("gone-net", TWO_WEBS) else { return };
    lab.up().0.expect("the lab comes up");
    let before: Vec<String> = ["web", "api"].iter().map(|s| lab.container(s)).collect();
    for id in &before {
        lab.docker(&["stop", "-t", "1", id]);
    }
    // Stopped containers hold no endpoint, so the engine lets the network go under them.
    let out = Command::new("docker").args(["network", "rm", &format!("{}_default", lab.project)]).output().unwrap();
    assert!(out.status.success(), "the network is removed: {}", String::from_utf8_lossy(&out.stderr));

    let (result, _) = lab.up();
    result.expect("up recreates what cannot start on a network that is gone");
    let after: Vec<String> = ["web", "api"].iter().map(|s| lab.container(s)).collect();
    for (service, (old, new)) in ["web", "api"].iter().zip(before.iter().zip(&after)) {
        assert_ne!(old, new, "{service} was recreated");
        assert_eq!(lab.inspect(new, "{{.State.Health.Status}}"), "healthy", "{service} is healthy");
    }
    assert_eq!(lab_networks(&lab).len(), 1, "one network again");
}

#[test]
fn a_leftover_container_of_the_lab_holding_a_service_s_name_is_replaced_and_a_stranger_s_is_not() {
    let Some(lab) = TestLab::new("namesake", TWO_WEBS) else { return };
    let web = format!("{}-web-1", lab.project);
    // Left by a run killed mid-way: the lab's project label, but no service the plan counts.
    let label = format!("com.docker.compose.project={}", lab.project);
    let made = lab.docker(&["create", "--name", &web, "--label", &label, crate::common::images::busybox(), "sleep", "600"]);
    assert!(!made.is_empty(), "the leftover exists");
    lab.up().0.expect("up replaces the lab's leftover that holds the name");
    let id = lab.container("web");
    assert_ne!(id, made, "web is a new container");
    assert_eq!(lab.inspect(&id, "{{.State.Health.Status}}"), "healthy", "and healthy");

    let api = format!("{}-api-1", lab.project);
    lab.down(DownOptions { volumes: false, timeout: Some(Duration::from_secs(1)) });
    let stranger = lab.docker(&["create", "--name", &api, crate::common::images::busybox(), "sleep", "600"]);
    let (result, _) = lab.up();
    let err = result.expect_err("a name held by a container that is not the lab's is not taken from it");
    assert!(err.to_string().contains(&api), "the message names the container: {err}");
    assert_eq!(lab.inspect(&stranger, "{{.Name}}"), format!("/{api}"), "the stranger's container survives");
    let _ = lab.docker(&["rm", "-f", &stranger]);
}

//! A lab that builds its image from a Docker Hub base only the classroom mirror has (a real
//! `docker-registry` on 127.0.0.1): doctor checks the base image's registry, through the image
//! map, and `up` builds from the mirror without touching the student's Dockerfile.

use std::process::Output;

use super::lab::TestLab;
use crate::common::registry::{docker, image_present, push_image_of, Images, Registry};
use crate::common::{nivel, stderr};

#[test]
fn a_builds_base_image_comes_from_the_mirror_and_doctor_asks_its_registry() {
    let registry = Registry::start();
    let name = format!("i12-registry-base-{}", std::process::id());
    // Only the mirror has it; the Dockerfile names the Docker Hub image, through an argument,
    // and its second stage starts from the first (a stage, not an image).
    let on_mirror = registry.name(&format!("hub/{name}:1"));
    let pinned = format!("docker.io/library/{name}:1");
    let dockerfile = format!("ARG BASE={pinned}\nFROM ${{BASE}} AS base\nRUN test -f /blob\nFROM base\nCMD [\"sleep\", \"600\"]\n");
    let Some(lab) = TestLab::new("i12-registry-build", "services:\n  app:\n    build: .\n") else { return };
    let built = format!("{}-app", lab.project);
    let _cleanup = Images(vec![on_mirror.clone(), built.clone()]);
    push_image_of(&on_mirror, 64 << 10);
    std::fs::write(lab.dir.path().join("Dockerfile"), &dockerfile).unwrap();
    let data = tempfile::tempdir().unwrap();
    let mirrors = format!("docker.io/library/{name}={}", registry.name(&format!("hub/{name}")));
    let run = |args: &[&str], map: Option<&str>| -> Output {
        let mut cmd = nivel();
        cmd.current_dir(lab.dir.path()).args(args).env("NIVEL_DATA_DIR", data.path()).env_remove("NIVEL_IMAGE_MIRRORS");
        // Docker Hub's figure is asked of nothing that listens: no question leaves the machine.
        cmd.env("NIVEL_DOCKER_HUB_URLS", "https://127.0.0.1:1/token,https://127.0.0.1:1/v2/m");
        if let Some(map) = map {
            cmd.env("NIVEL_IMAGE_MIRRORS", map);
        }
        cmd.output().unwrap()
    };
    let doctor = |map: Option<&str>| {
        let out = run(&["doctor", "--json", "."], map);
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("doctor --json prints JSON ({e}): {}", stderr(&out)));
        (out.status.code(), doc["labs"][0].clone())
    };
    let reason = |lab: &serde_json::Value, code: &str| lab["verdict"]["reasons"].as_array().unwrap().iter().find(|r| r["code"] == code).cloned();

    let (code, without_map) = doctor(None);
    assert_eq!(without_map["facts"]["images"][0]["bases"], serde_json::json!([pinned]), "the base image, its argument substituted, the stage left out: {without_map}");
    let hub = reason(&without_map, "registry.unreachable").unwrap_or_else(|| panic!("Docker Hub cannot be reached here: {without_map}"));
    assert!(hub["message"]["en"].as_str().unwrap().contains(&pinned), "the build's base must come from it: {hub}");
    assert_eq!(code, Some(1), "nothing to build from: {without_map}");

    let (code, with_map) = doctor(Some(&mirrors));
    assert_eq!(code, Some(0), "the mirror has the base image: {with_map}");
    let answers = reason(&with_map, "registry.answers").unwrap_or_else(|| panic!("the mirror is asked: {with_map}"));
    assert!(answers["message"]["en"].as_str().unwrap().contains(&registry.host()), "{answers}");

    let compose = |args: &[&str], map: Option<&str>| {
        let mut full = vec!["compose", "-f", "compose.yaml", "-p", lab.project.as_str()];
        full.extend_from_slice(args);
        run(&full, map)
    };
    let up = compose(&["up", "--progress", "plain"], Some(&mirrors));
    assert_eq!(up.status.code(), Some(0), "the build starts from the mirror: {}", stderr(&up));
    assert!(image_present(&built) && image_present(&on_mirror), "built, from the mirror's image");
    assert!(!image_present(&pinned), "the Docker Hub name was never pulled");
    assert_eq!(std::fs::read_to_string(lab.dir.path().join("Dockerfile")).unwrap(), dockerfile, "the student's Dockerfile is untouched");
    let down = compose(&["down", "--timeout", "1"], None);
    assert_eq!(down.status.code(), Some(0), "down: {}", stderr(&down));
    let _ = docker(&["rmi", &built]);
}

//! Pulls as the user: a local registry that serves only a logged-in user, and Nivel pulling
//! from it with the login the docker CLI keeps (written by `docker login` to a docker config
//! the test makes, or given by a credential helper), and refused without it.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use nivel::compose::model::ServiceConfig;
use nivel::docker::images::{ensure_image, BuildMode, ImageError, PullTracker};
use nivel::docker::registry::Registries;
use nivel::docker::{Engine, EngineError};
use nivel::events::Collect;

use super::lab::TestLab;
use crate::common::engine::engine;
use crate::common::registry::{image_present, push_logged_in, Images, Registry};
use crate::common::{nivel, stderr};

const USER: &str = "student";
const PASSWORD: &str = "nivel-test-secret";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(purpose: &str) -> String {
    format!("i12-images-{purpose}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst))
}

fn pull(engine: &Engine, image: &str) -> Result<String, EngineError> {
    let svc = ServiceConfig { image: image.into(), ..Default::default() };
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let sink = Collect::default();
    rt.block_on(ensure_image(engine, "web", &svc, Path::new("/tmp"), BuildMode::WhenChanged, &PullTracker::new(&sink)))
}

/// A registry with a login, a docker config holding it, and an image only that registry has.
fn logged_in_registry(purpose: &str) -> (Registry, tempfile::TempDir, String) {
    let registry = Registry::start_with_login(USER, PASSWORD);
    let config = tempfile::tempdir().unwrap();
    registry.login(config.path(), USER, PASSWORD);
    let image = registry.name(&format!("{}:1", unique(purpose)));
    push_logged_in(config.path(), &image, 64 << 10);
    (registry, config, image)
}

#[test]
fn a_docker_login_pulls_and_no_login_is_told_to_log_in() {
    let Some(engine) = engine() else { return };
    let (registry, config, image) = logged_in_registry("login");
    let _cleanup = Images(vec![image.clone()]);

    let anonymous = engine.clone().with_registries(Registries::default());
    let err = pull(&anonymous, &image).expect_err("the registry refuses an anonymous pull");
    assert!(matches!(&err, EngineError::Image(ImageError::Denied { registry: r, .. }) if *r == registry.host()), "refused for want of a login: {err:?}");
    let login = format!("docker login {}", registry.host());
    let Some(nivel::app::Remedy::Advice { text }) = nivel::app::Problem::remedy(&err) else { panic!("advice for {err:?}") };
    assert!(text.en.contains(&login) && text.es.contains(&login), "both languages name `{login}`: {text:?}");
    assert!(nivel::app::Problem::text(&err).es.contains(&image), "the Spanish message names the image: {err}");
    assert!(!image_present(&image), "nothing was pulled");

    let with_login = engine.with_registries(Registries { docker_config: Some(config.path().into()), ..Registries::default() });
    let id = pull(&with_login, &image).expect("the docker config's login pulls the image");
    assert!(id.starts_with("sha256:") && image_present(&image), "the image is on the engine: {id}");
}

#[test]
fn a_credential_helper_named_in_the_docker_config_gives_the_login() {
    let Some(_) = engine() else { return };
    let (registry, _pushed_with, image) = logged_in_registry("helper");
    let _cleanup = Images(vec![image.clone()]);

    // The docker CLI's helper protocol: `get`, the registry on stdin, JSON on stdout.
    let bin = tempfile::tempdir().unwrap();
    let helper = bin.path().join("docker-credential-niveltest");
    let script = format!("#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\nprintf '{{\"ServerURL\":\"%s\",\"Username\":\"{USER}\",\"Secret\":\"{PASSWORD}\"}}\\n' \"$server\"\n");
    std::fs::write(&helper, script).unwrap();
    std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = tempfile::tempdir().unwrap();
    std::fs::write(config.path().join("config.json"), format!(r#"{{"credHelpers": {{"{}": "niveltest"}}}}"#, registry.host())).unwrap();

    let compose = format!("services:\n  web:\n    image: {image}\n    command: [\"sleep\", \"600\"]\n");
    let Some(lab) = TestLab::new("i12-images-helper", &compose) else { return };
    let data = tempfile::tempdir().unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let run = |args: &[&str], config: &Path| {
        let mut full = vec!["compose", "-f", "compose.yaml", "-p", lab.project.as_str()];
        full.extend_from_slice(args);
        nivel().current_dir(lab.dir.path()).args(&full).env("NIVEL_DATA_DIR", data.path()).env("DOCKER_CONFIG", config).env("PATH", &path).output().unwrap()
    };
    let empty = tempfile::tempdir().unwrap();
    let refused = run(&["up", "--progress", "plain"], empty.path());
    assert_eq!(refused.status.code(), Some(1), "without the helper the pull is refused: {}", stderr(&refused));
    assert!(stderr(&refused).contains(&format!("docker login {}", registry.host())), "and says how to log in: {}", stderr(&refused));

    let up = run(&["up", "--progress", "plain"], config.path());
    assert_eq!(up.status.code(), Some(0), "the helper's login pulls the image: {}", stderr(&up));
    assert!(image_present(&image), "the image is on the engine");
    let down = run(&["down", "--timeout", "1"], config.path());
    assert_eq!(down.status.code(), Some(0), "down: {}", stderr(&down));
}

#[test]
fn the_image_map_pulls_a_docker_hub_name_from_a_classroom_mirror() {
    let Some(_) = engine() else { return };
    let registry = Registry::start();
    let name = unique("mirror");
    // Only the mirror has it, under its own path; the lab pins the Docker Hub name.
    let on_mirror = registry.name(&format!("hub/{name}:1"));
    let pinned = format!("docker.io/library/{name}:1");
    let _cleanup = Images(vec![on_mirror.clone(), pinned.clone()]);
    crate::common::registry::push_image_of(&on_mirror, 64 << 10);

    let compose = format!("services:\n  web:\n    image: {pinned}\n    command: [\"sleep\", \"600\"]\n");
    let Some(lab) = TestLab::new("i12-images-mirror", &compose) else { return };
    let data = tempfile::tempdir().unwrap();
    let cli = |args: &[String], mirrors: Option<&str>| {
        let mut cmd = nivel();
        cmd.current_dir(lab.dir.path()).args(args).env("NIVEL_DATA_DIR", data.path()).env_remove("NIVEL_IMAGE_MIRRORS");
        if let Some(m) = mirrors {
            cmd.env("NIVEL_IMAGE_MIRRORS", m);
        }
        cmd.output().unwrap()
    };
    let project = lab.project.clone();
    let compose_args = |args: &[&'static str]| -> Vec<String> {
        ["compose", "-f", "compose.yaml", "-p", &project].iter().chain(args).map(|a| a.to_string()).collect()
    };
    let mirror = format!("docker.io/library/{name}={}", registry.name(&format!("hub/{name}")));

    // From the settings.
    let set = cli(&["settings".into(), "set".into(), "--image-mirrors".into(), mirror.clone()], None);
    assert!(set.status.success(), "the map is stored: {}", stderr(&set));
    let up = cli(&compose_args(&["up", "--progress", "plain"]), None);
    assert_eq!(up.status.code(), Some(0), "the pinned name is pulled from the mirror: {}", stderr(&up));
    assert!(image_present(&pinned), "and carries the name the lab gave it");
    let down = cli(&compose_args(&["down", "--timeout", "1"]), None);
    assert_eq!(down.status.code(), Some(0), "down: {}", stderr(&down));

    // From the environment, with a whole-registry entry, the settings' map cleared.
    let _ = crate::common::registry::docker(&["rmi", &pinned, &on_mirror]);
    assert!(cli(&["settings".into(), "set".into(), "--image-mirrors".into(), String::new()], None).status.success(), "the map is cleared");
    let whole = format!("docker.io/library={}", registry.name("hub"));
    let up = cli(&compose_args(&["up", "--progress", "plain"]), Some(&whole));
    assert_eq!(up.status.code(), Some(0), "NIVEL_IMAGE_MIRRORS sends it to the mirror too: {}", stderr(&up));
    assert!(image_present(&pinned), "pulled again through the environment's map");
    let down = cli(&compose_args(&["down", "--timeout", "1"]), None);
    assert_eq!(down.status.code(), Some(0), "down: {}", stderr(&down));

    let _ = crate::common::registry::docker(&["rmi", &pinned, &on_mirror]);
    let bad = cli(&compose_args(&["up", "--progress", "plain"]), Some("docker.io"));
    assert_eq!(bad.status.code(), Some(2), "a malformed map is the user's input: {}", stderr(&bad));
    assert!(stderr(&bad).contains("NIVEL_IMAGE_MIRRORS"), "and names the variable: {}", stderr(&bad));
}

#[test]
fn doctor_asks_the_registries_of_missing_images_and_blocks_on_silence() {
    let Some(_) = engine() else { return };
    let registry = Registry::start();
    let image = registry.name(&format!("{}:1", unique("doctor")));
    let _cleanup = Images(vec![image.clone()]);
    crate::common::registry::push_image_of(&image, 64 << 10);
    // Nothing listens on port 1: a registry that does not answer.
    let silent = format!("127.0.0.1:1/{}:1", unique("silent"));
    let data = tempfile::tempdir().unwrap();
    let doctor = |image: &str| {
        let lab = tempfile::tempdir().unwrap();
        std::fs::write(lab.path().join("compose.yaml"), format!("services:\n  web:\n    image: {image}\n")).unwrap();
        let out = nivel().args(["doctor", "--json"]).arg(lab.path()).env("NIVEL_DATA_DIR", data.path()).output().unwrap();
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("doctor --json prints JSON ({e}): {}", stderr(&out)));
        (out.status.code(), doc["labs"][0]["verdict"].clone())
    };
    let codes = |verdict: &serde_json::Value| verdict["reasons"].as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect::<Vec<_>>();

    let (code, verdict) = doctor(&image);
    assert_eq!(code, Some(0), "a registry that answers leaves the lab ready: {verdict}");
    assert!(codes(&verdict).contains(&"registry.answers".to_string()), "and says it answers: {verdict}");

    let (code, verdict) = doctor(&silent);
    assert_eq!((code, verdict["level"].as_str()), (Some(1), Some("not_ready")), "nothing can be pulled: {verdict}");
    assert!(codes(&verdict).contains(&"registry.unreachable".to_string()), "because the registry is silent: {verdict}");
}

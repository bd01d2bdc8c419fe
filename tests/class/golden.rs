//! The notes lab (a database with a named volume and a healthcheck, a one-shot migration, an
//! API built locally that waits for both) rendered for two students, compared with the files
//! under tests/fixtures/class/golden. `NIVEL_BLESS_CLASS=1` writes them anew; nothing else does.

use std::path::PathBuf;

use crate::common::fixtures;

/// A fixed class secret, so the derived passwords in the golden files never change.
pub const SECRET: &str = "golden-class-secret";

pub fn rendered() -> Vec<(String, String, usize)> {
    let class = nivel::class::read(&fixtures().join("class/class.toml")).expect("the fixture class file is valid");
    let dir = class.lab_folder().expect("the fixture lab sits beside the class file");
    nivel::class::render::render_kubernetes(&class, &dir, SECRET).expect("the notes lab maps to Kubernetes")
}

fn golden_dir() -> PathBuf {
    fixtures().join("class/golden")
}

#[test]
fn the_notes_lab_renders_as_its_golden_files() {
    let bless = std::env::var_os("NIVEL_BLESS_CLASS").is_some_and(|v| v == "1");
    for (student, yaml, _) in rendered() {
        let path = golden_dir().join(format!("{student}.yaml"));
        if bless {
            std::fs::create_dir_all(golden_dir()).unwrap();
            std::fs::write(&path, &yaml).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (NIVEL_BLESS_CLASS=1 writes it)", path.display()));
        assert!(yaml == want, "{student}'s manifests differ from {}; run with NIVEL_BLESS_CLASS=1 and review the diff", path.display());
    }
}

#[test]
fn the_render_maps_each_compose_feature_to_its_object() {
    let all = rendered();
    let (_, ana, _) = &all[0];
    let (_, luis, _) = &all[1];
    let kinds = ["kind: Namespace", "kind: ResourceQuota", "kind: PersistentVolumeClaim", "kind: StatefulSet", "kind: Job", "kind: Deployment", "kind: Secret"];
    for kind in kinds {
        assert!(ana.contains(kind), "the stack has a {kind}");
    }
    assert!(ana.contains("nodePort: 30100") && luis.contains("nodePort: 30101"), "each student's published port from their own slice");
    assert!(ana.contains("readinessProbe:") && ana.contains("pg_isready"), "the healthcheck is a readiness probe");
    assert!(ana.contains("periodSeconds: 5") && ana.contains("failureThreshold: 10") && ana.contains("initialDelaySeconds: 10"), "interval, retries and start period carry over");
    assert!(ana.contains("until nc -z -w 2 db 5432"), "an init container waits for the healthy database's Service");
    assert!(ana.contains("job/migrate"), "an init container waits for the one-shot Job");
    assert!(ana.contains("image: registry.example.edu/mlops/notes-api:1.0"), "the built image under the class's registry");
    assert!(ana.contains("memory: 256Mi"), "the lab's own limit is kept");
    assert!(ana.contains("limits.memory: 2Gi"), "the class's limits are the namespace's quota");
    let secret = |yaml: &str| yaml.lines().find_map(|l| l.trim().strip_prefix("db: ").map(str::to_owned)).expect("the credentials Secret holds the db password");
    assert_ne!(secret(ana), secret(luis), "each student has their own password");
    let after_secrets = ana.split("kind: ServiceAccount").nth(1).unwrap_or_default();
    assert!(!after_secrets.contains(&secret(ana)), "no workload carries the password itself: they read it from the Secret");
}

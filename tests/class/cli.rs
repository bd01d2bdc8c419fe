//! `nivel class render` as an instructor runs it: files written, the class secret kept so a
//! second render gives the same passwords, the built-in labs rendered or refused naming the
//! service and field, and a bad class file refused with its place (exit 2).

use std::path::Path;

use crate::common::{nivel, stderr, stdout};

pub(super) fn class_file(dir: &Path, lab: &str) -> std::path::PathBuf {
    let file = dir.join(format!("{lab}.toml"));
    let text = format!(
        "format = 1\nid = \"mlops\"\nlab = \"{lab}\"\nports = \"30000-30999\"\nregistry = \"registry.example.edu/mlops\"\n\n[limits]\ncpus = 4\nmemory = \"8GiB\"\n\n[[student]]\nid = \"ana\"\nname = \"Ana\"\n\n[[student]]\nid = \"luis\"\nname = \"Luis\"\n"
    );
    std::fs::write(&file, text).unwrap();
    file
}

fn render(data: &Path, class: &Path, out: &Path) -> std::process::Output {
    nivel().env("NIVEL_DATA_DIR", data).args(["class", "render", "--target", "kubernetes"]).arg(class).arg("-o").arg(out).output().unwrap()
}

#[test]
fn a_render_writes_one_file_per_student_and_keeps_their_passwords() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let class = crate::common::fixtures().join("class/class.toml");
    let first = render(data.path(), &class, out.path());
    assert!(first.status.success(), "renders: {}", stderr(&first));
    assert!(stdout(&first).contains("notes-2027-ana") && stdout(&first).contains("Kubernetes 1.37"), "says what it wrote: {}", stdout(&first));
    let ana = std::fs::read_to_string(out.path().join("ana.yaml")).unwrap();
    assert!(out.path().join("luis.yaml").is_file(), "a file per student");
    assert!(data.path().join("credentials/class-notes-2027.json").is_file(), "the class secret is kept in the data folder");
    let again = render(data.path(), &class, out.path());
    assert!(again.status.success(), "renders again");
    assert_eq!(std::fs::read_to_string(out.path().join("ana.yaml")).unwrap(), ana, "the same class secret, the same passwords");
    super::schema::validate(&[&out.path().join("ana.yaml"), &out.path().join("luis.yaml")]);
}

#[test]
fn the_built_in_labs_render_or_are_refused_with_the_service_and_field() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    // What each built-in lab meets: level 0 maps (its image built and pushed under the
    // registry); the others bind folders of the student's machine, or wait on a service
    // that declares no port; every service is listed, not only the first (mlflow and
    // prometheus come after others).
    let expected: [(&str, Option<&str>); 5] = [
        ("level-0", None),
        ("level-1", Some("service `jupyter`, `volumes`: binds the host folder")),
        ("level-2", Some("service `mlflow`, `depends_on.postgres`: waits for `postgres` to be healthy")),
        ("level-3", Some("service `adminer`, `depends_on.db`")),
        ("level-4", Some("service `prometheus`, `volumes`: binds the host folder")),
    ];
    for (lab, refusal) in expected {
        let out = work.path().join(lab);
        let done = render(data.path(), &class_file(work.path(), lab), &out);
        match refusal {
            None => {
                assert!(done.status.success(), "{lab} renders: {}", stderr(&done));
                super::schema::validate(&[&out.join("ana.yaml"), &out.join("luis.yaml")]);
            }
            Some(says) => {
                assert_eq!(done.status.code(), Some(2), "{lab} is refused as an input problem: {}", stderr(&done));
                assert!(stderr(&done).contains(says) && stderr(&done).contains("fix:"), "{lab}: names the service, the field and the fix: {}", stderr(&done));
                assert!(!out.join("ana.yaml").exists(), "{lab}: nothing half written");
            }
        }
    }
}

#[test]
fn a_built_image_without_a_registry_is_refused() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let class = class_file(work.path(), "level-0");
    let text = std::fs::read_to_string(&class).unwrap().replace("registry = \"registry.example.edu/mlops\"\n", "");
    std::fs::write(&class, text).unwrap();
    let done = render(data.path(), &class, &work.path().join("out"));
    assert_eq!(done.status.code(), Some(2), "exit 2: {}", stderr(&done));
    assert!(stderr(&done).contains("`build`") && stderr(&done).contains("registry"), "says to push it and set registry: {}", stderr(&done));
}

#[test]
fn a_bad_class_file_is_refused_at_its_place_in_spanish_too() {
    let data = tempfile::tempdir().unwrap();
    let work = tempfile::tempdir().unwrap();
    let class = class_file(work.path(), "level-0");
    let text = std::fs::read_to_string(&class).unwrap().replace("name = \"Luis\"", "name = \"Luis\"\nnmae = \"x\"");
    std::fs::write(&class, text).unwrap();
    let done = nivel().env("NIVEL_LANG", "es").env("NIVEL_DATA_DIR", data.path()).args(["class", "render", "--target", "kubernetes"]).arg(&class).args(["-o", "out"]).output().unwrap();
    assert_eq!(done.status.code(), Some(2), "an input problem");
    assert!(stderr(&done).contains("level-0.toml:18:1: clave desconocida `nmae`"), "the key and its line and column, in Spanish: {}", stderr(&done));
    let small = class_file(work.path(), "level-0");
    let text = std::fs::read_to_string(&small).unwrap().replace("30000-30999", "30000-30000");
    std::fs::write(&small, text).unwrap();
    let done = render(data.path(), &small, &work.path().join("out"));
    assert_eq!(done.status.code(), Some(2), "a range too small is an input problem");
    assert!(stderr(&done).contains("need 2") && stderr(&done).contains("30000-30001"), "says how big it must be: {}", stderr(&done));
}

/// A class over a plain compose folder holding `compose`, rendered into `out`.
fn render_compose(work: &Path, compose: &str) -> std::process::Output {
    let data = work.join("data");
    std::fs::create_dir_all(work.join("plain")).unwrap();
    std::fs::write(work.join("plain/compose.yaml"), compose).unwrap();
    let class = work.join("class.toml");
    std::fs::write(&class, "id = \"t\"\nlab = \"plain\"\nports = \"30000-30010\"\n[limits]\ncpus = 1\nmemory = \"1GiB\"\n[[student]]\nid = \"ana\"\nname = \"Ana\"\n").unwrap();
    render(&data, &class, &work.join("out"))
}

#[test]
fn what_a_cluster_cannot_express_is_refused_naming_service_and_field() {
    let cases = [
        ("    network_mode: host\n", "service `web`, `network_mode`"),
        ("    privileged: true\n", "service `web`, `privileged`"),
        ("    user: www-data\n", "service `web`, `user`: `www-data` is not a numeric id"),
        ("    deploy:\n      placement:\n        constraints: [\"node.role==manager\"]\n", "service `web`, `deploy.placement`"),
        ("    volumes:\n      - ./data:/data\n", "service `web`, `volumes`: binds the host folder"),
    ];
    for (field, says) in cases {
        let work = tempfile::tempdir().unwrap();
        let done = render_compose(work.path(), &format!("services:\n  web:\n    image: nginx:1.27\n{field}"));
        assert_eq!(done.status.code(), Some(2), "{says}: exit 2: {}", stderr(&done));
        assert!(stderr(&done).contains(says) && stderr(&done).contains("fix:"), "{says}: {}", stderr(&done));
    }
}

#[test]
fn a_volume_two_services_mount_asks_for_read_write_many() {
    let work = tempfile::tempdir().unwrap();
    let compose = "services:\n  a:\n    image: busybox:1.37.0\n    volumes: [\"logs:/logs\"]\n  b:\n    image: busybox:1.37.0\n    volumes: [\"logs:/logs\", \"own:/own\"]\nvolumes:\n  logs:\n  own:\n";
    let done = render_compose(work.path(), compose);
    assert!(done.status.success(), "renders: {}", stderr(&done));
    let yaml = std::fs::read_to_string(work.path().join("out/ana.yaml")).unwrap();
    let claims: Vec<&str> = yaml.split("---\n").filter(|d| d.contains("kind: PersistentVolumeClaim")).collect();
    assert!(claims.iter().any(|c| c.contains("name: logs") && c.contains("ReadWriteMany")), "shared: pods on two nodes mount it: {yaml}");
    assert!(claims.iter().any(|c| c.contains("name: own") && c.contains("ReadWriteOnce")), "one service's own");
    super::schema::validate(&[&work.path().join("out/ana.yaml")]);
}

#[test]
fn the_documented_example_class_renders_and_validates() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/class-example.toml");
    let done = render(data.path(), &example, out.path());
    assert!(done.status.success(), "docs/class-example.toml renders: {}", stderr(&done));
    let files: Vec<_> = ["ana", "luis", "marta"].iter().map(|s| out.path().join(format!("{s}.yaml"))).collect();
    assert!(std::fs::read_to_string(&files[2]).unwrap().contains("nodePort: 30002"), "the third student's port");
    super::schema::validate(&files.iter().map(|f| f.as_path()).collect::<Vec<_>>());
}

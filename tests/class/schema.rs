//! Every file the render writes, validated strictly (an unknown field is an error) against the
//! JSON schemas of the Kubernetes version `k8s-openapi` is pinned to, with PyPI's
//! `kubernetes-validate` installed under target/ by scripts/lib/deps.sh.

use std::path::Path;
use std::process::Command;

use crate::common::stdout;

/// The validator's path, installed when missing.
fn validator() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("bash")
        .args(["-c", "source scripts/lib/deps.sh && kubernetes_validate \"$0\"", root])
        .current_dir(root)
        .output()
        .expect("bash runs");
    assert!(out.status.success(), "kubernetes-validate installs: {}", String::from_utf8_lossy(&out.stderr));
    stdout(&out).trim().to_owned()
}

pub fn validate(files: &[&Path]) {
    let version = format!("{}.0", nivel::class::kube::KUBERNETES_VERSION);
    let out = Command::new(validator()).args(["-k", &version, "--strict", "--quiet"]).args(files).output().expect("kubernetes-validate runs");
    assert!(
        out.status.success(),
        "every manifest is a valid {version} object:\n{}{}",
        stdout(&out),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_notes_lab_validates_strictly() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (student, yaml, _) in super::golden::rendered() {
        let file = dir.path().join(format!("{student}.yaml"));
        std::fs::write(&file, yaml).unwrap();
        files.push(file);
    }
    validate(&files.iter().map(|f| f.as_path()).collect::<Vec<_>>());
}

#[test]
fn the_validator_refuses_an_unknown_field() {
    // So a pass above means something: strict mode fails on what Kubernetes does not know.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.yaml");
    std::fs::write(&file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n  owner: nobody\n").unwrap();
    let version = format!("{}.0", nivel::class::kube::KUBERNETES_VERSION);
    let out = Command::new(validator()).args(["-k", &version, "--strict", "--quiet"]).arg(&file).output().unwrap();
    assert!(!out.status.success(), "an unknown field fails strict validation");
}

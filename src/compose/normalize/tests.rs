use super::environment::resolve_with;
use super::*;
use crate::compose::canonical::test_util::plain;
use crate::compose::node::from_json;
use serde_json::json;

fn env(pairs: &[(&str, &str)]) -> Environment {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn normalized(v: serde_json::Value, e: &Environment) -> serde_json::Value {
    let mut root = from_json(&v);
    match normalize(&mut root, "proj", e, None) {
        Ok(()) => plain(&root),
        Err(err) => json!(format!("error: {err}")),
    }
}

#[test]
fn default_network_and_resource_names() {
    let out = normalized(
        json!({
            "services": {
                "a": {"image": "x"},
                "b": {"image": "x", "networks": {"front": null}},
                "c": {"image": "x", "network_mode": "host"},
                "d": {"image": "x", "networks": {}}
            },
            "networks": {"front": null, "ext": {"external": true}, "named": {"name": "custom"}},
            "volumes": {"data": null, "old": {"external": true}},
            "secrets": {"s": {"file": "/s"}},
            "configs": {"c": {"file": "/c"}}
        }),
        &env(&[]),
    );
    assert_eq!(out["services"]["a"]["networks"], json!({"default": null}), "no networks means default");
    assert_eq!(out["services"]["b"]["networks"], json!({"front": null}), "declared networks are kept");
    assert_eq!(out["services"]["c"].get("networks"), None, "network_mode services join no network");
    assert_eq!(out["services"]["d"]["networks"], json!({"default": null}), "an empty mapping means default");
    assert_eq!(out["networks"]["default"], json!({"name": "proj_default"}), "the implicit default network");
    assert_eq!(out["networks"]["front"], json!({"name": "proj_front"}), "project-prefixed names");
    assert_eq!(out["networks"]["ext"], json!({"external": true, "name": "ext"}), "external keeps its key");
    assert_eq!(out["networks"]["named"], json!({"name": "custom"}), "explicit names win");
    assert_eq!(out["volumes"], json!({"data": {"name": "proj_data"}, "old": {"external": true, "name": "old"}}), "volumes");
    assert_eq!(out["secrets"]["s"]["name"], json!("proj_s"), "secrets are named");
    assert_eq!(out["configs"]["c"]["name"], json!("proj_c"), "configs are named");
}

#[test]
fn no_default_network_when_unused() {
    let out = normalized(json!({"services": {"a": {"network_mode": "host"}}}), &env(&[]));
    assert_eq!(out.get("networks"), None, "compose adds default only when a service uses it");
}

#[test]
fn service_rules() {
    let out = normalized(
        json!({"services": {
            "a": {
                "pull_policy": "if_not_present",
                "build": {"context": ".", "args": {"A": "1", "HOME": null, "UNSET": null}},
                "environment": {"HOME": null, "UNSET": null, "X": ""},
                "links": ["b:bb"], "network_mode": "service:b", "volumes_from": ["c:ro", "container:zz"],
                "volumes": [{"type": "volume", "target": "/x/../y/"}],
                "extends": {"service": "b"}
            },
            "b": {"build": {"dockerfile_inline": "FROM x"}, "depends_on": {"c": {"condition": "service_healthy", "required": true}}},
            "c": {"ipc": "service:b"}
        }}),
        &env(&[("HOME", "/root")]),
    );
    let a = &out["services"]["a"];
    assert_eq!(a["pull_policy"], json!("missing"), "if_not_present is spelled missing");
    assert_eq!(a["build"], json!({"context": ".", "args": {"A": "1", "HOME": "/root"}, "dockerfile": "Dockerfile"}), "args resolved or dropped");
    assert_eq!(a["environment"], json!({"HOME": "/root", "UNSET": null, "X": ""}), "bare variables resolved or left null");
    assert_eq!(
        a["depends_on"],
        json!({
            "b": {"condition": "service_started", "restart": true, "required": true},
            "c": {"condition": "service_started", "restart": false, "required": true}
        }),
        "links, network_mode and volumes_from imply dependencies"
    );
    assert_eq!(a["volumes"][0]["target"], json!("/y"), "targets are cleaned");
    assert_eq!(a.get("extends"), None, "extends is gone after normalisation");
    assert_eq!(out["services"]["b"]["build"], json!({"dockerfile_inline": "FROM x", "context": "."}), "inline dockerfile");
    assert_eq!(out["services"]["c"]["depends_on"]["b"]["restart"], json!(true), "ipc: service:b");
}

/// `KEY=VALUE` and bare `KEY` lines, enough to test the merge rules without the real parser.
fn fake_parse(
    text: &str,
    _file: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<(String, Option<String>)>, LoadError> {
    Ok(text
        .lines()
        .map(|l| match l.split_once('=') {
            Some((k, v)) if v.starts_with('$') => (k.to_string(), lookup(&v[1..])),
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (l.to_string(), None),
        })
        .collect())
}

#[test]
fn env_files_merge_under_environment() {
    let dir = tempfile::tempdir().ok();
    let dir = dir.as_ref().map(|d| d.path().to_path_buf()).unwrap_or_default();
    let file = dir.join("e1.env");
    assert!(std::fs::write(&file, "FOO=fromfile\nQ\nHOME\nR=$HOME\nOWN=file\n").is_ok(), "temp file written");
    let path = file.to_string_lossy().to_string();
    let mut root = from_json(&json!({"services": {"a": {
        "environment": {"FOO": null, "OWN": "mine"},
        "env_file": [{"path": dir.join("missing.env").to_string_lossy(), "required": false}, {"path": path, "required": true}]
    }}}));
    let result = resolve_with(&mut root, &env(&[("HOME", "/root")]), None, &fake_parse);
    assert!(result.is_ok(), "the optional missing file is skipped");
    assert_eq!(
        plain(&root)["services"]["a"],
        json!({"environment": {"HOME": "/root", "R": "/root", "FOO": null, "OWN": "mine"}}),
        "compose: environment wins (even null), bare lines come from the environment or vanish, env_file is consumed"
    );
}

#[test]
fn missing_required_env_file_names_file_and_service() {
    let mut root = from_json(&json!({"services": {"web": {"env_file": [{"path": "/nonexistent/x.env", "required": true}]}}}));
    let err = resolve_with(&mut root, &env(&[]), None, &fake_parse).err();
    let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
    assert!(text.contains("/nonexistent/x.env") && text.contains("web"), "the error names file and service: {text}");
    assert!(err.is_some_and(|e| e.span.is_some() && e.fix.is_some()), "with a place and a fix");
}

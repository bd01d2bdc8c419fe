//! Expected values below were taken from `docker compose config` (v2.40.3).

use serde_json::json;

use super::*;
use crate::compose::node::from_json;

fn env(list: &[(&str, &str)]) -> Environment {
    list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn run(tree: serde_json::Value, vars: &[(&str, &str)]) -> (Result<Node, LoadError>, Vec<Warning>) {
    let mut root = from_json(&tree);
    let mut warnings = Vec::new();
    let result = interpolate(&mut root, &env(vars), &mut warnings).map(|()| root);
    (result, warnings)
}

/// The tree as JSON again, to compare whole trees at once.
fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Str(s) => json!(s),
        Value::Seq(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Map(map) => {
            serde_json::Value::Object(map.iter().map(|(k, v)| (k.name.clone(), to_json(v))).collect())
        }
    }
}

#[test]
fn substitutes_every_string_value_but_no_key() {
    let tree = json!({
        "services": {"web": {
            "image": "${IMG:-nginx}:${TAG}",
            "command": ["a", "${C:-c}", 3, true, null],
            "labels": {"${K:-k}": "${V:-v}"},
            "environment": {"HOME": "$$HOME"},
        }},
        "x-foo": "${XF:-xdefault}",
    });
    let (result, _) = run(tree, &[("TAG", "1.2")]);
    let want = json!({
        "services": {"web": {
            "image": "nginx:1.2",
            "command": ["a", "c", 3, true, null],
            "labels": {"${K:-k}": "v"},
            "environment": {"HOME": "$HOME"},
        }},
        "x-foo": "xdefault",
    });
    assert_eq!(result.map(|n| to_json(&n)), Ok(want), "values (x-* too) are substituted, keys are not");
}

#[test]
fn warns_once_per_unset_variable() {
    let tree = json!({"services": {"web": {"image": "x", "environment": {"A": "${A}", "D": "${U1}-${U1}-$U2", "E": "$U1"}}}});
    let (result, warnings) = run(tree, &[]);
    assert!(result.is_ok(), "unset variables are not errors");
    let got: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let want = [
        "test:6:1: The \"A\" variable is not set. Defaulting to a blank string.",
        "test:7:1: The \"U1\" variable is not set. Defaulting to a blank string.",
        "test:7:1: The \"U2\" variable is not set. Defaulting to a blank string.",
    ];
    assert_eq!(got, want, "one warning per variable, at its first use");

    let mut again = from_json(&json!({"x-a": "$U1"}));
    let mut warnings = warnings;
    assert!(interpolate(&mut again, &Environment::new(), &mut warnings).is_ok(), "no error");
    assert_eq!(warnings.len(), 3, "a later file does not repeat a warning already given");
}

#[test]
fn casts_the_typed_fields() {
    let tree = json!({
        "services": {"web": {
            "image": "x",
            "read_only": "yes",
            "privileged": "On",
            "tty": "${T:-TRUE}",
            "stdin_open": "n",
            "init": "False",
            "cpus": "${CPUS:-0.5}",
            "cpu_count": "3",
            "cpu_percent": "12.5",
            "oom_score_adj": "-5",
            "pids_limit": "+7",
            "scale": 2,
            "healthcheck": {"retries": "${R:-4}", "disable": "off"},
            "ports": [{"target": "${P:-80}", "published": "${PP:-8080}"}, "8000:80"],
            "ulimits": {"nproc": "65535", "nofile": {"soft": "1024", "hard": "2048"}},
            "volumes": [{"type": "volume", "source": "v", "target": "/d", "read_only": "y", "volume": {"nocopy": "NO"}}],
            "deploy": {"replicas": "2", "update_config": {"parallelism": "1", "max_failure_ratio": "0.25"}},
        }},
        "x-ext": {"read_only": "yes", "n": "${N:-5}"},
        "networks": {"n1": {"external": "true", "internal": "false"}},
        "volumes": {"v": {"external": "false"}},
        "secrets": {"s": {"external": "TRUE"}},
        "configs": {"c": {"external": "ofF"}},
    });
    let (result, warnings) = run(tree, &[("CPUS", "0.1")]);
    let want = json!({
        "services": {"web": {
            "image": "x",
            "read_only": true,
            "privileged": true,
            "tty": true,
            "stdin_open": false,
            "init": false,
            "cpus": 0.1,
            "cpu_count": 3,
            "cpu_percent": 12.5,
            "oom_score_adj": -5,
            "pids_limit": 7,
            "scale": 2,
            "healthcheck": {"retries": 4, "disable": false},
            "ports": [{"target": 80, "published": "8080"}, "8000:80"],
            "ulimits": {"nproc": 65535, "nofile": {"soft": 1024, "hard": 2048}},
            "volumes": [{"type": "volume", "source": "v", "target": "/d", "read_only": true, "volume": {"nocopy": false}}],
            "deploy": {"replicas": 2, "update_config": {"parallelism": 1, "max_failure_ratio": 0.25}},
        }},
        "x-ext": {"read_only": "yes", "n": "5"},
        "networks": {"n1": {"external": true, "internal": false}},
        "volumes": {"v": {"external": false}},
        "secrets": {"s": {"external": true}},
        "configs": {"c": {"external": false}},
    });
    assert_eq!(result.map(|n| to_json(&n)), Ok(want), "every string at a typed field is cast, nothing else");
    let words: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        words,
        [
            "\"yes\" for boolean is not supported by YAML 1.2, please use `true`",
            "\"On\" for boolean is not supported by YAML 1.2, please use `true`",
            "\"n\" for boolean is not supported by YAML 1.2, please use `false`",
            "\"off\" for boolean is not supported by YAML 1.2, please use `false`",
            "\"y\" for boolean is not supported by YAML 1.2, please use `true`",
            "\"NO\" for boolean is not supported by YAML 1.2, please use `false`",
            "\"ofF\" for boolean is not supported by YAML 1.2, please use `false`",
        ],
        "YAML 1.1 boolean words are accepted with compose's warning"
    );
}

#[test]
fn float_casts_follow_go() {
    let cases = [
        ("1e3", Some(1000.0)),
        (".5", Some(0.5)),
        ("0.1", Some(0.1)),
        ("x", None),
        ("1e400", None),
        ("", None),
    ];
    for (text, want) in cases {
        let got = cast::apply(cast::Cast::Float32, text).ok().map(|(v, _)| v);
        assert_eq!(got, want.map(Value::Float), "cpus {text:?}");
    }
}

/// (field, raw value, the message after "error while interpolating ")
const CAST_ERRORS: &[(&str, &str, &str)] = &[
    ("read_only", "maybe", "services.web.read_only: failed to cast to expected type: invalid boolean: maybe"),
    ("init", "${U}", "services.web.init: failed to cast to expected type: invalid boolean: "),
    ("cpus", "x", "services.web.cpus: failed to cast to expected type: \"x\" is not a number"),
    (
        "scale",
        "99999999999999999999",
        "services.web.scale: failed to cast to expected type: \"99999999999999999999\" is out of range for an integer",
    ),
    ("scale", " 2", "services.web.scale: failed to cast to expected type: \" 2\" is not an integer"),
    ("privileged", "1", "services.web.privileged: failed to cast to expected type: invalid boolean: 1"),
];

#[test]
fn failed_casts_name_field_and_place() {
    for (field, raw, message) in CAST_ERRORS {
        let (result, _) = run(json!({"services": {"web": {(*field): raw}}}), &[]);
        let err = result.err();
        let got = err.as_ref().map(|e| (e.kind, e.span.as_ref().map(ToString::to_string), e.problem.clone()));
        let want = (
            ErrorKind::InvalidValue,
            Some("test:4:1".to_string()),
            format!("error while interpolating {message}"),
        );
        assert_eq!(got, Some(want), "{field}: {raw:?}");
        assert!(err.is_some_and(|e| e.fix.is_some()), "{field}: a failed cast says what to write");
    }
}

#[test]
fn list_positions_appear_in_paths() {
    let tree = json!({"services": {"web": {"ports": ["80", {"target": "${P:-8x}"}]}}});
    let err = run(tree, &[]).0.err().map(|e| e.problem);
    let want = "error while interpolating services.web.ports[1].target: failed to cast to expected type: \"8x\" is not an integer";
    assert_eq!(err.as_deref(), Some(want), "the path names the list item");
}

#[test]
fn template_errors_name_field_and_place() {
    let tree =
        json!({"services": {"web": {"image": "x", "labels": {"a.b": "${P:?boom}"}, "ports": ["${P:-8x"]}}});
    let err = run(tree.clone(), &[("P", "")]).0.err();
    let got = err.map(|e| (e.kind, e.span.map(|s| s.line), e.problem));
    let want =
        "error while interpolating services.web.labels.a.b: required variable P is missing a value: boom";
    assert_eq!(got, Some((ErrorKind::Interpolation, Some(6), want.to_string())), "required variable");

    let err = run(tree, &[("P", "1")]).0.err();
    let got = err.map(|e| (e.kind, e.span.map(|s| s.line), e.problem));
    let want = "invalid interpolation format for services.web.ports[0]: \"${P:-8x\"";
    assert_eq!(got, Some((ErrorKind::Interpolation, Some(8), want.to_string())), "invalid template");
}

#[test]
fn patterns_match_whole_paths() {
    let path = |keys: &[&str]| -> Vec<Step> {
        keys.iter()
            .map(|k| k.parse::<usize>().map_or_else(|_| Step::Key(k.to_string()), Step::Index))
            .collect()
    };
    assert_eq!(
        cast::for_path(&path(&["services", "web", "ports", "0", "target"])),
        Some(cast::Cast::Int),
        "list item"
    );
    assert_eq!(
        cast::for_path(&path(&["services", "web", "ports", "a", "target"])),
        None,
        "[] needs a list index"
    );
    assert_eq!(
        cast::for_path(&path(&["services", "web", "ulimits", "nofile"])),
        Some(cast::Cast::Int),
        "* is any key"
    );
    assert_eq!(cast::for_path(&path(&["services", "web"])), None, "a prefix is not a match");
    assert_eq!(cast::for_path(&path(&["x-s", "web", "read_only"])), None, "extensions are not cast");
}

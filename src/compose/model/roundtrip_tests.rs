//! The model against what `docker compose config` printed for `testdata/full_compose.yaml`
//! (`full_config_yaml.json` is its YAML output as JSON, `full_config.json` its JSON output):
//! decoding the printed tree and serialising it again must give the same keys, in the same
//! order, with the same values.

use serde_json::Value;

use super::{Format, Project, with_format};
use crate::compose::de::from_node;
use crate::compose::node;

fn reference(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// Every object's keys in order, with its path, so a mismatch names where it is.
fn key_orders(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            out.push(format!("{path}: {}", m.keys().cloned().collect::<Vec<_>>().join(",")));
            for (k, x) in m {
                key_orders(x, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                key_orders(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn decode(tree: &Value) -> Project {
    match from_node(&node::from_json(tree)) {
        Ok(p) => p,
        Err(e) => panic!("the reference's own output must decode: {e}"),
    }
}

fn assert_same(got: &Value, want: &Value, what: &str) {
    let (mut g, mut w) = (Vec::new(), Vec::new());
    key_orders(got, "", &mut g);
    key_orders(want, "", &mut w);
    for (a, b) in g.iter().zip(&w) {
        assert_eq!(a, b, "{what}: key order and omissions must match compose");
    }
    assert_eq!(g.len(), w.len(), "{what}: same number of objects");
    assert_eq!(got, want, "{what}: values must match compose");
}

#[test]
fn yaml_form_round_trips() {
    let want = reference(include_str!("testdata/full_config_yaml.json"));
    let project = decode(&want);
    let got = with_format(Format::Yaml, || serde_json::to_value(&project)).unwrap_or(Value::Null);
    assert_same(&got, &want, "YAML form");
}

#[test]
fn json_form_matches_compose_json() {
    let project = decode(&reference(include_str!("testdata/full_config_yaml.json")));
    let want = reference(include_str!("testdata/full_config.json"));
    let got = with_format(Format::Json, || serde_json::to_value(&project)).unwrap_or(Value::Null);
    assert_same(&got, &want, "JSON form");
}

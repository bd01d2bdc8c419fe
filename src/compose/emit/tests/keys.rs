//! Map key order and `null` values in both formats.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use serde::Serialize;

use crate::compose::emit::{EmitError, serialize_inline, to_json, to_yaml};

/// From a service whose environment was written `_A: "1"`, `A: x`, `a: "y"`, `B10: z`,
/// `B9: w`, `b: v`.
#[test]
fn environment_keys_sort_the_go_way_in_each_format() {
    let env: HashMap<&str, &str> =
        HashMap::from([("_A", "1"), ("A", "x"), ("a", "y"), ("B10", "z"), ("B9", "w"), ("b", "v")]);
    let doc = BTreeMap::from([("environment", env)]);
    assert_eq!(
        to_yaml(&doc).as_deref(),
        Ok("environment:\n  _A: \"1\"\n  A: x\n  B9: w\n  B10: z\n  a: \"y\"\n  b: v\n"),
        "yaml.v3 sorts naturally: non-letters first, digit runs by value"
    );
    assert_eq!(
        to_json(&doc).as_deref(),
        Ok(concat!(
            "{\n  \"environment\": {\n    \"A\": \"x\",\n    \"B10\": \"z\",\n    \"B9\": \"w\",\n",
            "    \"_A\": \"1\",\n    \"a\": \"y\",\n    \"b\": \"v\"\n  }\n}"
        )),
        "encoding/json sorts keys by bytes"
    );
}

#[derive(Serialize)]
struct ServiceNetwork {
    priority: i64,
}

/// `networks: {default: null}` is how compose prints a service attached to the default
/// network without options.
#[test]
fn none_prints_as_null() {
    let networks: IndexMap<&str, Option<ServiceNetwork>> =
        IndexMap::from([("default", None), ("back", Some(ServiceNetwork { priority: 5 }))]);
    let doc = BTreeMap::from([("networks", networks)]);
    assert_eq!(
        to_yaml(&doc).as_deref(),
        Ok("networks:\n  back:\n    priority: 5\n  default: null\n"),
        "None is null in YAML"
    );
    assert_eq!(
        to_json(&doc).as_deref(),
        Ok(
            "{\n  \"networks\": {\n    \"back\": {\n      \"priority\": 5\n    },\n    \"default\": null\n  }\n}"
        ),
        "None is null in JSON"
    );
}

#[derive(Serialize)]
struct Fields {
    zeta: u8,
    alpha: u8,
    #[serde(flatten, serialize_with = "serialize_inline")]
    extensions: IndexMap<String, u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
}

#[test]
fn structs_keep_field_order_and_inline_maps_follow_sorted() {
    let value = Fields {
        zeta: 1,
        alpha: 2,
        extensions: IndexMap::from([("x-b".to_owned(), 3), ("x-a".to_owned(), 4)]),
        skipped: None,
    };
    assert_eq!(
        to_yaml(&value).as_deref(),
        Ok("zeta: 1\nalpha: 2\nx-a: 4\nx-b: 3\n"),
        "fields in declaration order, then the inline map sorted"
    );
    let empty = Fields { zeta: 1, alpha: 2, extensions: IndexMap::new(), skipped: None };
    assert_eq!(
        to_yaml(&empty).as_deref(),
        Ok("zeta: 1\nalpha: 2\n"),
        "a flattened struct with nothing inline keeps its field order"
    );
}

#[test]
fn json_refuses_what_encoding_json_refuses() {
    assert_eq!(to_json(&[f64::NAN]), Err(EmitError::UnsupportedFloat), "JSON has no NaN");
    assert_eq!(to_yaml(&[f64::NAN]).as_deref(), Ok("- .nan\n"), "YAML spells NaN .nan");
    let bool_keys = BTreeMap::from([(true, 1)]);
    assert_eq!(
        to_json(&bool_keys),
        Err(EmitError::UnsupportedKey),
        "encoding/json map keys are strings or integers"
    );
    let int_keys = BTreeMap::from([(10, "a"), (9, "b")]);
    assert_eq!(
        to_json(&int_keys).as_deref(),
        Ok("{\n  \"10\": \"a\",\n  \"9\": \"b\"\n}"),
        "integer keys print as strings, sorted as strings"
    );
    assert_eq!(to_yaml(&int_keys).as_deref(), Ok("9: b\n10: a\n"), "yaml.v3 sorts integer keys by value");
}

/// From `x-k:` holding two 130-byte keys and the key `"m\nl"`, each with a collection as
/// its value: such keys take the `? key` / `: value` form, the value starting on the `:`
/// line.
#[test]
fn complex_keys_print_like_the_reference() {
    let (k, j) = ("k".repeat(130), "j".repeat(130));
    let value = serde_json::json!({
        "name": "ck",
        "services": {},
        "x-k": {k.clone(): {"a": "b", "c": "d"}, j.clone(): [1, {"x": "y"}], "m\nl": [1]},
    });
    let want = concat!(
        "name: ck\nservices: {}\nx-k:\n",
        "  ? {J}\n  : - 1\n    - x: \"y\"\n",
        "  ? {K}\n  : a: b\n    c: d\n",
        "  ? |-\n    m\n    l\n  : - 1\n",
    );
    let yaml = to_yaml(&value).map(|s| s.replace(&k, "{K}").replace(&j, "{J}"));
    assert_eq!(yaml.as_deref(), Ok(want), "long and multi-line keys use the explicit key form");
}

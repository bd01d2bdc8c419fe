//! Whole documents compared with the text `docker compose config` (v2.40.3) printed for
//! the equivalent compose files, in both formats.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Serialize;
use serde_json::json;

use crate::compose::emit::{serialize_inline, to_json, to_yaml};

// A small slice of compose-go's types, with their field order and omitempty rules.

#[derive(Serialize)]
struct Project {
    name: String,
    services: BTreeMap<String, Service>,
    networks: BTreeMap<String, Network>,
    #[serde(flatten, serialize_with = "serialize_inline")]
    extensions: IndexMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Service {
    #[serde(skip_serializing_if = "Option::is_none")]
    cpus: Option<f32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<Vec<String>>,
    /// Omitted in YAML; JSON prints Go's nil slice as `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    entrypoint: Option<Option<Vec<String>>>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    environment: IndexMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    healthcheck: Option<Healthcheck>,
    image: String,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    labels: IndexMap<String, String>,
    networks: IndexMap<String, Option<ServiceNetwork>>,
    ports: Vec<Port>,
    #[serde(flatten, serialize_with = "serialize_inline")]
    extensions: IndexMap<String, serde_json::Value>,
}

#[derive(Serialize)]
struct Healthcheck {
    test: Vec<String>,
    interval: String,
    retries: u64,
}

#[derive(Serialize)]
struct ServiceNetwork {
    priority: i64,
}

#[derive(Serialize)]
struct Port {
    mode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_ip: Option<String>,
    target: u32,
    published: String,
    protocol: String,
}

#[derive(Serialize)]
struct Network {
    name: String,
    /// Go omits the all-zero struct in YAML but prints `{}` in JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    ipam: Option<Ipam>,
}

#[derive(Serialize)]
struct Ipam {
    #[serde(skip_serializing_if = "Option::is_none")]
    driver: Option<String>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn pairs(items: &[(&str, &str)]) -> IndexMap<String, String> {
    items.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

/// The project compose-go builds from the compose file below; `json` picks the shape
/// Go's JSON tags give it (services drop their extensions, nil slices print as null).
///
/// ```yaml
/// services:
///   web:
///     image: nginx:1.27
///     command: ["nginx", "-g", "daemon off;"]
///     environment:
///       DEBUG: "true"
///       PORT: "8080"
///       GREETING: "hello: world"
///       B10: ten
///       B9: nine
///     labels:
///       com.example.description: "Lab web"
///     cpus: 0.1
///     ports:
///       - "8080:80"
///     healthcheck:
///       test: ["CMD", "curl", "-f", "http://localhost"]
///       interval: 30s
///       retries: 3
///     x-foo: bar
///     x-Abc: 1
///     x-b9: ["two", "1"]
///     x-b10: {k: "yes"}
/// x-top: 1
/// ```
fn project(json: bool) -> Project {
    let mut extensions = IndexMap::new();
    if !json {
        // Inserted out of order: the printer sorts them.
        extensions.insert("x-foo".to_owned(), json!("bar"));
        extensions.insert("x-b10".to_owned(), json!({"k": "yes"}));
        extensions.insert("x-Abc".to_owned(), json!(1));
        extensions.insert("x-b9".to_owned(), json!(["two", "1"]));
    }
    let web = Service {
        cpus: Some(0.1),
        command: Some(strings(&["nginx", "-g", "daemon off;"])),
        entrypoint: json.then_some(None),
        environment: pairs(&[
            ("DEBUG", "true"),
            ("PORT", "8080"),
            ("GREETING", "hello: world"),
            ("B10", "ten"),
            ("B9", "nine"),
        ]),
        healthcheck: Some(Healthcheck {
            test: strings(&["CMD", "curl", "-f", "http://localhost"]),
            interval: "30s".into(),
            retries: 3,
        }),
        image: "nginx:1.27".into(),
        labels: pairs(&[("com.example.description", "Lab web")]),
        networks: [("default".to_owned(), None)].into_iter().collect(),
        ports: vec![Port {
            mode: "ingress".into(),
            host_ip: None,
            target: 80,
            published: "8080".into(),
            protocol: "tcp".into(),
        }],
        extensions,
    };
    let network = Network { name: "svc_default".into(), ipam: json.then_some(Ipam { driver: None }) };
    Project {
        name: "svc".into(),
        services: [("web".to_owned(), web)].into_iter().collect(),
        networks: [("default".to_owned(), network)].into_iter().collect(),
        extensions: [("x-top".to_owned(), json!(1))].into_iter().collect(),
    }
}

/// compose-go's `Project.MarshalJSON` prints the project as a Go map: keys sorted.
#[derive(Serialize)]
#[serde(untagged)]
enum Top<'a> {
    Name(&'a str),
    Services(&'a BTreeMap<String, Service>),
    Networks(&'a BTreeMap<String, Network>),
    Extension(&'a serde_json::Value),
}

const SERVICE_YAML: &str = r#"name: svc
services:
  web:
    cpus: 0.1
    command:
      - nginx
      - -g
      - daemon off;
    environment:
      B9: nine
      B10: ten
      DEBUG: "true"
      GREETING: 'hello: world'
      PORT: "8080"
    healthcheck:
      test:
        - CMD
        - curl
        - -f
        - http://localhost
      interval: 30s
      retries: 3
    image: nginx:1.27
    labels:
      com.example.description: Lab web
    networks:
      default: null
    ports:
      - mode: ingress
        target: 80
        published: "8080"
        protocol: tcp
    x-Abc: 1
    x-b9:
      - two
      - "1"
    x-b10:
      k: "yes"
    x-foo: bar
networks:
  default:
    name: svc_default
x-top: 1
"#;

const SERVICE_JSON: &str = r#"{
  "name": "svc",
  "networks": {
    "default": {
      "name": "svc_default",
      "ipam": {}
    }
  },
  "services": {
    "web": {
      "cpus": 0.1,
      "command": [
        "nginx",
        "-g",
        "daemon off;"
      ],
      "entrypoint": null,
      "environment": {
        "B10": "ten",
        "B9": "nine",
        "DEBUG": "true",
        "GREETING": "hello: world",
        "PORT": "8080"
      },
      "healthcheck": {
        "test": [
          "CMD",
          "curl",
          "-f",
          "http://localhost"
        ],
        "interval": "30s",
        "retries": 3
      },
      "image": "nginx:1.27",
      "labels": {
        "com.example.description": "Lab web"
      },
      "networks": {
        "default": null
      },
      "ports": [
        {
          "mode": "ingress",
          "target": 80,
          "published": "8080",
          "protocol": "tcp"
        }
      ]
    }
  },
  "x-top": 1
}"#;

#[test]
fn compose_service_prints_like_the_reference_yaml() {
    let yaml = to_yaml(&project(false));
    assert_eq!(
        yaml.as_deref(),
        Ok(SERVICE_YAML),
        "struct order, sorted maps, quoting, indented sequences, inline extensions last"
    );
}

#[test]
fn compose_service_prints_like_the_reference_json() {
    let project = project(true);
    let mut top: IndexMap<&str, Top<'_>> = IndexMap::new();
    top.insert("services", Top::Services(&project.services));
    top.insert("name", Top::Name(&project.name));
    top.insert("x-top", Top::Extension(&project.extensions["x-top"]));
    top.insert("networks", Top::Networks(&project.networks));
    let json = to_json(&top);
    assert_eq!(
        json.as_deref(),
        Ok(SERVICE_JSON),
        "map keys sorted, struct fields in order, no final newline"
    );
}

/// The value compose-go keeps for this file, whose `x-data` extension holds arbitrary YAML;
/// `nil_seq` is what its empty sequences became: yaml.v3 prints Go's nil slice as `[]`,
/// encoding/json as `null`.
///
/// ```yaml
/// services: {}
/// x-data:
///   seq: [a, "1", {k: v, j: [1, 2]}, [x, [y]], [], {}, null, true, 1.5, 1e6, 0.000001,
///         10000000000000000000000, -0.0]
///   empty_map: {}
///   empty_seq: []
///   nested: {a: {b: {c: [ {d: 1, e: [2]} ]}}}
///   "1": one
///   "true": t
///   "a: b": colon
///   ? "multi\nline"
///   : ml
///   ? aaaa…(162 bytes)
///   : long
///   "": emptykey
///   lit: ["a\nb", {x: "c\nd"}]
///   float: 3.0
///   big: 1.0e+21
///   small: 1.0e-7
///   neg: -5
///   int_keys: {"3": c, "1": a}
/// ```
fn extension(nil_seq: serde_json::Value) -> serde_json::Value {
    json!({
        "name": "x",
        "services": {},
        "x-data": {
            "seq": ["a", "1", {"k": "v", "j": [1, 2]}, ["x", ["y"]], nil_seq.clone(), {}, null, true,
                    1.5, 1e6, 0.000001, 1e22, -0.0],
            "empty_map": {},
            "empty_seq": nil_seq,
            "nested": {"a": {"b": {"c": [{"d": 1, "e": [2]}]}}},
            "1": "one",
            "true": "t",
            "a: b": "colon",
            "multi\nline": "ml",
            "a".repeat(162): "long",
            "": "emptykey",
            "lit": ["a\nb", {"x": "c\nd"}],
            "float": 3.0,
            "big": 1e21,
            "small": 1e-7,
            "neg": -5,
            "int_keys": {"3": "c", "1": "a"},
        },
    })
}

const EXTENSION_YAML: &str = r#"name: x
services: {}
x-data:
  "": emptykey
  "1": one
  'a: b': colon
  ? {LONG_KEY}
  : long
  big: 1e+21
  empty_map: {}
  empty_seq: []
  float: 3
  int_keys:
    "1": a
    "3": c
  lit:
    - |-
      a
      b
    - x: |-
        c
        d
  ? |-
    multi
    line
  : ml
  neg: -5
  nested:
    a:
      b:
        c:
          - d: 1
            e:
              - 2
  seq:
    - a
    - "1"
    - j:
        - 1
        - 2
      k: v
    - - x
      - - "y"
    - []
    - {}
    - null
    - true
    - 1.5
    - 1e+06
    - 1e-06
    - 1e+22
    - -0
  small: 1e-07
  "true": t
"#;

const EXTENSION_JSON: &str = r#"{
  "name": "x",
  "services": {},
  "x-data": {
    "": "emptykey",
    "1": "one",
    "a: b": "colon",
    "{LONG_KEY}": "long",
    "big": 1e+21,
    "empty_map": {},
    "empty_seq": null,
    "float": 3,
    "int_keys": {
      "1": "a",
      "3": "c"
    },
    "lit": [
      "a\nb",
      {
        "x": "c\nd"
      }
    ],
    "multi\nline": "ml",
    "neg": -5,
    "nested": {
      "a": {
        "b": {
          "c": [
            {
              "d": 1,
              "e": [
                2
              ]
            }
          ]
        }
      }
    },
    "seq": [
      "a",
      "1",
      {
        "j": [
          1,
          2
        ],
        "k": "v"
      },
      [
        "x",
        [
          "y"
        ]
      ],
      null,
      {},
      null,
      true,
      1.5,
      1000000,
      0.000001,
      1e+22,
      -0
    ],
    "small": 1e-7,
    "true": "t"
  }
}"#;

#[test]
fn nesting_empty_collections_and_odd_keys_print_like_the_reference() {
    let long_key = "a".repeat(162);
    let yaml = to_yaml(&extension(json!([]))).map(|s| s.replace(&long_key, "{LONG_KEY}"));
    assert_eq!(
        yaml.as_deref(),
        Ok(EXTENSION_YAML),
        "sequences of mappings, nested sequences, flow-style empties, `? ` keys past 128 bytes"
    );
    let json = to_json(&extension(serde_json::Value::Null)).map(|s| s.replace(&long_key, "{LONG_KEY}"));
    assert_eq!(json.as_deref(), Ok(EXTENSION_JSON), "the same document as encoding/json prints it");
}

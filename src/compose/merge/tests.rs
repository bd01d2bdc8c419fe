//! Table tests for the merge rules. Every expected value was read from
//! `docker compose -f a.yaml -f b.yaml config` (v2.40.3) on the same input.

use serde_json::{Value as Json, json};

use super::*;
use crate::compose::error::ErrorKind;
use crate::compose::node::{Tag, Value, from_json};

/// The tree as JSON, spans and tags left out, to compare with expected values.
pub(crate) fn to_json(node: &Node) -> Json {
    match &node.value {
        Value::Null => Json::Null,
        Value::Bool(b) => json!(b),
        Value::Int(i) => json!(i),
        Value::Float(f) => json!(f),
        Value::Str(s) => json!(s),
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect()),
        Value::Map(map) => Json::Object(map.iter().map(|(k, v)| (k.name.clone(), to_json(v))).collect()),
    }
}

/// Tags the node at a path of keys (list items by their index).
pub(crate) fn tag_at(node: &mut Node, path: &[&str], tag: Tag) {
    let mut current = node;
    for key in path {
        let next = match &mut current.value {
            Value::Map(map) => map.get_mut(key),
            Value::Seq(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        };
        match next {
            Some(n) => current = n,
            None => panic!("test path {path:?} does not exist"),
        }
    }
    current.tag = Some(tag);
}

fn service(fields: Json) -> Json {
    json!({"services": {"web": fields}})
}

fn merged_service(base: Json, overlay: Json) -> Json {
    let result = merge(from_json(&service(base)), from_json(&service(overlay)));
    match result {
        Ok(node) => to_json(&node)["services"]["web"].clone(),
        Err(e) => panic!("merge failed: {e}"),
    }
}

#[test]
fn service_fields_merge_by_their_rules() {
    // (what, base service, overlay service, merged service)
    let cases = [
        (
            "mappings merge recursively and scalars are replaced",
            json!({"image": "nginx", "healthcheck": {"test": ["CMD", "a"], "interval": "10s"}}),
            json!({"image": "httpd", "healthcheck": {"test": ["CMD-SHELL", "CMD-SHELL true"]}}),
            json!({"image": "httpd", "healthcheck": {"test": ["CMD-SHELL", "CMD-SHELL true"], "interval": "10s"}}),
        ),
        (
            "command and entrypoint are replaced, not appended",
            json!({"command": ["a", "b"], "entrypoint": "/bin/sh"}),
            json!({"command": ["c"], "entrypoint": ["x"]}),
            json!({"command": ["c"], "entrypoint": ["x"]}),
        ),
        (
            "a null command in a later file drops the command",
            json!({"command": ["a"]}),
            json!({"command": null}),
            json!({"command": null}),
        ),
        (
            "environment merges by name; a later null (from the shell) wins",
            json!({"environment": {"A": "1", "B": "2"}}),
            json!({"environment": {"B": "3", "C": null, "A": null}}),
            json!({"environment": {"A": null, "B": "3", "C": null}}),
        ),
        (
            "labels written as a list merge with a mapping by key",
            json!({"labels": ["x=1", "y=2"]}),
            json!({"labels": {"y": "3", "z": "4"}}),
            json!({"labels": ["x=1", "y=3", "z=4"]}),
        ),
        (
            "ports merge by host address, published port, target and protocol",
            json!({"ports": [
                {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                {"mode": "ingress", "target": 90, "published": "9090", "protocol": "udp"},
                {"mode": "ingress", "host_ip": "127.0.0.1", "target": 70, "published": "7000", "protocol": "tcp"}
            ]}),
            json!({"ports": [
                {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                {"mode": "ingress", "target": 81, "published": "8081", "protocol": "tcp"},
                {"target": 90, "published": "9090", "protocol": "udp", "host_ip": "0.0.0.0"}
            ]}),
            json!({"ports": [
                {"mode": "ingress", "target": 80, "published": "8080", "protocol": "tcp"},
                {"target": 90, "published": "9090", "protocol": "udp", "host_ip": "0.0.0.0"},
                {"mode": "ingress", "host_ip": "127.0.0.1", "target": 70, "published": "7000", "protocol": "tcp"},
                {"mode": "ingress", "target": 81, "published": "8081", "protocol": "tcp"}
            ]}),
        ),
        (
            "volumes merge by target, the later mount in the earlier place",
            json!({"volumes": [
                {"type": "bind", "source": "./data", "target": "/data"},
                {"type": "volume", "source": "vol", "target": "/v"}
            ]}),
            json!({"volumes": [{"type": "bind", "source": "./other", "target": "/data"}]}),
            json!({"volumes": [
                {"type": "bind", "source": "./other", "target": "/data"},
                {"type": "volume", "source": "vol", "target": "/v"}
            ]}),
        ),
        (
            "cap_add, dns, tmpfs and expose append without duplicates",
            json!({"cap_add": ["NET_ADMIN"], "dns": ["8.8.8.8"], "tmpfs": ["/tmp"], "expose": ["80"]}),
            json!({"cap_add": ["NET_ADMIN", "SYS_ADMIN"], "dns": ["8.8.8.8", "1.1.1.1"],
                   "tmpfs": ["/tmp", "/run"], "expose": [80, "81"]}),
            json!({"cap_add": ["NET_ADMIN", "SYS_ADMIN"], "dns": ["8.8.8.8", "1.1.1.1"],
                   "tmpfs": ["/tmp", "/run"], "expose": [80, "81"]}),
        ),
        (
            "extra_hosts skips entries the earlier file has, keeps new addresses of a host",
            json!({"extra_hosts": {"h1": "1.1.1.1", "h3": "::1"}}),
            json!({"extra_hosts": ["h1:2.2.2.2", "h3=::1", "h2=3.3.3.3"]}),
            json!({"extra_hosts": ["h1=1.1.1.1", "h3=::1", "h1:2.2.2.2", "h2=3.3.3.3"]}),
        ),
        (
            "a later ulimit replaces the earlier one whole",
            json!({"ulimits": {"nofile": {"soft": 100, "hard": 200}, "nproc": 10}}),
            json!({"ulimits": {"nofile": {"soft": 150}}}),
            json!({"ulimits": {"nofile": {"soft": 150}, "nproc": 10}}),
        ),
        (
            "logging options merge when the later file names no driver",
            json!({"logging": {"driver": "json-file", "options": {"max-size": "1m"}}}),
            json!({"logging": {"options": {"max-file": "3"}}}),
            json!({"logging": {"driver": "json-file", "options": {"max-size": "1m", "max-file": "3"}}}),
        ),
        (
            "a different logging driver replaces the whole block",
            json!({"logging": {"driver": "json-file", "options": {"max-size": "1m"}}}),
            json!({"logging": {"driver": "syslog", "options": {"tag": "t"}}}),
            json!({"logging": {"driver": "syslog", "options": {"tag": "t"}}}),
        ),
        (
            "depends_on merges per service and per option",
            json!({"depends_on": {"db": {"condition": "service_started", "required": true}}}),
            json!({"depends_on": {"db": {"condition": "service_healthy"}, "cache": {"condition": "service_started"}}}),
            json!({"depends_on": {"db": {"condition": "service_healthy", "required": true},
                                  "cache": {"condition": "service_started"}}}),
        ),
        (
            "depends_on written as a list gets the default condition",
            json!({"depends_on": ["db"]}),
            json!({"depends_on": {"db": {"required": false}}}),
            json!({"depends_on": {"db": {"condition": "service_started", "required": false}}}),
        ),
        (
            "networks merge as mappings; aliases are appended without duplicates",
            json!({"networks": {"front": {"aliases": ["a", "w"]}, "back": null}}),
            json!({"networks": {"front": {"aliases": ["w", "b"]}, "back": null}}),
            json!({"networks": {"front": {"aliases": ["a", "w", "b"]}, "back": null}}),
        ),
        (
            "secrets merge by target, the default target counting for a bare source",
            json!({"secrets": [{"source": "s1"}, {"source": "s2", "target": "/x"}]}),
            json!({"secrets": [{"source": "s1", "target": "/run/secrets/s1", "mode": "0400"}]}),
            json!({"secrets": [{"source": "s1", "target": "/run/secrets/s1", "mode": "0400"},
                               {"source": "s2", "target": "/x"}]}),
        ),
        (
            "a build string is the context of the earlier build mapping",
            json!({"build": {"context": ".", "dockerfile": "D"}}),
            json!({"build": "./other"}),
            json!({"build": {"context": "./other", "dockerfile": "D"}}),
        ),
        (
            "env_file entries merge by path",
            json!({"env_file": [{"path": "a.env", "required": true}]}),
            json!({"env_file": [{"path": "a.env", "required": false}, {"path": "b.env", "required": true}]}),
            json!({"env_file": [{"path": "a.env", "required": false}, {"path": "b.env", "required": true}]}),
        ),
        (
            "other lists append",
            json!({"volumes_from": ["a"], "group_add": ["g"]}),
            json!({"volumes_from": ["b"], "group_add": ["h"]}),
            json!({"volumes_from": ["a", "b"], "group_add": ["g", "h"]}),
        ),
    ];
    for (what, base, overlay, want) in cases {
        assert_eq!(merged_service(base, overlay), want, "{what}");
    }
}

#[test]
fn new_keys_follow_the_earlier_ones() {
    let got = merged_service(json!({"image": "x", "user": "u"}), json!({"tty": true, "image": "y"}));
    let keys: Vec<String> = got.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
    assert_eq!(keys, ["image", "user", "tty"], "a merged key keeps its place, new keys come after");
}

#[test]
fn ipam_config_merges_by_subnet_as_compose_does() {
    let base = from_json(&json!({"networks": {
        "n1": {"ipam": {"config": [{"subnet": "10.0.0.0/24", "gateway": "10.0.0.1"}]}},
        "n2": {"ipam": {"config": [{"subnet": "10.1.0.0/24"}]}},
        "n3": {"ipam": {"config": [{"subnet": "10.2.0.0/24", "gateway": "10.2.0.1"}, {"subnet": "10.3.0.0/24"}]}}
    }}));
    let overlay = from_json(&json!({"networks": {
        "n1": {"ipam": {"config": [{"subnet": "10.0.0.0/24", "ip_range": "10.0.0.0/25"}]}},
        "n2": {"ipam": {"config": [{"subnet": "10.9.0.0/24"}]}},
        "n3": {"ipam": {"config": [{"subnet": "10.3.0.0/24", "gateway": "10.3.0.1"}, {"subnet": "10.4.0.0/24"}]}}
    }}));
    let got = merge(base, overlay).map(|n| to_json(&n)).unwrap_or_default();
    let config = |n: &str| got["networks"][n]["ipam"]["config"].clone();
    assert_eq!(
        config("n1"),
        json!([{"subnet": "10.0.0.0/24", "gateway": "10.0.0.1", "ip_range": "10.0.0.0/25"}]),
        "the same subnet merges"
    );
    assert_eq!(config("n2"), json!([{"subnet": "10.9.0.0/24"}]), "another subnet replaces the earlier entry");
    assert_eq!(
        config("n3"),
        json!([{"subnet": "10.4.0.0/24", "gateway": "10.3.0.1"}, {"subnet": "10.4.0.0/24"}]),
        "compose's order of comparison, quirks included"
    );
}

#[test]
fn reset_and_override_drop_earlier_values() {
    let base = from_json(&service(json!({
        "image": "nginx",
        "labels": {"x": "1"},
        "volumes": [{"type": "volume", "source": "v", "target": "/v"}],
        "cap_add": ["NET_ADMIN"],
        "healthcheck": {"test": ["CMD", "a"], "interval": "10s"},
        "ulimits": {"nofile": {"soft": 1, "hard": 2}, "nproc": 10},
        "dns": ["8.8.8.8"],
        "ports": [{"target": 80, "published": "8080", "protocol": "tcp"}],
        "environment": {"A": "1"}
    })));
    let mut overlay = from_json(&service(json!({
        "labels": {},
        "volumes": [],
        "cap_add": null,
        "healthcheck": {"interval": "10s"},
        "ulimits": {"nproc": 1},
        "dns": ["9.9.9.9", "4.4.4.4"],
        "ports": [{"target": 5000, "published": "5000", "protocol": "tcp"}],
        "environment": {"B": "2"}
    })));
    let web = ["services", "web"];
    for (path, tag) in [
        (&["labels"][..], Tag::Reset),
        (&["volumes"], Tag::Reset),
        (&["cap_add"], Tag::Reset),
        (&["healthcheck", "interval"], Tag::Reset),
        (&["ulimits", "nproc"], Tag::Reset),
        (&["dns", "0"], Tag::Reset),
        (&["ports"], Tag::Override),
        (&["environment"], Tag::Override),
    ] {
        let full: Vec<&str> = web.iter().chain(path).copied().collect();
        tag_at(&mut overlay, &full, tag);
    }
    let got = merge(base, overlay).map(|n| to_json(&n)["services"]["web"].clone());
    let want = json!({
        "image": "nginx",
        "healthcheck": {"test": ["CMD", "a"]},
        "ulimits": {"nofile": {"soft": 1, "hard": 2}},
        "dns": ["8.8.8.8", "4.4.4.4"],
        "ports": [{"target": 5000, "published": "5000", "protocol": "tcp"}],
        "environment": {"B": "2"}
    });
    assert_eq!(got, Ok(want), "`!reset` removes keys, `!override` replaces, a tagged list item only drops itself");
}

#[test]
fn a_file_merged_alone_loses_its_tags_and_duplicates() {
    let mut file = from_json(&service(json!({
        "image": "x",
        "cap_add": ["A", "B", "A"],
        "environment": {"A": 1},
        "labels": ["x=1", "y=2"],
        "ports": [{"target": 80, "published": "80"}, {"target": 80, "published": "80"}]
    })));
    tag_at(&mut file, &["services", "web", "environment"], Tag::Reset);
    tag_at(&mut file, &["services", "web", "labels", "0"], Tag::Reset);
    let got = merge(Node::null(file.span.clone()), file).map(|n| to_json(&n)["services"]["web"].clone());
    let want = json!({
        "image": "x",
        "cap_add": ["A", "B"],
        "labels": ["y=2"],
        "ports": [{"target": 80, "published": "80"}]
    });
    assert_eq!(got, Ok(want), "compose resolves tags and unique lists of the first file too");
}

#[test]
fn conflicting_shapes_name_the_later_file() {
    let cases = [
        ("cap_add", json!({"cap_add": ["A"]}), json!({"cap_add": {"a": 1}}), "services.web.cap_add"),
        (
            "healthcheck",
            json!({"healthcheck": {"interval": "1s"}}),
            json!({"healthcheck": ["a"]}),
            "services.web.healthcheck",
        ),
    ];
    for (what, base, overlay, path) in cases {
        let overlay = from_json(&service(overlay));
        let span = overlay.get_path(&["services", "web", what]).map(|n| n.span.clone());
        let Err(err) = merge(from_json(&service(base)), overlay) else {
            panic!("merging a {what} of another shape must fail");
        };
        assert_eq!(err.kind, ErrorKind::WrongType, "{what}: a shape mismatch is a type error");
        assert_eq!(err.span, span, "{what}: the error points at the later file's value");
        assert!(err.problem.contains(path), "{what}: the message names the path: {}", err.problem);
        assert!(err.fix.is_some(), "{what}: the error says what to write instead");
    }
}

#[test]
fn entries_without_their_key_are_reported() {
    let file = from_json(&service(json!({"ports": [{"published": "80"}]})));
    let span = file.get_path(&["services", "web", "ports"]).and_then(Node::as_seq).map(|s| s[0].span.clone());
    let err = merge(Node::null(file.span.clone()), file).err();
    assert_eq!(err.as_ref().map(|e| e.kind), Some(ErrorKind::InvalidValue), "a port needs a target");
    assert_eq!(err.and_then(|e| e.span), span, "the error points at the port entry");
}

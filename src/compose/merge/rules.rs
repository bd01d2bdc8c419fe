//! The generic merge (mappings recursively, sequences appended, scalars replaced) and the
//! table of paths that merge differently.

use super::special;
use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::node::{Map, Node, Value};

/// How the value at a path merges when it differs from the generic rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rule {
    /// The later value replaces the earlier one (`command`, `entrypoint`, `healthcheck.test`).
    Override,
    /// Key/value collections (`environment`, `labels`): the later value of a key wins.
    KeyValue,
    /// `extra_hosts`: entries appended unless the earlier list has them already.
    ExtraHosts,
    /// `depends_on`: a mapping of services; a plain list means the default condition.
    DependsOn,
    /// `networks`, `models`: a mapping; a plain list names entries without options.
    ToMapping,
    /// `build`: a string is the context of a build mapping.
    Build,
    /// `logging`: options merge only when both files use the same driver.
    Logging,
    /// `ulimits.*`: the later limit replaces the earlier one whole.
    Ulimit,
    /// `networks.*.ipam.config`: entries merged by subnet.
    IpamConfig,
}

/// Paths are written as compose-go writes them: keys separated by dots, `*` for any key.
const RULES: &[(&str, Rule)] = &[
    ("networks.*.ipam.config", Rule::IpamConfig),
    ("networks.*.labels", Rule::KeyValue),
    ("volumes.*.labels", Rule::KeyValue),
    ("services.*.annotations", Rule::KeyValue),
    ("services.*.build", Rule::Build),
    ("services.*.build.args", Rule::KeyValue),
    ("services.*.build.additional_contexts", Rule::KeyValue),
    ("services.*.build.extra_hosts", Rule::ExtraHosts),
    ("services.*.build.labels", Rule::KeyValue),
    ("services.*.command", Rule::Override),
    ("services.*.depends_on", Rule::DependsOn),
    ("services.*.deploy.labels", Rule::KeyValue),
    ("services.*.dns", Rule::KeyValue),
    ("services.*.dns_opt", Rule::KeyValue),
    ("services.*.dns_search", Rule::KeyValue),
    ("services.*.entrypoint", Rule::Override),
    ("services.*.env_file", Rule::KeyValue),
    ("services.*.label_file", Rule::KeyValue),
    ("services.*.environment", Rule::KeyValue),
    ("services.*.extra_hosts", Rule::ExtraHosts),
    ("services.*.healthcheck.test", Rule::Override),
    ("services.*.labels", Rule::KeyValue),
    ("services.*.volumes.*.volume.labels", Rule::KeyValue),
    ("services.*.logging", Rule::Logging),
    ("services.*.models", Rule::ToMapping),
    ("services.*.networks", Rule::ToMapping),
    ("services.*.sysctls", Rule::KeyValue),
    ("services.*.tmpfs", Rule::KeyValue),
    ("services.*.ulimits.*", Rule::Ulimit),
];

/// Whether a concrete path matches a dotted pattern where `*` stands for any one key.
pub(super) fn matches(path: &[String], pattern: &str) -> bool {
    let mut parts = pattern.split('.');
    for key in path {
        match parts.next() {
            Some("*") => {}
            Some(part) if part == key => {}
            _ => return false,
        }
    }
    parts.next().is_none()
}

fn rule_for(path: &[String]) -> Option<Rule> {
    RULES.iter().find(|(pattern, _)| matches(path, pattern)).map(|(_, rule)| *rule)
}

/// Merges `overlay` onto `base` at `path` (the keys leading to them).
pub(super) fn merge_value(base: Node, overlay: Node, path: &mut Vec<String>) -> Result<Node, LoadError> {
    // A tagged overlay value (kept by `extends` for the file-level merge) already stands for
    // the whole value: its base was dropped before merging.
    if overlay.tag.is_some() || base.tag.is_some() {
        return Ok(overlay);
    }
    if let Some(rule) = rule_for(path) {
        return apply_rule(rule, base, overlay, path);
    }
    merge_generic(base, overlay, path)
}

pub(super) fn merge_generic(base: Node, overlay: Node, path: &mut Vec<String>) -> Result<Node, LoadError> {
    if overlay.is_null() {
        return Ok(base);
    }
    let Node { value, span, tag } = base;
    match value {
        Value::Map(base_map) => match overlay.value {
            Value::Map(over_map) => Ok(Node { value: Value::Map(merge_maps(base_map, over_map, path)?), span, tag }),
            _ => Err(cannot_override(path, "a mapping", &overlay)),
        },
        Value::Seq(mut items) => match overlay.value {
            Value::Seq(more) => {
                items.extend(more);
                Ok(Node { value: Value::Seq(items), span, tag })
            }
            _ => Err(cannot_override(path, "a list", &overlay)),
        },
        _ => Ok(overlay),
    }
}

/// Merges two mappings key by key; keys new in `overlay` are appended in its order.
pub(super) fn merge_maps(mut base: Map, overlay: Map, path: &mut Vec<String>) -> Result<Map, LoadError> {
    for (key, value) in overlay {
        match base.get_mut(&key.name) {
            None => {
                base.insert(key, value);
            }
            Some(slot) => {
                let earlier = std::mem::replace(slot, Node::null(value.span.clone()));
                path.push(key.name);
                let merged = merge_value(earlier, value, path);
                path.pop();
                *slot = merged?;
            }
        }
    }
    Ok(base)
}

fn apply_rule(rule: Rule, base: Node, overlay: Node, path: &mut Vec<String>) -> Result<Node, LoadError> {
    match rule {
        Rule::Override => Ok(overlay),
        Rule::Ulimit => Ok(overlay),
        Rule::KeyValue => Ok(special::merge_key_values(base, overlay)),
        Rule::ExtraHosts => Ok(special::merge_extra_hosts(base, overlay)),
        Rule::DependsOn => {
            let base = special::list_to_mapping(base, true);
            let overlay = special::list_to_mapping(overlay, true);
            merge_mapping_rule(base, overlay, path)
        }
        Rule::ToMapping => {
            let base = special::list_to_mapping(base, false);
            let overlay = special::list_to_mapping(overlay, false);
            merge_mapping_rule(base, overlay, path)
        }
        Rule::Build => {
            let base = special::build_to_mapping(base);
            let overlay = special::build_to_mapping(overlay);
            merge_mapping_rule(base, overlay, path)
        }
        Rule::Logging => special::merge_logging(base, overlay, path),
        Rule::IpamConfig => special::merge_ipam_config(base, overlay, path),
    }
}

/// The mapping merge for rules that first bring both sides to a mapping: a missing side
/// leaves the other as it is.
fn merge_mapping_rule(base: Node, overlay: Node, path: &mut Vec<String>) -> Result<Node, LoadError> {
    if base.is_null() {
        return Ok(overlay);
    }
    merge_generic(base, overlay, path)
}

pub(super) fn cannot_override(path: &[String], base_kind: &str, overlay: &Node) -> LoadError {
    let at = path.join(".");
    LoadError::at(
        ErrorKind::WrongType,
        &overlay.span,
        format!("`{at}` is {base_kind} in an earlier file, so it cannot be merged with {}", overlay.kind()),
    )
    .with_fix(format!("write {base_kind} here, or tag the value `!override` to replace the earlier one"))
}

//! The environment compose gives each service (compose-go's
//! `Project.WithServicesEnvironmentResolved`): `env_file` contents under the service's own
//! `environment`, which wins. `env_file` is consumed here, as `docker compose config` shows.

use std::collections::BTreeMap;
use std::path::Path;

use crate::compose::Environment;
use crate::compose::dotenv;
use crate::compose::files::read_text;
use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::node::{Key, Map, Node, Value};

/// Reads every service's `env_file` entries (paths already absolute) and merges them under its
/// `environment`. A missing `required` file is an error; a missing optional one is skipped.
pub fn resolve_environment(root: &mut Node, env: &Environment, allowed: Option<&Path>) -> Result<(), LoadError> {
    resolve_with(root, env, allowed, &dotenv::parse)
}

/// How an env file's text becomes entries: [`dotenv::parse`], or a stand-in in tests.
pub(super) type ParseFn<'a> =
    &'a dyn Fn(&str, &str, &dyn Fn(&str) -> Option<String>) -> Result<Vec<(String, Option<String>)>, LoadError>;

pub(super) fn resolve_with(root: &mut Node, env: &Environment, allowed: Option<&Path>, parse: ParseFn<'_>) -> Result<(), LoadError> {
    let Some(services) = root.as_map_mut().and_then(|m| m.get_mut("services")).and_then(Node::as_map_mut) else {
        return Ok(());
    };
    for (name, svc) in services.iter_mut() {
        let Some(svc) = svc.as_map_mut() else { continue };
        let Some((_, env_files)) = svc.remove_entry("env_file") else { continue };
        resolve_service(&name.name, svc, env_files, env, allowed, parse)?;
    }
    Ok(())
}

fn resolve_service(
    service: &str,
    svc: &mut Map,
    env_files: Node,
    env: &Environment,
    allowed: Option<&Path>,
    parse: ParseFn<'_>,
) -> Result<(), LoadError> {
    let own: Map = svc.get("environment").and_then(Node::as_map).cloned().unwrap_or_default();
    let own_value = |k: &str| own.get(k).and_then(Node::as_str).map(str::to_string);
    // Values read so far, with where each came from.
    let mut merged: BTreeMap<String, (String, Node)> = BTreeMap::new();
    for (k, v) in own.iter() {
        if let Some(s) = v.as_str() {
            merged.insert(k.name.clone(), (s.to_string(), v.clone()));
        }
    }
    let mut order: Vec<String> = Vec::new();
    let mut in_order = std::collections::HashSet::new();
    for entry in env_files.as_seq().unwrap_or_default() {
        let Some(path_node) = entry.get_path(&["path"]) else { continue };
        let Some(path) = path_node.as_str() else { continue };
        let required = !matches!(entry.get_path(&["required"]).map(|r| &r.value), Some(Value::Bool(false)));
        if !Path::new(path).exists() {
            if !required {
                continue;
            }
            return Err(LoadError::at(ErrorKind::Io, &path_node.span, format!("env file {path} of service `{service}` not found"))
                .with_fix("create the file, fix the path, or mark it optional with `required: false`"));
        }
        let text = read_text(Path::new(path), allowed).map_err(|e| e.or_at(&path_node.span))?;
        let lookup = |k: &str| env.get(k).cloned().or_else(|| own_value(k)).or_else(|| merged.get(k).map(|(v, _)| v.clone()));
        let pairs = match entry.get_path(&["format"]).and_then(Node::as_str).unwrap_or_default() {
            "" | ".env" => parse(&text, path, &lookup)?,
            "raw" => dotenv::parse_raw(&text, path)?,
            other => {
                let span = entry.get_path(&["format"]).map_or(&path_node.span, |f| &f.span);
                return Err(LoadError::invalid(span, format!("unsupported env_file format {other:?}"))
                    .with_fix("write `format: raw` for `docker run --env-file` syntax, or leave it out for .env syntax"));
            }
        };
        for (key, value) in pairs {
            // A bare `KEY` line takes the project environment, then the service's own value.
            let value = match value {
                Some(v) => v,
                None => match env.get(&key).cloned().or_else(|| own_value(&key)) {
                    Some(v) => v,
                    None => continue,
                },
            };
            if in_order.insert(key.clone()) {
                order.push(key.clone());
            }
            merged.insert(key, (value.clone(), Node::str(value, path_node.span.clone())));
        }
    }
    // The service's own entries win, nulls included (a bare `FOO` unset stays null).
    let mut result = Map::new();
    for key in order {
        if own.contains_key(&key) {
            continue;
        }
        if let Some((_, node)) = merged.remove(&key) {
            result.insert(Key { name: key, span: node.span.clone() }, node);
        }
    }
    for (k, v) in own.iter() {
        result.insert(k.clone(), v.clone());
    }
    if result.is_empty() && !svc.contains_key("environment") {
        return Ok(());
    }
    let span = svc.get("environment").map(|e| e.span.clone()).unwrap_or_else(|| env_files.span.clone());
    let tag = svc.get("environment").and_then(|e| e.tag);
    svc.set("environment", Node { value: Value::Map(result), span, tag });
    Ok(())
}

//! The labels compose gives each service (compose-go's `Project.WithServicesLabelsResolved`):
//! every `label_file` read in order, a later file overriding an earlier one, then the service's
//! own `labels`, which win. `label_file` is consumed here, as `docker compose config` shows.

use std::path::Path;

use crate::compose::dotenv;
use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::files::read_text;
use crate::compose::node::{Key, Map, Node, Value};

/// Reads every service's `label_file` entries (paths already absolute) into its `labels`.
/// A missing file is an error: unlike `env_file`, compose has no optional label file.
pub fn resolve_labels(root: &mut Node, allowed: Option<&Path>) -> Result<(), LoadError> {
    let Some(services) = root.as_map_mut().and_then(|m| m.get_mut("services")).and_then(Node::as_map_mut) else {
        return Ok(());
    };
    for (name, svc) in services.iter_mut() {
        let Some(svc) = svc.as_map_mut() else { continue };
        let Some((_, files)) = svc.remove_entry("label_file") else { continue };
        resolve_service(&name.name, svc, &files, allowed)?;
    }
    Ok(())
}

fn resolve_service(service: &str, svc: &mut Map, files: &Node, allowed: Option<&Path>) -> Result<(), LoadError> {
    let mut labels = Map::new();
    for file in files.as_seq().unwrap_or_default() {
        let Some(path) = file.as_str() else { continue };
        if !Path::new(path).exists() {
            return Err(LoadError::at(ErrorKind::Io, &file.span, format!("label file {path} of service `{service}` not found"))
                .with_fix("create the file or fix the path"));
        }
        let text = read_text(Path::new(path), allowed).map_err(|e| e.or_at(&file.span))?;
        // `${VAR}` in a label file sees only the labels of the files before it (then the
        // file's own earlier lines), never the project's environment: compose's lookup.
        let earlier = labels.clone();
        let lookup = |k: &str| earlier.get(k).and_then(Node::as_str).map(str::to_string);
        for (key, value) in dotenv::parse(&text, path, &lookup)? {
            // A bare `KEY` nobody sets is left out, as compose leaves it.
            let Some(value) = value else { continue };
            labels.insert(Key { name: key, span: file.span.clone() }, Node::str(value, file.span.clone()));
        }
    }
    if labels.is_empty() {
        return Ok(());
    }
    let own = svc.get("labels");
    for (k, v) in own.and_then(Node::as_map).into_iter().flat_map(Map::iter) {
        labels.insert(k.clone(), v.clone());
    }
    let span = own.map_or_else(|| files.span.clone(), |l| l.span.clone());
    let tag = own.and_then(|l| l.tag);
    svc.set("labels", Node { value: Value::Map(labels), span, tag });
    Ok(())
}

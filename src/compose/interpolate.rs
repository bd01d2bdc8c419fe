//! Interpolation of `${VAR}` in every string value of a file's tree (never in keys), including
//! top-level `x-*` extensions, followed by the type casts compose applies to a few fields.
//!
//! compose interpolates the raw YAML before anything else looks at it, so values such as
//! `replicas: "${N:-2}"` or `read_only: "yes"` arrive here as strings; the fields in
//! [`cast::TYPED_FIELDS`] are then turned into integers, numbers or booleans. Every string at
//! those fields is cast, whether or not it held a variable, as compose does.

mod cast;

use std::collections::HashSet;
use std::fmt;

use super::Environment;
use super::error::{ErrorKind, LoadError, Warning};
use super::node::{Node, Span, Value};
use super::template::{self, TemplateError};

/// One step of the path to a value: a mapping key or a list index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A field path as users read it: `services.web.ports[0].target`.
struct FieldPath<'a>(&'a [Step]);

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => write!(f, "{k}")?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// Substitutes variables in place, then casts the typed fields compose casts (ports, retries,
/// booleans) from strings to their types. Unset variables without default become empty and
/// add a warning (once per variable, also across calls sharing `warnings`).
pub fn interpolate(root: &mut Node, env: &Environment, warnings: &mut Vec<Warning>) -> Result<(), LoadError> {
    let lookup = |name: &str| env.get(name).cloned();
    walk(root, &mut Vec::new(), true, &lookup, &mut Warned { list: warnings, names: None })
}

/// The warning for a variable used unset, which then became empty.
pub(crate) fn unset_warning(name: &str, span: Span) -> Warning {
    Warning { span: Some(span), message: format!("The {name:?} variable is not set. {UNSET_TAIL}") }
}

const UNSET_TAIL: &str = "Defaulting to a blank string.";

/// The variable an [`unset_warning`] is about.
pub(crate) fn unset_variable(w: &Warning) -> Option<&str> {
    w.message.strip_prefix("The \"")?.strip_suffix(UNSET_TAIL)?.strip_suffix("\" variable is not set. ")
}

/// The warnings so far and the unset variables among them, gathered when the first unset
/// variable is met, so that each later one is looked up without a scan.
struct Warned<'a> {
    list: &'a mut Vec<Warning>,
    names: Option<HashSet<String>>,
}

impl Warned<'_> {
    /// Whether `name` is warned about for the first time.
    fn first(&mut self, name: &str) -> bool {
        let list = &self.list;
        let names = self.names.get_or_insert_with(|| list.iter().filter_map(unset_variable).map(str::to_owned).collect());
        names.insert(name.to_owned())
    }
}

/// `typed` is false where no value can be cast, which spares checking every string of a
/// large mapping (labels, environment) against every typed field.
fn walk(
    node: &mut Node,
    path: &mut Vec<Step>,
    typed: bool,
    lookup: &dyn Fn(&str) -> Option<String>,
    warnings: &mut Warned<'_>,
) -> Result<(), LoadError> {
    let Node { value, span, .. } = node;
    match value {
        Value::Str(text) => {
            let done = template::substitute(text, lookup).map_err(|e| template_error(e, path, span))?;
            for name in done.unset {
                if warnings.first(&name) {
                    warnings.list.push(unset_warning(&name, span.clone()));
                }
            }
            *value = match typed.then(|| cast::for_path(path)).flatten() {
                Some(kind) => cast_value(kind, done.value, path, span, warnings.list)?,
                None => Value::Str(done.value),
            };
        }
        Value::Map(map) => {
            let below = typed && cast::may_cast_below(path);
            for (key, child) in map.iter_mut() {
                path.push(Step::Key(key.name.clone()));
                walk(child, path, below, lookup, warnings)?;
                path.pop();
            }
        }
        Value::Seq(items) => {
            let below = typed && cast::may_cast_below(path);
            for (i, child) in items.iter_mut().enumerate() {
                path.push(Step::Index(i));
                walk(child, path, below, lookup, warnings)?;
                path.pop();
            }
        }
        Value::Null | Value::Bool(_) | Value::Int(_) | Value::Float(_) => {}
    }
    Ok(())
}

fn template_error(e: TemplateError, path: &[Step], span: &Span) -> LoadError {
    let path = FieldPath(path);
    match e {
        TemplateError::Invalid { template } => LoadError::at(
            ErrorKind::Interpolation,
            span,
            format!("invalid interpolation format for {path}: {template:?}"),
        )
        .with_fix("write a literal $ as $$, and variables as $NAME, ${NAME} or ${NAME:-default}"),
        TemplateError::MissingRequired { variable, message } => {
            let fix = format!("set {variable} in the environment or in the project's .env file");
            let e = TemplateError::MissingRequired { variable, message };
            LoadError::at(ErrorKind::Interpolation, span, format!("error while interpolating {path}: {e}"))
                .with_fix(fix)
        }
    }
}

fn cast_value(
    kind: cast::Cast,
    text: String,
    path: &[Step],
    span: &Span,
    warnings: &mut Vec<Warning>,
) -> Result<Value, LoadError> {
    match cast::apply(kind, &text) {
        Ok((value, warning)) => {
            if let Some(message) = warning {
                warnings.push(Warning { span: Some(span.clone()), message });
            }
            Ok(value)
        }
        Err(failure) => Err(LoadError::at(
            ErrorKind::InvalidValue,
            span,
            format!(
                "error while interpolating {}: failed to cast to expected type: {}",
                FieldPath(path),
                failure.problem
            ),
        )
        .with_fix(failure.fix)),
    }
}

#[cfg(test)]
mod tests;

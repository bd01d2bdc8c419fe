//! The fields compose casts from strings after interpolation (compose-go v2.9.1,
//! `loader/interpolate.go`), and the casts themselves.

use super::Step;
use crate::compose::node::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Cast {
    /// A 64-bit integer (Go's `Atoi` / `ParseInt`): optional sign and decimal digits.
    Int,
    /// A 64-bit float.
    Float,
    /// A 32-bit float (`cpus`), kept at the precision compose keeps it.
    Float32,
    /// `true`/`false`, and YAML 1.1's `y`/`yes`/`on`/`n`/`no`/`off` with a warning; any case.
    Bool,
}

/// Field patterns: `*` matches any key or index, `[]` any list index.
pub(super) const TYPED_FIELDS: &[(&str, Cast)] = &[
    ("services.*.cpu_count", Cast::Int),
    ("services.*.cpu_percent", Cast::Float),
    ("services.*.cpu_period", Cast::Int),
    ("services.*.cpu_quota", Cast::Int),
    ("services.*.cpu_rt_period", Cast::Int),
    ("services.*.cpu_rt_runtime", Cast::Int),
    ("services.*.cpus", Cast::Float32),
    ("services.*.cpu_shares", Cast::Int),
    ("services.*.init", Cast::Bool),
    ("services.*.deploy.replicas", Cast::Int),
    ("services.*.deploy.update_config.parallelism", Cast::Int),
    ("services.*.deploy.update_config.max_failure_ratio", Cast::Float),
    ("services.*.deploy.rollback_config.parallelism", Cast::Int),
    ("services.*.deploy.rollback_config.max_failure_ratio", Cast::Float),
    ("services.*.deploy.restart_policy.max_attempts", Cast::Int),
    ("services.*.deploy.placement.max_replicas_per_node", Cast::Int),
    ("services.*.healthcheck.retries", Cast::Int),
    ("services.*.healthcheck.disable", Cast::Bool),
    ("services.*.oom_kill_disable", Cast::Bool),
    ("services.*.oom_score_adj", Cast::Int),
    ("services.*.pids_limit", Cast::Int),
    ("services.*.ports.[].target", Cast::Int),
    ("services.*.privileged", Cast::Bool),
    ("services.*.read_only", Cast::Bool),
    ("services.*.scale", Cast::Int),
    ("services.*.stdin_open", Cast::Bool),
    ("services.*.tty", Cast::Bool),
    ("services.*.ulimits.*", Cast::Int),
    ("services.*.ulimits.*.hard", Cast::Int),
    ("services.*.ulimits.*.soft", Cast::Int),
    ("services.*.volumes.[].read_only", Cast::Bool),
    ("services.*.volumes.[].volume.nocopy", Cast::Bool),
    ("networks.*.external", Cast::Bool),
    ("networks.*.internal", Cast::Bool),
    ("networks.*.attachable", Cast::Bool),
    ("networks.*.enable_ipv4", Cast::Bool),
    ("networks.*.enable_ipv6", Cast::Bool),
    ("volumes.*.external", Cast::Bool),
    ("secrets.*.external", Cast::Bool),
    ("configs.*.external", Cast::Bool),
];

/// Whether some value at or below `path` may be cast (so its strings are worth checking).
pub(super) fn may_cast_below(path: &[Step]) -> bool {
    TYPED_FIELDS.iter().any(|(pattern, _)| {
        let mut parts = pattern.split('.');
        path.iter().all(|step| parts.next().is_some_and(|part| fits(part, step)))
    })
}

/// The cast for the value at `path`, if compose casts it.
pub(super) fn for_path(path: &[Step]) -> Option<Cast> {
    TYPED_FIELDS.iter().find(|(pattern, _)| matches(pattern, path)).map(|(_, cast)| *cast)
}

fn fits(part: &str, step: &Step) -> bool {
    match (part, step) {
        ("*", _) => true,
        ("[]", Step::Index(_)) => true,
        (part, Step::Key(key)) => part == key,
        (_, Step::Index(_)) => false,
    }
}

fn matches(pattern: &str, path: &[Step]) -> bool {
    // Every string value is checked against every pattern: the last step rules out nearly
    // all of them at once.
    match (pattern.rsplit('.').next(), path.last()) {
        (Some(part), Some(step)) if fits(part, step) => {}
        _ => return false,
    }
    let mut parts = pattern.split('.');
    path.iter().all(|step| parts.next().is_some_and(|part| fits(part, step))) && parts.next().is_none()
}

/// Why a cast failed, for the error message.
pub(super) struct Failure {
    pub problem: String,
    pub fix: &'static str,
}

/// Casts `text`; on success also returns a warning for YAML 1.1 boolean words.
pub(super) fn apply(cast: Cast, text: &str) -> Result<(Value, Option<String>), Failure> {
    match cast {
        Cast::Int => text.parse::<i64>().map(|i| (Value::Int(i), None)).map_err(|e| {
            let problem = match e.kind() {
                std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow => {
                    format!("{text:?} is out of range for an integer")
                }
                _ => format!("{text:?} is not an integer"),
            };
            Failure { problem, fix: "write a whole number, such as 3" }
        }),
        Cast::Float => float(text, false).map(|f| (Value::Float(f), None)),
        Cast::Float32 => float(text, true).map(|f| (Value::Float(f), None)),
        Cast::Bool => boolean(text),
    }
}

fn float(text: &str, single: bool) -> Result<f64, Failure> {
    let parsed = if single {
        // Through the shortest decimal form, so "0.1" stays 0.1 rather than 0.10000000149.
        text.parse::<f32>().ok().and_then(|f| f.to_string().parse::<f64>().ok())
    } else {
        text.parse::<f64>().ok()
    };
    let fix = "write a number, such as 0.5";
    match parsed {
        None => Err(Failure { problem: format!("{text:?} is not a number"), fix }),
        // Go rejects a literal too large for the type; Rust would round it to infinity.
        Some(f) if f.is_infinite() && !text.to_ascii_lowercase().contains("inf") => {
            Err(Failure { problem: format!("{text:?} is out of range for a number"), fix })
        }
        Some(f) => Ok(f),
    }
}

fn boolean(text: &str) -> Result<(Value, Option<String>), Failure> {
    let yaml11 =
        |b: bool| Some(format!("{text:?} for boolean is not supported by YAML 1.2, please use `{b}`"));
    match text.to_lowercase().as_str() {
        "true" => Ok((Value::Bool(true), None)),
        "false" => Ok((Value::Bool(false), None)),
        "y" | "yes" | "on" => Ok((Value::Bool(true), yaml11(true))),
        "n" | "no" | "off" => Ok((Value::Bool(false), yaml11(false))),
        _ => Err(Failure { problem: format!("invalid boolean: {text}"), fix: "write true or false" }),
    }
}

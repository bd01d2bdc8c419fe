//! The first of the two steps: `lab.toml` read into raw structs that keep where every value
//! was written. Each table is read on its own, so one bad check does not hide the problems of
//! the next; keys no table knows are reported one by one (the serde structs also refuse them).

use std::ops::Range;

use serde::de::{DeserializeOwned, IntoDeserializer};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::lab::Text;

use super::problem::Problems;

pub(super) type Span = Range<usize>;

/// `{ es = "…", en = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    pub es: Option<Spanned<String>>,
    pub en: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub(super) enum RawCompose {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRequirements {
    pub memory: Option<Spanned<String>>,
    pub cpus: Option<Spanned<f64>>,
    pub disk: Option<Spanned<String>>,
    pub engine: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLink {
    pub service: Option<Spanned<String>>,
    pub port: Option<Spanned<i64>>,
    pub path: Option<Spanned<String>>,
    pub label: Option<Spanned<RawText>>,
}

/// `{ user = "…", password = "…" }`, or `{ credential = "…" }` for one of the lab's own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBasicAuth {
    pub user: Option<String>,
    pub password: Option<String>,
    pub credential: Option<Spanned<String>>,
}

/// A `[[credential]]`: a login the lab's services take, its secret generated per installation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCredential {
    pub id: Option<Spanned<String>>,
    pub service: Option<Spanned<String>>,
    pub label: Option<Spanned<RawText>>,
    pub user: Option<Spanned<String>>,
    pub env: Option<Spanned<String>>,
    pub user_env: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawJsonExpect {
    pub pointer: Option<Spanned<String>>,
    pub equals: Option<Spanned<toml::Value>>,
    pub exists: Option<Spanned<bool>>,
    pub min_len: Option<Spanned<i64>>,
    pub matches: Option<Spanned<String>>,
}

/// Every field any kind of check has; which belong to which kind is checked afterwards, so
/// the message can say "not a field of a `tcp` check" rather than "unknown".
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCheck {
    pub kind: Option<Spanned<String>>,
    pub timeout: Option<Spanned<String>>,
    pub message: Option<Spanned<RawText>>,
    pub service: Option<Spanned<String>>,
    pub port: Option<Spanned<i64>>,
    pub method: Option<Spanned<String>>,
    pub path: Option<Spanned<String>>,
    pub headers: Option<Spanned<indexmap::IndexMap<String, String>>>,
    pub body: Option<Spanned<String>>,
    pub basic_auth: Option<Spanned<RawBasicAuth>>,
    pub expect_status: Option<Spanned<i64>>,
    pub expect_json: Option<Spanned<RawJsonExpect>>,
    pub expect_body: Option<Spanned<String>>,
    pub command: Option<Spanned<Vec<String>>>,
    pub user: Option<Spanned<String>>,
    pub expect_exit: Option<Spanned<i64>>,
    pub expect_stdout: Option<Spanned<String>>,
    pub state: Option<Spanned<String>>,
    pub exit_code: Option<Spanned<i64>>,
    pub max_memory: Option<Spanned<String>>,
    pub max_cpus: Option<Spanned<f64>>,
    pub contains: Option<Spanned<String>>,
}

/// Every key of [`RawCheck`], as lab files write them.
pub(super) const CHECK_KEYS: [&str; 22] = [
    "kind", "timeout", "message", "service", "port", "method", "path", "headers", "body", "basic_auth", "expect_status",
    "expect_json", "expect_body", "command", "user", "expect_exit", "expect_stdout", "state", "exit_code", "max_memory",
    "max_cpus", "contains",
];

impl RawCheck {
    /// The fields given, with where each was written.
    pub fn given(&self) -> Vec<(&'static str, Span)> {
        fn at<T>(name: &'static str, v: &Option<Spanned<T>>) -> Option<(&'static str, Span)> {
            v.as_ref().map(|s| (name, s.span()))
        }
        [
            at("timeout", &self.timeout),
            at("message", &self.message),
            at("service", &self.service),
            at("port", &self.port),
            at("method", &self.method),
            at("path", &self.path),
            at("headers", &self.headers),
            at("body", &self.body),
            at("basic_auth", &self.basic_auth),
            at("expect_status", &self.expect_status),
            at("expect_json", &self.expect_json),
            at("expect_body", &self.expect_body),
            at("command", &self.command),
            at("user", &self.user),
            at("expect_exit", &self.expect_exit),
            at("expect_stdout", &self.expect_stdout),
            at("state", &self.state),
            at("exit_code", &self.exit_code),
            at("max_memory", &self.max_memory),
            at("max_cpus", &self.max_cpus),
            at("contains", &self.contains),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

pub(super) struct RawExercise {
    /// The `[[exercise]]` table, for problems about what it lacks.
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<RawText>>,
    pub hint: Option<Spanned<RawText>>,
    /// `None` for a check that did not even read (already reported).
    pub checks: Vec<Option<Spanned<RawCheck>>>,
}

/// A whole `lab.toml`, as written.
#[derive(Default)]
pub(super) struct RawLab {
    pub format: Option<Spanned<i64>>,
    pub id: Option<Spanned<String>>,
    pub level: Option<Spanned<i64>>,
    pub compose: Option<Spanned<RawCompose>>,
    pub title: Option<Spanned<RawText>>,
    pub summary: Option<Spanned<RawText>>,
    pub requirements: Option<Spanned<RawRequirements>>,
    pub links: Vec<Spanned<RawLink>>,
    pub credentials: Vec<Spanned<RawCredential>>,
    pub exercises: Vec<RawExercise>,
}

const LAB_KEYS: [&str; 10] = ["format", "id", "level", "compose", "title", "summary", "requirements", "link", "credential", "exercise"];
const CREDENTIAL_KEYS: [&str; 6] = ["id", "service", "label", "user", "env", "user_env"];
const EXERCISE_KEYS: [&str; 4] = ["id", "title", "hint", "check"];
const LINK_KEYS: [&str; 4] = ["service", "port", "path", "label"];
const REQUIREMENT_KEYS: [&str; 4] = ["memory", "cpus", "disk", "engine"];
const TEXT_KEYS: [&str; 2] = ["es", "en"];

/// Reads `text`; `None` when it is not TOML at all (the syntax errors are reported). The
/// `format` key alone is read first, so that a file for a newer Nivel is not judged by this
/// one's rules.
pub(super) fn read(text: &str, out: &mut Problems<'_>) -> Option<RawLab> {
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        let mut lines = std::collections::BTreeSet::new();
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            // The parser's recovery often finds a second error right after the first.
            if !lines.insert(super::problem::line_col(text, span.start).0) {
                continue;
            }
            let detail = e.message();
            out.error(
                span,
                Text::new(format!("no es TOML válido: {detail}"), format!("not valid TOML: {detail}")),
                Text::new("corrija la sintaxis en este lugar (el formato se describe en https://toml.io)", "correct the syntax at this place (the format is described at https://toml.io)"),
            );
        }
        return None;
    }
    let doc = doc.into_inner();
    let mut lab = RawLab::default();
    if let Some(v) = get(&doc, "format") {
        lab.format = decode(v, "format", out);
        if lab.format.as_ref().is_some_and(|f| *f.get_ref() > i64::from(super::FORMAT)) {
            return Some(lab);
        }
    }
    unknown_keys(&doc, &LAB_KEYS, &Text::new("un archivo de laboratorio", "a lab file"), out);
    lab.id = get(&doc, "id").and_then(|v| decode(v, "id", out));
    lab.level = get(&doc, "level").and_then(|v| decode(v, "level", out));
    lab.compose = get(&doc, "compose").and_then(|v| decode(v, "compose", out));
    lab.title = get(&doc, "title").and_then(|v| text_table(v, "title", out));
    lab.summary = get(&doc, "summary").and_then(|v| text_table(v, "summary", out));
    lab.requirements = get(&doc, "requirements").and_then(|v| table(v, &REQUIREMENT_KEYS, &Text::same("[requirements]"), out));
    for link in array_of_tables(&doc, "link", out) {
        lab.links.extend(table(link, &LINK_KEYS, &Text::new("una tabla [[link]]", "a [[link]]"), out));
    }
    for credential in array_of_tables(&doc, "credential", out) {
        lab.credentials.extend(table(
            credential,
            &CREDENTIAL_KEYS,
            &Text::new("una tabla [[credential]]", "a [[credential]]"),
            out,
        ));
    }
    for exercise in array_of_tables(&doc, "exercise", out) {
        lab.exercises.extend(read_exercise(exercise, out));
    }
    Some(lab)
}

fn read_exercise(value: &Spanned<DeValue<'_>>, out: &mut Problems<'_>) -> Option<RawExercise> {
    let DeValue::Table(t) = value.get_ref() else { return None };
    unknown_keys(t, &EXERCISE_KEYS, &Text::new("una tabla [[exercise]]", "an [[exercise]]"), out);
    let check = Text::new("una tabla [[exercise.check]]", "an [[exercise.check]]");
    let checks = array_of_tables(t, "check", out).into_iter().map(|c| table(c, &CHECK_KEYS, &check, out)).collect();
    Some(RawExercise {
        span: value.span(),
        id: get(t, "id").and_then(|v| decode(v, "id", out)),
        title: get(t, "title").and_then(|v| text_table(v, "title", out)),
        hint: get(t, "hint").and_then(|v| text_table(v, "hint", out)),
        checks,
    })
}

fn get<'a, 'i>(table: &'a DeTable<'i>, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == key).map(|(_, v)| v)
}

/// Reports every key of `table` not in `allowed`, at the key; `what` names the table.
fn unknown_keys(table: &DeTable<'_>, allowed: &[&str], what: &Text, out: &mut Problems<'_>) {
    for (key, _) in table.iter() {
        let name: &str = key.get_ref().as_ref();
        if !allowed.contains(&name) {
            let (message, fix) = unknown_key(name, what, allowed);
            out.error(key.span(), message, fix);
        }
    }
}

fn unknown_key(name: &str, what: &Text, allowed: &[&str]) -> (Text, Text) {
    const ELSEWHERE: [&str; 8] = ["host", "hostname", "url", "uri", "address", "addr", "ip", "endpoint"];
    if allowed == CHECK_KEYS && ELSEWHERE.contains(&name.to_ascii_lowercase().as_str()) {
        return (
            Text::new(
                format!("`{name}`: una comprobación no puede nombrar una dirección; solo llega a los servicios de este laboratorio"),
                format!("`{name}`: a check cannot name an address; it reaches only this lab's own services"),
            ),
            Text::new(
                format!("quite `{name}`; nombre el servicio compose con `service` (y su puerto de contenedor con `port`): Nivel se conecta al puerto que ese servicio publica en 127.0.0.1"),
                format!("remove `{name}`; name the compose service with `service` (and its container port with `port`): Nivel connects to the port that service publishes on 127.0.0.1"),
            ),
        );
    }
    let keys = allowed.join(", ");
    (
        Text::new(format!("`{name}` no es una clave de {}", what.es), format!("`{name}` is not a key of {}", what.en)),
        Text::new(format!("use una de: {keys}"), format!("use one of: {keys}")),
    )
}

/// `value` as a table of `T`: unknown keys reported at the key, the rest read by serde.
fn table<T: DeserializeOwned>(value: &Spanned<DeValue<'_>>, allowed: &[&str], what: &Text, out: &mut Problems<'_>) -> Option<Spanned<T>> {
    let DeValue::Table(t) = value.get_ref() else {
        let (found, keys) = (value.get_ref().type_str(), allowed.join(", "));
        out.error(
            value.span(),
            Text::new(format!("{} debe ser una tabla, no {found}", what.es), format!("{} must be a table, not {found}", what.en)),
            Text::new(format!("escríbalo como una tabla con las claves {keys}"), format!("write it as a table with the keys {keys}")),
        );
        return None;
    };
    unknown_keys(t, allowed, what, out);
    let mut known = DeTable::new();
    for (k, v) in t.iter().filter(|(k, _)| allowed.contains(&k.get_ref().as_ref())) {
        known.insert(k.clone(), v.clone());
    }
    // Serde's own messages name the table as the file writes it, without an article.
    let written = what.en.trim_start_matches("a ").trim_start_matches("an ");
    decode(&Spanned::new(value.span(), DeValue::Table(known)), written, out)
}

fn text_table(value: &Spanned<DeValue<'_>>, key: &str, out: &mut Problems<'_>) -> Option<Spanned<RawText>> {
    table(value, &TEXT_KEYS, &Text::same(format!("`{key}`")), out)
}

/// The tables of `[[key]]`; an absent key is none.
fn array_of_tables<'a, 'i>(table: &'a DeTable<'i>, key: &str, out: &mut Problems<'_>) -> Vec<&'a Spanned<DeValue<'i>>> {
    let Some(value) = get(table, key) else { return Vec::new() };
    let fix = Text::new(format!("escriba cada una bajo su propio encabezado `[[{key}]]`"), format!("write each one under its own `[[{key}]]` header"));
    let DeValue::Array(items) = value.get_ref() else {
        let found = value.get_ref().type_str();
        out.error(value.span(), Text::new(format!("`{key}` debe ser una lista de tablas, no {found}"), format!("`{key}` must be a list of tables, not {found}")), fix);
        return Vec::new();
    };
    let mut tables = Vec::new();
    for item in items.iter() {
        if item.get_ref().is_table() {
            tables.push(item);
        } else {
            let found = item.get_ref().type_str();
            out.error(item.span(), Text::new(format!("cada `{key}` debe ser una tabla, no {found}"), format!("each `{key}` must be a table, not {found}")), fix.clone());
        }
    }
    tables
}

/// `value` read as `T` by serde, or the reason it could not be, at the place it names;
/// `what` is the key or table as the file writes it. The reason is in the TOML reader's own
/// words, which are English.
fn decode<T: DeserializeOwned>(value: &Spanned<DeValue<'_>>, what: &str, out: &mut Problems<'_>) -> Option<T> {
    match T::deserialize(value.clone().into_deserializer()) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or_else(|| value.span());
            let reason = e.message();
            out.error(
                span,
                Text::new(format!("{what}: valor no válido ({reason})"), format!("{what}: {reason}")),
                Text::new("escriba el valor como lo muestra docs/labs.md", "write the value as docs/labs.md shows it"),
            );
            None
        }
    }
}

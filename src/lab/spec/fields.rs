//! Rules shared by the lab's own fields and its checks: texts in both languages, ids, regexes,
//! ports, and what the compose project offers them.

use std::collections::BTreeMap;

use regex::Regex;
use toml::Spanned;

use crate::compose::model::Project;
use crate::lab::Text;

use super::problem::Problems;
use super::raw::{RawText, Span};

/// What a lab file may refer to in its compose project: each service and the container ports
/// it publishes over TCP where 127.0.0.1 reaches them.
#[derive(Clone, Debug, Default)]
pub(super) struct ProjectFacts {
    pub services: BTreeMap<String, Vec<u16>>,
}

impl ProjectFacts {
    pub fn of(project: &Project) -> ProjectFacts {
        let services = project
            .services
            .iter()
            .map(|(name, svc)| {
                let ports = svc
                    .ports
                    .iter()
                    .filter(|p| p.protocol.is_empty() || p.protocol == "tcp")
                    .filter(|p| matches!(p.host_ip.as_str(), "" | "0.0.0.0" | "127.0.0.1"))
                    .filter_map(|p| u16::try_from(p.target).ok())
                    .collect();
                (name.clone(), ports)
            })
            .collect();
        ProjectFacts { services }
    }

    /// Reports `service` when the project has no such service; `true` when it has.
    pub fn has_service(&self, service: &Spanned<String>, out: &mut Problems<'_>) -> bool {
        if self.services.contains_key(service.get_ref()) {
            return true;
        }
        let names = self.services.keys().map(String::as_str).collect::<Vec<_>>().join(", ");
        let name = service.get_ref();
        out.error(
            service.span(),
            Text::new(format!("el servicio `{name}` no está en el proyecto compose del laboratorio"), format!("service `{name}` is not in the lab's compose project")),
            Text::new(format!("use uno de sus servicios: {names}"), format!("use one of its services: {names}")),
        );
        false
    }

    pub fn publishes(&self, service: &str, port: u16) -> bool {
        self.services.get(service).is_some_and(|ports| ports.contains(&port))
    }

    /// The container ports `service` publishes, listed for a fix.
    pub fn published(&self, service: &str) -> Text {
        let ports: Vec<String> = self.services.get(service).map(|p| p.iter().map(u16::to_string).collect()).unwrap_or_default();
        if ports.is_empty() { Text::new("ninguno", "none") } else { Text::same(ports.join(", ")) }
    }
}

/// A text with both languages given and non-empty.
pub(super) fn text(raw: &Spanned<RawText>, what: &str, out: &mut Problems<'_>) -> Option<Text> {
    let t = raw.get_ref();
    let mut ok = true;
    for (lang, language, value) in [("es", Text::new("español", "Spanish"), &t.es), ("en", Text::new("inglés", "English"), &t.en)] {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => {}
            Some(v) => {
                out.error(
                    v.span(),
                    Text::new(format!("{what}.{lang} está vacío"), format!("{what}.{lang} is empty")),
                    Text::new(format!("escriba `{what}` en {}", language.es), format!("write the {what} in {}", language.en)),
                );
                ok = false;
            }
            None => {
                out.error(
                    raw.span(),
                    Text::new(format!("{what} no tiene texto `{lang}`"), format!("{what} has no `{lang}` text")),
                    Text::new(
                        format!("añada `{lang} = \"…\"`: los estudiantes leen los laboratorios en español y en inglés"),
                        format!("add `{lang} = \"…\"`: students read labs in Spanish and English"),
                    ),
                );
                ok = false;
            }
        }
    }
    match (&t.es, &t.en) {
        (Some(es), Some(en)) if ok => Some(Text::new(es.get_ref().trim(), en.get_ref().trim())),
        _ => None,
    }
}

/// A required text: reported at `whole` when missing.
pub(super) fn required_text(raw: Option<&Spanned<RawText>>, whole: Span, what: &str, out: &mut Problems<'_>) -> Option<Text> {
    match raw {
        Some(raw) => text(raw, what, out),
        None => {
            let add = format!("`{what} = {{ es = \"…\", en = \"…\" }}`");
            out.error(whole, Text::new(format!("falta `{what}`"), format!("`{what}` is missing")), Text::new(format!("añada {add}"), format!("add {add}")));
            None
        }
    }
}

/// `[a-z0-9-]`, starting with a letter or digit.
pub(super) fn is_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// An id of `what` (the lab, an exercise).
pub(super) fn id(raw: Option<&Spanned<String>>, whole: Span, what: &Text, out: &mut Problems<'_>) -> Option<String> {
    let Some(raw) = raw else {
        out.error(
            whole,
            Text::new(format!("{} no tiene `id`", what.es), format!("{} has no `id`", what.en)),
            Text::new("añada `id = \"…\"` (letras minúsculas, dígitos y guiones)", "add `id = \"…\"` (lowercase letters, digits and hyphens)"),
        );
        return None;
    };
    if is_id(raw.get_ref()) {
        return Some(raw.get_ref().clone());
    }
    let suggestion: String = raw.get_ref().to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let (id, suggestion) = (raw.get_ref(), suggestion.trim_matches('-'));
    out.error(
        raw.span(),
        Text::new(
            format!("el id `{id}` solo puede tener letras minúsculas, dígitos y guiones, y debe empezar por una letra o un dígito"),
            format!("id `{id}` may hold only lowercase letters, digits and hyphens, and must start with a letter or digit"),
        ),
        Text::new(format!("escriba `{suggestion}`"), format!("use `{suggestion}`")),
    );
    None
}

pub(super) fn regex(raw: &Spanned<String>, what: &str, out: &mut Problems<'_>) -> Option<Regex> {
    match Regex::new(raw.get_ref()) {
        Ok(re) => Some(re),
        Err(e) => {
            let detail = e.to_string().lines().last().unwrap_or_default().trim().to_string();
            out.error(
                raw.span(),
                Text::new(format!("`{what}` no es una expresión regular válida: {detail}"), format!("`{what}` is not a valid regex: {detail}")),
                Text::new(
                    "escriba una expresión regular con la sintaxis de regex de Rust (https://docs.rs/regex); escape los caracteres literales como `.` o `(` con `\\`",
                    "write a regular expression in Rust's regex syntax (https://docs.rs/regex); escape literal characters like `.` or `(` with `\\`",
                ),
            );
            None
        }
    }
}

pub(super) fn port(raw: &Spanned<i64>, out: &mut Problems<'_>) -> Option<u16> {
    match u16::try_from(*raw.get_ref()) {
        Ok(p) if p > 0 => Some(p),
        _ => {
            let n = raw.get_ref();
            out.error(
                raw.span(),
                Text::new(format!("el puerto {n} no es un puerto válido"), format!("port {n} is not a port")),
                Text::new("indique el puerto del contenedor, de 1 a 65535", "give the container port, 1 to 65535"),
            );
            None
        }
    }
}

/// A path that starts with `/` and holds no spaces or control characters.
pub(super) fn path(raw: &Spanned<String>, what: &str, out: &mut Problems<'_>) -> Option<String> {
    let p = raw.get_ref();
    if !p.starts_with('/') {
        let written = format!("`/{}`", p.trim_start_matches('/'));
        out.error(
            raw.span(),
            Text::new(format!("{what} `{p}` no empieza por `/`"), format!("{what} `{p}` does not start with `/`")),
            Text::new(format!("escriba {written}"), format!("write {written}")),
        );
        return None;
    }
    if p.chars().any(|c| c.is_whitespace() || c.is_control()) {
        out.error(
            raw.span(),
            Text::new(format!("{what} `{p}` contiene un espacio o un carácter de control"), format!("{what} `{p}` holds a space or a control character")),
            Text::new("codifíquelo con porcentajes (`%20` para un espacio)", "percent-encode it (`%20` for a space)"),
        );
        return None;
    }
    Some(p.clone())
}

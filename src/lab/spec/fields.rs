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
        let names: Vec<&str> = self.services.keys().map(String::as_str).collect();
        out.error(
            service.span(),
            format!("service `{}` is not in the lab's compose project", service.get_ref()),
            format!("use one of its services: {}", names.join(", ")),
        );
        false
    }

    pub fn publishes(&self, service: &str, port: u16) -> bool {
        self.services.get(service).is_some_and(|ports| ports.contains(&port))
    }

    pub fn published(&self, service: &str) -> String {
        let ports: Vec<String> = self.services.get(service).map(|p| p.iter().map(u16::to_string).collect()).unwrap_or_default();
        if ports.is_empty() { "none".to_string() } else { ports.join(", ") }
    }
}

/// A text with both languages given and non-empty.
pub(super) fn text(raw: &Spanned<RawText>, what: &str, out: &mut Problems<'_>) -> Option<Text> {
    let t = raw.get_ref();
    let mut ok = true;
    for (lang, value) in [("es", &t.es), ("en", &t.en)] {
        match value {
            Some(v) if !v.get_ref().trim().is_empty() => {}
            Some(v) => {
                out.error(v.span(), format!("{what}.{lang} is empty"), format!("write the {what} in {}", language(lang)));
                ok = false;
            }
            None => {
                out.error(raw.span(), format!("{what} has no `{lang}` text"), format!("add `{lang} = \"…\"`: students read labs in Spanish and English"));
                ok = false;
            }
        }
    }
    match (&t.es, &t.en) {
        (Some(es), Some(en)) if ok => Some(Text::new(es.get_ref().trim(), en.get_ref().trim())),
        _ => None,
    }
}

fn language(lang: &str) -> &'static str {
    if lang == "es" { "Spanish" } else { "English" }
}

/// A required text: reported at `whole` when missing.
pub(super) fn required_text(raw: Option<&Spanned<RawText>>, whole: Span, what: &str, out: &mut Problems<'_>) -> Option<Text> {
    match raw {
        Some(raw) => text(raw, what, out),
        None => {
            out.error(whole, format!("`{what}` is missing"), format!("add `{what} = {{ es = \"…\", en = \"…\" }}`"));
            None
        }
    }
}

/// `[a-z0-9-]`, starting with a letter or digit.
pub(super) fn is_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub(super) fn id(raw: Option<&Spanned<String>>, whole: Span, what: &str, out: &mut Problems<'_>) -> Option<String> {
    let Some(raw) = raw else {
        out.error(whole, format!("{what} has no `id`"), "add `id = \"…\"` (lowercase letters, digits and hyphens)");
        return None;
    };
    if is_id(raw.get_ref()) {
        return Some(raw.get_ref().clone());
    }
    let suggestion: String = raw.get_ref().to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    out.error(
        raw.span(),
        format!("id `{}` may hold only lowercase letters, digits and hyphens, and must start with a letter or digit", raw.get_ref()),
        format!("use `{}`", suggestion.trim_matches('-')),
    );
    None
}

pub(super) fn regex(raw: &Spanned<String>, what: &str, out: &mut Problems<'_>) -> Option<Regex> {
    match Regex::new(raw.get_ref()) {
        Ok(re) => Some(re),
        Err(e) => {
            let detail = e.to_string().lines().last().unwrap_or_default().trim().to_string();
            out.error(raw.span(), format!("`{what}` is not a valid regex: {detail}"), "write a regular expression in Rust's regex syntax (https://docs.rs/regex); escape literal characters like `.` or `(` with `\\`");
            None
        }
    }
}

pub(super) fn port(raw: &Spanned<i64>, out: &mut Problems<'_>) -> Option<u16> {
    match u16::try_from(*raw.get_ref()) {
        Ok(p) if p > 0 => Some(p),
        _ => {
            out.error(raw.span(), format!("port {} is not a port", raw.get_ref()), "give the container port, 1 to 65535");
            None
        }
    }
}

/// A path that starts with `/` and holds no spaces or control characters.
pub(super) fn path(raw: &Spanned<String>, what: &str, out: &mut Problems<'_>) -> Option<String> {
    let p = raw.get_ref();
    if !p.starts_with('/') {
        out.error(raw.span(), format!("{what} `{p}` does not start with `/`"), format!("write `/{}`", p.trim_start_matches('/')));
        return None;
    }
    if p.chars().any(|c| c.is_whitespace() || c.is_control()) {
        out.error(raw.span(), format!("{what} `{p}` holds a space or a control character"), "percent-encode it (`%20` for a space)");
        return None;
    }
    Some(p.clone())
}

//! `[[credential]]` tables → [`CredentialSpec`]s, and the `${credential:ID}` references other
//! fields make to them. A credential names the variable its compose file interpolates; the
//! secret itself is never in the lab file.

use std::collections::BTreeSet;

use toml::Spanned;

use crate::compose::Environment;
use crate::lab::Text;

use super::fields::{self, ProjectFacts};
use super::model::CredentialSpec;
use super::problem::Problems;
use super::raw::{RawCredential, RawLab};

/// What a lint's compose project is interpolated with in place of a generated secret: the lab
/// is judged as shipped, without any student's secrets.
pub(super) const STAND_IN: &str = "nivel-credential-stand-in";

/// How a field refers to a credential's secret: `${credential:ID}`.
const REFERENCE: &str = "${credential:";

/// Validates every credential; ids and variables are unique across them.
pub(super) fn credentials(
    raw: &RawLab,
    facts: Option<&ProjectFacts>,
    out: &mut Problems<'_>,
) -> Vec<CredentialSpec> {
    let mut ids = BTreeSet::new();
    let mut vars = BTreeSet::new();
    let mut valid = Vec::new();
    for c in &raw.credentials {
        let what = Text::new("la credencial", "the credential");
        let id = fields::id(c.get_ref().id.as_ref(), c.span(), &what, out);
        if let (Some(id), Some(raw_id)) = (&id, &c.get_ref().id) {
            if !ids.insert(id.clone()) {
                out.error(
                    raw_id.span(),
                    Text::new(
                        format!("el id de credencial `{id}` se usa dos veces"),
                        format!("credential id `{id}` is used twice"),
                    ),
                    Text::new(
                        "dé a cada credencial su propio id: su secreto se guarda por él",
                        "give every credential its own id: its secret is stored by it",
                    ),
                );
            }
        }
        if let Some(spec) = credential(c, id, facts, &mut vars, out) {
            valid.push(spec);
        }
    }
    valid
}

fn credential(
    raw: &Spanned<RawCredential>,
    id: Option<String>,
    facts: Option<&ProjectFacts>,
    vars: &mut BTreeSet<String>,
    out: &mut Problems<'_>,
) -> Option<CredentialSpec> {
    let c = raw.get_ref();
    let service = match &c.service {
        Some(s) => facts
            .is_none_or(|f| f.has_service(s, out))
            .then(|| s.get_ref().clone()),
        None => {
            out.error(
                raw.span(),
                Text::new(
                    "la credencial no nombra ningún `service`",
                    "the credential names no `service`",
                ),
                Text::new(
                    "añada `service = \"…\"`, el servicio compose que pide este acceso",
                    "add `service = \"…\"`, the compose service that asks for this login",
                ),
            );
            None
        }
    };
    let label = fields::required_text(c.label.as_ref(), raw.span(), "label", out);
    let user = match &c.user {
        Some(u)
            if u.get_ref().is_empty()
                || u.get_ref().contains(':')
                || u.get_ref().chars().any(char::is_control) =>
        {
            out.error(
                u.span(),
                Text::new("`user` está vacío o tiene `:` o un carácter de control", "`user` is empty or holds `:` or a control character"),
                Text::new("escriba un nombre de usuario como `admin`, o quite `user` si el acceso es solo un token", "write a user name such as `admin`, or leave `user` out when the login is only a token"),
            );
            None
        }
        other => Some(other.as_ref().map(|u| u.get_ref().clone())),
    };
    let env = match &c.env {
        Some(e) => variable(e, vars, out),
        None => {
            out.error(
                raw.span(),
                Text::new("la credencial no nombra ninguna variable `env`", "the credential names no `env` variable"),
                Text::new(
                    "añada `env = \"…\"`, la variable de la que el archivo compose toma el secreto (`${MINIO_ROOT_PASSWORD:?}`)",
                    "add `env = \"…\"`, the variable the compose file takes the secret from (`${MINIO_ROOT_PASSWORD:?}`)",
                ),
            );
            None
        }
    };
    let user_env = match &c.user_env {
        Some(e) if c.user.is_none() => {
            out.error(
                e.span(),
                Text::new(
                    "`user_env` sin `user`: no hay usuario que poner en la variable",
                    "`user_env` without `user`: there is no user to put in the variable",
                ),
                Text::new(
                    "añada `user = \"…\"`, o quite `user_env`",
                    "add `user = \"…\"`, or leave `user_env` out",
                ),
            );
            None
        }
        Some(e) => variable(e, vars, out).map(Some),
        None => Some(None),
    };
    Some(CredentialSpec {
        id: id?,
        service: service?,
        label: label?,
        user: user?,
        env: env?,
        user_env: user_env?,
    })
}

/// A variable name as compose interpolates it, not taken by another credential.
fn variable(
    raw: &Spanned<String>,
    taken: &mut BTreeSet<String>,
    out: &mut Problems<'_>,
) -> Option<String> {
    let name = raw.get_ref();
    if !is_variable(name) {
        out.error(
            raw.span(),
            Text::new(
                format!("`{name}` no es un nombre de variable"),
                format!("`{name}` is not a variable name"),
            ),
            Text::new(
                "use letras, dígitos y `_`, sin empezar por un dígito (`MINIO_ROOT_PASSWORD`)",
                "use letters, digits and `_`, not starting with a digit (`MINIO_ROOT_PASSWORD`)",
            ),
        );
        return None;
    }
    if !taken.insert(name.clone()) {
        out.error(
            raw.span(),
            Text::new(
                format!("la variable `{name}` la usa ya otra credencial"),
                format!("variable `{name}` is already another credential's"),
            ),
            Text::new(
                "dé a cada credencial su propia variable",
                "give every credential its own variable",
            ),
        );
        return None;
    }
    Some(name.clone())
}

fn is_variable(name: &str) -> bool {
    name.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Stand-ins for the variables of the credentials `raw` declares that `env` lacks (or has empty), so that a
/// lint (or the first load, before secrets are read) interpolates the compose file as it will
/// be run: `${VAR:?…}` would otherwise stop it.
pub(super) fn stand_ins(raw: &RawLab, env: &mut Environment) {
    for c in &raw.credentials {
        let c = c.get_ref();
        let vars = [
            (c.env.as_ref(), STAND_IN),
            (
                c.user_env.as_ref(),
                c.user.as_ref().map_or(STAND_IN, |u| u.get_ref().as_str()),
            ),
        ];
        for (var, value) in vars {
            if let Some(var) = var.map(Spanned::get_ref).filter(|v| is_variable(v)) {
                // Empty is as good as missing: `${VAR:?}` refuses both.
                let slot = env.entry(var.clone()).or_default();
                if slot.is_empty() {
                    *slot = value.to_owned();
                }
            }
        }
    }
}

/// Warns about each credential variable no compose file of the lab mentions: the secret would
/// be generated and shown, but no service would use it.
pub(super) fn unused_variables(
    raw: &RawLab,
    compose_files: &[std::path::PathBuf],
    out: &mut Problems<'_>,
) {
    let texts: Vec<String> = compose_files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    let mentioned = |var: &str| texts.iter().any(|t| mentions(t, var));
    for c in &raw.credentials {
        let c = c.get_ref();
        for var in [c.env.as_ref(), c.user_env.as_ref()].into_iter().flatten() {
            if is_variable(var.get_ref()) && !mentioned(var.get_ref()) {
                let name = var.get_ref();
                out.warning(
                    var.span(),
                    Text::new(
                        format!("ningún archivo compose del laboratorio usa `{name}`, así que ningún servicio recibe este valor"),
                        format!("no compose file of the lab uses `{name}`, so no service receives this value"),
                    ),
                    Text::new(
                        format!("úsela en el archivo compose donde el servicio espera el valor: `${{{name}:?ejecute nivel up}}`"),
                        format!("use it in the compose file where the service expects the value: `${{{name}:?run nivel up}}`"),
                    ),
                );
            }
        }
    }
}

/// Whether compose text `text` interpolates `var`: `${VAR}`, `${VAR:-…}`, `${VAR:?…}`, `$VAR`…
pub(super) fn mentions(text: &str, var: &str) -> bool {
    let braced = format!("${{{var}");
    let bare = format!("${var}");
    let after_braced = |rest: &str| rest.starts_with(['}', ':', '-', '?', '+']);
    let after_bare =
        |rest: &str| !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(&braced)
        .any(|(i, m)| after_braced(&text[i + m.len()..]))
        || text
            .match_indices(&bare)
            .any(|(i, m)| after_bare(&text[i + m.len()..]))
}

/// The credential ids `text` refers to with `${credential:ID}`; a reference without its
/// closing `}` gives an empty id, which names no credential.
pub(super) fn references(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(REFERENCE) {
        rest = &rest[at + REFERENCE.len()..];
        match rest.find('}') {
            Some(end) => {
                found.push(&rest[..end]);
                rest = &rest[end..];
            }
            None => {
                found.push("");
                rest = "";
            }
        }
    }
    found
}

/// Reports each `${credential:ID}` in `raw` that names no credential of the lab.
pub(super) fn check_references(
    raw: &Spanned<String>,
    what: &str,
    ids: &BTreeSet<String>,
    out: &mut Problems<'_>,
) -> bool {
    let mut ok = true;
    for id in references(raw.get_ref()) {
        if !ids.contains(id) {
            ok = false;
            let known = if ids.is_empty() {
                "—".to_owned()
            } else {
                ids.iter().cloned().collect::<Vec<_>>().join(", ")
            };
            out.error(
                raw.span(),
                Text::new(format!("{what}: `${{credential:{id}}}` no nombra ninguna credencial del laboratorio"), format!("{what}: `${{credential:{id}}}` names no credential of the lab")),
                Text::new(format!("nombre una de sus credenciales ({known}), declarada en un `[[credential]]`"), format!("name one of its credentials ({known}), declared in a `[[credential]]`")),
            );
        }
    }
    ok
}

/// `text` with every `${credential:ID}` replaced by `secret(ID)` (left as written when it
/// gives none).
pub fn fill(text: &str, secret: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(REFERENCE) {
        out.push_str(&rest[..at]);
        let after = &rest[at + REFERENCE.len()..];
        match after.find('}') {
            Some(end) => {
                let id = &after[..end];
                match secret(id) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(&rest[at..at + REFERENCE.len() + end + 1]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

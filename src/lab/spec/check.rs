//! `[[exercise.check]]` tables → [`crate::checks::Check`]. A check names a compose service
//! and, for `http` and `tcp`, a container port that service publishes: nothing here can name
//! a host, an address or a command on the student's machine.

use std::collections::BTreeSet;
use std::time::Duration;

use toml::Spanned;

use crate::checks::{BasicAuth, Check, CheckKind, ContainerCheck, ExecCheck, ExpectedState, FileCheck, HttpCheck, JsonExpect, JsonTest, TcpCheck};

use crate::lab::Text;

use super::credential;
use super::fields::{self, ProjectFacts};
use super::problem::Problems;
use super::raw::{RawBasicAuth, RawCheck, RawJsonExpect};
use super::units;

/// How long a check may take when its table does not say.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

const KINDS: [&str; 5] = ["http", "exec", "tcp", "container", "file"];
const COMMON: [&str; 3] = ["timeout", "message", "service"];
const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/// The fields a kind has besides `kind`, `timeout`, `message` and `service`.
fn fields_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "http" => &["port", "method", "path", "headers", "body", "basic_auth", "expect_status", "expect_json", "expect_body"],
        "exec" => &["command", "user", "expect_exit", "expect_stdout"],
        "tcp" => &["port"],
        "container" => &["state", "exit_code", "max_memory", "max_cpus"],
        "file" => &["path", "contains"],
        _ => &[],
    }
}

/// Validates one check; `facts` is `None` when the compose project did not load (then
/// services and ports are not checked, and the compose problem is reported instead).
pub(super) fn check(raw: &Spanned<RawCheck>, facts: Option<&ProjectFacts>, credentials: &BTreeSet<String>, out: &mut Problems<'_>) -> Option<Check> {
    let c = raw.get_ref();
    let Some(kind) = &c.kind else {
        let kinds = KINDS.join(", ");
        out.error(
            raw.span(),
            Text::new("la comprobación no tiene `kind`", "the check has no `kind`"),
            Text::new(format!("añada `kind = \"…\"`, uno de: {kinds}"), format!("add `kind = \"…\"`, one of {kinds}")),
        );
        return None;
    };
    let kind_name = kind.get_ref().as_str();
    if !KINDS.contains(&kind_name) {
        let kinds = KINDS.join(", ");
        out.error(
            kind.span(),
            Text::new(format!("`{kind_name}` no es un tipo de comprobación"), format!("`{kind_name}` is not a kind of check")),
            Text::new(format!("use uno de: {kinds}"), format!("use one of {kinds}")),
        );
        return None;
    }
    let before = out.list.len();
    let own = fields_of(kind_name);
    for (field, span) in c.given() {
        if !COMMON.contains(&field) && !own.contains(&field) {
            let has = [&COMMON[..], own].concat().join(", ");
            out.error(
                span,
                Text::new(format!("`{field}` no es un campo de una comprobación `{kind_name}`"), format!("`{field}` is not a field of a `{kind_name}` check")),
                Text::new(format!("quítelo; una comprobación `{kind_name}` tiene {has}"), format!("remove it; a `{kind_name}` check has {has}")),
            );
        }
    }
    let timeout = match &c.timeout {
        Some(t) => units::parse_timeout(t.get_ref()).map_err(|e| out.error(t.span(), e.message, e.fix)).ok(),
        None => Some(DEFAULT_TIMEOUT),
    };
    let message = c.message.as_ref().map(|m| fields::text(m, "message", out));
    let service = match &c.service {
        Some(s) => facts.is_none_or(|f| f.has_service(s, out)).then(|| s.get_ref().clone()),
        None => {
            out.error(
                raw.span(),
                Text::new(format!("la comprobación `{kind_name}` no nombra ningún `service`"), format!("the `{kind_name}` check names no `service`")),
                Text::new("añada `service = \"…\"`: el servicio compose que mira la comprobación", "add `service = \"…\"`: the compose service the check looks at"),
            );
            None
        }
    };
    let kind = match kind_name {
        "http" => http(raw, service.as_deref(), facts, credentials, out).map(CheckKind::Http),
        "exec" => exec(raw, out).map(CheckKind::Exec),
        "tcp" => published_port(raw, service.as_deref(), facts, out).map(|port| CheckKind::Tcp(TcpCheck { service: String::new(), port })),
        "container" => container(raw, out).map(CheckKind::Container),
        _ => file(raw, out).map(CheckKind::File),
    };
    if out.list[before..].iter().any(|p| p.is_error()) {
        return None;
    }
    let mut kind = kind?;
    set_service(&mut kind, service?);
    Some(Check { kind, timeout: timeout?, message: message.flatten() })
}

fn set_service(kind: &mut CheckKind, service: String) {
    match kind {
        CheckKind::Http(c) => c.service = service,
        CheckKind::Exec(c) => c.service = service,
        CheckKind::Tcp(c) => c.service = service,
        CheckKind::Container(c) => c.service = service,
        CheckKind::File(c) => c.service = service,
    }
}

/// The check's `port`: required, and published by the service so 127.0.0.1 reaches it.
fn published_port(raw: &Spanned<RawCheck>, service: Option<&str>, facts: Option<&ProjectFacts>, out: &mut Problems<'_>) -> Option<u16> {
    let Some(port) = &raw.get_ref().port else {
        out.error(
            raw.span(),
            Text::new("la comprobación no nombra ningún `port`", "the check names no `port`"),
            Text::new(
                "añada `port = …`, el puerto del contenedor en el que escucha el servicio (como en `ports:` del archivo compose)",
                "add `port = …`, the container port the service listens on (as in the compose file's `ports:`)",
            ),
        );
        return None;
    };
    let p = fields::port(port, out)?;
    if let (Some(service), Some(facts)) = (service, facts) {
        if !facts.publishes(service, p) {
            let published = facts.published(service);
            out.error(
                port.span(),
                Text::new(
                    format!("el servicio `{service}` no publica el puerto de contenedor {p}; una comprobación solo llega a un servicio por sus puertos publicados en 127.0.0.1"),
                    format!("service `{service}` does not publish container port {p}; a check reaches a service only through its published ports on 127.0.0.1"),
                ),
                Text::new(
                    format!("use un puerto que publique ({}), o publique {p} en el archivo compose (`ports: [\"{p}:{p}\"]`)", published.es),
                    format!("use a port it publishes ({}), or publish {p} in the compose file (`ports: [\"{p}:{p}\"]`)", published.en),
                ),
            );
            return None;
        }
    }
    Some(p)
}

fn http(raw: &Spanned<RawCheck>, service: Option<&str>, facts: Option<&ProjectFacts>, credentials: &BTreeSet<String>, out: &mut Problems<'_>) -> Option<HttpCheck> {
    let c = raw.get_ref();
    let port = published_port(raw, service, facts, out);
    let method = match &c.method {
        None => Some("GET".to_string()),
        Some(m) if METHODS.contains(&m.get_ref().to_ascii_uppercase().as_str()) => Some(m.get_ref().to_ascii_uppercase()),
        Some(m) => {
            let (method, methods) = (m.get_ref(), METHODS.join(", "));
            out.error(
                m.span(),
                Text::new(format!("`{method}` no es un método HTTP que Nivel envíe"), format!("`{method}` is not an HTTP method Nivel sends")),
                Text::new(format!("use uno de: {methods}"), format!("use one of {methods}")),
            );
            None
        }
    };
    let path = match &c.path {
        Some(p) => fields::path(p, "path", out),
        None => Some("/".to_string()),
    };
    let mut headers = Vec::new();
    if let Some(h) = &c.headers {
        for (name, value) in h.get_ref() {
            let token = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
            if !token {
                out.error(
                    h.span(),
                    Text::new(format!("`{name}` no es un nombre de cabecera"), format!("`{name}` is not a header name")),
                    Text::new("use letras, dígitos y `-` (`Content-Type`)", "use letters, digits and `-` (`Content-Type`)"),
                );
            } else if value.chars().any(|ch| ch.is_control() && ch != '\t') {
                out.error(
                    h.span(),
                    Text::new(format!("la cabecera `{name}` tiene un salto de línea o un carácter de control"), format!("header `{name}` has a line break or control character")),
                    Text::new("escriba el valor en una sola línea", "write the value on one line"),
                );
            } else if credential::check_references(
                &Spanned::new(h.span(), value.clone()),
                &format!("headers.{name}"),
                credentials,
                out,
            ) {
                headers.push((name.clone(), value.clone()));
            }
        }
    }
    let expect_status = match &c.expect_status {
        None => Some(200),
        Some(s) => match u16::try_from(*s.get_ref()) {
            Ok(v) if (100..=599).contains(&v) => Some(v),
            _ => {
                let status = s.get_ref();
                out.error(
                    s.span(),
                    Text::new(format!("{status} no es un estado HTTP"), format!("{status} is not an HTTP status")),
                    Text::new("indique un estado de 100 a 599 (200 si la petición debe salir bien)", "give a status from 100 to 599 (200 when the request should succeed)"),
                );
                None
            }
        },
    };
    let expect_json = c.expect_json.as_ref().map(|j| json_expect(j, out));
    let expect_body = c.expect_body.as_ref().map(|b| fields::regex(b, "expect_body", out));
    Some(HttpCheck {
        service: String::new(),
        port: port?,
        method: method?,
        path: path?,
        headers,
        body: c.body.as_ref().map(|b| b.get_ref().clone()),
        basic_auth: c.basic_auth.as_ref().map_or(Some(None), |a| basic_auth(a, credentials, out).map(Some))?,
        expect_status: expect_status?,
        expect_json: expect_json.map_or(Some(None), |j| j.map(Some))?,
        expect_body: expect_body.map_or(Some(None), |b| b.map(Some))?,
    })
}

/// `{ user, password }` as written, or `{ credential }`: one of the lab's own.
fn basic_auth(
    raw: &Spanned<RawBasicAuth>,
    credentials: &BTreeSet<String>,
    out: &mut Problems<'_>,
) -> Option<BasicAuth> {
    let a = raw.get_ref();
    match (&a.user, &a.password, &a.credential) {
        (Some(user), Some(password), None) => Some(BasicAuth::Given {
            user: user.clone(),
            password: password.clone(),
        }),
        (None, None, Some(id)) if credentials.contains(id.get_ref()) => {
            Some(BasicAuth::Credential(id.get_ref().clone()))
        }
        (None, None, Some(id)) => {
            let (id, known) = (
                id.get_ref(),
                credentials.iter().cloned().collect::<Vec<_>>().join(", "),
            );
            let known = if known.is_empty() {
                "—".to_owned()
            } else {
                known
            };
            out.error(
                raw.span(),
                Text::new(
                    format!("`basic_auth`: `{id}` no es una credencial del laboratorio"),
                    format!("`basic_auth`: `{id}` is not a credential of the lab"),
                ),
                Text::new(
                    format!(
                        "nombre una de sus credenciales ({known}), declarada en un `[[credential]]`"
                    ),
                    format!(
                        "name one of its credentials ({known}), declared in a `[[credential]]`"
                    ),
                ),
            );
            None
        }
        _ => {
            out.error(
                raw.span(),
                Text::new("`basic_auth` lleva `user` y `password`, o solo `credential`", "`basic_auth` takes `user` and `password`, or `credential` alone"),
                Text::new(
                    "escriba `basic_auth = { credential = \"…\" }` para una credencial del laboratorio (su secreto se genera en cada instalación)",
                    "write `basic_auth = { credential = \"…\" }` for a credential of the lab (its secret is generated per installation)",
                ),
            );
            None
        }
    }
}

/// An RFC 6901 pointer: empty (the whole document) or `/`-separated tokens where `~` is only
/// ever `~0` or `~1`.
pub(super) fn is_json_pointer(p: &str) -> bool {
    if p.is_empty() {
        return true;
    }
    p.starts_with('/') && {
        let mut chars = p.chars();
        let mut ok = true;
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                ok = false;
            }
        }
        ok
    }
}

fn json_expect(raw: &Spanned<RawJsonExpect>, out: &mut Problems<'_>) -> Option<JsonExpect> {
    let j = raw.get_ref();
    let pointer = match &j.pointer {
        Some(p) if is_json_pointer(p.get_ref()) => Some(p.get_ref().clone()),
        Some(p) => {
            let pointer = p.get_ref();
            out.error(
                p.span(),
                Text::new(format!("`{pointer}` no es un puntero JSON"), format!("`{pointer}` is not a JSON pointer")),
                Text::new(
                    "escriba `\"\"` para el documento entero o `/key/0/name` (RFC 6901: `~0` para `~`, `~1` para `/`)",
                    "write `\"\"` for the whole document or `/key/0/name` (RFC 6901: `~0` for `~`, `~1` for `/`)",
                ),
            );
            None
        }
        None => {
            out.error(
                raw.span(),
                Text::new("`expect_json` no tiene `pointer`", "`expect_json` has no `pointer`"),
                Text::new("añada `pointer = \"/key\"` (o `\"\"` para el documento entero)", "add `pointer = \"/key\"` (or `\"\"` for the whole document)"),
            );
            None
        }
    };
    let given = [j.equals.is_some(), j.exists.is_some(), j.min_len.is_some(), j.matches.is_some()].iter().filter(|g| **g).count();
    if given != 1 {
        out.error(
            raw.span(),
            Text::new(
                format!("`expect_json` necesita exactamente uno de equals, exists, min_len, matches (tiene {given})"),
                format!("`expect_json` needs exactly one of equals, exists, min_len, matches ({given} given)"),
            ),
            Text::new("deje una sola prueba; escriba varias comprobaciones para probar varias cosas", "keep one test; write several checks to test several things"),
        );
        return None;
    }
    let test = if let Some(v) = &j.equals {
        match serde_json::to_value(v.get_ref()) {
            Ok(json) => Some(JsonTest::Equals(json)),
            Err(e) => {
                out.error(
                    v.span(),
                    Text::new(format!("`equals` no tiene equivalente en JSON: {e}"), format!("`equals` has no JSON equivalent: {e}")),
                    Text::new("compare con una cadena, un número, un booleano, una lista o una tabla", "compare with a string, number, boolean, array or table"),
                );
                None
            }
        }
    } else if let Some(e) = &j.exists {
        if *e.get_ref() {
            Some(JsonTest::Exists)
        } else {
            out.error(
                e.span(),
                Text::new("`exists = false` no es una prueba que Nivel ejecute", "`exists = false` is not a test Nivel runs"),
                Text::new("escriba `exists = true`, o pruebe un valor con `equals`", "write `exists = true`, or test a value with `equals`"),
            );
            None
        }
    } else if let Some(n) = &j.min_len {
        match usize::try_from(*n.get_ref()) {
            Ok(n) => Some(JsonTest::MinLen(n)),
            Err(_) => {
                let min = n.get_ref();
                out.error(
                    n.span(),
                    Text::new(format!("min_len {min} es negativo"), format!("min_len {min} is negative")),
                    Text::new("indique una cantidad de 0 o más", "give a count of 0 or more"),
                );
                None
            }
        }
    } else {
        j.matches.as_ref().and_then(|m| fields::regex(m, "matches", out)).map(JsonTest::Matches)
    };
    Some(JsonExpect { pointer: pointer?, test: test? })
}

fn exec(raw: &Spanned<RawCheck>, out: &mut Problems<'_>) -> Option<ExecCheck> {
    let c = raw.get_ref();
    let command = match &c.command {
        Some(cmd) if cmd.get_ref().first().is_some_and(|p| !p.trim().is_empty()) => Some(cmd.get_ref().clone()),
        Some(cmd) => {
            out.error(
                cmd.span(),
                Text::new("`command` está vacío", "`command` is empty"),
                Text::new("indique el programa y sus argumentos como lista: `[\"ls\", \"/data\"]`", "give the program and its arguments as a list: `[\"ls\", \"/data\"]`"),
            );
            None
        }
        None => {
            out.error(
                raw.span(),
                Text::new("la comprobación `exec` no tiene `command`", "the `exec` check has no `command`"),
                Text::new(
                    "añada `command = [\"program\", \"arg\"]`, que se ejecuta dentro del contenedor del servicio",
                    "add `command = [\"program\", \"arg\"]`, run inside the service's container",
                ),
            );
            None
        }
    };
    let user = match &c.user {
        Some(u) if u.get_ref().trim().is_empty() => {
            out.error(
                u.span(),
                Text::new("`user` está vacío", "`user` is empty"),
                Text::new("nombre un usuario del contenedor (`root`, `1000`) o quite `user`", "name a user of the container (`root`, `1000`) or leave `user` out"),
            );
            None
        }
        other => Some(other.as_ref().map(|u| u.get_ref().clone())),
    };
    let expect_stdout = c.expect_stdout.as_ref().map(|r| fields::regex(r, "expect_stdout", out));
    Some(ExecCheck {
        service: String::new(),
        command: command?,
        user: user?,
        expect_exit: c.expect_exit.as_ref().map_or(0, |e| *e.get_ref()),
        expect_stdout: expect_stdout.map_or(Some(None), |r| r.map(Some))?,
    })
}

fn container(raw: &Spanned<RawCheck>, out: &mut Problems<'_>) -> Option<ContainerCheck> {
    let c = raw.get_ref();
    if c.state.is_none() && c.exit_code.is_none() && c.max_memory.is_none() && c.max_cpus.is_none() {
        out.error(
            raw.span(),
            Text::new("la comprobación `container` no prueba nada", "the `container` check tests nothing"),
            Text::new("añada `state`, `exit_code`, `max_memory` o `max_cpus`", "add `state`, `exit_code`, `max_memory` or `max_cpus`"),
        );
        return None;
    }
    let state = match &c.state {
        None => Some(None),
        Some(s) => match s.get_ref().as_str() {
            "running" => Some(Some(ExpectedState::Running)),
            "healthy" => Some(Some(ExpectedState::Healthy)),
            "exited" => Some(Some(ExpectedState::Exited)),
            other => {
                out.error(
                    s.span(),
                    Text::new(format!("`{other}` no es un estado de contenedor que una comprobación pruebe"), format!("`{other}` is not a container state a check tests")),
                    Text::new("use running, healthy o exited", "use running, healthy or exited"),
                );
                None
            }
        },
    };
    let max_memory = match &c.max_memory {
        None => Some(None),
        Some(m) => units::parse_size(m.get_ref()).map(Some).map_err(|e| e.of("max_memory")).map_err(|e| out.error(m.span(), e.message, e.fix)).ok(),
    };
    let max_cpus = match &c.max_cpus {
        Some(n) if !(*n.get_ref() > 0.0 && n.get_ref().is_finite()) => {
            let cpus = n.get_ref();
            out.error(
                n.span(),
                Text::new(format!("max_cpus {cpus} no es mayor que cero"), format!("max_cpus {cpus} is not above zero")),
                Text::new("indique un número de CPU, como 0.5 o 2", "give a CPU count such as 0.5 or 2"),
            );
            None
        }
        other => Some(other.as_ref().map(|n| *n.get_ref())),
    };
    Some(ContainerCheck {
        service: String::new(),
        state: state?,
        exit_code: c.exit_code.as_ref().map(|e| *e.get_ref()),
        max_memory: max_memory?,
        max_cpus: max_cpus?,
    })
}

fn file(raw: &Spanned<RawCheck>, out: &mut Problems<'_>) -> Option<FileCheck> {
    let c = raw.get_ref();
    let path = match &c.path {
        Some(p) if p.get_ref().starts_with('/') => Some(p.get_ref().clone()),
        Some(p) => {
            let (path, full) = (p.get_ref(), p.get_ref().trim_start_matches("./"));
            out.error(
                p.span(),
                Text::new(format!("la ruta `{path}` no es absoluta"), format!("path `{path}` is not absolute")),
                Text::new(format!("escriba la ruta completa dentro del contenedor: `/{full}`"), format!("write the full path inside the container: `/{full}`")),
            );
            None
        }
        None => {
            out.error(
                raw.span(),
                Text::new("la comprobación `file` no tiene `path`", "the `file` check has no `path`"),
                Text::new("añada `path = \"/…\"`, la ruta del archivo dentro del contenedor", "add `path = \"/…\"`, the file's path inside the container"),
            );
            None
        }
    };
    let contains = c.contains.as_ref().map(|r| fields::regex(r, "contains", out));
    Some(FileCheck { service: String::new(), path: path?, contains: contains.map_or(Some(None), |r| r.map(Some))? })
}

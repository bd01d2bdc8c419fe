//! `[[exercise.check]]` tables → [`crate::checks::Check`]. A check names a compose service
//! and, for `http` and `tcp`, a container port that service publishes: nothing here can name
//! a host, an address or a command on the student's machine.

use std::time::Duration;

use toml::Spanned;

use crate::checks::{BasicAuth, Check, CheckKind, ContainerCheck, ExecCheck, ExpectedState, FileCheck, HttpCheck, JsonExpect, JsonTest, TcpCheck};

use super::fields::{self, ProjectFacts};
use super::problem::Problems;
use super::raw::{RawCheck, RawJsonExpect};
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
pub(super) fn check(raw: &Spanned<RawCheck>, facts: Option<&ProjectFacts>, out: &mut Problems<'_>) -> Option<Check> {
    let c = raw.get_ref();
    let Some(kind) = &c.kind else {
        out.error(raw.span(), "the check has no `kind`", format!("add `kind = \"…\"`, one of {}", KINDS.join(", ")));
        return None;
    };
    let kind_name = kind.get_ref().as_str();
    if !KINDS.contains(&kind_name) {
        out.error(kind.span(), format!("`{kind_name}` is not a kind of check"), format!("use one of {}", KINDS.join(", ")));
        return None;
    }
    let before = out.list.len();
    let own = fields_of(kind_name);
    for (field, span) in c.given() {
        if !COMMON.contains(&field) && !own.contains(&field) {
            out.error(span, format!("`{field}` is not a field of a `{kind_name}` check"), format!("remove it; a `{kind_name}` check has {}", [&COMMON[..], own].concat().join(", ")));
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
            out.error(raw.span(), format!("the `{kind_name}` check names no `service`"), "add `service = \"…\"`: the compose service the check looks at");
            None
        }
    };
    let kind = match kind_name {
        "http" => http(raw, service.as_deref(), facts, out).map(CheckKind::Http),
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
        out.error(raw.span(), "the check names no `port`", "add `port = …`, the container port the service listens on (as in the compose file's `ports:`)");
        return None;
    };
    let p = fields::port(port, out)?;
    if let (Some(service), Some(facts)) = (service, facts) {
        if !facts.publishes(service, p) {
            out.error(
                port.span(),
                format!("service `{service}` does not publish container port {p}; a check reaches a service only through its published ports on 127.0.0.1"),
                format!("use a port it publishes ({}), or publish {p} in the compose file (`ports: [\"{p}:{p}\"]`)", facts.published(service)),
            );
            return None;
        }
    }
    Some(p)
}

fn http(raw: &Spanned<RawCheck>, service: Option<&str>, facts: Option<&ProjectFacts>, out: &mut Problems<'_>) -> Option<HttpCheck> {
    let c = raw.get_ref();
    let port = published_port(raw, service, facts, out);
    let method = match &c.method {
        None => Some("GET".to_string()),
        Some(m) if METHODS.contains(&m.get_ref().to_ascii_uppercase().as_str()) => Some(m.get_ref().to_ascii_uppercase()),
        Some(m) => {
            out.error(m.span(), format!("`{}` is not an HTTP method Nivel sends", m.get_ref()), format!("use one of {}", METHODS.join(", ")));
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
                out.error(h.span(), format!("`{name}` is not a header name"), "use letters, digits and `-` (`Content-Type`)");
            } else if value.chars().any(|ch| ch.is_control() && ch != '\t') {
                out.error(h.span(), format!("header `{name}` has a line break or control character"), "write the value on one line");
            } else {
                headers.push((name.clone(), value.clone()));
            }
        }
    }
    let expect_status = match &c.expect_status {
        None => Some(200),
        Some(s) => match u16::try_from(*s.get_ref()) {
            Ok(v) if (100..=599).contains(&v) => Some(v),
            _ => {
                out.error(s.span(), format!("{} is not an HTTP status", s.get_ref()), "give a status from 100 to 599 (200 when the request should succeed)");
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
        basic_auth: c.basic_auth.as_ref().map(|a| BasicAuth { user: a.get_ref().user.clone(), password: a.get_ref().password.clone() }),
        expect_status: expect_status?,
        expect_json: expect_json.map_or(Some(None), |j| j.map(Some))?,
        expect_body: expect_body.map_or(Some(None), |b| b.map(Some))?,
    })
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
            out.error(p.span(), format!("`{}` is not a JSON pointer", p.get_ref()), "write `\"\"` for the whole document or `/key/0/name` (RFC 6901: `~0` for `~`, `~1` for `/`)");
            None
        }
        None => {
            out.error(raw.span(), "`expect_json` has no `pointer`", "add `pointer = \"/key\"` (or `\"\"` for the whole document)");
            None
        }
    };
    let given = [j.equals.is_some(), j.exists.is_some(), j.min_len.is_some(), j.matches.is_some()].iter().filter(|g| **g).count();
    if given != 1 {
        out.error(raw.span(), format!("`expect_json` needs exactly one of equals, exists, min_len, matches ({given} given)"), "keep one test; write several checks to test several things");
        return None;
    }
    let test = if let Some(v) = &j.equals {
        match serde_json::to_value(v.get_ref()) {
            Ok(json) => Some(JsonTest::Equals(json)),
            Err(e) => {
                out.error(v.span(), format!("`equals` has no JSON equivalent: {e}"), "compare with a string, number, boolean, array or table");
                None
            }
        }
    } else if let Some(e) = &j.exists {
        if *e.get_ref() {
            Some(JsonTest::Exists)
        } else {
            out.error(e.span(), "`exists = false` is not a test Nivel runs", "write `exists = true`, or test a value with `equals`");
            None
        }
    } else if let Some(n) = &j.min_len {
        match usize::try_from(*n.get_ref()) {
            Ok(n) => Some(JsonTest::MinLen(n)),
            Err(_) => {
                out.error(n.span(), format!("min_len {} is negative", n.get_ref()), "give a count of 0 or more");
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
            out.error(cmd.span(), "`command` is empty", "give the program and its arguments as a list: `[\"ls\", \"/data\"]`");
            None
        }
        None => {
            out.error(raw.span(), "the `exec` check has no `command`", "add `command = [\"program\", \"arg\"]`, run inside the service's container");
            None
        }
    };
    let user = match &c.user {
        Some(u) if u.get_ref().trim().is_empty() => {
            out.error(u.span(), "`user` is empty", "name a user of the container (`root`, `1000`) or leave `user` out");
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
        out.error(raw.span(), "the `container` check tests nothing", "add `state`, `exit_code`, `max_memory` or `max_cpus`");
        return None;
    }
    let state = match &c.state {
        None => Some(None),
        Some(s) => match s.get_ref().as_str() {
            "running" => Some(Some(ExpectedState::Running)),
            "healthy" => Some(Some(ExpectedState::Healthy)),
            "exited" => Some(Some(ExpectedState::Exited)),
            other => {
                out.error(s.span(), format!("`{other}` is not a container state a check tests"), "use running, healthy or exited");
                None
            }
        },
    };
    let max_memory = match &c.max_memory {
        None => Some(None),
        Some(m) => units::parse_size(m.get_ref()).map(Some).map_err(|e| out.error(m.span(), format!("max_memory: {}", e.message), e.fix)).ok(),
    };
    let max_cpus = match &c.max_cpus {
        Some(n) if !(*n.get_ref() > 0.0 && n.get_ref().is_finite()) => {
            out.error(n.span(), format!("max_cpus {} is not above zero", n.get_ref()), "give a CPU count such as 0.5 or 2");
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
            out.error(p.span(), format!("path `{}` is not absolute", p.get_ref()), format!("write the full path inside the container: `/{}`", p.get_ref().trim_start_matches("./")));
            None
        }
        None => {
            out.error(raw.span(), "the `file` check has no `path`", "add `path = \"/…\"`, the file's path inside the container");
            None
        }
    };
    let contains = c.contains.as_ref().map(|r| fields::regex(r, "contains", out));
    Some(FileCheck { service: String::new(), path: path?, contains: contains.map_or(Some(None), |r| r.map(Some))? })
}

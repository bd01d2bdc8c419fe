//! `http`: one request to a service's published port on the loopback address, over plain
//! HTTP/1 (no TLS, no redirects followed), its body read up to [`MAX_BODY`].

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use hyper::{Method, Request};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::excerpt::shown;
use super::json;
use super::net::describe;
use super::target::LabTarget;
use super::verdict::{published_addr, Verdict};
use crate::checks::{BasicAuth, HttpCheck};
use crate::lab::Text;

/// The most bytes of a response body read.
pub const MAX_BODY: usize = 1024 * 1024;

/// A response as the check saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
    /// The body went on past [`MAX_BODY`].
    pub truncated: bool,
}

pub async fn run(target: &LabTarget, check: &HttpCheck) -> Verdict {
    let expected = expected(check);
    let addr = match published_addr(target, &check.service, check.port) {
        Ok(addr) => addr,
        Err(why) => return Verdict::fail(expected, why),
    };
    match request(addr, check).await {
        Ok(response) => evaluate(&response, check),
        Err(why) => Verdict::fail(
            expected,
            Text::new(
                format!("sin respuesta de {addr} (puerto {} del contenedor): {}", check.port, why.es),
                format!("no response from {addr} (container port {}): {}", check.port, why.en),
            ),
        ),
    }
}

/// Sends the check's request to `addr`, which the caller took from the lab's published ports;
/// when no response came, says why in both languages.
pub async fn request(addr: SocketAddr, check: &HttpCheck) -> Result<Response, Text> {
    let method = Method::from_bytes(check.method.as_bytes())
        .map_err(|e| Text::new(format!("método no válido {}: {e}", check.method), format!("bad method {}: {e}", check.method)))?;
    let mut builder = Request::builder().method(method).uri(format!("http://{addr}{}", check.path));
    let headers = builder.headers_mut().ok_or_else(|| Text::new("línea de petición no válida", "bad request line"))?;
    for (name, value) in &check.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| Text::new(format!("nombre de cabecera no válido {name}: {e}"), format!("bad header name {name}: {e}")))?;
        let value = HeaderValue::from_str(value)
            .map_err(|e| Text::new(format!("valor no válido para la cabecera {name}: {e}"), format!("bad value for header {name}: {e}")))?;
        headers.append(name, value);
    }
    if let Some(auth) = &check.basic_auth {
        let (user, password) = match auth {
            BasicAuth::Given { user, password } => (user, password),
            BasicAuth::Credential(id) => {
                return Err(Text::new(format!("el secreto de la credencial `{id}` no está disponible aquí"), format!("the secret of credential `{id}` is not available here")));
            }
        };
        let token = base64(format!("{user}:{password}").as_bytes());
        let value = HeaderValue::from_str(&format!("Basic {token}"))
            .map_err(|e| Text::new(format!("autenticación básica no válida: {e}"), format!("bad basic auth: {e}")))?;
        headers.insert(AUTHORIZATION, value);
    }
    if check.body.as_deref().is_some_and(|b| b.trim_start().starts_with(['{', '['])) && !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    }
    let body = Full::new(Bytes::from(check.body.clone().unwrap_or_default()));
    let request = builder.body(body).map_err(|e| Text::same(e.to_string()))?;
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let response = client.request(request).await.map_err(|e| describe(&e))?;
    let status = response.status().as_u16();
    let mut incoming = response.into_body();
    let mut body = Vec::new();
    let mut truncated = false;
    while let Some(frame) = incoming.frame().await {
        let frame = frame.map_err(|e| {
            let why = describe(&e);
            Text::new(format!("el cuerpo se cortó: {}", why.es), format!("the body broke off: {}", why.en))
        })?;
        if let Some(data) = frame.data_ref() {
            let room = MAX_BODY - body.len();
            truncated = data.len() > room;
            body.extend_from_slice(&data[..data.len().min(room)]);
            if truncated {
                break;
            }
        }
    }
    Ok(Response { status, body, truncated })
}

/// What the check asks of the response, in words.
pub fn expected(check: &HttpCheck) -> Text {
    let mut parts = vec![Text::same(format!("HTTP {}", check.expect_status))];
    if let Some(j) = &check.expect_json {
        parts.push(json::expected(j));
    }
    if let Some(re) = &check.expect_body {
        parts.push(Text::new(format!("cuerpo que coincida con /{}/", re.as_str()), format!("body matching /{}/", re.as_str())));
    }
    Text::join(&parts, ", ")
}

/// Whether `response` is what the check expects.
pub fn evaluate(response: &Response, check: &HttpCheck) -> Verdict {
    let mut passed = response.status == check.expect_status;
    let mut seen = vec![Text::same(format!("HTTP {}", response.status))];
    if let Some(expect) = &check.expect_json {
        match serde_json::from_slice::<serde_json::Value>(&response.body) {
            Ok(doc) => {
                let v = json::evaluate(&doc, expect);
                passed &= v.passed;
                seen.push(v.observed);
            }
            Err(e) if response.truncated => {
                passed = false;
                seen.push(Text::new(
                    format!("el cuerpo supera los {MAX_BODY} bytes, demasiado para leerlo como JSON ({e})"),
                    format!("the body is larger than {MAX_BODY} bytes, too large to read as JSON ({e})"),
                ));
            }
            Err(e) => {
                passed = false;
                seen.push(Text::new(format!("el cuerpo no es JSON ({e})"), format!("the body is not JSON ({e})")));
            }
        }
    }
    if let Some(re) = &check.expect_body {
        passed &= re.is_match(&String::from_utf8_lossy(&response.body));
    }
    let seen = Text::join(&seen, ", ");
    let body = shown(&response.body, response.truncated);
    let observed = Text::new(format!("{}; cuerpo: {}", seen.es, body.es), format!("{}; body: {}", seen.en, body.en));
    Verdict { passed, expected: expected(check), observed }
}

/// Standard base64 with padding (RFC 4648), for the basic auth header.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;

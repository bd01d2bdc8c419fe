//! How many pulls Docker Hub has left for this machine's address (or for the user's account,
//! when the docker CLI keeps a Docker Hub login), asked the way Docker documents it: a token
//! for the `ratelimitpreview/test` repository, then a HEAD of its manifest, whose
//! `ratelimit-limit` and `ratelimit-remaining` headers (`100;w=21600`) carry the figure. A HEAD
//! is not counted as a pull. The one request Nivel makes to the internet itself, so it has its
//! own small HTTPS client: rustls with the system's authorities, bounded as a whole.

use std::sync::Arc;
use std::time::Duration;

use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::Bytes;
use hyper::{Method, Request, Response, Uri};
use hyper_util::rt::TokioIo;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, RootCertStore};
use serde::Serialize;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

use super::Registries;

/// The environment variable that sends the question elsewhere (a test's server):
/// `TOKEN_URL,MANIFEST_URL`.
pub const HUB_URLS_ENV: &str = "NIVEL_DOCKER_HUB_URLS";

/// How long the whole question may take; past it the figure is "could not ask".
pub const ASK_WITHIN: Duration = Duration::from_secs(4);

/// A token answer bigger than this is not Docker Hub's.
const TOKEN_BODY_LIMIT: usize = 64 * 1024;

/// Where the figure is asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubUrls {
    /// The token service, with its query.
    pub token: String,
    /// The manifest whose HEAD carries the figure.
    pub manifest: String,
}

impl Default for HubUrls {
    fn default() -> HubUrls {
        HubUrls {
            token: "https://auth.docker.io/token?service=registry.docker.io&scope=repository:ratelimitpreview/test:pull".into(),
            manifest: "https://registry-1.docker.io/v2/ratelimitpreview/test/manifests/latest".into(),
        }
    }
}

impl HubUrls {
    /// `TOKEN_URL,MANIFEST_URL` as [`HUB_URLS_ENV`] holds them; `None` when it is not two URLs.
    pub fn parse(text: &str) -> Option<HubUrls> {
        let (token, manifest) = text.split_once(',')?;
        let (token, manifest) = (token.trim(), manifest.trim());
        (token.parse::<Uri>().is_ok() && manifest.parse::<Uri>().is_ok()).then(|| HubUrls { token: token.into(), manifest: manifest.into() })
    }
}

/// What Docker Hub said about pulls left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum HubPulls {
    /// Its figure: `remaining` of `limit` in a window of `window_seconds`; `account` is the
    /// Docker Hub user it counts for (`None`: this machine's address).
    Counted { limit: u32, remaining: u32, window_seconds: u64, account: Option<String> },
    /// It answered without a figure: the account's pulls are not limited.
    Unlimited { account: Option<String> },
    /// It could not be asked: no network, no answer in time, a refusal.
    CouldNotAsk { message: String },
}

/// Asks Docker Hub (where `registries` says it is) with the user's Docker Hub login, when the
/// docker CLI keeps one; the login's helper counts against the same bound.
pub async fn hub_pulls(registries: &Registries) -> HubPulls {
    let urls = match &registries.docker_hub {
        Ok(urls) => urls.clone(),
        Err(message) => return HubPulls::CouldNotAsk { message: message.clone() },
    };
    let registries = registries.clone();
    let asked = async move {
        let login = tokio::task::spawn_blocking(move || registries.logins().for_registry("docker.io")).await.ok().flatten();
        let login = login.and_then(|c| Some((c.username?, c.password?)));
        let account = login.as_ref().map(|(user, _)| user.clone());
        (ask(&urls, login).await, account)
    };
    match tokio::time::timeout(ASK_WITHIN, asked).await {
        Err(_) => HubPulls::CouldNotAsk { message: format!("no answer within {} s", ASK_WITHIN.as_secs()) },
        Ok((Err(message), _)) => HubPulls::CouldNotAsk { message },
        Ok((Ok(None), account)) => HubPulls::Unlimited { account },
        Ok((Ok(Some((limit, remaining, window_seconds))), account)) => HubPulls::Counted { limit, remaining, window_seconds, account },
    }
}

/// The token, then the manifest's figure (`None` when it carries none).
async fn ask(urls: &HubUrls, login: Option<(String, String)>) -> Result<Option<(u32, u32, u64)>, String> {
    let tls = connector()?;
    let basic = login.map(|(user, password)| format!("Basic {}", base64(format!("{user}:{password}").as_bytes())));
    let answer = request(&tls, Method::GET, &urls.token, basic).await?;
    if !answer.status().is_success() {
        return Err(format!("the token service answered {}", answer.status()));
    }
    let body = Limited::new(answer.into_body(), TOKEN_BODY_LIMIT).collect().await.map_err(|e| e.to_string())?.to_bytes();
    let json: serde_json::Value = serde_json::from_slice(&body).map_err(|_| "the token service's answer is not JSON".to_string())?;
    let token = json.get("token").or_else(|| json.get("access_token")).and_then(|t| t.as_str()).ok_or("the token service gave no token")?;
    let answer = request(&tls, Method::HEAD, &urls.manifest, Some(format!("Bearer {token}"))).await?;
    let header = |name: &str| answer.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    match (header("ratelimit-limit"), header("ratelimit-remaining")) {
        (Some(limit), Some(remaining)) => {
            let (limit, window) = figure(&limit).ok_or_else(|| format!("unreadable ratelimit-limit `{limit}`"))?;
            let (remaining, _) = figure(&remaining).ok_or_else(|| format!("unreadable ratelimit-remaining `{remaining}`"))?;
            Ok(Some((limit, remaining, window.unwrap_or(0))))
        }
        _ if answer.status().is_success() => Ok(None),
        _ => Err(format!("the registry answered {}", answer.status())),
    }
}

/// `100;w=21600` as the count and the window in seconds.
fn figure(value: &str) -> Option<(u32, Option<u64>)> {
    let mut parts = value.split(';').map(str::trim);
    let count = parts.next()?.parse().ok()?;
    let window = parts.find_map(|p| p.strip_prefix("w=")).and_then(|w| w.parse().ok());
    Some((count, window))
}

/// TLS with the system's authorities (and `SSL_CERT_FILE` or `SSL_CERT_DIR` when set).
fn connector() -> Result<TlsConnector, String> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(rustls_native_certs::load_native_certs().certs);
    if roots.is_empty() {
        return Err("no certificate authorities found on this machine".into());
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider).with_safe_default_protocol_versions().map_err(|e| e.to_string())?;
    Ok(TlsConnector::from(Arc::new(config.with_root_certificates(roots).with_no_client_auth())))
}

/// One HTTPS request on a connection of its own.
async fn request(tls: &TlsConnector, method: Method, url: &str, authorization: Option<String>) -> Result<Response<hyper::body::Incoming>, String> {
    let uri: Uri = url.parse().map_err(|_| format!("`{url}` is not a URL"))?;
    if uri.scheme_str() != Some("https") {
        return Err(format!("`{url}` is not an https URL"));
    }
    let host = uri.host().ok_or_else(|| format!("`{url}` names no host"))?;
    let port = uri.port_u16().unwrap_or(443);
    let tcp = TcpStream::connect((host.trim_start_matches('[').trim_end_matches(']'), port)).await.map_err(|e| format!("{host}:{port}: {e}"))?;
    let name = ServerName::try_from(host.trim_start_matches('[').trim_end_matches(']').to_string()).map_err(|e| e.to_string())?;
    let stream = tls.connect(name, tcp).await.map_err(|e| format!("{host}:{port}: {e}"))?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let authority = uri.authority().map_or(host.to_string(), |a| a.to_string());
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    let mut builder = Request::builder().method(method).uri(target).header(hyper::header::HOST, authority);
    if let Some(value) = authorization {
        builder = builder.header(hyper::header::AUTHORIZATION, value);
    }
    let request = builder.body(Empty::<Bytes>::new()).map_err(|e| e.to_string())?;
    sender.send_request(request).await.map_err(|e| e.to_string())
}

/// Standard base64, for HTTP Basic.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            let c = if i <= chunk.len() { ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char } else { '=' };
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figure_and_its_window_are_read() {
        assert_eq!(figure("100;w=21600"), Some((100, Some(21600))), "Docker Hub's form");
        assert_eq!(figure("87"), Some((87, None)), "a count alone");
        assert_eq!(figure("many"), None, "not a figure");
    }

    #[test]
    fn basic_credentials_are_base64() {
        assert_eq!(base64(b"student:secret"), "c3R1ZGVudDpzZWNyZXQ=", "as the docker config keeps them");
        assert_eq!((base64(b"ab"), base64(b"abc"), base64(b"")), ("YWI=".into(), "YWJj".into(), String::new()), "padding");
    }

    #[test]
    fn the_urls_are_two_urls() {
        let urls = HubUrls::parse("https://127.0.0.1:1/token?x=1, https://127.0.0.1:1/v2/m").expect("two URLs");
        assert_eq!((urls.token.as_str(), urls.manifest.as_str()), ("https://127.0.0.1:1/token?x=1", "https://127.0.0.1:1/v2/m"));
        assert_eq!(HubUrls::parse("https://one"), None, "one is not enough");
    }
}

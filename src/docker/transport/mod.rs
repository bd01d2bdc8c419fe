//! The road to the engine, in place of bollard's own connectors, so that no engine can hang a
//! command or fill its memory. Each request gets a fresh connection (a unix socket, a TCP port
//! or a named pipe: connecting costs microseconds, and it keeps one request's bounds on one
//! connection; TLS and `ssh` engines too, where connecting costs a handshake), bounded by what the request is (see [`bounds`]): connecting and the handshake
//! in seconds, plain requests as a whole, streams per line or frame. bollard reads whole
//! bodies into memory and holds unfinished lines and frames, and it accepts only hyper's own
//! response type from a custom transport; so the bounds are enforced on the bytes themselves,
//! under the HTTP client, by [`metered::Metered`].

pub(crate) mod bounds;
mod endpoint;
mod fault;
mod meter;
mod metered;
pub(crate) mod ssh;
mod stream;
mod tls;

use std::sync::Arc;

use bollard::{BollardRequest, Docker, API_DEFAULT_VERSION};
use hyper::body::Incoming;
use hyper::client::conn::http1::{Connection, SendRequest};
use hyper::header::{HeaderValue, HOST};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::time::Instant;

use bounds::{Bounds, CONNECT_WITHIN};
use tls::Tls;
use crate::docker::connect::EngineHost;
use crate::docker::error::EngineError;
pub(crate) use fault::{Fault, TransportFault};
pub(crate) use endpoint::Endpoint;
use metered::Metered;
pub(crate) use stream::get_stream;

/// bollard's own per-request timeout, which covers only the wait for headers and would cut a
/// pull whose first progress line is late: off, since every request carries its own bounds.
const NO_BOLLARD_TIMEOUT: u64 = u64::MAX;

/// The way to one engine: its address, and the TLS it speaks.
pub(crate) struct Road {
    endpoint: Endpoint,
    tls: Option<Tls>,
}

impl Road {
    /// The road to `host`: an address Nivel cannot talk to, or TLS files it cannot read, are
    /// said here, before any request.
    pub(crate) fn to(host: &EngineHost) -> Result<Road, EngineError> {
        let endpoint = Endpoint::parse(&host.url).ok_or_else(|| EngineError::Unsupported { host: host.url.clone() })?;
        let tls = match (&host.tls, &endpoint) {
            (Some(files), Endpoint::Tcp(authority)) => Some(Tls::load(files, authority).map_err(|detail| EngineError::Tls { host: host.url.clone(), detail })?),
            _ => None,
        };
        Ok(Road { endpoint, tls })
    }

    pub(crate) async fn connect(&self) -> std::io::Result<endpoint::Connection> {
        self.endpoint.connect(self.tls.as_ref()).await
    }
}

/// A client for `host` whose every request goes through this transport.
pub(crate) fn docker_for(host: &EngineHost) -> Result<Docker, EngineError> {
    let road = Arc::new(Road::to(host)?);
    let url: Arc<str> = Arc::from(host.url.as_str());
    // bollard puts this in the request URIs; `send` keeps only their path.
    let base = format!("http://{}", road.endpoint.authority());
    let transport = move |request: BollardRequest| send(Arc::clone(&road), Arc::clone(&url), request);
    Docker::connect_with_custom_transport(transport, Some(base), NO_BOLLARD_TIMEOUT, API_DEFAULT_VERSION).map_err(|e| EngineError::from(&e))
}

/// The transport's fault inside an error bollard returned, if that is what it was.
pub(crate) fn fault_of(e: &bollard::errors::Error) -> Option<&TransportFault> {
    use bollard::errors::Error as B;
    // These variants are transparent: their `source` skips the error they hold.
    match e {
        B::IOError { err } => fault::fault_in(err),
        B::HyperResponseError { err } => fault::fault_in(err),
        other => fault::fault_in(other),
    }
}

/// The fault behind an error that lost its cause on the way (a stream's), if one was met
/// just before `now`.
pub(crate) fn recent_fault(now: std::time::Instant) -> Option<TransportFault> {
    fault::recent(now)
}

#[cfg(test)]
pub(crate) use fault::remember as remember_fault;

async fn send(road: Arc<Road>, host: Arc<str>, request: BollardRequest) -> Result<Response<Incoming>, bollard::errors::Error> {
    let bounds = Bounds::of(request.method(), request.uri());
    let (mut sender, connection) = open(&road, &host, bounds).await?;
    // The connection's own errors reach the caller through the answer and its body.
    tokio::spawn(connection.with_upgrades());
    Ok(sender.send_request(origin_form(request, road.endpoint.authority())?).await?)
}

/// A fresh connection metered by `bounds`, its HTTP handshake done; the connection is left to
/// the caller to drive.
async fn open<B>(road: &Road, host: &Arc<str>, bounds: Bounds) -> Result<(SendRequest<B>, Connection<TokioIo<Metered>, B>), bollard::errors::Error>
where
    B: hyper::body::Body + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let started = Instant::now();
    let failed = |fault| bollard::errors::Error::from(TransportFault { host: host.to_string(), fault }.into_io());
    let connection = match tokio::time::timeout(CONNECT_WITHIN, road.connect()).await {
        Ok(Ok(connection)) => connection,
        Ok(Err(e)) => return Err(fault::of_connect(&e).map_or_else(|| e.into(), failed)),
        Err(_) => return Err(failed(Fault::NoAnswer { waited: CONNECT_WITHIN })),
    };
    let io = TokioIo::new(Metered::new(connection, bounds, Arc::clone(host), started));
    Ok(hyper::client::conn::http1::handshake(io).await?)
}

/// HTTP/1.1 on a connection of our own: the request target is the path, the engine's name
/// goes in `Host`.
fn origin_form<B>(request: Request<B>, authority: &str) -> Result<Request<B>, bollard::errors::Error> {
    let (mut parts, body) = request.into_parts();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    parts.uri = target.parse()?;
    if let Ok(value) = HeaderValue::from_str(authority) {
        parts.headers.entry(HOST).or_insert(value);
    }
    Ok(Request::from_parts(parts, body))
}

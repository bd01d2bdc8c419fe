//! The road to the engine, in place of bollard's own connectors, so that no engine can hang a
//! command or fill its memory. Each request gets a fresh connection (a unix socket, a TCP port
//! or a named pipe: connecting costs microseconds, and it keeps one request's bounds on one
//! connection), bounded by what the request is (see [`bounds`]): connecting and the handshake
//! in seconds, plain requests as a whole, streams per line or frame. bollard reads whole
//! bodies into memory and holds unfinished lines and frames, and it accepts only hyper's own
//! response type from a custom transport; so the bounds are enforced on the bytes themselves,
//! under the HTTP client, by [`metered::Metered`].

pub(crate) mod bounds;
mod endpoint;
mod fault;
mod meter;
mod metered;

use std::sync::Arc;

use bollard::{BollardRequest, Docker, API_DEFAULT_VERSION};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, HOST};
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::time::Instant;

use bounds::CONNECT_WITHIN;
pub(crate) use fault::{Fault, TransportFault};
pub(crate) use endpoint::Endpoint;
use metered::Metered;

/// bollard's own per-request timeout, which covers only the wait for headers and would cut a
/// pull whose first progress line is late: off, since every request carries its own bounds.
const NO_BOLLARD_TIMEOUT: u64 = u64::MAX;

/// A client for the engine at `url` whose every request goes through this transport; `None`
/// when the address is not one Nivel can talk to.
pub(crate) fn docker_for(url: &str) -> Option<Docker> {
    let endpoint = Arc::new(Endpoint::parse(url)?);
    let host: Arc<str> = Arc::from(url);
    // bollard puts this in the request URIs; `send` keeps only their path.
    let base = format!("http://{}", endpoint.authority());
    let transport = move |request: BollardRequest| send(Arc::clone(&endpoint), Arc::clone(&host), request);
    Docker::connect_with_custom_transport(transport, Some(base), NO_BOLLARD_TIMEOUT, API_DEFAULT_VERSION).ok()
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

async fn send(endpoint: Arc<Endpoint>, host: Arc<str>, request: BollardRequest) -> Result<Response<Incoming>, bollard::errors::Error> {
    let started = Instant::now();
    let bounds = bounds::Bounds::of(request.method(), request.uri());
    let failed = |fault| bollard::errors::Error::from(TransportFault { host: host.to_string(), fault }.into_io());
    let connection = match tokio::time::timeout(CONNECT_WITHIN, endpoint.connect()).await {
        Ok(Ok(connection)) => connection,
        Ok(Err(e)) => return Err(fault::of_connect(&e).map_or_else(|| e.into(), failed)),
        Err(_) => return Err(failed(Fault::NoAnswer { waited: CONNECT_WITHIN })),
    };
    let io = TokioIo::new(Metered::new(connection, bounds, Arc::clone(&host), started));
    let (mut sender, connection) = hyper::client::conn::http1::handshake(io).await?;
    // The connection's own errors reach the caller through the answer and its body.
    tokio::spawn(connection.with_upgrades());
    Ok(sender.send_request(origin_form(request, endpoint.authority())?).await?)
}

/// HTTP/1.1 on a connection of our own: the request target is the path, the engine's name
/// goes in `Host`.
fn origin_form(request: BollardRequest, authority: &str) -> Result<BollardRequest, bollard::errors::Error> {
    let (mut parts, body) = request.into_parts();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    parts.uri = target.parse()?;
    if let Ok(value) = HeaderValue::from_str(authority) {
        parts.headers.entry(HOST).or_insert(value);
    }
    Ok(Request::from_parts(parts, body))
}

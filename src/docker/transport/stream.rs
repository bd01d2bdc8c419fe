//! A streamed answer read in the reader's own task. Requests made through bollard leave their
//! HTTP connection to a task of its own ([`super::send`]), so every piece of a streamed body
//! is handed from that task to the reader's. The engine sends a log one line per chunk: a
//! 300,000-line log was 300,000 hand-overs between threads, each a wake-up through the kernel,
//! which cost several times what reading the lines did. Here the stream drives its connection
//! itself whenever it is polled, so the pieces pass within one task. The connection is the
//! transport's own, with the request's bounds.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::future::{self, Either};
use futures_util::Stream;
use http_body_util::Empty;
use hyper::body::{Body, Incoming};
use hyper::client::conn::http1::Connection;
use hyper::{Method, Request};
use hyper_util::rt::TokioIo;

use super::bounds::Bounds;
use super::Road;
use crate::docker::connect::EngineHost;
use super::metered::Metered;
use super::origin_form;

type Driven = Pin<Box<Connection<TokioIo<Metered>, Empty<Bytes>>>>;

/// The body of a successful answer, piece by piece as the engine sent it.
pub(crate) struct AnswerStream {
    body: Incoming,
    /// `None` once the connection has finished.
    connection: Option<Driven>,
}

/// `GET path_and_query` (`/v1.41/containers/ID/logs?…`) on the engine `engine`: its body as a
/// stream, or the engine's refusal as bollard reports one, so callers map errors as they do
/// for any other request.
pub(crate) async fn get_stream(engine: &EngineHost, path_and_query: &str) -> Result<AnswerStream, bollard::errors::Error> {
    let road = Road::to(engine).map_err(|_| bollard::errors::Error::UnsupportedURISchemeError { uri: engine.url.clone() })?;
    let host: Arc<str> = Arc::from(engine.url.as_str());
    let request = origin_form(Request::builder().method(Method::GET).uri(path_and_query).body(Empty::<Bytes>::new())?, road.endpoint.authority())?;
    let bounds = Bounds::of(request.method(), request.uri());
    let (mut sender, connection) = super::open(&road, &host, bounds).await?;
    let mut connection: Driven = Box::pin(connection);
    // The answer's head arrives only while its connection is driven.
    let sent = std::pin::pin!(sender.send_request(request));
    let answer = match future::select(sent, connection.as_mut()).await {
        Either::Left((answer, _)) => answer?,
        Either::Right((_, answer)) => answer.await?,
    };
    drop(sender);
    let (head, body) = answer.into_parts();
    let mut stream = AnswerStream { body, connection: Some(connection) };
    if head.status.is_success() {
        return Ok(stream);
    }
    let mut contents = Vec::new();
    while let Some(piece) = futures_util::StreamExt::next(&mut stream).await {
        contents.extend_from_slice(&piece?);
    }
    Err(refusal(head.status.as_u16(), &contents))
}

/// The engine's error answer as bollard words it: the `message` of its JSON, else the text.
fn refusal(status_code: u16, contents: &[u8]) -> bollard::errors::Error {
    #[derive(serde::Deserialize)]
    struct Message {
        message: String,
    }
    let message = match serde_json::from_slice::<Message>(contents) {
        Ok(m) => m.message,
        Err(_) => String::from_utf8_lossy(contents).into_owned(),
    };
    bollard::errors::Error::DockerResponseServerError { status_code, message }
}

impl AnswerStream {
    fn poll_body(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes, bollard::errors::Error>>> {
        loop {
            return match std::task::ready!(Pin::new(&mut self.body).poll_frame(cx)) {
                Some(Ok(frame)) => match frame.into_data() {
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_trailers) => continue,
                },
                Some(Err(e)) => Poll::Ready(Some(Err(e.into()))),
                None => Poll::Ready(None),
            };
        }
    }
}

impl Stream for AnswerStream {
    type Item = Result<Bytes, bollard::errors::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Poll::Ready(piece) = this.poll_body(cx) {
                return Poll::Ready(piece);
            }
            // The body waits for its connection to read on: drive it, then look again. The
            // connection's failures reach the body as its error; once it has finished, the
            // body has all there is.
            let Some(connection) = this.connection.as_mut() else { return Poll::Pending };
            if connection.as_mut().poll(cx).is_pending() {
                return this.poll_body(cx);
            }
            this.connection = None;
        }
    }
}

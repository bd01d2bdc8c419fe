//! One connection carrying one request, with its bounds enforced where the bytes arrive: each
//! read goes through the [`Meter`], the whole exchange and every wait for the next byte have
//! their deadlines, and an engine that closes before its answer is complete is told apart
//! from one that finished. Whatever fails is reported as a [`TransportFault`], so the HTTP
//! client and bollard carry our words up to the caller.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::bounds::Bounds;
use super::endpoint::Connection;
use super::fault::{Fault, TransportFault};
use super::meter::Meter;

/// A deadline and the wait it stands for (said in the message).
struct Deadline {
    waited: Duration,
    sleep: Pin<Box<Sleep>>,
}

impl Deadline {
    fn new(waited: Duration, at: Instant) -> Deadline {
        Deadline { waited, sleep: Box::pin(tokio::time::sleep_until(at)) }
    }

    fn passed(&mut self, cx: &mut Context<'_>) -> bool {
        self.sleep.as_mut().poll(cx).is_ready()
    }
}

/// The connection of one request.
pub(crate) struct Metered {
    io: Connection,
    meter: Meter,
    host: Arc<str>,
    /// The whole exchange, counted from before connecting.
    within: Option<Deadline>,
    /// The wait for the next byte; armed when a read starts waiting.
    silence: Option<(Deadline, bool)>,
    /// The first fault, given again to any later read or write.
    failed: Option<Fault>,
}

impl Metered {
    /// `started` is when the request began (before connecting).
    pub(crate) fn new(io: Connection, bounds: Bounds, host: Arc<str>, started: Instant) -> Metered {
        Metered {
            io,
            meter: Meter::new(bounds),
            host,
            within: bounds.within.map(|w| Deadline::new(w, started + w)),
            silence: bounds.silence.map(|s| (Deadline::new(s, started + s), false)),
            failed: None,
        }
    }

    fn fail(&mut self, fault: Fault) -> io::Error {
        self.failed = Some(fault.clone());
        let fault = TransportFault { host: self.host.to_string(), fault };
        super::fault::remember(&fault, std::time::Instant::now());
        fault.into_io()
    }

    /// The fault of a passed deadline; `reading` arms the silence deadline.
    fn overdue(&mut self, cx: &mut Context<'_>, reading: bool) -> Option<Fault> {
        if let Some(fault) = &self.failed {
            return Some(fault.clone());
        }
        if let Some(within) = &mut self.within {
            if within.passed(cx) {
                return Some(Fault::NoAnswer { waited: within.waited });
            }
        }
        if let (true, Some((silence, armed))) = (reading, &mut self.silence) {
            // Counted only while a read waits: a caller that stops reading for a while (a
            // paused terminal) is not the engine's silence.
            if !*armed {
                silence.sleep.as_mut().reset(Instant::now() + silence.waited);
                *armed = true;
            }
            if silence.passed(cx) {
                return Some(Fault::NoAnswer { waited: silence.waited });
            }
        }
        None
    }
}

impl AsyncRead for Metered {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if let Some(fault) = this.overdue(cx, true) {
            return Poll::Ready(Err(this.fail(fault)));
        }
        let before = buf.filled().len();
        if let Err(e) = ready!(Pin::new(&mut this.io).poll_read(cx, buf)) {
            // Reset, broken pipe, a failing network: the engine is gone mid-answer, unless
            // the connection itself said why (TLS, ssh).
            let fault = super::fault::fault_in(&e).map_or(Fault::Closed, |f| f.fault.clone());
            return Poll::Ready(Err(this.fail(fault)));
        }
        let new = &buf.filled()[before..];
        if new.is_empty() {
            return match this.meter.complete() {
                true => Poll::Ready(Ok(())),
                false => Poll::Ready(Err(this.fail(Fault::Closed))),
            };
        }
        if let Err(fault) = this.meter.feed(new) {
            return Poll::Ready(Err(this.fail(fault)));
        }
        if let Some((_, armed)) = &mut this.silence {
            *armed = false;
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Metered {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if let Some(fault) = this.overdue(cx, false) {
            return Poll::Ready(Err(this.fail(fault)));
        }
        match ready!(Pin::new(&mut this.io).poll_write(cx, buf)) {
            Ok(n) => Poll::Ready(Ok(n)),
            Err(e) => Poll::Ready(Err(this.fail(super::fault::fault_in(&e).map_or(Fault::Closed, |f| f.fault.clone())))),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

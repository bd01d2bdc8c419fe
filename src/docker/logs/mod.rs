//! `logs`: every selected container's output, multiplexed line by line into
//! [`Event::LogLine`]s. Each container's log is read in the task that reads the stream (see
//! `transport::get_stream`), its frames cut back into stdout and stderr (see [`frames`]) and
//! into lines (see [`lines`]) as the bytes arrive, so a long log costs little per line and
//! memory stays bounded however much a container wrote. When following, the engine's event stream
//! tells about containers started later for the same project (a recreated service), and their
//! output joins the stream.

pub mod frames;
pub mod lines;

use std::collections::{HashMap, HashSet};
use std::pin::Pin;
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use bollard::models::EventMessage;
use bollard::query_parameters::{EventsOptions, ListContainersOptions, LogsOptions};
use futures_util::stream::{self, SelectAll, Stream, StreamExt};
use futures_util::FutureExt;

use super::clock::EngineClock;
use super::{labels, Engine, EngineError};
use super::transport;
use crate::events::{Event, EventSink, LogStream};
use frames::Demux;
use lines::LineSplitter;

/// What to read from each container's log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// Keep streaming as containers write, and attach to containers started later.
    pub follow: bool,
    /// Only the last N lines of each container already there (`None`: all of them).
    pub tail: Option<u64>,
    /// Only lines written at or after this instant.
    pub since: Option<SystemTime>,
    /// Prefix each line with the engine's RFC 3339 timestamp.
    pub timestamps: bool,
}

/// A container whose log can be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogSource {
    pub id: String,
    /// The container's name (`level-2-web-1`).
    pub container: String,
    pub service: String,
}

/// The project's containers (running or not) of the given services (all when empty), ordered
/// by service then name.
pub async fn sources(engine: &Engine, project: &str, services: &[String]) -> Result<Vec<LogSource>, EngineError> {
    let options = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([("label".to_string(), vec![format!("{}={project}", labels::PROJECT)])])),
        ..Default::default()
    };
    let mut found: Vec<LogSource> = engine
        .docker
        .list_containers(Some(options))
        .await?
        .into_iter()
        .filter_map(|c| {
            let labels = c.labels.unwrap_or_default();
            let name = c.names.unwrap_or_default().into_iter().next().unwrap_or_default().trim_start_matches('/').to_string();
            let service = labels.get(labels::SERVICE).cloned().unwrap_or_else(|| name.clone());
            Some(LogSource { id: c.id?, container: name, service })
        })
        .filter(|s| selected(services, &s.service))
        .collect();
    found.sort_by(|a, b| (&a.service, &a.container).cmp(&(&b.service, &b.container)));
    Ok(found)
}

fn selected(services: &[String], service: &str) -> bool {
    services.is_empty() || services.iter().any(|s| s == service)
}

enum Item {
    /// A piece of a container's log body, as the engine sent it.
    Body(String, Result<Bytes, bollard::errors::Error>),
    End(String),
    Started(Result<EventMessage, bollard::errors::Error>),
}

type Feed = Pin<Box<dyn Stream<Item = Item> + Send>>;

/// A container being read: where its body is, and a splitter per output stream.
struct Attached {
    source: LogSource,
    demux: Demux,
    stdout: LineSplitter,
    stderr: LineSplitter,
}

impl Attached {
    fn new(source: LogSource) -> Attached {
        Attached { source, demux: Demux::default(), stdout: LineSplitter::default(), stderr: LineSplitter::default() }
    }

    /// Passes on the lines completed by the next piece of the body.
    fn push(&mut self, piece: &[u8], sink: &dyn EventSink) {
        let Attached { source, demux, stdout, stderr } = self;
        demux.push(piece, &mut |stream, bytes| {
            let splitter = match stream {
                LogStream::Stdout => &mut *stdout,
                LogStream::Stderr => &mut *stderr,
            };
            splitter.push(bytes, &mut |line| sink.emit(log_line(source, stream, line)));
        });
    }
}

/// Streams the logs of `project`'s containers of `services` (all when empty) into `sink`.
/// Without `follow`, returns when every container's log has been read; with it, runs until the
/// caller drops the future (or the engine goes away).
pub async fn stream_logs(
    engine: &Engine,
    project: &str,
    services: &[String],
    opts: LogOptions,
    sink: &dyn EventSink,
) -> Result<(), EngineError> {
    let mut feeds: SelectAll<Feed> = SelectAll::new();
    // Start events are replayed from just before the listing, so a container started in
    // between is seen by one or the other (or both: ids already attached are skipped).
    // Times are the engine's: its clock may differ from this machine's.
    let clock = if opts.follow { EngineClock::read(engine).await } else { EngineClock::default() };
    let listed_at = SystemTime::now();
    let listed_at_nanos = u128::try_from(clock.engine_ns(listed_at)).unwrap_or(0);
    if opts.follow {
        feeds.push(started(engine, project, clock.engine_secs(listed_at).saturating_sub(1)));
    }
    let mut active: HashMap<String, Attached> = HashMap::new();
    let mut listed: HashSet<String> = HashSet::new();
    let first = log_options(&opts, opts.tail, opts.since);
    for source in sources(engine, project, services).await? {
        listed.insert(source.id.clone());
        feeds.push(attach(engine, &source.id, &first));
        active.insert(source.id.clone(), Attached::new(source));
    }
    let mut seen = listed.clone();

    loop {
        // What is already buffered is taken without waiting; the sink is flushed only when
        // the engine has nothing more ready, so a long log goes out in large writes.
        let item = match feeds.next().now_or_never() {
            Some(item) => item,
            None => {
                sink.flush();
                feeds.next().await
            }
        };
        let Some(item) = item else { break };
        match item {
            Item::Body(id, Ok(piece)) => {
                if let Some(a) = active.get_mut(&id) {
                    a.push(&piece, sink);
                }
            }
            Item::Body(id, Err(e)) => {
                if let Some(a) = active.remove(&id) {
                    finish(a, sink);
                }
                if !is_gone(&e) {
                    return Err(e.into());
                }
            }
            Item::End(id) => {
                if let Some(a) = active.remove(&id) {
                    finish(a, sink);
                }
            }
            Item::Started(Err(e)) => return Err(e.into()),
            Item::Started(Ok(message)) => {
                let Some(source) = started_source(&message, services) else { continue };
                if active.contains_key(&source.id) {
                    continue;
                }
                let nanos = message.time_nano.and_then(|n| u128::try_from(n).ok()).unwrap_or(u128::MAX);
                if listed.contains(&source.id) && nanos < listed_at_nanos {
                    continue; // that run's output came with the listing
                }
                // A restarted container: only what this run writes. A new one: all of it.
                let options = if seen.contains(&source.id) {
                    let since = message.time.and_then(|t| u64::try_from(t).ok()).map(|t| UNIX_EPOCH + std::time::Duration::from_secs(t));
                    log_options(&opts, None, since)
                } else {
                    log_options(&opts, None, None)
                };
                seen.insert(source.id.clone());
                feeds.push(attach(engine, &source.id, &options));
                active.insert(source.id.clone(), Attached::new(source));
            }
        }
    }
    sink.flush();
    Ok(())
}

fn log_options(opts: &LogOptions, tail: Option<u64>, since: Option<SystemTime>) -> LogsOptions {
    LogsOptions {
        follow: opts.follow,
        stdout: true,
        stderr: true,
        since: since.map_or(0, |t| i32::try_from(unix_seconds(t)).unwrap_or(i32::MAX)),
        until: 0,
        timestamps: opts.timestamps,
        tail: tail.map_or_else(|| "all".to_string(), |n| n.to_string()),
    }
}

fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The engine's path for reading a container's log with `options`.
fn logs_path(engine: &Engine, id: &str, options: &LogsOptions) -> String {
    let LogsOptions { follow, stdout, stderr, since, until, timestamps, tail } = options;
    format!(
        "/v{}/containers/{id}/logs?follow={follow}&stdout={stdout}&stderr={stderr}&since={since}&until={until}&timestamps={timestamps}&tail={tail}",
        engine.docker.client_version()
    )
}

/// A container's log body, read in this task (see `transport::get_stream`), then its end.
fn attach(engine: &Engine, id: &str, options: &LogsOptions) -> Feed {
    let host = engine.host.clone();
    let path = logs_path(engine, id, options);
    let body = {
        let id = id.to_string();
        async move {
            match transport::get_stream(&host, &path).await {
                Ok(body) => body.boxed(),
                Err(e) => stream::once(std::future::ready(Err(e))).boxed(),
            }
        }
        .flatten_stream()
        .map(move |piece| Item::Body(id.clone(), piece))
    };
    Box::pin(body.chain(stream::once(std::future::ready(Item::End(id.to_string())))))
}

/// Start events of the project's containers, replayed from `since` (unix seconds).
fn started(engine: &Engine, project: &str, since: u64) -> Feed {
    let filters = HashMap::from([
        ("type".to_string(), vec!["container".to_string()]),
        ("event".to_string(), vec!["start".to_string()]),
        ("label".to_string(), vec![format!("{}={project}", labels::PROJECT)]),
    ]);
    let options = EventsOptions { since: Some(since.to_string()), until: None, filters: Some(filters) };
    Box::pin(engine.docker.events(Some(options)).map(Item::Started))
}

/// The container a start event is about, when it is one of the selected services.
fn started_source(message: &EventMessage, services: &[String]) -> Option<LogSource> {
    let actor = message.actor.as_ref()?;
    let attributes = actor.attributes.as_ref()?;
    let container = attributes.get("name").cloned().unwrap_or_default();
    let service = attributes.get(labels::SERVICE).cloned().unwrap_or_else(|| container.clone());
    if !selected(services, &service) || attributes.get(labels::ONEOFF).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return None;
    }
    Some(LogSource { id: actor.id.clone()?, container, service })
}

fn finish(mut a: Attached, sink: &dyn EventSink) {
    if let Some(line) = a.stdout.finish() {
        sink.emit(log_line(&a.source, LogStream::Stdout, line));
    }
    if let Some(line) = a.stderr.finish() {
        sink.emit(log_line(&a.source, LogStream::Stderr, line));
    }
}

fn log_line(source: &LogSource, stream: LogStream, line: String) -> Event {
    Event::LogLine { service: source.service.clone(), container: source.container.clone(), stream, line }
}

/// The container went away while being read: its stream simply ends.
fn is_gone(e: &bollard::errors::Error) -> bool {
    matches!(e, bollard::errors::Error::DockerResponseServerError { status_code: 404 | 409, .. })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::EventActor;

    fn start_event(service: &str, oneoff: Option<&str>) -> EventMessage {
        let mut attributes = HashMap::from([
            ("name".to_string(), format!("lab-{service}-1")),
            (labels::SERVICE.to_string(), service.to_string()),
        ]);
        if let Some(v) = oneoff {
            attributes.insert(labels::ONEOFF.to_string(), v.to_string());
        }
        EventMessage {
            action: Some("start".into()),
            actor: Some(EventActor { id: Some("abc".into()), attributes: Some(attributes) }),
            time: Some(1),
            time_nano: Some(1_000_000_000),
            ..Default::default()
        }
    }

    #[test]
    fn start_events_of_selected_services_become_sources() {
        let s = started_source(&start_event("web", None), &[]).unwrap();
        assert_eq!((s.id.as_str(), s.container.as_str(), s.service.as_str()), ("abc", "lab-web-1", "web"), "from the event's actor");
        assert!(started_source(&start_event("web", None), &["api".to_string()]).is_none(), "a service not asked for");
        assert!(started_source(&start_event("web", Some("True")), &[]).is_none(), "a one-off run is not the service");
        assert!(started_source(&EventMessage::default(), &[]).is_none(), "an event without an actor");
    }

    #[test]
    fn options_carry_tail_since_and_timestamps() {
        let opts = LogOptions { follow: true, tail: Some(2), since: Some(UNIX_EPOCH + std::time::Duration::from_secs(60)), timestamps: true };
        let o = log_options(&opts, opts.tail, opts.since);
        assert_eq!((o.tail.as_str(), o.since, o.follow, o.timestamps), ("2", 60, true, true), "as asked");
        assert!(o.stdout && o.stderr, "both output streams");
        assert_eq!(log_options(&opts, None, None).tail, "all", "containers found later are read whole");
    }
}

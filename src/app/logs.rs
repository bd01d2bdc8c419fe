//! A lab's logs for a window: the same stream `nivel logs` reads ([`super::lab_logs`]),
//! followed in a task the caller cancels, gathered into [`LogBatch`]es — one per 50 ms or per
//! 2,000 lines, whichever comes first — and queued, bounded in lines
//! ([`super::logs_queue`]), until the consumer asks for them: a consumer that falls further
//! behind than the view can show loses lines (counted in `dropped`), never the machine's memory.
//!
//! The consumer pulls ([`LogFollow::next`]) rather than being pushed to: a window asks for the
//! next batch when it has taken the last, so its pace sets the flow, a backlog waits here,
//! bounded, rather than in the window, and each batch is one answer to one request.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, UNIX_EPOCH};

use serde::Serialize;
use tokio::sync::watch;

use crate::events::{Event, EventSink, LogStream};

use super::context::Context;
use super::lab_logs::{lab_logs, LogRequest};
use super::lifecycle_error::LifecycleError;
use super::logs_queue::{line_queue, QueueRx, QueueTx};

/// The most lines one batch holds.
pub const BATCH_LINES: usize = 2000;
/// The longest a line waits in a batch before the batch goes out.
pub const BATCH_WAIT: Duration = Duration::from_millis(50);
/// Lines waiting for a slow consumer; beyond these, lines are dropped and counted. The logs
/// view keeps 100,000 lines, so more would only be evicted on arrival.
const QUEUED_LINES: usize = 100_000;

/// Lines of a lab's containers, in the order they were read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LogBatch {
    pub lines: Vec<LogLine>,
    /// Lines left out just before these because the consumer fell behind.
    pub dropped: u32,
}

/// One line a container wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct LogLine {
    pub service: String,
    pub stream: LogStream,
    pub line: String,
    /// When the engine received it, in unix milliseconds.
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub ts_ms: Option<u64>,
}

/// A followed log: its batches come from [`LogFollow::next`]; dropping it (or
/// [`LogFollow::cancel`], or a [`LogStop`] taken from it) stops the stream.
#[derive(Debug)]
pub struct LogFollow {
    stop: LogStop,
    batches: QueueRx,
    task: Option<tokio::task::JoinHandle<Result<(), LifecycleError>>>,
}

/// Stops a followed log from anywhere, also while its batches are being waited for.
#[derive(Clone, Debug)]
pub struct LogStop(Arc<watch::Sender<bool>>);

impl LogStop {
    /// Stops following; batches already queued are still handed out, then the stream ends.
    pub fn stop(&self) {
        self.0.send_replace(true);
    }
}

impl LogFollow {
    /// The next batch, merged with those queued behind it (at most 10,000 lines); waits for
    /// one. `None` once the stream has ended: stopped, or (engine gone) broken, as
    /// [`LogFollow::finished`] then tells.
    pub async fn next(&mut self) -> Option<LogBatch> {
        self.batches.recv().await
    }

    /// A handle that stops this log.
    pub fn stopper(&self) -> LogStop {
        self.stop.clone()
    }

    /// Stops following; batches already queued may still be handed out.
    pub fn cancel(&mut self) {
        self.stop.stop();
    }

    /// Waits until the stream ends: cancelled, or (engine gone) broken, which it then says;
    /// asked again, it has nothing more to say.
    pub async fn finished(&mut self) -> Result<(), LifecycleError> {
        let Some(task) = self.task.take() else { return Ok(()) };
        match task.await {
            Ok(result) => result,
            Err(_) => Ok(()),
        }
    }
}

impl Drop for LogFollow {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Follows the logs of lab `lab` (a built-in id or level, or a compose project name), of
/// `services` (all when empty), starting with the last `tail` lines of each container; the
/// batches wait, in order, for [`LogFollow::next`]. Must be called within a Tokio runtime.
pub async fn logs_follow(ctx: &Context, lab: &str, services: &[String], tail: u32) -> Result<LogFollow, LifecycleError> {
    let request = LogRequest { services: services.to_vec(), follow: true, tail: Some(u64::from(tail)), since: None, timestamps: true };
    let logs = lab_logs(ctx, lab, request).await?;
    let (tx, batches) = line_queue(QUEUED_LINES);
    let (stop, mut stopped) = watch::channel(false);
    let task = tokio::spawn(async move {
        let sink = Batcher::new(tx, Instant::now);
        tokio::select! {
            done = logs.read(&sink) => done,
            _ = stopped.wait_for(|stop| *stop) => Ok(()),
        }
    });
    Ok(LogFollow { stop: LogStop(Arc::new(stop)), batches, task: Some(task) })
}

/// Gathers log lines into batches and queues them for the consumer.
struct Batcher {
    tx: QueueTx,
    pending: Mutex<Pending>,
    /// The clock batches are timed by (tests hold it still or move it by hand).
    now: fn() -> Instant,
}

#[derive(Default)]
struct Pending {
    lines: Vec<LogLine>,
    since: Option<Instant>,
    dropped: u32,
}

impl Batcher {
    fn new(tx: QueueTx, now: fn() -> Instant) -> Batcher {
        Batcher { tx, pending: Mutex::new(Pending::default()), now }
    }

    fn send(&self, pending: &mut Pending) {
        if pending.lines.is_empty() {
            return;
        }
        let lines = std::mem::take(&mut pending.lines);
        pending.since = None;
        match self.tx.send(LogBatch { lines, dropped: pending.dropped }) {
            Ok(()) => pending.dropped = 0,
            Err(batch) => pending.dropped = pending.dropped.saturating_add(u32::try_from(batch.lines.len()).unwrap_or(u32::MAX)),
        }
    }
}

impl EventSink for Batcher {
    fn emit(&self, event: Event) {
        let Event::LogLine { service, stream, line, .. } = event else { return };
        let Ok(mut pending) = self.pending.lock() else { return };
        let (ts_ms, line) = split_timestamp(line);
        pending.lines.push(LogLine { service, stream, line, ts_ms });
        let now = (self.now)();
        let since = *pending.since.get_or_insert(now);
        if pending.lines.len() >= BATCH_LINES || now.duration_since(since) >= BATCH_WAIT {
            self.send(&mut pending);
        }
    }

    fn flush(&self) {
        if let Ok(mut pending) = self.pending.lock() {
            self.send(&mut pending);
        }
    }
}

/// `2024-05-01T10:20:30.123456789Z text` → the time in unix milliseconds, and `text`.
fn split_timestamp(line: String) -> (Option<u64>, String) {
    let Some((stamp, rest)) = line.split_once(' ') else { return (None, line) };
    match crate::docker::status::parse_rfc3339(stamp) {
        Some(t) => {
            let ms = t.duration_since(UNIX_EPOCH).ok().and_then(|d| u64::try_from(d.as_millis()).ok());
            (ms, rest.to_owned())
        }
        None => (None, line),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;

    use super::*;

    /// A clock that stands still unless a test moves it (by [`ADVANCED_MS`]).
    static ADVANCED_MS: AtomicU64 = AtomicU64::new(0);

    fn still() -> Instant {
        static START: OnceLock<Instant> = OnceLock::new();
        *START.get_or_init(Instant::now)
    }

    fn moved() -> Instant {
        still() + Duration::from_millis(ADVANCED_MS.load(Ordering::SeqCst))
    }

    fn line(n: usize) -> Event {
        Event::LogLine { service: "web".into(), container: "lab-web-1".into(), stream: LogStream::Stdout, line: format!("2024-05-01T10:20:30.5Z line {n}") }
    }

    #[test]
    fn lines_go_out_in_batches_of_at_most_two_thousand() {
        let (tx, mut rx) = line_queue(QUEUED_LINES);
        let sink = Batcher::new(tx, still);
        for n in 0..4500 {
            sink.emit(line(n));
        }
        sink.flush();
        let sizes: Vec<usize> = std::iter::from_fn(|| rx.try_recv()).map(|b| b.lines.len()).collect();
        assert_eq!(sizes, [2000, 2000, 500], "full batches while the stream is busy, the rest when it pauses");
    }

    #[test]
    fn a_consumer_that_falls_behind_loses_lines_and_is_told_how_many() {
        let (tx, mut rx) = line_queue(BATCH_LINES);
        let sink = Batcher::new(tx, still);
        for n in 0..(3 * BATCH_LINES) {
            sink.emit(line(n));
        }
        let first = rx.try_recv().expect("the first batch is queued");
        assert_eq!(first.dropped, 0, "nothing lost before the first batch");
        sink.emit(line(0));
        sink.flush();
        let next = rx.try_recv().expect("once there is room, the next batch goes");
        assert_eq!(next.dropped, 2 * BATCH_LINES as u32, "the two batches with no room are counted");
    }

    #[test]
    fn a_consumer_held_up_for_a_while_finds_every_line_waiting() {
        let (tx, mut rx) = line_queue(QUEUED_LINES);
        let sink = Batcher::new(tx, still);
        let total = QUEUED_LINES;
        for n in 0..total {
            sink.emit(line(n));
            // Small batches, as the 50 ms timer makes them at a few thousand lines a second.
            if n % 100 == 99 {
                sink.flush();
            }
        }
        let mut batches: Vec<LogBatch> = std::iter::from_fn(|| rx.try_recv()).collect();
        sink.flush();
        batches.extend(std::iter::from_fn(|| rx.try_recv()));
        let dropped: u32 = batches.iter().map(|b| b.dropped).sum();
        let lines: Vec<String> = batches.into_iter().flat_map(|b| b.lines).map(|l| l.line).collect();
        assert_eq!(dropped, 0, "a full queue holds lines back, it does not lose them");
        assert_eq!(lines.len(), total, "every line arrives once the consumer is back");
        assert_eq!(lines.last().map(String::as_str), Some(format!("line {}", total - 1).as_str()), "in the order they were read");
    }

    #[test]
    fn at_a_high_rate_nothing_is_dropped_while_the_consumer_keeps_up() {
        let (tx, mut rx) = line_queue(QUEUED_LINES);
        // The consumer does what the window's Channel does with each batch: serialise it.
        let consumer = std::thread::spawn(move || {
            let (mut lines, mut dropped, mut last) = (0usize, 0u32, String::new());
            while let Some(batch) = rx.blocking_recv() {
                let json = serde_json::to_string(&batch).unwrap_or_default();
                assert!(json.len() > batch.lines.len(), "each line is serialised");
                dropped += batch.dropped;
                lines += batch.lines.len();
                last = batch.lines.last().map(|l| l.line.clone()).unwrap_or(last);
            }
            (lines, dropped, last)
        });
        let sink = Batcher::new(tx, Instant::now);
        // 20,000 lines a second, twice what the logs view must follow, in bursts of 500.
        let (total, burst, started) = (60_000, 500, Instant::now());
        for n in 0..total {
            sink.emit(line(n));
            if n % burst == burst - 1 {
                let due = started + Duration::from_millis(25 * (n / burst + 1) as u64);
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
            }
        }
        sink.flush();
        drop(sink);
        let (lines, dropped, last) = consumer.join().expect("the consumer finishes");
        assert_eq!(dropped, 0, "a consumer that keeps up on average loses nothing");
        assert_eq!(lines, total, "every line reaches the consumer");
        assert_eq!(last, format!("line {}", total - 1), "the last line arrives last");
    }

    #[test]
    fn a_line_waits_at_most_fifty_milliseconds() {
        let (tx, mut rx) = line_queue(QUEUED_LINES);
        let sink = Batcher::new(tx, moved);
        sink.emit(line(0));
        assert!(rx.try_recv().is_none(), "one fresh line waits for more");
        ADVANCED_MS.store(50, Ordering::SeqCst);
        sink.emit(line(1));
        assert_eq!(rx.try_recv().map(|b| b.lines.len()), Some(2), "50 ms after the first line, the batch goes");
    }

    #[test]
    fn the_engine_timestamp_becomes_milliseconds() {
        let (ts, text) = split_timestamp("2024-05-01T10:20:30.5Z hello world".into());
        assert_eq!(text, "hello world", "the stamp is taken off the line");
        assert_eq!(ts, Some(1_714_558_830_500), "the stamp in unix milliseconds");
        assert_eq!(split_timestamp("no stamp here".into()), (None, "no stamp here".into()), "a line without a stamp is kept whole");
    }
}

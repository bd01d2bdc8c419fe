//! Following a lab's logs as the logs view does: batches with each line's service and time,
//! and nothing more once cancelled.

use std::sync::mpsc;
use std::time::Duration;

use nivel::app::{self, LogBatch, BATCH_LINES};
use nivel::events::LogStream;

use super::{context, runtime};
use crate::engine::lab::TestLab;

const TALKER: &str = "services:\n  talker:\n    image: IMAGE\n    command: [\"sh\", \"-c\", \"i=0; while true; do echo line $$i; i=$$((i+1)); sleep 0.005; done\"]\n";

#[test]
fn a_followed_log_arrives_in_batches_and_stops_when_cancelled() {
    let Some(lab) = TestLab::new("app-logs", TALKER) else { return };
    lab.up().0.expect("the talker starts");
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), lab.dir.path());
    let rt = runtime();
    let (tx, rx) = mpsc::channel::<LogBatch>();
    let mut follow = rt.block_on(app::logs_follow(&ctx, &lab.project, &[], 5, move |batch| {
        let _ = tx.send(batch);
    }))
    .expect("the log is followed");

    let mut lines = Vec::new();
    while lines.len() < 300 {
        let batch = rx.recv_timeout(Duration::from_secs(20)).expect("batches keep coming while the container talks");
        assert!(!batch.lines.is_empty() && batch.lines.len() <= BATCH_LINES, "a batch holds 1 to {BATCH_LINES} lines: {}", batch.lines.len());
        lines.extend(batch.lines);
    }
    assert!(lines.iter().all(|l| l.service == "talker" && l.stream == LogStream::Stdout), "each line names its service and stream");
    assert!(lines.iter().all(|l| l.line.starts_with("line ") && l.ts_ms.is_some()), "the text without the engine's stamp, the time apart: {:?}", &lines[..3]);
    let numbers: Vec<u64> = lines.iter().filter_map(|l| l.line.strip_prefix("line ")?.parse().ok()).collect();
    assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "in order, none lost: {:?}", &numbers[..10]);
    assert!(numbers[0] > 0, "the tail starts with the last lines, not the first");

    follow.cancel();
    rt.block_on(follow.finished()).expect("a cancelled follow ends cleanly");
    // Batches queued before the cancel may still come; then nothing.
    std::thread::sleep(Duration::from_millis(300));
    while rx.try_recv().is_ok() {}
    std::thread::sleep(Duration::from_millis(500));
    assert!(rx.try_recv().is_err(), "no batch after the follow was cancelled");
}

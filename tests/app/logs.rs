//! Following a lab's logs as the logs view does: batches pulled one after another, with each
//! line's service and time, and an end once stopped.

use std::time::Duration;

use nivel::app;
use nivel::events::LogStream;

use super::{context, runtime};
use crate::engine::lab::TestLab;

const TALKER: &str = "services:\n  talker:\n    image: IMAGE\n    command: [\"sh\", \"-c\", \"i=0; while true; do echo line $$i; i=$$((i+1)); sleep 0.005; done\"]\n";

#[test]
fn a_followed_log_arrives_in_batches_and_ends_when_stopped() {
    let Some(lab) = TestLab::new("app-logs", TALKER) else { return };
    lab.up().0.expect("the talker starts");
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), lab.dir.path());
    let rt = runtime();
    let mut follow = rt.block_on(app::logs_follow(&ctx, &lab.project, &[], 5)).expect("the log is followed");
    let next = |follow: &mut app::LogFollow| rt.block_on(async { tokio::time::timeout(Duration::from_secs(20), follow.next()).await });

    let mut lines = Vec::new();
    while lines.len() < 300 {
        let batch = next(&mut follow).expect("batches keep coming while the container talks").expect("the stream goes on");
        assert!(!batch.lines.is_empty(), "a batch is handed out once it holds a line");
        lines.extend(batch.lines);
    }
    assert!(lines.iter().all(|l| l.service == "talker" && l.stream == LogStream::Stdout), "each line names its service and stream");
    assert!(lines.iter().all(|l| l.line.starts_with("line ") && l.ts_ms.is_some()), "the text without the engine's stamp, the time apart: {:?}", &lines[..3]);
    let numbers: Vec<u64> = lines.iter().filter_map(|l| l.line.strip_prefix("line ")?.parse().ok()).collect();
    assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "in order, none lost: {:?}", &numbers[..10]);
    assert!(numbers[0] > 0, "the tail starts with the last lines, not the first");

    // Stopped from elsewhere, as the window's stop button does while a batch is awaited: what
    // was queued still comes, then the stream ends instead of waiting for more.
    follow.stopper().stop();
    while next(&mut follow).expect("a stopped follow ends rather than waiting").is_some() {}
    assert!(next(&mut follow).expect("an ended follow answers at once").is_none(), "nothing after the end");
    rt.block_on(follow.finished()).expect("a stopped follow ends cleanly");
}

//! The progress watcher: it hears another process record progress (the real `nivel` binary,
//! another connection recording a check run) and names the lab when the store says which;
//! while nothing is written, reads included, it stays silent.

use std::time::Duration;

use nivel::app::ProgressChange;
use nivel::progress::{NewCheckRun, Store, UnixMillis};

use super::{context, rt};
use crate::progress::support::run;

/// How long a change may take to be heard.
const HEARD_WITHIN: Duration = Duration::from_secs(5);
/// How long silence is awaited.
const QUIET_FOR: Duration = Duration::from_millis(1500);

#[test]
fn another_process_writing_is_heard_and_nothing_else_is() {
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path());
    let rt = rt();
    let mut watch = rt.block_on(async { nivel::app::watch_progress(&ctx) }).expect("the data folder can be watched");
    let next = |watch: &mut nivel::app::ProgressWatch, within: Duration| rt.block_on(async { tokio::time::timeout(within, watch.next()).await.ok().flatten() });

    assert_eq!(next(&mut watch, QUIET_FOR), None, "nothing exists, nothing is heard");

    let set = run(data.path(), &["whoami", "set", "--name", "Ana"]);
    assert!(set.status.success(), "whoami set: {}", String::from_utf8_lossy(&set.stderr));
    assert_eq!(next(&mut watch, HEARD_WITHIN), Some(ProgressChange { lab: None }), "the store made by another process is heard");
    // The rest of that process's writes belong to the same change.
    while next(&mut watch, QUIET_FOR).is_some() {}

    for args in [&["whoami"][..], &["progress", "--json"], &["settings"]] {
        let read = run(data.path(), args);
        assert!(read.status.success(), "{args:?}: {}", String::from_utf8_lossy(&read.stderr));
    }
    assert_eq!(next(&mut watch, QUIET_FOR), None, "other processes only reading are not a change");

    let again = run(data.path(), &["whoami", "set", "--group", "G1"]);
    assert!(again.status.success(), "whoami set: {}", String::from_utf8_lossy(&again.stderr));
    assert_eq!(next(&mut watch, HEARD_WITHIN), Some(ProgressChange { lab: None }), "an identity changed by another process");
    assert_eq!(next(&mut watch, QUIET_FOR), None, "one write, one change");

    let writer = std::thread::spawn({
        let db = ctx.store_path();
        move || {
            let store = Store::open(&db).unwrap();
            let run = NewCheckRun { lab: "level-2", exercise: "experiment", passed: true, observed: "", duration: Duration::ZERO, at: UnixMillis(1) };
            store.check_runs().record(&run).unwrap();
        }
    });
    writer.join().unwrap();
    assert_eq!(next(&mut watch, HEARD_WITHIN), Some(ProgressChange { lab: Some("level-2".into()) }), "a check run names its lab");
    assert_eq!(next(&mut watch, QUIET_FOR), None, "and nothing more");
}

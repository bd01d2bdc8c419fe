//! Two processes writing the same store at once: WAL and the busy timeout make them take
//! turns; neither sees "database is locked".

use std::collections::BTreeSet;

use super::kill::assert_sound;
use super::writer::Writer;

const RUNS: usize = 150;

#[test]
fn two_writers_at_once_both_finish() {
    // A fresh file each round: both processes also create and migrate it at the same time.
    for round in 0..3 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("progress.sqlite3");
        let writers = [Writer::spawn(&db, Some(RUNS), "a"), Writer::spawn(&db, Some(RUNS), "b")];
        let mut all = BTreeSet::new();
        for (name, mut w) in ["a", "b"].into_iter().zip(writers) {
            let mut stderr = w.child.stderr.take().unwrap();
            let status = w.child.wait().unwrap();
            let mut err = String::new();
            std::io::Read::read_to_string(&mut stderr, &mut err).unwrap();
            assert!(!err.contains("locked") && !err.contains("busy"), "round {round}: writer {name} never saw a locked database: {err}");
            assert!(status.success(), "round {round}: writer {name} finished: {status}\n{err}");
            let ids = w.committed();
            assert_eq!(ids.len(), RUNS, "round {round}: writer {name} committed every run");
            all.extend(ids);
        }
        assert_eq!(all.len(), 2 * RUNS, "round {round}: no two runs share an id");
        assert_sound(&db, &all, &format!("round {round}"));
    }
}

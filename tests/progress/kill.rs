//! Killing a writer (SIGKILL) at random points never corrupts the store or loses a result the
//! writer reported committed.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use nivel::progress::{Action, NewCheckRun, Outcome, Store, StoreError, UnixMillis};

use super::writer::{Writer, COUNT_ENV, DB_ENV, TAG_ENV};

/// The child side: records check runs until killed (or `COUNT_ENV` of them).
#[test]
#[ignore = "run as a child process by the progress tests"]
fn writer() {
    let Some(db) = std::env::var_os(DB_ENV) else {
        eprintln!("{DB_ENV} is not set: this test only runs as the progress tests' child process");
        return;
    };
    let count: Option<usize> = std::env::var(COUNT_ENV).ok().map(|n| n.parse().expect("a count"));
    let tag = std::env::var(TAG_ENV).unwrap_or_else(|_| "w".into());
    let store = Store::open(Path::new(&db)).unwrap_or_else(|e| fail(e, &db));
    println!("writer ready");
    let mut i = 0usize;
    while count.is_none_or(|n| i < n) {
        let at = UnixMillis::from_system_time(SystemTime::now());
        // Outputs of varied size, so commits span one page or several.
        let observed = format!("run {i} of {tag}: {}", "x".repeat(i * 97 % 6000));
        let exercise = format!("{tag}-{}", i % 3);
        let run = NewCheckRun { lab: "level-2", exercise: &exercise, passed: i.is_multiple_of(2), observed: &observed, duration: Duration::from_millis(7), at };
        let id = store.check_runs().record(&run).unwrap_or_else(|e| fail(e, &db));
        println!("committed {} ok", id.0);
        if i.is_multiple_of(10) {
            let session = store.sessions().start("level-2", Action::Up, at).unwrap_or_else(|e| fail(e, &db));
            store.sessions().finish(session, Outcome::Succeeded, at).unwrap_or_else(|e| fail(e, &db));
        }
        i += 1;
    }
}

/// How `nivel` itself ends on a store error: its message, then exit 1 (no panic).
fn fail(e: StoreError, db: &std::ffi::OsStr) -> ! {
    use nivel::app::{Problem, Remedy};
    let e = e.at(Path::new(db));
    let fix = match e.remedy() {
        Some(Remedy::Advice { text }) => format!("\n  fix: {}", text.en),
        _ => String::new(),
    };
    eprintln!("error: {}{fix}", e.text().en);
    std::process::exit(1);
}

/// A small xorshift generator: random kill points without a dependency; the seed is printed
/// so a failing run can be repeated.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

/// The file is sound, holds every id in `committed`, and its exercise counters agree with its
/// runs (they are written in one transaction).
pub fn assert_sound(db: &Path, committed: &BTreeSet<i64>, when: &str) {
    let store = Store::open(db).unwrap_or_else(|e| panic!("{when}: the store opens again: {e}"));
    assert_eq!(store.integrity_check().unwrap(), ["ok"], "{when}: PRAGMA integrity_check");
    let stored: BTreeSet<i64> = store.check_runs().ids().unwrap().into_iter().map(|id| id.0).collect();
    let lost: Vec<&i64> = committed.difference(&stored).collect();
    assert!(lost.is_empty(), "{when}: every committed run is in the file; lost {lost:?}");
    let attempts: u64 = store.exercises().all().unwrap().iter().map(|e| u64::from(e.attempts)).sum();
    assert_eq!(attempts, stored.len() as u64, "{when}: exercise attempts count exactly the stored runs");
}

#[test]
fn a_killed_writer_loses_nothing_it_committed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("progress.sqlite3");
    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap().as_nanos() as u64 ^ u64::from(std::process::id()) | 1;
    eprintln!("kill points seed: {seed}");
    let mut rng = Rng(seed);
    let mut committed = BTreeSet::new();
    let mut kills_while_writing = 0;
    for round in 0..30 {
        let mut writer = Writer::spawn(&db, None, "kill");
        // Every fifth round is killed wherever it is (opening, migrating a fresh file); the
        // others once the writer is writing.
        if round % 5 != 0 {
            if let Err(e) = writer.ready.recv_timeout(Duration::from_secs(30)) {
                let _ = writer.child.kill();
                let out = writer.child.wait_with_output().unwrap();
                panic!("round {round}: the writer did not open the store ({e}): {}", String::from_utf8_lossy(&out.stderr));
            }
        }
        std::thread::sleep(Duration::from_millis(rng.between(5, 80)));
        let still_running = writer.child.try_wait().unwrap().is_none();
        writer.child.kill().unwrap();
        writer.child.wait().unwrap();
        let ids = writer.committed();
        if still_running && !ids.is_empty() {
            kills_while_writing += 1;
        }
        committed.extend(ids);
        assert_sound(&db, &committed, &format!("after kill {round} (seed {seed})"));
    }
    eprintln!("{} runs committed, {kills_while_writing} of 30 kills while writing", committed.len());
    assert!(committed.len() >= 30, "the writers committed enough runs to make the kills count: {}", committed.len());
    assert!(kills_while_writing >= 15, "most kills landed while the writer was writing: {kills_while_writing} of 30");
}

//! The log streams the window follows, by handle: `logs_follow` opens one, `logs_next` hands
//! out its batches, `logs_stop` ends it, and closing the window ends them all, so no stream
//! outlives the view that wanted it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use nivel::app::{LifecycleError, LogBatch, LogFollow, LogStop};

/// One open stream: its stop, usable while a batch is being awaited, and the stream itself,
/// awaited by one request at a time.
struct Open {
    stop: LogStop,
    follow: Arc<tokio::sync::Mutex<LogFollow>>,
}

#[derive(Default)]
pub struct Follows {
    next: AtomicU32,
    open: Mutex<HashMap<u32, Open>>,
}

impl Follows {
    /// Keeps `follow` open; its handle for the UI.
    pub fn keep(&self, follow: LogFollow) -> u32 {
        let handle = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let open = Open { stop: follow.stopper(), follow: Arc::new(tokio::sync::Mutex::new(follow)) };
        self.lock().insert(handle, open);
        handle
    }

    /// The next batch of stream `handle`, waiting for one; `None` once the stream has ended
    /// (stopped) or when there is no such stream, and the error that broke it (the engine
    /// gone) once.
    pub async fn next(&self, handle: u32) -> Result<Option<LogBatch>, LifecycleError> {
        let Some(follow) = self.lock().get(&handle).map(|open| Arc::clone(&open.follow)) else { return Ok(None) };
        let mut follow = follow.lock().await;
        if let Some(batch) = follow.next().await {
            return Ok(Some(batch));
        }
        self.lock().remove(&handle);
        follow.finished().await.map(|()| None)
    }

    /// Stops the stream `handle` (nothing when it already ended): a request waiting for its
    /// next batch gets what was queued, then the end.
    pub fn stop(&self, handle: u32) {
        if let Some(open) = self.lock().remove(&handle) {
            open.stop.stop();
        }
    }

    /// Stops every stream.
    pub fn stop_all(&self) {
        for (_, open) in self.lock().drain() {
            open.stop.stop();
        }
    }

    /// How many streams are open.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Open>> {
        // A panic while holding the map cannot leave it half-changed: insert and remove are
        // single calls, so a poisoned lock is still a good map.
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

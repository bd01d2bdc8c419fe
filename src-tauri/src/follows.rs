//! The log streams the window follows, by handle: `logs_follow` opens one, `logs_stop` ends
//! it, and closing the window ends them all, so no stream outlives the view that wanted it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;

use nivel::app::LogFollow;

#[derive(Default)]
pub struct Follows {
    next: AtomicU32,
    open: Mutex<HashMap<u32, LogFollow>>,
}

impl Follows {
    /// Keeps `follow` open; its handle for the UI.
    pub fn keep(&self, follow: LogFollow) -> u32 {
        let handle = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        self.lock().insert(handle, follow);
        handle
    }

    /// Stops the stream `handle` (nothing when it already ended).
    pub fn stop(&self, handle: u32) {
        if let Some(mut follow) = self.lock().remove(&handle) {
            follow.cancel();
        }
    }

    /// Stops every stream.
    pub fn stop_all(&self) {
        for (_, mut follow) in self.lock().drain() {
            follow.cancel();
        }
    }

    /// How many streams are open.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, LogFollow>> {
        // A panic while holding the map cannot leave it half-changed: insert and remove are
        // single calls, so a poisoned lock is still a good map.
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

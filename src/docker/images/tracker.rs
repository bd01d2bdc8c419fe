//! The state one operation's concurrent `ensure_image` calls share: the aggregate progress
//! and one lock per image, so two services on the same image pull or build it once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use crate::events::{Event, EventSink};

use super::progress::{LayerUpdate, PullProgress};

/// Aggregates the progress of every pull of one operation into `Event::PullProgress`.
pub struct PullTracker<'a> {
    pub sink: &'a dyn EventSink,
    project: Option<String>,
    progress: Mutex<PullProgress>,
    images: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl<'a> PullTracker<'a> {
    pub fn new(sink: &'a dyn EventSink) -> Self {
        PullTracker { sink, project: None, progress: Mutex::default(), images: Mutex::default() }
    }

    /// A tracker for one project's operation: built images are named `<project>-<service>`
    /// like compose names them. Without it the project folder's name stands in.
    pub fn for_project(project: &str, sink: &'a dyn EventSink) -> Self {
        PullTracker { project: Some(project.to_string()), ..PullTracker::new(sink) }
    }

    pub fn project(&self) -> Option<&str> {
        self.project.as_deref()
    }

    /// Held while one image is inspected, pulled or built.
    pub(crate) async fn lock_image(&self, image: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let lock = {
            let mut images = relock(&self.images);
            images.entry(image.to_string()).or_default().clone()
        };
        lock.lock_owned().await
    }

    pub(crate) fn emit(&self, event: Event) {
        self.sink.emit(event);
    }

    pub(crate) fn start(&self, image: &str, service: &str) {
        relock(&self.progress).start(image, service);
    }

    pub(crate) fn update(&self, image: &str, update: &LayerUpdate, now: Instant) {
        let events = relock(&self.progress).update(image, update, now);
        self.emit_all(events);
    }

    pub(crate) fn finish(&self, image: &str, now: Instant) {
        let events = relock(&self.progress).finish(image, now);
        self.emit_all(events);
    }

    fn emit_all(&self, events: Vec<Event>) {
        for event in events {
            self.sink.emit(event);
        }
    }
}

/// Progress figures stay usable after a panicking sink: the data is counters, never half-written.
fn relock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

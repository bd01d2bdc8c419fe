//! A lab's images in one archive and back, for a classroom without internet: the pulls and
//! builds a save needs stream as the usual events, the archive's bytes as their own progress.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use nivel::app::{ArchiveProgress, ArchivedImages, Failure, Observer};
use nivel::events::Event;
use tauri::ipc::Channel;

use super::{failure, Ctx};
use crate::sink::ChannelSink;

/// The engine reports every chunk; a bar redrawn ten times a second is smooth enough.
const EVERY: Duration = Duration::from_millis(100);

#[tauri::command]
pub async fn images_save(ctx: Ctx<'_>, labs: Vec<String>, path: PathBuf, on_event: Channel<Event>, on_bytes: Channel<ArchiveProgress>) -> Result<ArchivedImages, Failure> {
    let sink = ChannelSink(on_event);
    let bytes = Throttled::new(on_bytes);
    let saved = nivel::app::images_save(&ctx, &labs, &path, &Observer::events(&sink), &|done| bytes.send(done, None)).await.map_err(failure)?;
    // A save's length is known only now: its last count may have fallen inside the interval.
    bytes.send_now(saved.bytes, None);
    Ok(saved)
}

#[tauri::command]
pub async fn images_load(ctx: Ctx<'_>, path: PathBuf, on_bytes: Channel<ArchiveProgress>) -> Result<ArchivedImages, Failure> {
    let bytes = Throttled::new(on_bytes);
    nivel::app::images_load(&ctx, &path, &|done, total| bytes.send(done, Some(total))).await.map_err(failure)
}

/// A byte count sent at most every [`EVERY`], and always when it reaches the total.
struct Throttled {
    channel: Channel<ArchiveProgress>,
    last: Mutex<Option<Instant>>,
}

impl Throttled {
    fn new(channel: Channel<ArchiveProgress>) -> Throttled {
        Throttled { channel, last: Mutex::new(None) }
    }

    fn send(&self, done: u64, total: Option<u64>) {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if total != Some(done) && last.is_some_and(|l| now.duration_since(l) < EVERY) {
            return;
        }
        *last = Some(now);
        self.send_now(done, total);
    }

    /// Sends the count whatever the interval.
    fn send_now(&self, done: u64, total: Option<u64>) {
        // A view that closed mid-operation no longer listens; the archive is written all the same.
        let _ = self.channel.send(ArchiveProgress { done, total });
    }
}

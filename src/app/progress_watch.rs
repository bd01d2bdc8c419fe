//! Learning that another process changed the student's progress (a `nivel check` in a
//! terminal, a second window) without polling while nothing happens: the data folder is
//! watched by the operating system (inotify on Linux), and each burst of file activity on the
//! store is confirmed with SQLite's `data_version`, which moves only when another connection
//! committed. Each change names its lab when the store tells which one it was.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::Stream;
use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecursiveMode, Watcher};
use serde::Serialize;
use tokio::sync::mpsc;

use crate::lab::Text;
use crate::progress::{ChangeMark, Store, StoreError, FILE_NAME};

use super::{Context, Problem};

/// Quiet time that ends a burst of writes: a commit is several writes, and the last one
/// lands a moment before the shared index says it is committed.
const SETTLE: Duration = Duration::from_millis(100);

/// Progress recorded by someone else; `lab` when the store says which lab it was about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
pub struct ProgressChange {
    pub lab: Option<String>,
}

/// A watch over the progress store; dropped, it stops.
pub struct ProgressWatch {
    activity: mpsc::UnboundedReceiver<Touch>,
    _watcher: notify::RecommendedWatcher,
    store_path: PathBuf,
    seen: Option<Seen>,
    pending: VecDeque<ProgressChange>,
}

/// What the watch last saw of the store.
struct Seen {
    store: Store,
    version: i64,
    mark: ChangeMark,
}

/// File activity on the store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Touch {
    /// Written to.
    Written,
    /// Created, removed or renamed: the store may be another file now (a restore).
    Replaced,
}

/// Why the progress store cannot be watched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WatchError {
    /// The data folder could not be made or watched.
    #[error("cannot watch {path}: {reason}")]
    Folder { path: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Starts watching the context's progress store (making its folder if it is not there).
pub fn watch_progress(ctx: &Context) -> Result<ProgressWatch, WatchError> {
    let store_path = ctx.store_path();
    let folder = store_path.parent().map_or_else(|| ctx.data_dir.clone(), Path::to_path_buf);
    let failed = |e: &dyn std::fmt::Display| WatchError::Folder { path: folder.clone(), reason: e.to_string() };
    std::fs::create_dir_all(&folder).map_err(|e| failed(&e))?;
    let (tx, activity) = mpsc::unbounded_channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Some(touch) = event.ok().and_then(|e| touch_of(&e)) {
            let _ = tx.send(touch);
        }
    })
    .map_err(|e| failed(&e))?;
    watcher.watch(&folder, RecursiveMode::NonRecursive).map_err(|e| failed(&e))?;
    let seen = Seen::open(&store_path)?;
    Ok(ProgressWatch { activity, _watcher: watcher, store_path, seen, pending: VecDeque::new() })
}

impl ProgressWatch {
    /// The next change another connection made; `None` once the watch has ended. Waits
    /// without any work while nothing touches the store.
    pub async fn next(&mut self) -> Option<ProgressChange> {
        loop {
            if let Some(change) = self.pending.pop_front() {
                return Some(change);
            }
            let mut touch = self.activity.recv().await?;
            // The rest of the burst, until the files are quiet.
            while let Ok(Some(more)) = tokio::time::timeout(SETTLE, self.activity.recv()).await {
                if more == Touch::Replaced {
                    touch = Touch::Replaced;
                }
            }
            let changes = self.changes(touch);
            self.pending.extend(changes);
        }
    }

    /// The changes as a stream, for a front end's event loop.
    pub fn into_stream(self) -> impl Stream<Item = ProgressChange> {
        futures_util::stream::unfold(self, |mut watch| async move { watch.next().await.map(|c| (c, watch)) })
    }

    /// What the store says changed since it was last seen; a store that cannot be read now
    /// (being replaced, damaged) is read again at the next activity.
    fn changes(&mut self, touch: Touch) -> Vec<ProgressChange> {
        let replaced = touch == Touch::Replaced || self.seen.is_none();
        if replaced {
            self.seen = Seen::open(&self.store_path).ok().flatten();
            return if self.seen.is_some() || touch == Touch::Replaced { vec![ProgressChange { lab: None }] } else { Vec::new() };
        }
        let Some(seen) = &mut self.seen else { return Vec::new() };
        match seen.store.data_version() {
            Ok(v) if v == seen.version => return Vec::new(),
            Ok(v) => seen.version = v,
            Err(_) => return Vec::new(),
        }
        match seen.store.labs_changed_since(&seen.mark) {
            Ok((labs, mark)) => {
                seen.mark = mark;
                if labs.is_empty() {
                    vec![ProgressChange { lab: None }]
                } else {
                    labs.into_iter().map(|lab| ProgressChange { lab: Some(lab) }).collect()
                }
            }
            Err(_) => vec![ProgressChange { lab: None }],
        }
    }
}

impl Seen {
    /// The store at `path` as it is now; `None` while there is none.
    fn open(path: &Path) -> Result<Option<Seen>, StoreError> {
        if !path.exists() {
            return Ok(None);
        }
        let store = Store::open_to_read(path)?;
        let (version, mark) = (store.data_version()?, store.change_mark()?);
        Ok(Some(Seen { store, version, mark }))
    }
}

/// The activity an event means for the store, if it concerns the store's own files (the
/// database and its write-ahead log; the shared index changes on reads too).
fn touch_of(event: &notify::Event) -> Option<Touch> {
    let ours = event.paths.iter().any(|p| {
        p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n == FILE_NAME || n == format!("{FILE_NAME}-wal") || n == format!("{FILE_NAME}-journal"))
    });
    if !ours {
        return None;
    }
    match event.kind {
        EventKind::Modify(notify::event::ModifyKind::Name(_)) | EventKind::Create(_) | EventKind::Remove(_) => {
            let main = event.paths.iter().any(|p| p.file_name().and_then(|n| n.to_str()) == Some(FILE_NAME));
            Some(if main { Touch::Replaced } else { Touch::Written })
        }
        EventKind::Modify(_) | EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Touch::Written),
        _ => None,
    }
}

impl Problem for WatchError {
    fn code(&self) -> &'static str {
        match self {
            WatchError::Folder { .. } => "progress.watch",
            WatchError::Store(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            WatchError::Folder { path, reason } => Text::new(
                format!("no se pueden seguir los cambios de {}: {reason}", path.display()),
                format!("cannot follow the changes in {}: {reason}", path.display()),
            ),
            WatchError::Store(e) => e.text(),
        }
    }

    fn is_input(&self) -> bool {
        match self {
            WatchError::Folder { .. } => false,
            WatchError::Store(e) => StoreError::is_input(e),
        }
    }
}

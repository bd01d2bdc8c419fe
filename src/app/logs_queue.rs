//! The queue between a followed log and its consumer, counted in lines rather than batches: a
//! consumer held up for a while (a busy webview, a task starved on a two-core machine) finds
//! every line waiting however small the batches were, and what the queue may hold is bounded
//! by lines, so memory stays flat however fast the container writes.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::mpsc;

use super::logs::LogBatch;

/// The most lines one receive hands over when it merges queued batches: a consumer that was
/// held up catches up in a few large sends rather than many small ones.
const MERGED_LINES: usize = 10_000;

/// A queue that holds at most `budget` lines.
pub(super) fn line_queue(budget: usize) -> (QueueTx, QueueRx) {
    let (tx, rx) = mpsc::unbounded_channel();
    let queued = Arc::new(AtomicUsize::new(0));
    (
        QueueTx {
            tx,
            queued: Arc::clone(&queued),
            budget,
        },
        QueueRx { rx, queued },
    )
}

/// The producer's end; there is one producer, so checking the budget then adding is exact.
pub(super) struct QueueTx {
    tx: mpsc::UnboundedSender<LogBatch>,
    queued: Arc<AtomicUsize>,
    budget: usize,
}

impl QueueTx {
    /// Queues `batch`, or gives it back when its lines would take the queue past its budget.
    /// A batch nobody will receive any more is taken and forgotten.
    pub(super) fn send(&self, batch: LogBatch) -> Result<(), LogBatch> {
        let lines = batch.lines.len();
        if self.queued.load(Ordering::Acquire) + lines > self.budget {
            return Err(batch);
        }
        self.queued.fetch_add(lines, Ordering::AcqRel);
        if self.tx.send(batch).is_err() {
            self.queued.fetch_sub(lines, Ordering::AcqRel);
        }
        Ok(())
    }
}

/// The consumer's end.
#[derive(Debug)]
pub(super) struct QueueRx {
    rx: mpsc::UnboundedReceiver<LogBatch>,
    queued: Arc<AtomicUsize>,
}

impl QueueRx {
    /// The next batch merged with those queued behind it; `None` once the producer is gone.
    pub(super) async fn recv(&mut self) -> Option<LogBatch> {
        let first = self.rx.recv().await?;
        Some(self.merged(first))
    }

    /// Like [`QueueRx::recv`], for a consumer on a thread of its own.
    #[cfg(test)]
    pub(super) fn blocking_recv(&mut self) -> Option<LogBatch> {
        let first = self.rx.blocking_recv()?;
        Some(self.merged(first))
    }

    /// The next queued batch as it was sent, if one is waiting.
    #[cfg(test)]
    pub(super) fn try_recv(&mut self) -> Option<LogBatch> {
        let batch = self.rx.try_recv().ok()?;
        self.queued.fetch_sub(batch.lines.len(), Ordering::AcqRel);
        Some(batch)
    }

    fn merged(&mut self, mut first: LogBatch) -> LogBatch {
        self.queued.fetch_sub(first.lines.len(), Ordering::AcqRel);
        while first.lines.len() < MERGED_LINES {
            let Ok(next) = self.rx.try_recv() else { break };
            self.queued.fetch_sub(next.lines.len(), Ordering::AcqRel);
            first.dropped = first.dropped.saturating_add(next.dropped);
            first.lines.extend(next.lines);
        }
        first
    }
}

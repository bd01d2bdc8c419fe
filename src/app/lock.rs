//! The lab's lock as the use cases take it: the same OS file lock for the CLI and the app
//! (see [`crate::lab::lock`]), waited for without blocking the async runtime, and a data
//! folder where no lock can be made turned into a warning rather than a failure.

use std::ops::ControlFlow;
use std::time::Duration;

use crate::host::{Reason, Severity};
use crate::lab::lock::{lock_lab, LabLock, LockRequest};

use super::context::Context;
use super::error::{Problem, Remedy};
use super::lifecycle_error::LifecycleError;
use super::observer::Observer;
use super::opened::OpenedLab;

/// How often a waiting operation tries the lock again.
const RETRY: Duration = Duration::from_millis(100);

/// The lock of `lab`, held for `operation` (`nivel up`, `app: start`) until dropped, with
/// the warnings to show: what opening the lab had to say (edits kept on install) and whether
/// the lock could not be made; the observer hears each. Every use case that changes a lab
/// takes it (`check` too).
pub async fn hold(ctx: &Context, lab: &OpenedLab, operation: &str, observer: &Observer<'_>) -> Result<(LabLock, Vec<Reason>), LifecycleError> {
    lab.notes.iter().for_each(|n| (observer.warning)(n));
    let project = lab.project();
    loop {
        let request = LockRequest { data_dir: &ctx.data_dir, project, operation, pid: std::process::id(), now: ctx.now() };
        // One try each time: waiting happens here, on the runtime's timer, not in a sleep.
        let mut refused = None;
        let locked = lock_lab(&request, &mut |busy| {
            refused = Some(busy.clone());
            ControlFlow::Break(())
        });
        match locked {
            Ok(lock) => {
                let warning = lock.unprotected().map(|problem| Reason {
                    code: problem.code(),
                    severity: Severity::Warning,
                    message: problem.text(),
                    remedy: match problem.remedy() {
                        Some(Remedy::Advice { text }) => Some(text),
                        _ => None,
                    },
                });
                if let Some(w) = &warning {
                    (observer.warning)(w);
                }
                return Ok((lock, lab.notes.iter().cloned().chain(warning).collect()));
            }
            Err(busy) => {
                let busy = refused.unwrap_or(busy);
                if (observer.busy)(&busy).is_break() {
                    return Err(LifecycleError::Busy(busy));
                }
                tokio::time::sleep(RETRY).await;
            }
        }
    }
}

//! Lab sessions in the progress store: when a lab went up, down or was reset, and how it
//! ended, so progress can tell how long each lab ran. Recording never stands in the way of the
//! operation: a store that cannot be written becomes a warning in the result.

use crate::host::{Reason, Severity};
use crate::lab::Text;
use crate::progress::{Action, Outcome, SessionId, Store, StoreError, UnixMillis};

use super::context::Context;
use super::error::Problem;

/// A session being recorded. Dropped without [`Session::finish`] (its operation's future was
/// dropped: Ctrl-C, a closed window), it is recorded as cancelled; a process killed outright
/// leaves it open, for the store's clean-up to find.
pub(crate) struct Session {
    store: Store,
    id: SessionId,
    clock: fn() -> std::time::SystemTime,
    open: bool,
}

impl Session {
    /// Opens the store (keeping the day's backup) and records that `action` on `lab` started;
    /// what could not be done is told to `warn`.
    pub(crate) fn start(ctx: &Context, lab: &str, action: Action, warn: &mut dyn FnMut(Reason)) -> Option<Session> {
        let at = UnixMillis::from_system_time(ctx.now());
        let store = match Store::open(&ctx.store_path()) {
            Ok(store) => store,
            Err(e) => {
                warn(not_recorded(&e));
                return None;
            }
        };
        // A backup that cannot be made does not stop the recording.
        if let Err(e) = store.back_up_daily(at) {
            warn(no_backup(&e));
        }
        match store.sessions().start(lab, action, at) {
            Ok(id) => Some(Session { store, id, clock: ctx.clock(), open: true }),
            Err(e) => {
                warn(not_recorded(&e.at(store.path())));
                None
            }
        }
    }

    /// Records how the session ended.
    pub(crate) fn finish(mut self, ctx: &Context, succeeded: bool, warn: &mut dyn FnMut(Reason)) {
        self.open = false;
        let outcome = if succeeded { Outcome::Succeeded } else { Outcome::Failed };
        let at = UnixMillis::from_system_time(ctx.now());
        if let Err(e) = self.store.sessions().finish(self.id, outcome, at) {
            warn(not_recorded(&e.at(self.store.path())));
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.open {
            // Nobody is left to warn: the operation was given up.
            let at = UnixMillis::from_system_time((self.clock)());
            let _ = self.store.sessions().finish(self.id, Outcome::Cancelled, at);
        }
    }
}

/// The warning that today's backup of the store could not be made, and why.
pub(crate) fn no_backup(e: &StoreError) -> Reason {
    warning("progress.no_backup", "hoy no se pudo hacer la copia de seguridad de su progreso", "today's backup of your progress could not be made", e)
}

/// The warning that the session is not in the student's progress, and why.
fn not_recorded(e: &StoreError) -> Reason {
    warning("progress.not_recorded", "esta sesión no queda registrada en su progreso", "this session is not recorded in your progress", e)
}

/// A warning `code`: what could not be done, then why.
pub(crate) fn warning(code: &'static str, es: &str, en: &str, e: &StoreError) -> Reason {
    let why = e.text();
    Reason { code, severity: Severity::Warning, message: Text::new(format!("{es}: {}", why.es), format!("{en}: {}", why.en)), remedy: None }
}

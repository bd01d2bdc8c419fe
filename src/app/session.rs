//! Lab sessions in the progress store: when a lab went up, down or was reset, and how it
//! ended, so progress can tell how long each lab ran. Recording never stands in the way of the
//! operation: a store that cannot be written becomes a warning in the result.

use crate::host::{Reason, Severity};
use crate::lab::Text;
use crate::progress::{Action, Outcome, SessionId, Store, StoreError, UnixMillis};

use super::context::Context;
use super::error::Problem;

/// A session being recorded; dropped without [`Session::finish`], it is left open.
pub(crate) struct Session {
    store: Store,
    id: SessionId,
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
            Ok(id) => Some(Session { store, id }),
            Err(e) => {
                warn(not_recorded(&e.at(store.path())));
                None
            }
        }
    }

    /// Records how the session ended.
    pub(crate) fn finish(self, ctx: &Context, succeeded: bool, warn: &mut dyn FnMut(Reason)) {
        let outcome = if succeeded { Outcome::Succeeded } else { Outcome::Failed };
        let at = UnixMillis::from_system_time(ctx.now());
        if let Err(e) = self.store.sessions().finish(self.id, outcome, at) {
            warn(not_recorded(&e.at(self.store.path())));
        }
    }
}

/// The warning that today's backup of the store could not be made, and why.
pub(crate) fn no_backup(e: &StoreError) -> Reason {
    let why = e.text();
    Reason {
        code: "progress.no_backup",
        severity: Severity::Warning,
        message: Text::new(
            format!("hoy no se pudo hacer la copia de seguridad de su progreso: {}", why.es),
            format!("today's backup of your progress could not be made: {}", why.en),
        ),
        remedy: None,
    }
}

/// The warning that the session is not in the student's progress, and why.
fn not_recorded(e: &StoreError) -> Reason {
    let why = e.text();
    Reason {
        code: "progress.not_recorded",
        severity: Severity::Warning,
        message: Text::new(
            format!("esta sesión no queda registrada en su progreso: {}", why.es),
            format!("this session is not recorded in your progress: {}", why.en),
        ),
        remedy: None,
    }
}

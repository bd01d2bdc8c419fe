//! Lab sessions in the progress store: when a lab went up, down or was reset, and how it
//! ended, so `nivel progress` can tell how long each lab ran. Recording never stands in the
//! way of the command itself: a store that cannot be written is reported and skipped.

use nivel::i18n::Lang;
use nivel::progress::{Action, Outcome, SessionId, Store, StoreError};

use super::progress_store::{now, DataDirArg};

/// A session being recorded; dropped without [`Session::finish`], it is left open.
pub struct Session {
    store: Store,
    id: SessionId,
}

impl Session {
    /// Opens the store and records that `action` on `lab` started now.
    pub fn start(lab: &str, action: Action) -> Option<Session> {
        let at = now();
        let started = DataDirArg::default().open_to_write(at).and_then(|store| match store.sessions().start(lab, action, at) {
            Ok(id) => Ok(Session { store, id }),
            Err(e) => Err(e.at(store.path())),
        });
        match started {
            Ok(session) => Some(session),
            Err(e) => {
                warn_not_recorded(&e);
                None
            }
        }
    }

    /// Records how the session ended.
    pub fn finish(self, succeeded: bool) {
        let outcome = if succeeded { Outcome::Succeeded } else { Outcome::Failed };
        if let Err(e) = self.store.sessions().finish(self.id, outcome, now()) {
            warn_not_recorded(&e.at(self.store.path()));
        }
    }
}

fn warn_not_recorded(e: &StoreError) {
    let lang = Lang::from_env(&|k| std::env::var(k).ok());
    let intro = match lang {
        Lang::Es => "aviso: esta sesión no queda registrada en su progreso",
        Lang::En => "warning: this session is not recorded in your progress",
    };
    eprintln!("{intro}: {}", super::remedy::render(e, lang));
}

/// Runs `f` as an `action` session on `lab`: recorded before it starts, finished with its
/// outcome.
pub fn session<T, E>(lab: &str, action: Action, f: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    let session = Session::start(lab, action);
    let result = f();
    if let Some(s) = session {
        s.finish(result.is_ok());
    }
    result
}

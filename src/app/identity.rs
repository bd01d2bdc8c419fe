//! Who the student is, as the reports they hand in print it: name, student id and group.
//! Setting it replaces it whole: parts are trimmed, an empty part is cleared, and a part with
//! a control character (an escape sequence, a newline) is refused before anything is opened.

use serde::{Deserialize, Serialize};

use crate::progress::{self, StoreError};

use crate::host::Reason;

use super::{progress_store, Context, StudyError};

/// The student's identity; every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
#[cfg_attr(feature = "bindings", ts(export, export_to = "../ui/src/lib/bindings/"))]
pub struct Identity {
    pub name: Option<String>,
    pub student_id: Option<String>,
    pub group: Option<String>,
}

/// The stored identity; `None` when no part was ever set.
pub fn identity_get(ctx: &Context) -> Result<Option<Identity>, StudyError> {
    let store = progress_store::open_to_read(ctx)?;
    let stored = store.identity().get().map_err(|e| e.at(store.path()))?;
    Ok((!stored.is_empty()).then(|| Identity::from(&stored)))
}

/// Replaces the stored identity with `identity` (trimmed, empty parts cleared) and returns
/// what is stored now, with a warning when today's backup could not be made.
pub fn identity_set(ctx: &Context, identity: &Identity) -> Result<(Identity, Option<Reason>), StudyError> {
    let next = identity.cleaned();
    let stored = progress::Identity::from(&next);
    if let Some((part, found)) = stored.control_character() {
        return Err(StoreError::ControlCharacter { part, found }.into());
    }
    let (store, warning) = progress_store::open_to_write(ctx)?;
    store.identity().set(&stored, progress_store::now(ctx)).map_err(|e| e.at(store.path()))?;
    Ok((next, warning))
}

impl Identity {
    /// Each part trimmed, an empty one cleared.
    #[must_use]
    pub fn cleaned(&self) -> Identity {
        let part = |p: &Option<String>| p.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        Identity { name: part(&self.name), student_id: part(&self.student_id), group: part(&self.group) }
    }
}

impl From<&progress::Identity> for Identity {
    fn from(i: &progress::Identity) -> Identity {
        Identity { name: i.name.clone(), student_id: i.id.clone(), group: i.group.clone() }
    }
}

impl From<&Identity> for progress::Identity {
    fn from(i: &Identity) -> progress::Identity {
        progress::Identity { name: i.name.clone(), id: i.student_id.clone(), group: i.group.clone() }
    }
}

//! The progress store as every use case opens it, from the context's data folder: use cases
//! that only read open it so that a read-only store still reads; those that write keep the
//! day's backup first. A backup that cannot be made does not stop the write the student asked
//! for: it comes back as a warning for the front end to show.

use std::path::PathBuf;

use crate::host::Reason;
use crate::progress::Store;

use super::session::no_backup;
use super::Context;

/// The store's records and backups as the CLI's progress commands show them.
pub use crate::progress::report;
pub use crate::progress::{backups_folder, default_path, find_backup, format_duration, list_backups, restore, BackupFile, Identity, IdentityPart, StoreError, UnixMillis, KEEP};

/// Opens the store for reading: nothing is created or changed when it cannot be written.
pub fn open_to_read(ctx: &Context) -> Result<Store, StoreError> {
    Store::open_to_read(&ctx.store_path())
}

/// Opens (creating or migrating) the store for writing, after keeping today's backup; the
/// warning says when that backup could not be made.
pub fn open_to_write(ctx: &Context) -> Result<(Store, Option<Reason>), StoreError> {
    let store = Store::open(&ctx.store_path())?;
    let warning = store.back_up_daily(now(ctx)).err().map(|e| no_backup(&e));
    Ok((store, warning))
}

/// The folders no file written for the student may land in: Nivel's data folder (the
/// progress store, the built-in labs, the backups) and the folder of the store itself.
pub fn protected_folders(ctx: &Context) -> Vec<PathBuf> {
    let store_folder = ctx.store_path().parent().map(PathBuf::from);
    std::iter::once(ctx.data_dir.clone()).chain(store_folder).collect()
}

/// Now, by the context's clock, as the store keeps time.
pub(crate) fn now(ctx: &Context) -> UnixMillis {
    UnixMillis::from_system_time(ctx.now())
}

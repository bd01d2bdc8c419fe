//! Images for a classroom without internet: `images_save` makes every image some labs need
//! present (pulling or building what is missing, with the usual progress) and writes them into
//! one archive; `images_load` loads such an archive into this machine's engine.

use std::path::Path;

use serde::Serialize;

use crate::docker::images::{self, ensure_image, image_name, ArchiveError, BuildMode, PullTracker};

use super::engine::connect;
use super::{Context, LifecycleError, Observer};

/// The images an archive holds, as a save wrote them or a load brought them in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct ArchivedImages {
    /// Saved: every image in the archive as the labs name them, sorted. Loaded: the images
    /// the engine named as loaded.
    pub images: Vec<String>,
    /// The archive's size in bytes.
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub bytes: u64,
}

/// How far an archive's write or read has got, for a progress bar: `total` is known when
/// loading (the archive's size) and not while saving (the engine streams an archive of unknown
/// length).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct ArchiveProgress {
    #[cfg_attr(feature = "bindings", ts(type = "number"))]
    pub done: u64,
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub total: Option<u64>,
}

/// Writes every image of the labs `names` into the archive `file`: missing ones are pulled or
/// built first (their progress goes to `observer`), then `written` hears the bytes written.
pub async fn images_save(ctx: &Context, names: &[String], file: &Path, observer: &Observer<'_>, written: &(dyn Fn(u64) + Sync)) -> Result<ArchivedImages, LifecycleError> {
    // A name that would be refused is refused before anything is pulled or built.
    let protected = std::slice::from_ref(&ctx.data_dir);
    crate::output::refuse_target(file, protected).map_err(ArchiveError::from)?;
    let engine = connect(ctx).await?;
    let mut wanted = Vec::new();
    for name in names {
        let lab = super::opened::open(ctx, name)?;
        let project = &lab.loaded.project;
        let tracker = PullTracker::for_project(&project.name, observer.events);
        for (service, svc) in &project.services {
            ensure_image(&engine, service, svc, &lab.loaded.project_dir, BuildMode::WhenChanged, &tracker).await?;
            wanted.push(image_name(&project.name, service, svc));
        }
    }
    wanted.sort();
    wanted.dedup();
    let bytes = images::save(&engine, &wanted, file, protected, written).await?;
    Ok(ArchivedImages { images: wanted, bytes })
}

/// Loads the archive `file` into the engine; `read` hears the bytes sent and the archive's size.
pub async fn images_load(ctx: &Context, file: &Path, read: &(dyn Fn(u64, u64) + Sync)) -> Result<ArchivedImages, LifecycleError> {
    let engine = connect(ctx).await?;
    let last = std::sync::atomic::AtomicU64::new(0);
    let images = images::load(&engine, file, &|sent, size| {
        last.store(size, std::sync::atomic::Ordering::Relaxed);
        read(sent, size);
    })
    .await?;
    Ok(ArchivedImages { images, bytes: last.load(std::sync::atomic::Ordering::Relaxed) })
}

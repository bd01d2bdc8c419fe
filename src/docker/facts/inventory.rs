//! What the engine holds that a lab's readiness depends on: the images already present (no
//! download needed) and the memory running containers use (what other labs take from the
//! engine's total). Memory comes from the cgroup filesystem when the engine runs on this
//! machine, else from one-shot stats read concurrently under a time budget, so a slow engine
//! never makes `nivel doctor` slow; a container whose stats do not arrive in time has no
//! figure.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use bollard::models::ContainerStatsResponse;
use bollard::query_parameters::{ListContainersOptions, ListImagesOptions, StatsOptions};
use futures_util::future::join_all;
use futures_util::StreamExt;

use super::super::{labels, Engine, EngineError};
use super::cgroup_memory;

/// An image the engine has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalImage {
    /// Its `repository:tag` names (`busybox:1`, `localhost:5000/app:2`).
    pub tags: Vec<String>,
    /// Its size on disk, in bytes.
    pub size: u64,
}

/// A running container and the memory it uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunningContainer {
    /// The container's name, without the engine's leading `/`.
    pub name: String,
    /// Its compose project (`com.docker.compose.project`), when it has one.
    pub project: Option<String>,
    /// Its lab id (`io.nivel.lab`) when Nivel started it.
    pub lab: Option<String>,
    /// Its compose service.
    pub service: Option<String>,
    /// Memory in use without the reclaimable page cache (as `docker stats` shows it), when
    /// the stats arrived within the budget.
    pub memory: Option<u64>,
}

/// Every tagged image on the engine.
pub async fn local_images(engine: &Engine) -> Result<Vec<LocalImage>, EngineError> {
    let images = engine.docker.list_images(Some(ListImagesOptions::default())).await?;
    Ok(images
        .into_iter()
        .filter(|i| !i.repo_tags.is_empty())
        .map(|i| LocalImage { tags: i.repo_tags, size: u64::try_from(i.size).unwrap_or(0) })
        .collect())
}

/// Every running container, with its memory when its stats arrive within `budget`.
pub async fn running_containers(engine: &Engine, budget: Duration) -> Result<Vec<RunningContainer>, EngineError> {
    let options = ListContainersOptions {
        filters: Some(HashMap::from([("status".to_string(), vec!["running".to_string()])])),
        ..Default::default()
    };
    let summaries = engine.docker.list_containers(Some(options)).await?;
    let memory = join_all(summaries.iter().map(|s| async {
        let id = s.id.as_deref()?;
        match cgroup_memory::memory(Path::new("/sys/fs/cgroup"), id) {
            Some(m) => Some(m),
            None => tokio::time::timeout(budget, memory_of(engine, id)).await.ok().flatten(),
        }
    }))
    .await;
    Ok(summaries
        .into_iter()
        .zip(memory)
        .map(|(s, memory)| {
            let labels = s.labels.unwrap_or_default();
            let name = s.names.unwrap_or_default().into_iter().next().unwrap_or_default();
            RunningContainer {
                name: name.trim_start_matches('/').to_string(),
                project: labels.get(labels::PROJECT).cloned(),
                lab: labels.get(labels::LAB).cloned(),
                service: labels.get(labels::SERVICE).cloned(),
                memory,
            }
        })
        .collect())
}

async fn memory_of(engine: &Engine, id: &str) -> Option<u64> {
    let options = StatsOptions { stream: false, one_shot: true };
    let stats = engine.docker.stats(id, Some(options)).next().await?.ok()?;
    memory_in_use(&stats)
}

/// Usage minus the inactive page cache, the figure `docker stats` prints: cgroup v1 names it
/// `total_inactive_file`, v2 `inactive_file`.
fn memory_in_use(stats: &ContainerStatsResponse) -> Option<u64> {
    let m = stats.memory_stats.as_ref()?;
    let usage = m.usage?;
    let cache = m.stats.as_ref().and_then(|s| s.get("total_inactive_file").or_else(|| s.get("inactive_file")).copied());
    Some(usage.saturating_sub(cache.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bollard::models::ContainerMemoryStats;

    fn stats(usage: Option<u64>, extra: &[(&str, u64)]) -> ContainerStatsResponse {
        ContainerStatsResponse {
            memory_stats: Some(ContainerMemoryStats {
                usage,
                stats: Some(extra.iter().map(|(k, v)| (k.to_string(), *v)).collect()),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn memory_leaves_out_the_inactive_page_cache() {
        assert_eq!(memory_in_use(&stats(Some(1000), &[("total_inactive_file", 300)])), Some(700), "cgroup v1");
        assert_eq!(memory_in_use(&stats(Some(1000), &[("inactive_file", 100)])), Some(900), "cgroup v2");
        assert_eq!(memory_in_use(&stats(Some(1000), &[])), Some(1000), "no cache figure");
        assert_eq!(memory_in_use(&stats(None, &[])), None, "no usage: unknown, not zero");
    }
}

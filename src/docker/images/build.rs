//! Building a service's image through the engine's build API (the classic builder every
//! engine has) from a tar of its context, streaming the output as `Event::BuildLine`.

use std::collections::{HashMap, VecDeque};

use bollard::query_parameters::{BuildImageOptions, TagImageOptions};
use futures_util::StreamExt;

use super::context::BuildContext;
use super::digest::Prepared;
use super::dockerfile::{args_of, rewrite_bases};
use super::error::ImageError;
use super::reference::ImageRef;
use super::tracker::PullTracker;
use crate::compose::model::BuildConfig;
use crate::docker::engine::Engine;
use crate::docker::error::EngineError;
use crate::docker::labels::BUILD_DIGEST;
use crate::docker::registry;
use crate::events::Event;

/// How much of the output a failed build shows.
const LAST_LINES: usize = 20;

/// Builds `build` for `service` and tags the result `image` (and the section's `tags`): from
/// `local`'s listed context, labelled with its digest, or from a remote context when `None`.
pub(crate) async fn build(
    engine: &Engine,
    service: &str,
    build: &BuildConfig,
    image: &str,
    platform: &str,
    local: Option<Prepared>,
    tracker: &PullTracker<'_>,
) -> Result<(), EngineError> {
    let mut labels: HashMap<String, String> = build.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    if let Some(p) = &local {
        labels.insert(BUILD_DIGEST.to_owned(), p.digest.clone());
    }
    let mut options = BuildImageOptions {
        t: Some(image.to_string()),
        buildargs: Some(args_of(build)),
        labels: Some(labels),
        target: build.target.clone(),
        nocache: build.no_cache,
        pull: build.pull.then(|| "1".to_string()),
        networkmode: (!build.network.is_empty()).then(|| build.network.clone()),
        cachefrom: (!build.cache_from.is_empty()).then(|| build.cache_from.0.clone()),
        platform: platform.to_string(),
        rm: true,
        forcerm: true,
        ..Default::default()
    };
    let (body, tar_failure) = match local {
        None => {
            options.remote = Some(build.context.clone());
            options.dockerfile = if build.dockerfile.is_empty() { "Dockerfile".into() } else { build.dockerfile.clone() };
            (None, None)
        }
        Some(p) => {
            let mut context = p.context;
            if let Some(text) = mirrored(engine, build, &context) {
                context.replace_dockerfile(text);
            }
            options.dockerfile = context.dockerfile.clone();
            let (stream, failure) = context.into_stream();
            (Some(bollard::body_try_stream(stream)), Some(failure))
        }
    };

    let mut output = BuildOutput::default();
    // The user's logins go with the build, so its `FROM` lines pull as `docker build` would.
    let registries = engine.registries.clone();
    let logins = tokio::task::spawn_blocking(move || registries.logins().all()).await.unwrap_or_default();
    let mut stream = engine.docker.build_image(options, (!logins.is_empty()).then_some(logins), body);
    let mut failure = None;
    while let Some(item) = stream.next().await {
        match item {
            Ok(info) => {
                let text = info.stream.or_else(|| {
                    // Base-image pulls report byte progress: only their plain statuses are lines.
                    let status = info.status?;
                    info.progress_detail.is_none().then(|| match info.id {
                        Some(id) => format!("{id}: {status}\n"),
                        None => format!("{status}\n"),
                    })
                });
                for line in output.push(text.as_deref().unwrap_or_default()) {
                    tracker.emit(Event::BuildLine { service: service.to_string(), line });
                }
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if let Some(line) = output.finish() {
        tracker.emit(Event::BuildLine { service: service.to_string(), line });
    }
    if let Some(e) = failure {
        if let Some(message) = tar_failure.and_then(|f| f.lock().ok().and_then(|mut s| s.take())) {
            return Err(context_error(service, build, message).into());
        }
        let message = match e {
            bollard::errors::Error::DockerStreamError { error } => error,
            bollard::errors::Error::DockerResponseServerError { message, .. } => message,
            other => return Err(EngineError::from(other)),
        };
        return Err(ImageError::BuildFailed {
            service: service.to_string(),
            image: image.to_string(),
            message: message.trim().to_string(),
            last_lines: output.last.into_iter().collect(),
        }
        .into());
    }
    for extra in build.tags.iter() {
        let r = ImageRef::parse(extra);
        let options = TagImageOptions { repo: Some(r.repository.clone()), tag: Some(r.tag_or_digest()) };
        engine.docker.tag_image(image, Some(options)).await?;
    }
    Ok(())
}

/// The Dockerfile with its base images sent where the image map says, when it names any of
/// them: the builder then pulls them from the mirror, as `up` pulls the lab's own images.
fn mirrored(engine: &Engine, build: &BuildConfig, context: &BuildContext) -> Option<String> {
    let mirrors = engine.registries.mirrors.as_ref().ok().filter(|m| !m.is_empty())?;
    let text = context.dockerfile_text().ok()?;
    rewrite_bases(&text, &args_of(build), |image| registry::rewrite(mirrors, image))
}

/// The build context could not be read.
pub(super) fn context_error(service: &str, build: &BuildConfig, message: String) -> ImageError {
    ImageError::Context { service: service.to_string(), path: build.context.clone(), message }
}

/// Contexts the engine fetches itself.
pub(super) fn is_remote(context: &str) -> bool {
    ["http://", "https://", "git://", "git@", "github.com/"].iter().any(|p| context.starts_with(p))
}

/// The build's output cut into whole lines, keeping the last few for a failure report.
#[derive(Debug, Default)]
struct BuildOutput {
    partial: String,
    last: VecDeque<String>,
}

impl BuildOutput {
    /// Adds a chunk of output; returns the lines it completed.
    fn push(&mut self, chunk: &str) -> Vec<String> {
        self.partial.push_str(chunk);
        let mut lines = Vec::new();
        while let Some(i) = self.partial.find('\n') {
            let line: String = self.partial.drain(..=i).collect();
            let line = line.trim_end().to_string();
            if !line.is_empty() {
                lines.push(line);
            }
        }
        for line in &lines {
            if self.last.len() == LAST_LINES {
                self.last.pop_front();
            }
            self.last.push_back(line.clone());
        }
        lines
    }

    /// The unterminated last line, if any.
    fn finish(&mut self) -> Option<String> {
        let rest = std::mem::take(&mut self.partial);
        let rest = rest.trim_end();
        (!rest.is_empty()).then(|| {
            self.push(&format!("{rest}\n"));
            rest.to_string()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_become_whole_lines() {
        let mut out = BuildOutput::default();
        assert_eq!(out.push("Step 1/2 : FROM x\n ---> abc"), ["Step 1/2 : FROM x"], "a complete line comes out");
        assert_eq!(out.push("\n\nStep 2/2"), [" ---> abc"], "the rest of a split line, blank lines dropped");
        assert_eq!(out.finish().as_deref(), Some("Step 2/2"), "an unterminated end is a line too");
        assert_eq!(out.last.len(), 3, "every line is remembered for a failure report");
    }

    #[test]
    fn only_the_last_lines_are_kept() {
        let mut out = BuildOutput::default();
        for i in 0..50 {
            out.push(&format!("line {i}\n"));
        }
        assert_eq!(out.last.len(), LAST_LINES, "bounded");
        assert_eq!(out.last.back().map(String::as_str), Some("line 49"), "the newest is last");
    }

    #[test]
    fn remote_contexts_are_not_tarred() {
        assert!(is_remote("https://github.com/org/repo.git"), "a URL");
        assert!(!is_remote("/home/student/lab/app"), "a folder");
    }
}

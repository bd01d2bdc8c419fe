//! Pull progress, aggregated: the engine reports each layer of each image separately; a
//! student wants one bar for the image and one for the whole operation. Pure state over
//! hand-passed instants, so throttling is tested without waiting.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::events::Event;

/// At most this often per image (about ten a second), so a terminal is not flooded.
pub const EMIT_EVERY: Duration = Duration::from_millis(100);

/// One layer's download, in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Layer {
    current: u64,
    total: u64,
}

#[derive(Debug)]
struct ImagePull {
    service: String,
    layers: BTreeMap<String, Layer>,
    status: String,
    done: bool,
    last_emit: Option<Instant>,
}

impl ImagePull {
    fn bytes(&self) -> (u64, u64) {
        self.layers.values().fold((0, 0), |(d, t), l| (d + l.current.min(l.total), t + l.total))
    }
}

/// Every pull of one operation.
#[derive(Debug, Default)]
pub struct PullProgress {
    images: BTreeMap<String, ImagePull>,
}

/// One message of the engine's pull stream, reduced to what progress needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerUpdate {
    pub layer: Option<String>,
    pub status: String,
    pub current: Option<u64>,
    pub total: Option<u64>,
}

impl PullProgress {
    /// A pull begins: it counts in `images_total` from now on.
    pub fn start(&mut self, image: &str, service: &str) {
        self.images.insert(
            image.to_string(),
            ImagePull { service: service.into(), layers: BTreeMap::new(), status: "pulling".into(), done: false, last_emit: None },
        );
    }

    /// Applies one message; returns the events to emit now (none when throttled).
    pub fn update(&mut self, image: &str, update: &LayerUpdate, now: Instant) -> Vec<Event> {
        let Some(pull) = self.images.get_mut(image) else { return Vec::new() };
        pull.status = update.status.clone();
        if let Some(id) = &update.layer {
            let status = update.status.as_str();
            if status == "Already exists" {
                // On disk already: nothing to download, so it weighs nothing.
                pull.layers.remove(id);
            } else {
                let layer = pull.layers.entry(id.clone()).or_default();
                match status {
                    "Downloading" => {
                        if let Some(total) = update.total {
                            layer.total = layer.total.max(total);
                        }
                        if let Some(current) = update.current {
                            layer.current = current;
                        }
                    }
                    "Verifying Checksum" | "Download complete" | "Extracting" | "Pull complete" => {
                        layer.current = layer.total;
                    }
                    _ => {}
                }
            }
        }
        let due = pull.last_emit.is_none_or(|last| now.saturating_duration_since(last) >= EMIT_EVERY);
        if !due {
            return Vec::new();
        }
        pull.last_emit = Some(now);
        self.events_for(image)
    }

    /// The pull ended (well or not): every layer counts as downloaded, and the events go out
    /// whatever the throttle says, so the last figures a caller sees are the final ones.
    pub fn finish(&mut self, image: &str, now: Instant) -> Vec<Event> {
        let Some(pull) = self.images.get_mut(image) else { return Vec::new() };
        for layer in pull.layers.values_mut() {
            layer.current = layer.total;
        }
        pull.done = true;
        pull.status = "done".into();
        pull.last_emit = Some(now);
        self.events_for(image)
    }

    fn events_for(&self, image: &str) -> Vec<Event> {
        let Some(pull) = self.images.get(image) else { return Vec::new() };
        let (done_bytes, total_bytes) = pull.bytes();
        let one = Event::ImageProgress {
            service: pull.service.clone(),
            image: image.to_string(),
            done_bytes,
            total_bytes,
            status: pull.status.clone(),
        };
        vec![one, self.aggregate()]
    }

    /// The operation's figures across every image.
    pub fn aggregate(&self) -> Event {
        let (done_bytes, total_bytes) = self.images.values().fold((0, 0), |(d, t), p| {
            let (pd, pt) = p.bytes();
            (d + pd, t + pt)
        });
        Event::PullProgress {
            done_bytes,
            total_bytes,
            images_done: self.images.values().filter(|p| p.done).count(),
            images_total: self.images.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn downloading(layer: &str, current: u64, total: u64) -> LayerUpdate {
        LayerUpdate { layer: Some(layer.into()), status: "Downloading".into(), current: Some(current), total: Some(total) }
    }

    fn status(layer: &str, status: &str) -> LayerUpdate {
        LayerUpdate { layer: Some(layer.into()), status: status.into(), current: None, total: None }
    }

    fn pull_figures(events: &[Event]) -> Option<(u64, u64, usize, usize)> {
        events.iter().find_map(|e| match e {
            Event::PullProgress { done_bytes, total_bytes, images_done, images_total } => {
                Some((*done_bytes, *total_bytes, *images_done, *images_total))
            }
            _ => None,
        })
    }

    #[test]
    fn layers_add_up_per_image_and_across_images() {
        let t0 = Instant::now();
        let mut p = PullProgress::default();
        p.start("a:1", "web");
        p.start("b:1", "db");
        p.update("a:1", &downloading("l1", 10, 100), t0);
        p.update("a:1", &downloading("l2", 5, 50), t0 + EMIT_EVERY);
        let events = p.update("b:1", &downloading("l3", 20, 200), t0);
        assert_eq!(pull_figures(&events), Some((35, 350, 0, 2)), "bytes summed over layers and images");
        let image = events.iter().find(|e| matches!(e, Event::ImageProgress { .. }));
        assert!(
            matches!(image, Some(Event::ImageProgress { done_bytes: 20, total_bytes: 200, service, .. }) if service == "db"),
            "the image's own figures: {image:?}"
        );
    }

    #[test]
    fn bursts_are_throttled_per_image_but_the_end_always_shows() {
        let t0 = Instant::now();
        let mut p = PullProgress::default();
        p.start("a:1", "web");
        assert!(!p.update("a:1", &downloading("l1", 1, 100), t0).is_empty(), "the first message shows");
        assert!(p.update("a:1", &downloading("l1", 2, 100), t0 + Duration::from_millis(30)).is_empty(), "30 ms later: held back");
        let later = p.update("a:1", &downloading("l1", 50, 100), t0 + EMIT_EVERY);
        assert_eq!(pull_figures(&later), Some((50, 100, 0, 1)), "100 ms later: shown with the latest bytes");
        let end = p.finish("a:1", t0 + EMIT_EVERY + Duration::from_millis(1));
        assert_eq!(pull_figures(&end), Some((100, 100, 1, 1)), "finishing is never throttled and completes the bytes");
    }

    #[test]
    fn completed_layers_count_in_full_and_existing_ones_weigh_nothing() {
        let t0 = Instant::now();
        let mut p = PullProgress::default();
        p.start("a:1", "web");
        p.update("a:1", &downloading("l1", 10, 100), t0);
        p.update("a:1", &status("l0", "Already exists"), t0);
        let events = p.update("a:1", &status("l1", "Download complete"), t0 + EMIT_EVERY);
        assert_eq!(pull_figures(&events), Some((100, 100, 0, 1)), "download complete means every byte is there");
    }

    #[test]
    fn messages_for_unknown_images_are_ignored() {
        let mut p = PullProgress::default();
        assert!(p.update("x", &downloading("l", 1, 2), Instant::now()).is_empty(), "no pull started for x");
    }
}

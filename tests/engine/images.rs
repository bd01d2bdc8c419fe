//! Images against the real engine: pulls from a local registry with aggregate progress,
//! `pull_policy: never`, registry errors, and builds from a context folder.

use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use nivel::compose::model::{BuildConfig, ServiceConfig};
use nivel::docker::images::{ensure_image, BuildMode, ImageError, PullTracker};
use nivel::docker::{Engine, EngineError};
use nivel::events::{Collect, Event};

use crate::common::engine::engine;
use crate::common::images::busybox;
use crate::common::registry::{docker, image_present, push_image_of, push_unique_image, Images, Registry};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn unique(purpose: &str) -> String {
    format!("nivel-test-{purpose}-{}-{}", std::process::id(), COUNTER.fetch_add(1, Ordering::SeqCst))
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn service(image: &str, pull_policy: &str) -> ServiceConfig {
    ServiceConfig { image: image.into(), pull_policy: pull_policy.into(), ..Default::default() }
}

fn ensure(engine: &Engine, name: &str, svc: &ServiceConfig, dir: &Path, sink: &Collect) -> Result<String, EngineError> {
    let tracker = PullTracker::new(sink);
    runtime().block_on(ensure_image(engine, name, svc, dir, BuildMode::WhenChanged, &tracker))
}

fn pull_figures(events: &[Event]) -> Vec<(u64, u64, usize, usize)> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::PullProgress { done_bytes, total_bytes, images_done, images_total } => {
                Some((*done_bytes, *total_bytes, *images_done, *images_total))
            }
            _ => None,
        })
        .collect()
}

/// The error's advice, in English.
fn advice(err: &EngineError) -> String {
    match nivel::app::Problem::remedy(err) {
        Some(nivel::app::Remedy::Advice { text }) => text.en,
        other => panic!("advice for {err:?}, not {other:?}"),
    }
}

#[test]
fn concurrent_pulls_from_a_local_registry_report_one_growing_progress() {
    let Some(engine) = engine() else { return };
    let registry = Registry::start();
    let (a, b) = (registry.name(&format!("{}:1", unique("pull-a"))), registry.name(&format!("{}:1", unique("pull-b"))));
    let _cleanup = Images(vec![a.clone(), b.clone()]);
    push_unique_image(&a);
    // A bigger layer for api: the engine reports a layer's size only while it downloads, and a
    // 2 MB one from a registry on the same machine can arrive before the first report.
    push_image_of(&b, 8 << 20);

    let sink = Collect::default();
    let tracker = PullTracker::new(&sink);
    let dir = tempfile::tempdir().unwrap();
    let (svc_a, svc_b) = (service(&a, ""), service(&b, "missing"));
    let (ra, rb, rc) = runtime().block_on(async {
        tokio::join!(
            ensure_image(&engine, "web", &svc_a, dir.path(), BuildMode::WhenChanged, &tracker),
            ensure_image(&engine, "api", &svc_b, dir.path(), BuildMode::WhenChanged, &tracker),
            ensure_image(&engine, "worker", &svc_a, dir.path(), BuildMode::WhenChanged, &tracker)
        )
    });
    let (id_a, id_b) = (ra.expect("image a pulls"), rb.expect("image b pulls"));
    assert!(image_present(&a) && image_present(&b), "both images are on the engine after the pull");
    assert!(id_a.starts_with("sha256:") && id_a != id_b, "each call returns its own image id: {id_a} {id_b}");
    assert_eq!(rc.expect("the shared image is ready for worker"), id_a, "a service sharing an image gets the same id");

    let events = sink.take();
    let figures = pull_figures(&events);
    assert!(figures.len() >= 2, "progress arrives while pulling, not only at the end: {figures:?}");
    for pair in figures.windows(2) {
        assert!(pair[1].0 >= pair[0].0, "done bytes never go back: {figures:?}");
    }
    let (done, total, images_done, images_total) = *figures.last().unwrap();
    assert!(total >= 2 << 20, "both unique layers are counted (about 2 MB each, compressed): {total}");
    assert_eq!(done, total, "the last figures show every byte downloaded");
    assert_eq!((images_done, images_total), (2, 2), "two images, pulled once each, counted in one aggregate");
    for (svc, image) in [("web", &a), ("api", &b), ("worker", &a)] {
        let ready = events.iter().any(|e| matches!(e, Event::ImageReady { service, image: i } if service == svc && i == image));
        assert!(ready, "ImageReady for {svc}: {events:?}");
    }
    let pulled_by = |svc: &str| {
        events.iter().any(|e| matches!(e, Event::ImageProgress { service, total_bytes, .. } if service == svc && *total_bytes > 0))
    };
    assert!(pulled_by("api"), "per-image progress for api: {events:?}");
    assert!(pulled_by("web") != pulled_by("worker"), "web and worker share an image: one pulls it, the other waits");

    // Present now: `missing` does not pull again.
    let again = Collect::default();
    let id = ensure(&engine, "web", &svc_a, dir.path(), &again).expect("present image");
    assert_eq!(id, id_a, "the same image id");
    assert!(pull_figures(&again.take()).is_empty(), "nothing pulled for a present image");
}

#[test]
fn never_on_a_missing_image_names_the_image_and_the_fix() {
    let Some(engine) = engine() else { return };
    let image = format!("127.0.0.1:9/{}:1", unique("never"));
    let sink = Collect::default();
    let err = ensure(&engine, "db", &service(&image, "never"), Path::new("/tmp"), &sink).expect_err("never does not pull");
    assert!(
        matches!(&err, EngineError::Image(ImageError::NeverPull { service, image: i }) if service == "db" && *i == image),
        "a typed never-pull error: {err:?}"
    );
    assert!(err.to_string().contains(&image), "names the image: {err}");
    assert!(advice(&err).contains(&format!("docker pull {image}")), "and the fix: {}", advice(&err));
    assert!(pull_figures(&sink.take()).is_empty(), "no pull was attempted");
}

#[test]
fn an_unknown_image_on_the_registry_is_not_found_and_a_dead_registry_is_unreachable() {
    let Some(engine) = engine() else { return };
    let registry = Registry::start();
    let image = registry.name(&format!("{}:1", unique("absent")));
    let err = ensure(&engine, "web", &service(&image, "missing"), Path::new("/tmp"), &Collect::default()).expect_err("no such image");
    assert!(matches!(&err, EngineError::Image(ImageError::NotFound { image: i, .. }) if *i == image), "not found: {err:?}");
    assert!(err.to_string().contains(&image), "the message names the image: {err}");

    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dead = format!("127.0.0.1:{port}/{}:1", unique("dead"));
    let err = ensure(&engine, "web", &service(&dead, "always"), Path::new("/tmp"), &Collect::default()).expect_err("nothing listens");
    assert!(matches!(&err, EngineError::Image(ImageError::Unreachable { .. })), "unreachable: {err:?}");
    assert!(advice(&err).contains("check your connection or registry"), "says what to check: {}", advice(&err));
}

fn write_context(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

fn build_service(context: &Path, args: &[(&str, &str)]) -> ServiceConfig {
    let mut build = BuildConfig { context: context.display().to_string(), dockerfile: "Dockerfile".into(), ..Default::default() };
    for (k, v) in args {
        build.args.insert(k.to_string(), Some(v.to_string()));
    }
    ServiceConfig { build: Some(build), ..Default::default() }
}

fn build_lines(events: &[Event]) -> Vec<String> {
    events.iter().filter_map(|e| if let Event::BuildLine { line, .. } = e { Some(line.clone()) } else { None }).collect()
}

#[test]
fn a_build_section_builds_a_runnable_image_named_after_project_and_service() {
    let Some(engine) = engine() else { return };
    let project = unique("build");
    let image = format!("{project}-app");
    let _cleanup = Images(vec![image.clone()]);
    let dockerfile = format!("FROM {}\nARG GREETING=unset\nCOPY hello.txt /hello.txt\nRUN echo built $GREETING > /built\n", busybox());
    let ctx = write_context(&[
        ("Dockerfile", dockerfile.as_str()),
        ("hello.txt", "hello\n"),
        (".dockerignore", "secret.txt\n"),
        ("secret.txt", "do not send\n"),
    ]);
    let sink = Collect::default();
    let tracker = PullTracker::for_project(&project, &sink);
    let svc = build_service(ctx.path(), &[("GREETING", "from-arg")]);
    let id = runtime().block_on(ensure_image(&engine, "app", &svc, ctx.path(), BuildMode::WhenChanged, &tracker)).expect("the build succeeds");
    assert!(id.starts_with("sha256:"), "an image id: {id}");

    let out = docker(&["run", "--rm", &image, "sh", "-c", "cat /built; cat /hello.txt; ls /secret.txt 2>&1 || true"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("built from-arg"), "the RUN step ran with the build arg: {text}");
    assert!(text.contains("hello"), "context files are copied in: {text}");
    let events = sink.take();
    let lines = build_lines(&events);
    assert!(lines.iter().any(|l| l.contains("RUN echo built")), "the build's steps stream as lines: {lines:?}");
    assert!(events.iter().any(|e| matches!(e, Event::ImageReady { image: i, .. } if *i == image)), "ImageReady for {image}");

    // `.dockerignore` kept secret.txt out of the context: a COPY of it must fail.
    let leak = write_context(&[
        ("Dockerfile", format!("FROM {}\nCOPY secret.txt /\n", busybox()).as_str()),
        (".dockerignore", "secret.txt\n"),
        ("secret.txt", "x\n"),
    ]);
    let leak_project = unique("leak");
    let _cleanup_leak = Images(vec![format!("{leak_project}-leak")]);
    let leak_sink = Collect::default();
    let leak_tracker = PullTracker::for_project(&leak_project, &leak_sink);
    let svc = build_service(leak.path(), &[]);
    let err = runtime().block_on(ensure_image(&engine, "leak", &svc, leak.path(), BuildMode::WhenChanged, &leak_tracker));
    assert!(matches!(err, Err(EngineError::Image(ImageError::BuildFailed { .. }))), "an ignored file is not in the context: {err:?}");
}

#[test]
fn a_failing_build_reports_the_step_and_its_last_lines() {
    let Some(engine) = engine() else { return };
    let project = unique("buildfail");
    let _cleanup = Images(vec![format!("{project}-job")]);
    let ctx = write_context(&[("Dockerfile", format!("FROM {}\nRUN false\n", busybox()).as_str())]);
    let sink = Collect::default();
    let tracker = PullTracker::for_project(&project, &sink);
    let svc = build_service(ctx.path(), &[]);
    let err = runtime().block_on(ensure_image(&engine, "job", &svc, ctx.path(), BuildMode::WhenChanged, &tracker)).expect_err("RUN false fails");
    let EngineError::Image(ImageError::BuildFailed { service, message, last_lines, .. }) = &err else {
        panic!("a build failure: {err:?}");
    };
    assert_eq!(service, "job", "names the service");
    assert!(message.contains("false") || message.contains("non-zero"), "the engine's reason: {message}");
    assert!(last_lines.iter().any(|l| l.contains("RUN false")), "the failing step is among the last lines: {last_lines:?}");
    assert!(err.to_string().contains("RUN false"), "the message shows the last lines: {err}");
    assert!(!build_lines(&sink.take()).is_empty(), "lines streamed before the failure");
}


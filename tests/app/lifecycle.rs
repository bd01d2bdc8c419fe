//! One lab through its whole life as the window drives it: start, status, detail, restart one
//! service, the reset plan, the reset, stop; every step recorded in the student's progress.

use std::time::Duration;

use nivel::app::{self, DownRequest, LabState, LifecycleError, Observer, Problem, RestartRequest, UpRequest};
use nivel::events::Collect;
use nivel::progress::{Action, Outcome, Store};

use super::{context, lab_with_file, runtime};

const COMPOSE: &str = "services:\n  web:\nWEB\n    ports: [\"8080\"]\n    volumes: [\"data:/data\"]\n  worker:\n    image: IMAGE\n    command: [\"sleep\", \"3600\"]\nvolumes:\n  data: {}\n";

const LINK: &str = "\n[[link]]\nservice = \"web\"\nport = 8080\npath = \"/\"\nlabel = { es = \"Web\", en = \"Web\" }\n";

#[test]
fn a_lab_goes_up_is_restarted_reset_and_taken_down() {
    let Some(lab) = lab_with_file("app-life", COMPOSE, LINK) else { return };
    let data = tempfile::tempdir().unwrap();
    let ctx = context(data.path(), lab.dir.path());
    let name = lab.dir.path().to_str().unwrap();
    let rt = runtime();
    let events = Collect::default();
    let observer = Observer::events(&events);
    let request = UpRequest { timeout: Duration::from_secs(90), ..UpRequest::new("app test") };

    let up = rt.block_on(app::lab_up(&ctx, name, &request, &observer)).expect("the lab starts");
    let web = up.services.iter().find(|s| s.service == "web").expect("web is in the summary");
    assert_eq!(web.health.as_deref(), Some("healthy"), "web waited for its healthcheck: {web:?}");
    assert!(up.links[0].url.as_deref().is_some_and(|u| u.starts_with("http://127.0.0.1:")), "the link points at the port the engine picked: {:?}", up.links);
    assert!(!events.take().is_empty(), "the start's events went to the observer");

    let status = rt.block_on(app::status(&ctx, Some(&lab.project))).expect("status reads the engine");
    assert_eq!(status.len(), 1, "only the lab asked for: {status:?}");
    assert_eq!(status[0].services.len(), 2, "both containers: {:?}", status[0].services);

    let detail = rt.block_on(app::lab_detail(&ctx, name)).expect("the detail is read");
    assert_eq!(detail.card.state, LabState::Running, "both services run: {:?}", detail.services);
    assert_eq!((detail.card.level, detail.card.title.en.as_str()), (3, "Test"), "the card comes from the lab file");
    let worker = detail.services.iter().find(|s| s.service == "worker").expect("the worker's view");
    assert!(worker.started_at_ms.is_some() && worker.state == "running", "running since a known time: {worker:?}");
    let worker_id = worker.container_id.clone();

    let restarted = rt.block_on(app::lab_restart(&ctx, name, &RestartRequest { timeout: Duration::from_secs(60), ..RestartRequest::new("app test", vec!["web".into()]) }, &observer)).expect("web restarts");
    assert!(restarted.services.iter().any(|s| s.service == "web" && s.health.as_deref() == Some("healthy")), "web is healthy again: {:?}", restarted.services);
    let after = rt.block_on(app::lab_detail(&ctx, name)).unwrap();
    let worker_after = after.services.iter().find(|s| s.service == "worker").unwrap();
    assert_eq!(worker_after.container_id, worker_id, "the worker was left alone");
    assert_eq!(worker_after.started_at_ms, worker.started_at_ms, "and not restarted");

    let unknown = rt.block_on(app::lab_restart(&ctx, name, &RestartRequest::new("app test", vec!["wbe".into()]), &observer)).expect_err("no such service");
    assert!(matches!(&unknown, LifecycleError::UnknownService { suggestion: Some(s), .. } if s == "web"), "names the nearest service: {unknown:?}");
    assert!(unknown.is_input() && unknown.code() == "lab.unknown_service", "an input error with its code");

    lab.docker(&["exec", &lab.container("web"), "sh", "-c", "echo kept > /data/marker"]);
    let plan = rt.block_on(app::reset_plan(&ctx, name, Some("web"))).expect("the plan is made");
    assert_eq!(plan.containers.len(), 1, "web's container only: {plan:?}");
    assert!(plan.volumes.iter().any(|v| v.name.ends_with("_data")), "web's own volume: {plan:?}");
    let reset = rt.block_on(app::lab_reset(&ctx, name, Some("web"), &request, &observer)).expect("web is reset");
    assert!(reset.services.iter().any(|s| s.service == "web" && s.health.as_deref() == Some("healthy")), "and started again: {:?}", reset.services);
    let marker = std::process::Command::new("docker").args(["exec", &lab.container("web"), "cat", "/data/marker"]).output().unwrap();
    assert!(!marker.status.success(), "the volume's data is gone: {}", String::from_utf8_lossy(&marker.stdout));

    let down = rt.block_on(app::lab_down(&ctx, name, &DownRequest::new("app test"), &observer)).expect("the lab stops");
    assert_eq!(down.containers.len(), 2, "both containers removed: {down:?}");
    let stopped = rt.block_on(app::lab_detail(&ctx, name)).unwrap();
    assert_eq!(stopped.card.state, LabState::Stopped, "nothing runs any more");
    assert!(stopped.services.iter().all(|s| s.state == "missing"), "each service without a container: {:?}", stopped.services);

    let store = Store::open_to_read(&ctx.store_path()).expect("the sessions were recorded in a real store");
    let sessions = store.sessions().of_lab(&lab.project).unwrap();
    let actions: Vec<(Action, Option<Outcome>)> = sessions.iter().map(|s| (s.action, s.outcome)).collect();
    assert_eq!(
        actions,
        [(Action::Up, Some(Outcome::Succeeded)), (Action::Reset, Some(Outcome::Succeeded)), (Action::Down, Some(Outcome::Succeeded))],
        "start, reset and stop recorded with how they ended"
    );
}

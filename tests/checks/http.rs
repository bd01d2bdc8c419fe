//! `http` checks against a busybox `httpd` container published on 127.0.0.1.

use nivel::checks::{CheckKind, HttpCheck, JsonExpect, JsonTest};
use regex::Regex;

use super::{run_one, web_lab};

pub fn get(service: &str, port: u16, path: &str) -> HttpCheck {
    HttpCheck {
        service: service.into(),
        port,
        method: "GET".into(),
        path: path.into(),
        headers: vec![],
        body: None,
        basic_auth: None,
        expect_status: 200,
        expect_json: None,
        expect_body: None,
    }
}

#[test]
fn a_json_file_served_by_the_container_passes_and_fails_on_what_it_holds() {
    let Some((_lab, target)) = web_lab("check-http") else { return };
    let mut c = get("web", 80, "/x.json");
    c.expect_json = Some(JsonExpect { pointer: "/ok".into(), test: JsonTest::Equals(serde_json::json!(true)) });
    let pass = run_one(&target, CheckKind::Http(c.clone()));
    assert!(pass.passed, "the file says ok: {pass:?}");
    assert_eq!((pass.kind, pass.service.as_str()), ("http", "web"), "kind and service named");

    c.expect_json = Some(JsonExpect { pointer: "/experiments".into(), test: JsonTest::MinLen(2) });
    let fail = run_one(&target, CheckKind::Http(c));
    assert!(!fail.passed, "one experiment is not two");
    assert_eq!(fail.expected.en, "HTTP 200, experiments with at least 2 elements", "expected in words");
    assert!(
        fail.observed.en.starts_with("HTTP 200, experiments has 1 element; body: {\"experiments\":[{\"name\":\"Default\"}]"),
        "status, finding and the body as served: {}",
        fail.observed.en
    );
}

#[test]
fn status_and_body_regex_are_checked_against_the_real_response() {
    let Some((_lab, target)) = web_lab("check-http-body") else { return };
    let mut page = get("web", 80, "/");
    page.expect_body = Some(Regex::new("nivel test page").unwrap());
    assert!(run_one(&target, CheckKind::Http(page.clone())).passed, "the index page matches");

    page.expect_body = Some(Regex::new("^welcome").unwrap());
    let o = run_one(&target, CheckKind::Http(page));
    assert!(!o.passed, "the page does not start with welcome");
    assert_eq!(o.observed.en, "HTTP 200; body: nivel test page", "what was served");

    let missing = run_one(&target, CheckKind::Http(get("web", 80, "/nothing-here")));
    assert!(!missing.passed, "a 404 is not a 200");
    assert!(missing.observed.en.starts_with("HTTP 404"), "the status seen: {}", missing.observed.en);
}

#[test]
fn a_port_the_service_does_not_publish_fails_without_connecting() {
    let Some((_lab, target)) = web_lab("check-http-unpublished") else { return };
    // `quiet` listens on 80 inside its container but publishes nothing; `web` publishes 80, not 8080.
    for (service, port) in [("quiet", 80), ("web", 8080)] {
        let o = run_one(&target, CheckKind::Http(get(service, port, "/")));
        assert!(!o.passed, "{service}:{port} is not reachable");
        assert_eq!(
            o.observed.en,
            format!("service `{service}` does not publish container port {port}; a check connects only to ports the lab publishes"),
            "a clear reason, no connection"
        );
        assert!(o.duration.as_millis() < 1000, "nothing was tried: {:?}", o.duration);
    }
    let o = run_one(&target, CheckKind::Http(get("ghost", 80, "/")));
    assert!(!o.passed && o.observed.en.contains("service `ghost` has no container"), "an unknown service: {}", o.observed.en);
}

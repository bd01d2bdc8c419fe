use regex::Regex;

use super::*;
use crate::checks::{JsonExpect, JsonTest};

fn check() -> HttpCheck {
    HttpCheck {
        service: "mlflow".into(),
        port: 5000,
        method: "POST".into(),
        path: "/api/2.0/mlflow/experiments/search".into(),
        headers: vec![],
        body: Some(r#"{"max_results": 100}"#.into()),
        basic_auth: None,
        expect_status: 200,
        expect_json: Some(JsonExpect { pointer: "/experiments".into(), test: JsonTest::MinLen(2) }),
        expect_body: None,
    }
}

fn response(status: u16, body: &str) -> Response {
    Response { status, body: body.as_bytes().to_vec(), truncated: false }
}

#[test]
fn base64_matches_rfc_4648_vectors() {
    let cases = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
    for (plain, encoded) in cases {
        assert_eq!(base64(plain.as_bytes()), encoded, "the RFC's test vector for {plain:?}");
    }
    assert_eq!(base64(b"admin:supersecret"), "YWRtaW46c3VwZXJzZWNyZXQ=", "a user:password pair");
}

#[test]
fn only_the_default_experiment_fails_and_says_so() {
    let v = evaluate(&response(200, r#"{"experiments":[{"experiment_id":"0","name":"Default"}]}"#), &check());
    assert!(!v.passed, "one experiment is not two");
    assert_eq!(v.expected.en, "HTTP 200, experiments with at least 2 elements", "expected in words");
    assert_eq!(v.expected.es, "HTTP 200, experiments con al menos 2 elementos", "expected in Spanish");
    assert!(v.observed.en.starts_with("HTTP 200, experiments has 1 element; body: {\"experiments\""), "status, finding and body: {}", v.observed.en);
    assert!(v.observed.es.starts_with("HTTP 200, experiments tiene 1 elemento; cuerpo: {\"experiments\""), "in Spanish: {}", v.observed.es);
}

#[test]
fn a_wrong_status_fails_even_when_the_json_matches() {
    let v = evaluate(&response(500, r#"{"experiments":[1,2]}"#), &check());
    assert!(!v.passed, "status 500 is not 200");
    assert!(v.observed.en.starts_with("HTTP 500, experiments has 2 elements"), "both seen: {}", v.observed.en);
}

#[test]
fn a_body_that_is_not_json_fails_the_json_test() {
    let v = evaluate(&response(200, "<html>oops</html>"), &check());
    assert!(!v.passed, "HTML is not JSON");
    assert!(v.observed.en.contains("the body is not JSON") && v.observed.en.ends_with("body: <html>oops</html>"), "{}", v.observed.en);
    assert!(v.observed.es.contains("el cuerpo no es JSON") && v.observed.es.ends_with("cuerpo: <html>oops</html>"), "{}", v.observed.es);
}

#[test]
fn the_body_regex_is_tested_on_the_text() {
    let mut c = check();
    c.expect_json = None;
    c.expect_body = Some(Regex::new("(?i)welcome").unwrap());
    assert!(evaluate(&response(200, "Welcome to the lab"), &c).passed, "the regex matches");
    let v = evaluate(&response(200, "nothing"), &c);
    assert!(!v.passed, "no match");
    assert_eq!(v.expected, Text::new("HTTP 200, cuerpo que coincida con /(?i)welcome/", "HTTP 200, body matching /(?i)welcome/"), "the regex shown");
    assert_eq!(v.observed, Text::new("HTTP 200; cuerpo: nothing", "HTTP 200; body: nothing"), "the body shown as it came");
}

#[test]
fn a_cut_body_is_marked_and_too_large_for_json() {
    let r = Response { status: 200, body: b"[1,2".to_vec(), truncated: true };
    let v = evaluate(&r, &check());
    assert!(!v.passed, "an unfinished document");
    assert!(v.observed.en.contains("too large to read as JSON") && v.observed.en.ends_with("[1,2…"), "{}", v.observed.en);
    assert!(v.observed.es.contains("demasiado para leerlo como JSON") && v.observed.es.ends_with("[1,2…"), "{}", v.observed.es);
}

#[tokio::test]
async fn a_credential_not_filled_in_is_refused_before_anything_is_sent() {
    // A listener that would take the request: nothing may reach it.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut c = check();
    c.basic_auth = Some(BasicAuth::Credential("airflow".into()));
    let why = request(addr, &c)
        .await
        .expect_err("no request without the secret");
    assert_eq!(
        why.en, "the secret of credential `airflow` is not available here",
        "says which credential"
    );
    assert!(
        why.es.contains("`airflow`") && why.es != why.en,
        "in Spanish too: {why:?}"
    );
    listener.set_nonblocking(true).unwrap();
    assert!(listener.accept().is_err(), "no connection was made");
}

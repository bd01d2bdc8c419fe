//! Raw requests to the engine's API for what the docker CLI refuses to do: creating a second
//! network under a name that already exists (API 1.41 allows it with `CheckDuplicate: false`),
//! the state two racing `up`s used to leave behind.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;

/// The engine's unix socket: `DOCKER_HOST` when it is a `unix://` address, else the default.
pub fn socket() -> PathBuf {
    match std::env::var("DOCKER_HOST") {
        Ok(host) if host.starts_with("unix://") => PathBuf::from(host.trim_start_matches("unix://")),
        _ => PathBuf::from("/var/run/docker.sock"),
    }
}

/// POSTs `body` (JSON) to `path` (`/v1.41/networks/create`); the status code and the body.
pub fn post(path: &str, body: &str) -> (u16, String) {
    let mut stream = UnixStream::connect(socket()).expect("the engine's socket accepts a connection");
    let request = format!(
        "POST {path} HTTP/1.0\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).expect("the request is sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("the engine answers");
    let status = answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// Creates a network named `name` with `labels` even when one of that name exists; its id.
pub fn create_duplicate_network(name: &str, labels: &[(&str, &str)]) -> String {
    let labels: serde_json::Map<String, serde_json::Value> = labels.iter().map(|(k, v)| ((*k).to_owned(), (*v).into())).collect();
    let body = serde_json::json!({"Name": name, "CheckDuplicate": false, "Driver": "bridge", "Labels": labels});
    let (status, answer) = post("/v1.41/networks/create", &body.to_string());
    assert_eq!(status, 201, "the engine creates network {name}: {answer}");
    let doc: serde_json::Value = serde_json::from_str(&answer).expect("the engine answers JSON");
    doc["Id"].as_str().expect("the new network's id").to_owned()
}

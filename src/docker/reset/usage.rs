//! Volume sizes, from the engine's own `/system/df`. Engines before API 1.52 answer with a
//! top-level `Volumes` list that bollard's current types no longer describe, so on those the
//! answer is read directly from the engine's socket, port or pipe; 1.52 and later go through
//! bollard. A size the engine does not give stays unknown: a reset never fails for want of one.

use std::collections::HashMap;
use std::time::Duration;

use bollard::query_parameters::DataUsageOptions;
use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

use crate::docker::engine::Engine;
use crate::docker::transport::Road;
use crate::docker::transport::bounds::WHOLE_LIMIT as LIMIT;

/// How long a disk-usage answer may take before sizes are given up as unknown.
const WAIT: Duration = Duration::from_secs(15);

/// Each volume's size in bytes, where the engine reports it.
pub async fn volume_sizes(engine: &Engine) -> HashMap<String, u64> {
    tokio::time::timeout(WAIT, ask(engine)).await.ok().flatten().map(|v| sizes_from_df(&v)).unwrap_or_default()
}

async fn ask(engine: &Engine) -> Option<Value> {
    let api = engine.docker.client_version();
    if (api.major_version, api.minor_version) >= (1, 52) {
        let options = DataUsageOptions { _type: Some(vec!["volume".into()]), verbose: true };
        let usage = engine.docker.df(Some(options)).await.ok()?;
        let items = usage.volume_usage.and_then(|v| v.items).unwrap_or_default();
        return Some(serde_json::json!({ "Volumes": items }));
    }
    let path = format!("/v{}.{}/system/df?type=volume", api.major_version, api.minor_version);
    let connection = Road::to(&engine.host).ok()?.connect().await.ok()?;
    serde_json::from_slice(&get(connection, &path).await?).ok()
}

/// One HTTP/1.0 GET: the engine answers without chunking and closes the connection.
async fn get<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, path: &str) -> Option<Vec<u8>> {
    let request = format!("GET {path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: nivel\r\n\r\n");
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut response = Vec::new();
    // Bounded like every other listing: an endless answer is given up, not gathered.
    (&mut stream).take(LIMIT + 1).read_to_end(&mut response).await.ok()?;
    if response.len() as u64 > LIMIT {
        return None;
    }
    body_of_ok(&response).map(<[u8]>::to_vec)
}

/// The body of a `200` response, if it is one.
fn body_of_ok(response: &[u8]) -> Option<&[u8]> {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let status = response.split(|b| *b == b'\n').next()?;
    let code = std::str::from_utf8(status).ok()?.split_whitespace().nth(1)?;
    (code == "200").then(|| &response[end + 4..])
}

/// Sizes from a `/system/df` answer: `Volumes[]` (API < 1.52) or `VolumeUsage.Items[]`;
/// the engine writes `-1` for a size it did not compute.
fn sizes_from_df(df: &Value) -> HashMap<String, u64> {
    let list = df.get("Volumes").or_else(|| df.get("VolumeUsage").and_then(|u| u.get("Items")));
    let mut out = HashMap::new();
    for v in list.and_then(Value::as_array).into_iter().flatten() {
        let name = v.get("Name").and_then(Value::as_str);
        let size = v.get("UsageData").and_then(|u| u.get("Size")).and_then(Value::as_i64);
        if let (Some(name), Some(size)) = (name, size.and_then(|s| u64::try_from(s).ok())) {
            out.insert(name.to_owned(), size);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_from_old_and_new_answers() {
        let old = serde_json::json!({"Volumes": [
            {"Name": "lab_db", "UsageData": {"Size": 8192, "RefCount": 1}},
            {"Name": "lab_web", "UsageData": {"Size": -1, "RefCount": 0}},
            {"Name": "lab_new"}
        ]});
        let sizes = sizes_from_df(&old);
        assert_eq!(sizes.get("lab_db"), Some(&8192), "a computed size");
        assert!(!sizes.contains_key("lab_web"), "-1 means the engine did not compute it");
        assert!(!sizes.contains_key("lab_new"), "no usage data means unknown");
        let new = serde_json::json!({"VolumeUsage": {"Items": [{"Name": "v", "UsageData": {"Size": 5}}]}});
        assert_eq!(sizes_from_df(&new).get("v"), Some(&5), "API 1.52's shape");
    }

    #[test]
    fn only_a_200_answer_has_a_body() {
        let ok = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{\"Volumes\":[]}";
        assert_eq!(body_of_ok(ok), Some(&b"{\"Volumes\":[]}"[..]), "the body after the headers");
        assert_eq!(body_of_ok(b"HTTP/1.0 500 Internal Server Error\r\n\r\n{}"), None, "an error answer has no sizes");
        assert_eq!(body_of_ok(b"garbage"), None, "nor does something that is not HTTP");
    }
}

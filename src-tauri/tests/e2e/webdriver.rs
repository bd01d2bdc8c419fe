//! A small WebDriver client: the handful of W3C WebDriver calls the end-to-end tests make to
//! tauri-driver (which drives WebKit's WebDriver in front of the real app). The class tests
//! (`tests/cluster`) drive WebKit's WebDriver in front of MiniBrowser with it too.

use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

/// The key W3C WebDriver names an element reference with.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// One WebDriver session: one launch of the app.
pub struct Session {
    base: String,
    agent: ureq::Agent,
}

/// An element found on the page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Session {
    /// Opens a session on the driver at `port`, launching `application`.
    pub fn start(port: u16, application: &std::path::Path) -> Result<Session, String> {
        Session::with(port, json!({
            "browserName": "wry",
            "tauri:options": {"application": application.to_string_lossy()}
        }))
    }

    /// Opens a session on the driver at `port` with the capabilities `always`.
    pub fn with(port: u16, always: Value) -> Result<Session, String> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let caps = json!({"capabilities": {"alwaysMatch": always}});
        let root = format!("http://127.0.0.1:{port}");
        let value = request(&agent, "POST", &format!("{root}/session"), Some(caps))?;
        let id = value["sessionId"].as_str().ok_or_else(|| format!("no session id in {value}"))?;
        Ok(Session { base: format!("{root}/session/{id}"), agent })
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        request(&self.agent, method, &format!("{}{path}", self.base), body)
    }

    /// The first element matching the CSS `selector`, now.
    pub fn find(&self, selector: &str) -> Result<Element, String> {
        let v = self.call("POST", "/element", Some(json!({"using": "css selector", "value": selector})))?;
        element(&v)
    }

    /// Every element matching `selector`, now.
    pub fn find_all(&self, selector: &str) -> Result<Vec<Element>, String> {
        let v = self.call("POST", "/elements", Some(json!({"using": "css selector", "value": selector})))?;
        v.as_array().ok_or_else(|| format!("not a list: {v}"))?.iter().map(element).collect()
    }

    /// The first element matching `selector`, waiting up to `timeout` for it to appear.
    pub fn wait_for(&self, selector: &str, timeout: Duration) -> Result<Element, String> {
        self.wait_until(&format!("an element `{selector}`"), timeout, || self.find(selector).ok())
    }

    /// Polls `probe` until it gives a value or `timeout` passes.
    pub fn wait_until<T>(&self, what: &str, timeout: Duration, mut probe: impl FnMut() -> Option<T>) -> Result<T, String> {
        let start = Instant::now();
        loop {
            if let Some(v) = probe() {
                return Ok(v);
            }
            if start.elapsed() > timeout {
                return Err(format!("waited {timeout:?} for {what}"));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    pub fn click(&self, e: &Element) -> Result<(), String> {
        self.call("POST", &format!("/element/{}/click", e.0), Some(json!({}))).map(drop)
    }

    pub fn text(&self, e: &Element) -> Result<String, String> {
        let v = self.call("GET", &format!("/element/{}/text", e.0), None)?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Clears a field and types `text` into it.
    pub fn type_into(&self, e: &Element, text: &str) -> Result<(), String> {
        self.call("POST", &format!("/element/{}/clear", e.0), Some(json!({})))?;
        self.call("POST", &format!("/element/{}/value", e.0), Some(json!({"text": text}))).map(drop)
    }

    /// An attribute of `e` (`"true"` for a boolean one that is set), or `None` without it.
    pub fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        let v = self.call("GET", &format!("/element/{}/attribute/{name}", e.0), None).ok()?;
        v.as_str().map(str::to_owned)
    }

    /// Navigates to `url` and waits for the page to load.
    #[allow(dead_code, reason = "for the class tests' browser (tests/cluster/browser.rs)")]
    pub fn go(&self, url: &str) -> Result<(), String> {
        self.call("POST", "/url", Some(json!({ "url": url }))).map(drop)
    }

    /// The document's title.
    #[allow(dead_code, reason = "for the class tests' browser (tests/cluster/browser.rs)")]
    pub fn title(&self) -> Result<String, String> {
        Ok(self.call("GET", "/title", None)?.as_str().unwrap_or_default().to_owned())
    }

    /// `e`'s width and height on the page, in CSS pixels.
    #[allow(dead_code, reason = "for the class tests' browser (tests/cluster/browser.rs)")]
    pub fn size(&self, e: &Element) -> Result<(f64, f64), String> {
        // Asked of the page: WebKit's driver refuses the element rect command on a file page.
        let script = "const r = arguments[0].getBoundingClientRect(); return {width: r.width, height: r.height};";
        let rect = self.call("POST", "/execute/sync", Some(json!({"script": script, "args": [{ELEMENT: e.0}]})))?;
        Ok((rect["width"].as_f64().unwrap_or(0.0), rect["height"].as_f64().unwrap_or(0.0)))
    }

    /// Scrolls the page until `e` is in the middle of the window, for a screenshot of it.
    pub fn show(&self, e: &Element) -> Result<(), String> {
        let script = "arguments[0].scrollIntoView({block: 'center'});";
        self.call("POST", "/execute/sync", Some(json!({"script": script, "args": [{ELEMENT: e.0}]}))).map(drop)
    }

    /// The text of the first element matching `selector`, or an empty string when there is none.
    pub fn text_of(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| self.text(&e)).unwrap_or_default()
    }

    /// The window as a PNG.
    pub fn screenshot(&self) -> Result<Vec<u8>, String> {
        // WebKit answers a screenshot after the page's next presentation; a page with nothing
        // left to draw (compositing is off in the app) may never present again. A transparent
        // pixel that changes every frame for three seconds keeps frames coming while the
        // screenshot is taken.
        let nudge = "const d = document.createElement('div'); \
            d.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;opacity:0.01;background:#000;pointer-events:none'; \
            document.body.appendChild(d); const end = performance.now() + 3000; \
            const tick = (t) => { if (t > end) { d.remove(); return; } \
              d.style.opacity = d.style.opacity === '0.01' ? '0.02' : '0.01'; requestAnimationFrame(tick); }; \
            requestAnimationFrame(tick);";
        self.call("POST", "/execute/sync", Some(json!({"script": nudge, "args": []})))?;
        let v = self.call("GET", "/screenshot", None)?;
        let data = v.as_str().ok_or_else(|| format!("no screenshot data: {v}"))?;
        base64::engine::general_purpose::STANDARD.decode(data).map_err(|e| format!("screenshot is not base64: {e}"))
    }

}

impl Drop for Session {
    /// Ends the session, which closes the app.
    fn drop(&mut self) {
        let _ = self.call("DELETE", "", None);
    }
}

fn element(v: &Value) -> Result<Element, String> {
    v[ELEMENT].as_str().map(|id| Element(id.to_owned())).ok_or_else(|| format!("not an element: {v}"))
}

/// One WebDriver call; its `value`, or the driver's error as a message.
fn request(agent: &ureq::Agent, method: &str, url: &str, body: Option<Value>) -> Result<Value, String> {
    let response = match (method, body) {
        ("GET", _) => agent.get(url).call(),
        ("DELETE", _) => agent.delete(url).call(),
        (_, Some(body)) => agent.post(url).send_json(body),
        (_, None) => agent.post(url).send_empty(),
    };
    let mut response = response.map_err(|e| format!("{method} {url}: {e}"))?;
    let status = response.status();
    let json: Value = response.body_mut().read_json().map_err(|e| format!("{method} {url}: answer is not JSON: {e}"))?;
    if !status.is_success() {
        return Err(format!("{method} {url}: {status}: {}", json["value"]["message"].as_str().unwrap_or("(no message)")));
    }
    Ok(json["value"].clone())
}

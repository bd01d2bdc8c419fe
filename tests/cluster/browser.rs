//! A page opened in a real browser engine: WebKitGTK's MiniBrowser on a virtual display
//! (Xvfb), driven through WebKit's own WebDriver (Debian's `webkit2gtk-driver`) with the
//! desktop tests' display and WebDriver client, for what a page shows once a browser has laid it out.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::json;

#[allow(dead_code)]
#[path = "../../src-tauri/tests/e2e/webdriver.rs"]
mod webdriver;
#[allow(dead_code)]
#[path = "../../src-tauri/tests/e2e/desktop.rs"]
mod desktop;

use desktop::{free_port, wait_for_port, xvfb, Owned};
pub use webdriver::Session;

const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// One MiniBrowser window; closed on drop.
pub struct Browser {
    pub session: Session,
    // Dropped after the session has ended: the driver, then the display.
    _driver: Owned,
    _display: Owned,
}

impl Browser {
    /// MiniBrowser showing the file `page`, once it has loaded.
    pub fn open(page: &Path) -> Browser {
        let (display, xvfb) = xvfb();
        let port = free_port();
        let driver = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .env("DISPLAY", &display)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("WebKitWebDriver runs (Debian's webkit2gtk-driver): {e}"));
        let driver = Owned(driver);
        wait_for_port(port, Duration::from_secs(30));
        let caps = json!({"browserName": "MiniBrowser", "webkitgtk:browserOptions": {"binary": MINIBROWSER, "args": ["--automation"]}});
        let session = Session::with(port, caps).unwrap_or_else(|e| panic!("a MiniBrowser session: {e}"));
        let url = format!("file://{}", page.canonicalize().unwrap().display());
        session.go(&url).unwrap_or_else(|e| panic!("MiniBrowser opens {url}: {e}"));
        Browser { session, _driver: driver, _display: xvfb }
    }
}

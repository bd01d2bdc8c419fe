//! A student's whole path through the real desktop app, driven through WebDriver
//! (tauri-driver in front of WebKit's WebDriver, under Xvfb) against the real engine: the
//! no-engine screen, the levels, starting a lab from its card until every service is healthy,
//! opening a service's page, finding a log line by search, "Check my work" failing and then
//! passing, resetting one service, exporting the progress report, and the offline images
//! section of the settings. Each step saves a screenshot under `target/e2e/<run>/`: look at
//! them, a pass on a blank window proves nothing.
//!
//! Needs the UI built (`npm run build` in `ui/`), tauri-driver, WebKitWebDriver, Xvfb and
//! dbus-daemon; `scripts/test.sh` installs them and runs
//! `cargo test -p nivel-desktop --features custom-protocol`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod desktop;
#[path = "../../../tests/common/images.rs"]
#[allow(dead_code)]
mod images;
mod lab;
mod webdriver;

use std::path::{Path, PathBuf};
use std::time::Duration;

use desktop::Desktop;
use lab::TestLab;
use webdriver::Session;

const QUICK: Duration = Duration::from_secs(20);
const SLOW: Duration = Duration::from_secs(120);

/// The app under test: this crate's binary, built with the tests (`--features
/// custom-protocol` serves the UI the way the released app does, under its CSP), or the one
/// `NIVEL_DESKTOP_APP` names.
fn app_binary() -> PathBuf {
    std::env::var_os("NIVEL_DESKTOP_APP").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_nivel-desktop")), PathBuf::from)
}

/// Where this run's screenshots go.
fn shots_dir() -> PathBuf {
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../target/e2e/{stamp}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("the screenshots folder");
    dir
}

struct Shots {
    dir: PathBuf,
    n: usize,
}

/// A screenshot of whatever the window shows when the test fails, beside the steps'.
struct OnFailure<'a>(&'a Session, PathBuf);

impl Drop for OnFailure<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Ok(png) = self.0.screenshot() {
                let _ = std::fs::write(self.1.join("failed.png"), png);
            }
        }
    }
}

impl Shots {
    fn take(&mut self, s: &Session, step: &str) {
        self.n += 1;
        let png = s.screenshot().unwrap_or_else(|e| panic!("screenshot of step {step}: {e}"));
        assert!(png.len() > 5_000, "step {step}: the screenshot has content ({} bytes)", png.len());
        std::fs::write(self.dir.join(format!("{:02}-{step}.png", self.n)), png).expect("the screenshot is saved");
    }
}

#[test]
fn a_students_whole_path_in_the_real_window() {
    if !lab::engine_answers() {
        assert!(std::env::var("NIVEL_REQUIRE_DOCKER").as_deref() != Ok("1"), "NIVEL_REQUIRE_DOCKER=1 but no Docker engine answers");
        eprintln!("skipping the desktop end-to-end test: no Docker engine answers");
        return;
    }
    let app = app_binary();
    let image = images::busybox();
    let test_lab = TestLab::new(image);
    let data = tempfile::tempdir().expect("a data folder");
    let opened = data.path().join("opened-urls.txt");
    // Outside the data folder: Nivel refuses to write over its own files.
    let exports = tempfile::tempdir().expect("a folder for the report");
    let report = exports.path().join("informe.html");
    let desktop = Desktop::start();
    let mut shots = Shots { dir: shots_dir(), n: 0 };
    eprintln!("screenshots: {}", shots.dir.display());
    let env = |docker_host: Option<String>| {
        let mut env = vec![
            ("NIVEL_DATA_DIR", data.path().display().to_string()),
            ("NIVEL_EXTRA_LABS", test_lab.path().display().to_string()),
            ("NIVEL_OPEN_URL_LOG", opened.display().to_string()),
            ("NIVEL_SAVE_DIALOG_ANSWER", report.display().to_string()),
            ("NIVEL_LANG", "es".to_owned()),
        ];
        env.extend(docker_host.map(|h| ("DOCKER_HOST", h)));
        env
    };

    // 1. No engine: the app says what to do, instead of an empty window.
    {
        let dead = format!("unix://{}/no-engine.sock", data.path().display());
        let driver = desktop.driver(&env(Some(dead)));
        let s = Session::start(driver.port, &app).expect("the app starts under WebDriver");
        s.wait_for("[data-testid=screen-no-engine]", QUICK).expect("the no-engine screen shows");
        let problem = s.wait_until("the engine problem text", QUICK, || Some(s.text_of("[data-testid=engine-problem]")).filter(|t| !t.is_empty())).expect("the screen says why");
        assert!(problem.contains("Docker") || problem.contains("motor"), "the problem names the engine: {problem}");
        shots.take(&s, "no-engine");
        drop(s);
    }

    let inherited = std::env::var("DOCKER_HOST").ok();
    let driver = desktop.driver(&env(inherited));
    let s = Session::start(driver.port, &app).expect("the app starts under WebDriver");
    let _on_failure = OnFailure(&s, shots.dir.clone());
    let card = format!("[data-testid=screen-levels] [data-lab=\"{}\"]", test_lab.id);

    // 2. The levels: the five course levels and the test's lab, each a card.
    s.wait_for(&card, QUICK).expect("the test lab's card is drawn");
    let levels = s.find_all("[data-testid^=card-level-]").expect("level cards");
    assert!(levels.len() >= 6, "the five levels and the added lab: {} cards", levels.len());
    shots.take(&s, "levels");

    // 3. Start the lab from its card and see every service healthy.
    // The card's button is Start once the overview has said the machine can take the lab (it
    // reads every lab and the engine, which a first start on a loaded machine takes a while to).
    s.click(&s.wait_for(&format!("[data-testid=btn-start-{}]", test_lab.id), SLOW).expect("the card's Start button")).expect("Start is clicked");
    s.wait_for("[data-testid=screen-lab]", QUICK).expect("the lab's page opens");
    for service in ["web", "talker"] {
        s.wait_for(&format!("[data-testid=service-row-{service}][data-health=healthy]"), SLOW).unwrap_or_else(|e| panic!("{service} becomes healthy: {e}"));
    }
    shots.take(&s, "lab-healthy");

    // 4. Open the web service's link: the app hands the browser the published URL.
    let port = test_lab.web_port();
    assert!(!port.is_empty(), "web's port is published");
    s.click(&s.find("[data-testid=weblink-web-0]").expect("the lab's Site link")).expect("the link is clicked");
    let expected = format!("http://127.0.0.1:{port}/index.html");
    let urls = s.wait_until("the opened URL", QUICK, || std::fs::read_to_string(&opened).ok().filter(|t| !t.is_empty())).expect("open_url ran");
    assert_eq!(urls.trim(), expected, "open_url got the service's published URL");
    shots.take(&s, "link-opened");

    // 5. The logs: find the talker's first line by search.
    s.click(&s.find(&format!("[data-testid=btn-logs-{}]", test_lab.id)).expect("the Logs button")).expect("Logs is clicked");
    s.wait_for("[data-testid=log-row]", QUICK).expect("log lines arrive");
    s.type_into(&s.find("[data-testid=logs-search]").expect("the search box"), "needle").expect("the search is typed");
    let matches = s.wait_until("a search match", QUICK, || Some(s.text_of("[data-testid=logs-matches]")).filter(|t| t.contains('1'))).expect("the search finds the line");
    // Find as you type: the match is brought on screen without pressing Enter, however many
    // lines arrived after it.
    let shown = s.wait_until("the needle's line on screen", QUICK, || {
        let rows = s.find_all("[data-testid=log-row]").ok()?;
        rows.iter().any(|r| s.text(r).is_ok_and(|t| t.contains("nivel-e2e-needle"))).then_some(())
    });
    assert!(shown.is_ok(), "the needle's line is on screen ({matches}): {shown:?}");
    shots.take(&s, "logs-search");

    // 6. Check my work: not yet, then done after the work.
    s.click(&s.find("[data-testid=btn-back]").expect("back to the lab")).expect("back is clicked");
    s.click(&s.wait_for(&format!("[data-testid=btn-exercises-{}]", test_lab.id), QUICK).expect("the Exercises button")).expect("Exercises is clicked");
    s.click(&s.wait_for("[data-testid=btn-check]", QUICK).expect("Check my work")).expect("Check is clicked");
    s.wait_for("[data-testid=exercise-saved][data-status=failed]", QUICK).expect("the exercise fails before the work");
    shots.take(&s, "check-failing");
    test_lab.do_the_work();
    s.click(&s.find("[data-testid=btn-check]").expect("Check my work")).expect("Check is clicked again");
    s.wait_for("[data-testid=exercise-saved][data-status=passed]", QUICK).expect("the exercise passes after the work");
    let tally = format!("[data-testid=exercises-tally-{}]", test_lab.id);
    let counted = s.wait_until("the level's tab counting the pass", QUICK, || (s.text_of(&tally) == "1/1").then_some(()));
    assert!(counted.is_ok(), "the tab says 1/1 once the exercise passed: {:?}", s.text_of(&tally));
    shots.take(&s, "check-passing");

    // 7. Reset one service: the plan lists what goes, then web comes back fresh.
    let before = test_lab.container("web");
    s.click(&s.find("[data-testid=nav-levels]").expect("the levels")).expect("levels clicked");
    s.click(&s.wait_for(&format!("[data-testid=btn-open-{}]", test_lab.id), QUICK).expect("the card's Open button")).expect("Open is clicked");
    s.click(&s.wait_for("[data-testid=btn-reset-web]", QUICK).expect("web's Reset")).expect("Reset is clicked");
    let plan = s.wait_until("the reset plan", QUICK, || Some(s.text_of("[data-testid=reset-plan]")).filter(|t| t.contains("work"))).expect("the plan lists the volume");
    shots.take(&s, "reset-plan");
    assert!(plan.contains("web"), "the plan names web's container: {plan}");
    s.click(&s.find("[data-testid=btn-reset-confirm]").expect("Confirm")).expect("Confirm is clicked");
    let after = s.wait_until("web's new container", SLOW, || Some(test_lab.container("web")).filter(|c| !c.is_empty() && *c != before)).expect("web is recreated");
    s.wait_for("[data-testid=service-row-web][data-health=healthy]", SLOW).expect("web is healthy again");
    assert_ne!(after, before, "reset replaced web's container");
    shots.take(&s, "reset-done");

    // 8. Export the progress report.
    s.click(&s.find("[data-testid=nav-exercises]").expect("Exercises")).expect("Exercises clicked");
    s.click(&s.wait_for("[data-testid=btn-export]", QUICK).expect("Export")).expect("Export is clicked");
    s.wait_for("[data-testid=export-result]", QUICK).expect("the export is confirmed");
    let html = std::fs::read_to_string(&report).expect("the report file is written");
    assert!(html.contains(&test_lab.id) || html.contains("Laboratorio de prueba"), "the report covers the test lab");
    shots.take(&s, "exported");

    // 9. Settings → offline images: every level offered with a checkbox, and the save and load
    // buttons; save waits for a level to be ticked. (The archives themselves are tested through
    // the commands, tests/images.rs.)
    s.click(&s.find("[data-testid=nav-settings]").expect("Settings")).expect("Settings clicked");
    let section = s.wait_for("[data-testid=offline-images]", QUICK).expect("the offline images section");
    let title = s.text_of("[data-testid=offline-images] legend");
    assert!(title.contains("Imágenes sin conexión"), "the section's title: {title}");
    let boxes = s.find_all("[data-testid^=images-lab-]").expect("the levels' checkboxes");
    assert!(boxes.len() >= 6, "the five levels and the test lab: {} checkboxes", boxes.len());
    let save = s.find("[data-testid=images-save]").expect("the save button");
    assert_eq!(s.attribute(&save, "disabled").as_deref(), Some("true"), "nothing to save before a level is ticked");
    assert!(s.text(&s.find("[data-testid=images-load]").expect("the load button")).is_ok_and(|t| !t.is_empty()), "the load button is labelled");
    s.click(&s.find(&format!("[data-testid=images-lab-{}]", test_lab.id)).expect("the test lab's checkbox")).expect("the test lab is ticked");
    s.wait_until("save enabled", QUICK, || s.attribute(&save, "disabled").is_none().then_some(())).expect("a ticked level can be saved");
    s.show(&section).expect("the section is scrolled into view");
    shots.take(&s, "offline-images");
}

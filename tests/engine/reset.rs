//! `reset` against the real engine: one service's data wiped and the rest kept, the whole lab
//! wiped, sizes in the plan, and the CLI refusing to delete without a confirmation.

use std::process::Stdio;
use std::time::Duration;

use nivel::docker::reset::{self, KeepReason, ResetOptions, ResetPlan, ResetReport};
use nivel::events::Collect;

use super::lab::TestLab;
use crate::common::nivel;

/// db and web each write into their own volume, and both mount `shared`.
const LAB: &str = r#"
services:
  db:
WEB
    stop_grace_period: 1s
    volumes: ["dbdata:/data", "shared:/shared"]
  web:
WEB
    stop_grace_period: 1s
    volumes: ["webdata:/data", "shared:/shared"]
volumes:
  dbdata: {}
  webdata: {}
  shared: {}
"#;

/// About 7 KB of text, so the engine has a size to report.
const WRITE: &str = "i=0; while [ $i -lt 100 ]; do echo 0123456789012345678901234567890123456789012345678901234567890123456789 >> /data/file; i=$((i+1)); done; echo s > /shared/file";

fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

/// Brings the lab up and has both services write their files.
fn up_and_write(lab: &TestLab) {
    lab.up().0.expect("the lab comes up");
    for s in ["db", "web"] {
        let out = lab.docker(&["exec", &lab.container(s), "sh", "-c", &format!("{WRITE} && echo written")]);
        assert_eq!(out, "written", "{s} wrote its files");
    }
}

fn has_file(lab: &TestLab, service: &str, path: &str) -> bool {
    lab.docker(&["exec", &lab.container(service), "sh", "-c", &format!("[ -f {path} ] && echo yes || echo no")]) == "yes"
}

fn plan(lab: &TestLab, rt: &tokio::runtime::Runtime, service: Option<&str>) -> ResetPlan {
    let loaded = lab.load();
    rt.block_on(reset::plan_reset(&lab.engine, &loaded.project, &lab.owner(&loaded), service)).expect("the reset is planned")
}

fn execute(lab: &TestLab, rt: &tokio::runtime::Runtime, plan: &ResetPlan) -> ResetReport {
    let loaded = lab.load();
    let opts = ResetOptions { stop_timeout: Some(Duration::from_secs(1)) };
    rt.block_on(reset::execute(&lab.engine, &loaded.project, &lab.owner(&loaded), plan, &opts, &Collect::default())).expect("the reset runs")
}

fn assert_healthy(lab: &TestLab, services: &[&str]) {
    for s in services {
        assert_eq!(lab.inspect(&lab.container(s), "{{.State.Health.Status}}"), "healthy", "{s} runs again after the reset");
    }
}

#[test]
fn resetting_one_service_wipes_only_its_own_volume() {
    let Some(lab) = TestLab::new("reset-svc", LAB) else { return };
    let rt = rt();
    up_and_write(&lab);
    let web_before = lab.container("web");
    let mut plan = plan(&lab, &rt, Some("db"));
    // Engines before API 1.42 size volumes only through the whole `system df`, which Nivel waits
    // 15 s for; a local engine busy with other tests' builds can take longer, so ask again.
    for _ in 0..2 {
        if plan.volumes.first().is_some_and(|v| v.size_bytes.is_none()) && lab.engine.host.url.starts_with("unix://") {
            plan = self::plan(&lab, &rt, Some("db"));
        }
    }
    let db_volume = format!("{}_dbdata", lab.project);
    assert_eq!(plan.containers.iter().map(|c| c.service.as_str()).collect::<Vec<_>>(), ["db"], "only db's container: {plan:?}");
    assert_eq!(plan.volumes.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), [db_volume.as_str()], "only db's own volume: {plan:?}");
    assert_eq!(plan.kept.len(), 1, "the shared volume is kept: {plan:?}");
    assert_eq!(plan.kept[0].name, format!("{}_shared", lab.project), "it is the shared one");
    assert_eq!(plan.kept[0].reason, KeepReason::SharedWith { services: vec!["web".into()] }, "kept because web mounts it too");
    // The engine computes sizes of local volumes; a remote one may not.
    match plan.volumes[0].size_bytes {
        Some(n) => assert!(n >= 7000, "the ~7 KB written are counted: {n}"),
        None => assert!(!lab.engine.host.url.starts_with("unix://"), "a local engine reports the size (asked three times)"),
    }

    let report = execute(&lab, &rt, &plan);
    assert_eq!(report.volumes, vec![db_volume], "db's volume removed");
    assert!(lab.container("db").is_empty(), "db's container is gone until the lab starts again");
    lab.up().0.expect("the lab comes up again");
    assert_healthy(&lab, &["db", "web"]);
    assert!(!has_file(&lab, "db", "/data/file"), "db starts from an empty volume");
    assert!(has_file(&lab, "web", "/data/file"), "web's own data survives");
    assert!(has_file(&lab, "db", "/shared/file"), "the shared volume was kept");
    assert_eq!(lab.container("web"), web_before, "web was not even restarted");
}

#[test]
fn resetting_the_whole_lab_wipes_every_volume() {
    let Some(lab) = TestLab::new("reset-lab", LAB) else { return };
    let rt = rt();
    up_and_write(&lab);
    let plan = plan(&lab, &rt, None);
    assert_eq!(plan.containers.len(), 2, "both containers: {plan:?}");
    let mut names: Vec<String> = plan.volumes.iter().map(|v| v.name.clone()).collect();
    names.sort();
    let expected: Vec<String> = ["dbdata", "shared", "webdata"].iter().map(|k| format!("{}_{k}", lab.project)).collect();
    assert_eq!(names, expected, "every volume of the lab: {plan:?}");
    assert!(plan.kept.is_empty(), "nothing is kept: {plan:?}");
    execute(&lab, &rt, &plan);
    assert!(lab.leftovers().is_empty(), "nothing of the lab is left before it starts again: {:?}", lab.leftovers());
    lab.up().0.expect("the lab comes up again");
    assert_healthy(&lab, &["db", "web"]);
    for (s, path) in [("db", "/data/file"), ("web", "/data/file"), ("web", "/shared/file")] {
        assert!(!has_file(&lab, s, path), "{s}'s {path} is gone");
    }
}

#[test]
fn an_external_volume_survives_a_whole_lab_reset() {
    let compose = r#"
services:
  db:
WEB
    volumes: ["keep:/data"]
volumes:
  keep:
    external: true
    name: EXTERNAL
"#;
    let Some(lab) = TestLab::new("reset-ext", "services: {}") else { return };
    let external = format!("{}-external", lab.project);
    lab.write(&compose.replace("EXTERNAL", &external));
    let made = lab.docker(&["volume", "create", &external]);
    assert_eq!(made, external, "the external volume exists");
    let _cleanup = VolumeGuard(external.clone());
    let rt = rt();
    lab.up().0.expect("the lab comes up");
    let plan = plan(&lab, &rt, None);
    assert!(plan.volumes.is_empty(), "the external volume is not deleted: {plan:?}");
    assert_eq!(plan.kept.first().map(|k| (&k.name, &k.reason)), Some((&external, &KeepReason::External)), "and the listing says why");
    execute(&lab, &rt, &plan);
    assert_eq!(lab.docker(&["volume", "inspect", "--format", "{{.Name}}", &external]), external, "it is still there");
}

/// Removes a volume the lab's labels do not cover (an external one), even when a test fails.
struct VolumeGuard(String);

impl Drop for VolumeGuard {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker").args(["volume", "rm", "-f", &self.0]).output();
    }
}

#[test]
fn the_cli_without_yes_or_a_terminal_deletes_nothing() {
    let Some(lab) = TestLab::new("reset-cli", LAB) else { return };
    lab.write(&format!("name: {}\n{LAB}", lab.project));
    up_and_write(&lab);
    let before = lab.container("db");
    let out = nivel().args(["reset", "."]).current_dir(lab.dir.path()).stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "refused as an input error: {stderr}");
    assert!(stderr.contains("--yes"), "says to pass --yes: {stderr}");
    assert!(stdout.contains(&format!("{}_dbdata", lab.project)) && stdout.contains("db"), "the plan was listed first: {stdout}");
    assert_eq!(lab.container("db"), before, "db's container is untouched");
    assert!(has_file(&lab, "db", "/data/file"), "db's data is untouched");
}

#[test]
fn the_cli_resets_one_service_with_yes() {
    let Some(lab) = TestLab::new("reset-yes", LAB) else { return };
    lab.write(&format!("name: {}\n{LAB}", lab.project));
    up_and_write(&lab);
    let web_before = lab.container("web");
    let out = nivel().args(["reset", ".", "--service", "db", "--yes", "--timeout", "60"]).current_dir(lab.dir.path()).stdin(Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the reset runs: {stderr}");
    assert!(stdout.contains("also used by web"), "the listing says why the shared volume stays: {stdout}");
    assert_healthy(&lab, &["db", "web"]);
    assert!(!has_file(&lab, "db", "/data/file"), "db's data is wiped");
    assert!(has_file(&lab, "web", "/data/file"), "web's data is kept");
    assert_eq!(lab.container("web"), web_before, "web left alone");
}

#[test]
fn an_unknown_service_is_an_input_error_with_a_suggestion() {
    let Some(lab) = TestLab::new("reset-typo", LAB) else { return };
    lab.write(&format!("name: {}\n{LAB}", lab.project));
    let out = nivel().args(["reset", ".", "--service", "dbb", "--yes"]).current_dir(lab.dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "exit 2 for a mistyped service: {stderr}");
    assert!(stderr.contains("did you mean `db`?"), "suggests the closest service: {stderr}");
    assert!(lab.leftovers().is_empty(), "nothing was created: {:?}", lab.leftovers());
}

#[test]
fn on_a_terminal_it_asks_and_an_empty_answer_deletes_nothing() {
    let Some(lab) = TestLab::new("reset-ask", LAB) else { return };
    lab.write(&format!("name: {}\n{LAB}", lab.project));
    up_and_write(&lab);
    let before = lab.container("db");
    // `script` (util-linux) gives the command a terminal; the answer is an empty line.
    let command = format!("{} reset . --service db", env!("CARGO_BIN_EXE_nivel"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(lab.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) gives the command a terminal");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Delete these and start the lab again? [y/N]"), "the question is asked: {text}");
    assert!(text.contains("nothing deleted"), "an empty answer means no: {text}");
    assert_eq!(out.status.code(), Some(1), "declining is not a success: {text}");
    assert_eq!(lab.container("db"), before, "db's container is untouched");
    assert!(has_file(&lab, "db", "/data/file"), "db's data is untouched");
}

#[test]
fn ctrl_c_at_the_question_ends_at_once_and_records_the_reset_cancelled() {
    let Some(lab) = TestLab::new("reset-ctrlc", LAB) else { return };
    lab.write(&format!("name: {}\n{LAB}", lab.project));
    up_and_write(&lab);
    let before = lab.container("db");
    let data = tempfile::tempdir().unwrap();
    // `script` (util-linux) gives the command a terminal, so it asks; its stdin stays open, so
    // only the interrupt can end the wait.
    let command = format!("{} reset . --service db", env!("CARGO_BIN_EXE_nivel"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("NIVEL_DATA_DIR", data.path())
        .env("NIVEL_LANG", "en")
        .current_dir(lab.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) gives the command a terminal");
    let text = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let reader = {
        let (text, mut stdout) = (text.clone(), child.stdout.take().unwrap());
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(n @ 1..) = std::io::Read::read(&mut stdout, &mut chunk) {
                text.lock().unwrap().push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        })
    };
    let asked = std::time::Instant::now();
    while !text.lock().unwrap().contains("[y/N]") {
        assert!(asked.elapsed() < Duration::from_secs(60), "the question is asked: {}", text.lock().unwrap());
        std::thread::sleep(Duration::from_millis(50));
    }
    // Ctrl-C as a keyboard sends it: the terminal turns the byte into SIGINT for the command.
    let mut stdin = child.stdin.take().unwrap();
    std::io::Write::write_all(&mut stdin, b"\x03").unwrap();
    let pressed = std::time::Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        assert!(pressed.elapsed() < Duration::from_secs(5), "Ctrl-C ends the question at once, without Enter: {}", text.lock().unwrap());
        std::thread::sleep(Duration::from_millis(20));
    };
    let waited = pressed.elapsed();
    drop(stdin);
    reader.join().unwrap();
    let text = text.lock().unwrap().clone();
    assert_eq!(code, Some(130), "the shell's code for an interrupt: {text}");
    assert!(text.contains("interrupted: nothing deleted"), "says nothing was deleted: {text}");
    assert!(waited < Duration::from_secs(3), "ended at once: {waited:?}");
    let store = nivel::progress::Store::open_to_read(&nivel::progress::default_path(data.path())).expect("the reset was recorded");
    let sessions: Vec<_> = store.sessions().of_lab(&lab.project).unwrap().iter().map(|s| (s.action, s.outcome)).collect();
    assert_eq!(sessions, [(nivel::progress::Action::Reset, Some(nivel::progress::Outcome::Cancelled))], "the reset is recorded as cancelled");
    assert_eq!(lab.container("db"), before, "db's container is untouched");
    assert!(has_file(&lab, "db", "/data/file"), "db's data is untouched");
}

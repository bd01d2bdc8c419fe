//! `nivel class up | status | down` on the swarm of [`Swarm`]: three students' stacks come up
//! healthy across the nodes, each with their own ports and token; one student's down leaves the
//! others running; the class's down leaves nothing of it on any node.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::common::{fixtures, nivel, stderr, stdout};
use crate::browser::Browser;
use crate::swarm::Swarm;

const CLASS: &str = "swarm-test";

fn class_file(dir: &Path) -> std::path::PathBuf {
    let lab = dir.join("swarm-lab");
    std::fs::create_dir_all(&lab).unwrap();
    for f in ["compose.yaml", "lab.toml"] {
        std::fs::copy(fixtures().join("class/swarm-lab").join(f), lab.join(f)).unwrap();
    }
    let file = dir.join("class.toml");
    let students: String = ["ana", "luis", "marta"].iter().map(|s| format!("\n[[student]]\nid = \"{s}\"\nname = \"{s}\"\n")).collect();
    let text = format!("format = 1\nid = \"{CLASS}\"\nlab = \"swarm-lab\"\nports = \"31000-31099\"\n\n[limits]\ncpus = 1\nmemory = \"512MiB\"\n{students}");
    std::fs::write(&file, text).unwrap();
    file
}

/// `nivel class ARGS` on the swarm, logged in to its registry.
fn class(swarm: &Swarm, data: &Path, args: &[&str]) -> Output {
    class_with(swarm, data, &swarm.docker_config(), args)
}

/// `nivel class ARGS` with the docker configuration in `docker_config`.
fn class_with(swarm: &Swarm, data: &Path, docker_config: &Path, args: &[&str]) -> Output {
    let cmd = nivel().env("DOCKER_HOST", swarm.host(0)).env("DOCKER_CONFIG", docker_config).env("NIVEL_DATA_DIR", data).env("NIVEL_IMAGE_MIRRORS", swarm.mirrors()).arg("class").args(args).output();
    cmd.unwrap()
}

fn json(out: &Output, what: &str) -> Value {
    assert!(out.status.success(), "{what}: exit {:?}\n{}\n{}", out.status.code(), stdout(out), stderr(out));
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{what}: JSON ({e}): {}", stdout(out)))
}

/// The page at `url`, fetched from this machine.
fn fetch(url: &str) -> String {
    let rest = url.strip_prefix("http://").unwrap();
    let (addr, path) = rest.split_once('/').unwrap();
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("{url}: {e}"));
    s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
    write!(s, "GET /{path} HTTP/1.0\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body.split_once("\r\n\r\n").map(|(_, b)| b.trim().to_owned()).unwrap_or_default()
}

/// Everything of the class on node `i`: services (on the manager), networks and volumes.
fn leftovers(swarm: &Swarm, i: usize, student: Option<&str>) -> Vec<String> {
    let mut filter = vec!["--filter".to_owned(), format!("label=io.nivel.class={CLASS}")];
    if let Some(s) = student {
        filter.extend(["--filter".to_owned(), format!("label=io.nivel.student={s}")]);
    }
    let mut found = Vec::new();
    let kinds: &[&str] = if i == 0 { &["service", "network", "volume", "secret", "config"] } else { &["volume"] };
    for kind in kinds {
        let mut args = vec![*kind, "ls", "-q"];
        args.extend(filter.iter().map(String::as_str));
        let out = swarm.docker(i, &args);
        found.extend(String::from_utf8_lossy(&out.stdout).lines().map(|l| format!("{kind} {l} on node {i}")));
    }
    found
}

#[test]
fn a_class_comes_up_across_the_nodes_and_goes_down_one_student_then_all() {
    let swarm = Swarm::start(2);
    let work = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let file = class_file(work.path());
    let file = file.to_str().unwrap();

    // The registry serves only its login: without it no node can pull, and up says so with the
    // fix. The same up once logged in updates ana's failed service with the login.
    let anonymous = tempfile::tempdir().unwrap();
    let refused = class_with(&swarm, data.path(), anonymous.path(), &["up", file, "--student", "ana"]);
    let err = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "no login, no pull: {err}");
    assert!(err.contains("of swarm-test-ana failed: No such image") && err.contains("docker login REGISTRY"), "the failure and the login to make: {err}");

    let handouts = json(&class(&swarm, data.path(), &["up", file, "--json"]), "class up");
    let handouts = handouts.as_array().expect("one handout per student");
    assert_eq!(handouts.len(), 3, "every student: {handouts:?}");
    let mut tokens = Vec::new();
    for h in handouts {
        let url = h["links"][0]["url"].as_str().unwrap_or_else(|| panic!("the page's link is there: {h}"));
        let token = h["credentials"][0]["secret"].as_str().unwrap();
        assert_eq!(fetch(url), token, "{}'s page shows their own token at {url}", h["student"]);
        tokens.push(token.to_owned());
    }
    let mut distinct = tokens.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 3, "every student has their own token");

    let status = json(&class(&swarm, data.path(), &["status", file, "--json"]), "class status");
    let students = status["students"].as_array().unwrap();
    assert!(students.iter().all(|s| s["ready"] == true), "every student is ready: {status}");
    let mut nodes: Vec<&str> = students.iter().flat_map(|s| s["stack"]["services"].as_array().unwrap()).filter_map(|v| v["node"].as_str()).collect();
    nodes.sort_unstable();
    nodes.dedup();
    assert!(nodes.len() >= 2, "the class is spread over the nodes: {nodes:?}");
    let jobs: Vec<&Value> = students.iter().flat_map(|s| s["stack"]["services"].as_array().unwrap()).filter(|v| v["service"] == "seed").collect();
    assert!(jobs.iter().all(|j| j["job"] == true && j["state"] == "complete"), "the one-shot job completed for everyone: {jobs:?}");
    let table = class(&swarm, data.path(), &["status", file]);
    assert!(stdout(&table).contains("3 of 3 students ready; 3 of 3 nodes available"), "the table's summary: {}", stdout(&table));

    checks_and_report(&swarm, data.path(), work.path(), file, &status);

    let handouts_dir = work.path().join("handouts");
    let versions = || {
        let names = ["store", "seed", "web"].map(|s| format!("swarm-test-luis_{s}"));
        let out = swarm.docker(0, &[&["service", "inspect", "--format", "{{.Spec.Name}} {{.Version.Index}}"][..], &names.each_ref().map(String::as_str)[..]].concat());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = versions();
    assert_eq!(before.lines().count(), 3, "luis's three services and their versions: {before}");
    let again = class(&swarm, data.path(), &["up", file, "--student", "luis", "--handouts", handouts_dir.to_str().unwrap()]);
    assert!(again.status.success(), "a second up: {}", stderr(&again));
    assert_eq!(versions(), before, "a second up leaves luis's unchanged services as they were");
    assert!(stdout(&again).contains("1 student running"), "one student, in the singular: {}", stdout(&again));
    let handout = handouts_dir.join("luis.md");
    let text = std::fs::read_to_string(&handout).unwrap();
    assert!(text.contains("# luis (luis)") && text.contains("- Page: http://10.231.") && text.contains(&tokens[1]), "luis's links and token: {text}");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(std::fs::metadata(&handout).unwrap().permissions().mode() & 0o777, 0o600, "readable by its owner alone");

    let down = json(&class(&swarm, data.path(), &["down", file, "--student", "ana", "--json"]), "class down --student ana");
    assert_eq!(down["services"], 3, "ana's three services: {down}");
    for i in 0..3 {
        assert_eq!(leftovers(&swarm, i, Some("ana")), Vec::<String>::new(), "nothing of ana is left on node {i}");
    }
    let status = json(&class(&swarm, data.path(), &["status", file, "--json"]), "class status after ana's down");
    let ready: Vec<(&str, bool)> = status["students"].as_array().unwrap().iter().map(|s| (s["student"].as_str().unwrap(), s["ready"] == true)).collect();
    assert_eq!(ready, [("ana", false), ("luis", true), ("marta", true)], "the others still run: {status}");

    let down = json(&class(&swarm, data.path(), &["down", file, "--json"]), "class down");
    assert_eq!(down["services"], 6, "the other two students' services: {down}");
    for i in 0..3 {
        assert_eq!(leftovers(&swarm, i, None), Vec::<String>::new(), "nothing of the class is left on node {i}");
    }
}

/// `class check` fails for everyone until luis does the work; the report merges marta's own
/// export; every student has a row.
fn checks_and_report(swarm: &Swarm, data: &Path, work: &Path, file: &str, status: &Value) {
    let first = class(swarm, data, &["check", file, "--json"]);
    assert_eq!(first.status.code(), Some(1), "nobody has done the work yet: {}", stderr(&first));
    let first: Value = serde_json::from_str(&stdout(&first)).unwrap();
    for s in first["students"].as_array().unwrap() {
        let results: Vec<(&str, bool)> = s["exercises"].as_array().unwrap().iter().map(|e| (e["id"].as_str().unwrap(), e["passed"] == true)).collect();
        assert_eq!(results, [("page", true), ("work", false)], "{}: the page answers, the work is missing: {s}", s["student"]);
        // Read in the student's own container wherever it runs: `cat` ran and found nothing,
        // the file is not there.
        let observed = s["exercises"][1]["observed"].to_string();
        assert!(observed.contains("exit 1; stdout: (empty); stderr: cat: can't open '/www/work'"), "{}: the exec check ran: {observed}", s["student"]);
        assert!(observed.contains("/www/work does not exist"), "{}: the file check looked: {observed}", s["student"]);
    }
    // The container, exec and file checks passed on every node: some stores and pages run on
    // workers.
    let own = status["nodes"].as_array().unwrap().iter().find(|n| n["role"] == "manager").map(|n| n["id"].clone()).unwrap();
    let elsewhere = status["students"].as_array().unwrap().iter().flat_map(|s| s["stack"]["services"].as_array().unwrap().iter()).filter(|v| ["store", "web"].contains(&v["service"].as_str().unwrap()) && v["node"] != own).count();
    assert!(elsewhere > 0, "some stores and pages run on workers, and the checks looking into them passed: {status}");
    // luis does the work, in his own page's container, on the node that runs it.
    let luis = status["students"].as_array().unwrap().iter().find(|s| s["student"] == "luis").unwrap();
    let web = luis["stack"]["services"].as_array().unwrap().iter().find(|v| v["service"] == "web").unwrap();
    let node = node_index(status, web["node"].as_str().unwrap());
    let done = swarm.docker(node, &["exec", web["container"].as_str().unwrap(), "sh", "-c", "echo done > /www/work"]);
    assert!(done.status.success(), "luis's work is written: {}", String::from_utf8_lossy(&done.stderr));
    let second = class(swarm, data, &["check", file, "--json"]);
    let second: Value = serde_json::from_str(&stdout(&second)).unwrap();
    let passed: Vec<(&str, u64)> = second["students"].as_array().unwrap().iter().map(|s| (s["student"].as_str().unwrap(), s["passed"].as_u64().unwrap())).collect();
    assert_eq!(passed, [("ana", 1), ("luis", 2), ("marta", 1)], "only luis passes the work: {second}");
    let text = class(swarm, data, &["check", file, "--student", "luis"]);
    assert!(text.status.success() && stdout(&text).contains("1 of 1 students pass everything"), "luis alone passes: {}", stdout(&text));

    // marta hands in her own export, where she passed the work on her machine; zoe is not in the class.
    let export = |id: &str| {
        serde_json::json!({"format": 1, "identity": {"name": id, "id": id, "group": null}, "levels": [{"level": null, "labs": [
            {"id": "swarm-notes", "exercises": [{"id": "work", "status": "passed", "attempts": 2, "first_passed_at": "2026-01-05T10:00:00Z"}]}]}]})
    };
    let marta = work.join("marta.json");
    std::fs::write(&marta, export("marta").to_string()).unwrap();
    let zoe = work.join("zoe.json");
    std::fs::write(&zoe, export("zoe").to_string()).unwrap();
    let json_report = work.join("report.json");
    let out = class(swarm, data, &["report", file, marta.to_str().unwrap(), zoe.to_str().unwrap(), "-o", json_report.to_str().unwrap()]);
    assert!(out.status.success(), "the report is written: {}", stderr(&out));
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_report).unwrap()).unwrap();
    let cell = |student: &str, exercise: &str| -> Value {
        let row = report["students"].as_array().unwrap().iter().find(|r| r["id"] == student).unwrap();
        row["cells"].as_array().unwrap().iter().find(|c| c["exercise"] == exercise).unwrap().clone()
    };
    assert_eq!((cell("luis", "work")["passed"].clone(), cell("luis", "work")["attempts"].clone()), (Value::Bool(true), serde_json::json!(3)), "luis: passed on his third check: {report}");
    assert_eq!(cell("ana", "work")["passed"], false, "ana has not: {report}");
    let m = cell("marta", "work");
    assert_eq!((m["passed"].clone(), m["attempts"].clone(), m["first_passed_at"].clone()), (Value::Bool(true), serde_json::json!(4), serde_json::json!("2026-01-05T10:00:00Z")), "marta: her export's pass, both sources' attempts: {m}");
    assert_eq!(m["sources"], serde_json::json!(["class", "export"]), "both sources: {m}");
    assert_eq!(report["exports"][1]["student"], Value::Null, "zoe's export matches no one: {report}");
    let html = work.join("report.html");
    let out = class(swarm, data, &["report", file, marta.to_str().unwrap(), "-o", html.to_str().unwrap()]);
    assert!(out.status.success(), "the HTML report: {}", stderr(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.matches("<tr><td>").count() == 3, "one row per student: {page}");
    for name in ["ana (ana)", "luis (luis)", "marta (marta)"] {
        assert!(page.contains(name), "{name}'s row: {page}");
    }
    report_in_a_browser(&html);
    let md = work.join("report.md");
    assert!(class(swarm, data, &["report", file, "-o", md.to_str().unwrap()]).status.success(), "the Markdown report");
    assert!(std::fs::read_to_string(&md).unwrap().contains("| luis (luis) | 2/2 |"), "luis's row in Markdown");
}

/// The HTML report as a browser engine shows it: titled with the class, a row per student,
/// each name in the first column, luis's work (checked) and marta's (from her export) marked
/// passed and ana's not. The window is kept
/// as `target/cluster/class-report.png`.
fn report_in_a_browser(html: &Path) {
    let browser = Browser::open(html);
    let page = &browser.session;
    assert_eq!(page.title().unwrap(), format!("Class {CLASS} — swarm-notes"), "the page's title");
    let rows = page.find_all("tbody tr").unwrap();
    let texts: Vec<String> = rows.iter().map(|r| page.text(r).unwrap()).collect();
    assert_eq!(texts.len(), 3, "a row per student: {texts:?}");
    for (n, (row, name)) in rows.iter().zip(["ana (ana)", "luis (luis)", "marta (marta)"]).enumerate() {
        let cells = page.find_all(&format!("tbody tr:nth-child({}) td", n + 1)).unwrap();
        assert_eq!(page.text(&cells[0]).unwrap(), name, "the student's name first: {texts:?}");
        let (width, height) = page.size(row).unwrap();
        assert!(width > 200.0 && height > 10.0, "{name}'s row is laid out on the page: {width}×{height}");
        let work = cells.last().unwrap();
        let passed = page.attribute(work, "class").as_deref() == Some("passed");
        assert_eq!(passed, !name.starts_with("ana"), "{name}'s work cell: {texts:?}");
    }
    let shot = page.screenshot().unwrap();
    assert!(shot.starts_with(b"\x89PNG"), "the window as a PNG");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/cluster/class-report.png");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, shot).unwrap();
}

/// Node `id`'s index in `swarm`, from its address in `status`.
fn node_index(status: &Value, id: &str) -> usize {
    let node = status["nodes"].as_array().unwrap().iter().find(|n| n["id"] == id).unwrap_or_else(|| panic!("node {id} is listed: {status}"));
    let address = node["address"].as_str().unwrap();
    address.rsplit('.').next().unwrap().parse::<usize>().unwrap() - 10
}

/// `(student, node index, container)` of every student's `store`.
fn stores(status: &Value) -> Vec<(String, usize, String)> {
    status["students"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let store = s["stack"]["services"].as_array().unwrap().iter().find(|v| v["service"] == "store").unwrap();
            (s["student"].as_str().unwrap().to_owned(), node_index(status, store["node"].as_str().unwrap()), store["container"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn a_lost_node_s_tasks_come_back_on_the_others_and_survivors_keep_their_data() {
    let mut swarm = Swarm::start(2);
    let work = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let file = class_file(work.path());
    let file = file.to_str().unwrap();
    json(&class(&swarm, data.path(), &["up", file, "--json"]), "class up");
    let before = json(&class(&swarm, data.path(), &["status", file, "--json"]), "class status");
    // Each student's work, in their store's volume on the node that runs it.
    for (student, node, container) in stores(&before) {
        let out = swarm.docker(node, &["exec", &container, "sh", "-c", &format!("echo work-{student} > /data/work")]);
        assert!(out.status.success(), "{student}'s work is written on node {node}: {}", String::from_utf8_lossy(&out.stderr));
    }
    // The worker that runs the most of the class is lost.
    let mut load = [0usize; 3];
    for s in before["students"].as_array().unwrap() {
        for v in s["stack"]["services"].as_array().unwrap() {
            if let Some(n) = v["node"].as_str() {
                load[node_index(&before, n)] += usize::from(v["state"] == "running");
            }
        }
    }
    let victim = if load[1] >= load[2] { 1 } else { 2 };
    assert!(load[victim] > 0, "a worker runs part of the class: {load:?}");
    swarm.stop_node(victim);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(240);
    let after = loop {
        let status = json(&class(&swarm, data.path(), &["status", file, "--json"]), "class status after the node's loss");
        let moved = status["students"].as_array().unwrap().iter().all(|s| {
            s["ready"] == true && s["stack"]["services"].as_array().unwrap().iter().filter(|v| v["state"] == "running").all(|v| v["node"].as_str().is_some_and(|n| node_index(&status, n) != victim))
        });
        if moved {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "every student is ready again off the lost node within 240 s: {status}");
        std::thread::sleep(std::time::Duration::from_secs(2));
    };
    let lost = after["nodes"].as_array().unwrap().iter().find(|n| n["address"] == swarm.address(victim)).unwrap();
    assert_eq!(lost["state"], "down", "the lost node is down: {lost}");
    let table = class(&swarm, data.path(), &["status", file]);
    assert!(stdout(&table).contains("3 of 3 students ready; 2 of 3 nodes available"), "the table says it: {}", stdout(&table));
    for (student, node, container) in stores(&before) {
        let now = stores(&after).into_iter().find(|(s, ..)| *s == student).unwrap();
        let read = swarm.docker(now.1, &["exec", &now.2, "cat", "/data/work"]);
        if node == victim {
            // A volume is the node's: the store starts again elsewhere on an empty one.
            assert_ne!(now.1, victim, "{student}'s store moved");
            assert!(!read.status.success(), "{student}'s work stayed on the lost node: {}", String::from_utf8_lossy(&read.stdout));
        } else {
            assert_eq!((now.1, now.2.as_str()), (node, container.as_str()), "{student}'s store was left where it ran");
            assert_eq!(String::from_utf8_lossy(&read.stdout).trim(), format!("work-{student}"), "{student}'s work is kept");
        }
    }
    for h in json(&class(&swarm, data.path(), &["status", file, "--json"]), "status")["students"].as_array().unwrap() {
        let web = h["stack"]["services"].as_array().unwrap().iter().find(|v| v["service"] == "web").unwrap();
        let url = web["ports"][0]["url"].as_str().unwrap_or_else(|| panic!("the page has a URL again: {web}"));
        assert!(!fetch(&format!("{url}/token")).is_empty(), "{}'s page answers at {url}", h["student"]);
    }
    let down = class(&swarm, data.path(), &["down", file]);
    assert_eq!(down.status.code(), Some(1), "the lost node's volumes cannot be removed: {}", stderr(&down));
    assert!(stderr(&down).contains("1 node not ready") && stderr(&down).contains("once every node is `Ready`"), "says why and what to do: {}", stderr(&down));
    assert_eq!(leftovers(&swarm, 0, None), Vec::<String>::new(), "the services and networks are gone anyway");
}

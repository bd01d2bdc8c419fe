//! The lab-file rules, one table row each, on small TOML texts beside a small compose file.

use std::path::Path;

use super::*;
use crate::checks::{CheckKind, JsonTest};
use crate::i18n::Lang;

const COMPOSE: &str = "services:\n  web:\n    image: nivel-test/busybox:1\n    ports: [\"8080:80\"]\n  worker:\n    image: nivel-test/busybox:1\n";

const BASE: &str = r#"format = 1
id = "demo"
level = 2
title = { es = "Demo", en = "Demo" }
summary = { es = "Un laboratorio", en = "A lab" }

[requirements]
memory = "1GiB"
cpus = 1
disk = "2GB"
engine = ">=20.10"

[[link]]
service = "web"
port = 80
label = { es = "Web", en = "Web" }

[[exercise]]
id = "one"
title = { es = "Uno", en = "One" }

  [[exercise.check]]
  kind = "http"
  service = "web"
  port = 80
"#;

fn lab_dir(toml: Option<&str>, compose: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("compose.yaml"), compose).unwrap();
    if let Some(toml) = toml {
        std::fs::write(dir.path().join(LAB_FILE), toml).unwrap();
    }
    dir
}

fn problems_of(toml: &str) -> Vec<LintProblem> {
    lint(lab_dir(Some(toml), COMPOSE).path())
}

/// The 1-based line where `marker` starts: its first place in `text`, or its last with `last`.
fn line_of(text: &str, marker: &str, last: bool) -> u32 {
    let at = if last { text.rfind(marker) } else { text.find(marker) };
    let at = at.unwrap_or_else(|| panic!("marker {marker:?} not in the text"));
    u32::try_from(text[..at].matches('\n').count() + 1).unwrap()
}

/// Expects exactly one problem of `severity` whose message holds `message`, on `line`.
fn expect_one(case: &str, text: &str, severity: Severity, message: &str, line: u32) {
    if let Err(e) = one(case, text, severity, message, line) {
        panic!("{e}");
    }
}

fn one(case: &str, text: &str, severity: Severity, message: &str, line: u32) -> Result<(), String> {
    let problems = problems_of(text);
    let matching: Vec<&LintProblem> = problems.iter().filter(|p| p.severity == severity).collect();
    let [p] = matching[..] else { return Err(format!("{case}: one {severity:?} expected, got {problems:#?}")) };
    let fails = [
        (!p.message.en.contains(message), format!("message should hold {message:?}")),
        (p.line != line, format!("reported on line {line}")),
        (!p.file.ends_with(LAB_FILE), "in the lab file".to_string()),
        (p.fix.en.is_empty(), "says what to do".to_string()),
        (!in_both_languages(p), "says it in Spanish too, not a copy of the English".to_string()),
    ];
    match fails.iter().find(|(failed, _)| *failed) {
        Some((_, why)) => Err(format!("{case}: {why}: {}\n{}", p.render(Lang::En), p.render(Lang::Es))),
        None => Ok(()),
    }
}

/// Whether the message and the fix are both written in each language, each its own.
fn in_both_languages(p: &LintProblem) -> bool {
    [&p.message, &p.fix].iter().all(|t| !t.es.trim().is_empty() && !t.en.trim().is_empty() && t.es != t.en)
}

/// Runs every case, then fails with all the cases that failed.
fn all_cases(results: Vec<Result<(), String>>) {
    let failed: Vec<String> = results.into_iter().filter_map(Result::err).collect();
    assert!(failed.is_empty(), "{} case(s) failed:\n{}", failed.len(), failed.join("\n\n"));
}

#[test]
fn the_base_lab_is_clean() {
    let problems = problems_of(BASE);
    assert!(problems.is_empty(), "the base of every case has no problem: {problems:#?}");
}

#[test]
fn each_check_rule_is_reported_on_its_line() {
    let cases: &[(&str, &str, &str, &str)] = &[
        ("an address field", "kind = \"http\"\nservice = \"web\"\nport = 80\nhost = \"example.com\"", "cannot name an address", "host ="),
        ("a url field", "kind = \"http\"\nservice = \"web\"\nport = 80\nurl = \"http://example.com/\"", "cannot name an address", "url ="),
        ("an unpublished port", "kind = \"http\"\nservice = \"web\"\nport = 8080", "does not publish container port 8080", "port = 8080"),
        ("tcp to a service without ports", "kind = \"tcp\"\nservice = \"worker\"\nport = 80", "`worker` does not publish", "port = 80\n"),
        ("an unknown service", "kind = \"exec\"\nservice = \"db\"\ncommand = [\"true\"]", "service `db` is not in", "\"db\""),
        ("no service", "kind = \"exec\"\ncommand = [\"true\"]", "names no `service`", "[[exercise.check]]\nkind = \"exec\""),
        ("an unknown method", "kind = \"http\"\nservice = \"web\"\nport = 80\nmethod = \"FETCH\"", "not an HTTP method", "FETCH"),
        ("a relative path", "kind = \"http\"\nservice = \"web\"\nport = 80\npath = \"health\"", "does not start with `/`", "path ="),
        ("a bad body regex", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_body = \"(\"", "not a valid regex", "expect_body"),
        ("a pointer without /", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_json = { pointer = \"a/b\", exists = true }", "not a JSON pointer", "expect_json"),
        ("a bad ~ escape", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_json = { pointer = \"/a~2\", exists = true }", "not a JSON pointer", "expect_json"),
        ("two json tests", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_json = { pointer = \"/a\", exists = true, min_len = 1 }", "exactly one of", "expect_json"),
        ("no json test", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_json = { pointer = \"/a\" }", "(0 given)", "expect_json"),
        ("a status out of range", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_status = 99", "not an HTTP status", "expect_status"),
        ("a long timeout", "kind = \"tcp\"\nservice = \"web\"\nport = 80\ntimeout = \"10m\"", "longer than 5 minutes", "timeout"),
        ("a timeout without unit", "kind = \"tcp\"\nservice = \"web\"\nport = 80\ntimeout = \"10\"", "not a duration", "timeout"),
        ("an empty command", "kind = \"exec\"\nservice = \"web\"\ncommand = []", "`command` is empty", "command"),
        ("an unknown state", "kind = \"container\"\nservice = \"web\"\nstate = \"sleeping\"", "not a container state", "sleeping"),
        ("an ambiguous memory", "kind = \"container\"\nservice = \"web\"\nmax_memory = \"512M\"", "ambiguous", "max_memory"),
        ("a container check testing nothing", "kind = \"container\"\nservice = \"web\"", "tests nothing", "[[exercise.check]]\nkind = \"container\""),
        ("a field of another kind", "kind = \"tcp\"\nservice = \"web\"\nport = 80\nmethod = \"GET\"", "not a field of a `tcp` check", "method"),
        ("an unknown kind", "kind = \"ping\"\nservice = \"web\"", "not a kind of check", "ping"),
        ("no kind", "service = \"web\"", "has no `kind`", "[[exercise.check]]\nservice"),
        ("a relative file path", "kind = \"file\"\nservice = \"web\"\npath = \"etc/hosts\"", "not absolute", "etc/hosts"),
        ("a bad contains regex", "kind = \"file\"\nservice = \"web\"\npath = \"/etc/hosts\"\ncontains = \"[\"", "not a valid regex", "contains"),
        ("a wrong type", "kind = \"tcp\"\nservice = \"web\"\nport = \"eighty\"", "invalid type", "eighty"),
        ("a message in one language", "kind = \"tcp\"\nservice = \"web\"\nport = 80\nmessage = { es = \"no\" }", "has no `en` text", "message"),
        ("exists = false", "kind = \"http\"\nservice = \"web\"\nport = 80\nexpect_json = { pointer = \"/a\", exists = false }", "exists = false", "expect_json"),
    ];
    all_cases(
        cases
            .iter()
            .map(|(case, check, message, marker)| {
                let text = format!("{BASE}\n[[exercise]]\nid = \"two\"\ntitle = {{ es = \"Dos\", en = \"Two\" }}\n\n[[exercise.check]]\n{check}\n");
                one(case, &text, Severity::Error, message, line_of(&text, marker, true))
            })
            .collect(),
    );
}

#[test]
fn each_lab_rule_is_reported_on_its_line() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        ("a newer format", "format = 1", "format = 2", "update Nivel", "format = 2"),
        ("an unknown format", "format = 1", "format = 0", "not a lab-file format", "format = 0"),
        ("a bad id", "id = \"demo\"", "id = \"Demo_Lab\"", "may hold only lowercase", "Demo_Lab"),
        ("a level out of range", "level = 2", "level = 7", "not a course level", "level = 7"),
        ("a title without en", "title = { es = \"Demo\", en = \"Demo\" }", "title = { es = \"Demo\" }", "has no `en` text", "title ="),
        ("an empty summary", "en = \"A lab\"", "en = \" \"", "summary.en is empty", "summary ="),
        ("an ambiguous memory", "memory = \"1GiB\"", "memory = \"6G\"", "ambiguous", "memory ="),
        ("no cpus", "cpus = 1", "cpus = 0", "not above zero", "cpus ="),
        ("an engine without >=", "engine = \">=20.10\"", "engine = \"20.10\"", "constraint", "engine ="),
        ("an unknown requirement", "cpus = 1", "cpus = 1\ngpus = 1", "not a key of [requirements]", "gpus"),
        ("an unknown top-level key", "level = 2", "level = 2\nauthor = \"x\"", "not a key of a lab file", "author"),
        ("a link to an unknown service", "service = \"web\"\nport = 80\nlabel", "service = \"api\"\nport = 80\nlabel", "service `api` is not in", "\"api\""),
        ("a link path", "port = 80\nlabel", "port = 80\npath = \"ui\"\nlabel", "does not start with `/`", "path ="),
        ("a link without label", "port = 80\nlabel = { es = \"Web\", en = \"Web\" }", "port = 80", "`label` is missing", "[[link]]"),
        ("an exercise without checks", "  [[exercise.check]]\n  kind = \"http\"\n  service = \"web\"\n  port = 80\n", "", "no checks", "[[exercise]]"),
        ("an exercise without id", "id = \"one\"", "", "has no `id`", "[[exercise]]"),
        ("a compose file outside the folder", "level = 2", "level = 2\ncompose = \"../compose.yaml\"", "not inside the lab folder", "compose ="),
        ("TOML syntax", "level = 2", "level = = 2", "not valid TOML", "level"),
    ];
    all_cases(
        cases
            .iter()
            .map(|(case, from, to, message, marker)| {
                assert!(BASE.contains(from), "{case}: the base holds {from:?}");
                let text = BASE.replacen(from, to, 1);
                one(case, &text, Severity::Error, message, line_of(&text, marker, false))
            })
            .collect(),
    );
}

#[test]
fn duplicate_exercise_ids_are_reported_at_the_second() {
    let text = format!("{BASE}\n[[exercise]]\nid = \"one\"\ntitle = {{ es = \"Otra\", en = \"Again\" }}\n\n[[exercise.check]]\nkind = \"tcp\"\nservice = \"web\"\nport = 80\n");
    let problems = problems_of(&text);
    assert_eq!(problems.len(), 1, "one problem: {problems:#?}");
    let second = text.lines().enumerate().filter(|(_, l)| l.contains("id = \"one\"")).nth(1).map(|(i, _)| i + 1).unwrap();
    assert_eq!(problems[0].line as usize, second, "at the second use of the id: {:?}", problems[0]);
    assert!(problems[0].message.en.contains("used twice"), "says why: {:?}", problems[0]);
}

#[test]
fn warnings_do_not_stop_a_lab() {
    let text = BASE.replacen("port = 80\nlabel", "port = 443\nlabel", 1);
    expect_one("a link to an unpublished port", &text, Severity::Warning, "does not publish container port 443", line_of(&text, "port = 443", false));
    let dir = lab_dir(Some(&text), COMPOSE);
    assert!(load_lab(dir.path(), Environment::new()).is_ok(), "a lab with only warnings loads");
    let latest = lab_dir(Some(BASE), "services:\n  web:\n    image: busybox\n    ports: [\"8080:80\"]\n  worker:\n    image: busybox:latest\n");
    let problems = lint(latest.path());
    let lines: Vec<u32> = problems.iter().filter(|p| p.message.en.contains("without a version")).map(|p| p.line).collect();
    assert_eq!(lines, [3, 6], "one warning per unpinned image, at its `image:` line: {problems:#?}");
    assert!(problems.iter().all(|p| !p.is_error()), "unpinned images only warn: {problems:#?}");
}

#[test]
fn start_interval_warns_when_the_lab_allows_engines_below_25() {
    let compose = "services:\n  web:\n    image: nivel-test/busybox:1\n    ports: [\"8080:80\"]\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      start_interval: 1s\n  worker:\n    image: nivel-test/busybox:1\n";
    let old = lint(lab_dir(Some(BASE), compose).path());
    let found: Vec<(u32, &str)> = old.iter().filter(|p| p.message.en.contains("start_interval")).map(|p| (p.line, p.fix.en.as_str())).collect();
    assert_eq!(found.len(), 1, "one warning: {old:#?}");
    assert_eq!(found[0].0, 7, "at the `start_interval` line");
    assert!(found[0].1.contains(">=25.0") && old.iter().all(|p| !p.is_error()), "a warning saying both ways out: {old:#?}");
    let newer = BASE.replace("engine = \">=20.10\"", "engine = \">=25.0\"");
    let fine = lint(lab_dir(Some(&newer), compose).path());
    assert!(fine.iter().all(|p| !p.message.en.contains("start_interval")), "engines from 25 take it: {fine:#?}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = BASE.replacen("level = 2", "level = 9", 1).replacen("memory = \"1GiB\"", "memory = \"lots\"", 1)
        + "\n[[exercise]]\nid = \"Two\"\ntitle = { es = \"Dos\", en = \"Two\" }\n\n[[exercise.check]]\nkind = \"http\"\nservice = \"nope\"\nport = 80\nhost = \"10.0.0.1\"\n\n[[exercise.check]]\nkind = \"exec\"\nservice = \"web\"\ncommand = []\n";
    let problems = problems_of(&text);
    let messages: Vec<&str> = problems.iter().map(|p| p.message.en.as_str()).collect();
    for want in ["not a course level", "`lots` is not a size", "may hold only lowercase", "cannot name an address", "`command` is empty"] {
        assert!(messages.iter().any(|m| m.contains(want)), "{want:?} among {messages:#?}");
    }
    let lines: Vec<u32> = problems.iter().map(|p| p.line).collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "errors are listed by line");
}

#[test]
fn the_labs_md_example_loads() {
    let example = include_str!("../../../docs/labs.md");
    let start = example.find("```toml\nformat = 1").map(|i| i + "```toml\n".len()).unwrap();
    let end = start + example[start..].find("```").unwrap();
    let toml = &example[start..end];
    let compose = "services:\n  mlflow:\n    image: nivel-test/mlflow:1\n    ports: [\"5000:5000\"]\n";
    let dir = lab_dir(Some(toml), compose);
    let (spec, project) = load_lab(dir.path(), Environment::new()).unwrap_or_else(|e| panic!("the documented example loads: {e}"));
    assert_eq!((spec.id.as_str(), spec.level), ("level-2", Some(2)), "id and level");
    assert_eq!(project.project.name, "level-2", "the compose project is named after the lab");
    assert_eq!(spec.requirements.memory, Some(6 << 30), "6GiB in bytes");
    assert_eq!(spec.requirements.disk, Some(12 << 30), "12GiB in bytes");
    assert_eq!(spec.links.len(), 1, "one link");
    assert_eq!(spec.links[0].port, 5000, "the link's container port");
    let exercise = spec.exercise("experiment").unwrap();
    assert!(exercise.hint.is_some(), "the hint is kept");
    let CheckKind::Http(http) = &exercise.checks[0].kind else { panic!("an http check") };
    assert_eq!((http.method.as_str(), http.path.as_str(), http.expect_status), ("POST", "/api/2.0/mlflow/experiments/search", 200), "the request");
    let json = http.expect_json.as_ref().unwrap();
    assert_eq!(json.pointer, "/experiments", "the pointer");
    assert!(matches!(json.test, JsonTest::MinLen(2)), "at least two experiments");
    assert_eq!(exercise.checks[0].timeout, DEFAULT_TIMEOUT, "the default timeout");
}

#[test]
fn a_folder_without_a_lab_file_is_a_plain_compose_lab() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("my-stack");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("compose.yml"), COMPOSE).unwrap();
    let (spec, project) = load_lab(&dir, Environment::new()).unwrap();
    assert_eq!(spec.id, "my-stack", "named after the folder");
    assert!(spec.exercises.is_empty() && spec.links.is_empty(), "nothing to check");
    assert_eq!(spec.compose, [Path::new("compose.yml")], "the compose file found, relative to the folder");
    assert_eq!(project.project.services.len(), 2, "the project loaded");
    assert!(lint(&dir).is_empty(), "nothing to lint in a plain folder");
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let err = load_lab(&empty, Environment::new()).unwrap_err();
    assert!(err.to_string().contains("no compose file"), "a folder with nothing to run: {err}");
}

#[test]
fn a_broken_compose_file_is_reported_where_it_breaks() {
    let dir = lab_dir(Some(BASE), "services:\n  web:\n    image: x:1\n    ports: [\"nope\"]\n");
    let problems = lint(dir.path());
    let compose: Vec<&LintProblem> = problems.iter().filter(|p| p.file.ends_with("compose.yaml")).collect();
    assert_eq!(compose.len(), 1, "the compose error, in the compose file: {problems:#?}");
    assert_eq!(compose[0].line, 4, "at its line: {:?}", compose[0]);
    assert!(problems.iter().all(|p| !p.message.en.contains("not in the lab's compose project")), "services are not judged against a project that did not load: {problems:#?}");
}

#[test]
fn checks_are_built_with_their_values() {
    let text = format!(
        "{BASE}\n[[exercise]]\nid = \"two\"\ntitle = {{ es = \"Dos\", en = \"Two\" }}\nhint = {{ es = \"Pista\", en = \"Hint\" }}\n\n{}",
        "[[exercise.check]]\nkind = \"exec\"\nservice = \"worker\"\ncommand = [\"ls\", \"/data\"]\nuser = \"root\"\nexpect_exit = 1\nexpect_stdout = \"x+\"\ntimeout = \"500ms\"\nmessage = { es = \"M\", en = \"M\" }\n\n\
         [[exercise.check]]\nkind = \"container\"\nservice = \"web\"\nstate = \"healthy\"\nmax_memory = \"512MiB\"\nmax_cpus = 1\n\n\
         [[exercise.check]]\nkind = \"http\"\nservice = \"web\"\nport = 80\nmethod = \"post\"\nheaders = { Content-Type = \"application/json\" }\nbasic_auth = { user = \"u\", password = \"p\" }\nexpect_json = { pointer = \"/a~1b\", equals = [1, \"x\"] }\n"
    );
    let dir = lab_dir(Some(&text), COMPOSE);
    let (spec, _) = load_lab(dir.path(), Environment::new()).unwrap_or_else(|e| panic!("valid: {e}"));
    let checks = &spec.exercise("two").unwrap().checks;
    let CheckKind::Exec(exec) = &checks[0].kind else { panic!("exec first") };
    assert_eq!((exec.service.as_str(), exec.command.as_slice(), exec.user.as_deref(), exec.expect_exit), ("worker", &["ls".to_string(), "/data".to_string()][..], Some("root"), 1), "exec fields");
    assert_eq!(checks[0].timeout, std::time::Duration::from_millis(500), "the timeout");
    assert!(checks[0].message.is_some(), "the message");
    let CheckKind::Container(c) = &checks[1].kind else { panic!("container second") };
    assert_eq!((c.max_memory, c.max_cpus), (Some(512 << 20), Some(1.0)), "limits in bytes and CPUs");
    let CheckKind::Http(h) = &checks[2].kind else { panic!("http third") };
    assert_eq!(h.method, "POST", "the method in upper case");
    assert_eq!(h.headers, [("Content-Type".to_string(), "application/json".to_string())], "headers");
    let json = h.expect_json.as_ref().unwrap();
    assert!(matches!(&json.test, JsonTest::Equals(v) if *v == serde_json::json!([1, "x"])), "equals, as JSON");
}

#[test]
fn json_pointers_follow_rfc_6901() {
    for ok in ["", "/", "/a", "/a/0", "/a~0b", "/a~1b", "/~01"] {
        assert!(check::is_json_pointer(ok), "{ok:?} is a pointer");
    }
    for bad in ["a", "a/b", "/a~", "/a~2", "#/a"] {
        assert!(!check::is_json_pointer(bad), "{bad:?} is not");
    }
}

#[test]
fn every_problem_of_a_bad_lab_is_said_in_both_languages() {
    let text = BASE
        .replacen("level = 2", "level = 9\nauthor = \"x\"", 1)
        .replacen("memory = \"1GiB\"", "memory = \"6G\"", 1)
        .replacen("engine = \">=20.10\"", "engine = \"20.10\"", 1)
        .replacen("en = \"A lab\"", "en = \" \"", 1)
        .replacen("port = 80\nlabel", "port = 443\nlabel", 1)
        + "\n[[exercise]]\nid = \"Two\"\ntitle = { es = \"Dos\" }\n\n[[exercise.check]]\nkind = \"http\"\nservice = \"nope\"\nport = 80\nhost = \"10.0.0.1\"\nmethod = \"FETCH\"\nexpect_json = { pointer = \"a\", exists = true, min_len = 1 }\ntimeout = \"0s\"\n\n[[exercise.check]]\nkind = \"exec\"\nservice = \"web\"\ncommand = []\nuser = \"\"\n\n[[exercise.check]]\nkind = \"container\"\nservice = \"web\"\nmax_memory = \"lots\"\nstate = \"asleep\"\n";
    let problems = problems_of(&text);
    assert!(problems.len() >= 15, "the bad lab has many problems: {problems:#?}");
    assert!(problems.iter().any(|p| !p.is_error()), "a warning among them: {problems:#?}");
    for p in &problems {
        assert!(in_both_languages(p), "each problem has its own Spanish and English message and fix:\n{}\n{}", p.render(Lang::Es), p.render(Lang::En));
    }
    let memory = problems.iter().find(|p| p.message.en.starts_with("memory:")).unwrap_or_else(|| panic!("the memory size: {problems:#?}"));
    assert_eq!(memory.message.es, "memory: `G` es ambiguo en `6G`", "the units' Spanish, led by the field");
    assert!(memory.fix.es.starts_with("escriba un número y una unidad"), "the units' fix in Spanish: {:?}", memory.fix);
}

#[path = "credential_tests.rs"]
mod credentials;

//! A lab's `[[credential]]`s end to end through the real binary: the secret made once per data
//! folder, shown by `nivel creds` and `nivel up`, interpolated into a real container's
//! environment, kept across a second `up`, and used by an `http` check to log in to a real
//! busybox httpd protected by HTTP Basic with that password.

use crate::common::{nivel, stderr, stdout};
use crate::engine::lab::TestLab;

/// A web server whose password is the credential's secret: `/:admin:<secret>` in its
/// httpd.conf, written from the variable compose interpolated.
const COMPOSE: &str = r#"services:
  web:
    image: IMAGE
    environment:
      SITE_PASSWORD: ${SITE_PASSWORD:?made by Nivel, see nivel creds}
    command: ["sh", "-c", "mkdir -p /www && echo hola > /www/index.html && echo \"/:admin:$$SITE_PASSWORD\" > /etc/httpd.conf && exec httpd -f -p 8080 -h /www -c /etc/httpd.conf"]
    ports: ["8080"]
"#;

fn lab_toml(id: &str) -> String {
    format!(
        r#"format = 1
id = "{id}"
title = {{ es = "Laboratorio con contraseña", en = "Lab with a password" }}
summary = {{ es = "Un servidor web con acceso.", en = "A web server with a login." }}

[[credential]]
id = "web"
service = "web"
label = {{ es = "Sitio protegido", en = "Protected site" }}
user = "admin"
env = "SITE_PASSWORD"

[[exercise]]
id = "login"
title = {{ es = "Entre al sitio", en = "Log in to the site" }}

  [[exercise.check]]
  kind = "http"
  service = "web"
  port = 8080
  path = "/index.html"
  basic_auth = {{ credential = "web" }}
  expect_body = "hola"

[[exercise]]
id = "wrong"
title = {{ es = "Con otra contraseña", en = "With another password" }}

  [[exercise.check]]
  kind = "http"
  service = "web"
  port = 8080
  path = "/index.html"
  basic_auth = {{ user = "admin", password = "not-the-secret" }}
"#
    )
}

fn secret_of(creds_json: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(creds_json)
        .unwrap_or_else(|e| panic!("`nivel creds --json` prints JSON ({e}): {creds_json}"));
    doc["credentials"][0]["secret"]
        .as_str()
        .unwrap_or_else(|| panic!("a secret: {doc}"))
        .to_owned()
}

#[test]
fn a_credential_reaches_the_container_and_the_check_logs_in_with_it() {
    let Some(lab) = TestLab::new("creds", COMPOSE) else {
        return;
    };
    std::fs::write(lab.dir.path().join("lab.toml"), lab_toml(&lab.project)).unwrap();
    let data = tempfile::tempdir().unwrap();
    let dir = lab.dir.path().to_str().unwrap().to_owned();
    let run = |args: &[&str]| {
        nivel()
            .env("NIVEL_DATA_DIR", data.path())
            .env("NIVEL_LANG", "en")
            .env_remove("SITE_PASSWORD")
            .args(args)
            .output()
            .unwrap()
    };

    let creds = run(&["creds", &dir, "--json"]);
    assert_eq!(
        creds.status.code(),
        Some(0),
        "creds prints before the lab ever ran: {}",
        stderr(&creds)
    );
    let secret = secret_of(&stdout(&creds));
    assert!(
        secret.len() == 24 && secret.bytes().all(|b| b.is_ascii_alphanumeric()),
        "a made secret, 24 letters and digits: {secret}"
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&creds)).unwrap();
    assert_eq!(
        (
            doc["lab"].as_str(),
            doc["credentials"][0]["user"].as_str(),
            doc["credentials"][0]["service"].as_str()
        ),
        (Some(lab.project.as_str()), Some("admin"), Some("web")),
        "lab, user and service: {doc}"
    );
    assert_eq!(
        doc["credentials"][0]["label"]["es"], "Sitio protegido",
        "the label in both languages: {doc}"
    );

    let up = run(&["up", &dir, "--progress", "plain"]);
    assert_eq!(up.status.code(), Some(0), "up succeeds: {}", stderr(&up));
    let table = stdout(&up);
    assert!(
        table.contains("SERVICE")
            && table.lines().any(|l| l.starts_with("web")
                && l.contains("Protected site")
                && l.contains("admin")
                && l.ends_with(&secret)),
        "up's summary ends with the login and its secret: {table}"
    );

    let container = lab.container("web");
    let env = |id: &str| {
        lab.inspect(id, "{{range .Config.Env}}{{println .}}{{end}}")
            .lines()
            .find_map(|l| l.strip_prefix("SITE_PASSWORD=").map(str::to_owned))
    };
    assert_eq!(
        env(&container).as_deref(),
        Some(secret.as_str()),
        "compose interpolated the stored secret into the container's environment"
    );

    let login = run(&["check", &dir, "login"]);
    assert_eq!(
        login.status.code(),
        Some(0),
        "the check logs in with the credential: {}{}",
        stdout(&login),
        stderr(&login)
    );
    let wrong = run(&["check", &dir, "wrong", "--json"]);
    assert_eq!(
        wrong.status.code(),
        Some(1),
        "another password is refused: {}{}",
        stdout(&wrong),
        stderr(&wrong)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&wrong)).unwrap();
    let observed = doc["exercises"][0]["checks"][0]["observed"]["en"]
        .as_str()
        .unwrap_or_default();
    assert!(
        observed.starts_with("HTTP 401"),
        "the server said so: {doc}"
    );
    assert!(
        !stdout(&login).contains(&secret) && !stdout(&wrong).contains(&secret),
        "no check result shows the secret"
    );

    let again = run(&["up", &dir, "--progress", "plain"]);
    assert_eq!(
        again.status.code(),
        Some(0),
        "a second up succeeds: {}",
        stderr(&again)
    );
    assert_eq!(
        lab.container("web"),
        container,
        "the same secret, so the same configuration: the container is left alone"
    );
    assert_eq!(
        env(&container).as_deref(),
        Some(secret.as_str()),
        "and the same password inside"
    );
    assert_eq!(
        secret_of(&stdout(&run(&["creds", &dir, "--json"]))),
        secret,
        "creds still shows it"
    );

    let overridden = nivel()
        .env("NIVEL_DATA_DIR", data.path())
        .env("SITE_PASSWORD", "instructor-set")
        .args(["creds", &dir, "--json"])
        .output()
        .unwrap();
    assert_eq!(
        secret_of(&stdout(&overridden)),
        "instructor-set",
        "a variable set in the environment wins, and is what is shown"
    );
    let empty = nivel().env("NIVEL_DATA_DIR", data.path()).env("SITE_PASSWORD", "").args(["creds", &dir, "--json"]).output().unwrap();
    assert_eq!(secret_of(&stdout(&empty)), secret, "an empty variable is no password: the kept secret stays");
    assert_eq!(
        secret_of(&stdout(&run(&["creds", &dir, "--json"]))),
        secret,
        "without it, the kept secret again: it was never replaced"
    );

    let reset = run(&["reset", &dir, "--yes", "--progress", "plain"]);
    assert_eq!(reset.status.code(), Some(0), "reset succeeds: {}", stderr(&reset));
    let after = lab.container("web");
    assert_ne!(after, container, "reset made a new container");
    assert_eq!(env(&after).as_deref(), Some(secret.as_str()), "with the same secret: a lab's data keeps the password it was made with, so a reset keeps it");
    assert!(stdout(&reset).lines().any(|l| l.ends_with(&secret)), "reset's summary shows the login too: {}", stdout(&reset));

    let down = run(&["down", &dir, "-t", "1"]);
    assert_eq!(
        down.status.code(),
        Some(0),
        "down succeeds: {}",
        stderr(&down)
    );
    assert!(
        lab.leftovers().is_empty(),
        "nothing left: {:?}",
        lab.leftovers()
    );
}

/// A lab folder with the credential lab file, for the tests that need no engine.
fn lab_folder(id: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("compose.yaml"),
        COMPOSE.replace("IMAGE", "nivel-test/busybox:1"),
    )
    .unwrap();
    std::fs::write(dir.path().join("lab.toml"), lab_toml(id)).unwrap();
    dir
}

#[test]
fn creds_prints_a_table_in_the_language_and_keeps_its_secret_private() {
    let lab = lab_folder("creds-table");
    let data = tempfile::tempdir().unwrap();
    let dir = lab.path().to_str().unwrap();
    let run = |lang: &str| {
        nivel()
            .env("NIVEL_DATA_DIR", data.path())
            .env("NIVEL_LANG", lang)
            .env_remove("SITE_PASSWORD")
            .args(["creds", dir])
            .output()
            .unwrap()
    };
    let en = run("en");
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    let lines: Vec<String> = stdout(&en).lines().map(str::to_owned).collect();
    assert!(
        lines[0].starts_with("SERVICE")
            && lines[0].contains("LOGIN")
            && lines[0].contains("USER")
            && lines[0].ends_with("SECRET"),
        "English headings: {lines:?}"
    );
    assert!(
        lines[1].starts_with("web")
            && lines[1].contains("Protected site")
            && lines[1].contains("admin"),
        "the login: {lines:?}"
    );
    let es = run("es");
    assert!(
        stdout(&es).starts_with("SERVICIO") && stdout(&es).contains("Sitio protegido"),
        "Spanish headings and label: {}",
        stdout(&es)
    );
    assert_eq!(
        stdout(&es)
            .lines()
            .nth(1)
            .and_then(|l| l.split_whitespace().last()),
        lines[1].split_whitespace().last(),
        "the same secret in both: it is made once"
    );
    let file = data.path().join("credentials").join("creds-table.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode,
            0o600,
            "kept where only the student reads it: {}",
            file.display()
        );
    }
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains(lines[1].split_whitespace().last().unwrap()),
        "the file holds the secret shown"
    );
}

#[test]
fn creds_refuses_an_unknown_lab_a_bad_lab_file_and_a_fifo() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        nivel()
            .env("NIVEL_DATA_DIR", data.path())
            .env("NIVEL_LANG", "en")
            .args(args)
            .output()
            .unwrap()
    };
    let unknown = run(&["creds", "level-9"]);
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "an unknown lab is an input error: {}",
        stderr(&unknown)
    );

    let bad = lab_folder("creds-bad");
    let text = lab_toml("creds-bad").replace(
        "basic_auth = { credential = \"web\" }",
        "basic_auth = { credential = \"db\" }",
    );
    std::fs::write(bad.path().join("lab.toml"), text).unwrap();
    let out = run(&["creds", bad.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a lab file naming a credential it lacks is an input error: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("`db` is not a credential of the lab"),
        "says which: {}",
        stderr(&out)
    );

    let none = tempfile::tempdir().unwrap();
    std::fs::write(
        none.path().join("compose.yaml"),
        "services:\n  web:\n    image: nivel-test/busybox:1\n",
    )
    .unwrap();
    let out = run(&["creds", none.path().to_str().unwrap(), "--json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a lab without credentials: {}",
        stderr(&out)
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        doc["credentials"],
        serde_json::json!([]),
        "an empty list: {doc}"
    );

    let lab = lab_folder("creds-fifo");
    let secrets = data.path().join("credentials");
    std::fs::create_dir_all(&secrets).unwrap();
    let fifo = secrets.join("creds-fifo.json");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success(),
        "mkfifo made the FIFO"
    );
    let out = run(&["creds", lab.path().to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a FIFO where the secrets go is refused, not waited on: {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("is a FIFO (named pipe), not the lab's credentials file"),
        "named: {}",
        stderr(&out)
    );
}

//! `kill -9` of `nivel up` at random points, again and again: each next `up` converges to one
//! ready lab, without waiting on the dead holder's lock, and leaves nothing orphaned (no
//! container, network or volume beyond the lab's, none without its labels).

use std::process::Stdio;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::lab::TestLab;
use crate::common::nivel;
use crate::common::registry::{docker, push_image_of, Images, Registry};

const LAB: &str = r#"
services:
  pulled:
    image: PULLED
    command: ["sleep", "600"]
  job:
    image: IMAGE
    command: ["sh", "-c", "echo migrated > /data/done"]
    volumes: ["data:/data"]
  web:
WEB
    volumes: ["data:/data"]
    depends_on:
      job: {condition: service_completed_successfully}
  api:
    image: IMAGE
    command: ["sleep", "600"]
    depends_on:
      web: {condition: service_healthy}
      pulled: {condition: service_started}
volumes:
  data: {}
"#;

const TRIALS: usize = 20;

/// A small xorshift generator: the seed is printed, so a failing trial can be replayed.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Objects of `kind` (`ps -a`, `network ls`, `volume ls`) whose name holds the project's, and
/// how many of them carry its label.
fn named_and_labelled(lab: &TestLab, kind: &[&str]) -> (Vec<String>, usize) {
    let by = |filter: String| -> Vec<String> {
        let mut args = kind.to_vec();
        args.extend(["--format", if kind[0] == "ps" { "{{.Names}}" } else { "{{.Name}}" }, "--filter"]);
        args.push(&filter);
        let out = docker(&args);
        String::from_utf8_lossy(&out.stdout).lines().map(str::to_owned).collect()
    };
    let named = by(format!("name={}", lab.project));
    let labelled = by(format!("label=com.docker.compose.project={}", lab.project));
    (named, labelled.len())
}

#[test]
fn up_killed_at_random_points_always_converges_on_the_next_up() {
    let registry = Registry::start();
    let image = registry.name(&format!("nivel-test-killed-{}:1", std::process::id()));
    let Some(lab) = TestLab::new("killed-loop", &LAB.replace("PULLED", &image)) else { return };
    push_image_of(&image, 8 << 20);
    let _images = Images(vec![image.clone()]);
    let data = tempfile::tempdir().unwrap();
    let seed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    let mut dice = Dice(seed);
    let compose = ["compose", "-f", "compose.yaml", "-p", lab.project.as_str()];
    let run = |args: &[&str]| nivel().current_dir(lab.dir.path()).env("NIVEL_DATA_DIR", data.path()).args(compose).args(args).output().unwrap();
    let started = Instant::now();
    for trial in 0..TRIALS {
        let case = format!("seed {seed}, trial {trial}");
        match dice.below(3) {
            0 => assert!(run(&["down", "-t", "0"]).status.success(), "{case}: down before the trial"),
            // The image is pulled again: a kill can land mid-pull.
            1 => drop(docker(&["rmi", "-f", &image])),
            _ => {}
        }
        let mut up = nivel()
            .current_dir(lab.dir.path())
            .env("NIVEL_DATA_DIR", data.path())
            .args(compose)
            .args(["up", "--progress", "json"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(dice.below(2500)));
        up.kill().unwrap();
        up.wait().unwrap();

        let out = run(&["up", "--timeout", "60"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{case}: the next up converges: {err}");
        assert!(!err.contains("is busy"), "{case}: the killed holder's lock was released with it: {err}");
        for (service, want) in [("pulled", "running"), ("job", "exited 0"), ("web", "running healthy"), ("api", "running")] {
            let ids = lab.container(service);
            assert_eq!(ids.lines().count(), 1, "{case}: one container for {service}: {ids:?}");
            let state = lab.inspect(&ids, "{{.State.Status}}{{if eq .State.Status \"exited\"}} {{.State.ExitCode}}{{end}}{{if .State.Health}} {{.State.Health.Status}}{{end}}");
            assert_eq!(state, want, "{case}: {service}");
        }
        for (kind, count) in [(&["ps", "-a"][..], 4), (&["network", "ls"][..], 1), (&["volume", "ls"][..], 1)] {
            let (named, labelled) = named_and_labelled(&lab, kind);
            assert_eq!(named.len(), count, "{case}: exactly the lab's {kind:?}: {named:?}");
            assert_eq!(labelled, count, "{case}: every one of them carries the lab's label: {named:?}");
        }
    }
    eprintln!("{TRIALS} killed ups converged in {:?} (seed {seed})", started.elapsed());
}

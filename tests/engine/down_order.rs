//! `down` keeps the dependency order: a service gets its stop signal only after every
//! service that depends on it has stopped, read from the engine's own events.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use nivel::docker::down::DownOptions;

use super::lab::{TestLab, CHAIN};

/// `(nanoseconds, action, service)` of the project's `kill` and `die` events while `f` runs;
/// taken live, as the engine keeps only its last 256 events for replays.
fn stop_events(project: &str, f: impl FnOnce()) -> Vec<(i64, String, String)> {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() - 1;
    let mut child = Command::new("docker")
        .args(["events", "--since", &since.to_string(), "--filter", &format!("label=com.docker.compose.project={project}")])
        .args(["--filter", "event=kill", "--filter", "event=die"])
        .args(["--format", r#"{{.TimeNano}} {{.Action}} {{index .Actor.Attributes "com.docker.compose.service"}}"#])
        .stdout(Stdio::piped())
        .spawn()
        .expect("docker events runs");
    let stdout = child.stdout.take().expect("events output");
    let reader = std::thread::spawn(move || BufReader::new(stdout).lines().map_while(Result::ok).collect::<Vec<_>>());
    f();
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("docker events stops");
    child.wait().expect("docker events exits");
    let lines = reader.join().expect("the reader ends");
    lines
        .iter()
        .filter_map(|l| {
            let mut parts = l.split(' ');
            Some((parts.next()?.parse().ok()?, parts.next()?.to_owned(), parts.next()?.to_owned()))
        })
        .collect()
}

fn first(events: &[(i64, String, String)], action: &str, service: &str) -> i64 {
    events
        .iter()
        .find(|(_, a, s)| a == action && s == service)
        .map(|(t, _, _)| *t)
        .unwrap_or_else(|| panic!("no {action} event for {service}: {events:?}"))
}

#[test]
fn down_signals_a_service_only_after_its_dependents_have_stopped() {
    let Some(lab) = TestLab::new("down-order", CHAIN) else { return };
    lab.up().0.expect("the chain comes up");
    let events = stop_events(&lab.project, || {
        lab.down(DownOptions { volumes: false, timeout: Some(Duration::from_secs(1)) });
    });
    for (dependent, dependency) in [("third", "second"), ("second", "first")] {
        let died = first(&events, "die", dependent);
        let signalled = first(&events, "kill", dependency);
        assert!(signalled >= died, "{dependency} is signalled ({signalled}) only after {dependent} died ({died}): {events:?}");
    }
    assert!(lab.leftovers().is_empty(), "down removed everything: {:?}", lab.leftovers());
}

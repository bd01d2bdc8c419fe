//! What `up` knows about the lab while it runs: each container's state as the engine's event
//! stream (and one inspect per container) reported it, and each service's outcome. Every task
//! waits on this board for the condition it needs; nothing polls.

use std::collections::HashMap;

use crate::events::ServicePhase;

/// The shared view; lives in a `tokio::sync::watch` channel.
#[derive(Debug, Default)]
pub struct Board {
    pub containers: HashMap<String, Observed>,
    pub services: HashMap<String, Outcome>,
    /// Set when the event stream broke: waiting on it any longer is pointless.
    pub stream_lost: Option<String>,
}

/// One container as last reported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Observed {
    pub running: bool,
    pub exit_code: Option<i64>,
    pub health: Health,
    /// How many events changed it.
    pub events: u64,
    /// Engine time (ns) of the newest event applied: an inspect from before then is older
    /// news and is discarded.
    pub last_event: i64,
    /// Engine time (ns) as of which an inspect described it: replayed events from before
    /// then are older news and are ignored.
    pub as_of: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Health {
    #[default]
    None,
    Starting,
    Healthy,
    Unhealthy,
}

/// Where a service got to, as other services' `depends_on` conditions see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Its container was started (or was already running).
    Started,
    /// It reached its goal: healthy, or running and settled.
    Ready,
    /// It ran to completion with exit code 0.
    Completed,
    /// It failed, or never started.
    Failed,
}

/// What a service's container must reach for the service to count as up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Goal {
    Healthy,
    Completed,
    Running,
}

/// A container's state judged against a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Pending,
    Reached(ServicePhase),
    Exited(i64),
    Unhealthy,
}

pub fn verdict(o: &Observed, goal: Goal) -> Verdict {
    if !o.running {
        if let Some(code) = o.exit_code {
            return if code == 0 && goal != Goal::Healthy { Verdict::Reached(ServicePhase::Completed) } else { Verdict::Exited(code) };
        }
        return Verdict::Pending;
    }
    match goal {
        Goal::Healthy => match o.health {
            Health::Healthy => Verdict::Reached(ServicePhase::Healthy),
            Health::Unhealthy => Verdict::Unhealthy,
            _ => Verdict::Pending,
        },
        Goal::Completed => Verdict::Pending,
        Goal::Running => Verdict::Reached(ServicePhase::Running),
    }
}

/// Applies one container event (`start`, `die`, `health_status: healthy`, …) that happened
/// at `time_nano`.
pub fn apply_event(board: &mut Board, id: &str, action: &str, attributes: &HashMap<String, String>, time_nano: i64) {
    let o = board.containers.entry(id.to_owned()).or_default();
    if time_nano < o.as_of {
        return;
    }
    let (verb, rest) = action.split_once(':').map_or((action, ""), |(v, r)| (v, r.trim()));
    match verb {
        "start" => {
            o.running = true;
            o.exit_code = None;
            o.health = Health::Starting;
        }
        "die" => {
            o.running = false;
            o.exit_code = Some(attributes.get("exitCode").and_then(|c| c.parse().ok()).unwrap_or(-1));
        }
        "health_status" => {
            let status = if rest.is_empty() { attributes.get("health_status").map_or("", String::as_str) } else { rest };
            o.health = match status {
                "healthy" => Health::Healthy,
                "unhealthy" => Health::Unhealthy,
                "starting" => Health::Starting,
                _ => o.health,
            };
        }
        _ => return,
    }
    o.events += 1;
    o.last_event = o.last_event.max(time_nano);
}

/// Applies an inspect requested at `as_of` (ns), unless an event newer than that is already
/// on the board. Events replayed from before `as_of` (the stream starts a little in the past)
/// neither block the inspect nor override it: comparing times, not counts, keeps a steady
/// healthy container from being held at "starting" by a replayed `start`.
pub fn apply_inspect(board: &mut Board, id: &str, as_of: i64, seen: Observed) {
    let o = board.containers.entry(id.to_owned()).or_default();
    if o.last_event <= as_of {
        *o = Observed { events: o.events, last_event: o.last_event, as_of, ..seen };
    }
}

/// Whether a `depends_on` condition on a service in `outcome` holds; `None` when it never will.
pub fn gate(condition: &str, outcome: Option<Outcome>) -> Option<bool> {
    match (condition, outcome) {
        (_, Some(Outcome::Failed)) => None,
        ("service_completed_successfully", o) => Some(o == Some(Outcome::Completed)),
        ("service_healthy", o) => Some(matches!(o, Some(Outcome::Ready | Outcome::Completed))),
        (_, o) => Some(o.is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn events_move_a_container_to_healthy_or_exited() {
        let mut b = Board::default();
        apply_event(&mut b, "c1", "start", &attrs(&[]), 10);
        assert_eq!(verdict(&b.containers["c1"], Goal::Healthy), Verdict::Pending, "started, not yet healthy");
        apply_event(&mut b, "c1", "health_status: healthy", &attrs(&[]), 10);
        assert_eq!(verdict(&b.containers["c1"], Goal::Healthy), Verdict::Reached(ServicePhase::Healthy), "healthy");
        apply_event(&mut b, "c1", "die", &attrs(&[("exitCode", "3")]), 11);
        assert_eq!(verdict(&b.containers["c1"], Goal::Running), Verdict::Exited(3), "the exit code from the event");
    }

    #[test]
    fn a_one_shot_job_completes_only_with_code_zero() {
        let mut b = Board::default();
        apply_event(&mut b, "j", "start", &attrs(&[]), 10);
        assert_eq!(verdict(&b.containers["j"], Goal::Completed), Verdict::Pending, "still running");
        apply_event(&mut b, "j", "die", &attrs(&[("exitCode", "0")]), 11);
        assert_eq!(verdict(&b.containers["j"], Goal::Completed), Verdict::Reached(ServicePhase::Completed), "done");
        assert_eq!(verdict(&b.containers["j"], Goal::Healthy), Verdict::Exited(0), "a healthchecked service must not exit");
    }

    #[test]
    fn unhealthy_is_a_verdict() {
        let mut b = Board::default();
        apply_event(&mut b, "c", "start", &attrs(&[]), 10);
        apply_event(&mut b, "c", "health_status: unhealthy", &attrs(&[]), 10);
        assert_eq!(verdict(&b.containers["c"], Goal::Healthy), Verdict::Unhealthy, "the probe failed");
    }

    #[test]
    fn an_inspect_older_than_an_event_is_ignored() {
        let mut b = Board::default();
        apply_event(&mut b, "c", "start", &attrs(&[]), 10);
        apply_event(&mut b, "c", "die", &attrs(&[("exitCode", "1")]), 11);
        apply_inspect(&mut b, "c", 5, Observed { running: true, ..Observed::default() });
        assert_eq!(b.containers["c"].exit_code, Some(1), "the die event is newer than the inspect");
        let now = b.containers["c"].events;
        apply_inspect(&mut b, "c", 20, Observed { running: true, health: Health::Healthy, ..Observed::default() });
        assert_eq!(b.containers["c"].events, now, "an inspect does not count as an event");
        apply_event(&mut b, "c", "start", &attrs(&[]), 15);
        assert_eq!(b.containers["c"].health, Health::Healthy, "a replayed event older than the inspect is ignored");
    }

    #[test]
    fn a_replayed_event_arriving_during_an_inspect_does_not_discard_it() {
        let mut b = Board::default();
        // The stream replays the `start` of a container that has long been healthy while the
        // inspect is on its way; the inspect, newer, must still describe it.
        apply_event(&mut b, "c", "start", &attrs(&[]), 10);
        apply_inspect(&mut b, "c", 50, Observed { running: true, health: Health::Healthy, ..Observed::default() });
        assert_eq!(verdict(&b.containers["c"], Goal::Healthy), Verdict::Reached(ServicePhase::Healthy), "healthy as inspected");
    }

    #[test]
    fn conditions_gate_on_outcomes() {
        assert_eq!(gate("service_started", Some(Outcome::Started)), Some(true), "started is enough");
        assert_eq!(gate("service_healthy", Some(Outcome::Started)), Some(false), "not healthy yet");
        assert_eq!(gate("service_healthy", Some(Outcome::Ready)), Some(true), "healthy");
        assert_eq!(gate("service_completed_successfully", Some(Outcome::Ready)), Some(false), "still running");
        assert_eq!(gate("service_completed_successfully", Some(Outcome::Completed)), Some(true), "completed");
        assert_eq!(gate("service_started", Some(Outcome::Failed)), None, "a failed dependency never opens");
        assert_eq!(gate("service_started", None), Some(false), "not yet started");
    }
}

//! Desired against actual: what `up` must do to each service given the containers already on
//! the engine with the lab's labels. Pure, so that a second `up` provably touches nothing and
//! a half-finished `up` provably converges.

/// What a service should look like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Desired {
    pub hash: String,
    pub image_id: String,
    /// Something waits for it to complete (`service_completed_successfully`): an exit with
    /// code 0 is its finished state, not a stop.
    pub one_shot: bool,
    /// The ids of the lab's networks it must be attached to (the ones `up` kept).
    pub networks: Vec<String>,
}

/// A labelled container found on the engine for a service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actual {
    pub id: String,
    pub hash: String,
    pub image_id: String,
    pub state: ContainerStatus,
    /// The exit code, when it exited.
    pub exit_code: Option<i64>,
    /// The ids of the networks it is attached to (empty for an endpoint the engine has not
    /// resolved yet: a container created by name and never started).
    pub networks: Vec<String>,
}

impl Actual {
    /// Attached to every network it should be: a container whose network was removed, or
    /// that sits on a duplicate `up` does not keep, cannot serve the lab.
    fn joins(&self, desired: &Desired) -> bool {
        desired.networks.iter().all(|id| self.networks.contains(id))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ContainerStatus {
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Dead,
    Removing,
}

/// What to do with one service.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Up to date and running (or a one-shot job that finished well): touch nothing.
    Leave { id: String },
    /// Up to date but not running (created by a killed `up`, or stopped): start it.
    Start { id: String },
    /// No container yet.
    Create,
    /// Its configuration or image changed: remove these containers, then create.
    Recreate { remove: Vec<String> },
}

/// The action for one service given its containers (normally zero or one).
pub fn decide(desired: &Desired, actual: &[Actual]) -> Action {
    let (current, stale): (Vec<&Actual>, Vec<&Actual>) = actual
        .iter()
        .filter(|a| a.state != ContainerStatus::Removing)
        .partition(|a| a.hash == desired.hash && a.image_id == desired.image_id && a.state != ContainerStatus::Dead && a.joins(desired));
    let Some(keep) = current.first() else {
        return if stale.is_empty() { Action::Create } else { Action::Recreate { remove: ids(&stale) } };
    };
    // Extra containers of the same service (a scaled or duplicated leftover) are replaced by
    // one fresh container, so the lab always has exactly one per service.
    if current.len() > 1 || !stale.is_empty() {
        let mut remove = ids(&current);
        remove.extend(ids(&stale));
        return Action::Recreate { remove };
    }
    match keep.state {
        ContainerStatus::Running | ContainerStatus::Restarting => Action::Leave { id: keep.id.clone() },
        ContainerStatus::Exited if desired.one_shot && keep.exit_code == Some(0) => Action::Leave { id: keep.id.clone() },
        ContainerStatus::Paused => Action::Recreate { remove: vec![keep.id.clone()] },
        _ => Action::Start { id: keep.id.clone() },
    }
}

/// The action for one service when containers keep the configuration they were created
/// with (`restart`): an existing container is started as it is, whatever changed since;
/// only a service without one, or whose network is gone, is created.
pub fn keep(desired: &Desired, actual: &[Actual]) -> Action {
    let usable = actual.iter().find(|a| !matches!(a.state, ContainerStatus::Removing | ContainerStatus::Dead));
    match usable {
        Some(a) if matches!(a.state, ContainerStatus::Running | ContainerStatus::Restarting) => Action::Leave { id: a.id.clone() },
        Some(a) if a.state == ContainerStatus::Exited && desired.one_shot && a.exit_code == Some(0) => Action::Leave { id: a.id.clone() },
        Some(a) if a.joins(desired) => Action::Start { id: a.id.clone() },
        _ => decide(desired, actual),
    }
}

/// A network on the engine under a name the lab uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkFound {
    pub id: String,
    /// Carries the lab's project label: the lab's own, so a duplicate may be removed.
    pub labelled: bool,
    /// How many of the lab's containers are attached to it.
    pub attached: usize,
}

/// Which of the networks of one name the lab uses, and the lab's duplicates to remove.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkChoice {
    pub keep: String,
    pub remove: Vec<String>,
}

/// Chooses among networks sharing a name (two racing `up`s could each create one): the lab's
/// own over a foreign one, then the one most of its containers use (so a running lab stays
/// as it is), then the smallest id, so that two runs choose alike. The lab's other networks
/// of that name are duplicates; a foreign one is never removed. `None` when there is none.
pub fn choose_network(found: &[NetworkFound]) -> Option<NetworkChoice> {
    let best = found.iter().max_by(|a, b| {
        (a.labelled, a.attached).cmp(&(b.labelled, b.attached)).then_with(|| b.id.cmp(&a.id))
    })?;
    let remove = found.iter().filter(|n| n.labelled && n.id != best.id).map(|n| n.id.clone()).collect();
    Some(NetworkChoice { keep: best.id.clone(), remove })
}

fn ids(list: &[&Actual]) -> Vec<String> {
    list.iter().map(|a| a.id.clone()).collect()
}

impl ContainerStatus {
    /// The engine's state word (`running`, `exited`, …); unknown words count as dead.
    pub fn from_engine(state: &str) -> ContainerStatus {
        match state {
            "created" => ContainerStatus::Created,
            "running" => ContainerStatus::Running,
            "paused" => ContainerStatus::Paused,
            "restarting" => ContainerStatus::Restarting,
            "exited" => ContainerStatus::Exited,
            "removing" => ContainerStatus::Removing,
            _ => ContainerStatus::Dead,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn desired(one_shot: bool) -> Desired {
        Desired { hash: "h1".into(), image_id: "sha256:i1".into(), one_shot, networks: vec!["n1".into()] }
    }

    fn actual(id: &str, hash: &str, state: ContainerStatus, exit_code: Option<i64>) -> Actual {
        Actual { id: id.into(), hash: hash.into(), image_id: "sha256:i1".into(), state, exit_code, networks: vec!["n1".into()] }
    }

    #[test]
    fn an_unchanged_running_service_is_left_alone() {
        let a = [actual("c1", "h1", ContainerStatus::Running, None)];
        assert_eq!(decide(&desired(false), &a), Action::Leave { id: "c1".into() }, "a second up touches nothing");
    }

    #[test]
    fn a_missing_service_is_created() {
        assert_eq!(decide(&desired(false), &[]), Action::Create, "no container yet");
    }

    #[test]
    fn a_changed_service_is_recreated() {
        let a = [actual("c1", "old", ContainerStatus::Running, None)];
        assert_eq!(decide(&desired(false), &a), Action::Recreate { remove: vec!["c1".into()] }, "hash differs");
        let mut other_image = actual("c1", "h1", ContainerStatus::Running, None);
        other_image.image_id = "sha256:i2".into();
        assert_eq!(
            decide(&desired(false), &[other_image]),
            Action::Recreate { remove: vec!["c1".into()] },
            "the image behind the tag changed"
        );
    }

    #[test]
    fn a_created_or_stopped_unchanged_service_is_started() {
        let created = [actual("c1", "h1", ContainerStatus::Created, None)];
        assert_eq!(decide(&desired(false), &created), Action::Start { id: "c1".into() }, "left by a killed up");
        let stopped = [actual("c1", "h1", ContainerStatus::Exited, Some(137))];
        assert_eq!(decide(&desired(false), &stopped), Action::Start { id: "c1".into() }, "stopped by hand");
        let exited_ok = [actual("c1", "h1", ContainerStatus::Exited, Some(0))];
        assert_eq!(decide(&desired(false), &exited_ok), Action::Start { id: "c1".into() }, "a server that stopped cleanly runs again");
    }

    #[test]
    fn a_finished_one_shot_job_is_not_run_again() {
        let done = [actual("c1", "h1", ContainerStatus::Exited, Some(0))];
        assert_eq!(decide(&desired(true), &done), Action::Leave { id: "c1".into() }, "it completed successfully");
        let failed = [actual("c1", "h1", ContainerStatus::Exited, Some(2))];
        assert_eq!(decide(&desired(true), &failed), Action::Start { id: "c1".into() }, "a failed job runs again");
    }

    #[test]
    fn duplicates_and_dead_containers_are_replaced() {
        let dup = [actual("c1", "h1", ContainerStatus::Running, None), actual("c2", "h1", ContainerStatus::Created, None)];
        assert_eq!(decide(&desired(false), &dup), Action::Recreate { remove: vec!["c1".into(), "c2".into()] }, "one container per service");
        let dead = [actual("c1", "h1", ContainerStatus::Dead, None)];
        assert_eq!(decide(&desired(false), &dead), Action::Recreate { remove: vec!["c1".into()] }, "a dead container cannot start");
    }

    #[test]
    fn restart_keeps_containers_whatever_changed() {
        let changed = [actual("c1", "old", ContainerStatus::Exited, Some(137))];
        assert_eq!(keep(&desired(false), &changed), Action::Start { id: "c1".into() }, "a changed, stopped container starts as it is");
        let running = [actual("c1", "old", ContainerStatus::Running, None)];
        assert_eq!(keep(&desired(false), &running), Action::Leave { id: "c1".into() }, "a running one is left alone");
        let done = [actual("c1", "h1", ContainerStatus::Exited, Some(0))];
        assert_eq!(keep(&desired(true), &done), Action::Leave { id: "c1".into() }, "a completed job is not run again");
        assert_eq!(keep(&desired(false), &[]), Action::Create, "a missing container is created");
        let dead = [actual("c1", "h1", ContainerStatus::Dead, None)];
        assert_eq!(keep(&desired(false), &dead), Action::Recreate { remove: vec!["c1".into()] }, "a dead one cannot start");
    }

    #[test]
    fn a_container_off_the_lab_s_network_is_recreated() {
        let mut gone = actual("c1", "h1", ContainerStatus::Exited, Some(137));
        gone.networks = vec!["removed-since".into()];
        assert_eq!(decide(&desired(false), &[gone.clone()]), Action::Recreate { remove: vec!["c1".into()] }, "its network was removed under it: it cannot start");
        assert_eq!(keep(&desired(false), &[gone]), Action::Recreate { remove: vec!["c1".into()] }, "restart cannot start it either");
        let mut unresolved = actual("c1", "h1", ContainerStatus::Created, None);
        unresolved.networks = vec![String::new()];
        assert_eq!(
            decide(&desired(false), &[unresolved]),
            Action::Recreate { remove: vec!["c1".into()] },
            "created by name by a killed up: the name may be ambiguous now"
        );
        let mut on_duplicate = actual("c1", "h1", ContainerStatus::Running, None);
        on_duplicate.networks = vec!["duplicate".into()];
        assert_eq!(decide(&desired(false), &[on_duplicate.clone()]), Action::Recreate { remove: vec!["c1".into()] }, "on a duplicate that goes away");
        assert_eq!(keep(&desired(false), &[on_duplicate]), Action::Leave { id: "c1".into() }, "restart leaves a running one alone");
    }

    #[test]
    fn a_service_without_networks_of_its_own_fits_anywhere() {
        let host = Desired { networks: vec![], ..desired(false) };
        let mut running = actual("c1", "h1", ContainerStatus::Running, None);
        running.networks = vec![];
        assert_eq!(decide(&host, &[running]), Action::Leave { id: "c1".into() }, "network_mode: host joins no lab network");
        let mut extra = actual("c1", "h1", ContainerStatus::Running, None);
        extra.networks = vec!["n1".into(), "connected-by-hand".into()];
        assert_eq!(decide(&desired(false), &[extra]), Action::Leave { id: "c1".into() }, "a network joined by hand does not matter");
    }

    #[test]
    fn whatever_a_killed_up_left_converges_to_one_container_per_service() {
        let removing = [actual("c1", "h1", ContainerStatus::Removing, None)];
        assert_eq!(decide(&desired(false), &removing), Action::Create, "a recreate killed after its remove: create anew");
        let left = [
            actual("c1", "old", ContainerStatus::Exited, Some(137)),
            actual("c2", "h1", ContainerStatus::Created, None),
            actual("c3", "h1", ContainerStatus::Dead, None),
        ];
        assert_eq!(
            decide(&desired(false), &left),
            Action::Recreate { remove: vec!["c2".into(), "c1".into(), "c3".into()] },
            "an old container, a new one never started and a dead one: one fresh container"
        );
        let created = [actual("c1", "h1", ContainerStatus::Created, None)];
        assert_eq!(decide(&desired(true), &created), Action::Start { id: "c1".into() }, "a job created but never run is started");
    }

    fn net(id: &str, labelled: bool, attached: usize) -> NetworkFound {
        NetworkFound { id: id.into(), labelled, attached }
    }

    #[test]
    fn of_two_networks_of_one_name_the_used_one_is_kept_and_the_other_removed() {
        assert_eq!(choose_network(&[]), None, "nothing to choose: create it");
        assert_eq!(
            choose_network(&[net("b", true, 0), net("a", true, 2)]),
            Some(NetworkChoice { keep: "a".into(), remove: vec!["b".into()] }),
            "the one the lab's containers use"
        );
        assert_eq!(
            choose_network(&[net("b", true, 0), net("a", true, 0)]),
            Some(NetworkChoice { keep: "a".into(), remove: vec!["b".into()] }),
            "a tie goes to the smallest id, so racing runs agree"
        );
        assert_eq!(
            choose_network(&[net("f", false, 3), net("b", true, 0), net("c", true, 0)]),
            Some(NetworkChoice { keep: "b".into(), remove: vec!["c".into()] }),
            "the lab's own over a foreign one, which is never removed"
        );
        assert_eq!(
            choose_network(&[net("f", false, 0)]),
            Some(NetworkChoice { keep: "f".into(), remove: vec![] }),
            "a foreign network of the name is used, as compose does"
        );
    }
}

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
        .partition(|a| a.hash == desired.hash && a.image_id == desired.image_id && a.state != ContainerStatus::Dead);
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
/// only a service without one is created.
pub fn keep(desired: &Desired, actual: &[Actual]) -> Action {
    let usable = actual.iter().find(|a| !matches!(a.state, ContainerStatus::Removing | ContainerStatus::Dead));
    match usable {
        Some(a) if matches!(a.state, ContainerStatus::Running | ContainerStatus::Restarting) => Action::Leave { id: a.id.clone() },
        Some(a) if a.state == ContainerStatus::Exited && desired.one_shot && a.exit_code == Some(0) => Action::Leave { id: a.id.clone() },
        Some(a) => Action::Start { id: a.id.clone() },
        None => decide(desired, actual),
    }
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
        Desired { hash: "h1".into(), image_id: "sha256:i1".into(), one_shot }
    }

    fn actual(id: &str, hash: &str, state: ContainerStatus, exit_code: Option<i64>) -> Actual {
        Actual { id: id.into(), hash: hash.into(), image_id: "sha256:i1".into(), state, exit_code }
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
}

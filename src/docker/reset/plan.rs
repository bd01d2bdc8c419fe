//! What a reset deletes, decided before anything is touched: the containers of the lab (or of
//! one service), the named volumes only they use, their anonymous volumes, and the volumes
//! kept with the reason. Pure: the engine's facts come in as plain values.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use crate::compose::error::did_you_mean;
use crate::compose::model::Project;

/// A labelled container of the lab as the engine lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabContainer {
    pub id: String,
    pub name: String,
    pub service: String,
    /// Names of the volumes it mounts (named and anonymous).
    pub volume_mounts: Vec<String>,
}

/// Everything a reset will delete, and the volumes it leaves alone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResetPlan {
    /// The project the plan is for.
    pub project: String,
    /// `None`: the whole lab; else the one service being reset.
    pub service: Option<String>,
    pub containers: Vec<ContainerToDelete>,
    pub volumes: Vec<VolumeToDelete>,
    pub kept: Vec<KeptVolume>,
}

impl ResetPlan {
    /// Nothing to delete: the reset is just an `up`.
    pub fn is_empty(&self) -> bool {
        self.containers.is_empty() && self.volumes.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContainerToDelete {
    pub id: String,
    pub name: String,
    pub service: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VolumeToDelete {
    pub name: String,
    /// As the engine reports it; `None` when it does not.
    pub size_bytes: Option<u64>,
    /// The services of the lab that mount it.
    pub service_users: Vec<String>,
    /// Created by the engine for a mount without a name, not declared by the lab.
    pub anonymous: bool,
}

/// A volume a reset leaves alone, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeptVolume {
    pub name: String,
    pub reason: KeepReason,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum KeepReason {
    /// Other services of the lab mount it too; resetting one service must not wipe their data.
    SharedWith { services: Vec<String> },
    /// Declared `external`: it belongs to someone else.
    External,
}

/// `--service` named a service the lab does not have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownService {
    pub service: String,
    pub suggestion: Option<String>,
    pub known: Vec<String>,
}

impl UnknownService {
    /// The service asked for, and the likely one or the lab's services.
    pub fn text(&self) -> crate::lab::Text {
        let service = &self.service;
        match &self.suggestion {
            Some(s) => crate::lab::Text::new(
                format!("el laboratorio no tiene el servicio `{service}`; ¿quiso decir `{s}`?"),
                format!("the lab has no service `{service}`; did you mean `{s}`?"),
            ),
            None => {
                let known = self.known.join(", ");
                crate::lab::Text::new(
                    format!("el laboratorio no tiene el servicio `{service}`; sus servicios son: {known}"),
                    format!("the lab has no service `{service}`; its services are: {known}"),
                )
            }
        }
    }
}

impl std::fmt::Display for UnknownService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

impl std::error::Error for UnknownService {}

/// Decides what resetting `service` (or the whole lab) deletes. `labelled_volumes` are the
/// names of the volumes carrying the lab's labels; `sizes` what the engine reports.
pub fn plan(
    project: &Project,
    service: Option<&str>,
    containers: &[LabContainer],
    labelled_volumes: &[String],
    sizes: &HashMap<String, u64>,
) -> Result<ResetPlan, UnknownService> {
    if let Some(s) = service {
        if !project.services.contains_key(s) {
            return Err(UnknownService {
                service: s.to_owned(),
                suggestion: did_you_mean(s, project.services.keys().map(String::as_str)).map(str::to_owned),
                known: project.services.keys().cloned().collect(),
            });
        }
    }
    let in_scope = |svc: &str| service.is_none_or(|s| s == svc);
    let users = volume_users(project);
    let labelled: BTreeSet<&str> = labelled_volumes.iter().map(String::as_str).collect();
    let declared: BTreeSet<&str> = project.volumes.values().map(|v| v.name.as_str()).collect();
    let sized = |name: &str| sizes.get(name).copied();

    let mut plan = ResetPlan { project: project.name.clone(), service: service.map(str::to_owned), ..Default::default() };
    for c in containers.iter().filter(|c| in_scope(&c.service)) {
        plan.containers.push(ContainerToDelete { id: c.id.clone(), name: c.name.clone(), service: c.service.clone() });
    }
    plan.containers.sort_by(|a, b| (&a.service, &a.name).cmp(&(&b.service, &b.name)));

    // Named volumes the lab declares, judged by who mounts them.
    for (key, vol) in &project.volumes {
        let mounted_by = users.get(key.as_str()).cloned().unwrap_or_default();
        let mine = match service {
            Some(s) => mounted_by.iter().any(|u| u == s),
            None => true,
        };
        if !mine {
            continue;
        }
        if vol.external.0 {
            if !mounted_by.is_empty() {
                plan.kept.push(KeptVolume { name: vol.name.clone(), reason: KeepReason::External });
            }
            continue;
        }
        if !labelled.contains(vol.name.as_str()) {
            continue;
        }
        let others: Vec<String> = mounted_by.iter().filter(|u| !in_scope(u)).cloned().collect();
        if !others.is_empty() {
            plan.kept.push(KeptVolume { name: vol.name.clone(), reason: KeepReason::SharedWith { services: others } });
            continue;
        }
        plan.volumes.push(VolumeToDelete { name: vol.name.clone(), size_bytes: sized(&vol.name), service_users: mounted_by, anonymous: false });
    }
    // The lab's own volumes the file no longer declares go with the whole lab.
    if service.is_none() {
        for name in labelled.iter().filter(|n| !declared.contains(*n)) {
            plan.volumes.push(VolumeToDelete { name: (*name).to_owned(), size_bytes: sized(name), service_users: Vec::new(), anonymous: false });
        }
    }
    // Anonymous volumes of the containers being removed.
    let mut anonymous: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in containers.iter().filter(|c| in_scope(&c.service)) {
        for m in c.volume_mounts.iter().filter(|m| is_anonymous(m) && !labelled.contains(m.as_str()) && !declared.contains(m.as_str())) {
            anonymous.entry(m).or_default().insert(&c.service);
        }
    }
    for (name, by) in anonymous {
        let service_users = by.into_iter().map(str::to_owned).collect();
        plan.volumes.push(VolumeToDelete { name: name.to_owned(), size_bytes: sized(name), service_users, anonymous: true });
    }
    Ok(plan)
}

/// For each declared volume key, the services that mount it, sorted.
fn volume_users(project: &Project) -> HashMap<&str, Vec<String>> {
    let mut out: HashMap<&str, Vec<String>> = HashMap::new();
    for (name, svc) in &project.services {
        for m in svc.volumes.iter().filter(|m| m.kind == "volume" && !m.source.is_empty()) {
            let users = out.entry(m.source.as_str()).or_default();
            if !users.contains(name) {
                users.push(name.clone());
            }
        }
    }
    out
}

/// The engine names an anonymous volume with 64 hex digits.
fn is_anonymous(name: &str) -> bool {
    name.len() == 64 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::{External, ServiceConfig, ServiceVolumeConfig, VolumeConfig};

    const ANON: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn mount(source: &str) -> ServiceVolumeConfig {
        ServiceVolumeConfig { kind: "volume".into(), source: source.into(), target: format!("/{source}"), ..Default::default() }
    }

    /// db mounts `dbdata` and `shared`, web mounts `webdata`, `shared` and the external `ext`.
    fn project() -> Project {
        let mut p = Project { name: "lab".into(), ..Default::default() };
        p.services.insert("db".into(), ServiceConfig { volumes: vec![mount("dbdata"), mount("shared")], ..Default::default() });
        p.services.insert("web".into(), ServiceConfig { volumes: vec![mount("webdata"), mount("shared"), mount("ext")], ..Default::default() });
        for key in ["dbdata", "webdata", "shared"] {
            p.volumes.insert(key.into(), VolumeConfig { name: format!("lab_{key}"), ..Default::default() });
        }
        p.volumes.insert("ext".into(), VolumeConfig { name: "ext".into(), external: External(true), ..Default::default() });
        p
    }

    fn containers() -> Vec<LabContainer> {
        let c = |service: &str, mounts: &[&str]| LabContainer {
            id: format!("id-{service}"),
            name: format!("lab-{service}-1"),
            service: service.into(),
            volume_mounts: mounts.iter().map(|m| (*m).to_owned()).collect(),
        };
        vec![c("web", &["lab_webdata", "lab_shared", "ext"]), c("db", &["lab_dbdata", "lab_shared", ANON])]
    }

    fn labelled() -> Vec<String> {
        ["lab_dbdata", "lab_webdata", "lab_shared", "lab_old"].map(String::from).to_vec()
    }

    fn names(v: &[VolumeToDelete]) -> Vec<&str> {
        v.iter().map(|v| v.name.as_str()).collect()
    }

    #[test]
    fn one_service_loses_only_the_volumes_no_other_service_mounts() {
        let sizes = HashMap::from([("lab_dbdata".to_string(), 4096u64)]);
        let plan = plan(&project(), Some("db"), &containers(), &labelled(), &sizes).expect("db exists");
        assert_eq!(plan.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["lab-db-1"], "only db's container");
        assert_eq!(names(&plan.volumes), ["lab_dbdata", ANON], "db's own volume and its anonymous one");
        assert_eq!(plan.volumes[0].size_bytes, Some(4096), "the engine's size is carried");
        assert_eq!(plan.volumes[1].size_bytes, None, "no size reported means unknown");
        assert!(plan.volumes[1].anonymous, "the hex-named mount is anonymous");
        assert_eq!(
            plan.kept,
            vec![KeptVolume { name: "lab_shared".into(), reason: KeepReason::SharedWith { services: vec!["web".into()] } }],
            "the shared volume is kept, naming who else uses it"
        );
    }

    #[test]
    fn the_whole_lab_loses_every_labelled_volume_but_never_an_external_one() {
        let plan = plan(&project(), None, &containers(), &labelled(), &HashMap::new()).expect("whole lab");
        assert_eq!(plan.containers.len(), 2, "every container");
        assert_eq!(names(&plan.volumes), ["lab_dbdata", "lab_shared", "lab_webdata", "lab_old", ANON], "declared, leftover and anonymous volumes");
        assert_eq!(plan.volumes[1].service_users, ["db", "web"], "the shared volume names both users");
        assert_eq!(plan.kept, vec![KeptVolume { name: "ext".into(), reason: KeepReason::External }], "the external volume is kept");
    }

    #[test]
    fn a_volume_not_created_yet_is_not_listed() {
        let plan = plan(&project(), Some("web"), &[], &[], &HashMap::new()).expect("web exists");
        assert!(plan.volumes.is_empty() && plan.containers.is_empty(), "nothing exists, nothing to delete: {plan:?}");
        assert!(plan.is_empty(), "an empty plan");
        assert_eq!(plan.kept, vec![KeptVolume { name: "ext".into(), reason: KeepReason::External }], "web's external volume is still named as kept");
    }

    #[test]
    fn an_unknown_service_suggests_the_closest() {
        let err = plan(&project(), Some("dbb"), &containers(), &labelled(), &HashMap::new()).expect_err("no such service");
        assert_eq!(err.suggestion.as_deref(), Some("db"), "one edit away");
        assert!(err.to_string().contains("did you mean `db`?"), "the message suggests it: {err}");
        let err = plan(&project(), Some("zzzzzz"), &containers(), &labelled(), &HashMap::new()).expect_err("no such service");
        assert!(err.to_string().contains("db, web"), "with nothing close, the services are listed: {err}");
    }
}

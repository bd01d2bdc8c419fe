//! A class as Kubernetes manifests: per student a namespace holding the lab's stack, typed
//! through `k8s-openapi` (one pinned Kubernetes version, see Cargo.toml) and printed as YAML,
//! one multi-document file per student. Nothing is applied: the instructor runs
//! `kubectl apply -f` on the files.
//!
//! What maps to what: a service with a named volume is a StatefulSet (its claim outlives the
//! pod), a one-shot service (`restart: "no"` that another waits for with
//! `service_completed_successfully`) is a Job, every other service a Deployment; each with a
//! Service (a NodePort one with the student's ports when the lab publishes any). Healthchecks
//! become readiness probes, `depends_on` waits become init containers, the class's limits a
//! ResourceQuota on the namespace and a share per container, and the lab's credentials (the
//! student's own) a Secret the containers read their variables from.

pub(crate) mod pod;

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{Deployment, DeploymentSpec, StatefulSet, StatefulSetSpec};
use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::api::core::v1::{
    Namespace, PersistentVolumeClaim, PersistentVolumeClaimSpec, ResourceQuota, ResourceQuotaSpec, Secret, Service, ServiceAccount,
    ServicePort, ServiceSpec, VolumeResourceRequirements,
};
use k8s_openapi::api::rbac::v1::{PolicyRule, Role, RoleBinding, RoleRef, Subject};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde::Serialize;

use crate::compose::model::Project;
use crate::lab::secrets::Secrets;
use crate::lab::{CredentialSpec, Text};

use super::limits::{quantity_bytes, quantity_cpu};
use super::{ClassError, ClassFile, PortSlice, Student};

pub use pod::{KUBECTL_IMAGE, WAIT_IMAGE};

/// The Kubernetes version the manifests are objects of: `k8s-openapi`'s feature.
pub const KUBERNETES_VERSION: &str = "1.37";

/// The NodePort range a cluster has unless its administrator changed it.
pub const NODE_PORTS: std::ops::RangeInclusive<u16> = 30000..=32767;

/// The service account whose pods may wait for the namespace's Jobs.
const WAITER: &str = "nivel-wait";

/// One manifest, any kind.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Manifest {
    Namespace(Box<Namespace>),
    ResourceQuota(Box<ResourceQuota>),
    Secret(Box<Secret>),
    ServiceAccount(Box<ServiceAccount>),
    Role(Box<Role>),
    RoleBinding(Box<RoleBinding>),
    PersistentVolumeClaim(Box<PersistentVolumeClaim>),
    Service(Box<Service>),
    Deployment(Box<Deployment>),
    StatefulSet(Box<StatefulSet>),
    Job(Box<Job>),
}

/// One student's stack: what to render and with what.
pub struct StudentStack<'a> {
    pub class: &'a ClassFile,
    pub student: &'a Student,
    pub project: &'a Project,
    pub ports: PortSlice,
    pub credentials: &'a [CredentialSpec],
    pub secrets: &'a Secrets,
}

/// The namespace of `student` in `class`.
pub fn namespace(class: &ClassFile, student: &Student) -> String {
    format!("{}-{}", class.id, student.id)
}

/// How many ports a student's slice needs: one per published port of the lab.
/// The one-shot services: `restart: "no"` ones that another waits for with
/// `service_completed_successfully`. The same rule decides a Kubernetes Job and a Swarm job.
pub fn jobs(project: &Project) -> std::collections::BTreeSet<&str> {
    let services = &project.services;
    services
        .iter()
        .filter(|(name, s)| s.restart == "no" && services.values().any(|o| o.depends_on.get(name.as_str()).is_some_and(|d| d.condition == "service_completed_successfully")))
        .map(|(n, _)| n.as_str())
        .collect()
}

pub fn published_ports(project: &Project) -> usize {
    project.services.values().map(|s| s.ports.len()).sum()
}

/// The student's manifests, in the order `kubectl apply` should meet them.
pub fn render_student(stack: &StudentStack<'_>) -> Result<Vec<Manifest>, ClassError> {
    let ns = namespace(stack.class, stack.student);
    if !NODE_PORTS.contains(&stack.ports.first) || !NODE_PORTS.contains(stack.ports.range().end()) {
        return Err(ClassError::File {
            path: stack.class.path.clone(),
            line: 0,
            col: 0,
            message: Text::new(
                format!("los puertos {}-{} del estudiante `{}` quedan fuera del rango NodePort de Kubernetes (30000-32767)", stack.ports.first, stack.ports.range().end(), stack.student.id),
                format!("student `{}`'s ports {}-{} fall outside Kubernetes' NodePort range (30000-32767)", stack.student.id, stack.ports.first, stack.ports.range().end()),
            ),
            fix: Box::new(Text::new("elija `ports` dentro de 30000-32767, o el rango que su clúster tenga configurado", "choose `ports` within 30000-32767, or the range your cluster is configured with")),
        });
    }
    let mut out = vec![Manifest::Namespace(Box::new(Namespace { metadata: meta(&ns, None, stack), ..Default::default() }))];
    out.push(Manifest::ResourceQuota(Box::new(quota(&ns, stack))));
    let plan = pod::Plan::new(stack)?;
    out.push(Manifest::Secret(Box::new(credentials_secret(&ns, stack))));
    if !plan.secret_env.is_empty() {
        let data = plan.secret_env.clone();
        out.push(Manifest::Secret(Box::new(Secret { metadata: meta(pod::ENV_SECRET, Some(&ns), stack), string_data: Some(data), type_: Some("Opaque".into()), ..Default::default() })));
    }
    if plan.waits_for_jobs {
        out.extend(waiter(&ns, stack));
    }
    for (volume, users) in &plan.claims {
        out.push(Manifest::PersistentVolumeClaim(Box::new(claim(volume, *users, &ns, stack))));
    }
    for unit in &plan.units {
        if let Some(service) = service(unit, &ns, stack) {
            out.push(Manifest::Service(Box::new(service)));
        }
        out.push(workload(unit, &ns, stack));
    }
    Ok(out)
}

/// The manifests as one YAML file of documents.
pub fn to_yaml(manifests: &[Manifest]) -> Result<String, ClassError> {
    let mut text = String::new();
    for m in manifests {
        let doc = crate::compose::emit::to_yaml(m).map_err(|e| ClassError::Unmappable {
            service: String::new(),
            field: String::new(),
            message: Text::new(format!("un manifiesto no se pudo escribir: {e}"), format!("a manifest could not be written: {e}")),
            fix: Box::new(Text::new("informe del fallo: es de Nivel", "report the failure: it is Nivel's")),
        })?;
        text.push_str("---\n");
        text.push_str(&doc);
        if !doc.ends_with('\n') {
            text.push('\n');
        }
    }
    Ok(text)
}

fn labels(stack: &StudentStack<'_>) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("app.kubernetes.io/managed-by".to_owned(), "nivel".to_owned()),
        ("io.nivel.class".to_owned(), stack.class.id.clone()),
        ("io.nivel.lab".to_owned(), stack.project.name.clone()),
        ("io.nivel.student".to_owned(), stack.student.id.clone()),
    ])
}

fn meta(name: &str, namespace: Option<&str>, stack: &StudentStack<'_>) -> ObjectMeta {
    ObjectMeta { name: Some(name.to_owned()), namespace: namespace.map(str::to_owned), labels: Some(labels(stack)), ..Default::default() }
}

fn quota(ns: &str, stack: &StudentStack<'_>) -> ResourceQuota {
    let limits = stack.class.limits;
    let hard = BTreeMap::from([
        ("limits.cpu".to_owned(), Quantity(quantity_cpu(limits.millicores()))),
        ("limits.memory".to_owned(), Quantity(quantity_bytes(limits.memory))),
    ]);
    ResourceQuota { metadata: meta("student-limits", Some(ns), stack), spec: Some(ResourceQuotaSpec { hard: Some(hard), ..Default::default() }), ..Default::default() }
}

/// The student's logins, by credential id (`ID`, and `ID.user` when it has a user): what the
/// student is handed and what an instructor reads with `kubectl get secret`.
fn credentials_secret(ns: &str, stack: &StudentStack<'_>) -> Secret {
    let mut data = BTreeMap::new();
    for c in stack.credentials {
        if let Some(secret) = stack.secrets.get(&c.id) {
            data.insert(c.id.clone(), secret.to_owned());
        }
        if let Some(user) = &c.user {
            data.insert(format!("{}.user", c.id), user.clone());
        }
    }
    Secret { metadata: meta("lab-credentials", Some(ns), stack), string_data: Some(data), type_: Some("Opaque".into()), ..Default::default() }
}

/// A service account allowed to read the namespace's Jobs, for the init containers that
/// wait for one to complete.
fn waiter(ns: &str, stack: &StudentStack<'_>) -> Vec<Manifest> {
    let account = ServiceAccount { metadata: meta(WAITER, Some(ns), stack), ..Default::default() };
    let rule = PolicyRule { api_groups: Some(vec!["batch".into()]), resources: Some(vec!["jobs".into()]), verbs: vec!["get".into(), "list".into(), "watch".into()], ..Default::default() };
    let role = Role { metadata: meta(WAITER, Some(ns), stack), rules: Some(vec![rule]) };
    let binding = RoleBinding {
        metadata: meta(WAITER, Some(ns), stack),
        role_ref: RoleRef { api_group: Some("rbac.authorization.k8s.io".into()), kind: "Role".into(), name: WAITER.into() },
        subjects: Some(vec![Subject { kind: "ServiceAccount".into(), name: WAITER.into(), namespace: Some(ns.to_owned()), api_group: None }]),
    };
    vec![Manifest::ServiceAccount(Box::new(account)), Manifest::Role(Box::new(role)), Manifest::RoleBinding(Box::new(binding))]
}

/// A named volume's claim: ReadWriteOnce for one service; several services mounting it need
/// ReadWriteMany, which only some storage classes give (NFS, CephFS…), as their pods may run
/// on different nodes.
fn claim(volume: &str, users: usize, ns: &str, stack: &StudentStack<'_>) -> PersistentVolumeClaim {
    let mode = if users > 1 { "ReadWriteMany" } else { "ReadWriteOnce" };
    let requests = BTreeMap::from([("storage".to_owned(), Quantity(quantity_bytes(stack.class.storage)))]);
    PersistentVolumeClaim {
        metadata: meta(volume, Some(ns), stack),
        spec: Some(PersistentVolumeClaimSpec {
            access_modes: Some(vec![mode.into()]),
            resources: Some(VolumeResourceRequirements { requests: Some(requests), ..Default::default() }),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// The Service in front of a unit: NodePort when the lab publishes one of its ports, else a
/// ClusterIP one; none when the service has no port at all.
fn service(unit: &pod::Unit, ns: &str, stack: &StudentStack<'_>) -> Option<Service> {
    if unit.ports.is_empty() {
        return None;
    }
    let ports = unit
        .ports
        .iter()
        .map(|p| ServicePort {
            name: Some(format!("{}-{}", p.protocol.to_ascii_lowercase(), p.target)),
            port: p.target,
            target_port: Some(IntOrString::Int(p.target)),
            node_port: p.node_port,
            protocol: Some(p.protocol.clone()),
            ..Default::default()
        })
        .collect();
    let published = unit.ports.iter().any(|p| p.node_port.is_some());
    Some(Service {
        metadata: meta(&unit.name, Some(ns), stack),
        spec: Some(ServiceSpec {
            type_: Some(if published { "NodePort" } else { "ClusterIP" }.into()),
            selector: Some(pod::selector(&unit.name)),
            ports: Some(ports),
            ..Default::default()
        }),
        ..Default::default()
    })
}

fn workload(unit: &pod::Unit, ns: &str, stack: &StudentStack<'_>) -> Manifest {
    let metadata = meta(&unit.name, Some(ns), stack);
    let selector = LabelSelector { match_labels: Some(pod::selector(&unit.name)), ..Default::default() };
    let template = unit.template.clone();
    match unit.kind {
        pod::Kind::Job => Manifest::Job(Box::new(Job { metadata, spec: Some(JobSpec { backoff_limit: Some(6), template, ..Default::default() }), ..Default::default() })),
        pod::Kind::StatefulSet => Manifest::StatefulSet(Box::new(StatefulSet {
            metadata,
            spec: StatefulSetSpec { replicas: Some(unit.replicas), selector, service_name: Some(unit.name.clone()), template, ..Default::default() },
            ..Default::default()
        })),
        pod::Kind::Deployment => Manifest::Deployment(Box::new(Deployment {
            metadata,
            spec: DeploymentSpec { replicas: Some(unit.replicas), selector, template, ..Default::default() },
            ..Default::default()
        })),
    }
}


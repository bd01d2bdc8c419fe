//! Each compose service as a pod template: its container (image, command, environment,
//! ports, volumes, probe, limits) and the init containers that wait for what it depends on.

use std::collections::{BTreeMap, BTreeSet};

use k8s_openapi::api::core::v1::{
    Container, ContainerPort, EmptyDirVolumeSource, EnvVar, EnvVarSource, ExecAction, PersistentVolumeClaimVolumeSource, PodSecurityContext,
    PodSpec, PodTemplateSpec, Probe, ResourceRequirements, SecretKeySelector, Volume, VolumeMount,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::compose::model::ServiceConfig;
use crate::lab::Text;

use super::super::limits::{quantity_bytes, quantity_cpu};
use super::super::ClassError;
use super::super::screen::{screen, unmappable};
use super::StudentStack;

/// The image of the init containers that wait for a Service to answer.
pub const WAIT_IMAGE: &str = "busybox:1.37.0";
/// The image of the init containers that wait for a Job to complete.
pub const KUBECTL_IMAGE: &str = "registry.k8s.io/kubectl:v1.37.0";
/// The Secret holding the variables that carry a student's secret.
pub(super) const ENV_SECRET: &str = "lab-env";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Deployment,
    StatefulSet,
    Job,
}

pub(super) struct Port {
    pub target: i32,
    pub protocol: String,
    pub node_port: Option<i32>,
}

/// One service, ready to become a workload and a Service.
pub(super) struct Unit {
    pub name: String,
    pub kind: Kind,
    pub replicas: i32,
    pub ports: Vec<Port>,
    pub template: PodTemplateSpec,
}

/// Every service of the stack, and what they share.
pub(super) struct Plan {
    pub units: Vec<Unit>,
    /// Named volumes, each a claim, with how many services mount it.
    pub claims: BTreeMap<String, usize>,
    /// `service.VARIABLE` → value, for variables that carry a secret.
    pub secret_env: BTreeMap<String, String>,
    pub waits_for_jobs: bool,
}

pub(super) fn selector(service: &str) -> BTreeMap<String, String> {
    BTreeMap::from([("io.nivel.service".to_owned(), service.to_owned())])
}

impl Plan {
    pub fn new(stack: &StudentStack<'_>) -> Result<Plan, ClassError> {
        let services = &stack.project.services;
        let jobs = super::jobs(stack.project);
        let mut plan = Plan { units: Vec::new(), claims: BTreeMap::new(), secret_env: BTreeMap::new(), waits_for_jobs: false };
        let mut published = 0usize;
        // Every pod counts against the namespace's quota while it runs, a Job's too.
        let services_count = services.len().max(1);
        let mut refused = Vec::new();
        for (name, s) in services {
            // Every service is looked at, so one render lists everything the lab must change.
            match plan.unit(name, s, stack, &jobs, services_count, &mut published) {
                Ok(unit) => plan.units.push(unit),
                Err(e) => refused.push(e),
            }
        }
        match refused.len() {
            0 => Ok(plan),
            1 => Err(refused.remove(0)),
            _ => Err(ClassError::Refused(refused)),
        }
    }

    /// One service as a unit; what it needs from the whole stack is added to the plan.
    fn unit(&mut self, name: &str, s: &ServiceConfig, stack: &StudentStack<'_>, jobs: &BTreeSet<&str>, services_count: usize, published: &mut usize) -> Result<Unit, ClassError> {
        let plan = self;
        screen(name, s, "Kubernetes")?;
        if !is_dns_label(name) {
            return Err(unmappable(name, "services", (
                Text::new("el nombre no vale como nombre de Kubernetes (a-z, 0-9, `-`, hasta 63)", "the name is not a Kubernetes name (a-z, 0-9, `-`, up to 63)"),
                Text::new("renombre el servicio en el archivo compose", "rename the service in the compose file"),
            )));
        }
        let mut ports = Vec::new();
        for p in &s.ports {
            let node_port = stack.ports.port(*published).map(i32::from);
            *published += 1;
            ports.push(Port { target: p.target as i32, protocol: protocol(&p.protocol), node_port });
        }
        for e in &s.expose.0 {
            if let Ok(target) = e.split('/').next().unwrap_or_default().parse::<i32>() {
                if !ports.iter().any(|p| p.target == target) {
                    ports.push(Port { target, protocol: protocol(e.split('/').nth(1).unwrap_or("tcp")), node_port: None });
                }
            }
        }
        let mut volumes = Vec::new();
        let mut mounts = Vec::new();
        let mut named = false;
        for (i, v) in s.volumes.iter().enumerate() {
            let volume_name = match v.kind.as_str() {
                "volume" if !v.source.is_empty() => {
                    let claim = v.source.replace('_', "-");
                    named = true;
                    *plan.claims.entry(claim.clone()).or_default() += 1;
                    volumes.push(Volume { name: claim.clone(), persistent_volume_claim: Some(PersistentVolumeClaimVolumeSource { claim_name: claim.clone(), read_only: None }), ..Default::default() });
                    claim
                }
                "volume" | "tmpfs" => {
                    let scratch = format!("scratch-{i}");
                    let medium = (v.kind == "tmpfs").then(|| "Memory".to_owned());
                    volumes.push(Volume { name: scratch.clone(), empty_dir: Some(EmptyDirVolumeSource { medium, ..Default::default() }), ..Default::default() });
                    scratch
                }
                "bind" => {
                    return Err(unmappable(name, "volumes", (
                        Text::new(format!("monta la carpeta del anfitrión {} en {}; los nodos de un clúster no la tienen", v.source, v.target), format!("binds the host folder {} on {}; a cluster's nodes do not have it", v.source, v.target)),
                        Text::new("copie esos archivos en la imagen (build: con COPY), súbala a un registro y ponga `registry` en el archivo de clase, o use un volumen con nombre", "bake those files into the image (build: with COPY), push it to a registry and set `registry` in the class file, or use a named volume"),
                    )));
                }
                other => {
                    return Err(unmappable(name, "volumes", (
                        Text::new(format!("los volúmenes de tipo `{other}` no tienen equivalente en Kubernetes"), format!("`{other}` volumes have no Kubernetes counterpart")),
                        Text::new("use un volumen con nombre", "use a named volume"),
                    )));
                }
            };
            mounts.push(VolumeMount { name: volume_name, mount_path: v.target.clone(), read_only: v.read_only.then_some(true), ..Default::default() });
        }
        for t in &s.tmpfs.0 {
            let scratch = format!("tmpfs-{}", volumes.len());
            volumes.push(Volume { name: scratch.clone(), empty_dir: Some(EmptyDirVolumeSource { medium: Some("Memory".into()), ..Default::default() }), ..Default::default() });
            mounts.push(VolumeMount { name: scratch, mount_path: t.split(':').next().unwrap_or(t).to_owned(), ..Default::default() });
        }
        let kind = if jobs.contains(name) { Kind::Job } else if named { Kind::StatefulSet } else { Kind::Deployment };
        let env = plan.env(name, s, stack);
        let mut container = Container {
            name: name.to_owned(),
            image: Some(image(name, s, stack)?),
            image_pull_policy: Some("IfNotPresent".into()),
            command: s.entrypoint.0.clone(),
            args: s.command.0.clone(),
            env: (!env.is_empty()).then_some(env),
            ports: (!ports.is_empty()).then(|| ports.iter().map(|p| ContainerPort { container_port: p.target, protocol: Some(p.protocol.clone()), ..Default::default() }).collect()),
            volume_mounts: (!mounts.is_empty()).then_some(mounts),
            working_dir: (!s.working_dir.is_empty()).then(|| s.working_dir.clone()),
            resources: Some(resources(s, stack, services_count)),
            ..Default::default()
        };
        if kind != Kind::Job {
            container.readiness_probe = probe(s);
        }
        let (init, waits_job) = plan.waits(name, s, stack)?;
        plan.waits_for_jobs |= waits_job;
        let security = user(name, s)?;
        let spec = PodSpec {
            containers: vec![container],
            init_containers: (!init.is_empty()).then_some(init),
            volumes: (!volumes.is_empty()).then_some(volumes),
            restart_policy: Some(if kind == Kind::Job { "Never" } else { "Always" }.into()),
            service_account_name: waits_job.then(|| super::WAITER.to_owned()),
            security_context: security,
            termination_grace_period_seconds: s.stop_grace_period.map(|d| seconds(d.as_nanos())),
            ..Default::default()
        };
        let template = PodTemplateSpec { metadata: Some(ObjectMeta { labels: Some(selector(name)), ..Default::default() }), spec: Some(spec) };
        let replicas = s.deploy.as_ref().and_then(|d| d.replicas).unwrap_or(1) as i32;
        Ok(Unit { name: name.to_owned(), kind, replicas, ports, template })
    }

    /// The service's variables; one that carries a student's secret is read from the
    /// [`ENV_SECRET`] Secret rather than written in the workload.
    fn env(&mut self, name: &str, s: &ServiceConfig, stack: &StudentStack<'_>) -> Vec<EnvVar> {
        let secrets: Vec<&String> = stack.secrets.secrets.values().collect();
        let mut out = Vec::new();
        for (key, value) in &s.environment.0 {
            let Some(value) = value else { continue };
            if secrets.iter().any(|secret| value.contains(secret.as_str())) {
                let secret_key = format!("{name}.{key}");
                self.secret_env.insert(secret_key.clone(), value.clone());
                let from = EnvVarSource { secret_key_ref: Some(SecretKeySelector { key: secret_key, name: ENV_SECRET.into(), optional: None }), ..Default::default() };
                out.push(EnvVar { name: key.clone(), value_from: Some(from), ..Default::default() });
            } else {
                out.push(EnvVar { name: key.clone(), value: Some(value.clone()), ..Default::default() });
            }
        }
        out
    }

    /// An init container per dependency to wait for: a healthy one's Service answering (it
    /// only routes to ready pods, and readiness is the healthcheck), a one-shot's Job complete.
    fn waits(&self, name: &str, s: &ServiceConfig, stack: &StudentStack<'_>) -> Result<(Vec<Container>, bool), ClassError> {
        let mut init = Vec::new();
        let mut waits_job = false;
        let small = ResourceRequirements {
            limits: Some(BTreeMap::from([("cpu".to_owned(), Quantity("100m".into())), ("memory".to_owned(), Quantity("64Mi".into()))])),
            ..Default::default()
        };
        for (dep, d) in &s.depends_on {
            let container = match d.condition.as_str() {
                "service_healthy" => {
                    let Some(port) = stack.project.services.get(dep).and_then(|o| o.ports.first().map(|p| p.target).or_else(|| o.expose.0.first().and_then(|e| e.split('/').next()?.parse().ok()))) else {
                        return Err(unmappable(name, &format!("depends_on.{dep}"), (
                            Text::new(format!("espera a que `{dep}` esté sano, pero `{dep}` no declara ningún puerto por el que comprobarlo"), format!("waits for `{dep}` to be healthy, but `{dep}` declares no port to check it on")),
                            Text::new(format!("añada `expose: [\"PUERTO\"]` a `{dep}`"), format!("add `expose: [\"PORT\"]` to `{dep}`")),
                        )));
                    };
                    let script = format!("until nc -z -w 2 {dep} {port}; do echo waiting for {dep}; sleep 2; done");
                    Container { name: format!("wait-{dep}"), image: Some(WAIT_IMAGE.into()), command: Some(vec!["sh".into(), "-c".into(), script]), resources: Some(small.clone()), ..Default::default() }
                }
                "service_completed_successfully" => {
                    waits_job = true;
                    let args = vec!["wait".into(), "--for=condition=complete".into(), format!("job/{dep}"), "--timeout=1h".into()];
                    Container { name: format!("wait-{dep}"), image: Some(KUBECTL_IMAGE.into()), args: Some(args), resources: Some(small.clone()), ..Default::default() }
                }
                // `service_started`: every pod of the namespace starts at once; the service
                // meets the same "started" it would under compose.
                _ => continue,
            };
            init.push(container);
        }
        Ok((init, waits_job))
    }
}

/// Whole seconds, rounded up: a probe of 500ms waits a second, not none.
fn seconds(nanos: i64) -> i64 {
    (nanos.max(0) + 999_999_999) / 1_000_000_000
}

fn protocol(p: &str) -> String {
    if p.is_empty() { "TCP".into() } else { p.to_ascii_uppercase() }
}

fn is_dns_label(name: &str) -> bool {
    name.len() <= 63 && name.starts_with(|c: char| c.is_ascii_lowercase()) && !name.ends_with('-') && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// The image a cluster pulls: the lab's own, or for one built locally, its name under the
/// class's registry.
pub(crate) fn image(name: &str, s: &ServiceConfig, stack: &StudentStack<'_>) -> Result<String, ClassError> {
    if s.build.is_none() {
        if s.image.is_empty() {
            return Err(unmappable(name, "image", (Text::new("el servicio no tiene imagen", "the service has no image"), Text::new("ponga `image:` en el archivo compose", "set `image:` in the compose file"))));
        }
        return Ok(s.image.clone());
    }
    let local = if s.image.is_empty() { format!("{}-{name}", stack.project.name) } else { s.image.clone() };
    match &stack.class.registry {
        Some(registry) => Ok(format!("{registry}/{local}")),
        None => Err(unmappable(name, "build", (
            Text::new(format!("la imagen `{local}` se construye en la máquina local y un clúster no puede descargarla"), format!("the image `{local}` is built on the local machine and a cluster cannot pull it")),
            Text::new(
                format!("constrúyala y súbala a un registro que el clúster alcance (docker tag {local} REGISTRO/{local}; docker push …) y ponga `registry = \"REGISTRO\"` en el archivo de clase"),
                format!("build it and push it to a registry the cluster reaches (docker tag {local} REGISTRY/{local}; docker push …) and set `registry = \"REGISTRY\"` in the class file"),
            ),
        ))),
    }
}

/// The container's limits: the service's own when the lab sets them, else its even share of
/// the student's.
fn resources(s: &ServiceConfig, stack: &StudentStack<'_>, services: usize) -> ResourceRequirements {
    let (millicores, bytes) = stack.class.limits.for_service(s, services);
    let limits = BTreeMap::from([("cpu".to_owned(), Quantity(quantity_cpu(millicores))), ("memory".to_owned(), Quantity(quantity_bytes(bytes)))]);
    ResourceRequirements { limits: Some(limits), ..Default::default() }
}

/// A readiness probe from the healthcheck: `CMD` runs as is, `CMD-SHELL` through `sh -c`;
/// interval, timeout and retries carry over, the start period delays the first probe.
fn probe(s: &ServiceConfig) -> Option<Probe> {
    let h = s.healthcheck.as_ref().filter(|h| !h.disable)?;
    let (first, rest) = h.test.0.split_first()?;
    let command = match first.as_str() {
        "CMD" => rest.to_vec(),
        "CMD-SHELL" => vec!["/bin/sh".into(), "-c".into(), rest.join(" ")],
        _ => return None,
    };
    let secs = |d: Option<crate::compose::model::Duration>, default: i32| d.map_or(default, |d| (seconds(d.as_nanos()) as i32).max(1));
    Some(Probe {
        exec: Some(ExecAction { command: Some(command) }),
        period_seconds: Some(secs(h.interval, 30)),
        timeout_seconds: Some(secs(h.timeout, 30)),
        failure_threshold: Some(h.retries.map_or(3, |r| r.max(1) as i32)),
        initial_delay_seconds: h.start_period.map(|d| seconds(d.as_nanos()) as i32),
        ..Default::default()
    })
}

/// `user: "1000"` or `"1000:100"` as the pod's ids; a name cannot be, a cluster has no
/// `/etc/passwd` of the image to look it up in.
fn user(name: &str, s: &ServiceConfig) -> Result<Option<PodSecurityContext>, ClassError> {
    if s.user.is_empty() {
        return Ok(None);
    }
    let (uid, gid) = s.user.split_once(':').map_or((s.user.as_str(), None), |(u, g)| (u, Some(g)));
    let (Ok(uid), Ok(gid)) = (uid.parse::<i64>(), gid.map(str::parse::<i64>).transpose()) else {
        return Err(unmappable(name, "user", (
            Text::new(format!("`{}` no es un id numérico; Kubernetes solo acepta ids", s.user), format!("`{}` is not a numeric id; Kubernetes takes ids only", s.user)),
            Text::new("escriba `user: \"1000\"` o `user: \"1000:1000\"`", "write `user: \"1000\"` or `user: \"1000:1000\"`"),
        )));
    };
    Ok(Some(PodSecurityContext { run_as_user: Some(uid), run_as_group: gid, ..Default::default() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::{Duration, HealthCheckConfig};

    fn checked(test: &[&str]) -> ServiceConfig {
        let healthcheck = HealthCheckConfig {
            test: crate::compose::model::HealthCheckTest(test.iter().map(|s| (*s).to_owned()).collect()),
            interval: Some(Duration(1_500_000_000)),
            timeout: Some(Duration(500_000_000)),
            retries: Some(5),
            start_period: Some(Duration(20_000_000_000)),
            ..Default::default()
        };
        ServiceConfig { healthcheck: Some(healthcheck), ..Default::default() }
    }

    #[test]
    fn a_healthcheck_becomes_a_readiness_probe_with_its_timings() {
        let probe = probe(&checked(&["CMD", "curl", "-f", "http://localhost/"])).expect("a probe");
        let command = probe.exec.and_then(|e| e.command).unwrap_or_default();
        assert_eq!(command, ["curl", "-f", "http://localhost/"], "CMD runs as is");
        assert_eq!(probe.period_seconds, Some(2), "1.5s rounds up to 2");
        assert_eq!(probe.timeout_seconds, Some(1), "never below a second");
        assert_eq!(probe.failure_threshold, Some(5), "retries");
        assert_eq!(probe.initial_delay_seconds, Some(20), "the start period");
        let shell = probe_command(&checked(&["CMD-SHELL", "pg_isready -U $USER"]));
        assert_eq!(shell, ["/bin/sh", "-c", "pg_isready -U $USER"], "CMD-SHELL through sh");
    }

    fn probe_command(s: &ServiceConfig) -> Vec<String> {
        probe(s).and_then(|p| p.exec).and_then(|e| e.command).unwrap_or_default()
    }

    #[test]
    fn no_probe_without_a_healthcheck_or_with_none() {
        assert!(probe(&ServiceConfig::default()).is_none(), "no healthcheck");
        assert!(probe(&checked(&["NONE"])).is_none(), "NONE turns the image's off");
        let mut off = checked(&["CMD", "true"]);
        if let Some(h) = off.healthcheck.as_mut() {
            h.disable = true;
        }
        assert!(probe(&off).is_none(), "disable: true");
    }

    #[test]
    fn a_user_is_ids_or_refused() {
        let with = |user: &str| user_of(&ServiceConfig { user: user.into(), ..Default::default() });
        assert_eq!(with(""), Ok(None), "none set");
        assert_eq!(with("1000"), Ok(Some((1000, None))), "a uid");
        assert_eq!(with("1000:100"), Ok(Some((1000, Some(100)))), "uid and gid");
        assert!(with("www-data").is_err(), "a name a cluster cannot look up");
    }

    fn user_of(s: &ServiceConfig) -> Result<Option<(i64, Option<i64>)>, String> {
        user("web", s).map(|c| c.map(|c| (c.run_as_user.unwrap_or_default(), c.run_as_group))).map_err(|e| e.to_string())
    }
}

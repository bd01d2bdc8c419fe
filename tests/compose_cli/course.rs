//! The course's own compose files load, and the Airflow stack (anchors, merge keys and
//! `${VAR:-default}` everywhere) comes out field by field as Docker Compose reads it.

use std::path::PathBuf;

use nivel::compose::model::Project;
use nivel::compose::{load_project, Environment, ProjectOptions};

use crate::common::fixtures;

fn load(file: &str, env: &[(&str, &str)]) -> Project {
    let dir = fixtures().join("course");
    let os_env: Environment = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let opts = ProjectOptions {
        files: vec![PathBuf::from(file)],
        name: Some("airflow".into()),
        os_env,
        cwd: dir,
        ..Default::default()
    };
    match load_project(&opts) {
        Ok(loaded) => loaded.project,
        Err(e) => panic!("{file} must load: {e}"),
    }
}

const AIRFLOW: [&str; 5] = ["airflow-init", "airflow-scheduler", "airflow-triggerer", "airflow-webserver", "airflow-worker"];

#[test]
fn every_course_file_loads() {
    for file in ["airflow.yaml", "mlflow.yaml", "p2.yaml", "locust.yaml", "fastapi.yaml"] {
        let p = load(file, &[]);
        assert!(!p.services.is_empty(), "{file} has services");
    }
}

#[test]
fn airflow_anchors_reach_every_airflow_service() {
    let p = load("airflow.yaml", &[]);
    let names: Vec<&str> = p.services.keys().map(String::as_str).collect();
    assert_eq!(names, [&AIRFLOW[..], &["postgres", "redis"]].concat(), "seven services, sorted");
    let dir = fixtures().join("course");
    for name in AIRFLOW {
        let s = &p.services[name];
        assert_eq!(s.image, "apache/airflow:2.6.0", "{name}: the default of ${{AIRFLOW_IMAGE_NAME:-...}}");
        let env = &s.environment.0;
        assert_eq!(env.get("AIRFLOW__CORE__EXECUTOR"), Some(&Some("CeleryExecutor".into())), "{name}: common env merged");
        assert_eq!(env.get("AIRFLOW__CORE__LOAD_EXAMPLES"), Some(&Some("False".into())), "{name}: quoted value kept as text");
        assert_eq!(env.get("_PIP_ADDITIONAL_REQUIREMENTS"), Some(&Some(String::new())), "{name}: empty default");
        for dep in ["postgres", "redis"] {
            let d = &s.depends_on[dep];
            assert_eq!(d.condition, "service_healthy", "{name} waits for {dep} to be healthy");
            assert!(d.required, "{name}: {dep} is required");
        }
        if name == "airflow-init" {
            assert_eq!(s.user, "0:0", "init runs as root");
            assert_eq!(s.volumes.len(), 1, "init mounts the project folder only");
            assert_eq!(s.volumes[0].source, dir.display().to_string(), "`${{AIRFLOW_PROJ_DIR:-.}}` is the project dir");
            assert_eq!(s.volumes[0].target, "/sources");
        } else {
            assert_eq!(s.user, "50000:0", "{name}: `${{AIRFLOW_UID:-50000}}:0`");
            let targets: Vec<&str> = s.volumes.iter().map(|v| v.target.as_str()).collect();
            assert_eq!(targets, ["/opt/airflow/dags", "/opt/airflow/logs", "/opt/airflow/plugins"], "{name}: common mounts");
            for v in &s.volumes {
                assert_eq!(v.kind, "bind", "{name}: relative paths are bind mounts");
                assert!(v.source.starts_with(&dir.display().to_string()), "{name}: bind sources are absolute: {}", v.source);
            }
            let init = &s.depends_on["airflow-init"];
            assert_eq!(init.condition, "service_completed_successfully", "{name} waits for init to finish");
        }
    }
    let worker = &p.services["airflow-worker"].environment.0;
    assert_eq!(worker.get("DUMB_INIT_SETSID"), Some(&Some("0".into())), "the worker's own variable is added");
    assert_eq!(worker.get("AIRFLOW__CORE__EXECUTOR"), Some(&Some("CeleryExecutor".into())), "next to the merged ones");
}

#[test]
fn airflow_healthchecks_ports_and_volumes() {
    let p = load("airflow.yaml", &[]);
    let pg = p.services["postgres"].healthcheck.as_ref().expect("postgres has a healthcheck");
    assert_eq!(pg.test.0, ["CMD", "pg_isready", "-U", "airflow"], "exec-form test kept");
    assert_eq!(pg.interval.map(|d| d.to_string()).as_deref(), Some("10s"));
    assert_eq!(pg.retries, Some(5));
    assert_eq!(pg.start_period.map(|d| d.to_string()).as_deref(), Some("5s"));
    let redis = p.services["redis"].healthcheck.as_ref().expect("redis has a healthcheck");
    assert_eq!((redis.retries, redis.timeout.map(|d| d.to_string())), (Some(50), Some("30s".into())), "redis probe");
    let worker = p.services["airflow-worker"].healthcheck.as_ref().expect("worker has a healthcheck");
    assert_eq!(worker.test.0[0], "CMD-SHELL", "shell-form test");
    assert!(worker.test.0[1].contains("celery@${HOSTNAME}"), "`$${{HOSTNAME}}` becomes a literal ${{HOSTNAME}}: {}", worker.test.0[1]);
    let web = &p.services["airflow-webserver"];
    assert_eq!(web.ports.len(), 1, "one published port");
    assert_eq!((web.ports[0].target, web.ports[0].published.0.as_str()), (8080, "8080"), "8080:8080");
    assert_eq!(web.ports[0].protocol, "tcp", "default protocol");
    let pg_volume = &p.services["postgres"].volumes[0];
    assert_eq!((pg_volume.kind.as_str(), pg_volume.source.as_str()), ("volume", "postgres-db-volume"), "named volume");
    assert_eq!(pg_volume.target, "/var/lib/postgresql/data");
    let top = p.volumes.get("postgres-db-volume").expect("the named volume is declared");
    assert_eq!(top.name, "airflow_postgres-db-volume", "named after the project");
}

#[test]
fn airflow_variables_come_from_the_environment() {
    let p = load("airflow.yaml", &[("AIRFLOW_IMAGE_NAME", "apache/airflow:2.7.3"), ("AIRFLOW_UID", "1000")]);
    assert_eq!(p.services["airflow-webserver"].image, "apache/airflow:2.7.3", "the variable overrides the default");
    assert_eq!(p.services["airflow-scheduler"].user, "1000:0", "AIRFLOW_UID is used");
}

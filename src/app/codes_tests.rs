//! The stable codes of every library error, one test per error type: a front end branches on
//! these, so each is listed here as it must stay.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::error::{assert_problems, Problem, Remedy};
use crate::checks::TargetError;
use crate::compose::error::{ErrorKind, LoadError};
use crate::compose::node::Span;
use crate::docker::images::ImageError;
use crate::docker::ports::{BusyPort, HostPort, PortHolder};
use crate::docker::probe::ProbeError;
use crate::docker::reset::{ResetError, UnknownService};
use crate::docker::{EngineError, FailReason, LabError, ServiceFailure};
use crate::file_kind::FileKind;
use crate::lab::lock::{Busy, Holder, LockProblem};
use crate::lab::{InstallError, LabLoadError, LintProblem, ResolveError, Severity, Text, UnknownLab};
use crate::output::OutputError;
use crate::progress::{Foreign, IdentityPart, StoreError};

fn engine_errors() -> Vec<(EngineError, &'static str)> {
    let host = || "unix:///run/docker.sock".to_string();
    vec![
        (EngineError::NotRunning { host: host(), source: "DOCKER_HOST".into() }, "engine.not_running"),
        (EngineError::PermissionDenied { host: host() }, "engine.permission"),
        (EngineError::Unsupported { host: "ftp://box".into() }, "engine.unreachable"),
        (EngineError::NoAnswer { host: host(), waited: Duration::from_secs(5) }, "engine.not_answering"),
        (EngineError::Closed { host: host() }, "engine.closed"),
        (EngineError::TooMuch { host: host(), limit: 32 << 20 }, "engine.too_much"),
        (EngineError::NotDocker { host: host() }, "engine.not_docker"),
        (EngineError::Unreadable { detail: "line 1".into() }, "engine.unreadable"),
        (EngineError::Api { status: 409, message: "conflict".into() }, "engine.refused"),
        (EngineError::Transport { message: Text::new("cortada", "cut") }, "engine.connection_lost"),
    ]
}

#[test]
fn engine_error_codes() {
    let errors = engine_errors();
    assert_problems(&errors.iter().map(|(e, c)| (e as &dyn Problem, *c)).collect::<Vec<_>>());
    let not_running = &errors[0].0;
    assert_eq!(not_running.remedy(), Some(Remedy::StartEngine), "a stopped engine is started");
    assert!(!not_running.is_input(), "the engine is not the user's input");
}

#[test]
fn image_error_codes() {
    let (service, image) = (|| "api".to_string(), || "lab-api".to_string());
    let (registry, message) = (|| "docker.io".to_string(), || "boom".to_string());
    let errors = [
        (ImageError::NeverPull { service: service(), image: image() }, "image.never_pulled"),
        (ImageError::NotFound { image: image(), registry: registry(), message: message() }, "image.not_found"),
        (ImageError::Unreachable { image: image(), registry: registry(), message: message() }, "image.registry_unreachable"),
        (ImageError::Denied { image: image(), registry: registry(), message: message() }, "image.denied"),
        (ImageError::RateLimited { image: image(), registry: registry(), message: message() }, "image.rate_limited"),
        (ImageError::BadMirrors { entry: "docker.io".into() }, "image.bad_mirrors"),
        (ImageError::PullFailed { image: image(), message: message() }, "image.pull_failed"),
        (ImageError::NoImage { service: service() }, "image.none"),
        (ImageError::BadPolicy { service: service(), policy: "sometimes".into() }, "image.bad_pull_policy"),
        (ImageError::Context { service: service(), path: "./api".into(), message: message() }, "image.build_context"),
        (ImageError::BuildFailed { service: service(), image: image(), message: message(), last_lines: vec!["step 3".into()] }, "image.build_failed"),
    ];
    assert_problems(&errors.iter().map(|(e, c)| (e as &dyn Problem, *c)).collect::<Vec<_>>());
    let wrapped = EngineError::Image(errors[1].0.clone());
    assert_eq!((wrapped.code(), wrapped.text()), ("image.not_found", errors[1].0.text()), "an engine error carrying an image error is that error");
}

#[test]
fn lab_error_codes() {
    let busy = BusyPort {
        wanted: HostPort { host_ip: "127.0.0.1".into(), port: 8080, protocol: "tcp".into() },
        holder: Some(PortHolder { pid: 4242, name: "python3".into() }),
        suggestion: Some(8083),
    };
    let failed = ServiceFailure { service: "db".into(), reason: FailReason::Exited { code: 3 }, logs: vec!["boom".into()] };
    let errors = [
        (LabError::PortsBusy(vec![busy]), "ports.busy"),
        (LabError::Services(vec![failed]), "lab.services_failed"),
        (LabError::Timeout { after: Duration::from_secs(300), waiting: vec!["airflow".into()] }, "lab.not_ready_in_time"),
        (LabError::Engine(EngineError::Closed { host: String::new() }), "engine.closed"),
    ];
    assert_problems(&errors.iter().map(|(e, c)| (e as &dyn Problem, *c)).collect::<Vec<_>>());
    assert_eq!(errors[0].0.remedy(), Some(Remedy::PortOffset { offset: 3 }), "the shift that reaches the free port");
    assert_eq!(errors[2].0.remedy(), Some(Remedy::WaitLonger { seconds: 600 }), "twice the time it had");
    let load = LabError::Load(LoadError::new(ErrorKind::Project, None, "no compose file"));
    assert!(load.is_input() && !errors[0].0.is_input(), "a compose file is input (exit 2), a busy port is not");
}

#[test]
fn reset_error_codes() {
    let unknown = ResetError::UnknownService(UnknownService { service: "wbe".into(), suggestion: Some("web".into()), known: vec!["web".into()] });
    let engine = ResetError::Engine(EngineError::Transport { message: Text::new("cortada", "cut") });
    assert_problems(&[(&unknown, "lab.unknown_service"), (&engine, "engine.connection_lost")]);
    assert!(unknown.is_input() && !engine.is_input(), "a mistyped service is input, the engine is not");
    assert!(unknown.text().es.contains("¿quiso decir `web`?"), "the likely service, in Spanish: {:?}", unknown.text());
}

#[test]
fn store_error_codes() {
    let path = || PathBuf::from("/d/progress.sqlite3");
    let io = || std::io::Error::other("denied");
    let errors = [
        (StoreError::NewerSchema { path: path(), found: 9, known: 1 }, "store.newer_schema"),
        (StoreError::NotADatabase { path: path() }, "store.not_a_database"),
        (StoreError::Damaged { path: path() }, "store.corrupt"),
        (StoreError::ControlCharacter { part: IdentityPart::Name, found: '\u{1b}' }, "identity.control_character"),
        (StoreError::Foreign { path: path(), why: Foreign::ApplicationId(7) }, "store.foreign"),
        (StoreError::BadVersion { path: path(), found: -3 }, "store.bad_version"),
        (StoreError::ReadOnly { path: path() }, "store.read_only"),
        (StoreError::DiskFull { path: path() }, "store.disk_full"),
        (StoreError::DiskFailure { path: path() }, "store.disk_failure"),
        (StoreError::CreateDir { path: path(), source: io() }, "store.no_folder"),
        (StoreError::NoDataDir, "data.no_folder"),
        (StoreError::BadValue { table: "sessions", column: "action", value: "fly".into() }, "store.bad_value"),
        (StoreError::BackupsFolder { path: path(), kind: FileKind::SymbolicLink }, "backup.folder_in_the_way"),
        (StoreError::BackupInTheWay { path: path(), kind: FileKind::Folder }, "backup.file_in_the_way"),
        (StoreError::NoBackup { asked: "2026-01-01".into(), known: vec!["2026-01-02".into()] }, "backup.none"),
        (StoreError::UnusableBackup { path: path(), why: Text::new("vacía", "empty") }, "backup.unusable"),
        (StoreError::Io { path: path(), source: io() }, "store.io"),
        (StoreError::Sqlite { source: rusqlite::Error::InvalidQuery }, "store.sqlite"),
    ];
    assert_problems(&errors.iter().map(|(e, c)| (e as &dyn Problem, *c)).collect::<Vec<_>>());
    assert_eq!(errors[2].0.remedy(), Some(Remedy::RestoreProgress { date: "latest".into() }), "a damaged file is restored from a backup");
    assert_eq!(errors[14].0.remedy(), Some(Remedy::ChooseBackup { dates: vec!["2026-01-02".into()] }), "the backups there are");
    for (e, code) in &errors {
        assert_eq!(Problem::is_input(e), e.is_input(), "{code}: the trait and the type agree on exit codes");
    }
}

#[test]
fn output_error_codes() {
    let path = || PathBuf::from("/home/ana/r.html");
    let errors = [
        (OutputError::InsideDataFolder { path: path(), folder: "/home/ana/.local/share/nivel".into() }, "output.inside_data_folder"),
        (OutputError::NotAFile { path: path(), kind: FileKind::Fifo }, "output.not_a_file"),
        (OutputError::NoFolder { path: path() }, "output.no_folder"),
        (OutputError::DiskFull { path: path() }, "output.disk_full"),
        (OutputError::Write { path: path(), source: std::io::Error::other("denied") }, "output.unwritable"),
    ];
    assert_problems(&errors.iter().map(|(e, c)| (e as &dyn Problem, *c)).collect::<Vec<_>>());
    assert!(errors[0].0.is_input() && !errors[3].0.is_input(), "a bad path is input, a full disk is not");
}

#[test]
fn resolve_and_install_error_codes() {
    let unknown = ResolveError::Unknown(UnknownLab {
        name: "level-7".into(),
        looked_in: vec![Text::new("un laboratorio incluido `level-7`", "a built-in lab `level-7`")],
        builtin: vec!["level-0".into(), "level-1".into()],
    });
    let not_a_lab = ResolveError::NotALab { path: "/tmp/fifo".into(), kind: FileKind::Fifo };
    let install = ResolveError::Install(InstallError::NoDataDir);
    let io = InstallError::Io { path: "/d/labs".into(), source: std::io::Error::other("denied") };
    assert_problems(&[(&unknown, "lab.unknown"), (&not_a_lab, "lab.not_a_lab"), (&install, "data.no_folder"), (&io, "data.unwritable")]);
    assert_eq!(unknown.remedy(), Some(Remedy::ChooseLab { known: vec!["level-0".into(), "level-1".into()] }), "the labs to choose from");
    assert!(unknown.is_input() && not_a_lab.is_input() && !install.is_input(), "a name is input, the data folder is not");
}

#[test]
fn lab_file_lock_and_check_error_codes() {
    let problem = LintProblem { file: "/l/lab.toml".into(), line: 3, col: 1, severity: Severity::Error, message: Text::new("clave `titel` desconocida", "unknown key `titel`"), fix: Text::new("escriba `title`", "write `title`") };
    let invalid = LabLoadError { dir: "/l".into(), problems: vec![problem] };
    let busy = Busy { project: "level-2".into(), holder: Some(Holder { pid: 4242, operation: "nivel up".into(), since: 1 }) };
    let not_running = TargetError::NotRunning { lab: "level-2".into() };
    let unlocked = LockProblem { project: "level-2".into(), path: "/d/locks/level-2.lock".into(), error: std::io::Error::other("denied") };
    let missing = ProbeError::Missing { id: "abc".into() };
    let foreign = ProbeError::NotInLab { id: "abc".into(), project: "level-2".into() };
    assert_problems(&[
        (&invalid, "lab.invalid"),
        (&busy, "lab.busy"),
        (&unlocked, "lab.unlocked"),
        (&not_running, "lab.not_running"),
        (&missing, "container.missing"),
        (&foreign, "container.not_in_lab"),
    ]);
    assert_eq!(invalid.remedy(), Some(Remedy::FixLabFile { path: "/l/lab.toml".into() }), "the file to correct");
    assert_eq!(busy.remedy(), Some(Remedy::WaitForOperation), "wait for the holder");
    assert_eq!(not_running.remedy(), Some(Remedy::StartLab { lab: "level-2".into() }), "start it");
    assert!(invalid.is_input() && !busy.is_input(), "a lab file is input, a busy lab is not");
}

#[test]
fn compose_errors_keep_their_kind_as_code() {
    let span = Span::new(Arc::from("compose.yaml"), 4, 3);
    let kinds = [
        (ErrorKind::Io, "compose.unreadable"),
        (ErrorKind::Syntax, "compose.syntax"),
        (ErrorKind::UnknownKey, "compose.unknown_key"),
        (ErrorKind::WrongType, "compose.wrong_type"),
        (ErrorKind::InvalidValue, "compose.invalid_value"),
        (ErrorKind::Interpolation, "compose.interpolation"),
        (ErrorKind::Cycle, "compose.cycle"),
        (ErrorKind::MissingReference, "compose.missing_reference"),
        (ErrorKind::Project, "compose.no_project"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (kind, code) in kinds {
        let e = LoadError::at(kind, &span, "no service `wbe`").with_fix("did you mean `web`?");
        assert_eq!(e.code(), code, "{kind:?}");
        assert!(seen.insert(code), "{code}: one kind each");
        assert_eq!(e.text().en, "compose.yaml:4:3: no service `wbe`", "the place, then the problem");
        assert!(e.is_input(), "a compose file is the user's input");
        assert_eq!(e.remedy(), Some(Remedy::Advice { text: Text::new("did you mean `web`?", "did you mean `web`?") }), "its fix");
    }
}

//! Engine and lab errors in Spanish: the same facts and the same next step as the English
//! texts beside each error type, for a student whose language is Spanish.

use super::error::{size, EngineError};
use super::lab_error::{FailReason, LabError, ServiceFailure};
use super::ports::describe;
use crate::i18n::Lang;

/// An engine error with its fix.
pub fn engine(e: &EngineError) -> String {
    let mut out = match e {
        EngineError::NotRunning { host, source } if source.is_empty() => format!("el motor de Docker no está en marcha ({host})"),
        EngineError::NotRunning { host, source } => format!("el motor de Docker no está en marcha ({host}, según {source})"),
        EngineError::PermissionDenied { host } => format!("permiso denegado en el socket de Docker {host}"),
        EngineError::Unsupported { host } => format!("no se puede hablar con un motor de Docker en {host}"),
        EngineError::NoAnswer { host, waited } => {
            let waited = if waited.is_zero() { String::new() } else { format!(" (se esperó {} s)", waited.as_secs()) };
            format!("el motor de Docker{} no responde{waited}", en(host))
        }
        EngineError::Closed { host } => format!("el motor de Docker{} cerró la conexión antes de terminar de responder", en(host)),
        EngineError::TooMuch { host, limit } => format!(
            "el motor de Docker{} respondió demasiado: más de {} de una vez, algo que ningún motor de Docker envía",
            en(host),
            size(*limit)
        ),
        EngineError::NotDocker { host } => format!("lo que responde{} no es un motor de Docker: no habla la API de Docker", en(host)),
        EngineError::Unreadable { detail } => format!("el motor de Docker respondió algo que Nivel no puede leer ({detail})"),
        EngineError::Api { status: 0, message } => format!("el motor de Docker informó de un error: {message}"),
        EngineError::Api { status, message } => format!("el motor de Docker rechazó la petición ({status}): {message}"),
        EngineError::Transport { message } => format!("se perdió la conexión con el motor de Docker: {message}"),
        EngineError::Image(e) => e.message(Lang::Es),
    };
    if let Some(fix) = engine_fix(e) {
        out.push_str(&format!("\n  solución: {fix}"));
    }
    out
}

/// What to do about an engine error.
pub fn engine_fix(e: &EngineError) -> Option<String> {
    match e {
        EngineError::NotRunning { .. } => Some(
            "arranque Docker: `sudo systemctl start docker` (Linux) o abra Docker Desktop; si falta, instálelo con `sudo apt-get install docker.io`".into(),
        ),
        EngineError::PermissionDenied { .. } => {
            Some("añádase al grupo docker: `sudo usermod -aG docker $USER` y vuelva a iniciar sesión".into())
        }
        EngineError::Unsupported { .. } => {
            Some("ponga en DOCKER_HOST una dirección unix:// o tcp://, o quítela para usar el motor local".into())
        }
        EngineError::NoAnswer { .. } => Some(
            "reinicie el motor: `sudo systemctl restart docker` (Linux) o reinicie Docker Desktop; si DOCKER_HOST o el contexto de Docker nombran otro motor, compruebe que es el correcto (`docker context ls`)".into(),
        ),
        EngineError::Closed { .. } | EngineError::Transport { .. } => Some(
            "compruebe que el motor sigue en marcha (`docker info`), arránquelo de nuevo si se detuvo (`sudo systemctl start docker` o Docker Desktop) y vuelva a ejecutar la orden".into(),
        ),
        EngineError::TooMuch { .. } | EngineError::NotDocker { .. } | EngineError::Unreadable { .. } => Some(
            "compruebe que DOCKER_HOST y el contexto de Docker (`docker context ls`) nombran un motor de Docker, o reinicie el motor".into(),
        ),
        EngineError::Api { .. } => None,
        EngineError::Image(e) => e.fix_in(Lang::Es),
    }
}

/// ` en unix:///var/run/docker.sock`, or nothing when the address is not known.
fn en(host: &str) -> String {
    if host.is_empty() { String::new() } else { format!(" en {host}") }
}

/// A lab error with what to do (engine errors go through [`engine`]).
pub fn lab(e: &LabError) -> String {
    match e {
        LabError::Load(e) => e.to_string(),
        LabError::Engine(e) => engine(e),
        LabError::PortsBusy(ports) => {
            let count = if ports.len() == 1 { "uno de sus puertos ya está en uso".to_string() } else { format!("{} de sus puertos ya están en uso", ports.len()) };
            let lines: Vec<String> = describe(ports).es.lines().map(|l| format!("\n  {l}")).collect();
            format!(
                "no se puede arrancar el laboratorio: {count}; no se creó nada{}\n  solución: cierre el programa que ocupa el puerto, o arranque con `--port-offset N` para desplazar todos los puertos del laboratorio",
                lines.concat()
            )
        }
        LabError::Services(failures) => {
            let (own, blocked): (Vec<&ServiceFailure>, Vec<&ServiceFailure>) =
                failures.iter().partition(|f| !matches!(f.reason, FailReason::DependencyFailed { .. }));
            let mut parts: Vec<String> = own.into_iter().map(failure).collect();
            parts.extend(blocked.into_iter().map(failure));
            format!(
                "{}\n  los demás servicios siguen en marcha; mírelos con `docker logs`, corrija y vuelva a ejecutar `nivel up`",
                parts.join("\n")
            )
        }
        LabError::Timeout { after, waiting } => format!(
            "el laboratorio no estaba listo después de {}s; aún se espera a: {}\n  solución: espere más con `--timeout`, o mire los registros de esos servicios",
            after.as_secs(),
            waiting.join(", ")
        ),
    }
}

fn failure(f: &ServiceFailure) -> String {
    let reason = match &f.reason {
        FailReason::Exited { code } => format!("terminó con el código {code}"),
        FailReason::Unhealthy { probe_output } => format!("no está sano; su healthcheck dijo: {}", probe_output.trim()),
        FailReason::DependencyFailed { dependency } => format!("no se arrancó porque `{dependency}` falló"),
        FailReason::Engine { message } => format!("no se pudo arrancar: {message}"),
    };
    let mut out = format!("el servicio `{}` {reason}", f.service);
    if !f.logs.is_empty() {
        out.push_str(&format!("\n  últimas líneas del registro de `{}`:", f.service));
        for line in &f.logs {
            out.push_str(&format!("\n    {line}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::docker::ports::{BusyPort, HostPort, PortHolder};

    #[test]
    fn engine_errors_say_what_to_do_in_spanish() {
        let e = EngineError::NotRunning { host: "unix:///var/run/docker.sock".into(), source: "default socket".into() };
        let text = e.message(Lang::Es);
        assert!(text.starts_with("el motor de Docker no está en marcha"), "the problem: {text}");
        assert!(text.contains("solución: arranque Docker: `sudo systemctl start docker`"), "the fix: {text}");
        assert_eq!(e.message(Lang::En), e.to_string(), "English is the Display text");
        let denied = EngineError::PermissionDenied { host: "unix:///var/run/docker.sock".into() }.message(Lang::Es);
        assert!(denied.contains("sudo usermod -aG docker $USER"), "the group fix: {denied}");
    }

    #[test]
    fn lab_errors_name_the_service_and_the_next_step_in_spanish() {
        let failed = LabError::Services(vec![
            ServiceFailure { service: "web".into(), reason: FailReason::DependencyFailed { dependency: "db".into() }, logs: vec![] },
            ServiceFailure { service: "db".into(), reason: FailReason::Exited { code: 3 }, logs: vec!["boom".into()] },
        ]);
        let text = failed.message(Lang::Es);
        assert!(text.starts_with("el servicio `db` terminó con el código 3\n  últimas líneas del registro de `db`:\n    boom"), "the cause first, with its logs: {text}");
        assert!(text.contains("el servicio `web` no se arrancó porque `db` falló"), "then what it blocked: {text}");
        assert!(text.ends_with("vuelva a ejecutar `nivel up`"), "and what to do: {text}");
        let busy = LabError::PortsBusy(vec![BusyPort {
            wanted: HostPort { host_ip: "127.0.0.1".into(), port: 8080, protocol: "tcp".into() },
            holder: Some(PortHolder { pid: 4242, name: "python3".into() }),
            suggestion: Some(8081),
        }]);
        let text = busy.message(Lang::Es);
        assert!(text.contains("uno de sus puertos ya está en uso; no se creó nada"), "how many: {text}");
        assert!(text.contains("python3 (pid 4242)") && text.contains("--port-offset"), "who holds it and the fix: {text}");
        let late = LabError::Timeout { after: Duration::from_secs(300), waiting: vec!["airflow".into()] }.message(Lang::Es);
        assert!(late.contains("después de 300s; aún se espera a: airflow"), "what it waited for: {late}");
    }
}

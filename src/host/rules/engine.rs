//! Is there an engine a lab can run on: installed, running, answering, open to this user, new
//! enough.

use super::{text, Reason, Severity};
use crate::host::facts::{EngineFacts, EngineStatus};
use crate::i18n::Lang;
use crate::lab::{EngineVersion, Requirements};

pub fn reasons(engine: &EngineFacts, req: &Requirements) -> Vec<Reason> {
    let host = engine.host.as_str();
    let blocker = |code, message, remedy| vec![Reason { code, severity: Severity::Blocker, message, remedy: Some(remedy) }];
    match engine.status {
        EngineStatus::Reachable => {}
        EngineStatus::NotInstalled => {
            return blocker(
                "engine.missing",
                text(|l| match l {
                    Lang::Es => "Docker no está instalado en esta máquina".into(),
                    Lang::En => "Docker is not installed on this machine".into(),
                }),
                text(|l| match l {
                    Lang::Es => "instale Docker: `sudo apt-get install docker.io` en Debian/Ubuntu, o Docker Desktop en macOS y Windows".into(),
                    Lang::En => "install Docker: `sudo apt-get install docker.io` on Debian/Ubuntu, or Docker Desktop on macOS and Windows".into(),
                }),
            );
        }
        EngineStatus::NotRunning => {
            return blocker(
                "engine.not_running",
                text(|l| match l {
                    Lang::Es => format!("el motor de Docker no está en marcha en {host}"),
                    Lang::En => format!("the Docker engine is not running at {host}"),
                }),
                text(|l| match l {
                    Lang::Es => "inícielo: `sudo systemctl start docker` (Linux) o abra Docker Desktop".into(),
                    Lang::En => "start it: `sudo systemctl start docker` (Linux) or open Docker Desktop".into(),
                }),
            );
        }
        EngineStatus::NotAnswering => {
            return blocker(
                "engine.not_answering",
                text(|l| match l {
                    Lang::Es => format!("el motor de Docker en {host} acepta conexiones pero no responde"),
                    Lang::En => format!("the Docker engine at {host} accepts connections but does not answer"),
                }),
                text(|l| match l {
                    Lang::Es => "reinícielo: `sudo systemctl restart docker` (Linux) o reinicie Docker Desktop; si DOCKER_HOST o el contexto de Docker (`docker context ls`) nombran otro motor, compruebe que es el correcto".into(),
                    Lang::En => "restart it: `sudo systemctl restart docker` (Linux) or restart Docker Desktop; if DOCKER_HOST or the Docker context (`docker context ls`) names another engine, check that it is the right one".into(),
                }),
            );
        }
        EngineStatus::PermissionDenied => {
            return blocker(
                "engine.permission",
                text(|l| match l {
                    Lang::Es => format!("no tiene permiso para usar el socket de Docker {host}"),
                    Lang::En => format!("you may not use the Docker socket {host}"),
                }),
                text(|l| match l {
                    Lang::Es => "únase al grupo docker: `sudo usermod -aG docker $USER`, luego cierre la sesión y vuelva a entrar".into(),
                    Lang::En => "join the docker group: `sudo usermod -aG docker $USER`, then log out and in again".into(),
                }),
            );
        }
        EngineStatus::Unsupported | EngineStatus::Error => {
            let why = engine.error.clone().unwrap_or_default();
            return blocker(
                "engine.unreachable",
                text(|l| match l {
                    Lang::Es => format!("no se puede usar el motor de Docker en {host}: {why}"),
                    Lang::En => format!("cannot use the Docker engine at {host}: {why}"),
                }),
                text(|l| match l {
                    Lang::Es => "revise DOCKER_HOST y el contexto de Docker (`docker context ls`), o reinicie el motor".into(),
                    Lang::En => "check DOCKER_HOST and the Docker context (`docker context ls`), or restart the engine".into(),
                }),
            );
        }
    }
    let (Some(min), Some(info)) = (req.engine, engine.info.as_ref()) else { return Vec::new() };
    match EngineVersion::parse(&info.version) {
        Some(have) if have < min => blocker(
            "engine.too_old",
            text(|l| match l {
                Lang::Es => format!("el laboratorio necesita Docker {min} o posterior; este motor es {}", info.version),
                Lang::En => format!("the lab needs Docker {min} or later; this engine is {}", info.version),
            }),
            text(|l| match l {
                Lang::Es => "actualice Docker (o Docker Desktop) a una versión reciente".into(),
                Lang::En => "update Docker (or Docker Desktop) to a recent version".into(),
            }),
        ),
        _ => Vec::new(),
    }
}

//! Is there an engine a lab can run on: installed, running, answering, open to this user, new
//! enough.

use super::{Reason, Severity};
use crate::host::facts::{EngineFacts, EngineStatus};
use crate::lab::{EngineVersion, Requirements, Text};

pub fn reasons(engine: &EngineFacts, req: &Requirements) -> Vec<Reason> {
    let host = engine.host.as_str();
    let blocker = |code, message, remedy| vec![Reason { code, severity: Severity::Blocker, message, remedy: Some(remedy) }];
    match engine.status {
        EngineStatus::Reachable => {}
        EngineStatus::NotInstalled => {
            return blocker(
                "engine.missing",
                Text::new("Docker no está instalado en esta máquina", "Docker is not installed on this machine"),
                Text::new("instale Docker: `sudo apt-get install docker.io` en Debian/Ubuntu, o Docker Desktop en macOS y Windows", "install Docker: `sudo apt-get install docker.io` on Debian/Ubuntu, or Docker Desktop on macOS and Windows"),
            );
        }
        EngineStatus::NotRunning => {
            return blocker(
                "engine.not_running",
                Text::new(format!("el motor de Docker no está en marcha en {host}"), format!("the Docker engine is not running at {host}")),
                Text::new("inícielo: `sudo systemctl start docker` (Linux) o abra Docker Desktop", "start it: `sudo systemctl start docker` (Linux) or open Docker Desktop"),
            );
        }
        EngineStatus::NotAnswering => {
            return blocker(
                "engine.not_answering",
                Text::new(format!("el motor de Docker en {host} acepta conexiones pero no responde"), format!("the Docker engine at {host} accepts connections but does not answer")),
                Text::new("reinícielo: `sudo systemctl restart docker` (Linux) o reinicie Docker Desktop; si DOCKER_HOST o el contexto de Docker (`docker context ls`) nombran otro motor, compruebe que es el correcto", "restart it: `sudo systemctl restart docker` (Linux) or restart Docker Desktop; if DOCKER_HOST or the Docker context (`docker context ls`) names another engine, check that it is the right one"),
            );
        }
        EngineStatus::PermissionDenied => {
            return blocker(
                "engine.permission",
                Text::new(format!("no tiene permiso para usar el socket de Docker {host}"), format!("you may not use the Docker socket {host}")),
                Text::new("únase al grupo docker: `sudo usermod -aG docker $USER`, luego cierre la sesión y vuelva a entrar", "join the docker group: `sudo usermod -aG docker $USER`, then log out and in again"),
            );
        }
        EngineStatus::Unsupported | EngineStatus::Error => {
            let why = engine.error.clone().unwrap_or_default();
            return blocker(
                "engine.unreachable",
                Text::new(format!("no se puede usar el motor de Docker en {host}: {why}"), format!("cannot use the Docker engine at {host}: {why}")),
                Text::new("revise DOCKER_HOST y el contexto de Docker (`docker context ls`), o reinicie el motor", "check DOCKER_HOST and the Docker context (`docker context ls`), or restart the engine"),
            );
        }
    }
    let (Some(min), Some(info)) = (req.engine, engine.info.as_ref()) else { return Vec::new() };
    match EngineVersion::parse(&info.version) {
        Some(have) if have < min => blocker(
            "engine.too_old",
            Text::new(format!("el laboratorio necesita Docker {min} o posterior; este motor es {}", info.version), format!("the lab needs Docker {min} or later; this engine is {}", info.version)),
            Text::new("actualice Docker (o Docker Desktop) a una versión reciente", "update Docker (or Docker Desktop) to a recent version"),
        ),
        _ => Vec::new(),
    }
}

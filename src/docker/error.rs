//! Engine errors, converted once from bollard's: each names the engine's state in Nivel's own
//! words (not running, does not answer, closed the connection, answered too much) and the
//! command that fixes it. The transport's faults are read first, so the wording of bollard and
//! of the HTTP client does not reach the messages written here.

use std::fmt;
use std::time::Duration;

use super::connect::{EngineHost, MissingContext};
use super::transport::{self, Fault, TransportFault};
use crate::app::{Problem, Remedy};
use crate::lab::Text;

/// What is wrong with the engine. A `host` is the engine's address, empty when the error came
/// without one.
#[derive(Debug)]
#[non_exhaustive]
pub enum EngineError {
    /// Nothing listens at the engine's address (not installed, not started). `source` says
    /// how the address was chosen; empty when the engine went away after connecting.
    NotRunning { host: String, source: String },
    /// The socket exists but this user may not open it.
    PermissionDenied { host: String },
    /// The address is not one we can talk to (a typo, an unknown scheme).
    Unsupported { host: String },
    /// `DOCKER_CONTEXT` or the docker config names a context that does not exist.
    UnknownContext(MissingContext),
    /// A TLS engine's certificates could not be read, or its TLS handshake failed (`detail`
    /// says which).
    Tls { host: String, detail: Text },
    /// The `ssh` that reaches a remote engine failed (`detail` is what it said).
    Ssh { host: String, detail: String },
    /// It accepts connections but gave no answer (or no next byte of one) within `waited`.
    NoAnswer { host: String, waited: Duration },
    /// It closed the connection before its answer was complete (stopped, crashed, restarted).
    Closed { host: String },
    /// One answer, or one line or frame of a stream, was larger than `limit` bytes.
    TooMuch { host: String, limit: u64 },
    /// What answers at the address does not speak the Docker API's HTTP.
    NotDocker { host: String },
    /// It answered a document Nivel cannot read; `detail` says where.
    Unreadable { detail: String },
    /// The engine answered with an error; `status` is 0 when it said so inside a stream.
    Api { status: u16, message: String },
    /// A stream the engine ended early, in Nivel's words (`message`).
    Transport { message: Text },
    /// An image could not be pulled or built.
    Image(super::images::ImageError),
}

impl EngineError {
    /// An error while connecting: as any other, and a missing engine says where its address
    /// came from.
    pub(crate) fn from_connect(host: &EngineHost, e: &bollard::errors::Error) -> Self {
        match EngineError::from(e) {
            EngineError::NotRunning { host: url, .. } => EngineError::NotRunning { host: url, source: host.source.clone() },
            other => other,
        }
    }

    fn from_fault(f: &TransportFault) -> Self {
        let host = f.host.clone();
        match f.fault {
            Fault::NotListening => EngineError::NotRunning { host, source: String::new() },
            Fault::Denied => EngineError::PermissionDenied { host },
            Fault::NoAnswer { waited } => EngineError::NoAnswer { host, waited },
            Fault::Closed => EngineError::Closed { host },
            Fault::TooMuch { limit } => EngineError::TooMuch { host, limit },
            Fault::NotHttp => EngineError::NotDocker { host },
            Fault::Tls { ref detail } => EngineError::Tls { host, detail: detail.clone() },
            Fault::Ssh { ref detail } => EngineError::Ssh { host, detail: detail.clone() },
        }
    }
}

impl From<&bollard::errors::Error> for EngineError {
    fn from(e: &bollard::errors::Error) -> Self {
        use bollard::errors::Error as B;
        if let Some(fault) = transport::fault_of(e) {
            return EngineError::from_fault(fault);
        }
        match e {
            B::DockerResponseServerError { status_code, message } => EngineError::Api { status: *status_code, message: message.trim_end().to_string() },
            B::DockerStreamError { error } => EngineError::Api { status: 0, message: error.clone() },
            B::JsonDataError { message, .. } => EngineError::Unreadable { detail: message.clone() },
            B::JsonSerdeError { err } => EngineError::Unreadable { detail: err.to_string() },
            B::APIVersionParseError {} => EngineError::Unreadable { detail: "no API version".into() },
            B::RequestTimeoutError => EngineError::NoAnswer { host: String::new(), waited: Duration::ZERO },
            B::UnsupportedURISchemeError { uri } => EngineError::Unsupported { host: uri.clone() },
            B::SocketNotFoundError(path) => EngineError::NotRunning { host: path.clone(), source: String::new() },
            B::HyperResponseError { err } if err.is_parse() => EngineError::NotDocker { host: String::new() },
            B::HyperResponseError { err } if err.is_timeout() => EngineError::NoAnswer { host: String::new(), waited: Duration::ZERO },
            // Every way to the engine is the transport's: an error that lost its cause (a
            // stream's) is the fault just met, else a connection that ended early.
            _ => match transport::recent_fault(std::time::Instant::now()) {
                Some(fault) => EngineError::from_fault(&fault),
                None => EngineError::Closed { host: String::new() },
            },
        }
    }
}

impl From<bollard::errors::Error> for EngineError {
    fn from(e: bollard::errors::Error) -> Self {
        EngineError::from(&e)
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en)
    }
}

/// ` at unix:///var/run/docker.sock`, or nothing when the address is not known.
fn at(host: &str) -> String {
    if host.is_empty() { String::new() } else { format!(" at {host}") }
}

/// ` en unix:///var/run/docker.sock`, or nothing when the address is not known.
fn en(host: &str) -> String {
    if host.is_empty() { String::new() } else { format!(" en {host}") }
}

/// What to try by hand when ssh does not reach the engine at `host` (`ssh://ana@vm:2222`).
fn ssh_advice(host: &str) -> Option<Remedy> {
    let target = host.trim_start_matches("ssh://").split(['/', '?']).next().unwrap_or_default();
    let command = match target.rsplit_once(':') {
        Some((dest, port)) if port.parse::<u16>().is_ok() => format!("ssh -p {port} {dest} docker version"),
        _ => format!("ssh {target} docker version"),
    };
    Some(Remedy::Advice {
        text: Text::new(
            format!("conéctese una vez a mano con `{command}`: debe funcionar sin pedir contraseña (una clave en ssh-agent, o `ssh-copy-id`) y con la clave de la máquina ya aceptada; compruebe que la máquina está encendida y que Docker funciona en ella"),
            format!("connect once by hand with `{command}`: it must work without asking for a password (a key in ssh-agent, or `ssh-copy-id`) and with the machine's key already accepted; check that the machine is up and that Docker runs on it"),
        ),
    })
}

/// `32 MiB`, `64 KiB`.
pub(crate) fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 { format!("{} MiB", bytes >> 20) } else { format!("{} KiB", bytes >> 10) }
}

impl std::error::Error for EngineError {}

impl Problem for EngineError {
    fn code(&self) -> &'static str {
        match self {
            EngineError::NotRunning { .. } => "engine.not_running",
            EngineError::PermissionDenied { .. } => "engine.permission",
            EngineError::Unsupported { .. } => "engine.unreachable",
            EngineError::UnknownContext(_) => "engine.unknown_context",
            EngineError::Tls { .. } => "engine.tls",
            EngineError::Ssh { .. } => "engine.ssh",
            EngineError::NoAnswer { .. } => "engine.not_answering",
            EngineError::Closed { .. } => "engine.closed",
            EngineError::TooMuch { .. } => "engine.too_much",
            EngineError::NotDocker { .. } => "engine.not_docker",
            EngineError::Unreadable { .. } => "engine.unreadable",
            EngineError::Api { .. } => "engine.refused",
            EngineError::Transport { .. } => "engine.connection_lost",
            EngineError::Image(e) => e.code(),
        }
    }

    fn text(&self) -> Text {
        match self {
            EngineError::NotRunning { host, source } if source.is_empty() => {
                Text::new(format!("el motor de Docker no está en marcha ({host})"), format!("the Docker engine is not running ({host})"))
            }
            EngineError::NotRunning { host, source } => Text::new(
                format!("el motor de Docker no está en marcha ({host}, según {source})"),
                format!("the Docker engine is not running ({host}, from {source})"),
            ),
            EngineError::PermissionDenied { host } => {
                Text::new(format!("permiso denegado en el socket de Docker {host}"), format!("permission denied on the Docker socket {host}"))
            }
            EngineError::Unsupported { host } => {
                Text::new(format!("no se puede hablar con un motor de Docker en {host}"), format!("cannot talk to a Docker engine at {host}"))
            }
            EngineError::UnknownContext(MissingContext { name, named_by, known }) => Text::new(
                format!("el contexto de Docker «{name}» (de {named_by}) no existe; los contextos que hay son: {}", known.join(", ")),
                format!("the Docker context \"{name}\" (from {named_by}) does not exist; the contexts there are: {}", known.join(", ")),
            ),
            EngineError::Tls { host, detail } => Text::new(
                format!("no se pudo abrir la conexión TLS con el motor de Docker en {host}: {}", detail.es),
                format!("could not open the TLS connection to the Docker engine at {host}: {}", detail.en),
            ),
            EngineError::Ssh { host, detail } => Text::new(
                format!("ssh no pudo llegar al motor de Docker en {host}: {detail}"),
                format!("ssh could not reach the Docker engine at {host}: {detail}"),
            ),
            EngineError::NoAnswer { host, waited } => {
                let (es_waited, en_waited) = if waited.is_zero() {
                    (String::new(), String::new())
                } else {
                    (format!(" (se esperó {} s)", waited.as_secs()), format!(" (waited {} s)", waited.as_secs()))
                };
                Text::new(
                    format!("el motor de Docker{} no responde{es_waited}", en(host)),
                    format!("the Docker engine{} does not answer{en_waited}", at(host)),
                )
            }
            EngineError::Closed { host } => Text::new(
                format!("el motor de Docker{} cerró la conexión antes de terminar de responder", en(host)),
                format!("the Docker engine{} closed the connection before it finished answering", at(host)),
            ),
            EngineError::TooMuch { host, limit } => Text::new(
                format!("el motor de Docker{} respondió demasiado: más de {} de una vez, algo que ningún motor de Docker envía", en(host), size(*limit)),
                format!("the Docker engine{} answered too much: more than {} in one piece, which no Docker engine sends", at(host), size(*limit)),
            ),
            EngineError::NotDocker { host } => Text::new(
                format!("lo que responde{} no es un motor de Docker: no habla la API de Docker", en(host)),
                format!("what answers{} is not a Docker engine: it does not speak the Docker API", at(host)),
            ),
            EngineError::Unreadable { detail } => Text::new(
                format!("el motor de Docker respondió algo que Nivel no puede leer ({detail})"),
                format!("the Docker engine answered something Nivel cannot read ({detail})"),
            ),
            EngineError::Api { status: 0, message } => {
                Text::new(format!("el motor de Docker informó de un error: {message}"), format!("the Docker engine reported an error: {message}"))
            }
            EngineError::Api { status, message } => Text::new(
                format!("el motor de Docker rechazó la petición ({status}): {message}"),
                format!("the Docker engine refused the request ({status}): {message}"),
            ),
            EngineError::Transport { message } => Text::new(
                format!("se perdió la conexión con el motor de Docker: {}", message.es),
                format!("lost the connection to the Docker engine: {}", message.en),
            ),
            EngineError::Image(e) => e.text(),
        }
    }

    fn remedy(&self) -> Option<Remedy> {
        let advice = |es: &str, en: &str| Some(Remedy::Advice { text: Text::new(es, en) });
        match self {
            EngineError::NotRunning { .. } => Some(Remedy::StartEngine),
            EngineError::PermissionDenied { .. } => advice(
                "añádase al grupo docker: `sudo usermod -aG docker $USER` y vuelva a iniciar sesión",
                "add yourself to the docker group: `sudo usermod -aG docker $USER`, then log out and in again",
            ),
            EngineError::Unsupported { .. } => advice(
                "ponga en DOCKER_HOST una dirección unix://, tcp:// o ssh://, o quítela para usar el motor local",
                "set DOCKER_HOST to a unix://, tcp:// or ssh:// address, or unset it to use the local engine",
            ),
            EngineError::UnknownContext(MissingContext { named_by, .. }) if named_by == "DOCKER_CONTEXT" => advice(
                "ponga en DOCKER_CONTEXT uno de esos contextos, quítela para usar el contexto actual, o cree el contexto con `docker context create`",
                "set DOCKER_CONTEXT to one of those contexts, unset it to use the current context, or create the context with `docker context create`",
            ),
            EngineError::UnknownContext(_) => advice(
                "elija uno de esos contextos con `docker context use NOMBRE`, o cree el contexto con `docker context create`",
                "choose one of those contexts with `docker context use NAME`, or create the context with `docker context create`",
            ),
            EngineError::Tls { .. } => advice(
                "compruebe que ca.pem, cert.pem y key.pem (en DOCKER_CERT_PATH, o los del contexto: `docker context inspect`) son los que firmó la autoridad del motor, y que el nombre del motor en la dirección es el de su certificado",
                "check that ca.pem, cert.pem and key.pem (in DOCKER_CERT_PATH, or the context's: `docker context inspect`) are the ones signed by the engine's authority, and that the engine's name in the address is the one in its certificate",
            ),
            EngineError::Ssh { host, .. } => ssh_advice(host),
            EngineError::NoAnswer { host, .. } if host.starts_with("ssh://") => ssh_advice(host),
            EngineError::NoAnswer { .. } => advice(
                "reinicie el motor: `sudo systemctl restart docker` (Linux) o reinicie Docker Desktop; si DOCKER_HOST o el contexto de Docker nombran otro motor, compruebe que es el correcto (`docker context ls`)",
                "restart the engine: `sudo systemctl restart docker` (Linux) or restart Docker Desktop; if DOCKER_HOST or the Docker context names another engine, check that it is the right one (`docker context ls`)",
            ),
            EngineError::Closed { .. } | EngineError::Transport { .. } => advice(
                "compruebe que el motor sigue en marcha (`docker info`), arránquelo de nuevo si se detuvo (`sudo systemctl start docker` o Docker Desktop) y vuelva a ejecutar la orden",
                "check that the engine still runs (`docker info`), start it again if it stopped (`sudo systemctl start docker` or Docker Desktop), then run the command again",
            ),
            EngineError::TooMuch { .. } | EngineError::NotDocker { .. } | EngineError::Unreadable { .. } => advice(
                "compruebe que DOCKER_HOST y el contexto de Docker (`docker context ls`) nombran un motor de Docker, o reinicie el motor",
                "check that DOCKER_HOST and the Docker context (`docker context ls`) name a Docker engine, or restart the engine",
            ),
            // The docker CLI's own words for plain HTTP sent to a TLS port.
            EngineError::Api { message, .. } if message.contains("HTTP request to an HTTPS server") => advice(
                "el motor habla TLS: ponga DOCKER_TLS_VERIFY=1 y en DOCKER_CERT_PATH la carpeta de ca.pem, cert.pem y key.pem, o use un contexto con sus certificados (`docker context create`)",
                "the engine speaks TLS: set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder of ca.pem, cert.pem and key.pem, or use a context with its certificates (`docker context create`)",
            ),
            EngineError::Api { .. } => None,
            EngineError::Image(e) => e.remedy(),
        }
    }

    /// A context that is not there, or an image input error (a bad image map), is the user's
    /// input, as the docker CLI takes it.
    fn is_input(&self) -> bool {
        matches!(self, EngineError::UnknownContext(_)) || matches!(self, EngineError::Image(e) if e.is_input())
    }
}

impl From<super::images::ImageError> for EngineError {
    fn from(e: super::images::ImageError) -> Self {
        EngineError::Image(e)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    fn faulty(fault: Fault) -> bollard::errors::Error {
        bollard::errors::Error::IOError { err: TransportFault { host: "unix:///run/x.sock".into(), fault }.into_io() }
    }

    #[test]
    fn transport_faults_become_the_engine_state_with_its_address() {
        let silent = EngineError::from(faulty(Fault::NoAnswer { waited: Duration::from_secs(5) }));
        assert_eq!(silent.to_string().lines().next(), Some("the Docker engine at unix:///run/x.sock does not answer (waited 5 s)"), "{silent}");
        let big = EngineError::from(faulty(Fault::TooMuch { limit: 32 << 20 }));
        assert!(big.to_string().starts_with("the Docker engine at unix:///run/x.sock answered too much: more than 32 MiB in one piece"), "{big}");
        assert!(matches!(EngineError::from(faulty(Fault::NotListening)), EngineError::NotRunning { .. }), "refused: not running");
        let host = EngineHost::new("unix:///run/x.sock", "DOCKER_HOST");
        let missing = EngineError::from_connect(&host, &faulty(Fault::NotListening));
        assert!(missing.to_string().starts_with("the Docker engine is not running (unix:///run/x.sock, from DOCKER_HOST)"), "{missing}");
    }

    #[test]
    fn a_stream_error_that_lost_its_cause_is_named_by_the_fault_just_met() {
        // bollard hands a stream's failure over as text, its cause gone.
        let as_text = || bollard::errors::Error::IOError { err: std::io::Error::other("error reading a body from connection") };
        let fault = TransportFault { host: "unix:///run/y.sock".into(), fault: Fault::Closed };
        transport::remember_fault(&fault, Instant::now());
        let e = EngineError::from(as_text());
        assert!(e.to_string().starts_with("the Docker engine at unix:///run/y.sock closed the connection"), "{e}");
        transport::remember_fault(&fault, Instant::now().checked_sub(Duration::from_secs(60)).unwrap());
        let e = EngineError::from(as_text());
        assert!(e.to_string().starts_with("the Docker engine closed the connection"), "a fault long past names no address: {e}");
    }

    #[test]
    fn every_engine_state_has_a_fix_in_both_languages_and_no_library_words() {
        let errors = [
            EngineError::NoAnswer { host: "unix:///x".into(), waited: Duration::from_secs(5) },
            EngineError::Closed { host: "unix:///x".into() },
            EngineError::TooMuch { host: "unix:///x".into(), limit: 1 << 20 },
            EngineError::NotDocker { host: "unix:///x".into() },
            EngineError::Unreadable { detail: "expected value at line 1 column 1".into() },
            EngineError::from(bollard::errors::Error::RequestTimeoutError),
        ];
        for e in errors {
            let Some(Remedy::Advice { text: fix }) = e.remedy() else { panic!("{e:?}: advice on what to do") };
            let text = e.text();
            for said in [&text.es, &text.en, &fix.es, &fix.en] {
                assert!(!said.is_empty(), "{e:?}: said in both languages: {text:?} {fix:?}");
                for word in ["hyper", "bollard", "legacy", "client error", "Timeout error"] {
                    assert!(!said.contains(word), "{e:?}: `{word}` in {said}");
                }
            }
        }
        let stream = EngineError::from(bollard::errors::Error::DockerStreamError { error: "manifest unknown".into() });
        assert_eq!(stream.to_string(), "the Docker engine reported an error: manifest unknown", "the engine's own words, no made-up status");
    }
}

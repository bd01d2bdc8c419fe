//! `tcp`: a connection to the service's published port opens on the loopback address.

use tokio::net::TcpStream;

use super::net::describe;
use super::target::LabTarget;
use super::verdict::{published_addr, Verdict};
use crate::checks::TcpCheck;
use crate::lab::Text;

pub async fn run(target: &LabTarget, check: &TcpCheck) -> Verdict {
    let expected = expected(check);
    let addr = match published_addr(target, &check.service, check.port) {
        Ok(addr) => addr,
        Err(why) => return Verdict::fail(expected, why),
    };
    match TcpStream::connect(addr).await {
        Ok(_) => Verdict { passed: true, expected, observed: Text::new(format!("conexión abierta con {addr}"), format!("connected to {addr}")) },
        Err(e) => {
            let why = describe(&e);
            Verdict::fail(expected, Text::new(format!("la conexión a {addr} falló: {}", why.es), format!("connecting to {addr} failed: {}", why.en)))
        }
    }
}

pub fn expected(check: &TcpCheck) -> Text {
    Text::new(
        format!("una conexión TCP abierta al puerto {} del contenedor de `{}`", check.port, check.service),
        format!("a TCP connection to `{}` container port {} opens", check.service, check.port),
    )
}

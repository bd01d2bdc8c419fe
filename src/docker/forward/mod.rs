//! A lab on an `ssh://` engine publishes its ports on the remote machine, where the student's
//! browser and Nivel's checks cannot reach them. Nivel keeps one `ssh -N -L …` per running lab
//! that brings every published TCP port of the lab to this machine's loopback, and shows the
//! lab's ports as the local ones: links, `status` and checks all read them from here. The ssh
//! is recorded in the data folder (its pid and ports), so a later command finds it, starts it
//! again when it died, and `down` stops it. An ssh that failed is recorded too, with when: for
//! a minute a look at the labs tells that failure at once rather than waiting on ssh again,
//! while an action the student asks for tries again.

mod record;
mod process;
mod tcp;

use std::collections::BTreeMap;
use std::time::SystemTime;

use super::engine::Engine;
use super::status::LabStatus;
use super::transport::Endpoint;
use crate::lab::Text;

pub use record::Forward;

/// Whether `engine`'s published ports are shown elsewhere than where the engine bound them
/// (forwarded here from an ssh engine, or on a `tcp://` engine's machine).
pub(crate) fn reaches_remote_ports(engine: &Engine) -> bool {
    matches!(Endpoint::parse(&engine.host.url), Some(Endpoint::Ssh(_))) || engine_ip(engine).is_some()
}

/// The address of a `tcp://` engine's machine when it is not this one: links and checks go
/// there.
pub(crate) fn engine_ip(engine: &Engine) -> Option<std::net::IpAddr> {
    match Endpoint::parse(&engine.host.url)? {
        Endpoint::Tcp(authority) => tcp::engine_machine(&authority).map(|(_, ip)| ip),
        _ => None,
    }
}

/// Shows `labs`' published TCP ports where they are reachable from this machine: through the
/// lab's forward on an ssh engine (started or restarted as needed, kept in the data folder the
/// engine was connected with), on the engine's machine for a `tcp://` engine on another one.
/// On a local engine nothing changes. What cannot be reached is noted on its lab
/// ([`LabStatus::notes`]), for the front end to tell. `now` dates a failed ssh, which is not
/// tried again for a minute unless [`try_again`] is asked.
pub async fn localize(engine: &Engine, labs: &mut [LabStatus], now: SystemTime) {
    let target = match Endpoint::parse(&engine.host.url) {
        Some(Endpoint::Ssh(target)) => target,
        Some(Endpoint::Tcp(authority)) => {
            let Some((host, ip)) = tcp::engine_machine(&authority) else { return };
            for lab in labs.iter_mut().filter(|l| l.services.iter().any(|s| s.state.is_up())) {
                let unreached = tcp::rewrite(lab, &host, ip);
                lab.notes.extend(unreached);
            }
            return;
        }
        _ => return,
    };
    let Some(data_dir) = engine.forwards_in.clone() else { return };
    for lab in labs.iter_mut() {
        let up = lab.services.iter().any(|s| s.state.is_up());
        let wanted = if up { remote_ports(lab) } else { BTreeMap::new() };
        if wanted.is_empty() && !record::exists(&data_dir.join("forwards"), &lab.project) {
            continue;
        }
        let forwarding = !wanted.is_empty();
        let (data_dir, project, target2) = (data_dir.clone(), lab.project.clone(), target.clone());
        let outcome = tokio::task::spawn_blocking(move || process::ensure(&data_dir, &project, &target2, &wanted, now)).await;
        let Ok((forward, warnings)) = outcome else { continue };
        lab.notes.extend(warnings);
        if forwarding {
            rewrite(lab, &forward, &target.destination);
        }
    }
}

/// Stops the forward of compose project `project` on `engine`, if it has one.
pub fn stop(engine: &Engine, project: &str) {
    if let Some(data_dir) = &engine.forwards_in {
        process::stop(data_dir, project);
    }
}

/// Makes the next look at compose project `project` on `engine` try its forward's ssh again
/// even when it failed a moment ago: what an action the student asked for (`up`, `restart`,
/// `check`) does.
pub fn try_again(engine: &Engine, project: &str) {
    if let Some(data_dir) = &engine.forwards_in {
        process::try_again(data_dir, project);
    }
}

/// The remote TCP ports of a lab, each with the address it is bound to there.
fn remote_ports(lab: &LabStatus) -> BTreeMap<u16, String> {
    let mut ports = BTreeMap::new();
    for p in lab.services.iter().flat_map(|s| &s.ports).filter(|p| p.protocol == "tcp" && p.host_port != 0) {
        let to = match p.host_ip.as_str() {
            "" | "0.0.0.0" => "127.0.0.1".to_string(),
            "::" => "[::1]".to_string(),
            ip if ip.contains(':') => format!("[{ip}]"),
            ip => ip.to_string(),
        };
        ports.entry(p.host_port).or_insert(to);
    }
    ports
}

/// The lab's ports as this machine reaches them: the local end of each forwarded port, on
/// 127.0.0.1; a port that is not forwarded keeps no link.
fn rewrite(lab: &mut LabStatus, forward: &Forward, host: &str) {
    for p in lab.services.iter_mut().flat_map(|s| &mut s.ports).filter(|p| p.protocol == "tcp") {
        match forward.local_of(p.host_port) {
            Some(local) => {
                p.host_ip = "127.0.0.1".into();
                p.host_port = local;
                p.url = Some(format!("http://127.0.0.1:{local}"));
            }
            None => {
                p.url = None;
                // Never this machine's loopback: the port there is not this lab's.
                p.host_ip = format!("{} on {host}", p.host_ip);
            }
        }
    }
}

/// The warning for a port whose local twin is taken here.
fn moved(remote: u16, local: u16) -> Text {
    Text::new(
        format!("el puerto {remote} está ocupado en esta máquina; el puerto {remote} del motor remoto se reenvía a 127.0.0.1:{local}, y los enlaces y comprobaciones usan ese"),
        format!("port {remote} is taken on this machine; the remote engine's port {remote} is forwarded to 127.0.0.1:{local}, and links and checks use that one"),
    )
}

/// The warning for ports ssh could not forward, with ssh's words.
fn not_forwarded(ports: &[u16], why: &str) -> Text {
    let list = ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    Text::new(
        format!("no se pudieron reenviar por ssh los puertos {list} del motor remoto: {why}; sus enlaces y comprobaciones no llegan desde esta máquina"),
        format!("could not forward the remote engine's ports {list} over ssh: {why}; their links and checks do not reach them from this machine"),
    )
}

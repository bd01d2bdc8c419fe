//! A lab on a `tcp://HOST:PORT` engine (plain or TLS) publishes its ports on HOST: links and
//! checks go there when a port is bound on every address. A port bound on HOST's loopback
//! only cannot be reached from this machine at all, which is said, with the way that reaches
//! it (an `ssh://` engine, whose ports Nivel forwards).

use std::net::{IpAddr, ToSocketAddrs};

use crate::docker::status::{LabStatus, PublishedPort};
use crate::lab::Text;

/// The engine's machine: its name as written in the address, and its address; `None` for an
/// engine on this machine (a loopback address), where nothing changes.
pub(crate) fn engine_machine(authority: &str) -> Option<(String, IpAddr)> {
    let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h).trim_start_matches('[').trim_end_matches(']');
    let ip = match host.parse::<IpAddr>() {
        Ok(ip) => ip,
        Err(_) => (host, 0).to_socket_addrs().ok()?.next()?.ip(),
    };
    (!ip.is_loopback() && !host.eq_ignore_ascii_case("localhost")).then(|| (host.to_string(), ip))
}

/// `lab`'s TCP ports as reached on the engine's machine `host` (at `ip`); the warning for
/// those bound there on loopback only.
pub(crate) fn rewrite(lab: &mut LabStatus, host: &str, ip: IpAddr) -> Option<Text> {
    let mut unreachable = Vec::new();
    let url_host = if host.contains(':') { format!("[{host}]") } else { host.to_string() };
    for p in lab.services.iter_mut().flat_map(|s| &mut s.ports).filter(|p| p.protocol == "tcp") {
        match p.host_ip.as_str() {
            "" => reached(p, ip, &url_host),
            "0.0.0.0" if ip.is_ipv4() => reached(p, ip, &url_host),
            "::" if ip.is_ipv6() => reached(p, ip, &url_host),
            // Every address of the other family: an engine may bind that one on another port
            // number, so the machine's address reaches the binding of its own family only.
            "0.0.0.0" | "::" => {
                p.host_ip = format!("{} on {host}", p.host_ip);
                p.url = None;
            }
            bound if bound.parse::<IpAddr>().is_ok_and(|b| b.is_loopback()) => {
                // Never this machine's loopback: the port there is not this lab's.
                p.host_ip = format!("{bound} on {host}");
                p.url = None;
                if !unreachable.contains(&p.host_port) {
                    unreachable.push(p.host_port);
                }
            }
            _ => {}
        }
    }
    (!unreachable.is_empty()).then(|| loopback_only(&lab.project, host, &unreachable))
}

/// `p` as reached at the engine's machine `ip`, linked by its name `url_host`.
fn reached(p: &mut PublishedPort, ip: IpAddr, url_host: &str) {
    p.host_ip = ip.to_string();
    p.url = Some(format!("http://{url_host}:{}", p.host_port));
}

fn loopback_only(project: &str, host: &str, ports: &[u16]) -> Text {
    let list = ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    Text::new(
        format!(
            "el laboratorio {project} publica los puertos {list} solo en 127.0.0.1 de {host}: desde esta máquina no se llega a ellos, y sus enlaces y comprobaciones no funcionan; use el motor por ssh (DOCKER_HOST=ssh://USUARIO@{host}), cuyos puertos Nivel reenvía"
        ),
        format!(
            "lab {project} publishes ports {list} only on 127.0.0.1 of {host}: they cannot be reached from this machine, and their links and checks do not work; use the engine over ssh (DOCKER_HOST=ssh://USER@{host}), whose ports Nivel forwards"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::runner::target_tests::service;
    use crate::docker::status::{PublishedPort, ServiceState};

    fn lab(binds: &[(&str, u16)]) -> LabStatus {
        let ports = binds
            .iter()
            .map(|(ip, port)| PublishedPort { host_ip: ip.to_string(), host_port: *port, container_port: 80, protocol: "tcp".into(), url: Some(format!("http://127.0.0.1:{port}")) })
            .collect();
        LabStatus { project: "web".into(), lab: None, working_dir: None, services: vec![service("web", 1, ServiceState::Running, ports)], notes: Vec::new() }
    }

    #[test]
    fn an_engine_on_this_machine_changes_nothing() {
        for here in ["127.0.0.1:2376", "localhost:2375", "[::1]:2376"] {
            assert_eq!(engine_machine(here), None, "{here}");
        }
        assert_eq!(engine_machine("10.0.0.5:2376"), Some(("10.0.0.5".into(), "10.0.0.5".parse().unwrap())));
    }

    #[test]
    fn ports_on_every_address_are_reached_on_the_engines_machine_and_loopback_ones_are_said() {
        let mut l = lab(&[("0.0.0.0", 8080), ("127.0.0.1", 5000)]);
        let warning = rewrite(&mut l, "vm.aula", "10.0.0.5".parse().unwrap()).expect("a warning for the loopback port");
        let ports = &l.services[0].ports;
        assert_eq!((ports[0].host_ip.as_str(), ports[0].url.as_deref()), ("10.0.0.5", Some("http://vm.aula:8080")));
        assert_eq!((ports[1].host_ip.as_str(), ports[1].url.as_deref()), ("127.0.0.1 on vm.aula", None), "never this machine's loopback");
        assert!(warning.en.contains("publishes ports 5000 only on 127.0.0.1 of vm.aula: they cannot be reached from this machine"), "{}", warning.en);
        assert!(warning.en.contains("DOCKER_HOST=ssh://USER@vm.aula"), "the way that reaches it: {}", warning.en);
        assert!(warning.es.contains("publica los puertos 5000 solo en 127.0.0.1 de vm.aula"), "{}", warning.es);
        assert_eq!(rewrite(&mut lab(&[("::", 8080)]), "vm.aula", "10.0.0.5".parse().unwrap()), None, "nothing to say");
    }

    #[test]
    fn a_machine_is_reached_on_the_bindings_of_its_own_address_family() {
        // The engine bound 8080 on 0.0.0.0:32769 and on [::]:32768, where 32768 of IPv4 is
        // another port's.
        let mut l = lab(&[("::", 32768), ("0.0.0.0", 32769)]);
        assert_eq!(rewrite(&mut l, "vm.aula", "10.0.0.5".parse().unwrap()), None, "the port is reached: nothing to say");
        let ports = &l.services[0].ports;
        assert_eq!((ports[0].host_ip.as_str(), ports[0].url.as_deref()), (":: on vm.aula", None), "never this machine's [::1]");
        assert_eq!(ports[1].url.as_deref(), Some("http://vm.aula:32769"));
        let mut l = lab(&[("::", 32768), ("0.0.0.0", 32769)]);
        rewrite(&mut l, "fd00::5", "fd00::5".parse().unwrap());
        let urls: Vec<_> = l.services[0].ports.iter().map(|p| p.url.as_deref()).collect();
        assert_eq!(urls, [Some("http://[fd00::5]:32768"), None], "an IPv6 machine on its IPv6 binding");
    }
}

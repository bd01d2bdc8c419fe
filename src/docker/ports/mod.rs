//! Host ports: which of a lab's published ports are already taken, by which process, and
//! which free port to suggest instead. Checked before anything is created, so a busy port
//! fails `up` with a message that says what to do instead of half a lab.

mod describe;
mod holder;
#[cfg(not(target_os = "linux"))]
mod listing;
mod proc_net;
mod suggest;

#[cfg(target_os = "linux")]
use std::collections::HashSet;
use std::io::ErrorKind;
use std::net::{IpAddr, Ipv4Addr, TcpListener, UdpSocket};
use std::path::Path;

pub use describe::describe;
use holder::DESKTOP_PROXY;
pub use holder::ENGINE_PROXY;
pub use suggest::SEARCH_SPAN;

/// A published host port a lab wants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostPort {
    pub host_ip: String,
    pub port: u16,
    /// `tcp` or `udp`.
    pub protocol: String,
}

/// The process holding a port, when the OS tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortHolder {
    pub pid: u32,
    pub name: String,
}

impl PortHolder {
    /// Whether the holder is the Docker engine's proxy, i.e. a port some container publishes.
    /// On macOS and Windows, Docker Desktop's backend publishes them from the host side.
    pub fn is_engine_proxy(&self) -> bool {
        self.name == ENGINE_PROXY || self.name == DESKTOP_PROXY
    }
}

/// A wanted port that is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusyPort {
    pub wanted: HostPort,
    pub holder: Option<PortHolder>,
    /// A free port to use instead.
    pub suggestion: Option<u16>,
}

/// The ports of `wanted` that cannot be bound now, each with its holder where the OS tells
/// and the nearest free port above it (never one the lab wants itself, nor one already
/// suggested for another busy port). Ports whose address or protocol cannot be tried here
/// (an address that is not an IP, `sctp`) are left to the engine.
pub fn busy_ports(wanted: &[HostPort]) -> Vec<BusyPort> {
    let mut tables = LazyTables::default();
    let found: Vec<(HostPort, IpAddr, Protocol)> = wanted
        .iter()
        .filter_map(|w| Some((w.clone(), parse_host_ip(&w.host_ip)?, Protocol::parse(&w.protocol)?)))
        .filter(|(w, ip, p)| !is_free(*ip, w.port, *p, &mut tables))
        .collect();
    if found.is_empty() {
        return Vec::new();
    }
    let holders = holders_of(&found, &mut tables);
    let mut reserved: Vec<u16> = wanted.iter().map(|w| w.port).collect();
    found
        .into_iter()
        .zip(holders)
        .map(|((w, ip, protocol), holder)| {
            let suggestion = suggest::next_free(w.port, &reserved, |p| is_free(ip, p, protocol, &mut tables));
            reserved.extend(suggestion);
            BusyPort { holder, suggestion, wanted: w }
        })
        .collect()
}

/// Each busy port's holder, from `/proc`: the socket the kernel lists on it, then the process
/// with that socket among its open files.
#[cfg(target_os = "linux")]
fn holders_of(found: &[(HostPort, IpAddr, Protocol)], tables: &mut LazyTables) -> Vec<Option<PortHolder>> {
    let inodes: Vec<Option<u64>> = found
        .iter()
        .map(|(w, ip, p)| proc_net::holding_socket(tables.get().of(*p), *ip, w.port, *p == Protocol::Tcp).map(|e| e.inode))
        .collect();
    let holders = holder::holders(Path::new("/proc"), &inodes.iter().flatten().copied().collect::<HashSet<_>>());
    inodes.into_iter().map(|inode| inode.and_then(|i| holders.get(&i).cloned())).collect()
}

/// Each busy port's holder, from the system's own socket listing (Windows, macOS).
#[cfg(not(target_os = "linux"))]
fn holders_of(found: &[(HostPort, IpAddr, Protocol)], _tables: &mut LazyTables) -> Vec<Option<PortHolder>> {
    found.iter().map(|(w, _, protocol)| listing::holder(w.port, *protocol)).collect()
}

/// Whether the engine could bind `ip:port`: this process binds it, or, when this process
/// may not (a privileged port, say), no socket the kernel lists holds it.
fn is_free(ip: IpAddr, port: u16, protocol: Protocol, tables: &mut LazyTables) -> bool {
    match try_bind(ip, port, protocol) {
        BindOutcome::Free => true,
        BindOutcome::InUse => false,
        BindOutcome::Refused => {
            proc_net::holding_socket(tables.get().of(protocol), ip, port, protocol == Protocol::Tcp).is_none()
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protocol {
    Tcp,
    Udp,
}

impl Protocol {
    fn parse(s: &str) -> Option<Protocol> {
        match s.to_ascii_lowercase().as_str() {
            "" | "tcp" => Some(Protocol::Tcp),
            "udp" => Some(Protocol::Udp),
            _ => None,
        }
    }
}

/// Compose leaves the host IP empty for "every address"; IPv6 may come in brackets.
fn parse_host_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    if s.is_empty() {
        return Some(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    }
    s.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BindOutcome {
    Free,
    InUse,
    /// Bind failed for another reason (no permission, address not on this machine).
    Refused,
}

/// Binds and at once releases `ip:port`.
fn try_bind(ip: IpAddr, port: u16, protocol: Protocol) -> BindOutcome {
    let result = match protocol {
        Protocol::Tcp => TcpListener::bind((ip, port)).map(drop),
        Protocol::Udp => UdpSocket::bind((ip, port)).map(drop),
    };
    match result {
        Ok(()) => BindOutcome::Free,
        Err(e) if e.kind() == ErrorKind::AddrInUse => BindOutcome::InUse,
        Err(_) => BindOutcome::Refused,
    }
}

/// The socket tables, read once and only when needed.
#[derive(Default)]
struct LazyTables(Option<SocketTables>);

impl LazyTables {
    fn get(&mut self) -> &SocketTables {
        self.0.get_or_insert_with(SocketTables::read)
    }
}

/// The kernel's socket tables, both address families; empty where there is no `/proc`.
struct SocketTables {
    tcp: Vec<proc_net::SocketEntry>,
    udp: Vec<proc_net::SocketEntry>,
}

impl SocketTables {
    fn read() -> SocketTables {
        let read = |names: [&str; 2]| {
            names
                .iter()
                .flat_map(|n| proc_net::parse_table(&std::fs::read_to_string(Path::new("/proc/net").join(n)).unwrap_or_default()))
                .collect()
        };
        SocketTables { tcp: read(["tcp", "tcp6"]), udp: read(["udp", "udp6"]) }
    }

    fn of(&self, protocol: Protocol) -> &[proc_net::SocketEntry] {
        match protocol {
            Protocol::Tcp => &self.tcp,
            Protocol::Udp => &self.udp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_ips_as_compose_writes_them() {
        assert_eq!(parse_host_ip(""), Some("0.0.0.0".parse().unwrap()), "empty means every address");
        assert_eq!(parse_host_ip("[::1]"), Some("::1".parse().unwrap()), "brackets around IPv6");
        assert_eq!(parse_host_ip("localhost"), None, "names are left to the engine");
    }

    #[test]
    fn the_engines_own_holders_are_known() {
        let named = |name: &str| PortHolder { pid: 1, name: name.into() };
        assert!(named("docker-proxy").is_engine_proxy(), "the engine's proxy on Linux");
        assert!(named("com.docker.backend").is_engine_proxy(), "Docker Desktop's backend on macOS and Windows");
        assert!(!named("python3").is_engine_proxy(), "any other program is not the engine");
    }

    #[test]
    fn protocols_that_can_be_tried() {
        assert_eq!(Protocol::parse("UDP"), Some(Protocol::Udp), "case does not matter");
        assert_eq!(Protocol::parse(""), Some(Protocol::Tcp), "tcp is the default");
        assert_eq!(Protocol::parse("sctp"), None, "sctp is left to the engine");
    }
}

//! Host ports: which of a lab's published ports are already taken, by which process, and
//! which free port to suggest instead.

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

/// A wanted port that is taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusyPort {
    pub wanted: HostPort,
    pub holder: Option<PortHolder>,
    /// A free port to use instead.
    pub suggestion: Option<u16>,
}

/// The ports of `wanted` that cannot be bound now.
pub fn busy_ports(_wanted: &[HostPort]) -> Vec<BusyPort> {
    Vec::new()
}

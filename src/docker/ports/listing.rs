//! The process listening on a port, from the system's socket listing where there is no `/proc`
//! (Windows' IP helper tables, macOS's `libproc`), through the `listeners` crate. Processes of
//! other users may be hidden without privileges; their ports then have no known holder.

use super::{PortHolder, Protocol};

/// The holder of `port`, if the system names one.
pub fn holder(port: u16, protocol: Protocol) -> Option<PortHolder> {
    let protocol = match protocol {
        Protocol::Tcp => listeners::Protocol::TCP,
        Protocol::Udp => listeners::Protocol::UDP,
    };
    let process = listeners::get_process_by_port(port, protocol).ok()?;
    // Windows names programs with their extension; the engine's proxy is `docker-proxy` on
    // every system.
    let name = process.name.strip_suffix(".exe").unwrap_or(&process.name).to_string();
    Some(PortHolder { pid: process.pid, name })
}

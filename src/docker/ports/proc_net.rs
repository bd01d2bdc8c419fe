//! Linux's socket tables (`/proc/net/tcp`, `tcp6`, `udp`, `udp6`): which socket sits on a
//! port, so a busy port can be traced to the process holding it through the socket's inode.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The kernel's `TCP_LISTEN` state as printed in the `st` column.
const TCP_LISTEN: u8 = 0x0A;

/// One row of a socket table: the local end and the inode that links it to a process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SocketEntry {
    pub local_ip: IpAddr,
    pub port: u16,
    pub state: u8,
    pub inode: u64,
}

impl SocketEntry {
    pub fn is_tcp_listener(&self) -> bool {
        self.state == TCP_LISTEN
    }
}

/// The rows of one table's text; the header and malformed rows are skipped.
pub fn parse_table(text: &str) -> Vec<SocketEntry> {
    text.lines().filter_map(parse_line).collect()
}

/// One row: `sl local_address rem_address st … uid timeout inode …`.
pub fn parse_line(line: &str) -> Option<SocketEntry> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    if fields.len() < 10 || !fields[0].ends_with(':') {
        return None;
    }
    let (ip, port) = fields[1].split_once(':')?;
    Some(SocketEntry {
        local_ip: parse_hex_ip(ip)?,
        port: u16::from_str_radix(port, 16).ok()?,
        state: u8::from_str_radix(fields[3], 16).ok()?,
        inode: fields[9].parse().ok()?,
    })
}

/// The kernel prints an address as 32-bit words in the machine's own byte order, so each
/// eight-digit word turns back into its four bytes with native order.
pub fn parse_hex_ip(hex: &str) -> Option<IpAddr> {
    let word = |h: &str| u32::from_str_radix(h, 16).ok().map(u32::to_ne_bytes);
    match hex.len() {
        8 => Some(IpAddr::V4(Ipv4Addr::from(word(hex)?))),
        32 => {
            let mut bytes = [0u8; 16];
            for (i, chunk) in bytes.chunks_mut(4).enumerate() {
                chunk.copy_from_slice(&word(hex.get(i * 8..i * 8 + 8)?)?);
            }
            Some(IpAddr::V6(Ipv6Addr::from(bytes)))
        }
        _ => None,
    }
}

/// Whether a socket bound to `held` keeps a bind to `wanted` (same port) from succeeding:
/// a wildcard on either side covers every address, and IPv4-mapped IPv6 addresses are the
/// IPv4 ones.
pub fn addresses_clash(wanted: IpAddr, held: IpAddr) -> bool {
    let wanted = wanted.to_canonical();
    let held = held.to_canonical();
    wanted.is_unspecified() || held.is_unspecified() || wanted == held
}

/// The socket in `entries` that holds `port` against a bind to `wanted`, preferring one on
/// exactly that address over a wildcard. For TCP only listeners count: connections that
/// merely use the port as their local end do not stop a listener with `SO_REUSEADDR`.
pub fn holding_socket(entries: &[SocketEntry], wanted: IpAddr, port: u16, tcp: bool) -> Option<&SocketEntry> {
    let candidates = entries
        .iter()
        .filter(|e| e.port == port && e.inode != 0 && (!tcp || e.is_tcp_listener()) && addresses_clash(wanted, e.local_ip));
    candidates.min_by_key(|e| e.local_ip.to_canonical() != wanted.to_canonical())
}

#[cfg(test)]
// The hand-built rows are as a little-endian machine prints them.
#[cfg(target_endian = "little")]
mod tests {
    use super::*;

    const TCP: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0
   1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 17 1 0000000000000000 100 0 0 10 0
   2: 0100007F:1F91 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 99 1 0000000000000000 20 4 30 10 -1
   3: garbage
";

    const TCP6: &str = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 555 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 556 1 0000000000000000 100 0 0 10 0
   2: 0000000000000000FFFF00000100007F:2328 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 557 1 0000000000000000 100 0 0 10 0
";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn ipv4_rows_decode_address_port_state_and_inode() {
        let rows = parse_table(TCP);
        assert_eq!(rows.len(), 3, "the header and the garbage row are skipped: {rows:?}");
        assert_eq!(rows[0], SocketEntry { local_ip: ip("127.0.0.1"), port: 8080, state: 0x0A, inode: 4242 }, "loopback listener on 8080");
        assert_eq!(rows[1].local_ip, ip("0.0.0.0"), "the wildcard address");
        assert_eq!(rows[1].port, 22, "hex 0016 is port 22");
        assert!(!rows[2].is_tcp_listener(), "state 01 is an established connection");
    }

    #[test]
    fn ipv6_rows_decode_words_in_machine_order() {
        let rows = parse_table(TCP6);
        assert_eq!(rows[0].local_ip, ip("::"), "the IPv6 wildcard");
        assert_eq!(rows[1].local_ip, ip("::1"), "the IPv6 loopback");
        assert_eq!(rows[1].port, 8080, "the port");
        assert_eq!(rows[2].local_ip, ip("::ffff:127.0.0.1"), "an IPv4-mapped address");
    }

    #[test]
    fn hex_addresses_of_other_lengths_are_refused() {
        assert_eq!(parse_hex_ip("0100007"), None, "seven digits is no address");
        assert_eq!(parse_hex_ip("ZZ00007F"), None, "not hex");
    }

    #[test]
    fn wildcards_clash_with_every_address() {
        assert!(addresses_clash(ip("127.0.0.1"), ip("0.0.0.0")), "a wildcard holder covers loopback");
        assert!(addresses_clash(ip("0.0.0.0"), ip("127.0.0.1")), "a wildcard bind needs every address free");
        assert!(addresses_clash(ip("127.0.0.1"), ip("::")), "a dual-stack wildcard covers IPv4");
        assert!(addresses_clash(ip("127.0.0.1"), ip("::ffff:127.0.0.1")), "a mapped address is the IPv4 one");
        assert!(!addresses_clash(ip("127.0.0.1"), ip("127.0.0.2")), "two specific addresses do not clash");
    }

    #[test]
    fn the_holder_is_a_listener_on_the_port_preferring_the_exact_address() {
        let mut rows = parse_table(TCP);
        rows.push(SocketEntry { local_ip: ip("0.0.0.0"), port: 8080, state: 0x0A, inode: 7 });
        let held = holding_socket(&rows, ip("127.0.0.1"), 8080, true).unwrap();
        assert_eq!(held.inode, 4242, "the exact address wins over the wildcard");
        assert_eq!(holding_socket(&rows, ip("10.0.0.1"), 8080, true).map(|e| e.inode), Some(7), "only the wildcard covers another address");
        assert_eq!(holding_socket(&rows, ip("127.0.0.1"), 8081, true), None, "an established connection does not hold a port");
        assert_eq!(holding_socket(&rows, ip("127.0.0.1"), 8081, false).map(|e| e.inode), Some(99), "for UDP any bound socket holds it");
    }
}

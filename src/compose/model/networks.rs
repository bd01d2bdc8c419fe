//! Networks: a service's attachment to one, and the top-level definition.

use super::mapping::{Labels, Mapping, Options};
use super::scalars::External;

compose_struct! {
    /// How a service joins one network (`null` in the file means all defaults).
    pub struct ServiceNetworkConfig {
        "aliases" aliases: Vec<String>,
        "driver_opts" driver_opts: Options,
        "gw_priority" gw_priority: i64,
        "interface_name" interface_name: String,
        "ipv4_address" ipv4_address: String,
        "ipv6_address" ipv6_address: String,
        "link_local_ips" link_local_ips: Vec<String>,
        "mac_address" mac_address: String,
        "priority" priority: i64,
    }
}

compose_struct! {
    /// A top-level network.
    pub struct NetworkConfig {
        "name" name: String,
        "driver" driver: String,
        "driver_opts" driver_opts: Options,
        "ipam" ipam: IpamConfig,
        "external" external: External,
        "internal" internal: bool,
        "attachable" attachable: bool,
        "labels" labels: Labels,
        "enable_ipv4" enable_ipv4: Option<bool>,
        "enable_ipv6" enable_ipv6: Option<bool>,
    }
}

compose_struct! {
    /// IP address management; compose accepts `options` here but does not keep it.
    pub struct IpamConfig {
        "driver" driver: String,
        "config" config: Vec<IpamPool>,
    }
    ignore ["options"]
    [value_struct]
}

compose_struct! {
    /// One address pool.
    pub struct IpamPool {
        "subnet" subnet: String,
        "gateway" gateway: String,
        "ip_range" ip_range: String,
        "aux_addresses" aux_addresses: Mapping,
    }
}

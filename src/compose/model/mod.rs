//! The typed compose project, shaped and ordered like compose-go's types so that
//! `nivel config` prints what `docker compose config` prints.
//!
//! Field order is Go's struct declaration order, omission follows each Go field's `omitempty`
//! tag, and maps are `BTreeMap`s so they come out sorted like Go's. compose prints YAML and
//! JSON differently (JSON drops `x-*` keys below the top level, always prints `command`,
//! `ipam`, `placement`, ...), so serialising asks [`current_format`]; printers wrap their work
//! in [`with_format`].

#[macro_use]
mod macros;

pub mod build;
pub mod bytes;
pub mod deploy;
pub mod duration;
pub mod format;
pub mod mapping;
pub mod multi_options;
pub mod networks;
pub mod ports;
pub mod project;
pub mod resources;
pub mod scalars;
pub mod service;
mod service_parts;
pub mod volumes;

pub use build::BuildConfig;
pub use bytes::{UnitBytes, parse_bytes};
pub use deploy::{DeployConfig, Resource, Resources, RestartPolicy};
pub use duration::{Duration, format_duration, parse_duration};
pub use format::{Extensions, Format, OmitEmpty, current_format, with_format};
pub use mapping::{HostsList, Labels, Mapping, MappingWithEquals, Options, StringList, StringOrNumberList};
pub use multi_options::MultiOptions;
pub use networks::{IpamConfig, IpamPool, NetworkConfig, ServiceNetworkConfig};
pub use ports::ServicePortConfig;
pub use project::Project;
pub use resources::{ConfigObjConfig, FileObjectConfig, SecretConfig, VolumeConfig};
pub use scalars::{DeviceCount, EnvFile, External, FileMode, HealthCheckTest, ShellCommand, SshConfig, SshKey, UlimitsConfig};
pub use service::{HealthCheckConfig, ServiceConfig, ServiceDependency};
pub use volumes::ServiceVolumeConfig;

#[cfg(test)]
mod roundtrip_tests;

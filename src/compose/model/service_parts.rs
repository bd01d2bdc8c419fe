//! The smaller objects a service holds: healthcheck, depends_on entries, logging, hooks,
//! develop/watch, devices, blkio, extends, provider, models.


use super::mapping::{MappingWithEquals, Options};
use super::multi_options::MultiOptions;
use super::scalars::{HealthCheckTest, ShellCommand};
use super::{Duration, UnitBytes};

compose_struct! {
    /// How the engine checks that a container is healthy.
    pub struct HealthCheckConfig {
        "test" test: HealthCheckTest,
        "timeout" timeout: Option<Duration>,
        "interval" interval: Option<Duration>,
        "retries" retries: Option<u64>,
        "start_period" start_period: Option<Duration>,
        "start_interval" start_interval: Option<Duration>,
        "disable" disable: bool,
    }
}

compose_struct! {
    /// One `depends_on` entry; `required` is always printed.
    pub struct ServiceDependency {
        "condition" condition: String,
        "restart" restart: bool,
        "required" required: bool => keep,
    }
}

compose_struct! {
    /// Where container logs go.
    pub struct LoggingConfig {
        "driver" driver: String,
        "options" options: Options,
    }
}

compose_struct! {
    /// A host device mapped into the container.
    pub struct DeviceMapping {
        "source" source: String,
        "target" target: String,
        "permissions" permissions: String,
    }
}

compose_struct! {
    /// `extends`: the service this one starts from (resolved before decoding).
    pub struct ExtendsConfig {
        "file" file: String,
        "service" service: String,
    }
}

compose_struct! {
    /// Windows credential spec.
    pub struct CredentialSpecConfig {
        "config" config: String,
        "file" file: String,
        "registry" registry: String,
    }
}

compose_struct! {
    /// A command run in the container after start or before stop.
    pub struct ServiceHook {
        "command" command: ShellCommand => json_keep,
        "user" user: String,
        "privileged" privileged: bool,
        "working_dir" working_dir: String,
        "environment" environment: MappingWithEquals,
    }
    [value_struct]
}

compose_struct! {
    /// `develop:` settings for `compose watch`.
    pub struct DevelopConfig {
        "watch" watch: Vec<Trigger>,
    }
}

compose_struct! {
    /// One watch rule.
    pub struct Trigger {
        "path" path: String => keep,
        "action" action: String => keep,
        "target" target: String,
        "exec" exec: ServiceHook,
        "include" include: Vec<String>,
        "ignore" ignore: Vec<String>,
        "initial_sync" initial_sync: bool,
    }
}

compose_struct! {
    /// Block IO weights and limits.
    pub struct BlkioConfig {
        "weight" weight: u16,
        "weight_device" weight_device: Vec<WeightDevice>,
        "device_read_bps" device_read_bps: Vec<ThrottleDevice>,
        "device_read_iops" device_read_iops: Vec<ThrottleDevice>,
        "device_write_bps" device_write_bps: Vec<ThrottleDevice>,
        "device_write_iops" device_write_iops: Vec<ThrottleDevice>,
    }
}

// compose-go gives these two no `json` tags, so its JSON uses the Go field names.
compose_struct! {
    /// A device and its IO weight.
    pub struct WeightDevice {
        "path" / "Path" path: String => keep,
        "weight" / "Weight" weight: u16 => keep,
    }
}

compose_struct! {
    /// A device and its IO rate limit.
    pub struct ThrottleDevice {
        "path" / "Path" path: String => keep,
        "rate" / "Rate" rate: UnitBytes => keep,
    }
}

compose_struct! {
    /// A service provided by a plugin instead of a container.
    pub struct ServiceProviderConfig {
        "type" kind: String,
        "options" options: MultiOptions,
    }
}

compose_struct! {
    /// How a service sees one of the project's models.
    pub struct ServiceModelConfig {
        "endpoint_var" endpoint_var: String,
        "model_var" model_var: String,
    }
}

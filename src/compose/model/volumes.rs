//! Service volumes (mounts) in their long syntax.

compose_struct! {
    /// One mount of a service.
    pub struct ServiceVolumeConfig {
        "type" kind: String,
        "source" source: String,
        "target" target: String,
        "read_only" read_only: bool,
        "consistency" consistency: String,
        "bind" bind: Option<ServiceVolumeBind>,
        "volume" volume: Option<ServiceVolumeVolume>,
        "tmpfs" tmpfs: Option<ServiceVolumeTmpfs>,
        "image" image: Option<ServiceVolumeImage>,
    }
}

compose_struct! {
    /// Options of a `bind` mount.
    pub struct ServiceVolumeBind {
        "selinux" selinux: String,
        "propagation" propagation: String,
        "create_host_path" create_host_path: bool,
        "recursive" recursive: String,
    }
}

compose_struct! {
    /// Options of a `volume` mount.
    pub struct ServiceVolumeVolume {
        "labels" labels: super::Mapping,
        "nocopy" nocopy: bool,
        "subpath" subpath: String,
    }
}

compose_struct! {
    /// Options of a `tmpfs` mount; `mode` prints as a decimal number, as compose does.
    pub struct ServiceVolumeTmpfs {
        "size" size: super::UnitBytes,
        "mode" mode: u32,
    }
}

compose_struct! {
    /// Options of an `image` mount.
    pub struct ServiceVolumeImage {
        "subpath" subpath: String,
    }
}

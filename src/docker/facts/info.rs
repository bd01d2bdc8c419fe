//! The engine's `/info`: what a lab actually gets. On Docker Desktop and WSL2 the engine runs
//! in a VM, so its CPU count and memory are the VM's, not the host's.

use bollard::models::{SystemInfo, SystemInfoCgroupVersionEnum};
use serde::Serialize;

use super::super::{Engine, EngineError};

/// The engine's own view of its machine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EngineInfo {
    /// `20.10.24+dfsg1`.
    pub version: String,
    /// The API version in use after negotiation (`1.41`).
    pub api_version: String,
    /// CPUs the engine's containers can use.
    pub cpus: u32,
    /// Memory of the engine's machine (the VM's on Docker Desktop), in bytes.
    pub memory: u64,
    /// `overlay2`, `btrfs`, `vfs`…
    pub storage_driver: String,
    /// Where the engine keeps images and volumes (`/var/lib/docker`).
    pub root_dir: String,
    /// `1` or `2`; `null` when the engine does not say.
    pub cgroup_version: Option<u8>,
    /// `Debian GNU/Linux 12 (bookworm)`, `Docker Desktop`…
    pub operating_system: String,
    /// The engine machine's kernel (`5.15.153.1-microsoft-standard-WSL2` under WSL2).
    pub kernel_version: String,
    /// `linux` or `windows`.
    pub os_type: String,
    pub architecture: String,
}

/// The engine's `/info` and version.
pub async fn engine_info(engine: &Engine) -> Result<EngineInfo, EngineError> {
    let (info, version) = tokio::join!(engine.docker.info(), engine.version());
    let version = version?;
    Ok(convert(info?, version.version, version.api_version))
}

fn convert(i: SystemInfo, version: String, api_version: String) -> EngineInfo {
    EngineInfo {
        version: if version.is_empty() { i.server_version.unwrap_or_default() } else { version },
        api_version,
        cpus: i.ncpu.and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
        memory: i.mem_total.and_then(|n| u64::try_from(n).ok()).unwrap_or(0),
        storage_driver: i.driver.unwrap_or_default(),
        root_dir: i.docker_root_dir.unwrap_or_default(),
        cgroup_version: match i.cgroup_version {
            Some(SystemInfoCgroupVersionEnum::_1) => Some(1),
            Some(SystemInfoCgroupVersionEnum::_2) => Some(2),
            _ => None,
        },
        operating_system: i.operating_system.unwrap_or_default(),
        kernel_version: i.kernel_version.unwrap_or_default(),
        os_type: i.os_type.unwrap_or_default(),
        architecture: i.architecture.unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_fields_become_ours() {
        let i = SystemInfo {
            ncpu: Some(4),
            mem_total: Some(8_000_000_000),
            driver: Some("overlay2".into()),
            docker_root_dir: Some("/var/lib/docker".into()),
            cgroup_version: Some(SystemInfoCgroupVersionEnum::_2),
            operating_system: Some("Docker Desktop".into()),
            server_version: Some("27.3.1".into()),
            ..Default::default()
        };
        let e = convert(i, String::new(), "1.47".into());
        assert_eq!((e.cpus, e.memory), (4, 8_000_000_000), "CPU count and memory");
        assert_eq!(e.version, "27.3.1", "the server version when the version call said nothing");
        assert_eq!(e.cgroup_version, Some(2), "cgroup v2");
        assert_eq!(convert(SystemInfo { ncpu: Some(-1), ..Default::default() }, "x".into(), "1".into()).cpus, 0, "nonsense is zero");
    }
}

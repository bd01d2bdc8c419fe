//! The machine Nivel runs on, from the OS (sysinfo): what the student has, as opposed to what
//! the engine gets (see `EngineFacts`). Read once, without the two-reading CPU usage sample.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sysinfo::{CpuRefreshKind, Disks, System};

use super::cgroup::{self, CgroupLimits};

/// The host machine.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MachineFacts {
    /// `Debian GNU/Linux`, `Ubuntu`, `macOS`, `Windows`.
    pub os: String,
    /// `12`, `24.04`, `14.5`.
    pub os_version: String,
    pub kernel_version: String,
    /// The CPU's brand string.
    pub cpu_model: String,
    /// Logical CPUs.
    pub cpus: u32,
    /// In bytes.
    pub memory_total: u64,
    /// Memory the OS could hand out now, in bytes.
    pub memory_available: u64,
    pub swap_total: u64,
    pub swap_free: u64,
    /// The limits of the cgroup Nivel runs in (inside a container they are smaller than the
    /// machine); `null` where the OS has no cgroups.
    pub cgroup: Option<CgroupLimits>,
}

impl MachineFacts {
    /// Memory Nivel's own processes can use: the machine's, or its cgroup's limit if smaller.
    pub fn memory_limit(&self) -> u64 {
        self.cgroup.as_ref().and_then(|c| c.memory).map_or(self.memory_total, |m| m.min(self.memory_total))
    }

    /// CPUs Nivel's own processes can use.
    pub fn cpu_limit(&self) -> f64 {
        let cpus = f64::from(self.cpus);
        self.cgroup.as_ref().and_then(|c| c.cpus).map_or(cpus, |c| c.min(cpus))
    }
}

/// A mounted filesystem and its free space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mount {
    pub mount_point: PathBuf,
    pub available: u64,
}

/// Reads the machine and its mounted filesystems.
pub fn gather() -> (MachineFacts, Vec<Mount>) {
    let mut sys = System::new();
    sys.refresh_memory();
    sys.refresh_cpu_list(CpuRefreshKind::nothing());
    let facts = MachineFacts {
        os: System::name().unwrap_or_default(),
        os_version: System::os_version().unwrap_or_default(),
        kernel_version: System::kernel_version().unwrap_or_default(),
        cpu_model: sys.cpus().first().map(|c| c.brand().trim().to_string()).unwrap_or_default(),
        cpus: u32::try_from(sys.cpus().len()).unwrap_or(u32::MAX),
        memory_total: sys.total_memory(),
        memory_available: sys.available_memory(),
        swap_total: sys.total_swap(),
        swap_free: sys.free_swap(),
        cgroup: cgroup::read(Path::new("/sys/fs/cgroup")),
    };
    let mounts = Disks::new_with_refreshed_list()
        .list()
        .iter()
        .map(|d| Mount { mount_point: d.mount_point().to_path_buf(), available: d.available_space() })
        .collect();
    (facts, mounts)
}

/// The free space of the filesystem holding `path`: the mount with the longest mount point
/// that is a prefix of it.
pub fn free_space(mounts: &[Mount], path: &Path) -> Option<u64> {
    mounts
        .iter()
        .filter(|m| path.starts_with(&m.mount_point))
        .max_by_key(|m| m.mount_point.components().count())
        .map(|m| m.available)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_mount_point_holding_the_path_wins() {
        let m = |p: &str, a| Mount { mount_point: p.into(), available: a };
        let mounts = [m("/", 1), m("/var", 2), m("/var/lib/docker2", 3), m("/home", 4)];
        assert_eq!(free_space(&mounts, Path::new("/var/lib/docker")), Some(2), "/var holds it; /var/lib/docker2 is no prefix");
        assert_eq!(free_space(&mounts, Path::new("/srv")), Some(1), "the root holds the rest");
        assert_eq!(free_space(&[], Path::new("/srv")), None, "no mounts known");
    }

    #[test]
    fn cgroup_limits_cap_the_machine() {
        let mut f = MachineFacts { memory_total: 16 << 30, cpus: 8, ..Default::default() };
        assert_eq!((f.memory_limit(), f.cpu_limit()), (16 << 30, 8.0), "no cgroup: the machine");
        f.cgroup = Some(CgroupLimits { version: 2, memory: Some(4 << 30), cpus: Some(2.0) });
        assert_eq!((f.memory_limit(), f.cpu_limit()), (4 << 30, 2.0), "the container's limits");
    }
}

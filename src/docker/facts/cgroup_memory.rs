//! A container's memory read straight from the cgroup filesystem, when the engine runs on
//! this machine: instant, where the engine's stats endpoint can take a second per container
//! (its collector ticks once a second). Both drivers' layouts, cgroup v1 and v2.

use std::path::{Path, PathBuf};

/// The folders a container's memory cgroup can be in under `root` (`/sys/fs/cgroup`).
fn candidates(root: &Path, id: &str) -> [(PathBuf, Version); 4] {
    [
        (root.join("memory/docker").join(id), Version::V1),
        (root.join("memory/system.slice").join(format!("docker-{id}.scope")), Version::V1),
        (root.join("docker").join(id), Version::V2),
        (root.join("system.slice").join(format!("docker-{id}.scope")), Version::V2),
    ]
}

#[derive(Clone, Copy)]
enum Version {
    V1,
    V2,
}

/// Memory in use by container `id` without the inactive page cache (the figure `docker stats`
/// shows); `None` when its cgroup is not under `root` (a VM, a remote engine).
pub fn memory(root: &Path, id: &str) -> Option<u64> {
    candidates(root, id).into_iter().find_map(|(dir, version)| {
        let (usage_file, cache_key) = match version {
            Version::V1 => ("memory.usage_in_bytes", "total_inactive_file"),
            Version::V2 => ("memory.current", "inactive_file"),
        };
        let usage: u64 = std::fs::read_to_string(dir.join(usage_file)).ok()?.trim().parse().ok()?;
        let stat = std::fs::read_to_string(dir.join("memory.stat")).unwrap_or_default();
        let cache = stat.lines().find_map(|l| l.strip_prefix(cache_key)?.trim().parse::<u64>().ok()).unwrap_or(0);
        Some(usage.saturating_sub(cache))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, dir: &str, files: &[(&str, &str)]) {
        let d = root.join(dir);
        std::fs::create_dir_all(&d).unwrap();
        for (name, text) in files {
            std::fs::write(d.join(name), text).unwrap();
        }
    }

    #[test]
    fn v1_and_v2_layouts_of_both_drivers() {
        let root = tempfile::tempdir().unwrap();
        let r = root.path();
        write(r, "memory/docker/aaa", &[("memory.usage_in_bytes", "1000\n"), ("memory.stat", "cache 500\ntotal_inactive_file 300\n")]);
        write(r, "memory/system.slice/docker-bbb.scope", &[("memory.usage_in_bytes", "2000\n")]);
        write(r, "system.slice/docker-ccc.scope", &[("memory.current", "4000\n"), ("memory.stat", "anon 10\ninactive_file 1000\n")]);
        assert_eq!(memory(r, "aaa"), Some(700), "cgroupfs driver, v1, less the inactive cache");
        assert_eq!(memory(r, "bbb"), Some(2000), "systemd driver, v1, no stat file");
        assert_eq!(memory(r, "ccc"), Some(3000), "systemd driver, v2");
        assert_eq!(memory(r, "ddd"), None, "not on this machine");
    }
}

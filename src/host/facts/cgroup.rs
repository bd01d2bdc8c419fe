//! The limits of the cgroup Nivel runs in: inside a container (a dev container, a CI job) the
//! machine's memory and CPUs are not all Nivel's. Read from the cgroup filesystem as the
//! process sees it, v2 (`memory.max`, `cpu.max`) or v1 (`memory/memory.limit_in_bytes`,
//! `cpu/cpu.cfs_quota_us`).

use std::path::Path;

use serde::Serialize;

/// The cgroup's limits; `None` where there is none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CgroupLimits {
    /// `1` or `2`.
    pub version: u8,
    /// Memory limit, in bytes.
    pub memory: Option<u64>,
    /// CPU quota as a number of CPUs (`1.5`).
    pub cpus: Option<f64>,
}

/// v1 reports "no limit" as the largest page-aligned i64; anything this large is no limit.
const NO_LIMIT_V1: u64 = 1 << 62;

/// The limits under `root` (normally `/sys/fs/cgroup`), or `None` when no cgroup is mounted.
pub fn read(root: &Path) -> Option<CgroupLimits> {
    let text = |rel: &str| std::fs::read_to_string(root.join(rel)).ok().map(|s| s.trim().to_string());
    if root.join("cgroup.controllers").exists() {
        let memory = text("memory.max").and_then(|m| m.parse::<u64>().ok());
        let cpus = text("cpu.max").and_then(|c| {
            let (quota, period) = c.split_once(' ')?;
            ratio(quota.parse().ok()?, period.parse().ok()?)
        });
        return Some(CgroupLimits { version: 2, memory, cpus });
    }
    let memory_file = text("memory/memory.limit_in_bytes");
    let quota = text("cpu/cpu.cfs_quota_us").or_else(|| text("cpu,cpuacct/cpu.cfs_quota_us"));
    if memory_file.is_none() && quota.is_none() {
        return None;
    }
    let memory = memory_file.and_then(|m| m.parse::<u64>().ok()).filter(|m| *m < NO_LIMIT_V1);
    let period = text("cpu/cpu.cfs_period_us").or_else(|| text("cpu,cpuacct/cpu.cfs_period_us"));
    let cpus = match (quota.and_then(|q| q.parse::<i64>().ok()), period.and_then(|p| p.parse::<i64>().ok())) {
        (Some(q), Some(p)) if q > 0 => ratio(q.unsigned_abs(), p.unsigned_abs()),
        _ => None,
    };
    Some(CgroupLimits { version: 1, memory, cpus })
}

fn ratio(quota: u64, period: u64) -> Option<f64> {
    (period > 0).then(|| quota as f64 / period as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    #[test]
    fn v2_limits_and_no_limits() {
        let d = tree(&[("cgroup.controllers", "cpu memory\n"), ("memory.max", "2147483648\n"), ("cpu.max", "150000 100000\n")]);
        assert_eq!(read(d.path()), Some(CgroupLimits { version: 2, memory: Some(2 << 30), cpus: Some(1.5) }), "2 GiB, 1.5 CPUs");
        let d = tree(&[("cgroup.controllers", ""), ("memory.max", "max\n"), ("cpu.max", "max 100000\n")]);
        assert_eq!(read(d.path()), Some(CgroupLimits { version: 2, memory: None, cpus: None }), "`max` is no limit");
    }

    #[test]
    fn v1_limits_and_its_huge_no_limit() {
        let d = tree(&[
            ("memory/memory.limit_in_bytes", "1073741824\n"),
            ("cpu/cpu.cfs_quota_us", "200000\n"),
            ("cpu/cpu.cfs_period_us", "100000\n"),
        ]);
        assert_eq!(read(d.path()), Some(CgroupLimits { version: 1, memory: Some(1 << 30), cpus: Some(2.0) }), "1 GiB, 2 CPUs");
        let d = tree(&[("memory/memory.limit_in_bytes", "9223372036854771712\n"), ("cpu/cpu.cfs_quota_us", "-1\n")]);
        assert_eq!(read(d.path()), Some(CgroupLimits { version: 1, memory: None, cpus: None }), "v1's no-limit values");
        assert_eq!(read(tree(&[]).path()), None, "no cgroup filesystem");
    }
}

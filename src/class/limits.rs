//! What each student's whole stack may use: the class file's `[limits]`. The same numbers go
//! to Swarm (per service, shared out) and to Kubernetes (a quota on the student's namespace).

use serde::Serialize;

/// The CPUs and memory of one student's stack.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Limits {
    /// Whole or fractional CPUs.
    pub cpus: f64,
    /// Bytes.
    pub memory: u64,
}

impl Limits {
    /// This stack's share for one of `services` services that sets no limit of its own:
    /// an even split, in millicores and bytes, never below 1m and 1 MiB.
    pub fn share(&self, services: usize) -> (u64, u64) {
        let n = services.max(1) as f64;
        let millicores = ((self.cpus * 1000.0) / n).floor().max(1.0) as u64;
        let bytes = (self.memory / services.max(1) as u64).max(1 << 20);
        (millicores, bytes)
    }

    /// Millicores and bytes for `service`, one of the stack's `services`: the limits its compose
    /// file sets (`deploy.resources.limits`, `cpus`, `mem_limit`), else its [`Limits::share`].
    pub fn for_service(&self, service: &crate::compose::model::ServiceConfig, services: usize) -> (u64, u64) {
        let (share_cpu, share_mem) = self.share(services);
        let own = service.deploy.as_ref().and_then(|d| d.resources.limits.as_ref());
        let cpus = own.map(|r| r.cpus).filter(|c| *c > 0.0).or((service.cpus > 0.0).then_some(service.cpus));
        let memory = own.map(|r| r.memory.0).filter(|m| *m > 0).or((service.mem_limit.0 > 0).then_some(service.mem_limit.0));
        let millicores = cpus.map_or(share_cpu, |c| ((f64::from(c) * 1000.0).round() as u64).max(1));
        (millicores, memory.map_or(share_mem, |m| m as u64))
    }

    /// The CPUs in millicores.
    pub fn millicores(&self) -> u64 {
        (self.cpus * 1000.0).round() as u64
    }
}

/// A Kubernetes quantity for `bytes`: whole mebibytes (`512Mi`), the unit people read.
pub fn quantity_bytes(bytes: u64) -> String {
    let mib = bytes.div_ceil(1 << 20);
    if mib.is_multiple_of(1024) { format!("{}Gi", mib / 1024) } else { format!("{mib}Mi") }
}

/// A Kubernetes quantity for `millicores` (`1500m`, or `2` when whole).
pub fn quantity_cpu(millicores: u64) -> String {
    if millicores.is_multiple_of(1000) { (millicores / 1000).to_string() } else { format!("{millicores}m") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stack_is_shared_evenly_among_its_services() {
        let limits = Limits { cpus: 2.0, memory: 4 << 30 };
        assert_eq!(limits.share(4), (500, 1 << 30), "2 CPUs and 4 GiB over 4 services");
        assert_eq!(limits.share(0), (2000, 4 << 30), "no services is one share, not a division by zero");
        let tiny = Limits { cpus: 0.001, memory: 1 };
        assert_eq!(tiny.share(8), (1, 1 << 20), "never below 1m and 1 MiB");
    }

    #[test]
    fn quantities_read_as_people_write_them() {
        assert_eq!(quantity_bytes(1 << 30), "1Gi", "a whole GiB");
        assert_eq!(quantity_bytes(512 << 20), "512Mi", "MiB when not whole");
        assert_eq!(quantity_bytes(1), "1Mi", "rounded up, never zero");
        assert_eq!(quantity_cpu(2000), "2", "whole CPUs");
        assert_eq!(quantity_cpu(250), "250m", "millicores");
    }
}

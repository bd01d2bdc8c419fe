//! What a lab's whole stack needs from the engine, as its `[requirements]` table states it.
//! The readiness rules (`crate::host`) judge a machine's facts against these.

use serde::Serialize;

/// A lab's needs; `None` where the lab does not say.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct Requirements {
    /// Memory the running stack needs, in bytes.
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub memory: Option<u64>,
    /// CPUs the stack needs to run comfortably.
    pub cpus: Option<f64>,
    /// Disk for images to download plus volumes, in bytes.
    #[cfg_attr(feature = "bindings", ts(type = "number | null"))]
    pub disk: Option<u64>,
    /// The oldest engine version the lab runs on (`engine = ">=20.10"`).
    pub engine: Option<EngineVersion>,
}

/// A Docker engine version, compared numerically (`20.10.24` < `24.0.7`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "bindings", derive(ts_rs::TS))]
pub struct EngineVersion {
    pub major: u32,
    pub minor: u32,
    pub patch: u32,
}

impl EngineVersion {
    /// Reads `20.10`, `20.10.24`, `24.0.7-ce`, `v26.1.0`, `20.10.24+dfsg1`; `None` when the
    /// text does not start with a number.
    pub fn parse(text: &str) -> Option<EngineVersion> {
        let text = text.trim().trim_start_matches('v');
        let mut parts = text.split('.').map(|p| {
            let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        });
        let major = parts.next().flatten()?;
        let minor = parts.next().flatten().unwrap_or(0);
        let patch = parts.next().flatten().unwrap_or(0);
        Some(EngineVersion { major, minor, patch })
    }
}

impl std::fmt::Display for EngineVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_versions_parse_and_compare_numerically() {
        let v = |s| EngineVersion::parse(s);
        assert_eq!(v("20.10.24+dfsg1"), Some(EngineVersion { major: 20, minor: 10, patch: 24 }), "Debian's suffix is ignored");
        assert_eq!(v("v26.1"), Some(EngineVersion { major: 26, minor: 1, patch: 0 }), "a leading v and a missing patch");
        assert!(v("20.10.24") < v("24.0.7"), "numeric, not text, order");
        assert_eq!(v("latest"), None, "not a version");
    }
}

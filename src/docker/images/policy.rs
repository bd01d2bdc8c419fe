//! What to do for one service's image: use it, pull it or build it, from its `pull_policy`,
//! whether it has a `build:` section and whether the image is already on the engine.

/// compose's `pull_policy` values (`if_not_present` is normalised to `missing` by the loader).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PullPolicy {
    Missing,
    Always,
    Never,
    Build,
}

impl PullPolicy {
    /// `None` for a value compose does not know.
    pub fn parse(value: &str) -> Option<PullPolicy> {
        match value {
            "" | "missing" | "if_not_present" => Some(PullPolicy::Missing),
            // Refresh intervals need the time of the last pull, which the engine does not keep;
            // between refreshes they behave like `missing`, which is what they do here.
            "daily" | "weekly" => Some(PullPolicy::Missing),
            v if v.starts_with("every_") => Some(PullPolicy::Missing),
            "always" => Some(PullPolicy::Always),
            "never" => Some(PullPolicy::Never),
            "build" => Some(PullPolicy::Build),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// The image on the engine is the one to run.
    UsePresent,
    Pull,
    Build,
    /// Try the registry first (`always` on a service that can also be built); build when
    /// the registry does not have it.
    PullOrBuild,
    /// `never`, nothing to build and nothing on the engine.
    RefuseMissing,
    /// `build` without a `build:` section.
    RefuseBuild,
}

pub fn decide(policy: PullPolicy, has_build: bool, present: bool) -> Action {
    match (policy, has_build, present) {
        (PullPolicy::Build, true, _) => Action::Build,
        (PullPolicy::Build, false, _) => Action::RefuseBuild,
        (PullPolicy::Always, true, _) => Action::PullOrBuild,
        (PullPolicy::Always, false, _) => Action::Pull,
        (_, _, true) => Action::UsePresent,
        (_, true, false) => Action::Build,
        (PullPolicy::Never, false, false) => Action::RefuseMissing,
        (PullPolicy::Missing, false, false) => Action::Pull,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::{Build, Pull, PullOrBuild, RefuseBuild, RefuseMissing, UsePresent};
    use PullPolicy::{Always, Missing, Never};

    #[test]
    fn missing_pulls_only_when_absent() {
        assert_eq!(decide(Missing, false, true), UsePresent, "present: nothing to do");
        assert_eq!(decide(Missing, false, false), Pull, "absent: pull");
        assert_eq!(PullPolicy::parse(""), Some(Missing), "missing is the default");
        assert_eq!(PullPolicy::parse("if_not_present"), Some(Missing), "compose's older spelling");
    }

    #[test]
    fn always_pulls_even_when_present() {
        assert_eq!(decide(Always, false, true), Pull, "always means always");
        assert_eq!(decide(Always, true, true), PullOrBuild, "a buildable service falls back to building");
    }

    #[test]
    fn never_refuses_to_pull() {
        assert_eq!(decide(Never, false, true), UsePresent, "present is fine");
        assert_eq!(decide(Never, false, false), RefuseMissing, "absent is an error, not a pull");
        assert_eq!(decide(Never, true, false), Build, "building is not pulling");
    }

    #[test]
    fn build_sections_build_when_absent_or_asked() {
        assert_eq!(decide(Missing, true, false), Build, "no image yet: build it");
        assert_eq!(decide(Missing, true, true), UsePresent, "already built: reuse");
        assert_eq!(decide(PullPolicy::Build, true, true), Build, "pull_policy build rebuilds every time");
        assert_eq!(decide(PullPolicy::Build, false, false), RefuseBuild, "nothing to build from");
    }

    #[test]
    fn refresh_intervals_behave_like_missing_and_typos_are_caught() {
        assert_eq!(PullPolicy::parse("daily"), Some(Missing), "daily");
        assert_eq!(PullPolicy::parse("every_12h"), Some(Missing), "every_<duration>");
        assert_eq!(PullPolicy::parse("allways"), None, "a typo is not silently a default");
    }
}

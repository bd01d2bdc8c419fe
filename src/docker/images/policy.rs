//! What to do for one service's image: use it, pull it or build it, from its `pull_policy`,
//! whether it has a `build:` section and whether the image is already on the engine; and,
//! for a built image already there, whether it still matches the code it is built from.

use crate::events::RebuildReason;

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

/// When a `build:` service's image on the engine is built again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BuildMode {
    /// When its build context changed since it was built: unlike compose, which keeps an old
    /// image until `--build`, because a student who edits the code expects to run it.
    #[default]
    WhenChanged,
    /// Never: the image there is used as it is (compose's own rule; restarting containers).
    Reuse,
    /// Always, as `docker compose up --build`.
    Always,
}

/// What a present image of a `build:` service says about what it was built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Built {
    /// Nivel built it from the context as it is now.
    Same,
    /// Nivel built it from a context that has changed since.
    Changed,
    /// Built elsewhere (`docker build`, `docker compose`, an older Nivel): nothing recorded.
    Unrecorded,
    /// Pulled from a registry: the course's published build of this context.
    Pulled,
}

/// Whether an image that [`decide`] would use as it is gets built again instead.
pub fn rebuild(policy: PullPolicy, built: Built) -> Option<RebuildReason> {
    match (policy, built) {
        (_, Built::Same | Built::Pulled) => None,
        (_, Built::Changed) => Some(RebuildReason::ContextChanged),
        // `never` keeps an image it cannot vouch for: it may have been loaded from a file for
        // a class without a network, where a build that installs packages would fail.
        (PullPolicy::Never, Built::Unrecorded) => None,
        (_, Built::Unrecorded) => Some(RebuildReason::Unrecorded),
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

    #[test]
    fn a_built_image_is_rebuilt_when_its_code_changed() {
        assert_eq!(rebuild(Missing, Built::Same), None, "unchanged: reuse");
        assert_eq!(rebuild(Missing, Built::Changed), Some(RebuildReason::ContextChanged), "the student edited the code");
        assert_eq!(rebuild(Never, Built::Changed), Some(RebuildReason::ContextChanged), "building is not pulling");
        assert_eq!(rebuild(Missing, Built::Unrecorded), Some(RebuildReason::Unrecorded), "built by docker build: may hold old code");
        assert_eq!(rebuild(Never, Built::Unrecorded), None, "never: an image loaded by hand is kept");
        assert_eq!(rebuild(Missing, Built::Pulled), None, "a registry's image is the published build");
    }
}

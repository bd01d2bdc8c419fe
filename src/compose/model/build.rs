//! `build:` in its long syntax.

use super::mapping::{HostsList, Labels, Mapping, MappingWithEquals, StringList};
use super::resources::FileReferenceConfig;
use super::scalars::{SshConfig, UlimitsConfig};
use super::UnitBytes;
use std::collections::BTreeMap;

compose_struct! {
    /// How to build a service's image.
    pub struct BuildConfig {
        "context" context: String,
        "dockerfile" dockerfile: String,
        "dockerfile_inline" dockerfile_inline: String,
        "entitlements" entitlements: Vec<String>,
        "args" args: MappingWithEquals,
        "provenance" provenance: String,
        "sbom" sbom: String,
        "ssh" ssh: SshConfig,
        "labels" labels: Labels,
        "cache_from" cache_from: StringList,
        "cache_to" cache_to: StringList,
        "no_cache" no_cache: bool,
        "additional_contexts" additional_contexts: Mapping,
        "pull" pull: bool,
        "extra_hosts" extra_hosts: HostsList,
        "isolation" isolation: String,
        "network" network: String,
        "target" target: String,
        "secrets" secrets: Vec<FileReferenceConfig>,
        "shm_size" shm_size: UnitBytes,
        "tags" tags: StringList,
        "ulimits" ulimits: BTreeMap<String, UlimitsConfig>,
        "platforms" platforms: StringList,
        "privileged" privileged: bool,
    }
}

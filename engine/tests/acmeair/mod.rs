//! The AcmeAir fixture of the Mono2Micro replication package, imported.

use std::path::PathBuf;

use engine::formats::ImportLimits;
use engine::formats::mono2micro::{NamedInput, import};
use engine::model::Project;

/// The fixture's folder (`SEAMS_FIXTURES` or the shared fixtures next to the clone).
pub fn dir() -> PathBuf {
    std::env::var_os("SEAMS_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"))
        .join("mono2micro-acmeair")
}

/// AcmeAir's calls and business contexts with the named partition files
/// (e.g. `mono2micro_k5.json`) as splits.
pub fn project(partitions: &[&str]) -> Project {
    let dir = dir();
    let read = |name: &str| {
        std::fs::read_to_string(dir.join(name))
            .unwrap_or_else(|e| panic!("the AcmeAir fixture {name}: {e}"))
    };
    let calls = read("runtime_call_volume.json");
    let contexts = read("bcs_per_class.json");
    let texts: Vec<(&str, String)> = partitions
        .iter()
        .map(|name| (*name, read(&format!("partitions/{name}"))))
        .collect();
    let inputs: Vec<NamedInput<'_>> = texts
        .iter()
        .map(|(name, text)| NamedInput { name, text })
        .collect();
    import(
        "acmeair",
        NamedInput {
            name: "runtime_call_volume.json",
            text: &calls,
        },
        Some(NamedInput {
            name: "bcs_per_class.json",
            text: &contexts,
        }),
        &inputs,
        None,
        &ImportLimits::default(),
    )
    .expect("the AcmeAir fixture imports")
}

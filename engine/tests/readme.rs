//! The README documents every metric key, so a new metric cannot go unexplained.

use engine::metrics::METRICS;

#[test]
fn readme_lists_every_metric_key() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let missing: Vec<&str> = METRICS
        .iter()
        .map(|m| m.key)
        .filter(|key| !readme.contains(&format!("`{key}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md lacks metric keys: {missing:?}"
    );
}

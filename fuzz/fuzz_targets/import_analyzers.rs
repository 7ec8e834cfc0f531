//! The analyzer readers (dependency-cruiser, pydeps) never panic, and what
//! they read merges into a project that still validates.
#![no_main]

use engine::analyzers::{Analyzer, read};
use engine::formats::ImportLimits;
use engine::history::mapping::parse_rules;
use engine::model::Project;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let rules = parse_rules("lib/* => lib\nsrc/** => src\n").unwrap_or_default();
    for analyzer in [Analyzer::DependencyCruiser, Analyzer::Pydeps] {
        if let Ok(layer) = read("fuzz", analyzer, "fuzz.json", &text, &rules, &ImportLimits::default()) {
            let mut project = Project::new("fuzz");
            engine::layers::merge(&mut project, &layer);
            assert!(project.validate().is_ok(), "{:?}", project.validate());
        }
    }
});

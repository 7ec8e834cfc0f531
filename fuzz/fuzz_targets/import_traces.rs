//! The trace readers never panic on any text, whichever format it looks like,
//! and what they read becomes a layer that merges into a project which still
//! validates.
#![no_main]

use engine::formats::ImportLimits;
use engine::model::Project;
use engine::traces::{Level, TraceFile, read};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for level in [Level::Service, Level::Operation] {
        let file = TraceFile {
            name: "fuzz.json",
            text: &text,
        };
        if let Ok(layer) = read("fuzz", &[file], level, &[], &ImportLimits::default()) {
            for call in &layer.calls {
                assert!(call.count > 0 && call.errors.unwrap_or(0) <= call.count);
            }
            let mut project = Project::new("fuzz");
            engine::layers::merge(&mut project, &layer);
            assert!(project.validate().is_ok(), "{:?}", project.validate());
        }
    }
});

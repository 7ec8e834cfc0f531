//! The git log reader never panics, and what it reads maps to modules and
//! change coupling without a panic either.
#![no_main]

use engine::formats::ImportLimits;
use engine::history::coupling::{CouplingOptions, coupling};
use engine::history::mapping::module_of;
use engine::history::{change_sets, gitlog};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(commits) = gitlog::parse("fuzz.log", &text, &ImportLimits::default()) {
        let sets = change_sets(&commits, |path| module_of(&[], path));
        let options = CouplingOptions {
            min_revs: 1,
            min_shared_revs: 1,
            min_coupling: 0,
            temporal_period_days: Some(2),
            ..CouplingOptions::default()
        };
        for pair in coupling(&sets, &options) {
            assert!(pair.shared_revs <= pair.entity_revs.min(pair.coupled_revs));
        }
    }
});

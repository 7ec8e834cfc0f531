//! Partition files never panic the reader, and whatever two of them hold can be
//! compared: the text is split at a NUL byte into a reference and a split, each
//! read as RSF, CSV and JSON in turn.
#![no_main]

use engine::agreement::{Partition, agreement};
use engine::formats::ImportLimits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (first, second) = text.split_once('\0').unwrap_or((&text, ""));
    let limits = ImportLimits::default();
    for name in ["p.rsf", "p.csv", "p.json", "p"] {
        let (Ok(reference), Ok(split)) = (
            Partition::read(name, first, &limits),
            Partition::read(name, second, &limits),
        ) else {
            continue;
        };
        if let Ok(measured) = agreement(&split, &reference) {
            assert!((0.0..=100.0).contains(&measured.mojofm), "{measured:?}");
            assert!(measured.nmi.is_finite() && measured.ari.is_finite());
        }
    }
});

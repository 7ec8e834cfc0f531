//! Every malformed input in tests/corpus/malformed is refused with a message that
//! says where and what (tests/corpus/malformed/expected.txt); the same files seed
//! the fuzzers.

use std::path::Path;

use engine::formats::csv::CsvInput;
use engine::formats::mono2micro::NamedInput;
use engine::formats::{ImportError, ImportLimits, csv, dot, jdeps, mono2micro, native};

fn import(name: &str, text: &str) -> Result<(), ImportError> {
    let limits = ImportLimits::default();
    let extension = name.rsplit('.').next().unwrap_or("");
    match extension {
        "csv" => csv::import("x", CsvInput { name, text }, None, &limits).map(drop),
        "dot" => dot::import(name, text, &limits).map(drop),
        "jdeps" => jdeps::import(name, text, jdeps::Level::Class, &limits).map(drop),
        "json" => native::from_json(name, text).map(drop),
        "m2m" => {
            mono2micro::import("x", NamedInput { name, text }, None, &[], None, &limits).map(drop)
        }
        other => panic!("no importer for .{other}"),
    }
}

#[test]
fn malformed_inputs_get_clear_located_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/malformed");
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut checked = std::collections::HashSet::new();
    for line in expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (file, message) = line.split_once(": ").unwrap();
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let error = import(file, &text).expect_err(file);
        let all: Vec<String> = error.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            all.iter().any(|p| p.contains(message)),
            "{file}: expected a problem containing {message:?}, got {all:#?}"
        );
        checked.insert(file.to_string());
    }
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "expected.txt" || checked.contains(&name),
            "{name} has no expectation"
        );
    }
}

#[test]
fn inputs_over_the_size_limit_are_refused_before_parsing() {
    let limits = ImportLimits {
        max_bytes: 10,
        ..ImportLimits::default()
    };
    let error = dot::import("big.dot", "digraph { a -> b }", &limits).unwrap_err();
    assert_eq!(
        error.to_string(),
        "big.dot: the input is 18 bytes; the limit is 10 bytes"
    );
}

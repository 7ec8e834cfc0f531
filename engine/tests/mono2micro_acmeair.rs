//! The Mono2Micro reference metrics (BCP, ICP, SM, IFN, NED) on the published
//! AcmeAir partitions must match the published values (expected.csv, rounded to
//! three decimals) within 0.0015.

mod acmeair;

use std::path::PathBuf;
use std::sync::Arc;

use engine::formats::ImportLimits;
use engine::formats::mono2micro::{NamedInput, import};
use engine::graph::ModelGraph;
use engine::metrics::{AnalysisOptions, MetricId, Scorer};

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read fixture {} ({e}); set SEAMS_FIXTURES to the fixtures folder",
            path.display()
        )
    })
}

#[test]
fn acmeair_matches_all_published_rows() {
    let expected = read(acmeair::dir().join("expected.csv"));
    let rows: Vec<Vec<&str>> = expected
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 13, "expected.csv should have 13 rows");
    let names: Vec<&str> = rows.iter().map(|row| row[0]).collect();
    let project = acmeair::project(&names);
    let graph = Arc::new(ModelGraph::build(&project).expect("the model compiles"));

    let mut mismatches = Vec::new();
    for row in &rows {
        let stem = row[0].trim_end_matches(".json");
        let split = project.split(stem).expect("one split per partition file");
        let resolved = graph.resolve_split(split).expect("the split resolves");
        let scores = Scorer::new(graph.clone(), &resolved, AnalysisOptions::default()).scores();
        for (column, metric) in [
            MetricId::Bcp,
            MetricId::Icp,
            MetricId::Sm,
            MetricId::Ifn,
            MetricId::Ned,
        ]
        .into_iter()
        .enumerate()
        {
            let published: f64 = row[column + 1].parse().expect("a number");
            let ours = scores.get(metric);
            if (ours - published).abs() > 0.0015 {
                mismatches.push(format!(
                    "{stem} {}: ours {ours:.4}, published {published}",
                    metric.key()
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "mismatches:\n{}",
        mismatches.join("\n")
    );
}

/// FoSCI and the replication package's baselines write partitions as `class,cluster` CSV
/// rows; every published partition written that way imports to the same split as its JSON.
#[test]
fn csv_partitions_import_like_the_json_ones() {
    let dir = acmeair::dir();
    let calls = read(dir.join("runtime_call_volume.json"));
    let calls = NamedInput {
        name: "runtime_call_volume.json",
        text: &calls,
    };
    let mut compared = 0;
    for entry in std::fs::read_dir(dir.join("partitions")).expect("the partitions folder") {
        let path = entry.expect("a partition file").path();
        let json = read(path.clone());
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&json).expect("a JSON partition");
        let mut csv = String::from("class,cluster\n");
        for (class, cluster) in &object {
            csv.push_str(&format!("{class},{cluster}\n"));
        }
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("a name");
        let from_json = import(
            "a",
            calls,
            None,
            &[NamedInput {
                name: &format!("{stem}.json"),
                text: &json,
            }],
            None,
            &ImportLimits::default(),
        )
        .expect("the JSON partition imports");
        let from_csv = import(
            "a",
            calls,
            None,
            &[NamedInput {
                name: &format!("{stem}.csv"),
                text: &csv,
            }],
            None,
            &ImportLimits::default(),
        )
        .expect("the CSV partition imports");
        assert_eq!(from_json.splits, from_csv.splits, "{stem}");
        assert!(!from_csv.splits[0].assignment.is_empty(), "{stem}");
        compared += 1;
    }
    assert_eq!(compared, 13, "one comparison per published partition");
}

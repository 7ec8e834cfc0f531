//! Small builders shared by the engine's integration tests.

use std::sync::Arc;

use engine::graph::ModelGraph;
use engine::metrics::{AnalysisOptions, MetricId, Scorer, Scores};
use engine::model::{Call, Module, Project, Service, Split, SplitOrigin};

/// A module with use cases.
pub fn module(id: &str, use_cases: &[&str]) -> Module {
    let mut m = Module::new(id);
    m.use_cases = use_cases.iter().map(|s| s.to_string()).collect();
    m
}

/// A synchronous call.
pub fn call(caller: &str, callee: &str, volume: f64) -> Call {
    let mut c = Call::new(caller, callee);
    c.volume = volume;
    c
}

/// A split from `[(service, [modules…]), …]`, assignments in the given order.
pub fn split(name: &str, services: &[(&str, &[&str])]) -> Split {
    let mut split = Split::new(name, SplitOrigin::Manual);
    for (service, modules) in services {
        split.services.push(Service::new(*service, *service));
        for m in *modules {
            split.assignment.insert(m.to_string(), service.to_string());
        }
    }
    split
}

/// Scores one split of a project.
pub fn score(project: &Project, split: &Split) -> Scores {
    scorer(project, split).scores()
}

/// A scorer for one split of a project.
pub fn scorer(project: &Project, split: &Split) -> Scorer {
    let graph = Arc::new(ModelGraph::build(project).expect("valid model"));
    let resolved = graph.resolve_split(split).expect("valid split");
    Scorer::new(graph, &resolved, AnalysisOptions::default())
}

/// Asserts a metric's value to 1e-9.
#[track_caller]
pub fn assert_metric(scores: &Scores, id: MetricId, expected: f64) {
    let actual = scores.get(id);
    assert!(
        (actual - expected).abs() < 1e-9,
        "{}: expected {expected}, got {actual}",
        id.key()
    );
}

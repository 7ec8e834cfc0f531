//! Property: after any sequence of moves, the incrementally maintained scores equal
//! a from-scratch computation of the same assignment.

use std::sync::Arc;

use engine::graph::{ModelGraph, ResolvedSplit};
use engine::metrics::{AnalysisOptions, Scorer};
use engine::model::{Call, CallStyle, Module, Project};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Case {
    project: Project,
    services: u32,
    initial: Vec<Option<u32>>,
    moves: Vec<(u32, Option<u32>)>,
}

fn names(prefix: &str, count: usize) -> Vec<String> {
    (0..count).map(|i| format!("{prefix}{i}")).collect()
}

fn case() -> impl Strategy<Value = Case> {
    (2usize..24, 1u32..6).prop_flat_map(|(n, k)| {
        let module = (
            proptest::collection::vec(0usize..4, 0..3),
            proptest::collection::vec(0usize..4, 0..2),
            proptest::collection::vec(0usize..4, 0..2),
            proptest::option::of(0usize..3),
            0u8..5,
            any::<bool>(),
        );
        let call = (
            0..n,
            0..n,
            prop_oneof![Just(0.0), Just(1.0), 0.0f64..500.0],
            any::<bool>(),
            any::<bool>(),
        );
        (
            proptest::collection::vec(module, n),
            proptest::collection::vec(call, 0..n * 3),
            proptest::collection::vec(proptest::option::weighted(0.85, 0..k), n),
            proptest::collection::vec((0..n as u32, proptest::option::weighted(0.9, 0..k)), 1..40),
        )
            .prop_map(move |(modules, calls, initial, moves)| {
                let labels = names("uc", 4);
                let tables = names("t", 4);
                let teams = names("team", 3);
                let mut project = Project::new("random");
                project.modules = modules
                    .iter()
                    .enumerate()
                    .map(|(i, (uc, reads, writes, team, size, entry))| {
                        let mut m = Module::new(format!("m{i}"));
                        m.use_cases = uc.iter().map(|&u| labels[u].clone()).collect();
                        m.reads = reads.iter().map(|&t| tables[t].clone()).collect();
                        m.writes = writes.iter().map(|&t| tables[t].clone()).collect();
                        m.team = team.map(|t| teams[t].clone());
                        m.size = f64::from(*size);
                        m.entry_point = *entry && i == 0;
                        m
                    })
                    .collect();
                let mut seen = std::collections::HashSet::new();
                for (a, b, volume, sync, transactional) in calls {
                    if seen.insert((a, b)) {
                        let mut c = Call::new(format!("m{a}"), format!("m{b}"));
                        c.volume = volume;
                        c.style = if sync {
                            CallStyle::Sync
                        } else {
                            CallStyle::Async
                        };
                        c.transactional = transactional;
                        project.calls.push(c);
                    }
                }
                Case {
                    project,
                    services: k,
                    initial,
                    moves,
                }
            })
    })
}

fn assert_close(incremental: &Scorer, graph: &Arc<ModelGraph>) {
    let fresh = Scorer::new(
        graph.clone(),
        &incremental.resolved(),
        AnalysisOptions::default(),
    )
    .scores();
    for ((id, a), (_, b)) in incremental.scores().iter().zip(fresh.iter()) {
        let tolerance = 1e-9 * a.abs().max(b.abs()).max(1.0);
        assert!(
            (a - b).abs() <= tolerance || (a.is_nan() && b.is_nan()),
            "{}: incremental {a}, from scratch {b}",
            id.key()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn incremental_scores_equal_full_recomputation(case in case()) {
        let graph = Arc::new(ModelGraph::build(&case.project).unwrap());
        let order = case
            .initial
            .iter()
            .enumerate()
            .filter(|(m, _)| !case.project.modules[*m].entry_point)
            .filter_map(|(m, s)| s.map(|s| (m as u32, s)))
            .collect();
        let initial = ResolvedSplit { service_count: case.services, order };
        let mut scorer = Scorer::new(graph.clone(), &initial, AnalysisOptions::default());
        for (module, to) in case.moves {
            scorer.move_module(module, to);
            assert_close(&scorer, &graph);
        }
    }
}

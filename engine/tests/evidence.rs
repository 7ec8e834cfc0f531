//! The split measures from history evidence, against a direct count on random
//! projects: cross-service co-change is the crossing share of the shared
//! commits of placed pairs, authoring teams the most distinct owners of one
//! service; a move scored incrementally gives what scoring from scratch gives;
//! and merging the same layer twice changes nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use engine::graph::ModelGraph;
use engine::layers::{merge, preview};
use engine::metrics::{AnalysisOptions, MetricId, Scorer};
use engine::model::{
    CoChangeLink, Layer, LayerKind, Module, ModuleOwner, Project, Service, Split, SplitOrigin,
};
use proptest::prelude::*;

const MODULES: usize = 12;

fn id(m: usize) -> String {
    format!("m{m:02}")
}

prop_compose! {
    fn case()(
        links in prop::collection::vec((0..MODULES, 0..MODULES, 1u32..20, 0u32..=100), 0..30),
        owners in prop::collection::vec(prop::option::of(0usize..4), MODULES),
        placement in prop::collection::vec(prop::option::of(0usize..3), MODULES),
        moved in (0..MODULES, prop::option::of(0usize..3)),
    ) -> (Project, Vec<Option<usize>>, (usize, Option<usize>)) {
        let mut project = Project::new("random");
        for m in 0..MODULES {
            project.modules.push(Module::new(id(m)));
        }
        let mut split = Split::new("S", SplitOrigin::Manual);
        for s in 0..3 {
            split.services.push(Service::new(format!("s{s}"), format!("S{s}")));
        }
        for (m, service) in placement.iter().enumerate() {
            if let Some(s) = service {
                split.assignment.insert(id(m), format!("s{s}"));
            }
        }
        project.splits.push(split);
        let mut seen = BTreeSet::new();
        let layer = Layer {
            co_changes: links
                .into_iter()
                .filter(|(a, b, _, _)| a != b && seen.insert((*a.min(b), *a.max(b))))
                .map(|(a, b, shared, degree)| CoChangeLink {
                    a: id(a.min(b)),
                    b: id(a.max(b)),
                    degree,
                    shared,
                    revisions: shared,
                })
                .collect(),
            owners: owners
                .iter()
                .enumerate()
                .filter_map(|(m, o)| o.map(|o| ModuleOwner {
                    module: id(m),
                    main_author: format!("dev{o}"),
                    main_team: (o % 2 == 0).then(|| format!("team{o}")),
                    share: 1.0,
                    authors: 1,
                }))
                .collect(),
            ..Layer::new("git", LayerKind::History)
        };
        merge(&mut project, &layer);
        (project, placement, moved)
    }
}

fn expected(project: &Project, placement: &[Option<usize>]) -> (f64, f64) {
    let place = |m: &str| placement[m[1..].parse::<usize>().unwrap()];
    let (mut crossing, mut placed) = (0u64, 0u64);
    for link in &project.layers[0].co_changes {
        if let (Some(a), Some(b)) = (place(&link.a), place(&link.b)) {
            placed += u64::from(link.shared);
            if a != b {
                crossing += u64::from(link.shared);
            }
        }
    }
    let mut teams: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for owner in &project.layers[0].owners {
        if let Some(s) = place(&owner.module) {
            let name = owner
                .main_team
                .clone()
                .unwrap_or_else(|| owner.main_author.clone());
            teams.entry(s).or_default().insert(name);
        }
    }
    let share = if placed == 0 {
        f64::NAN
    } else {
        crossing as f64 / placed as f64
    };
    let most = if project.layers[0].owners.is_empty() {
        f64::NAN
    } else {
        teams.values().map(BTreeSet::len).max().unwrap_or(0) as f64
    };
    (share, most)
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a.is_nan() && b.is_nan())
}

proptest! {
    #[test]
    fn history_measures_equal_a_direct_count((project, placement, moved) in case()) {
        let graph = Arc::new(ModelGraph::build(&project).unwrap());
        let split = graph.resolve_split(&project.splits[0]).unwrap();
        let mut scorer = Scorer::new(graph.clone(), &split, AnalysisOptions::default());
        let scores = scorer.scores();
        let (share, most) = expected(&project, &placement);
        prop_assert!(same(scores.get(MetricId::CrossCoChange), share), "{} vs {share}", scores.get(MetricId::CrossCoChange));
        prop_assert!(same(scores.get(MetricId::MaxAuthoringTeams), most));

        let (module, to) = moved;
        scorer.move_module(graph.ix(&id(module)).unwrap(), to.map(|s| s as u32));
        let fresh = Scorer::new(graph.clone(), &scorer.resolved(), AnalysisOptions::default()).scores();
        prop_assert_eq!(scorer.scores(), fresh);

        let (again, _) = preview(&project, &project.layers[0]);
        prop_assert!(again.is_empty(), "{:?}", again);
    }
}

//! Scoring speed on a seeded synthetic monolith (100,000 modules, 1,000,000 calls,
//! 40 services): every metric from scratch, modularity alone, and one incremental
//! move. `make bench` runs this, then bench/peers.py times networkx and igraph on
//! the identical graph and prints both side by side. The migration roadmap is
//! timed on a tenth of it (10,000 modules, 60,000 calls, 40 services: the size
//! the browser walk plans): planning (groups, cost model, the heuristic's
//! order, every state scored), a reorder re-scored, and the whole roadmap with
//! every step's tasks. The report is timed at the browser walk's largest size
//! (50,000 modules, two splits): the analyses, the roadmaps and the HTML.
//! Seams' communities of Zachary's karate club and of AcmeAir are written for
//! bench/peers.py to compare with NetworKit's.

#[path = "../tests/acmeair/mod.rs"]
mod acmeair;
mod common;
#[path = "../tests/karate/mod.rs"]
mod karate;

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::generate::{Algorithm, Detection, SuggestOptions, detect, weighted_graph};
use engine::generate::{TagKind, Untagged, split_by_tag};
use engine::graph::ModelGraph;
use engine::metrics::{AnalysisOptions, MetricId, Scorer};
use engine::model::{Call, Module, Project};

fn bench_dir() -> PathBuf {
    std::env::var_os("SEAMS_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench"))
}

fn split_metrics(c: &mut Criterion) {
    let size = common::Size::from_env();
    let (project, split) = common::monolith(&size, 42);
    common::export(&bench_dir(), &project, &split).expect("write the graph for the Python peers");

    let mut group = c.benchmark_group("seams");
    group.sample_size(10);
    group.bench_function("build_graph", |b| {
        b.iter(|| ModelGraph::build(black_box(&project)).unwrap())
    });
    let graph = Arc::new(ModelGraph::build(&project).unwrap());
    let resolved = graph.resolve_split(&split).unwrap();
    group.bench_function("all_metrics", |b| {
        b.iter(|| {
            Scorer::new(
                graph.clone(),
                black_box(&resolved),
                AnalysisOptions::default(),
            )
            .scores()
        })
    });
    let scores = Scorer::new(graph.clone(), &resolved, AnalysisOptions::default()).scores();
    let values = format!(
        "{{\"modularity\": {}, \"cross_volume\": {}}}\n",
        scores.get(MetricId::Modularity),
        scores.get(MetricId::CrossVolumeShare)
            * project.calls.iter().map(|c| c.volume).sum::<f64>()
    );
    std::fs::write(bench_dir().join("seams_values.json"), values).expect("write Seams' values");
    let mut service_of = vec![u32::MAX; graph.module_count()];
    for &(m, s) in &resolved.order {
        service_of[m as usize] = s;
    }
    group.bench_function("modularity", |b| {
        b.iter(|| Scorer::modularity_only(&graph, black_box(&service_of), size.services))
    });
    group.finish();

    let suggest_graph = weighted_graph(&graph, &SuggestOptions::default());
    let communities = detect(&suggest_graph.graph, &Detection::default());
    common::export_undirected(&bench_dir(), &suggest_graph.graph, &communities)
        .expect("write the undirected graph for the Python peers");
    let mut group = c.benchmark_group("seams");
    group.sample_size(10);
    group.bench_function("leiden", |b| {
        b.iter(|| detect(black_box(&suggest_graph.graph), &Detection::default()))
    });
    let louvain = Detection {
        algorithm: Algorithm::Louvain,
        ..Detection::default()
    };
    common::export_membership(
        &bench_dir().join("louvain.txt"),
        &detect(&suggest_graph.graph, &louvain),
    )
    .expect("write Seams' Louvain communities");
    group.bench_function("louvain", |b| {
        b.iter(|| detect(black_box(&suggest_graph.graph), &louvain))
    });
    group.finish();
    small_graphs(&louvain);

    let mut scorer = Scorer::new(graph.clone(), &resolved, AnalysisOptions::default());
    let mut rng = common::Rng::new(7);
    let mut group = c.benchmark_group("seams");
    group.bench_function("move", |b| {
        b.iter(|| {
            let module = rng.below(graph.module_count()) as u32;
            let to = rng.below(size.services) as u32;
            scorer.move_module(module, Some(to));
            black_box(scorer.scores())
        })
    });
    group.finish();
}

fn roadmap(c: &mut Criterion) {
    let full = common::Size::from_env();
    let size = common::Size {
        modules: (full.modules / 10).max(1_000),
        calls: (full.calls * 6 / 100).max(6_000),
        services: 40,
    };
    let (project, split) = common::monolith(&size, 7);
    let graph = Arc::new(ModelGraph::build(&project).unwrap());
    let resolved = graph.resolve_split(&split).unwrap();
    let plan = engine::model::RoadmapPlan::default();
    let planner = || {
        engine::roadmap::Planner::new(
            graph.clone(),
            &split,
            &resolved,
            &plan,
            AnalysisOptions::default(),
        )
        .unwrap()
    };
    let mut group = c.benchmark_group("roadmap");
    group.sample_size(10);
    group.bench_function("plan_40_services", |b| {
        b.iter(|| {
            let planner = planner();
            let (order, _) = planner.cheapest();
            black_box(planner.timeline(&order))
        })
    });
    let planner = planner();
    let (order, _) = planner.cheapest();
    let mut moved = order.clone();
    moved.swap(0, 1);
    group.bench_function("reorder_40_services", |b| {
        b.iter(|| black_box(planner.timeline(black_box(&moved))))
    });
    group.bench_function("roadmap_with_tasks", |b| {
        b.iter(|| {
            black_box(planner.roadmap_of(
                &order,
                engine::roadmap::OrderMethod::Heuristic,
                &project.readiness,
            ))
        })
    });
    group.finish();
}

/// Zachary's karate club and AcmeAir: Seams' Leiden and Louvain communities
/// on each (folders `karate/` and `acmeair/` of the bench folder), for
/// bench/peers.py to hold against NetworKit's on the same graphs.
fn small_graphs(louvain: &Detection) {
    for (name, project) in [
        ("karate", karate::project()),
        ("acmeair", acmeair::project(&[])),
    ] {
        let graph = ModelGraph::build(&project).unwrap();
        let suggest_graph = weighted_graph(&graph, &SuggestOptions::default());
        let dir = bench_dir().join(name);
        std::fs::create_dir_all(&dir).expect("make the small graph's folder");
        let leiden = detect(&suggest_graph.graph, &Detection::default());
        common::export_undirected(&dir, &suggest_graph.graph, &leiden)
            .expect("write the small graph for the Python peers");
        common::export_membership(
            &dir.join("louvain.txt"),
            &detect(&suggest_graph.graph, louvain),
        )
        .expect("write Seams' Louvain communities of the small graph");
    }
}

/// The browser walk's monolith (end2end/tests/big-walk.spec.mjs) at
/// `modules`: modules in 40 capabilities, 50 subdomains and 25 teams, six
/// calls each, four in five inside the caller's capability; its splits by
/// capability and by Leiden, as the walk makes them.
fn walk_monolith(modules: usize) -> Project {
    const CAPABILITIES: usize = 40;
    let mut rng = common::Rng::new(11);
    let id = |i: usize| format!("c{}.p{}.M{i}", i % CAPABILITIES, i % 200);
    let mut project = Project::new("walk");
    project.modules = (0..modules)
        .map(|i| {
            let mut module = Module::new(id(i));
            module.capability = Some(format!("cap{}", i % CAPABILITIES));
            module.subdomain = Some(format!("sub{}", i % 50));
            module.team = Some(format!("team{}", i % 25));
            module.size = (1 + i % 9) as f64;
            module
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for i in 0..modules {
        for _ in 0..6 {
            let j = if rng.chance(0.8) {
                (i + CAPABILITIES * (1 + rng.below(50))) % modules
            } else {
                rng.below(modules)
            };
            if j != i && seen.insert((i, j)) {
                let mut call = Call::new(id(i), id(j));
                call.volume = (1 + rng.below(900)) as f64;
                project.calls.push(call);
            }
        }
    }
    let by_capability = split_by_tag(
        &project,
        TagKind::Capability,
        Untagged::LeaveUnassigned,
        "By capability",
    );
    project.splits.push(by_capability.split);
    let suggestion = engine::generate::suggest(&project, &SuggestOptions::default()).unwrap();
    project.splits.push(suggestion.split);
    project
}

/// The report of the browser walk's largest project (50,000 modules, two
/// splits): what its page waits for is every split analysed, each split's
/// roadmap planned and the HTML written.
fn report(c: &mut Criterion) {
    let project = walk_monolith(common::Size::from_env().modules / 2);
    let graph = Arc::new(ModelGraph::build(&project).unwrap());
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("analysis_50k", |b| {
        b.iter(|| engine::analysis::analyze(black_box(&project), AnalysisOptions::default()))
    });
    group.bench_function("roadmaps_50k", |b| {
        b.iter(|| {
            engine::roadmap::roadmaps(&graph, black_box(&project), AnalysisOptions::default())
        })
    });
    let analysis = engine::analysis::analyze(&project, AnalysisOptions::default()).unwrap();
    let roadmaps = engine::roadmap::roadmaps(&graph, &project, AnalysisOptions::default());
    group.bench_function("html_50k", |b| {
        b.iter_batched(
            || roadmaps.clone(),
            |roadmaps| {
                let input =
                    engine::report::ReportInput::new(&project, &analysis).with_roadmaps(roadmaps);
                engine::report::html(&input, engine::text::Language::En)
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, split_metrics, roadmap, report);
criterion_main!(benches);

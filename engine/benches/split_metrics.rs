//! Scoring speed on a seeded synthetic monolith (100,000 modules, 1,000,000 calls,
//! 40 services): every metric from scratch, modularity alone, and one incremental
//! move. `make bench` runs this, then bench/peers.py times networkx and igraph on
//! the identical graph and prints both side by side. The migration roadmap is
//! timed on a tenth of it (10,000 modules, 60,000 calls, 40 services: the size
//! the browser walk plans): planning (groups, cost model, the heuristic's
//! order, every state scored), a reorder re-scored, and the whole roadmap with
//! every step's tasks.

mod common;

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use engine::generate::{Algorithm, Detection, SuggestOptions, detect, weighted_graph};
use engine::graph::ModelGraph;
use engine::metrics::{AnalysisOptions, MetricId, Scorer};

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

criterion_group!(benches, split_metrics, roadmap);
criterion_main!(benches);

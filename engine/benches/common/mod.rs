//! The seeded synthetic monolith every benchmark uses, and its export for the
//! Python peers, so Seams and networkx/igraph are timed on the identical graph.

use std::io::Write;
use std::path::Path;

use engine::generate::WGraph;
use engine::model::{Call, CallStyle, Module, Project, Service, Split, SplitOrigin};

/// Sizes of the synthetic monolith; `SEAMS_BENCH_MODULES` / `SEAMS_BENCH_CALLS`
/// shrink it for the smoke run in `make test`.
pub struct Size {
    /// Modules.
    pub modules: usize,
    /// Calls.
    pub calls: usize,
    /// Services of the split.
    pub services: usize,
}

impl Size {
    /// 100,000 modules, 1,000,000 calls, 40 services, unless the environment says otherwise.
    pub fn from_env() -> Size {
        let read = |name: &str, default: usize| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(default)
        };
        Size {
            modules: read("SEAMS_BENCH_MODULES", 100_000),
            calls: read("SEAMS_BENCH_CALLS", 1_000_000),
            services: 40,
        }
    }
}

/// SplitMix64: a fixed, tiny generator, so the graph is the same on every
/// machine and with every version of every crate.
pub struct Rng(u64);

impl Rng {
    /// A generator with a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability p.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// A monolith whose modules fall into `services` communities: 80 % of calls stay
/// inside a community, volumes are log-uniform from 1 to 1000, a tenth of the
/// calls are asynchronous and 2 % must be atomic; modules carry use cases, tables
/// and teams. The split assigns each module to its community.
pub fn monolith(size: &Size, seed: u64) -> (Project, Split) {
    let mut rng = Rng::new(seed);
    let community = |m: usize| m % size.services;
    let mut project = Project::new("synthetic");
    project.modules = (0..size.modules)
        .map(|m| {
            let mut module = Module::new(format!("m{m}"));
            let c = community(m);
            module.use_cases = (0..1 + rng.below(3))
                .map(|_| format!("uc{}", c * 12 + rng.below(15)))
                .collect();
            module.reads = (0..rng.below(3))
                .map(|_| format!("t{}", c * 50 + rng.below(60)))
                .collect();
            if rng.chance(0.5) {
                module.writes = vec![format!("t{}", c * 50 + rng.below(50))];
            }
            module.team = Some(format!("team{}", (c * 3 + rng.below(4)) % 60));
            module.size = (1 + rng.below(500)) as f64;
            module
        })
        .collect();
    let mut seen = std::collections::HashSet::with_capacity(size.calls);
    while project.calls.len() < size.calls {
        let caller = rng.below(size.modules);
        let callee = if rng.chance(0.8) {
            let members = size.modules.div_ceil(size.services);
            (rng.below(members) * size.services + community(caller)).min(size.modules - 1)
        } else {
            rng.below(size.modules)
        };
        if caller == callee || !seen.insert((caller, callee)) {
            continue;
        }
        let mut call = Call::new(format!("m{caller}"), format!("m{callee}"));
        call.volume = (1000f64.ln() * (rng.next() >> 11) as f64 / (1u64 << 53) as f64)
            .exp()
            .round();
        if rng.chance(0.1) {
            call.style = CallStyle::Async;
        }
        call.transactional = rng.chance(0.02);
        project.calls.push(call);
    }
    let mut split = Split::new("communities", SplitOrigin::Manual);
    split.services = (0..size.services)
        .map(|s| Service::new(format!("s{s}"), format!("Service {s}")))
        .collect();
    for m in 0..size.modules {
        split
            .assignment
            .insert(format!("m{m}"), format!("s{}", community(m)));
    }
    (project, split)
}

/// Writes the graph for the Python peers: `edges.tsv` (caller, callee, volume as
/// module numbers) and `membership.txt` (the service of each module, one a line);
/// and the same monolith for the command line: `project.json` (native, with the
/// split) and `graph.dot` (its services as clusters).
pub fn export(dir: &Path, project: &Project, split: &Split) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut with_split = project.clone();
    with_split.splits.push(split.clone());
    std::fs::write(
        dir.join("project.json"),
        engine::formats::native::to_json(&with_split),
    )?;
    std::fs::write(
        dir.join("graph.dot"),
        engine::formats::dot::export(project, Some(split)),
    )?;
    let number = |id: &str| id.trim_start_matches(['m', 's']).to_string();
    let mut edges = std::io::BufWriter::new(std::fs::File::create(dir.join("edges.tsv"))?);
    for call in &project.calls {
        writeln!(
            edges,
            "{}\t{}\t{}",
            number(&call.caller),
            number(&call.callee),
            call.volume
        )?;
    }
    edges.flush()?;
    let mut membership =
        std::io::BufWriter::new(std::fs::File::create(dir.join("membership.txt"))?);
    for module in &project.modules {
        writeln!(membership, "{}", number(&split.assignment[&module.id]))?;
    }
    membership.flush()
}

/// Writes the undirected weighted graph community detection runs on
/// (`undirected.tsv`: a, b, weight with a < b) and Seams' Leiden result
/// (`leiden.txt`: the community of each node), for igraph and NetworKit to
/// time and score.
pub fn export_undirected(dir: &Path, graph: &WGraph, communities: &[u32]) -> std::io::Result<()> {
    let mut edges = std::io::BufWriter::new(std::fs::File::create(dir.join("undirected.tsv"))?);
    for a in 0..graph.node_count() as u32 {
        for (b, w) in graph.neighbours(a) {
            if a < b {
                writeln!(edges, "{a}\t{b}\t{w}")?;
            }
        }
    }
    edges.flush()?;
    export_membership(&dir.join("leiden.txt"), communities)
}

/// Writes the community of each node, one a line, for the Python peers to score.
pub fn export_membership(path: &Path, communities: &[u32]) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for c in communities {
        writeln!(out, "{c}")?;
    }
    out.flush()
}

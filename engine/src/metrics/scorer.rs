//! Running aggregates of a split that a move updates in time proportional to the
//! moved module's degree; the scores are then read off the aggregates in time
//! proportional to the number of services and service dependencies, never to the
//! size of the call graph.

use std::collections::BTreeSet;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::catalog::{METRIC_COUNT, MetricId};
use super::scores::Scores;
use super::service_graph::{ServiceGraph, SyncChain};
use crate::graph::{Amount, CallRec, ModelGraph, ModuleIx, ResolvedSplit};

/// The service number of a module in no service.
pub const UNASSIGNED: u32 = u32::MAX;

/// Up to this many services, a from-scratch score aggregates service pairs in
/// dense arrays (at most 256² entries).
const DENSE_SERVICES: usize = 256;

/// Settings that change how some metrics are computed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AnalysisOptions {
    /// Availability of one synchronous cross-service hop (0..1), for the
    /// availability of the longest sync chain.
    pub hop_availability: f64,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            hop_availability: 0.999,
        }
    }
}

/// Aggregates of the calls from one service to another.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct EdgeAgg {
    /// How many calls.
    pub calls: u32,
    /// Their total volume.
    pub volume: Amount,
    /// How many of them are synchronous.
    pub sync_calls: u32,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct ServiceAgg {
    pub(crate) modules: u32,
    pub(crate) size: Amount,
    pub(crate) labels: FxHashMap<u32, u32>,
    pub(crate) teams: FxHashMap<u32, u32>,
    /// Distinct unordered pairs of different modules inside with a call.
    pub(crate) pairs_inside: u64,
    /// Members that call themselves.
    pub(crate) self_callers: u32,
    /// Members by assignment order, to know the last one.
    pub(crate) order: BTreeSet<(u64, ModuleIx)>,
    /// Volume of calls inside the service (self-calls excluded).
    pub(crate) volume_inside: Amount,
    /// Volume of calls leaving members, to anywhere assigned (self-calls excluded).
    pub(crate) volume_out: Amount,
    /// Volume of calls reaching members, from anywhere assigned (self-calls excluded).
    pub(crate) volume_in: Amount,
    /// Other service → distinct unordered module pairs between them with a call.
    pub(crate) pairs_between: FxHashMap<u32, u32>,
}

/// A split being scored. Create it from a resolved split, move modules, read scores.
#[derive(Clone, Debug)]
pub struct Scorer {
    pub(crate) graph: Arc<ModelGraph>,
    pub(crate) options: AnalysisOptions,
    pub(crate) service_of: Vec<u32>,
    seq: Vec<u64>,
    next_seq: u64,
    pub(crate) services: Vec<ServiceAgg>,
    icp_total: Amount,
    icp_cross: Amount,
    volume_total: Amount,
    volume_cross: Amount,
    cross_calls: u64,
    distributed_transactions: u64,
    pub(crate) edges: FxHashMap<(u32, u32), EdgeAgg>,
    pub(crate) table_writers: Vec<FxHashMap<u32, u32>>,
    pub(crate) table_readers: Vec<FxHashMap<u32, u32>>,
    table_cross_reads: Vec<u64>,
    cross_reads: u64,
    shared_tables: u64,
    team_services: Vec<FxHashMap<u32, u32>>,
    unassigned: u64,
    /// The service graph and its longest sync chain, rebuilt only when a move
    /// adds or removes a service dependency or changes whether one is synchronous.
    service_graph: ServiceGraph,
    sync_chain: SyncChain,
    dependencies_changed: bool,
}

impl Scorer {
    /// Scores a split from scratch: every assignment is applied in order.
    pub fn new(graph: Arc<ModelGraph>, split: &ResolvedSplit, options: AnalysisOptions) -> Scorer {
        let n = graph.module_count();
        let unassigned = graph.entry_point.iter().filter(|e| !**e).count() as u64;
        let mut scorer = Scorer {
            options,
            service_of: vec![UNASSIGNED; n],
            seq: vec![0; n],
            next_seq: 0,
            services: vec![ServiceAgg::default(); split.service_count as usize],
            icp_total: Amount::default(),
            icp_cross: Amount::default(),
            volume_total: Amount::default(),
            volume_cross: Amount::default(),
            cross_calls: 0,
            distributed_transactions: 0,
            edges: FxHashMap::default(),
            table_writers: vec![FxHashMap::default(); graph.tables.len()],
            table_readers: vec![FxHashMap::default(); graph.tables.len()],
            table_cross_reads: vec![0; graph.tables.len()],
            cross_reads: 0,
            shared_tables: 0,
            team_services: vec![FxHashMap::default(); graph.teams.len()],
            unassigned,
            service_graph: ServiceGraph::new(0, &FxHashMap::default()),
            sync_chain: SyncChain::default(),
            dependencies_changed: true,
            graph,
        };
        for &(module, service) in &split.order {
            scorer.place(module, service);
        }
        scorer.add_all_calls();
        scorer.refresh_service_graph();
        scorer
    }

    /// Adds every call's contribution in one pass over the calls (a from-scratch
    /// score visits each call once instead of once per end). With few services the
    /// service-pair aggregates go through dense arrays first, avoiding hashing.
    fn add_all_calls(&mut self) {
        let graph = Arc::clone(&self.graph);
        let k = self.services.len();
        if k > DENSE_SERVICES {
            for call in &graph.calls {
                self.call_changed(call, 1);
            }
            return;
        }
        let mut edges = vec![EdgeAgg::default(); k * k];
        let mut pairs = vec![0u32; k * k];
        for call in &graph.calls {
            let from = self.service_of[call.caller as usize];
            let to = self.service_of[call.callee as usize];
            if call.is_self() || from == UNASSIGNED || to == UNASSIGNED {
                continue;
            }
            let (volume, weight) = (call.volume_units, call.icp_units);
            self.icp_total.add(weight, 1);
            self.volume_total.add(volume, 1);
            self.services[from as usize].volume_out.add(volume, 1);
            self.services[to as usize].volume_in.add(volume, 1);
            if from == to {
                let agg = &mut self.services[from as usize];
                agg.volume_inside.add(volume, 1);
                agg.pairs_inside += u64::from(call.counts_pair);
                continue;
            }
            self.icp_cross.add(weight, 1);
            self.volume_cross.add(volume, 1);
            self.cross_calls += 1;
            self.distributed_transactions += u64::from(call.transactional);
            let edge = &mut edges[from as usize * k + to as usize];
            edge.calls += 1;
            edge.volume.add(volume, 1);
            edge.sync_calls += u32::from(call.sync);
            if call.counts_pair {
                pairs[from.min(to) as usize * k + from.max(to) as usize] += 1;
            }
        }
        for (ix, edge) in edges.into_iter().enumerate() {
            if edge.calls > 0 {
                self.edges.insert(((ix / k) as u32, (ix % k) as u32), edge);
            }
        }
        for (ix, count) in pairs.into_iter().enumerate() {
            if count > 0 {
                let (a, b) = ((ix / k) as u32, (ix % k) as u32);
                self.services[a as usize].pairs_between.insert(b, count);
                self.services[b as usize].pairs_between.insert(a, count);
            }
        }
        self.dependencies_changed = true;
    }

    fn refresh_service_graph(&mut self) {
        if self.dependencies_changed {
            self.service_graph = ServiceGraph::new(self.services.len(), &self.edges);
            self.sync_chain = self.service_graph.longest_sync_chain(&self.edges);
            self.dependencies_changed = false;
        }
    }

    /// The compiled model this scorer works on.
    pub fn graph(&self) -> &Arc<ModelGraph> {
        &self.graph
    }

    /// The service of a module, if any.
    pub fn service_of(&self, module: ModuleIx) -> Option<u32> {
        let s = self.service_of[module as usize];
        (s != UNASSIGNED).then_some(s)
    }

    /// How many services the split has, empty ones included.
    pub fn service_count(&self) -> u32 {
        self.services.len() as u32
    }

    /// Adds an empty service and returns its number.
    pub fn add_service(&mut self) -> u32 {
        self.services.push(ServiceAgg::default());
        self.dependencies_changed = true;
        self.refresh_service_graph();
        self.services.len() as u32 - 1
    }

    /// Moves a module to a service (`None`: leaves it unassigned). The module goes
    /// last in its new service's order. Entry points cannot be moved into a service.
    ///
    /// # Panics
    /// If the module or service number is out of range: callers resolve ids first.
    pub fn move_module(&mut self, module: ModuleIx, to: Option<u32>) {
        self.move_without_refresh(module, to);
        self.refresh_service_graph();
    }

    /// Moves several modules in turn, as [`Scorer::move_module`] would, and
    /// rebuilds the service graph once at the end (the order a roadmap step
    /// moves a whole service in).
    ///
    /// # Panics
    /// If a module or service number is out of range.
    pub fn move_modules(&mut self, moves: impl IntoIterator<Item = (ModuleIx, Option<u32>)>) {
        for (module, to) in moves {
            self.move_without_refresh(module, to);
        }
        self.refresh_service_graph();
    }

    fn move_without_refresh(&mut self, module: ModuleIx, to: Option<u32>) {
        let to = to.unwrap_or(UNASSIGNED);
        assert!(
            to == UNASSIGNED || (to as usize) < self.services.len(),
            "no service {to}"
        );
        if self.graph.entry_point[module as usize] || self.service_of[module as usize] == to {
            return;
        }
        self.remove(module);
        if to != UNASSIGNED {
            self.add(module, to);
        }
    }

    /// The current assignment in order: what a fresh scorer would need to reach
    /// exactly this state.
    pub fn resolved(&self) -> ResolvedSplit {
        let mut order: Vec<(u64, ModuleIx, u32)> = self
            .service_of
            .iter()
            .enumerate()
            .filter(|(_, s)| **s != UNASSIGNED)
            .map(|(m, s)| (self.seq[m], m as ModuleIx, *s))
            .collect();
        order.sort_unstable();
        ResolvedSplit {
            service_count: self.service_count(),
            order: order.into_iter().map(|(_, m, s)| (m, s)).collect(),
        }
    }

    fn add(&mut self, module: ModuleIx, service: u32) {
        self.place(module, service);
        let graph = Arc::clone(&self.graph);
        for &cx in graph.incident.row(module) {
            self.call_changed(&graph.calls[cx as usize], 1);
        }
    }

    /// Puts a module in a service: everything but its calls.
    fn place(&mut self, module: ModuleIx, service: u32) {
        let graph = Arc::clone(&self.graph);
        let m = module as usize;
        if self.service_of[m] != UNASSIGNED {
            self.remove(module);
        }
        self.service_of[m] = service;
        self.seq[m] = self.next_seq;
        self.next_seq += 1;
        self.unassigned -= 1;
        let agg = &mut self.services[service as usize];
        agg.modules += 1;
        agg.size.add(graph.size[m], 1);
        agg.order.insert((self.seq[m], module));
        if graph.self_call[m] {
            agg.self_callers += 1;
        }
        for &label in graph.labels.row(module) {
            *agg.labels.entry(label).or_insert(0) += 1;
        }
        if let Some(team) = graph.team[m] {
            *agg.teams.entry(team).or_insert(0) += 1;
            *self.team_services[team as usize]
                .entry(service)
                .or_insert(0) += 1;
        }
        self.tables_changed(module, service, 1);
    }

    fn remove(&mut self, module: ModuleIx) {
        let graph = Arc::clone(&self.graph);
        let m = module as usize;
        let service = self.service_of[m];
        if service == UNASSIGNED {
            return;
        }
        for &cx in graph.incident.row(module) {
            self.call_changed(&graph.calls[cx as usize], -1);
        }
        self.tables_changed(module, service, -1);
        let agg = &mut self.services[service as usize];
        agg.modules -= 1;
        agg.size.add(graph.size[m], -1);
        agg.order.remove(&(self.seq[m], module));
        if graph.self_call[m] {
            agg.self_callers -= 1;
        }
        for &label in graph.labels.row(module) {
            decrement(&mut agg.labels, label);
        }
        if let Some(team) = graph.team[m] {
            decrement(&mut agg.teams, team);
            decrement(&mut self.team_services[team as usize], service);
        }
        self.service_of[m] = UNASSIGNED;
        self.unassigned += 1;
    }

    /// Adds (`sign` = 1) or removes (-1) a call's contribution, if both its ends
    /// are in services.
    fn call_changed(&mut self, call: &CallRec, sign: i64) {
        if call.is_self() {
            return;
        }
        let from = self.service_of[call.caller as usize];
        let to = self.service_of[call.callee as usize];
        if from == UNASSIGNED || to == UNASSIGNED {
            return;
        }
        let (volume, weight) = (call.volume_units, call.icp_units);
        self.icp_total.add(weight, sign);
        self.volume_total.add(volume, sign);
        self.services[from as usize].volume_out.add(volume, sign);
        self.services[to as usize].volume_in.add(volume, sign);
        if from == to {
            let agg = &mut self.services[from as usize];
            agg.volume_inside.add(volume, sign);
            if call.counts_pair {
                agg.pairs_inside = agg.pairs_inside.wrapping_add_signed(sign);
            }
            return;
        }
        self.icp_cross.add(weight, sign);
        self.volume_cross.add(volume, sign);
        self.cross_calls = self.cross_calls.wrapping_add_signed(sign);
        if call.transactional {
            self.distributed_transactions = self.distributed_transactions.wrapping_add_signed(sign);
        }
        let step = sign as i32;
        let edge = self.edges.entry((from, to)).or_default();
        let (was_linked, was_sync) = (edge.calls > 0, edge.sync_calls > 0);
        edge.calls = edge.calls.wrapping_add_signed(step);
        edge.volume.add(volume, sign);
        if call.sync {
            edge.sync_calls = edge.sync_calls.wrapping_add_signed(step);
        }
        self.dependencies_changed |=
            was_linked != (edge.calls > 0) || was_sync != (edge.sync_calls > 0);
        if edge.calls == 0 {
            self.edges.remove(&(from, to));
        }
        if call.counts_pair {
            for (a, b) in [(from, to), (to, from)] {
                let pairs = &mut self.services[a as usize].pairs_between;
                let count = pairs.entry(b).or_insert(0);
                *count = count.wrapping_add_signed(step);
                if *count == 0 {
                    pairs.remove(&b);
                }
            }
        }
    }

    fn tables_changed(&mut self, module: ModuleIx, service: u32, step: i32) {
        let graph = Arc::clone(&self.graph);
        for &table in graph.writes.row(module) {
            let writers = &mut self.table_writers[table as usize];
            let shared_before = writers.len() >= 2;
            if step > 0 {
                *writers.entry(service).or_insert(0) += 1;
            } else {
                decrement(writers, service);
            }
            let shared_after = writers.len() >= 2;
            self.shared_tables = self.shared_tables + shared_after as u64 - shared_before as u64;
        }
        for &table in graph.reads.row(module) {
            let readers = &mut self.table_readers[table as usize];
            if step > 0 {
                *readers.entry(service).or_insert(0) += 1;
            } else {
                decrement(readers, service);
            }
        }
        for &table in graph
            .writes
            .row(module)
            .iter()
            .chain(graph.reads.row(module))
        {
            self.refresh_cross_reads(table);
        }
    }

    fn refresh_cross_reads(&mut self, table: u32) {
        let t = table as usize;
        let writers = &self.table_writers[t];
        let now: u64 = if writers.is_empty() {
            0
        } else {
            self.table_readers[t]
                .iter()
                .filter(|(service, _)| !writers.contains_key(service))
                .map(|(_, count)| u64::from(*count))
                .sum()
        };
        self.cross_reads = self.cross_reads + now - self.table_cross_reads[t];
        self.table_cross_reads[t] = now;
    }

    /// The service dependency graph as it stands.
    pub fn service_graph(&self) -> &ServiceGraph {
        &self.service_graph
    }

    /// The longest chain of synchronous cross-service hops as it stands.
    pub fn sync_chain(&self) -> &SyncChain {
        &self.sync_chain
    }

    /// The modules of one service that count in the Mono2Micro structural
    /// modularity: distinct linked pairs inside, plus the reference's self-pairs
    /// (a module that calls itself, except the last one in order).
    fn structural_pairs(&self, service: &ServiceAgg) -> f64 {
        let last_calls_itself = service
            .order
            .last()
            .is_some_and(|&(_, m)| self.graph.self_call[m as usize]);
        (service.pairs_inside + u64::from(service.self_callers) - u64::from(last_calls_itself))
            as f64
    }

    /// The share of co-change crossing services (shared revisions of coupled
    /// pairs in two services over those of pairs both placed); NaN without
    /// co-change evidence on placed modules.
    fn cross_co_change(&self) -> f64 {
        let (mut crossing, mut placed) = (0u64, 0u64);
        for pair in &self.graph.co_changes {
            let (a, b) = (
                self.service_of[pair.a as usize],
                self.service_of[pair.b as usize],
            );
            if a != UNASSIGNED && b != UNASSIGNED {
                placed += u64::from(pair.shared);
                if a != b {
                    crossing += u64::from(pair.shared);
                }
            }
        }
        if placed == 0 {
            f64::NAN
        } else {
            crossing as f64 / placed as f64
        }
    }

    /// The most distinct owners (main teams, or main authors) of one
    /// service's modules; NaN when no module has an owner.
    fn max_authoring_teams(&self) -> f64 {
        if self.graph.owners.is_empty() {
            return f64::NAN;
        }
        let mut owners: FxHashMap<u32, rustc_hash::FxHashSet<u32>> = FxHashMap::default();
        for (m, owner) in self.graph.owner.iter().enumerate() {
            let service = self.service_of[m];
            if let Some(owner) = owner
                && service != UNASSIGNED
            {
                owners.entry(service).or_default().insert(*owner);
            }
        }
        owners.values().map(|o| o.len()).max().unwrap_or(0) as f64
    }

    /// Every metric of the current state.
    pub fn scores(&self) -> Scores {
        let mut v = [0.0; METRIC_COUNT];
        let used: Vec<(u32, &ServiceAgg)> = self
            .services
            .iter()
            .enumerate()
            .filter(|(_, s)| s.modules > 0)
            .map(|(ix, s)| (ix as u32, s))
            .collect();
        let k = used.len() as f64;
        let assigned: f64 = used.iter().map(|(_, s)| f64::from(s.modules)).sum();
        let mean = |sum: f64| if k > 0.0 { sum / k } else { 0.0 };

        v[MetricId::Bcp as usize] =
            mean(used.iter().map(|(_, s)| (s.labels.len() as f64).ln()).sum());
        v[MetricId::Icp as usize] = ratio(self.icp_cross.get(), self.icp_total.get());

        let cohesion = mean(
            used.iter()
                .map(|(_, s)| self.structural_pairs(s) / f64::from(s.modules).powi(2))
                .sum(),
        );
        let mut between = 0.0;
        let mut interface_pairs = 0u64;
        for (ix, s) in &used {
            for (other, pairs) in &s.pairs_between {
                if other > ix {
                    let o = &self.services[*other as usize];
                    between += f64::from(*pairs) / (f64::from(s.modules) * f64::from(o.modules));
                    interface_pairs += u64::from(*pairs);
                }
            }
        }
        let coupling = if k > 1.0 {
            between * 2.0 / (k * (k - 1.0))
        } else {
            0.0
        };
        v[MetricId::Sm as usize] = cohesion - coupling;
        v[MetricId::Ifn as usize] = mean(interface_pairs as f64);
        let mid_sized: f64 = used
            .iter()
            .map(|(_, s)| s.modules)
            .filter(|n| (5..=20).contains(n))
            .map(f64::from)
            .sum();
        v[MetricId::Ned as usize] = if assigned > 0.0 && mid_sized > 0.0 {
            1.0 - mid_sized / assigned
        } else {
            1.0
        };

        let turbomq: f64 = used
            .iter()
            .map(|(_, s)| {
                let inside = s.volume_inside.get();
                let crossing = s.volume_out.get() + s.volume_in.get() - 2.0 * inside;
                if inside > 0.0 {
                    2.0 * inside / (2.0 * inside + crossing.max(0.0))
                } else {
                    0.0
                }
            })
            .sum();
        v[MetricId::TurboMq as usize] = turbomq;
        v[MetricId::TurboMqNorm as usize] = mean(turbomq);
        let m = self.volume_total.get();
        v[MetricId::Modularity as usize] = if m > 0.0 {
            used.iter()
                .map(|(_, s)| {
                    s.volume_inside.get() / m - s.volume_out.get() * s.volume_in.get() / (m * m)
                })
                .sum()
        } else {
            0.0
        };

        let graph = self.service_graph();
        v[MetricId::Cdp as usize] = ratio(graph.mutual_pairs as f64, graph.linked_pairs as f64);
        v[MetricId::Services as usize] = k;
        v[MetricId::CrossCalls as usize] = self.cross_calls as f64;
        v[MetricId::CrossVolumeShare as usize] =
            ratio(self.volume_cross.get(), self.volume_total.get());
        v[MetricId::ServiceDependencies as usize] = self.edges.len() as f64;
        v[MetricId::MaxFanOut as usize] = used
            .iter()
            .map(|(ix, _)| graph.fan_out[*ix as usize])
            .max()
            .unwrap_or(0) as f64;
        v[MetricId::MeanInstability as usize] =
            mean(used.iter().map(|(ix, _)| graph.instability(*ix)).sum());
        v[MetricId::Cycles as usize] = graph.cycles.len() as f64;
        let chain = &self.sync_chain;
        v[MetricId::SyncChain as usize] = chain.hops as f64;
        v[MetricId::SyncChainAvailability as usize] =
            self.options.hop_availability.powi(chain.hops as i32);
        v[MetricId::DistributedTransactions as usize] = self.distributed_transactions as f64;
        v[MetricId::SharedWrittenTables as usize] = self.shared_tables as f64;
        v[MetricId::CrossServiceReads as usize] = self.cross_reads as f64;
        v[MetricId::MaxTeamsPerService as usize] =
            used.iter().map(|(_, s)| s.teams.len()).max().unwrap_or(0) as f64;
        v[MetricId::MaxServicesPerTeam as usize] = self
            .team_services
            .iter()
            .map(|t| t.len())
            .max()
            .unwrap_or(0) as f64;
        v[MetricId::CrossCoChange as usize] = self.cross_co_change();
        v[MetricId::MaxAuthoringTeams as usize] = self.max_authoring_teams();
        let mean_size = mean(used.iter().map(|(_, s)| s.size.get()).sum());
        let variance = mean(
            used.iter()
                .map(|(_, s)| (s.size.get() - mean_size).powi(2))
                .sum(),
        );
        v[MetricId::SizeCv as usize] = ratio(variance.sqrt(), mean_size);
        v[MetricId::Unassigned as usize] = self.unassigned as f64;
        v[MetricId::EmptyServices as usize] = (self.services.len() - used.len()) as f64;
        Scores::from_values(v)
    }

    /// Only the directed weighted modularity: one pass over the calls with array
    /// lookups, for when nothing else is needed.
    pub fn modularity_only(graph: &ModelGraph, service_of: &[u32], service_count: usize) -> f64 {
        let mut inside = vec![0.0; service_count];
        let mut out = vec![0.0; service_count];
        let mut into = vec![0.0; service_count];
        let mut total = 0.0;
        for (call, a, b) in graph.placed_calls(service_of) {
            total += call.volume;
            out[a as usize] += call.volume;
            into[b as usize] += call.volume;
            if a == b {
                inside[a as usize] += call.volume;
            }
        }
        if total == 0.0 {
            return 0.0;
        }
        (0..service_count)
            .map(|s| inside[s] / total - out[s] * into[s] / (total * total))
            .sum()
    }
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 { part / whole } else { 0.0 }
}

fn decrement(counts: &mut FxHashMap<u32, u32>, key: u32) {
    if let Some(count) = counts.get_mut(&key) {
        *count -= 1;
        if *count == 0 {
            counts.remove(&key);
        }
    }
}

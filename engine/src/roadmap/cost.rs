//! What an intermediate state of the migration costs, and a model that prices
//! any set of extracted groups without touching the call graph again: the
//! calls are folded into group-to-group sums once, so the exact order search
//! can price a million states.
//!
//! A state is "the services extracted so far, plus one service `monolith`
//! holding every other module". Its cost is read off three of its metrics,
//! exactly as `seams analyze` computes them on that state:
//! the share of call volume that crosses services, the distributed writes
//! (tables written on two sides plus atomic calls across a boundary), and the
//! dependency cycles between services.

use fixedbitset::FixedBitSet;
use serde::{Deserialize, Serialize};

use super::groups::Group;
use crate::graph::{Amount, ModelGraph};
use crate::metrics::{MetricId, Scores, UNASSIGNED};
use crate::text::Text;

/// How much each part of a state's cost weighs.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct CostWeights {
    /// Per percent of all call volume that crosses services in the state.
    pub volume: f64,
    /// Per distributed write: a table written on two sides, or an atomic call
    /// across a boundary.
    pub distributed_write: f64,
    /// Per dependency cycle between services (the monolith counts as one).
    pub cycle: f64,
}

impl Default for CostWeights {
    fn default() -> Self {
        CostWeights {
            volume: 1.0,
            distributed_write: 10.0,
            cycle: 10.0,
        }
    }
}

impl CostWeights {
    /// The cost rule in words, as the roadmap page and the report state it.
    pub fn rule(&self) -> Text {
        let n = crate::metrics::format_value;
        Text::new(
            format!(
                "각 중간 상태의 비용 = 서비스 경계를 넘는 호출량 비율(%) × {} + 분산 쓰기(두 쪽에서 쓰는 테이블, 경계를 넘는 원자적 호출) 1건당 {} + 서비스 간 순환 의존 1개당 {}. 순서는 모든 단계 뒤 상태의 비용 합이 가장 작은 것입니다.",
                n(self.volume),
                n(self.distributed_write),
                n(self.cycle)
            ),
            format!(
                "Cost of each intermediate state = % of call volume crossing services × {} + {} per distributed write (a table written on two sides, an atomic call across a boundary) + {} per dependency cycle between services. The order is the one whose states, after every step, add up to the least.",
                n(self.volume),
                n(self.distributed_write),
                n(self.cycle)
            ),
        )
    }
}

/// The three parts of a state's cost, as its metrics give them.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StateCost {
    /// Share (0..1) of all call volume that crosses services.
    pub remote_volume_share: f64,
    /// Tables written on two sides plus atomic calls across a boundary.
    pub distributed_writes: u32,
    /// Dependency cycles between services.
    pub cycles: u32,
}

impl StateCost {
    /// The cost parts of a state from its metrics.
    pub fn of(scores: &Scores) -> StateCost {
        StateCost {
            remote_volume_share: scores.get(MetricId::CrossVolumeShare),
            distributed_writes: (scores.get(MetricId::SharedWrittenTables)
                + scores.get(MetricId::DistributedTransactions))
                as u32,
            cycles: scores.get(MetricId::Cycles) as u32,
        }
    }

    /// The cost under `weights`.
    pub fn total(&self, weights: &CostWeights) -> f64 {
        self.remote_volume_share * 100.0 * weights.volume
            + f64::from(self.distributed_writes) * weights.distributed_write
            + f64::from(self.cycles) * weights.cycle
    }
}

/// The calls and tables of a split folded into groups, to price states.
#[derive(Clone, Debug)]
pub struct CostModel {
    groups: usize,
    services: usize,
    group_services: Vec<FixedBitSet>,
    /// Volume of calls between different services of one group.
    inner_volume: Vec<Amount>,
    inner_atomic: Vec<u32>,
    /// Volume of calls between two groups (both directions), `g * groups + h`.
    pair_volume: Vec<Amount>,
    pair_atomic: Vec<u32>,
    total_volume: Amount,
    /// Per group, the tables written by two services or more that it writes,
    /// with how many of its services write each.
    group_tables: Vec<Vec<(usize, u32)>>,
    /// Per such table, how many services write it.
    table_writers: Vec<u32>,
    /// Services each service calls, and is called by.
    out: Vec<FixedBitSet>,
    inn: Vec<FixedBitSet>,
    group_out: Vec<FixedBitSet>,
    group_in: Vec<FixedBitSet>,
    /// The dependency cycles of the whole split.
    final_cycles: Vec<FixedBitSet>,
}

/// Sets reused by every pricing, so pricing a state allocates nothing.
#[derive(Clone, Debug)]
pub struct Scratch {
    rest: FixedBitSet,
    start: FixedBitSet,
    seen: FixedBitSet,
    frontier: FixedBitSet,
    next: FixedBitSet,
    forward: FixedBitSet,
    backward: FixedBitSet,
    part: FixedBitSet,
    remaining: FixedBitSet,
    within: FixedBitSet,
    extracted: FixedBitSet,
    tables: Vec<u32>,
}

impl CostModel {
    /// Folds the calls of `graph` (modules placed by `service_of`, entry
    /// points in no service) into `groups`; `cycles` are the whole split's.
    pub fn new(
        graph: &ModelGraph,
        service_of: &[u32],
        services: usize,
        groups: &[Group],
        cycles: &[Vec<u32>],
    ) -> CostModel {
        let g = groups.len();
        let mut group_of = vec![0usize; services];
        let mut group_services = vec![FixedBitSet::with_capacity(services); g];
        for (ix, group) in groups.iter().enumerate() {
            for &s in &group.services {
                group_of[s as usize] = ix;
                group_services[ix].insert(s as usize);
            }
        }
        let mut model = CostModel {
            groups: g,
            services,
            group_services,
            inner_volume: vec![Amount::default(); g],
            inner_atomic: vec![0; g],
            pair_volume: vec![Amount::default(); g * g],
            pair_atomic: vec![0; g * g],
            total_volume: Amount::default(),
            group_tables: vec![Vec::new(); g],
            table_writers: Vec::new(),
            out: vec![FixedBitSet::with_capacity(services); services],
            inn: vec![FixedBitSet::with_capacity(services); services],
            group_out: vec![FixedBitSet::with_capacity(services); g],
            group_in: vec![FixedBitSet::with_capacity(services); g],
            final_cycles: Vec::new(),
        };
        for (call, a, b) in graph.placed_calls(service_of) {
            model.total_volume.add(call.volume_units, 1);
            if a == b {
                continue;
            }
            let (a, b) = (a as usize, b as usize);
            model.out[a].insert(b);
            model.inn[b].insert(a);
            let (ga, gb) = (group_of[a], group_of[b]);
            let atomic = u32::from(call.transactional);
            if ga == gb {
                model.inner_volume[ga].add(call.volume_units, 1);
                model.inner_atomic[ga] += atomic;
            } else {
                for ix in [ga * g + gb, gb * g + ga] {
                    model.pair_volume[ix].add(call.volume_units, 1);
                    model.pair_atomic[ix] += atomic;
                }
            }
        }
        for (s, &g) in group_of.iter().enumerate() {
            model.group_out[g].union_with(&model.out[s]);
            model.group_in[g].union_with(&model.inn[s]);
        }
        let mut writers: Vec<rustc_hash::FxHashSet<u32>> =
            vec![Default::default(); graph.tables.len()];
        for (m, &s) in service_of.iter().enumerate() {
            if s != UNASSIGNED {
                for &t in graph.writes.row(m as u32) {
                    writers[t as usize].insert(s);
                }
            }
        }
        for services_writing in writers.iter().filter(|w| w.len() >= 2) {
            let table = model.table_writers.len();
            model.table_writers.push(services_writing.len() as u32);
            let mut per_group: Vec<(usize, u32)> = Vec::new();
            for &s in services_writing {
                let group = group_of[s as usize];
                match per_group.iter_mut().find(|(h, _)| *h == group) {
                    Some((_, count)) => *count += 1,
                    None => per_group.push((group, 1)),
                }
            }
            for (group, count) in per_group {
                model.group_tables[group].push((table, count));
            }
        }
        model.final_cycles = cycles
            .iter()
            .map(|cycle| {
                let mut set = FixedBitSet::with_capacity(services);
                set.extend(cycle.iter().map(|&s| s as usize));
                set
            })
            .collect();
        model
    }

    /// How many groups there are.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// How many services there are.
    pub fn services_count(&self) -> usize {
        self.services
    }

    /// The services of group `g`.
    pub fn services_of(&self, g: usize) -> &FixedBitSet {
        &self.group_services[g]
    }

    /// Fresh scratch sets for this model.
    pub fn scratch(&self) -> Scratch {
        let set = FixedBitSet::with_capacity(self.services);
        Scratch {
            rest: set.clone(),
            start: set.clone(),
            seen: set.clone(),
            frontier: set.clone(),
            next: set.clone(),
            forward: set.clone(),
            backward: set.clone(),
            part: set.clone(),
            remaining: set.clone(),
            within: set.clone(),
            extracted: set,
            tables: vec![0; self.table_writers.len()],
        }
    }

    /// The volume and atomic calls that start crossing when group `g` leaves,
    /// `out` (groups) having left before it.
    pub(super) fn added_by(&self, g: usize, out: impl Fn(usize) -> bool) -> (Amount, u32) {
        let mut volume = self.inner_volume[g];
        let mut atomic = self.inner_atomic[g];
        for h in (0..self.groups).filter(|&h| h != g && !out(h)) {
            volume.add_amount(self.pair_volume[g * self.groups + h]);
            atomic += self.pair_atomic[g * self.groups + h];
        }
        (volume, atomic)
    }

    /// Tables written on two sides or more when the groups `out` have left.
    fn shared_tables(&self, out: &FixedBitSet, extracted: &mut [u32]) -> u32 {
        extracted.fill(0);
        for g in out.ones() {
            for &(t, count) in &self.group_tables[g] {
                extracted[t] += count;
            }
        }
        extracted
            .iter()
            .zip(&self.table_writers)
            .filter(|(ext, all)| **ext + u32::from(**ext < **all) >= 2)
            .count() as u32
    }

    /// The dependency cycles of the state where the groups `out` (their
    /// services `extracted`) have left and the rest is one monolith.
    ///
    /// The state's graph is the split's with the remaining services contracted
    /// into the monolith. The monolith's own cycle is those extracted services
    /// it reaches that reach it back; every other cycle lies inside one of the
    /// split's own cycles, among extracted services outside the monolith's.
    fn cycles(&self, out: impl Fn(usize) -> bool, extracted: &FixedBitSet, s: &mut Scratch) -> u32 {
        if extracted.is_clear() {
            return 0;
        }
        s.rest.clear();
        s.start.clear();
        s.part.clear();
        for g in (0..self.groups).filter(|&g| !out(g)) {
            s.rest.union_with(&self.group_services[g]);
            s.start.union_with(&self.group_out[g]);
            s.part.union_with(&self.group_in[g]);
        }
        if s.rest.is_clear() {
            return self.final_cycles.len() as u32;
        }
        s.start.intersect_with(extracted);
        reach(
            &self.out,
            extracted,
            &s.start,
            &mut s.forward,
            &mut s.frontier,
            &mut s.next,
        );
        s.part.intersect_with(extracted);
        reach(
            &self.inn,
            extracted,
            &s.part,
            &mut s.backward,
            &mut s.frontier,
            &mut s.next,
        );
        s.forward.intersect_with(&s.backward);
        let mut cycles = u32::from(!s.forward.is_clear());
        for cycle in &self.final_cycles {
            s.remaining.clone_from(cycle);
            s.remaining.intersect_with(extracted);
            s.remaining.difference_with(&s.forward);
            cycles += cycles_within(&self.out, &self.inn, s);
        }
        cycles
    }

    /// The cost parts of the state where the groups `out` have left.
    pub fn state(&self, out: &FixedBitSet, s: &mut Scratch) -> StateCost {
        let mut volume = Amount::default();
        let mut atomic = 0;
        let mut before = FixedBitSet::with_capacity(self.groups);
        for g in out.ones() {
            let (v, a) = self.added_by(g, |h| before.contains(h));
            volume.add_amount(v);
            atomic += a;
            before.insert(g);
        }
        let mut extracted = std::mem::take(&mut s.extracted);
        extracted.clear();
        for g in out.ones() {
            extracted.union_with(&self.group_services[g]);
        }
        let cost = self.cost_of(volume, atomic, out, &extracted, s);
        s.extracted = extracted;
        cost
    }

    /// The cost parts of the state where the groups `out` (their services
    /// `extracted`) have left, given its crossing volume and atomic calls.
    pub(super) fn cost_of(
        &self,
        volume: Amount,
        atomic: u32,
        out: &FixedBitSet,
        extracted: &FixedBitSet,
        s: &mut Scratch,
    ) -> StateCost {
        let total = self.total_volume.get();
        StateCost {
            remote_volume_share: if total > 0.0 {
                volume.get() / total
            } else {
                0.0
            },
            distributed_writes: atomic + self.shared_tables(out, &mut s.tables),
            cycles: self.cycles(|g| out.contains(g), extracted, s),
        }
    }
}

/// Everything reachable from `start` (included) along `adjacency`, within `within`.
fn reach(
    adjacency: &[FixedBitSet],
    within: &FixedBitSet,
    start: &FixedBitSet,
    seen: &mut FixedBitSet,
    frontier: &mut FixedBitSet,
    next: &mut FixedBitSet,
) {
    seen.clone_from(start);
    frontier.clone_from(start);
    while !frontier.is_clear() {
        next.clear();
        for x in frontier.ones() {
            next.union_with(&adjacency[x]);
        }
        next.intersect_with(within);
        next.difference_with(seen);
        seen.union_with(next);
        std::mem::swap(frontier, next);
    }
}

/// The cycles (strongly connected parts of two services or more) among the
/// services in `s.remaining`, which it empties.
fn cycles_within(out: &[FixedBitSet], inn: &[FixedBitSet], s: &mut Scratch) -> u32 {
    let mut cycles = 0;
    while let Some(v) = s.remaining.ones().next() {
        s.start.clear();
        s.start.insert(v);
        s.within.clone_from(&s.remaining);
        reach(
            out,
            &s.within,
            &s.start,
            &mut s.seen,
            &mut s.frontier,
            &mut s.next,
        );
        std::mem::swap(&mut s.seen, &mut s.part);
        reach(
            inn,
            &s.within,
            &s.start,
            &mut s.seen,
            &mut s.frontier,
            &mut s.next,
        );
        s.part.intersect_with(&s.seen);
        cycles += u32::from(s.part.count_ones(..) >= 2);
        s.remaining.difference_with(&s.part);
    }
    cycles
}

/// A state built up group by group, each step priced from the one before:
/// how a given order is priced, and how the heuristic tries its moves.
#[derive(Clone, Debug)]
pub struct Walker<'a> {
    model: &'a CostModel,
    out: FixedBitSet,
    extracted: FixedBitSet,
    volume: Amount,
    atomic: u32,
    scratch: Scratch,
}

impl<'a> Walker<'a> {
    /// The state before any step: everything is the monolith.
    pub fn new(model: &'a CostModel) -> Walker<'a> {
        Walker {
            model,
            out: FixedBitSet::with_capacity(model.groups),
            extracted: FixedBitSet::with_capacity(model.services),
            volume: Amount::default(),
            atomic: 0,
            scratch: model.scratch(),
        }
    }

    /// Whether group `g` has left.
    pub fn has_left(&self, g: usize) -> bool {
        self.out.contains(g)
    }

    /// The groups that have left.
    pub fn left(&self) -> &FixedBitSet {
        &self.out
    }

    /// The cost of the state after group `g` leaves too, leaving this one as it is.
    pub fn peek(&mut self, g: usize) -> StateCost {
        let (v, a) = self.model.added_by(g, |h| self.out.contains(h));
        let mut volume = self.volume;
        volume.add_amount(v);
        let mut out = self.out.clone();
        out.insert(g);
        let mut extracted = self.extracted.clone();
        extracted.union_with(&self.model.group_services[g]);
        self.model
            .cost_of(volume, self.atomic + a, &out, &extracted, &mut self.scratch)
    }

    /// Group `g` leaves; the new state's cost.
    pub fn push(&mut self, g: usize) -> StateCost {
        let (v, a) = self.model.added_by(g, |h| self.out.contains(h));
        self.volume.add_amount(v);
        self.atomic += a;
        self.out.insert(g);
        self.extracted.union_with(&self.model.group_services[g]);
        self.model.cost_of(
            self.volume,
            self.atomic,
            &self.out,
            &self.extracted,
            &mut self.scratch,
        )
    }
}

//! The extraction order: the cheapest one under the team's constraints — exact
//! by dynamic programming over the sets of extracted groups for up to
//! [`EXACT_GROUPS`] groups, a stated heuristic above — and the check that a
//! given order keeps the constraints.

use fixedbitset::FixedBitSet;
use serde::{Deserialize, Serialize};

use super::cost::{CostModel, CostWeights, Walker};

/// Up to this many groups the cheapest order is found exactly (2^20 states).
pub const EXACT_GROUPS: usize = 20;

/// The heuristic's local search stops after pricing this many states, so
/// even a split of hundreds of services is planned in well under a second.
pub const HEURISTIC_BUDGET: usize = 200_000;

/// How an order was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderMethod {
    /// The cheapest order, found exactly.
    Exact,
    /// A cheap order found by the heuristic (more groups than the exact search takes).
    Heuristic,
    /// The order the team chose.
    Given,
}

impl OrderMethod {
    /// How the order was found, in words.
    pub fn text(self) -> crate::text::Text {
        use crate::text::Text;
        match self {
            OrderMethod::Exact => Text::new(
                "비용이 가장 적은 순서 (모든 순서를 동적 계획법으로 비교)",
                "the cheapest order (every order compared, by dynamic programming over the sets of extracted services)",
            ),
            OrderMethod::Heuristic => Text::new(
                format!(
                    "비용이 적은 순서 (그룹이 {EXACT_GROUPS}개를 넘어 휴리스틱: 매번 다음 상태가 가장 싼 그룹을 고르고, 한 단계를 다른 자리로 옮겨 합이 줄면 받아들이기를 상태 {HEURISTIC_BUDGET}개를 계산할 때까지 반복)"
                ),
                format!(
                    "a cheap order (more than {EXACT_GROUPS} groups, so a heuristic: each time take the group whose next state costs least, then move single steps to other places while that lowers the sum, for up to {HEURISTIC_BUDGET} priced states)"
                ),
            ),
            OrderMethod::Given => Text::new("팀이 정한 순서", "the order the team chose"),
        }
    }
}

/// Which groups must leave before which: per group, the groups before it.
#[derive(Clone, Debug)]
pub struct Constraints {
    before: Vec<FixedBitSet>,
}

impl Constraints {
    /// No constraints between `groups` groups.
    pub fn none(groups: usize) -> Constraints {
        Constraints {
            before: vec![FixedBitSet::with_capacity(groups); groups],
        }
    }

    /// Group `earlier` must leave before group `later` (nothing when equal).
    pub fn require(&mut self, earlier: usize, later: usize) {
        if earlier != later {
            self.before[later].insert(earlier);
        }
    }

    /// The groups that must leave before `g`.
    pub fn before(&self, g: usize) -> &FixedBitSet {
        &self.before[g]
    }

    /// Whether `g` may leave once the groups `out` have.
    pub fn allows(&self, g: usize, out: &FixedBitSet) -> bool {
        self.before[g].is_subset(out)
    }

    /// A cycle of requirements, if the constraints contradict each other:
    /// groups that would each have to leave before the next.
    pub fn contradiction(&self) -> Option<Vec<usize>> {
        let n = self.before.len();
        // 0 unvisited, 1 on the path, 2 done.
        let mut state = vec![0u8; n];
        let mut path = Vec::new();
        for start in 0..n {
            if state[start] == 0
                && let Some(cycle) = self.visit(start, &mut state, &mut path)
            {
                return Some(cycle);
            }
        }
        None
    }

    fn visit(&self, g: usize, state: &mut [u8], path: &mut Vec<usize>) -> Option<Vec<usize>> {
        state[g] = 1;
        path.push(g);
        for p in self.before[g].ones() {
            if state[p] == 1 {
                let from = path.iter().position(|&x| x == p).unwrap_or(0);
                return Some(path[from..].iter().rev().copied().collect());
            }
            if state[p] == 0
                && let Some(cycle) = self.visit(p, state, path)
            {
                return Some(cycle);
            }
        }
        path.pop();
        state[g] = 2;
        None
    }

    /// The first requirement `order` breaks, as (the group that came too
    /// early, the group that should have gone first).
    pub fn broken_by(&self, order: &[usize]) -> Option<(usize, usize)> {
        let mut out = FixedBitSet::with_capacity(self.before.len());
        for &g in order {
            if let Some(missing) = self.before[g].difference(&out).next() {
                return Some((g, missing));
            }
            out.insert(g);
        }
        None
    }
}

/// The total cost of an order: the sum of its states' costs, added in step order.
pub fn total(model: &CostModel, order: &[usize], weights: &CostWeights) -> f64 {
    let mut walker = Walker::new(model);
    order
        .iter()
        .fold(0.0, |sum, &g| sum + walker.push(g).total(weights))
}

/// The cheapest order that keeps the constraints (which must not contradict
/// each other), and how it was found.
pub fn cheapest(
    model: &CostModel,
    constraints: &Constraints,
    weights: &CostWeights,
) -> (Vec<usize>, OrderMethod) {
    if model.groups() <= EXACT_GROUPS {
        (exact(model, constraints, weights), OrderMethod::Exact)
    } else {
        (
            heuristic(model, constraints, weights),
            OrderMethod::Heuristic,
        )
    }
}

/// Dynamic programming over the sets of extracted groups: the cheapest way
/// to reach a set is its own cost plus the cheapest way to reach it minus
/// one group that may leave last. Ties go to the order that extracts groups
/// earlier in the split first.
fn exact(model: &CostModel, constraints: &Constraints, weights: &CostWeights) -> Vec<usize> {
    let n = model.groups();
    if n == 0 {
        return Vec::new();
    }
    let before: Vec<u32> = (0..n)
        .map(|g| constraints.before(g).ones().fold(0u32, |m, p| m | (1 << p)))
        .collect();
    let states = 1usize << n;
    let mut best = vec![f64::INFINITY; states];
    let mut last = vec![u8::MAX; states];
    let mut volume = vec![crate::graph::Amount::default(); states];
    let mut atomic = vec![0u32; states];
    best[0] = 0.0;
    let mut scratch = model.scratch();
    let mut out = FixedBitSet::with_capacity(n);
    let mut extracted = FixedBitSet::with_capacity(model.services_count());
    for set in 1..states {
        let low = set.trailing_zeros() as usize;
        let rest = set & (set - 1);
        let (v, a) = model.added_by(low, |h| rest & (1 << h) != 0);
        let mut sum = volume[rest];
        sum.add_amount(v);
        volume[set] = sum;
        atomic[set] = atomic[rest] + a;
        let mut choice = None;
        let mut cheapest = f64::INFINITY;
        let mut bits = set;
        while bits != 0 {
            let g = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let without = set & !(1 << g);
            if before[g] & !(without as u32) != 0 || best[without].is_infinite() {
                continue;
            }
            if best[without] <= cheapest {
                cheapest = best[without];
                choice = Some(g);
            }
        }
        let Some(g) = choice else {
            continue;
        };
        out.clear();
        extracted.clear();
        let mut bits = set;
        while bits != 0 {
            let h = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            out.insert(h);
            extracted.union_with(model.services_of(h));
        }
        let cost = model.cost_of(volume[set], atomic[set], &out, &extracted, &mut scratch);
        best[set] = cheapest + cost.total(weights);
        last[set] = g as u8;
    }
    let mut order = Vec::with_capacity(n);
    let mut set = states - 1;
    while set != 0 {
        let g = last[set] as usize;
        order.push(g);
        set &= !(1 << g);
    }
    order.reverse();
    order
}

/// Greedy construction (each time the group whose next state costs least),
/// then local search: a step moved to another place is kept when the total
/// falls, until no move helps or [`HEURISTIC_BUDGET`] states were priced.
///
/// A state's cost depends only on which groups have left, so moving a step
/// changes the states between its old and its new place and no other: a
/// candidate order is priced by walking only those, from the state before
/// them, and its total summed from every state's cost in step order (the
/// same sum, to the bit, as pricing the whole order afresh). The budget
/// still counts a whole order per candidate, so the search and its result
/// are those of pricing every state.
fn heuristic(model: &CostModel, constraints: &Constraints, weights: &CostWeights) -> Vec<usize> {
    let n = model.groups();
    let mut walker = Walker::new(model);
    let mut order = Vec::with_capacity(n);
    for _ in 0..n {
        let mut choice = None;
        let mut cheapest = f64::INFINITY;
        for g in 0..n {
            if walker.has_left(g) || !constraints.allows(g, walker.left()) {
                continue;
            }
            let cost = walker.peek(g).total(weights);
            if cost < cheapest {
                cheapest = cost;
                choice = Some(g);
            }
        }
        let Some(g) = choice else {
            break;
        };
        walker.push(g);
        order.push(g);
    }
    let sum = |costs: &[f64]| costs.iter().fold(0.0, |sum, cost| sum + cost);
    let mut priced = n * n;
    let (mut walkers, mut costs) = prefixes(model, &order, weights);
    let mut current = sum(&costs);
    priced += n;
    let mut improved = true;
    while improved && priced < HEURISTIC_BUDGET {
        improved = false;
        'moves: for from in 0..n {
            for to in 0..=n {
                if to == from || to == from + 1 {
                    continue;
                }
                if priced >= HEURISTIC_BUDGET {
                    break 'moves;
                }
                let mut candidate = order.clone();
                let g = candidate.remove(from);
                let place = if to > from { to - 1 } else { to };
                candidate.insert(place, g);
                if constraints.broken_by(&candidate).is_some() {
                    continue;
                }
                let (first, last) = (from.min(place), from.max(place));
                let mut walker = walkers[first].clone();
                let mut candidate_costs = costs.clone();
                for (k, &h) in candidate.iter().enumerate().take(last + 1).skip(first) {
                    candidate_costs[k] = walker.push(h).total(weights);
                }
                let cost = sum(&candidate_costs);
                priced += n;
                if cost < current {
                    current = cost;
                    order = candidate;
                    (walkers, costs) = prefixes(model, &order, weights);
                    improved = true;
                }
            }
        }
    }
    order
}

/// Along `order`: the walker before each step (and after the last), and each
/// state's cost.
fn prefixes<'a>(
    model: &'a CostModel,
    order: &[usize],
    weights: &CostWeights,
) -> (Vec<Walker<'a>>, Vec<f64>) {
    let mut walker = Walker::new(model);
    let mut walkers = Vec::with_capacity(order.len() + 1);
    let mut costs = Vec::with_capacity(order.len());
    for &g in order {
        walkers.push(walker.clone());
        costs.push(walker.push(g).total(weights));
    }
    walkers.push(walker);
    (walkers, costs)
}

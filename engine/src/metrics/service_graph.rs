//! The service dependency graph: which service calls which, fan-in and fan-out,
//! cycles, and the longest chain of synchronous hops.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use rustc_hash::FxHashMap;

use super::scorer::EdgeAgg;

/// The dependency structure between the services of a split.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceGraph {
    /// Per service, how many other services it calls (efferent coupling Ce).
    pub fan_out: Vec<u32>,
    /// Per service, how many other services call it (afferent coupling Ca).
    pub fan_in: Vec<u32>,
    /// Unordered service pairs with a call in at least one direction.
    pub linked_pairs: u32,
    /// Unordered service pairs with calls in both directions.
    pub mutual_pairs: u32,
    /// Groups of two or more services that reach each other (sorted service numbers).
    pub cycles: Vec<Vec<u32>>,
    /// Out-neighbours per service, sorted.
    out: Vec<Vec<u32>>,
}

/// The longest chain of synchronous cross-service hops.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncChain {
    /// How many hops (network calls) it has.
    pub hops: u32,
    /// The services along it, in call order.
    pub services: Vec<u32>,
    /// Whether it passes through a cycle of synchronous calls; such a cycle counts
    /// as one hop fewer than its services, so the figure is then an estimate.
    pub through_cycle: bool,
}

impl ServiceGraph {
    /// Builds the graph of `service_count` services from the aggregated calls.
    pub fn new(service_count: usize, edges: &FxHashMap<(u32, u32), EdgeAgg>) -> ServiceGraph {
        let mut fan_out = vec![0; service_count];
        let mut fan_in = vec![0; service_count];
        let mut out = vec![Vec::new(); service_count];
        let (mut linked_pairs, mut mutual_pairs) = (0, 0);
        for &(a, b) in edges.keys() {
            fan_out[a as usize] += 1;
            fan_in[b as usize] += 1;
            out[a as usize].push(b);
            let reverse = edges.contains_key(&(b, a));
            if !reverse || a < b {
                linked_pairs += 1;
            }
            if reverse && a < b {
                mutual_pairs += 1;
            }
        }
        for list in &mut out {
            list.sort_unstable();
        }
        let cycles = strongly_connected(&out)
            .into_iter()
            .filter(|component| component.len() > 1)
            .map(|mut component| {
                component.sort_unstable();
                component
            })
            .collect();
        ServiceGraph {
            fan_out,
            fan_in,
            linked_pairs,
            mutual_pairs,
            cycles,
            out,
        }
    }

    /// Martin's instability Ce/(Ca+Ce) of a service; 0 for an isolated one.
    pub fn instability(&self, service: u32) -> f64 {
        let (ca, ce) = (
            self.fan_in[service as usize],
            self.fan_out[service as usize],
        );
        if ca + ce == 0 {
            0.0
        } else {
            f64::from(ce) / f64::from(ca + ce)
        }
    }

    /// The longest path of synchronous hops, with cycles of synchronous calls
    /// condensed to one node (worth its size minus one hops) so it is computed in
    /// linear time; longest simple paths in a cyclic graph are intractable.
    pub fn longest_sync_chain(&self, edges: &FxHashMap<(u32, u32), EdgeAgg>) -> SyncChain {
        let sync_out: Vec<Vec<u32>> = self
            .out
            .iter()
            .enumerate()
            .map(|(a, list)| {
                list.iter()
                    .copied()
                    .filter(|&b| edges.get(&(a as u32, b)).is_some_and(|e| e.sync_calls > 0))
                    .collect()
            })
            .collect();
        // Components come sinks first (reverse topological order).
        let components = strongly_connected(&sync_out);
        let mut component_of = vec![0usize; sync_out.len()];
        for (c, members) in components.iter().enumerate() {
            for &s in members {
                component_of[s as usize] = c;
            }
        }
        // A cycle of s services counts as s - 1 hops: the longest simple path through
        // a ring, an upper bound for denser cycles.
        let inside = |c: usize| components[c].len() as u32 - 1;
        let mut best: Vec<u32> = (0..components.len()).map(inside).collect();
        let mut next: Vec<Option<(u32, u32)>> = vec![None; components.len()];
        for (c, members) in components.iter().enumerate() {
            for &a in members {
                for &b in &sync_out[a as usize] {
                    let d = component_of[b as usize];
                    if d != c && inside(c) + 1 + best[d] > best[c] {
                        best[c] = inside(c) + 1 + best[d];
                        next[c] = Some((a, b));
                    }
                }
            }
        }
        let Some(start) = (0..components.len()).rev().max_by_key(|&c| best[c]) else {
            return SyncChain::default();
        };
        if best[start] == 0 {
            return SyncChain::default();
        }
        let mut chain = SyncChain {
            hops: best[start],
            ..SyncChain::default()
        };
        let mut c = start;
        let mut entered_at = None;
        loop {
            let exit = next[c].map(|(a, _)| a);
            if components[c].len() > 1 {
                chain.through_cycle = true;
                // Entry first, the exit last, the rest of the cycle in between.
                let entry = entered_at.or(exit).unwrap_or(components[c][0]);
                let mut members: Vec<u32> = components[c]
                    .iter()
                    .copied()
                    .filter(|&s| s != entry && Some(s) != exit)
                    .collect();
                members.sort_unstable();
                chain.services.push(entry);
                chain.services.extend(members);
                if let Some(exit) = exit.filter(|&x| x != entry) {
                    chain.services.push(exit);
                }
            } else {
                chain.services.push(components[c][0]);
            }
            let Some((_, b)) = next[c] else { break };
            entered_at = Some(b);
            c = component_of[b as usize];
        }
        chain
    }
}

/// Strongly connected components of a small graph given as adjacency lists, in
/// reverse topological order (petgraph's Tarjan).
fn strongly_connected(out: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let mut graph = DiGraph::<(), ()>::with_capacity(out.len(), out.iter().map(Vec::len).sum());
    for _ in 0..out.len() {
        graph.add_node(());
    }
    for (a, list) in out.iter().enumerate() {
        for &b in list {
            graph.add_edge(NodeIndex::new(a), NodeIndex::new(b as usize), ());
        }
    }
    tarjan_scc(&graph)
        .into_iter()
        .map(|component| component.into_iter().map(|n| n.index() as u32).collect())
        .collect()
}

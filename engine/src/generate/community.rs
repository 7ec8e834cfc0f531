//! Community detection for suggested splits: Leiden (Traag, Waltman & van Eck,
//! "From Louvain to Leiden: guaranteeing well-connected communities", Sci. Rep.
//! 9, 5233, 2019) and Louvain (Blondel et al. 2008), maximising modularity on
//! the compact [`WGraph`].
//!
//! Crates were considered first: leiden-rs brings its own graph library (gryf)
//! and rayon, fa-leiden-cd and rune-leiden build hash-map graphs; none takes the
//! engine's arrays, and Seams needs constraints and a target number of services
//! around the core loop. So the algorithm is written here, on flat arrays with
//! a dense scratch row per pass and no hashing in the inner loops.

use std::collections::VecDeque;

use super::csr::{Node, WGraph};
use super::rng::Rng;
use crate::parallel;

/// Which algorithm to run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    /// Louvain plus refinement: communities are guaranteed to be connected.
    #[default]
    Leiden,
    /// Local moving and aggregation only.
    Louvain,
}

/// Settings of one detection run.
#[derive(Clone, Copy, Debug)]
pub struct Detection {
    /// Which algorithm.
    pub algorithm: Algorithm,
    /// Resolution γ: higher gives more, smaller communities.
    pub resolution: f64,
    /// Seed of the random order and the refinement's choices.
    pub seed: u64,
    /// How many times the whole algorithm runs, each starting from the last result.
    pub iterations: usize,
}

impl Default for Detection {
    fn default() -> Self {
        Detection {
            algorithm: Algorithm::Leiden,
            resolution: 1.0,
            seed: 1,
            iterations: 2,
        }
    }
}

/// Randomness θ of the refinement step (as in the paper and igraph).
const THETA: f64 = 0.01;

/// Finds communities; returns each node's community, numbered from 0 in order of
/// first appearance.
pub fn detect(graph: &WGraph, settings: &Detection) -> Vec<u32> {
    let mut rng = Rng::new(settings.seed);
    let mut membership: Vec<u32> = (0..graph.node_count() as u32).collect();
    for _ in 0..settings.iterations.max(1) {
        membership = one_run(graph, &membership, settings, &mut rng);
    }
    membership
}

/// One run of the algorithm from a starting partition.
fn one_run(graph: &WGraph, start: &[u32], settings: &Detection, rng: &mut Rng) -> Vec<u32> {
    let n = graph.node_count();
    let (mut partition, _) = renumber(start);
    let mut level_of: Vec<u32> = (0..n as u32).collect();
    let mut level: Option<WGraph> = None;
    loop {
        let current = level.as_ref().unwrap_or(graph);
        move_nodes(current, &mut partition, settings.resolution, rng);
        let (moved, communities) = renumber(&partition);
        partition = moved;
        if communities == current.node_count() {
            break;
        }
        let (refined, groups) = match settings.algorithm {
            Algorithm::Leiden => renumber(&refine(current, &partition, settings.resolution, rng)),
            Algorithm::Louvain => (partition.clone(), communities),
        };
        if groups == current.node_count() {
            break;
        }
        let mut next_partition = vec![0u32; groups];
        for (v, &r) in refined.iter().enumerate() {
            next_partition[r as usize] = partition[v];
        }
        for l in level_of.iter_mut() {
            *l = refined[*l as usize];
        }
        level = Some(current.aggregate(&refined, groups));
        partition = next_partition;
    }
    let flat: Vec<u32> = level_of.iter().map(|&l| partition[l as usize]).collect();
    renumber(&flat).0
}

/// Renumbers community ids to 0.. in order of first appearance; returns the count.
pub fn renumber(membership: &[u32]) -> (Vec<u32>, usize) {
    let mut map = vec![
        u32::MAX;
        membership
            .iter()
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0)
    ];
    let mut next = 0u32;
    let out = membership
        .iter()
        .map(|&c| {
            if map[c as usize] == u32::MAX {
                map[c as usize] = next;
                next += 1;
            }
            map[c as usize]
        })
        .collect();
    (out, next as usize)
}

/// Graphs with at least this many nodes have their local moving done in
/// batches (see [`move_nodes`]); smaller ones one node at a time.
const BATCHED_FROM: usize = 16_384;

/// Nodes whose best moves are found together, on every core, in a batch.
const BATCH: usize = 1_024;

/// What a node would do, found from the state at the start of its batch.
#[derive(Clone, Copy, Debug, Default)]
struct Proposal {
    /// [`STAY`], [`ALONE`] or the community to join.
    to: u32,
    /// The node's link weight to its own community and to `to`.
    link_old: f64,
    link_to: f64,
}

/// [`Proposal::to`] of a node that keeps its community.
const STAY: u32 = u32::MAX;
/// [`Proposal::to`] of a node better off in a community of its own.
const ALONE: u32 = u32::MAX - 1;

/// The communities' strengths and sizes while nodes move.
struct Communities<'a> {
    membership: &'a mut [u32],
    strength: Vec<f64>,
    size: Vec<u32>,
    scale: f64,
}

impl Communities<'_> {
    /// Where `v` is best off, the current state read as it is: Leiden's
    /// choice of the neighbouring community with the largest modularity gain,
    /// or a community of its own when every choice loses.
    fn best_move(&self, graph: &WGraph, v: Node, scratch: &mut Scratch) -> Proposal {
        let vi = v as usize;
        let strength = graph.strength[vi];
        let old = self.membership[vi];
        for (t, w) in graph.neighbours(v) {
            let c = self.membership[t as usize];
            if scratch.link[c as usize] == 0.0 {
                scratch.touched.push(c);
            }
            scratch.link[c as usize] += w;
        }
        let old_strength = self.strength[old as usize] - strength;
        let link_old = scratch.link[old as usize];
        let (mut best, mut link_to) = (old, link_old);
        let mut best_gain = link_old - strength * old_strength * self.scale;
        // One pass picks the best community and clears the row for the next node.
        for &c in &scratch.touched {
            let link = std::mem::take(&mut scratch.link[c as usize]);
            if c == old {
                continue;
            }
            let gain = link - strength * self.strength[c as usize] * self.scale;
            if gain > best_gain {
                (best, link_to, best_gain) = (c, link, gain);
            }
        }
        scratch.touched.clear();
        let to = if best_gain < 0.0 && self.size[old as usize] > 1 {
            ALONE
        } else if best != old {
            best
        } else {
            STAY
        };
        Proposal {
            to,
            link_old,
            link_to,
        }
    }

    /// Whether `proposal`, found before other nodes of the batch moved, still
    /// gains modularity now (its links are current: no neighbour of the node
    /// has moved since).
    fn still_gains(&self, graph: &WGraph, v: Node, proposal: &Proposal) -> bool {
        let strength = graph.strength[v as usize];
        let old = self.membership[v as usize] as usize;
        let stay = proposal.link_old - strength * (self.strength[old] - strength) * self.scale;
        match proposal.to {
            STAY => true,
            ALONE => stay < 0.0 && self.size[old] > 1,
            to => proposal.link_to - strength * self.strength[to as usize] * self.scale > stay,
        }
    }
}

/// A dense row of link weights per community, and which entries are set.
struct Scratch {
    link: Vec<f64>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            link: vec![0.0; n],
            touched: Vec::new(),
        }
    }
}

/// The fast local moving of Leiden: visit nodes from a queue, move each to the
/// neighbouring community with the largest modularity gain, and queue the
/// neighbours that may now want to follow.
///
/// On a big graph the queue is taken a batch at a time: every node of the
/// batch finds its best move at once, on every core, from the state at the
/// batch's start, and the moves are then made in queue order. A move is made
/// when it still raises modularity in the current state and none of the
/// node's neighbours has moved since it was found; otherwise the node goes
/// back in the queue, to be looked at again with the next batch. So every
/// move raises modularity (the loop ends, the first move of a batch is always
/// made), and the result depends on the batch size alone, never on the number
/// of cores. With one node a batch (small graphs) this is the classic
/// one-node-at-a-time loop.
fn move_nodes(graph: &WGraph, membership: &mut [u32], resolution: f64, rng: &mut Rng) {
    let batch_size = if graph.node_count() >= BATCHED_FROM {
        BATCH
    } else {
        1
    };
    move_nodes_in_batches(graph, membership, resolution, rng, batch_size);
}

/// [`move_nodes`] with `batch_size` nodes a batch.
fn move_nodes_in_batches(
    graph: &WGraph,
    membership: &mut [u32],
    resolution: f64,
    rng: &mut Rng,
    batch_size: usize,
) {
    let n = graph.node_count();
    if graph.total <= 0.0 {
        return;
    }
    let mut communities = Communities {
        strength: vec![0.0; n],
        size: vec![0u32; n],
        scale: resolution / (2.0 * graph.total),
        membership,
    };
    for v in 0..n {
        let c = communities.membership[v] as usize;
        communities.strength[c] += graph.strength[v];
        communities.size[c] += 1;
    }
    // Empty community numbers; an entry filled since is skipped when taken.
    let mut empty: Vec<u32> = (0..n as u32)
        .filter(|&c| communities.size[c as usize] == 0)
        .collect();
    let mut order: Vec<Node> = (0..n as Node).collect();
    rng.shuffle(&mut order);
    let mut queue: VecDeque<Node> = order.into();
    let mut queued = vec![true; n];
    let runs = if batch_size > 1 {
        parallel::pieces()
    } else {
        1
    };
    let mut scratch: Vec<Scratch> = (0..runs).map(|_| Scratch::new(n)).collect();
    let mut proposals = vec![Proposal::default(); batch_size];
    let mut batch: Vec<Node> = Vec::with_capacity(batch_size);
    // The batch in which a node's links to the communities last changed.
    let mut batch_number = 0u32;
    let mut links_changed = vec![0u32; n];

    loop {
        batch.clear();
        while batch.len() < batch_size {
            let Some(v) = queue.pop_front() else { break };
            queued[v as usize] = false;
            batch.push(v);
        }
        if batch.is_empty() {
            break;
        }
        batch_number += 1;
        let found = &mut proposals[..batch.len()];
        {
            let state = &communities;
            parallel::fill(&batch, found, &mut scratch, |row, &v| {
                state.best_move(graph, v, row)
            });
        }
        for (&v, found) in batch.iter().zip(found.iter()) {
            let vi = v as usize;
            if found.to == STAY {
                continue;
            }
            // A move found from links or strengths that other moves of this
            // batch have changed waits for the next batch that takes the node.
            if links_changed[vi] == batch_number || !communities.still_gains(graph, v, found) {
                if !queued[vi] {
                    queued[vi] = true;
                    queue.push_back(v);
                }
                continue;
            }
            let old = communities.membership[vi];
            let best = match found.to {
                ALONE => loop {
                    // One exists: `old` keeps other members, so fewer than n
                    // communities are in use.
                    match empty.pop() {
                        Some(c) if communities.size[c as usize] == 0 => break c,
                        Some(_) => {}
                        None => break old,
                    }
                },
                to => to,
            };
            if best == old {
                continue;
            }
            let strength = graph.strength[vi];
            communities.strength[old as usize] -= strength;
            communities.size[old as usize] -= 1;
            if communities.size[old as usize] == 0 {
                empty.push(old);
            }
            communities.strength[best as usize] += strength;
            communities.size[best as usize] += 1;
            communities.membership[vi] = best;
            for (t, _) in graph.neighbours(v) {
                links_changed[t as usize] = batch_number;
                if !queued[t as usize] && communities.membership[t as usize] != best {
                    queued[t as usize] = true;
                    queue.push_back(t);
                }
            }
        }
    }
}

/// Leiden's refinement: inside each community, start from singletons and merge
/// well-connected nodes into well-connected sub-communities, choosing randomly
/// among the merges that do not lower modularity (weighted by exp(gain / θ)).
///
/// Communities are refined independently, on every core, each with a random
/// sequence of its own drawn from `rng`: the result does not depend on the
/// number of cores.
fn refine(graph: &WGraph, partition: &[u32], resolution: f64, rng: &mut Rng) -> Vec<u32> {
    let n = graph.node_count();
    let mut refined: Vec<u32> = (0..n as u32).collect();
    if graph.total <= 0.0 {
        return refined;
    }
    let scale = resolution / (2.0 * graph.total);
    let communities = partition.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<Node>> = vec![Vec::new(); communities];
    // Each node's place in its community's list.
    let mut place = vec![0u32; n];
    for (v, &c) in partition.iter().enumerate() {
        let list = &mut members[c as usize];
        place[v] = list.len() as u32;
        list.push(v as Node);
    }
    let base = rng.next_u64();
    let seeded: Vec<(u64, &[Node])> = members
        .iter()
        .enumerate()
        .map(|(c, list)| {
            (
                base ^ (c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
                list.as_slice(),
            )
        })
        .collect();
    let founders = parallel::map(&seeded, |&(seed, list)| {
        refine_community(graph, partition, &place, list, scale, &mut Rng::new(seed))
    });
    for ((_, list), founders) in seeded.iter().zip(founders) {
        for (&v, founder) in list.iter().zip(founders) {
            refined[v as usize] = list[founder as usize];
        }
    }
    refined
}

/// Refines one community (its nodes `list`; `place` gives each node's index
/// in its community's list): for each node, the index of the first member of
/// the sub-community it ends in.
fn refine_community(
    graph: &WGraph,
    partition: &[u32],
    place: &[u32],
    list: &[Node],
    scale: f64,
    rng: &mut Rng,
) -> Vec<u32> {
    let len = list.len();
    let mut founder: Vec<u32> = (0..len as u32).collect();
    if len < 2 {
        return founder;
    }
    let community = partition[list[0] as usize];
    let total_strength: f64 = list.iter().map(|&v| graph.strength[v as usize]).sum();
    let mut sub_strength: Vec<f64> = list.iter().map(|&v| graph.strength[v as usize]).collect();
    let mut sub_size = vec![1u32; len];
    // Weight from a sub-community to the rest of its community.
    let mut sub_external: Vec<f64> = list
        .iter()
        .map(|&v| {
            graph
                .neighbours(v)
                .filter(|&(t, _)| partition[t as usize] == community)
                .map(|(_, w)| w)
                .sum()
        })
        .collect();
    let mut link = vec![0.0; len];
    let mut touched: Vec<u32> = Vec::new();
    let mut candidates: Vec<(u32, f64)> = Vec::new();
    let mut order: Vec<u32> = (0..len as u32).collect();
    rng.shuffle(&mut order);
    for &i in &order {
        let (ii, v) = (i as usize, list[i as usize]);
        let strength = graph.strength[v as usize];
        let well_connected = sub_external[ii] >= strength * (total_strength - strength) * scale;
        if sub_size[founder[ii] as usize] != 1 || !well_connected {
            continue;
        }
        for (t, w) in graph.neighbours(v) {
            if partition[t as usize] != community {
                continue;
            }
            let r = founder[place[t as usize] as usize];
            if link[r as usize] == 0.0 {
                touched.push(r);
            }
            link[r as usize] += w;
        }
        let own = founder[ii];
        let mut best_gain = 0.0f64;
        candidates.clear();
        for &r in &touched {
            if r == own {
                continue;
            }
            let ri = r as usize;
            let connected =
                sub_external[ri] >= sub_strength[ri] * (total_strength - sub_strength[ri]) * scale;
            let gain = link[ri] - strength * sub_strength[ri] * scale;
            if connected && gain >= 0.0 {
                best_gain = best_gain.max(gain);
                candidates.push((r, gain));
            }
        }
        if !candidates.is_empty() {
            // Staying alone (gain 0) is a candidate too. Each candidate's
            // weight is worked out once.
            for candidate in candidates.iter_mut() {
                candidate.1 = ((candidate.1 - best_gain) / THETA).exp();
            }
            let alone = (-best_gain / THETA).exp();
            let total: f64 = candidates.iter().map(|&(_, w)| w).sum::<f64>() + alone;
            let mut pick = rng.unit() * total;
            let mut chosen = own;
            for &(r, weight) in &candidates {
                pick -= weight;
                if pick < 0.0 {
                    chosen = r;
                    break;
                }
            }
            if chosen != own {
                let ci = chosen as usize;
                sub_strength[ci] += strength;
                sub_size[ci] += 1;
                sub_external[ci] += sub_external[ii] - 2.0 * link[ci];
                sub_strength[ii] = 0.0;
                sub_size[ii] = 0;
                founder[ii] = chosen;
            }
        }
        for &r in &touched {
            link[r as usize] = 0.0;
        }
        touched.clear();
    }
    founder
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_triangles() -> WGraph {
        WGraph::from_edges(
            6,
            &[
                (0, 1, 1.0),
                (1, 2, 1.0),
                (0, 2, 1.0),
                (3, 4, 1.0),
                (4, 5, 1.0),
                (3, 5, 1.0),
                (2, 3, 0.1),
            ],
        )
    }

    #[test]
    fn finds_two_triangles_with_both_algorithms() {
        for algorithm in [Algorithm::Leiden, Algorithm::Louvain] {
            let m = detect(
                &two_triangles(),
                &Detection {
                    algorithm,
                    ..Detection::default()
                },
            );
            assert_eq!(m, vec![0, 0, 0, 1, 1, 1], "{algorithm:?}");
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_result() {
        let g = two_triangles();
        let settings = Detection {
            seed: 99,
            ..Detection::default()
        };
        assert_eq!(detect(&g, &settings), detect(&g, &settings));
    }

    #[test]
    fn an_edgeless_graph_keeps_singletons() {
        let g = WGraph::from_edges(3, &[]);
        assert_eq!(detect(&g, &Detection::default()), vec![0, 1, 2]);
    }

    /// A graph of `groups` dense groups of `size` nodes, loosely linked, its
    /// edges from `seed`.
    fn planted(groups: usize, size: usize, seed: u64) -> WGraph {
        let mut rng = Rng::new(seed);
        let n = groups * size;
        let mut edges = Vec::new();
        for v in 0..n {
            for _ in 0..6 {
                let group = v / size;
                let t = group * size + rng.below(size);
                edges.push((v as Node, t as Node, 1.0 + rng.unit()));
            }
            let t = rng.below(n);
            edges.push((v as Node, t as Node, 0.5));
        }
        WGraph::from_edges(n, &edges)
    }

    /// `work` run on a pool of `threads` threads (on the caller's thread
    /// without the `parallel` feature).
    fn on_threads<R: Send>(threads: usize, work: impl FnOnce() -> R + Send) -> R {
        #[cfg(feature = "parallel")]
        {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool")
                .install(work)
        }
        #[cfg(not(feature = "parallel"))]
        {
            let _ = threads;
            work()
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]

        /// Moving nodes a batch at a time never lowers modularity, and gives
        /// the same result run to run and on one thread or several.
        #[test]
        fn batched_moves_never_lower_modularity_whatever_the_threads(
            groups in 2usize..8,
            size in 3usize..40,
            seed in 0u64..1_000,
            batch in 1usize..64,
        ) {
            let graph = planted(groups, size, seed);
            let moved = |threads: usize| {
                on_threads(threads, || {
                    let mut membership: Vec<u32> = (0..graph.node_count() as u32).collect();
                    move_nodes_in_batches(&graph, &mut membership, 1.0, &mut Rng::new(seed), batch);
                    membership
                })
            };
            let membership = moved(1);
            let singletons: Vec<u32> = (0..graph.node_count() as u32).collect();
            proptest::prop_assert!(
                graph.modularity(&renumber(&membership).0, 1.0) >= graph.modularity(&singletons, 1.0)
            );
            proptest::prop_assert_eq!(&moved(1), &membership);
            proptest::prop_assert_eq!(&moved(2), &membership);
        }

        /// For a fixed seed the detection is the same run to run.
        #[test]
        fn a_seed_gives_the_same_communities(
            groups in 2usize..6,
            size in 3usize..30,
            seed in 0u64..1_000,
            louvain in proptest::bool::ANY,
        ) {
            let graph = planted(groups, size, seed);
            let settings = Detection {
                algorithm: if louvain { Algorithm::Louvain } else { Algorithm::Leiden },
                seed,
                ..Detection::default()
            };
            proptest::prop_assert_eq!(detect(&graph, &settings), detect(&graph, &settings));
        }
    }

    /// On a graph big enough to be moved in batches, on every core, the
    /// result is the same on one thread and on several, and it finds the
    /// planted groups.
    #[cfg(feature = "parallel")]
    #[test]
    fn the_number_of_threads_does_not_change_the_communities() {
        let graph = planted(20, 1_000, 5);
        assert!(graph.node_count() >= BATCHED_FROM);
        let on = |threads: usize| on_threads(threads, || detect(&graph, &Detection::default()));
        let one = on(1);
        assert_eq!(on(2), one);
        assert_eq!(on(3), one);
        let planted: Vec<u32> = (0..graph.node_count() as u32).map(|v| v / 1_000).collect();
        assert!(graph.modularity(&one, 1.0) >= graph.modularity(&planted, 1.0) - 1e-9);
    }
}

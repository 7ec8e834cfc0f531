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

/// The fast local moving of Leiden: visit nodes from a queue, move each to the
/// neighbouring community with the largest modularity gain, and queue the
/// neighbours that may now want to follow.
fn move_nodes(graph: &WGraph, membership: &mut [u32], resolution: f64, rng: &mut Rng) {
    let n = graph.node_count();
    if graph.total <= 0.0 {
        return;
    }
    let scale = resolution / (2.0 * graph.total);
    let mut community_strength = vec![0.0; n];
    let mut community_size = vec![0u32; n];
    for v in 0..n {
        community_strength[membership[v] as usize] += graph.strength[v];
        community_size[membership[v] as usize] += 1;
    }
    let mut empty: Vec<u32> = (0..n as u32)
        .filter(|&c| community_size[c as usize] == 0)
        .collect();
    let mut order: Vec<Node> = (0..n as Node).collect();
    rng.shuffle(&mut order);
    let mut queue: VecDeque<Node> = order.into();
    let mut queued = vec![true; n];
    let mut link = vec![0.0; n];
    let mut touched: Vec<u32> = Vec::new();

    while let Some(v) = queue.pop_front() {
        queued[v as usize] = false;
        let strength = graph.strength[v as usize];
        let old = membership[v as usize];
        community_strength[old as usize] -= strength;
        community_size[old as usize] -= 1;
        for (t, w) in graph.neighbours(v) {
            let c = membership[t as usize];
            if link[c as usize] == 0.0 {
                touched.push(c);
            }
            link[c as usize] += w;
        }
        let mut best = old;
        let mut best_gain =
            link[old as usize] - strength * community_strength[old as usize] * scale;
        for &c in &touched {
            let gain = link[c as usize] - strength * community_strength[c as usize] * scale;
            if gain > best_gain {
                best = c;
                best_gain = gain;
            }
        }
        if best_gain < 0.0 && community_size[old as usize] > 0 {
            // Alone is better: an empty community (one exists, as `old` is shared).
            if let Some(&c) = empty.last() {
                best = c;
            }
        }
        for &c in &touched {
            link[c as usize] = 0.0;
        }
        touched.clear();
        if best != old && empty.last() == Some(&best) {
            empty.pop();
        }
        if best != old && community_size[old as usize] == 0 {
            empty.push(old);
        }
        community_strength[best as usize] += strength;
        community_size[best as usize] += 1;
        membership[v as usize] = best;
        if best != old {
            for (t, _) in graph.neighbours(v) {
                if !queued[t as usize] && membership[t as usize] != best {
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
fn refine(graph: &WGraph, partition: &[u32], resolution: f64, rng: &mut Rng) -> Vec<u32> {
    let n = graph.node_count();
    let mut refined: Vec<u32> = (0..n as u32).collect();
    if graph.total <= 0.0 {
        return refined;
    }
    let scale = resolution / (2.0 * graph.total);
    let communities = partition.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut members: Vec<Vec<Node>> = vec![Vec::new(); communities];
    for (v, &c) in partition.iter().enumerate() {
        members[c as usize].push(v as Node);
    }
    let mut sub_strength: Vec<f64> = graph.strength.clone();
    let mut sub_size = vec![1u32; n];
    // Weight from a sub-community to the rest of its community.
    let mut sub_external = vec![0.0; n];
    let mut link = vec![0.0; n];
    let mut touched: Vec<u32> = Vec::new();
    let mut candidates: Vec<(u32, f64)> = Vec::new();

    for list in members.iter_mut() {
        if list.len() < 2 {
            continue;
        }
        let community = partition[list[0] as usize];
        let total_strength: f64 = list.iter().map(|&v| graph.strength[v as usize]).sum();
        for &v in list.iter() {
            sub_external[v as usize] = graph
                .neighbours(v)
                .filter(|&(t, _)| partition[t as usize] == community)
                .map(|(_, w)| w)
                .sum();
        }
        rng.shuffle(list);
        for &v in list.iter() {
            let vi = v as usize;
            let strength = graph.strength[vi];
            let well_connected = sub_external[vi] >= strength * (total_strength - strength) * scale;
            if sub_size[refined[vi] as usize] != 1 || !well_connected {
                continue;
            }
            for (t, w) in graph.neighbours(v) {
                if partition[t as usize] != community {
                    continue;
                }
                let r = refined[t as usize];
                if link[r as usize] == 0.0 {
                    touched.push(r);
                }
                link[r as usize] += w;
            }
            let own = refined[vi];
            let mut best_gain = 0.0f64;
            candidates.clear();
            for &r in &touched {
                if r == own {
                    continue;
                }
                let ri = r as usize;
                let connected = sub_external[ri]
                    >= sub_strength[ri] * (total_strength - sub_strength[ri]) * scale;
                let gain = link[ri] - strength * sub_strength[ri] * scale;
                if connected && gain >= 0.0 {
                    best_gain = best_gain.max(gain);
                    candidates.push((r, gain));
                }
            }
            if !candidates.is_empty() {
                // Staying alone (gain 0) is a candidate too.
                let weight = |gain: f64| ((gain - best_gain) / THETA).exp();
                let total: f64 =
                    candidates.iter().map(|&(_, g)| weight(g)).sum::<f64>() + weight(0.0);
                let mut pick = rng.unit() * total;
                let mut chosen = own;
                for &(r, gain) in &candidates {
                    pick -= weight(gain);
                    if pick < 0.0 {
                        chosen = r;
                        break;
                    }
                }
                if chosen != own {
                    let ci = chosen as usize;
                    sub_strength[ci] += strength;
                    sub_size[ci] += 1;
                    sub_external[ci] += sub_external[vi] - 2.0 * link[ci];
                    sub_strength[vi] = 0.0;
                    sub_size[vi] = 0;
                    refined[vi] = chosen;
                }
            }
            for &r in &touched {
                link[r as usize] = 0.0;
            }
            touched.clear();
        }
    }
    refined
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
}

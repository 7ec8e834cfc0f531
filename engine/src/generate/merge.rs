//! Greedy merging of communities down to a wanted count: each step merges the
//! pair whose merge loses the least modularity (never two that hold a
//! keep-apart pair). One heap of linked pairs with lazily refreshed gains and
//! an ordered set of the lightest communities for unlinked pairs keep it
//! O((n + e) log n) overall; merging one pair per full pass over the graph
//! was quadratic (60,000 unlinked modules to one service took 48 s).

use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};

use rustc_hash::FxHashMap;

use super::csr::WGraph;

/// How many of the lightest communities are paired when looking for the best
/// unlinked merge (the lightest pair loses the least; a few more allow for
/// keep-apart pairs among them).
const LIGHTEST: usize = 8;

/// A candidate merge in the heap; `gain` may be stale (only ever too high,
/// since strengths only grow), and is refreshed when the entry comes out.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    gain: f64,
    pair: (u32, u32),
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    /// Higher gain first; on equal gain the smaller pair first.
    fn cmp(&self, other: &Self) -> Ordering {
        self.gain
            .total_cmp(&other.gain)
            .then_with(|| other.pair.cmp(&self.pair))
    }
}

/// The communities being merged.
struct Communities<'a> {
    strength: Vec<f64>,
    links: Vec<FxHashMap<u32, f64>>,
    merged_into: Vec<u32>,
    lightest: BTreeSet<(u64, u32)>,
    m: f64,
    resolution: f64,
    apart: &'a [(u32, u32)],
    start: &'a [u32],
}

impl Communities<'_> {
    fn gain(&self, c: u32, d: u32, w: f64) -> f64 {
        let (m, s) = (self.m, &self.strength);
        w / m - self.resolution * s[c as usize] * s[d as usize] / (2.0 * m * m)
    }

    fn owner(&mut self, c: u32) -> u32 {
        let mut root = c;
        while self.merged_into[root as usize] != root {
            root = self.merged_into[root as usize];
        }
        let mut c = c;
        while self.merged_into[c as usize] != root {
            let next = self.merged_into[c as usize];
            self.merged_into[c as usize] = root;
            c = next;
        }
        root
    }

    fn alive(&self, c: u32) -> bool {
        self.merged_into[c as usize] == c
    }

    fn forbidden(&mut self, c: u32, d: u32) -> bool {
        (0..self.apart.len()).any(|i| {
            let (x, y) = self.apart[i];
            let (cx, cy) = (
                self.owner(self.start[x as usize]),
                self.owner(self.start[y as usize]),
            );
            (cx, cy) == (c, d) || (cx, cy) == (d, c)
        })
    }

    fn weight_key(&self, c: u32) -> (u64, u32) {
        // Strengths are never negative, so their bits sort as the numbers do.
        (self.strength[c as usize].to_bits(), c)
    }

    /// The best merge of two unlinked communities among the lightest.
    fn best_unlinked(&mut self) -> Option<Candidate> {
        let light: Vec<u32> = self
            .lightest
            .iter()
            .take(LIGHTEST)
            .map(|&(_, c)| c)
            .collect();
        let mut best: Option<Candidate> = None;
        for (i, &a) in light.iter().enumerate() {
            for &b in &light[i + 1..] {
                let pair = (a.min(b), a.max(b));
                if self.links[a as usize].contains_key(&b) || self.forbidden(pair.0, pair.1) {
                    continue;
                }
                let candidate = Candidate {
                    gain: self.gain(pair.0, pair.1, 0.0),
                    pair,
                };
                if best.is_none_or(|b| candidate > b) {
                    best = Some(candidate);
                }
            }
        }
        best
    }

    /// The best merge of two linked communities, refreshing stale entries.
    fn best_linked(&mut self, heap: &mut BinaryHeap<Candidate>) -> Option<Candidate> {
        while let Some(top) = heap.peek().copied() {
            let (c, d) = top.pair;
            let Some(&w) = self.links[c as usize].get(&d).filter(|_| self.alive(c)) else {
                heap.pop();
                continue;
            };
            let gain = self.gain(c, d, w);
            match gain.total_cmp(&top.gain) {
                Ordering::Equal if self.forbidden(c, d) => {
                    // Communities only grow: a forbidden pair stays forbidden.
                    heap.pop();
                }
                Ordering::Equal => return Some(top),
                // A newer entry for this pair (pushed when its weight grew) is in the heap.
                Ordering::Greater => {
                    heap.pop();
                }
                Ordering::Less => {
                    heap.pop();
                    heap.push(Candidate { gain, pair: (c, d) });
                }
            }
        }
        None
    }

    /// Merges `gone` into `keep`; returns the pairs whose link weight grew.
    fn merge(&mut self, keep: u32, gone: u32) -> Vec<(u32, u32)> {
        let (k, g) = (keep as usize, gone as usize);
        self.lightest.remove(&self.weight_key(keep));
        self.lightest.remove(&self.weight_key(gone));
        self.strength[k] += self.strength[g];
        self.lightest.insert(self.weight_key(keep));
        self.merged_into[g] = keep;
        let gone_links = std::mem::take(&mut self.links[g]);
        self.links[k].remove(&gone);
        let mut grown = Vec::with_capacity(gone_links.len());
        for (t, w) in gone_links {
            if t == keep {
                continue;
            }
            let links_t = &mut self.links[t as usize];
            links_t.remove(&gone);
            *links_t.entry(keep).or_insert(0.0) += w;
            *self.links[k].entry(t).or_insert(0.0) += w;
            grown.push((keep.min(t), keep.max(t)));
        }
        grown
    }
}

/// Merges communities in `membership` (numbered `0..count`) until `wanted`
/// remain or no merge is allowed; returns whether any merge happened. The
/// result may have gaps in its numbering.
pub fn merge_down(
    graph: &WGraph,
    membership: &mut [u32],
    count: usize,
    wanted: usize,
    apart: &[(u32, u32)],
    resolution: f64,
) -> bool {
    let start = membership.to_vec();
    let mut strength = vec![0.0; count];
    for (v, &c) in membership.iter().enumerate() {
        strength[c as usize] += graph.strength[v];
    }
    let mut links: Vec<FxHashMap<u32, f64>> = vec![FxHashMap::default(); count];
    for v in 0..graph.node_count() {
        let c = membership[v];
        for (t, w) in graph.neighbours(v as u32) {
            let d = membership[t as usize];
            if c != d {
                *links[c as usize].entry(d).or_insert(0.0) += w;
            }
        }
    }
    let mut communities = Communities {
        strength,
        links,
        merged_into: (0..count as u32).collect(),
        lightest: BTreeSet::new(),
        m: graph.total.max(f64::MIN_POSITIVE),
        resolution,
        apart,
        start: &start,
    };
    communities.lightest = (0..count as u32)
        .map(|c| communities.weight_key(c))
        .collect();
    let mut heap = BinaryHeap::new();
    for c in 0..count as u32 {
        for (&d, &w) in &communities.links[c as usize] {
            if c < d {
                heap.push(Candidate {
                    gain: communities.gain(c, d, w),
                    pair: (c, d),
                });
            }
        }
    }
    let mut remaining = count;
    let mut merged = false;
    while remaining > wanted {
        let linked = communities.best_linked(&mut heap);
        let unlinked = communities.best_unlinked();
        let Some(best) = linked.max(unlinked) else {
            break;
        };
        let (c, d) = best.pair;
        let (keep, gone) =
            if communities.links[c as usize].len() >= communities.links[d as usize].len() {
                (c, d)
            } else {
                (d, c)
            };
        for (a, b) in communities.merge(keep, gone) {
            let w = communities.links[a as usize][&b];
            heap.push(Candidate {
                gain: communities.gain(a, b, w),
                pair: (a, b),
            });
        }
        remaining -= 1;
        merged = true;
    }
    for c in membership.iter_mut() {
        *c = communities.owner(*c);
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_unlinked_communities_down_to_one() {
        let graph = WGraph::from_edges(5, &[]);
        let mut membership = vec![0, 1, 2, 3, 4];
        assert!(merge_down(&graph, &mut membership, 5, 1, &[], 1.0));
        assert!(membership.iter().all(|&c| c == membership[0]));
    }

    #[test]
    fn merges_the_linked_pair_first_and_keeps_apart_pairs_apart() {
        // 0-1 strongly linked, 2 alone, 3 alone; 0 and 2 must stay apart.
        let graph = WGraph::from_edges(4, &[(0, 1, 5.0), (1, 2, 0.1)]);
        let mut membership = vec![0, 1, 2, 3];
        merge_down(&graph, &mut membership, 4, 3, &[(0, 2)], 1.0);
        assert_eq!(membership[0], membership[1]);
        let mut membership = vec![0, 1, 2, 3];
        merge_down(&graph, &mut membership, 4, 1, &[(0, 2)], 1.0);
        assert_ne!(membership[0], membership[2]);
    }
}

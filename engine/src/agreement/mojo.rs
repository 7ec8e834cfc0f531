//! MoJo (Tzerpos & Holt 1999) computed exactly as Wen & Tzerpos (2004) showed:
//! tag each cluster of A with the clusters of B it shares most elements with,
//! choose the tags by a maximum bipartite matching so that as many groups as
//! possible are kept, then count the moves and the joins; and MoJoFM from the
//! largest distance any partition can have to B.
//!
//! Partitions here are vectors: element number → cluster number (dense, from 0).

use rustc_hash::FxHashMap;

/// mno(A, B): the least number of Move and Join operations turning `a` into `b`.
/// `a` and `b` give the cluster of each element (same length).
pub fn mno(a: &[u32], b: &[u32]) -> u64 {
    debug_assert_eq!(a.len(), b.len());
    let l = a.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let mut shared: FxHashMap<(u32, u32), u64> = FxHashMap::default();
    let mut size = vec![0u64; l];
    for (&x, &y) in a.iter().zip(b) {
        *shared.entry((x, y)).or_default() += 1;
        size[x as usize] += 1;
    }
    let mut best = vec![0u64; l];
    for (&(x, _), &count) in &shared {
        best[x as usize] = best[x as usize].max(count);
    }
    let mut tags: Vec<Vec<u32>> = vec![Vec::new(); l];
    for (&(x, y), &count) in &shared {
        if count == best[x as usize] {
            tags[x as usize].push(y);
        }
    }
    for list in &mut tags {
        list.sort_unstable();
    }
    let clusters = size.iter().filter(|&&s| s > 0).count() as u64;
    let moves: u64 = size.iter().zip(&best).map(|(s, m)| s - m).sum();
    let m = b.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
    let groups = maximum_matching(&tags, m) as u64;
    moves + clusters - groups
}

/// max over every partition A' of mno(A', B), from B's cluster sizes: with the
/// sizes sorted ascending, g counts how many groups any A' must keep at least,
/// and the maximum is n − g (Wen & Tzerpos 2004).
pub fn max_mno(b: &[u32]) -> u64 {
    let mut sizes: FxHashMap<u32, u64> = FxHashMap::default();
    for &c in b {
        *sizes.entry(c).or_default() += 1;
    }
    let mut sizes: Vec<u64> = sizes.into_values().collect();
    sizes.sort_unstable();
    let mut groups = 0u64;
    for size in sizes {
        if groups < size {
            groups += 1;
        }
    }
    b.len() as u64 - groups
}

/// MoJoFM(A, B) = (1 − mno(A, B) / max mno(A', B)) × 100; 100 when B allows no
/// distance at all (then A is B).
pub fn mojofm(mno: u64, max: u64) -> f64 {
    if max == 0 {
        100.0
    } else {
        (1.0 - mno as f64 / max as f64) * 100.0
    }
}

/// The size of a maximum matching between the left nodes (each with the right
/// nodes it may take, all below `right`) and the right nodes: Hopcroft–Karp,
/// with an explicit stack so a long augmenting path cannot overflow the stack
/// (petgraph's matching is for general graphs and cubic, too slow for 50,000
/// singleton clusters).
fn maximum_matching(adjacent: &[Vec<u32>], right: usize) -> usize {
    const FREE: u32 = u32::MAX;
    let left = adjacent.len();
    let mut match_left = vec![FREE; left];
    let mut match_right = vec![FREE; right];
    let mut matched = 0usize;
    // A greedy start: most clusters find a free group at once.
    for (u, list) in adjacent.iter().enumerate() {
        if let Some(&v) = list.iter().find(|&&v| match_right[v as usize] == FREE) {
            match_left[u] = v;
            match_right[v as usize] = u as u32;
            matched += 1;
        }
    }
    let mut layer = vec![u32::MAX; left];
    let mut queue = Vec::with_capacity(left);
    loop {
        // Breadth-first layers from the free left nodes.
        queue.clear();
        for u in 0..left {
            if match_left[u] == FREE && !adjacent[u].is_empty() {
                layer[u] = 0;
                queue.push(u as u32);
            } else {
                layer[u] = u32::MAX;
            }
        }
        let mut found = false;
        let mut head = 0;
        while head < queue.len() {
            let u = queue[head] as usize;
            head += 1;
            for &v in &adjacent[u] {
                let next = match_right[v as usize];
                if next == FREE {
                    found = true;
                } else if layer[next as usize] == u32::MAX {
                    layer[next as usize] = layer[u] + 1;
                    queue.push(next);
                }
            }
        }
        if !found {
            return matched;
        }
        // Depth-first augmenting along the layers.
        let mut position = vec![0usize; left];
        for start in 0..left {
            if match_left[start] != FREE || layer[start] != 0 {
                continue;
            }
            let mut path: Vec<u32> = vec![start as u32];
            while let Some(&u) = path.last() {
                let u = u as usize;
                let Some(&v) = adjacent[u].get(position[u]) else {
                    layer[u] = u32::MAX;
                    path.pop();
                    continue;
                };
                position[u] += 1;
                let next = match_right[v as usize];
                if next == FREE {
                    // Flip the path: every left node on it takes the right node
                    // it stepped through.
                    let mut take = v;
                    for &w in path.iter().rev() {
                        let previous = match_left[w as usize];
                        match_left[w as usize] = take;
                        match_right[take as usize] = w;
                        take = previous;
                    }
                    matched += 1;
                    break;
                }
                if layer[next as usize] == layer[u] + 1 {
                    path.push(next);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hand_worked_example() {
        // A = {0,1,2} {3,4} {5}; B = {0,1} {2,3,4,5}: move 2, join {3,4,2} with {5}.
        let a = [0, 0, 0, 1, 1, 2];
        let b = [0, 0, 1, 1, 1, 1];
        assert_eq!(mno(&a, &b), 2);
        assert_eq!(mno(&b, &b), 0);
        // B's sizes 2 and 4: g = 2, so no partition is more than 4 away.
        assert_eq!(max_mno(&b), 4);
        assert!((mojofm(2, 4) - 50.0).abs() < 1e-12);
    }

    #[test]
    fn the_matching_keeps_as_many_groups_as_can_be_kept() {
        // Cluster 0 may take group 0 or 1, cluster 1 only group 0.
        assert_eq!(maximum_matching(&[vec![0, 1], vec![0]], 2), 2);
        assert_eq!(maximum_matching(&[vec![0], vec![0], vec![0]], 1), 1);
        // A chain that needs an augmenting path through two matched pairs.
        let chain = [vec![0, 1], vec![0], vec![1, 2]];
        assert_eq!(maximum_matching(&chain, 3), 3);
        assert_eq!(maximum_matching(&[], 0), 0);
    }
}

//! An undirected weighted graph in compressed sparse rows: every edge stored in
//! both directions, self-loops kept apart. The community algorithms run on it.

/// A node number.
pub type Node = u32;

/// A run of consecutive rows of an aggregated graph, summed apart from the
/// others: their edges one after another, where each row ends, their
/// self-loops.
#[derive(Debug, Default)]
struct RowRun {
    targets: Vec<Node>,
    weights: Vec<f64>,
    ends: Vec<usize>,
    self_loop: Vec<f64>,
}

/// Undirected weighted graph; parallel edges are merged when built.
#[derive(Clone, Debug, Default)]
pub struct WGraph {
    offsets: Vec<usize>,
    targets: Vec<Node>,
    weights: Vec<f64>,
    /// Weight of each node's self-loop (inside weight after aggregation).
    pub self_loop: Vec<f64>,
    /// Each node's strength: its edge weights plus twice its self-loop.
    pub strength: Vec<f64>,
    /// Total edge weight m (each undirected edge once, self-loops once).
    pub total: f64,
}

impl WGraph {
    /// Builds from undirected edges `(a, b, w)`; duplicates and both directions
    /// merge, `a == b` is a self-loop, non-positive weights are dropped.
    pub fn from_edges(nodes: usize, edges: &[(Node, Node, f64)]) -> WGraph {
        let mut self_loop = vec![0.0; nodes];
        let mut degree = vec![0usize; nodes];
        for &(a, b, w) in edges {
            if w <= 0.0 {
                continue;
            }
            if a == b {
                self_loop[a as usize] += w;
            } else {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(nodes + 1);
        offsets.push(0);
        for d in &degree {
            offsets.push(offsets[offsets.len() - 1] + d);
        }
        let mut fill = offsets[..nodes].to_vec();
        let mut targets = vec![0; offsets[nodes]];
        let mut weights = vec![0.0; offsets[nodes]];
        for &(a, b, w) in edges {
            if w <= 0.0 || a == b {
                continue;
            }
            for (x, y) in [(a, b), (b, a)] {
                let slot = &mut fill[x as usize];
                targets[*slot] = y;
                weights[*slot] = w;
                *slot += 1;
            }
        }
        let mut graph = WGraph {
            offsets,
            targets,
            weights,
            self_loop,
            strength: Vec::new(),
            total: 0.0,
        };
        graph.merge_parallel_edges();
        graph
    }

    /// Sorts each row and merges repeated neighbours, then computes strengths.
    fn merge_parallel_edges(&mut self) {
        let nodes = self.node_count();
        let mut offsets = Vec::with_capacity(nodes + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(self.targets.len());
        let mut weights = Vec::with_capacity(self.weights.len());
        let mut row: Vec<(Node, f64)> = Vec::new();
        for v in 0..nodes {
            row.clear();
            row.extend(self.neighbours(v as Node));
            row.sort_unstable_by_key(|&(t, _)| t);
            for &(t, w) in &row {
                if targets.len() > offsets[v] && targets.last() == Some(&t) {
                    if let Some(last) = weights.last_mut() {
                        *last += w;
                    }
                } else {
                    targets.push(t);
                    weights.push(w);
                }
            }
            offsets.push(targets.len());
        }
        self.offsets = offsets;
        self.targets = targets;
        self.weights = weights;
        self.strength = (0..nodes)
            .map(|v| {
                self.neighbours(v as Node).map(|(_, w)| w).sum::<f64>() + 2.0 * self.self_loop[v]
            })
            .collect();
        self.total = self.strength.iter().sum::<f64>() / 2.0;
    }

    /// How many nodes.
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// The neighbours of a node with the edge weights (self-loop excluded).
    pub fn neighbours(&self, v: Node) -> impl Iterator<Item = (Node, f64)> + '_ {
        let range = self.offsets[v as usize]..self.offsets[v as usize + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().copied())
    }

    /// The graph of communities: one node per community of `membership`
    /// (numbered 0..count), edges summed, inside weight as self-loops. The
    /// communities are cut into runs of neighbours, each summed on a core of
    /// its own; the rows come out the same however many runs there are.
    pub fn aggregate(&self, membership: &[u32], count: usize) -> WGraph {
        // The nodes of each community, one after another (a counting sort).
        let mut starts = vec![0usize; count + 1];
        for &c in membership {
            starts[c as usize + 1] += 1;
        }
        for c in 0..count {
            starts[c + 1] += starts[c];
        }
        let mut fill = starts.clone();
        let mut nodes = vec![0 as Node; membership.len()];
        for (v, &c) in membership.iter().enumerate() {
            nodes[fill[c as usize]] = v as Node;
            fill[c as usize] += 1;
        }
        let pieces = crate::parallel::pieces().min(count.max(1));
        let cuts: Vec<(usize, usize)> = (0..pieces)
            .map(|p| (count * p / pieces, count * (p + 1) / pieces))
            .collect();
        let runs = crate::parallel::map(&cuts, |&(first, end)| {
            let mut run = RowRun::default();
            let mut sums = vec![0.0; count];
            let mut touched: Vec<u32> = Vec::new();
            for c in first..end {
                let mut inside = 0.0;
                for &v in &nodes[starts[c]..starts[c + 1]] {
                    inside += self.self_loop[v as usize];
                    for (t, w) in self.neighbours(v) {
                        let d = membership[t as usize];
                        if d as usize == c {
                            // Each inside edge is seen from both ends.
                            inside += w / 2.0;
                        } else {
                            if sums[d as usize] == 0.0 {
                                touched.push(d);
                            }
                            sums[d as usize] += w;
                        }
                    }
                }
                touched.sort_unstable();
                for &d in &touched {
                    run.targets.push(d);
                    run.weights.push(sums[d as usize]);
                    sums[d as usize] = 0.0;
                }
                touched.clear();
                run.self_loop.push(inside);
                run.ends.push(run.targets.len());
            }
            run
        });
        let mut offsets = Vec::with_capacity(count + 1);
        offsets.push(0);
        let edges: usize = runs.iter().map(|r| r.targets.len()).sum();
        let mut targets = Vec::with_capacity(edges);
        let mut weights = Vec::with_capacity(edges);
        let mut self_loop = Vec::with_capacity(count);
        for run in runs {
            let base = targets.len();
            offsets.extend(run.ends.iter().map(|end| base + end));
            targets.extend(run.targets);
            weights.extend(run.weights);
            self_loop.extend(run.self_loop);
        }
        let mut graph = WGraph {
            offsets,
            targets,
            weights,
            self_loop,
            strength: Vec::new(),
            total: 0.0,
        };
        graph.strength = (0..count)
            .map(|v| {
                graph.neighbours(v as Node).map(|(_, w)| w).sum::<f64>() + 2.0 * graph.self_loop[v]
            })
            .collect();
        graph.total = graph.strength.iter().sum::<f64>() / 2.0;
        graph
    }

    /// The subgraph induced by `nodes` (renumbered in the given order).
    pub fn induced(&self, nodes: &[Node]) -> WGraph {
        let mut local = vec![u32::MAX; self.node_count()];
        for (i, &v) in nodes.iter().enumerate() {
            local[v as usize] = i as u32;
        }
        let mut edges = Vec::new();
        for (i, &v) in nodes.iter().enumerate() {
            edges.push((i as Node, i as Node, self.self_loop[v as usize]));
            for (t, w) in self.neighbours(v) {
                let j = local[t as usize];
                if j != u32::MAX && (i as u32) < j {
                    edges.push((i as Node, j, w));
                }
            }
        }
        WGraph::from_edges(nodes.len(), &edges)
    }

    /// Modularity of a partition at resolution γ.
    pub fn modularity(&self, membership: &[u32], resolution: f64) -> f64 {
        if self.total <= 0.0 {
            return 0.0;
        }
        let count = membership
            .iter()
            .map(|&c| c as usize + 1)
            .max()
            .unwrap_or(0);
        let mut inside = vec![0.0; count];
        let mut strength = vec![0.0; count];
        for v in 0..self.node_count() {
            let c = membership[v] as usize;
            strength[c] += self.strength[v];
            inside[c] += self.self_loop[v];
            for (t, w) in self.neighbours(v as Node) {
                if membership[t as usize] as usize == c {
                    inside[c] += w / 2.0;
                }
            }
        }
        let m = self.total;
        (0..count)
            .map(|c| inside[c] / m - resolution * (strength[c] / (2.0 * m)).powi(2))
            .sum()
    }
}

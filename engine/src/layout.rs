//! A layered (Sugiyama-style) drawing of a directed graph: callers to the left of
//! callees, layers by call depth from the entry points (at most a bounded number
//! of nodes per layer), and fewer crossings by barycentre sweeps. Computed in Rust so the call-graph view draws 500 modules
//! without a JavaScript layout library.

/// Where each node goes, and the drawing's size.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// Centre of each node.
    pub positions: Vec<(f64, f64)>,
    /// Layer (column) of each node.
    pub layers: Vec<u32>,
    /// Total width.
    pub width: f64,
    /// Total height.
    pub height: f64,
}

/// Spacing of a drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    /// Distance between layers (columns).
    pub layer_gap: f64,
    /// Distance between nodes in a layer.
    pub node_gap: f64,
    /// Margin around everything.
    pub margin: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing {
            layer_gap: 220.0,
            node_gap: 44.0,
            margin: 60.0,
        }
    }
}

/// Lays out `count` nodes with directed `edges` (self-loops and duplicates are fine).
pub fn layered(count: usize, edges: &[(usize, usize)], spacing: Spacing) -> Layout {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(a, b) in edges {
        if a != b && a < count && b < count {
            out[a].push(b);
        }
    }
    for list in &mut out {
        list.sort_unstable();
        list.dedup();
    }
    let cap = ((count as f64).sqrt() * 2.0).ceil().max(8.0) as usize;
    let layers = depth_layers(&out, cap);
    let layer_count = layers.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (v, &l) in layers.iter().enumerate() {
        rows[l as usize].push(v);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (a, list) in out.iter().enumerate() {
        for &b in list {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
    }
    let mut position = vec![0.0; count];
    let place = |rows: &[Vec<usize>], position: &mut [f64]| {
        for row in rows {
            for (i, &v) in row.iter().enumerate() {
                position[v] = i as f64;
            }
        }
    };
    place(&rows, &mut position);
    for sweep in 0..8 {
        let order: Vec<usize> = if sweep % 2 == 0 {
            (1..layer_count).collect()
        } else {
            (0..layer_count.saturating_sub(1)).rev().collect()
        };
        let reference = |l: usize| {
            if sweep % 2 == 0 {
                l.wrapping_sub(1)
            } else {
                l + 1
            }
        };
        for l in order {
            let from = reference(l) as u32;
            let mut keyed: Vec<(f64, usize)> = rows[l]
                .iter()
                .map(|&v| {
                    let linked: Vec<f64> = neighbours[v]
                        .iter()
                        .filter(|&&u| layers[u] == from)
                        .map(|&u| position[u])
                        .collect();
                    let key = if linked.is_empty() {
                        position[v]
                    } else {
                        linked.iter().sum::<f64>() / linked.len() as f64
                    };
                    (key, v)
                })
                .collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            rows[l] = keyed.into_iter().map(|(_, v)| v).collect();
            for (i, &v) in rows[l].iter().enumerate() {
                position[v] = i as f64;
            }
        }
    }
    let tallest = rows.iter().map(Vec::len).max().unwrap_or(0);
    let height = spacing.margin * 2.0 + tallest.saturating_sub(1) as f64 * spacing.node_gap;
    let width = spacing.margin * 2.0 + layer_count.saturating_sub(1) as f64 * spacing.layer_gap;
    let mut positions = vec![(0.0, 0.0); count];
    for (l, row) in rows.iter().enumerate() {
        let offset = (tallest - row.len()) as f64 * spacing.node_gap / 2.0;
        for (i, &v) in row.iter().enumerate() {
            positions[v] = (
                spacing.margin + l as f64 * spacing.layer_gap,
                spacing.margin + offset + i as f64 * spacing.node_gap,
            );
        }
    }
    Layout {
        positions,
        layers,
        width,
        height,
    }
}

/// Layer of each node: its call depth, the fewest calls from an entry point (a
/// module nobody calls; within cycles nobody enters, the module calling the most
/// others). Longest paths would be more faithful to the direction of calls but
/// stretch a large cyclic graph over hundreds of columns; depth stays compact.
/// At most `cap` nodes share a layer: the rest spill into the next ones.
fn depth_layers(out: &[Vec<usize>], cap: usize) -> Vec<u32> {
    let n = out.len();
    let mut indegree = vec![0usize; n];
    for list in out {
        for &w in list {
            indegree[w] += 1;
        }
    }
    const UNSEEN: u32 = u32::MAX;
    let mut depth = vec![UNSEEN; n];
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    for &v in &queue {
        depth[v] = 0;
    }
    loop {
        while let Some(v) = queue.pop_front() {
            for &w in &out[v] {
                if depth[w] == UNSEEN {
                    depth[w] = depth[v] + 1;
                    queue.push_back(w);
                }
            }
        }
        let Some(start) = (0..n)
            .filter(|&v| depth[v] == UNSEEN)
            .max_by_key(|&v| (out[v].len(), std::cmp::Reverse(v)))
        else {
            break;
        };
        depth[start] = 0;
        queue.push_back(start);
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&v| (depth[v], v));
    let mut filled: Vec<usize> = Vec::new();
    let mut layer = vec![0u32; n];
    for v in order {
        let mut l = depth[v] as usize;
        while filled.get(l).is_some_and(|&count| count >= cap) {
            l += 1;
        }
        if filled.len() <= l {
            filled.resize(l + 1, 0);
        }
        filled[l] += 1;
        layer[v] = l as u32;
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callers_sit_left_of_callees_and_cycles_do_not_hang() {
        let edges = [(0, 1), (1, 2), (2, 0), (0, 3), (3, 2), (4, 4)];
        let layout = layered(5, &edges, Spacing::default());
        assert_eq!(layout.positions.len(), 5);
        assert!(layout.layers[0] < layout.layers[1]);
        assert!(layout.layers[1] < layout.layers[2]);
        assert!(layout.layers[3] < layout.layers[2]);
        let distinct: std::collections::HashSet<(i64, i64)> = layout
            .positions
            .iter()
            .map(|&(x, y)| (x as i64, y as i64))
            .collect();
        assert_eq!(distinct.len(), 5, "no two nodes on the same spot");
        assert!(layout.width > 0.0 && layout.height > 0.0);
    }

    #[test]
    fn five_hundred_nodes_lay_out() {
        let edges: Vec<(usize, usize)> = (0..500)
            .flat_map(|v| [(v, (v * 7 + 3) % 500), (v, (v * 13 + 1) % 500)])
            .collect();
        let layout = layered(500, &edges, Spacing::default());
        assert_eq!(layout.positions.len(), 500);
    }
}

//! A layered (Sugiyama-style) drawing of a directed graph: callers to the left of
//! callees, layers by longest path after breaking cycles, and fewer crossings by
//! barycentre sweeps. Computed in Rust so the call-graph view draws 500 modules
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
    let acyclic = without_back_edges(&out);
    let layers = longest_path_layers(&acyclic);
    let layer_count = layers.iter().map(|&l| l as usize + 1).max().unwrap_or(0);
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
    for (v, &l) in layers.iter().enumerate() {
        rows[l as usize].push(v);
    }
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (a, list) in acyclic.iter().enumerate() {
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

/// The graph without the edges that close cycles (found by an iterative DFS).
fn without_back_edges(out: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; out.len()];
    let mut kept: Vec<Vec<usize>> = vec![Vec::new(); out.len()];
    for root in 0..out.len() {
        if state[root] != NEW {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        state[root] = OPEN;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next < out[v].len() {
                let w = out[v][*next];
                *next += 1;
                match state[w] {
                    NEW => {
                        kept[v].push(w);
                        state[w] = OPEN;
                        stack.push((w, 0));
                    }
                    DONE => kept[v].push(w),
                    _ => {}
                }
            } else {
                state[v] = DONE;
                stack.pop();
            }
        }
    }
    kept
}

/// Layer of each node: the longest path reaching it from a source.
fn longest_path_layers(out: &[Vec<usize>]) -> Vec<u32> {
    let mut indegree = vec![0usize; out.len()];
    for list in out {
        for &w in list {
            indegree[w] += 1;
        }
    }
    let mut queue: std::collections::VecDeque<usize> =
        (0..out.len()).filter(|&v| indegree[v] == 0).collect();
    let mut layer = vec![0u32; out.len()];
    while let Some(v) = queue.pop_front() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push_back(w);
            }
        }
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

//! The call graph rolled up into groups (packages, tags, teams, services) so a
//! model of tens of thousands of modules draws as a few hundred nodes; chosen
//! groups expand into their modules. Calls between the drawn nodes are added up.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::graph::ModelGraph;

/// A node of the rolled-up graph.
#[derive(Clone, Debug, PartialEq)]
pub struct RolledNode {
    /// The module id, or the group's name.
    pub key: String,
    /// A group of modules (not expanded) rather than one module.
    pub group: bool,
    /// How many modules it stands for.
    pub modules: usize,
}

/// Calls between two nodes, added up.
#[derive(Clone, Debug, PartialEq)]
pub struct RolledEdge {
    /// Calling node.
    pub from: usize,
    /// Called node.
    pub to: usize,
    /// Number of calls.
    pub calls: usize,
    /// Total volume.
    pub volume: f64,
}

/// The rolled-up graph.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RolledUp {
    /// Nodes: groups in order of first appearance, expanded groups' modules.
    pub nodes: Vec<RolledNode>,
    /// Edges between different nodes, the heaviest first.
    pub edges: Vec<RolledEdge>,
    /// Whether nodes or edges were left out to stay within the limits.
    pub truncated: bool,
}

/// How much a drawing may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most nodes.
    pub nodes: usize,
    /// Most edges.
    pub edges: usize,
}

/// The group a module falls in when it has no value for the grouping.
pub const UNGROUPED: &str = "—";

/// Rolls the graph up: `group_of` names each module's group (`None`: the module
/// stands alone), `expanded` tells the groups drawn as their modules. Modules beyond
/// `limits.nodes` are left out (and `truncated` set); so are the lightest edges
/// beyond `limits.edges`.
pub fn roll_up(
    graph: &ModelGraph,
    group_of: impl Fn(u32) -> Option<String>,
    expanded: impl Fn(&str) -> bool,
    limits: Limits,
) -> RolledUp {
    let n = graph.module_count();
    let mut nodes: Vec<RolledNode> = Vec::new();
    let mut by_key: FxHashMap<String, usize> = FxHashMap::default();
    let mut node_of: Vec<Option<usize>> = vec![None; n];
    let mut truncated = false;
    for m in 0..n as u32 {
        let group = group_of(m);
        let (key, is_group) = match group {
            Some(group) if !expanded(&group) => (group, true),
            _ => (graph.id(m).to_string(), false),
        };
        let ix = match by_key.get(&key) {
            Some(&ix) => ix,
            None if nodes.len() >= limits.nodes => {
                truncated = true;
                continue;
            }
            None => {
                by_key.insert(key.clone(), nodes.len());
                nodes.push(RolledNode {
                    key,
                    group: is_group,
                    modules: 0,
                });
                nodes.len() - 1
            }
        };
        nodes[ix].modules += 1;
        node_of[m as usize] = Some(ix);
    }
    let mut sums: FxHashMap<(usize, usize), (usize, f64)> = FxHashMap::default();
    for call in &graph.calls {
        let (Some(a), Some(b)) = (node_of[call.caller as usize], node_of[call.callee as usize])
        else {
            continue;
        };
        if a == b {
            continue;
        }
        let entry = sums.entry((a, b)).or_insert((0, 0.0));
        entry.0 += 1;
        entry.1 += call.volume;
    }
    let mut edges: Vec<RolledEdge> = sums
        .into_iter()
        .map(|((from, to), (calls, volume))| RolledEdge {
            from,
            to,
            calls,
            volume,
        })
        .collect();
    edges.sort_by(|x, y| {
        y.volume
            .total_cmp(&x.volume)
            .then(x.from.cmp(&y.from))
            .then(x.to.cmp(&y.to))
    });
    if edges.len() > limits.edges {
        edges.truncate(limits.edges);
        truncated = true;
    }
    RolledUp {
        nodes,
        edges,
        truncated,
    }
}

/// The package of a module id: what comes before its last `.`, `/` or `::`,
/// cut to at most `depth` segments; none for an id without a separator.
pub fn package(id: &str, depth: usize) -> Option<String> {
    let normalised = id.replace("::", ".").replace('/', ".");
    let segments: Vec<&str> = normalised.split('.').collect();
    if segments.len() < 2 {
        return None;
    }
    let parent = &segments[..segments.len() - 1];
    Some(parent[..parent.len().min(depth.max(1))].join("."))
}

/// The deepest package depth at which the modules fall into at most
/// `max_groups` packages (at least 1).
pub fn package_depth(graph: &ModelGraph, max_groups: usize) -> usize {
    let mut best = 1;
    for depth in 1..=12 {
        let groups: FxHashSet<String> = (0..graph.module_count() as u32)
            .filter_map(|m| package(graph.id(m), depth))
            .collect();
        if groups.len() > max_groups {
            break;
        }
        best = depth;
        let deeper: FxHashSet<String> = (0..graph.module_count() as u32)
            .filter_map(|m| package(graph.id(m), depth + 1))
            .collect();
        if deeper == groups {
            break;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Call, Module, Project};

    fn project() -> Project {
        let mut p = Project::new("t");
        for id in ["a.x.One", "a.x.Two", "a.y.Three", "b.Four", "Lonely"] {
            p.modules.push(Module::new(id));
        }
        for (a, b, v) in [
            ("a.x.One", "a.x.Two", 1.0),
            ("a.x.One", "a.y.Three", 2.0),
            ("a.x.Two", "a.y.Three", 3.0),
            ("a.y.Three", "b.Four", 4.0),
            ("b.Four", "Lonely", 5.0),
        ] {
            let mut call = Call::new(a, b);
            call.volume = v;
            p.calls.push(call);
        }
        p
    }

    const WIDE: Limits = Limits {
        nodes: 100,
        edges: 100,
    };

    #[test]
    fn packages_are_cut_at_a_depth() {
        assert_eq!(
            package("com.acme.order.Order", 2).as_deref(),
            Some("com.acme")
        );
        assert_eq!(
            package("com.acme.order.Order", 9).as_deref(),
            Some("com.acme.order")
        );
        assert_eq!(package("src/pay/api.ts", 5).as_deref(), Some("src.pay.api"));
        assert_eq!(
            package("crate::pay::Ledger", 5).as_deref(),
            Some("crate.pay")
        );
        assert_eq!(package("Lonely", 3), None);
        let graph = ModelGraph::build(&project()).unwrap();
        assert_eq!(package_depth(&graph, 2), 1);
        assert_eq!(package_depth(&graph, 10), 2);
    }

    #[test]
    fn groups_add_their_calls_up_and_expand_into_modules() {
        let graph = ModelGraph::build(&project()).unwrap();
        let by_package = |m: u32| package(graph.id(m), 2);
        let rolled = roll_up(&graph, by_package, |_| false, WIDE);
        let keys: Vec<&str> = rolled.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["a.x", "a.y", "b", "Lonely"]);
        assert_eq!(rolled.nodes[0].modules, 2);
        // a.x → a.y: two calls, volume 5; the call inside a.x is not drawn.
        assert_eq!(
            rolled
                .edges
                .iter()
                .find(|e| e.from == 0 && e.to == 1)
                .map(|e| (e.calls, e.volume)),
            Some((2, 5.0))
        );
        assert_eq!(rolled.edges.len(), 3);

        let rolled = roll_up(&graph, by_package, |g| g == "a.x", WIDE);
        let keys: Vec<&str> = rolled.nodes.iter().map(|n| n.key.as_str()).collect();
        assert_eq!(keys, ["a.x.One", "a.x.Two", "a.y", "b", "Lonely"]);
        assert_eq!(
            rolled.edges.len(),
            5,
            "the call inside a.x shows once expanded"
        );
        assert!(!rolled.truncated);
    }

    #[test]
    fn limits_cut_the_drawing_and_say_so() {
        let graph = ModelGraph::build(&project()).unwrap();
        let rolled = roll_up(&graph, |_| None, |_| false, Limits { nodes: 3, edges: 1 });
        assert_eq!(rolled.nodes.len(), 3);
        assert_eq!(rolled.edges.len(), 1);
        assert_eq!(
            rolled.edges[0].volume, 3.0,
            "the heaviest edge among the drawn nodes stays"
        );
        assert!(rolled.truncated);
    }
}

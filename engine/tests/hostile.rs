//! Hostile inputs are refused while they are read, before they can take the
//! memory or the time their expansion would need.

use engine::formats::{ImportLimits, dot};

/// `{a0 … aN} -> {b0 … bN}` names N² edges in a few kilobytes.
fn product_statement(n: usize) -> String {
    let side = |prefix: &str| {
        (0..n)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("digraph {{ {{{}}} -> {{{}}} }}", side("a"), side("b"))
}

#[test]
fn an_edge_statement_naming_more_edges_than_the_call_limit_is_refused_before_it_is_built() {
    let text = product_statement(2_500);
    assert!(text.len() < 30_000);
    let error = dot::import("bomb.dot", &text, &ImportLimits::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "bomb.dot:1: the edge statements name more than 2000000 edges (the call limit)"
    );
}

#[test]
fn edge_statements_are_counted_together() {
    let limits = ImportLimits {
        max_calls: 10,
        ..ImportLimits::default()
    };
    let text = "digraph {\n{a b} -> {c d}\n{a b} -> {e f}\n{a b c} -> {g}\n}\n";
    let error = dot::import("sum.dot", text, &limits).unwrap_err();
    assert!(error.to_string().starts_with("sum.dot:4: "), "{error}");
    assert!(dot::import("sum.dot", "digraph { {a b} -> {c d} }", &limits).is_ok());
}

#[test]
fn nodes_past_the_module_limit_are_refused_where_they_appear() {
    let limits = ImportLimits {
        max_modules: 3,
        ..ImportLimits::default()
    };
    let error = dot::import("many.dot", "digraph {\na -> b\nc\nd\n}\n", &limits).unwrap_err();
    assert_eq!(
        error.to_string(),
        "many.dot:4: more than 3 modules (the limit)"
    );
}

#[test]
fn a_large_cluster_keeps_every_node_once_in_order() {
    let nodes: Vec<String> = (0..20_000).map(|i| format!("n{i}")).collect();
    let text = format!(
        "digraph {{ subgraph cluster_big {{ {} {} }} }}",
        nodes.join("; "),
        nodes[..100].join("; ")
    );
    let project = dot::import("big.dot", &text, &ImportLimits::default()).unwrap();
    assert_eq!(project.modules.len(), 20_000);
    assert_eq!(project.splits[0].assignment.len(), 20_000);
    assert_eq!(project.modules[19_999].id, "n19999");
}

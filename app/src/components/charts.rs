//! Small SVG drawings rendered from Rust: bars per split for a metric, the
//! service dependency graph, and the dependency-structure matrix.

use engine::analysis::SplitAnalysis;
use engine::layout::{Spacing, layered};
use engine::metrics::format_value;
use leptos::prelude::*;

/// One horizontal bar per split for a metric; the better ones highlighted.
#[component]
pub fn MetricBars(
    title: String,
    splits: Vec<String>,
    values: Vec<f64>,
    best: Vec<usize>,
) -> impl IntoView {
    let (width, bar, gap, label) = (260.0, 16.0, 6.0, 96.0);
    let height = splits.len() as f64 * (bar + gap) + gap;
    let max = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let bars = splits
        .iter()
        .zip(&values)
        .enumerate()
        .map(|(ix, (name, value))| {
            let y = gap + ix as f64 * (bar + gap);
            let length = if max > 0.0 { value.abs() / max * (width - label - 50.0) } else { 0.0 };
            let class = if best.contains(&ix) { "bar best" } else { "bar" };
            let short: String = name.chars().take(14).collect();
            view! {
                <text x="0" y=y + bar - 4.0 class="bar-label">{short}</text>
                <rect x=label y=y width=length height=bar class=class></rect>
                <text x=label + length + 4.0 y=y + bar - 4.0 class="bar-value">{format_value(*value)}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="metric-bars">
            <figcaption>{title.clone()}</figcaption>
            <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=title>{bars}</svg>
        </figure>
    }
}

/// The services of a split as a layered graph: callers left of callees, arrow
/// width by call volume, dashed when only asynchronous. `analysis.dependencies`
/// may be the heaviest ones only.
#[component]
pub fn ServiceGraph(analysis: SplitAnalysis) -> impl IntoView {
    let ids: Vec<String> = analysis.services.iter().map(|s| s.id.clone()).collect();
    let index = |id: &str| ids.iter().position(|x| x == id);
    let edges: Vec<(usize, usize)> = analysis
        .dependencies
        .iter()
        .filter_map(|d| Some((index(&d.from)?, index(&d.to)?)))
        .collect();
    let spacing = Spacing {
        layer_gap: 190.0,
        node_gap: 56.0,
        margin: 70.0,
    };
    let layout = layered(ids.len(), &edges, spacing);
    let max_volume = analysis
        .dependencies
        .iter()
        .fold(1.0f64, |m, d| m.max(d.volume));
    let arrows = analysis
        .dependencies
        .iter()
        .filter_map(|d| {
            let (a, b) = (index(&d.from)?, index(&d.to)?);
            let ((x1, y1), (x2, y2)) = (layout.positions[a], layout.positions[b]);
            let width = 1.0 + 4.0 * (d.volume / max_volume).sqrt();
            let class = if d.sync_calls == 0 { "dep async" } else { "dep" };
            Some(view! {
                <line x1=x1 + 60.0 y1=y1 x2=x2 - 60.0 y2=y2 stroke-width=width class=class marker-end="url(#arrow)">
                    <title>{format!("{} → {}: {} calls, volume {}", d.from, d.to, d.calls, format_value(d.volume))}</title>
                </line>
            })
        })
        .collect_view();
    let nodes = analysis
        .services
        .iter()
        .enumerate()
        .map(|(ix, s)| {
            let (x, y) = layout.positions[ix];
            let name: String = s.name.chars().take(16).collect();
            view! {
                <g class="service-node" transform=format!("translate({x},{y})")>
                    <rect x="-60" y="-16" width="120" height="32" rx="6"></rect>
                    <text text-anchor="middle" y="5">{name}</text>
                    <title>{format!("{} ({} modules)", s.name, s.module_count)}</title>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="service-graph" viewBox=format!("0 0 {} {}", layout.width, layout.height) role="img" aria-label="service dependency graph">
            <defs>
                <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z"></path>
                </marker>
            </defs>
            {arrows}
            {nodes}
        </svg>
    }
}

/// The dependency-structure matrix: row service calls column service; the cell
/// holds the number of calls (`matrix[r * n + c]`). A cell whose mirror is
/// filled too marks calls both ways (a cycle).
#[component]
pub fn Dsm(services: Vec<String>, matrix: Vec<u32>) -> impl IntoView {
    let n = services.len();
    let calls = move |r: usize, c: usize| matrix.get(r * n + c).copied().unwrap_or(0);
    let header = (1..=n)
        .map(|ix| view! { <th scope="col">{ix}</th> })
        .collect_view();
    let rows = services
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = (0..n)
                .map(|c| {
                    if r == c {
                        return view! { <td class="diagonal">"■"</td> }.into_any();
                    }
                    match calls(r, c) {
                        0 => view! { <td></td> }.into_any(),
                        count => {
                            let class = if calls(c, r) > 0 {
                                "dsm-cell mutual"
                            } else {
                                "dsm-cell"
                            };
                            view! { <td class=class>{count}</td> }.into_any()
                        }
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", r + 1, row)}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="dsm">
            <thead><tr><th></th>{header}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

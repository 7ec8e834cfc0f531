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
/// width by call volume, dashed when only asynchronous.
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
                    <title>{format!("{} ({} modules)", s.name, s.modules.len())}</title>
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
/// holds the number of calls. Cells above the diagonal with a mirror below mark
/// cycles.
#[component]
pub fn Dsm(analysis: SplitAnalysis) -> impl IntoView {
    let services = analysis.services.clone();
    let cell = move |from: &str, to: &str| {
        analysis
            .dependencies
            .iter()
            .find(|d| d.from == from && d.to == to)
            .map(|d| (d.calls, d.volume))
    };
    let header = services
        .iter()
        .enumerate()
        .map(|(ix, s)| view! { <th scope="col" title=s.name.clone()>{ix + 1}</th> })
        .collect_view();
    let rows = services
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = services
                .iter()
                .enumerate()
                .map(|(c, col)| {
                    if r == c {
                        return view! { <td class="diagonal">"■"</td> }.into_any();
                    }
                    match cell(&row.id, &col.id) {
                        Some((calls, volume)) => {
                            let mutual = cell(&col.id, &row.id).is_some();
                            let class = if mutual { "dsm-cell mutual" } else { "dsm-cell" };
                            view! { <td class=class title=format!("{} → {}: volume {}", row.name, col.name, format_value(volume))>{calls}</td> }
                                .into_any()
                        }
                        None => view! { <td></td> }.into_any(),
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{format!("{} {}", r + 1, row.name)}</th>
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

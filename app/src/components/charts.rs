//! Small SVG drawings rendered from Rust: bars per split for a metric, the
//! service dependency graph, and the dependency-structure matrix.

use engine::analysis::SplitAnalysis;
use engine::layout::{Spacing, layered};
use engine::metrics::format_value;
use leptos::prelude::*;

use crate::i18n::{Locale, use_locale};

/// One horizontal bar per split for a metric; the better ones highlighted. Drawn
/// in HTML rather than SVG so split names wrap instead of being cut.
#[component]
pub fn MetricBars(
    title: String,
    splits: Vec<String>,
    values: Vec<f64>,
    best: Vec<usize>,
) -> impl IntoView {
    let max = values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let bars = splits
        .into_iter()
        .zip(values)
        .enumerate()
        .map(|(ix, (name, value))| {
            let share = if max > 0.0 && value.is_finite() { value.abs() / max * 100.0 } else { 0.0 };
            let class = if best.contains(&ix) { "bar-row best" } else { "bar-row" };
            view! {
                <li class=class>
                    <span class="bar-label">{name}</span>
                    <span class="bar-track">
                        <span class="bar-area"><span class="bar" style=format!("width: {share:.1}%")></span></span>
                        <span class="bar-value">{format_value(value)}</span>
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <figure class="metric-bars">
            <figcaption>{title}</figcaption>
            <ul class="bars">{bars}</ul>
        </figure>
    }
}

/// The services of a split as a layered graph: callers left of callees, arrow
/// width by call volume, dashed when only asynchronous. `analysis.dependencies`
/// may be the heaviest ones only. Service names wrap inside their boxes.
#[component]
pub fn ServiceGraph(analysis: SplitAnalysis) -> impl IntoView {
    let locale = use_locale().get_untracked();
    let ids: Vec<String> = analysis.services.iter().map(|s| s.id.clone()).collect();
    let index = |id: &str| ids.iter().position(|x| x == id);
    let edges: Vec<(usize, usize)> = analysis
        .dependencies
        .iter()
        .filter_map(|d| Some((index(&d.from)?, index(&d.to)?)))
        .collect();
    let boxes: Vec<NodeBox> = analysis
        .services
        .iter()
        .map(|s| NodeBox::for_name(&s.name))
        .collect();
    let tallest = boxes.iter().map(|b| b.height).fold(0.0, f64::max);
    let spacing = Spacing {
        layer_gap: NodeBox::MAX_WIDTH + 40.0,
        node_gap: tallest + 24.0,
        margin: NodeBox::MAX_WIDTH / 2.0 + 10.0,
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
            let tip = match locale {
                Locale::Ko => format!("{} → {}: 호출 {}개, 호출량 {}", d.from, d.to, d.calls, format_value(d.volume)),
                Locale::En => format!("{} → {}: {} calls, volume {}", d.from, d.to, d.calls, format_value(d.volume)),
            };
            Some(view! {
                <line x1=x1 + boxes[a].width / 2.0 y1=y1 x2=x2 - boxes[b].width / 2.0 y2=y2 stroke-width=width class=class marker-end="url(#arrow)">
                    <title>{tip}</title>
                </line>
            })
        })
        .collect_view();
    let nodes = analysis
        .services
        .iter()
        .zip(boxes.iter().cloned())
        .enumerate()
        .map(|(ix, (s, node))| {
            let (x, y) = layout.positions[ix];
            let top = -node.height / 2.0;
            let lines = node.lines.len() as f64;
            let first = -(lines - 1.0) * NodeBox::LINE / 2.0 + 4.0;
            let tip = match locale {
                Locale::Ko => format!("{} (모듈 {}개)", s.name, s.module_count),
                Locale::En => format!("{} ({} modules)", s.name, s.module_count),
            };
            view! {
                <g class="service-node" transform=format!("translate({x},{y})")>
                    <rect x=-node.width / 2.0 y=top width=node.width height=node.height rx="6"></rect>
                    <text text-anchor="middle">
                        {node.lines.iter().enumerate().map(|(line, text)| {
                            // A space ends every line but the last, so the name reads as words when copied.
                            let text = if line + 1 < node.lines.len() { format!("{text} ") } else { text.clone() };
                            view! { <tspan x="0" y=first + line as f64 * NodeBox::LINE>{text}</tspan> }
                        }).collect_view()}
                    </text>
                    <title>{tip}</title>
                </g>
            }
        })
        .collect_view();
    let label = locale.pick("서비스 의존 그래프", "Service dependency graph");
    view! {
        <svg class="service-graph" viewBox=format!("0 0 {} {}", layout.width, layout.height) role="img" aria-label=label>
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

/// A service's box in the graph: its name broken into lines between words, and
/// a size that fits them (estimated from the characters: the SVG is drawn on
/// the server, where no text can be measured).
#[derive(Clone, Debug)]
struct NodeBox {
    lines: Vec<String>,
    width: f64,
    height: f64,
}

impl NodeBox {
    const MIN_WIDTH: f64 = 110.0;
    const MAX_WIDTH: f64 = 150.0;
    const LINE: f64 = 15.0;
    const PADDING: f64 = 14.0;

    /// The width of `text` at the graph's 12 px font: Hangul and other wide
    /// characters about a full em, the rest about half.
    fn text_width(text: &str) -> f64 {
        text.chars()
            .map(|c| if c.len_utf8() >= 3 { 12.0 } else { 6.8 })
            .sum()
    }

    fn for_name(name: &str) -> NodeBox {
        let room = Self::MAX_WIDTH - Self::PADDING;
        let mut lines: Vec<String> = Vec::new();
        let words = name.split_whitespace().flat_map(|word| {
            // A word wider than the box is cut where it fills a line.
            let mut pieces = vec![String::new()];
            for c in word.chars() {
                let last = pieces.last_mut().expect("one piece at least");
                if !last.is_empty()
                    && Self::text_width(last) + Self::text_width(&c.to_string()) > room
                {
                    pieces.push(c.to_string());
                } else {
                    last.push(c);
                }
            }
            pieces
        });
        for word in words {
            match lines.last_mut() {
                Some(line) if Self::text_width(&format!("{line} {word}")) <= room => {
                    line.push(' ');
                    line.push_str(&word);
                }
                _ => lines.push(word),
            }
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        let widest = lines
            .iter()
            .map(|l| Self::text_width(l))
            .fold(0.0, f64::max);
        NodeBox {
            width: (widest + Self::PADDING).clamp(Self::MIN_WIDTH, Self::MAX_WIDTH),
            height: lines.len() as f64 * Self::LINE + 12.0,
            lines,
        }
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

#[cfg(test)]
mod tests {
    use super::NodeBox;

    #[test]
    fn service_names_wrap_between_words_and_keep_every_character() {
        let name = "계좌 관리 (Account management) 서비스";
        let node = NodeBox::for_name(name);
        assert!(node.lines.len() >= 2, "{:?}", node.lines);
        assert_eq!(node.lines.join(" "), name);
        assert!(node.width <= NodeBox::MAX_WIDTH);
        let long = NodeBox::for_name("AccountManagementAndSettlementServiceFacade");
        assert!(long.lines.len() >= 2, "{:?}", long.lines);
        assert_eq!(
            long.lines.concat(),
            "AccountManagementAndSettlementServiceFacade"
        );
        assert!(
            long.lines
                .iter()
                .all(|l| NodeBox::text_width(l) <= NodeBox::MAX_WIDTH)
        );
    }
}

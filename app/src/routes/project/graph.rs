//! The call graph: drawn by the server as a layered graph, rolled up into
//! groups (packages, capabilities, subdomains, teams or a split's services) when
//! the model is big, so a drawing never holds more than a few thousand elements.
//! A click on a group expands it into its modules (and back); a click on a
//! module shows its details. Pan by dragging, zoom with the wheel or buttons;
//! neighbours light up on hover.

use leptos::prelude::*;

use super::context::use_project;
use crate::components::feedback::ErrorNote;
use crate::functions::views::{draw_graph, read_module};
use crate::i18n::{tr, use_locale};
use crate::models::{GraphRequest, GraphView, Grouping};

/// How the drawing is moved and scaled inside its frame: a CSS transform, so
/// panning moves an already painted layer instead of painting thousands of
/// elements again on every frame.
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    x: f64,
    y: f64,
    scale: f64,
}

impl View {
    const FIT: View = View {
        x: 0.0,
        y: 0.0,
        scale: 1.0,
    };

    fn css(self) -> String {
        format!(
            "transform: translate({}px, {}px) scale({})",
            self.x, self.y, self.scale
        )
    }
}

/// Half the width and height of a node's box.
const NODE_HALF_WIDTH: f64 = 70.0;
const NODE_HALF_HEIGHT: f64 = 14.0;

/// The value of the grouping menu for a grouping.
fn grouping_value(grouping: &Grouping) -> String {
    match grouping {
        Grouping::Automatic => "automatic".into(),
        Grouping::Modules => "modules".into(),
        Grouping::Package => "package".into(),
        Grouping::Capability => "capability".into(),
        Grouping::Subdomain => "subdomain".into(),
        Grouping::Team => "team".into(),
        Grouping::Split { split } => format!("split:{split}"),
    }
}

/// The grouping a menu value stands for.
fn grouping_of(value: &str) -> Grouping {
    match value {
        "modules" => Grouping::Modules,
        "package" => Grouping::Package,
        "capability" => Grouping::Capability,
        "subdomain" => Grouping::Subdomain,
        "team" => Grouping::Team,
        other => other
            .strip_prefix("split:")
            .map_or(Grouping::Automatic, |split| Grouping::Split {
                split: split.to_string(),
            }),
    }
}

/// The call graph of the open project. `selected` is the clicked module.
#[component]
pub fn CallGraph(selected: RwSignal<Option<String>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let request = RwSignal::new(GraphRequest::default());
    let drawing = Resource::new(
        move || (context.id(), context.revision(), request.get()),
        |(id, _, request)| draw_graph(id, request),
    );
    let grouping_menu = move || {
        let ko = locale.get() == crate::i18n::Locale::Ko;
        let mut options: Vec<(String, String)> = [
            ("automatic", "자동", "Automatic"),
            ("modules", "모듈별 (묶지 않음)", "Modules (no grouping)"),
            ("package", "패키지별", "By package"),
            ("capability", "비즈니스 능력별", "By capability"),
            ("subdomain", "서브도메인별", "By subdomain"),
            ("team", "팀별", "By team"),
        ]
        .into_iter()
        .map(|(value, k, e)| (value.to_string(), if ko { k } else { e }.to_string()))
        .collect();
        context.head.with(|h| {
            for split in &h.project.splits {
                let label = if ko {
                    format!("서비스별: {}", split.name)
                } else {
                    format!("By service: {}", split.name)
                };
                options.push((format!("split:{}", split.id), label));
            }
        });
        options
    };
    view! {
        <div class="card graph-card">
            <div class="card-head">
                <h2>{tr("호출 그래프", "Call graph")}</h2>
                <label for="graph-grouping">{tr("묶기", "Group")}</label>
                <select
                    id="graph-grouping"
                    data-testid="graph-grouping"
                    on:change:target=move |ev| request.set(GraphRequest { grouping: grouping_of(&ev.target().value()), expanded: Vec::new() })
                >
                    {move || {
                        let current = grouping_value(&request.with(|r| r.grouping.clone()));
                        grouping_menu().into_iter().map(|(value, label)| {
                            let selected = value == current;
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()
                    }}
                </select>
            </div>
            <Transition fallback=move || view! { <p class="loading">{tr("그래프를 그리는 중…", "Drawing the graph…")}</p> }>
                {move || Suspend::new(async move {
                    match drawing.await {
                        Ok(view) => view! { <Drawing view request selected/> }.into_any(),
                        Err(error) => view! { <ErrorNote error=Signal::derive(move || Some(error.clone()))/> }.into_any(),
                    }
                })}
            </Transition>
            <ModuleDetails selected/>
        </div>
    }
}

/// One drawing, with pan, zoom and hover.
#[component]
fn Drawing(
    view: GraphView,
    request: RwSignal<GraphRequest>,
    selected: RwSignal<Option<String>>,
) -> impl IntoView {
    let locale = use_locale();
    let (width, height) = (view.width.max(400.0), view.height.max(300.0));
    let placed = RwSignal::new(View::FIT);
    let panning = RwSignal::new(false);
    let hovered = RwSignal::new(None::<usize>);
    let edges: Vec<(usize, usize)> = view.edges.iter().map(|e| (e.from, e.to)).collect();
    let neighbours = {
        let edges = edges.clone();
        Memo::new(move |_| {
            let Some(h) = hovered.get() else {
                return Vec::new();
            };
            edges
                .iter()
                .filter_map(|&(a, b)| {
                    if a == h {
                        Some(b)
                    } else if b == h {
                        Some(a)
                    } else {
                        None
                    }
                })
                .collect()
        })
    };
    // Scaling keeps the middle of the frame where it is.
    let zoom = move |factor: f64| {
        placed.update(|v| {
            v.scale = (v.scale * factor).clamp(0.05, 20.0);
            v.x *= factor;
            v.y *= factor;
        });
    };
    let drag = StoredValue::new(None::<(f64, f64, View)>);
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        zoom(if ev.delta_y() > 0.0 { 1.0 / 1.15 } else { 1.15 });
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        panning.set(true);
        drag.set_value(Some((
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            placed.get_untracked(),
        )));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((x0, y0, start)) = drag.get_value() {
            placed.set(View {
                x: start.x + f64::from(ev.client_x()) - x0,
                y: start.y + f64::from(ev.client_y()) - y0,
                ..start
            });
        }
    };
    let on_up = move |_| {
        drag.set_value(None);
        panning.set(false);
    };
    let grouped = view.nodes.iter().any(|n| n.group);
    let summary = {
        let (nodes, modules, calls) = (view.nodes.len(), view.module_count, view.call_count);
        let truncated = view.truncated;
        move || {
            let ko = locale.get() == crate::i18n::Locale::Ko;
            let mut text = if ko {
                format!("모듈 {modules}개, 호출 {calls}개를 노드 {nodes}개로 그렸습니다.")
            } else {
                format!("{modules} modules and {calls} calls drawn as {nodes} nodes.")
            };
            if grouped {
                text.push_str(if ko {
                    " 묶음을 누르면 모듈로 펼치고, 다시 누르면 접습니다."
                } else {
                    " Click a group to expand it into its modules, again to fold it."
                });
            }
            if truncated {
                text.push_str(if ko {
                    " 그림이 너무 커서 일부를 생략했습니다: 더 크게 묶으세요."
                } else {
                    " The drawing was too big and was cut: group more coarsely."
                });
            }
            text
        }
    };
    let positions: Vec<(f64, f64)> = view.nodes.iter().map(|n| (n.x, n.y)).collect();
    let lines = view
        .edges
        .iter()
        .map(|edge| {
            let (a, b) = (edge.from, edge.to);
            let ((x1, y1), (x2, y2)) = (positions[a], positions[b]);
            let lit = move || hovered.get().is_some_and(|h| h == a || h == b);
            view! { <line x1=x1 + NODE_HALF_WIDTH y1=y1 x2=x2 - NODE_HALF_WIDTH y2=y2 class=move || if lit() { "call lit" } else { "call" } marker-end="url(#call-arrow)"></line> }
        })
        .collect_view();
    let nodes = view
        .nodes
        .into_iter()
        .enumerate()
        .map(|(i, node)| {
            let key = node.key.clone();
            let selected_key = key.clone();
            let is_group = node.group;
            let class = move || {
                let base = if is_group { "module-node group" } else { "module-node" };
                if hovered.get() == Some(i) {
                    format!("{base} hovered")
                } else if neighbours.with(|n| n.contains(&i)) {
                    format!("{base} neighbour")
                } else if selected.get().as_deref() == Some(selected_key.as_str()) {
                    format!("{base} selected")
                } else {
                    base.to_string()
                }
            };
            let click_key = key.clone();
            let on_click = move |_| {
                if is_group {
                    let group = click_key.clone();
                    request.update(|r| {
                        if let Some(ix) = r.expanded.iter().position(|g| g == &group) {
                            r.expanded.remove(ix);
                        } else {
                            r.expanded.push(group);
                        }
                    });
                } else {
                    selected.set(Some(click_key.clone()));
                }
            };
            let label: String = node.label.chars().take(22).collect();
            let text = if is_group {
                format!("{label} ({})", node.modules)
            } else {
                label
            };
            view! {
                <g
                    class=class
                    transform=format!("translate({},{})", node.x, node.y)
                    data-testid=if is_group { "graph-group" } else { "graph-node" }
                    data-key=key
                    on:mouseenter=move |_| if !panning.get_untracked() { hovered.set(Some(i)) }
                    on:mouseleave=move |_| if !panning.get_untracked() { hovered.set(None) }
                    on:click=on_click
                >
                    <title>{node.label.clone()}</title>
                    <rect x=-NODE_HALF_WIDTH y=-NODE_HALF_HEIGHT width=NODE_HALF_WIDTH * 2.0 height=NODE_HALF_HEIGHT * 2.0 rx="5"></rect>
                    <text text-anchor="middle" y="4">{text}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <div class="graph-toolbar">
            <p class="muted" data-testid="graph-summary">{summary}</p>
            <div class="zoom-controls">
                <button type="button" aria-label=move || locale.get().pick("확대", "Zoom in") on:click=move |_| zoom(1.3)>"+"</button>
                <button type="button" aria-label=move || locale.get().pick("축소", "Zoom out") on:click=move |_| zoom(1.0 / 1.3)>"−"</button>
                <button type="button" on:click=move |_| placed.set(View::FIT)>{tr("전체 보기", "Fit")}</button>
            </div>
        </div>
        <p class="muted">{tr("끌어서 이동, 휠로 확대·축소, 모듈을 누르면 자세히 봅니다.", "Drag to pan, wheel to zoom, click a module for details.")}</p>
        // The layer that moves is a plain box: browsers move a box's painted
        // layer without painting again, but repaint an SVG moved by itself.
        <div class="graph-frame">
        <div class=move || if panning.get() { "graph-layer panning" } else { "graph-layer" } style=move || placed.get().css()>
        <svg
            class="call-graph"
            data-testid="call-graph"
            role="img"
            aria-label=move || locale.get().pick("모듈 호출 그래프", "Module call graph")
            viewBox=format!("0 0 {width} {height}")
            on:wheel=on_wheel
            on:pointerdown=on_down
            on:pointermove=on_move
            on:pointerup=on_up
            on:pointerleave=on_up
        >
            <defs>
                <marker id="call-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z"></path>
                </marker>
            </defs>
            {lines}
            {nodes}
        </svg>
        </div>
        </div>
    }
}

/// The clicked module: its tags and neighbours.
#[component]
fn ModuleDetails(selected: RwSignal<Option<String>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let detail = Resource::new(
        move || (context.id(), context.revision(), selected.get()),
        |(id, _, module)| async move {
            match module {
                Some(module) => read_module(id, module).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Transition>
            {move || Suspend::new(async move {
                let Ok(Some(detail)) = detail.await else {
                    return None;
                };
                let module = detail.module;
                let list = |names: Vec<String>, count: usize| {
                    let more = count.saturating_sub(names.len());
                    let mut text = names.join(", ");
                    if more > 0 {
                        text.push_str(&format!(" … (+{more})"));
                    }
                    text
                };
                let calls = list(detail.calls, detail.calls_count);
                let called_by = list(detail.called_by, detail.called_by_count);
                Some(view! {
                    <div class="module-details" data-testid="module-details">
                        <h3>{module.label().to_string()} " " <span class="mono muted">{module.id.clone()}</span></h3>
                        <p>{move || format!("{}: {} · {}: {} · {}: {}",
                            locale.get().pick("능력", "Capability"), module.capability.clone().unwrap_or_default(),
                            locale.get().pick("서브도메인", "Subdomain"), module.subdomain.clone().unwrap_or_default(),
                            locale.get().pick("팀", "Team"), module.team.clone().unwrap_or_default())}</p>
                        <p>{move || format!("{} → {calls}", locale.get().pick("호출", "Calls"))}</p>
                        <p>{move || format!("{} ← {called_by}", locale.get().pick("호출됨", "Called by"))}</p>
                    </div>
                })
            })}
        </Transition>
    }
}

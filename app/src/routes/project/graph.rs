//! The call graph: a layered drawing computed by the engine, with pan (drag),
//! zoom (wheel or buttons), neighbours highlighted on hover and the module's
//! details on click. Drawn as plain SVG, so 500 modules stay responsive.

use engine::layout::{Spacing, layered};
use leptos::prelude::*;

use super::context::use_project;
use crate::i18n::{tr, use_locale};

/// The visible part of the drawing.
#[derive(Clone, Copy, Debug, PartialEq)]
struct ViewBox {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

/// The call graph of the open project. `selected` is the clicked module.
#[component]
pub fn CallGraph(selected: RwSignal<Option<String>>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let drawing = Memo::new(move |_| {
        context.doc.with(|d| {
            let ids: Vec<String> = d.project.modules.iter().map(|m| m.id.clone()).collect();
            let labels: Vec<String> = d
                .project
                .modules
                .iter()
                .map(|m| m.label().chars().take(24).collect())
                .collect();
            let index: std::collections::HashMap<&str, usize> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| (id.as_str(), i))
                .collect();
            let edges: Vec<(usize, usize)> = d
                .project
                .calls
                .iter()
                .filter_map(|c| {
                    Some((
                        *index.get(c.caller.as_str())?,
                        *index.get(c.callee.as_str())?,
                    ))
                })
                .collect();
            let layout = layered(ids.len(), &edges, Spacing::default());
            (ids, labels, edges, layout)
        })
    });
    let view_box = RwSignal::new(None::<ViewBox>);
    let current = move || {
        view_box.get().unwrap_or_else(|| {
            drawing.with(|(_, _, _, layout)| ViewBox {
                x: 0.0,
                y: 0.0,
                width: layout.width.max(400.0),
                height: layout.height.max(300.0),
            })
        })
    };
    let hovered = RwSignal::new(None::<usize>);
    let neighbours = Memo::new(move |_| {
        let Some(h) = hovered.get() else {
            return Vec::new();
        };
        drawing.with(|(_, _, edges, _)| {
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
    });
    let zoom = move |factor: f64, cx: f64, cy: f64| {
        let v = current();
        let (width, height) = (v.width * factor, v.height * factor);
        view_box.set(Some(ViewBox {
            x: cx - (cx - v.x) * factor,
            y: cy - (cy - v.y) * factor,
            width,
            height,
        }));
    };
    let drag = StoredValue::new(None::<(f64, f64, ViewBox)>);
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        let v = current();
        let factor = if ev.delta_y() > 0.0 { 1.15 } else { 1.0 / 1.15 };
        zoom(factor, v.x + v.width / 2.0, v.y + v.height / 2.0);
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        drag.set_value(Some((
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            current(),
        )));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let Some((x0, y0, start)) = drag.get_value() {
            let scale = start.width / 900.0;
            view_box.set(Some(ViewBox {
                x: start.x - (f64::from(ev.client_x()) - x0) * scale,
                y: start.y - (f64::from(ev.client_y()) - y0) * scale,
                ..start
            }));
        }
    };
    let on_up = move |_| drag.set_value(None);
    let details = move || {
        let id = selected.get()?;
        context.doc.with(|d| {
            let module = d.project.modules.iter().find(|m| m.id == id)?.clone();
            let outgoing: Vec<String> = d
                .project
                .calls
                .iter()
                .filter(|c| c.caller == id)
                .map(|c| c.callee.clone())
                .collect();
            let incoming: Vec<String> = d
                .project
                .calls
                .iter()
                .filter(|c| c.callee == id)
                .map(|c| c.caller.clone())
                .collect();
            Some((module, outgoing, incoming))
        })
    };
    view! {
        <div class="card graph-card">
            <div class="card-head">
                <h2>{tr("호출 그래프", "Call graph")}</h2>
                <div class="zoom-controls">
                    <button type="button" aria-label=move || locale.get().pick("확대", "Zoom in") on:click=move |_| { let v = current(); zoom(1.0 / 1.3, v.x + v.width / 2.0, v.y + v.height / 2.0) }>"+"</button>
                    <button type="button" aria-label=move || locale.get().pick("축소", "Zoom out") on:click=move |_| { let v = current(); zoom(1.3, v.x + v.width / 2.0, v.y + v.height / 2.0) }>"−"</button>
                    <button type="button" on:click=move |_| view_box.set(None)>{tr("전체 보기", "Fit")}</button>
                </div>
            </div>
            <p class="muted">{tr("끌어서 이동, 휠로 확대·축소, 모듈을 누르면 자세히 봅니다.", "Drag to pan, wheel to zoom, click a module for details.")}</p>
            <svg
                class="call-graph"
                data-testid="call-graph"
                role="img"
                aria-label=move || locale.get().pick("모듈 호출 그래프", "Module call graph")
                viewBox=move || { let v = current(); format!("{} {} {} {}", v.x, v.y, v.width, v.height) }
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
                {move || drawing.with(|(_, _, edges, layout)| {
                    edges.iter().map(|&(a, b)| {
                        let ((x1, y1), (x2, y2)) = (layout.positions[a], layout.positions[b]);
                        let lit = move || hovered.get().is_some_and(|h| h == a || h == b);
                        view! { <line x1=x1 + 70.0 y1=y1 x2=x2 - 70.0 y2=y2 class=move || if lit() { "call lit" } else { "call" } marker-end="url(#call-arrow)"></line> }
                    }).collect_view()
                })}
                {move || drawing.with(|(ids, labels, _, layout)| {
                    ids.iter().enumerate().map(|(i, id)| {
                        let (x, y) = layout.positions[i];
                        let id = id.clone();
                        let class = move || {
                            if hovered.get() == Some(i) { "module-node hovered" }
                            else if neighbours.with(|n| n.contains(&i)) { "module-node neighbour" }
                            else if selected.get().as_deref() == Some(id.as_str()) { "module-node selected" }
                            else { "module-node" }
                        };
                        let select_id = ids[i].clone();
                        view! {
                            <g
                                class=class
                                transform=format!("translate({x},{y})")
                                data-testid="graph-node"
                                on:mouseenter=move |_| hovered.set(Some(i))
                                on:mouseleave=move |_| hovered.set(None)
                                on:click=move |_| selected.set(Some(select_id.clone()))
                            >
                                <rect x="-70" y="-14" width="140" height="28" rx="5"></rect>
                                <text text-anchor="middle" y="4">{labels[i].clone()}</text>
                            </g>
                        }
                    }).collect_view()
                })}
            </svg>
            {move || details().map(|(module, outgoing, incoming)| view! {
                <div class="module-details" data-testid="module-details">
                    <h3>{module.label().to_string()} " " <span class="mono muted">{module.id.clone()}</span></h3>
                    <p>{format!("{}: {} · {}: {} · {}: {}",
                        locale.get().pick("능력", "Capability"), module.capability.clone().unwrap_or_default(),
                        locale.get().pick("서브도메인", "Subdomain"), module.subdomain.clone().unwrap_or_default(),
                        locale.get().pick("팀", "Team"), module.team.clone().unwrap_or_default())}</p>
                    <p>{format!("{} → {}", locale.get().pick("호출", "Calls"), outgoing.join(", "))}</p>
                    <p>{format!("{} ← {}", locale.get().pick("호출됨", "Called by"), incoming.join(", "))}</p>
                </div>
            })}
        </div>
    }
}

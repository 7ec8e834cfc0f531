//! The split editor: services as columns of module cards. Modules move by drag and
//! drop, or by selecting cards and choosing a service (keyboard friendly). Moves
//! are a draft until saved, and every move is re-scored at once in the browser by
//! the engine's incremental scorer, against the saved state.

use std::sync::Arc;

use engine::edit::Edit;
use engine::graph::ModelGraph;
use engine::metrics::{
    AnalysisOptions, Direction, METRICS, MetricId, Scorer, Scores, format_value,
};
use engine::model::{Service, Split};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::context::{new_local_id, use_project};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::i18n::{tr, use_locale};

/// The metrics the live panel shows first.
const HEADLINE: [MetricId; 8] = [
    MetricId::Icp,
    MetricId::Modularity,
    MetricId::Sm,
    MetricId::CrossCalls,
    MetricId::Cycles,
    MetricId::SyncChain,
    MetricId::DistributedTransactions,
    MetricId::Unassigned,
];

/// The split with the draft moves applied (each moved module goes last, as a
/// saved move would).
fn with_moves(split: &Split, moves: &[(String, Option<String>)]) -> Split {
    let mut working = split.clone();
    for (module, service) in moves {
        working.assignment.shift_remove(module);
        if let Some(service) = service {
            working.assignment.insert(module.clone(), service.clone());
        }
    }
    working
}

/// The compiled model, compared by identity (a rebuilt model is a new one).
#[derive(Clone)]
struct SharedGraph(Arc<ModelGraph>);

impl PartialEq for SharedGraph {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn scorer_for(graph: &Arc<ModelGraph>, split: &Split) -> Option<Scorer> {
    let resolved = graph.resolve_split(split).ok()?;
    Some(Scorer::new(
        Arc::clone(graph),
        &resolved,
        AnalysisOptions::default(),
    ))
}

fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}

/// `/p/:id/splits/:split`.
#[component]
pub fn SplitEditorPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let params = use_params_map();
    let split_id = Memo::new(move |_| params.read().get("split").unwrap_or_default());
    let saved = Memo::new(move |_| {
        context
            .doc
            .with(|d| d.project.split_by_id(&split_id.get()).cloned())
    });
    let graph = Memo::new(move |_| {
        context.doc.with(|d| {
            ModelGraph::build(&d.project)
                .ok()
                .map(|g| SharedGraph(Arc::new(g)))
        })
    });
    let draft = RwSignal::new(Vec::<(String, Option<String>)>::new());
    let selected = RwSignal::new(Vec::<String>::new());
    let error = RwSignal::new(None::<AppError>);
    let last_rescore_ms = RwSignal::new(None::<f64>);

    // The saved scores, and the live scorer following the draft.
    let baseline = Memo::new(move |_| {
        let (Some(graph), Some(split)) = (graph.get(), saved.get()) else {
            return None;
        };
        scorer_for(&graph.0, &split).map(|s| s.scores())
    });
    let scorer = StoredValue::new(None::<Scorer>);
    let live = RwSignal::new(None::<Scores>);
    Effect::new(move |_| {
        let (Some(graph), Some(split)) = (graph.get(), saved.get()) else {
            return;
        };
        let working = with_moves(&split, &draft.get_untracked());
        let fresh = scorer_for(&graph.0, &working);
        live.set(fresh.as_ref().map(Scorer::scores));
        scorer.set_value(fresh);
    });

    let working = Memo::new(move |_| saved.get().map(|s| with_moves(&s, &draft.get())));

    let move_module = move |module: String, service: Option<String>| {
        if !context.can_edit() {
            return;
        }
        let Some(split) = working.get_untracked() else {
            return;
        };
        if split.assignment.get(&module) == service.as_ref() {
            return;
        }
        let start = now_ms();
        let service_ix = service
            .as_ref()
            .and_then(|s| split.services.iter().position(|x| &x.id == s));
        let module_ix = graph.get_untracked().and_then(|g| g.0.ix(&module));
        let mut scores = None;
        scorer.update_value(|s| {
            if let (Some(s), Some(m)) = (s.as_mut(), module_ix) {
                s.move_module(m, service_ix.map(|i| i as u32));
                scores = Some(s.scores());
            }
        });
        draft.update(|d| d.push((module, service)));
        live.set(scores);
        last_rescore_ms.set(Some(now_ms() - start));
    };

    let save = move |_| {
        let id = split_id.get_untracked();
        for (module, service) in draft.get_untracked() {
            if let Err(e) = context.apply(Edit::Assign {
                split: id.clone(),
                module,
                service,
            }) {
                error.set(Some(e));
                break;
            }
        }
        draft.set(Vec::new());
        selected.set(Vec::new());
    };
    let discard = move |_| {
        draft.set(Vec::new());
        if let (Some(graph), Some(split)) = (graph.get_untracked(), saved.get_untracked()) {
            let fresh = scorer_for(&graph.0, &split);
            live.set(fresh.as_ref().map(Scorer::scores));
            scorer.set_value(fresh);
        }
    };
    let add_service = move |_| {
        let count = working.get_untracked().map_or(0, |s| s.services.len());
        let service = Service::new(
            new_local_id("svc-"),
            format!(
                "{} {}",
                locale.get_untracked().pick("서비스", "Service"),
                count + 1
            ),
        );
        if let Err(e) = context.apply(Edit::PutService {
            split: split_id.get_untracked(),
            service,
        }) {
            error.set(Some(e));
        }
    };
    let move_target = RwSignal::new(String::new());
    let move_selected = move |_| {
        let target = move_target.get_untracked();
        let service = (!target.is_empty()).then_some(target);
        for module in selected.get_untracked() {
            move_module(module, service.clone());
        }
        selected.set(Vec::new());
    };

    view! {
        <section class="split-editor">
            {move || match saved.get() {
                None => view! { <p class="not-found">{tr("이 분해안을 찾을 수 없습니다 (삭제되었을 수 있습니다).", "This split cannot be found (it may have been deleted).")}</p> }.into_any(),
                Some(split) => view! {
                    <div class="editor-head">
                        <h2 data-testid="split-name">{split.name.clone()}</h2>
                        <Show when=move || !draft.get().is_empty()>
                            <div class="draft-bar" role="status" data-testid="draft-bar">
                                {move || format!("{} {}", draft.get().len(), locale.get().pick("개 이동이 저장되지 않았습니다", "unsaved moves"))}
                                <button type="button" class="primary" data-testid="save-moves" on:click=save>{tr("저장", "Save")}</button>
                                <button type="button" on:click=discard>{tr("되돌리기", "Discard")}</button>
                            </div>
                        </Show>
                    </div>
                }.into_any(),
            }}
            <ErrorNote error=error/>
            <div class="editor-layout">
                <div class="columns-area">
                    <Show when=move || context.can_edit()>
                        <div class="move-toolbar" data-testid="move-toolbar">
                            <span>{move || format!("{} {}", selected.get().len(), locale.get().pick("개 선택", "selected"))}</span>
                            <label for="move-target">{tr("옮길 서비스", "Move to")}</label>
                            <select id="move-target" data-testid="move-target" prop:value=move || move_target.get() on:change:target=move |ev| move_target.set(ev.target().value())>
                                <option value="">{tr("(미배정)", "(unassigned)")}</option>
                                {move || working.get().map(|s| s.services.iter().map(|svc| view! { <option value=svc.id.clone()>{svc.label().to_string()}</option> }).collect_view())}
                            </select>
                            <button type="button" data-testid="move-selected" disabled=move || selected.get().is_empty() on:click=move_selected>{tr("옮기기", "Move")}</button>
                            <button type="button" data-testid="add-service" on:click=add_service>{tr("서비스 추가", "Add service")}</button>
                        </div>
                    </Show>
                    <div class="columns" data-testid="columns">
                        {move || working.get().map(|split| {
                            let mut columns: Vec<(Option<Service>, Vec<String>)> = split.services.iter().map(|s| (Some(s.clone()), Vec::new())).collect();
                            let mut unassigned = Vec::new();
                            context.doc.with_untracked(|d| {
                                for m in d.project.modules.iter().filter(|m| !m.entry_point) {
                                    match split.assignment.get(&m.id).and_then(|s| split.services.iter().position(|x| &x.id == s)) {
                                        Some(ix) => columns[ix].1.push(m.id.clone()),
                                        None => unassigned.push(m.id.clone()),
                                    }
                                }
                            });
                            if !unassigned.is_empty() {
                                columns.push((None, unassigned));
                            }
                            columns.into_iter().map(|(service, modules)| view! {
                                <ServiceColumn service modules selected move_module=Callback::new(move |(m, s)| move_module(m, s)) split_id=split_id/>
                            }).collect_view()
                        })}
                    </div>
                </div>
                <aside class="metrics-panel" data-testid="metrics-panel" data-last-rescore-ms=move || last_rescore_ms.get().map(|ms| format!("{ms:.3}"))>
                    <h3>{tr("지표 (저장된 상태 대비 변화)", "Metrics (change since the last save)")}</h3>
                    <Show when=move || last_rescore_ms.get().is_some()>
                        <p class="muted" data-testid="rescore-time">{move || format!("{} {:.2} ms", locale.get().pick("재계산", "re-scored in"), last_rescore_ms.get().unwrap_or(0.0))}</p>
                    </Show>
                    <table class="metric-list">
                        <tbody>
                            {move || {
                                let (now, before) = (live.get(), baseline.get());
                                METRICS.iter().filter(|m| HEADLINE.contains(&m.id)).chain(METRICS.iter().filter(|m| !HEADLINE.contains(&m.id))).map(|info| {
                                    let value = now.map(|s| s.get(info.id));
                                    let delta = now.zip(before).map(|(a, b)| a.get(info.id) - b.get(info.id)).filter(|d| d.abs() > 1e-12);
                                    let better = delta.map(|d| match info.direction {
                                        Direction::Lower => d < 0.0,
                                        Direction::Higher => d > 0.0,
                                        Direction::Neutral => true,
                                    });
                                    let class = match better { Some(true) => "delta better", Some(false) => "delta worse", None => "delta" };
                                    view! {
                                        <tr data-metric=info.key>
                                            <th scope="row" title=info.definition(locale.get().language())>{info.name(locale.get().language())}</th>
                                            <td class="num" data-testid=format!("metric-{}", info.key)>{value.map(format_value)}</td>
                                            <td class=format!("num {class}")>{delta.map(|d| format!("{}{}", if d > 0.0 { "+" } else { "" }, format_value(d)))}</td>
                                        </tr>
                                    }
                                }).collect_view()
                            }}
                        </tbody>
                    </table>
                </aside>
            </div>
        </section>
    }
}

/// One service (or the unassigned modules) as a drop target with module cards.
#[component]
fn ServiceColumn(
    service: Option<Service>,
    modules: Vec<String>,
    selected: RwSignal<Vec<String>>,
    move_module: Callback<(String, Option<String>)>,
    split_id: Memo<String>,
) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let target = service.as_ref().map(|s| s.id.clone());
    let drop_target = target.clone();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(module) = ev
            .data_transfer()
            .and_then(|t| t.get_data("text/plain").ok())
            .filter(|m| !m.is_empty())
        {
            move_module.run((module, drop_target.clone()));
        }
    };
    let renaming = RwSignal::new(false);
    let name = RwSignal::new(
        service
            .as_ref()
            .map(|s| s.label().to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let rename_service = service.clone();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(mut s) = rename_service.clone() {
            s.name = name.get_untracked().trim().to_string();
            match context.apply(Edit::PutService {
                split: split_id.get_untracked(),
                service: s,
            }) {
                Ok(()) => renaming.set(false),
                Err(e) => error.set(Some(e)),
            }
        }
    };
    let delete_id = target.clone();
    let delete = move |_| {
        if let Some(id) = delete_id.clone()
            && let Err(e) = context.apply(Edit::DeleteService {
                split: split_id.get_untracked(),
                service: id,
            })
        {
            error.set(Some(e));
        }
    };
    let title = service
        .as_ref()
        .map(|s| s.label().to_string())
        .unwrap_or_else(|| {
            locale
                .get_untracked()
                .pick("미배정", "Unassigned")
                .to_string()
        });
    let count = modules.len();
    let is_service = service.is_some();
    view! {
        <div
            class=if is_service { "service-column" } else { "service-column unassigned" }
            data-testid="service-column"
            data-service=target.clone().unwrap_or_default()
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            <div class="column-head">
                <Show
                    when=move || renaming.get()
                    fallback={
                        let title = title.clone();
                        move || view! { <h3 data-testid="service-name">{title.clone()} " " <span class="count">{count}</span></h3> }
                    }
                >
                    <form on:submit=rename.clone() class="rename-form">
                        <input aria-label=move || locale.get().pick("서비스 이름", "Service name") prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                        <button type="submit">{tr("확인", "OK")}</button>
                    </form>
                </Show>
                <Show when=move || is_service && context.can_edit()>
                    <button type="button" class="icon" aria-label=move || locale.get().pick("이름 바꾸기", "Rename") on:click=move |_| renaming.set(true)>"✎"</button>
                    <button type="button" class="icon danger" aria-label=move || locale.get().pick("서비스 삭제", "Delete service") on:click=delete.clone()>"×"</button>
                </Show>
            </div>
            <ErrorNote error=error/>
            <ul class="cards-list">
                {modules.into_iter().map(|id| {
                    let label = context.doc.with_untracked(|d| d.project.modules.iter().find(|m| m.id == id).map(|m| m.label().to_string()).unwrap_or_default());
                    let drag_id = id.clone();
                    let check_id = id.clone();
                    let is_selected = {
                        let id = id.clone();
                        move || selected.with(|s| s.contains(&id))
                    };
                    view! {
                        <li
                            class=move || if is_selected() { "module-card selected" } else { "module-card" }
                            draggable=move || context.can_edit().to_string()
                            data-testid="module-card"
                            data-module=id.clone()
                            on:dragstart=move |ev: leptos::ev::DragEvent| {
                                if let Some(t) = ev.data_transfer() {
                                    let _ = t.set_data("text/plain", &drag_id);
                                }
                            }
                        >
                            <label>
                                <input
                                    type="checkbox"
                                    aria-label=format!("{} {label}", locale.get_untracked().pick("선택", "Select"))
                                    prop:checked=is_selected.clone()
                                    disabled=move || !context.can_edit()
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        let id = check_id.clone();
                                        selected.update(|s| if on { if !s.contains(&id) { s.push(id) } } else { s.retain(|x| x != &id) });
                                    }
                                />
                                <span class="card-label">{label.clone()}</span>
                            </label>
                            <span class="mono muted card-id">{id.clone()}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

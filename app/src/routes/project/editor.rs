//! The split editor: services as columns of module cards. Modules move by drag
//! and drop, or by selecting cards and choosing a service (keyboard friendly).
//! Moves are a draft until saved (as one edit), and every move is re-scored at
//! once in the browser by the engine's incremental scorer, against the saved
//! state.
//!
//! The browser gets the model compiled and compact (numbers, not the JSON of
//! every module and call) after the page has loaded, and keeps it until the
//! model changes; the split's assignment follows others' moves in place. Columns
//! wrap onto rows so every service is in reach, long columns render only the
//! cards in view, and a search narrows every column at once.

use std::sync::Arc;

use engine::compact::CompactModel;
use engine::edit::{Edit, Move};
use engine::graph::{ModelGraph, ModuleIx, ResolvedSplit};
use engine::metrics::{
    AnalysisOptions, Direction, METRICS, MetricId, Scorer, Scores, format_value,
};
use engine::model::Service;
use indexmap::IndexMap;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use super::context::{new_local_id, use_project};
use super::refine_panel::{RefineInputs, RefinePanel};
use crate::clock::now_ms;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::views::{load_editor_model, load_split_state};
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

/// Height of a module card and the gap after it, in pixels: long columns
/// render only the cards in view, which needs every card the same height.
const CARD_HEIGHT: f64 = 46.0;
const CARD_PITCH: f64 = 50.0;
/// A column shows this many cards' height before it scrolls.
const COLUMN_CARDS: usize = 12;
/// Cards rendered beyond the visible ones, above and below.
const OVERSCAN: usize = 6;

/// The compiled model as the editor uses it.
#[derive(Clone)]
struct Model {
    graph: Arc<ModelGraph>,
    compact: Arc<CompactModel>,
    key: u64,
}

/// Which service each module is in, in assignment order (module number →
/// service id), as saved or as drafted.
type Assignment = IndexMap<ModuleIx, String>;

/// The assignment with the moves applied (each moved module goes last).
fn with_moves(saved: &Assignment, moves: &[(ModuleIx, Option<String>)]) -> Assignment {
    let mut working = saved.clone();
    for (module, service) in moves {
        working.shift_remove(module);
        if let Some(service) = service {
            working.insert(*module, service.clone());
        }
    }
    working
}

/// The assignment in service positions, for the scorer; assignments to a
/// service that no longer exists are left out.
fn resolved(assignment: &Assignment, services: &[Service]) -> ResolvedSplit {
    let position = |id: &str| services.iter().position(|s| s.id == id);
    ResolvedSplit {
        service_count: services.len() as u32,
        order: assignment
            .iter()
            .filter_map(|(m, s)| Some((*m, position(s)? as u32)))
            .collect(),
    }
}

/// Each column's modules in model order: one per service, then the unassigned.
fn columns_of(model: &Model, assignment: &Assignment, services: &[Service]) -> Vec<Vec<ModuleIx>> {
    let position: std::collections::HashMap<&str, usize> = services
        .iter()
        .enumerate()
        .map(|(ix, s)| (s.id.as_str(), ix))
        .collect();
    let mut columns = vec![Vec::new(); services.len() + 1];
    for m in 0..model.graph.module_count() as ModuleIx {
        if model.graph.entry_point[m as usize] {
            continue;
        }
        let column = assignment
            .get(&m)
            .and_then(|s| position.get(s.as_str()).copied())
            .unwrap_or(services.len());
        columns[column].push(m);
    }
    columns
}

crate::routes::lazy::lazy_page!(
    /// The split editor as a lazy route: its code (the columns, the live scorer) is a chunk
    /// of the bundle of its own, loaded when the editor is first opened.
    SplitEditorRoute => SplitEditorPage
);

/// `/p/:id/splits/:split`.
#[component]
pub fn SplitEditorPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let params = use_params_map();
    let split_id = Memo::new(move |_| params.read().get("split").unwrap_or_default());
    let split = Memo::new(move |_| {
        context
            .head
            .with(|h| h.project.split_by_id(&split_id.get()).cloned())
    });
    let services = Memo::new(move |_| {
        split.with(|s| s.as_ref().map(|s| s.services.clone()).unwrap_or_default())
    });
    // Read again when the assignment cannot be followed in place.
    let reread = RwSignal::new(0u64);

    // Loaded after the page (never part of its HTML), kept while the model stands.
    let model = LocalResource::new(move || {
        let _ = context.model_epoch.get();
        let (id, revision) = (context.id(), context.head.with_untracked(|h| h.revision));
        async move {
            let loaded = load_editor_model(id, revision).await?;
            let graph = loaded.model.to_graph().map_err(AppError::refused)?;
            Ok::<_, AppError>(Model {
                graph: Arc::new(graph),
                compact: Arc::new(loaded.model),
                key: loaded.model_key,
            })
        }
    });
    let state = LocalResource::new(move || {
        let _ = (context.model_epoch.get(), reread.get());
        let (id, split) = (context.id(), split_id.get());
        async move { load_split_state(id, split).await }
    });

    let saved = RwSignal::new(None::<Assignment>);
    let draft = RwSignal::new(Vec::<(ModuleIx, Option<String>)>::new());
    let selected = RwSignal::new(Vec::<ModuleIx>::new());
    let error = RwSignal::new(None::<AppError>);
    let last_rescore_ms = RwSignal::new(None::<f64>);
    let filter = RwSignal::new(String::new());
    let loaded_model = Memo::new(move |_| model.get().and_then(Result::ok).map(SharedModel));

    // The saved assignment, as loaded (when it fits the loaded model).
    Effect::new(move |_| {
        let (Some(Ok(state)), Some(model)) = (state.get(), loaded_model.get()) else {
            return;
        };
        if state.model_key != model.0.key {
            // The model changed between the two readings: read both again.
            context.model_epoch.update(|e| *e += 1);
            return;
        }
        let services = state.services;
        saved.set(Some(
            state
                .order
                .into_iter()
                .filter_map(|(m, s)| Some((m, services.get(s as usize)?.id.clone())))
                .collect(),
        ));
    });
    // Read with `try_get`: on the server a page can be rendered twice and the
    // first rendering's values disposed while its view is still read.
    let load_error = move || match (model.try_get().flatten(), state.try_get().flatten()) {
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(e),
        _ => None,
    };

    // Others' moves apply in place; what cannot be followed is read again.
    Effect::new(move |_| {
        let Some(change) = context.change.get() else {
            return;
        };
        if change.own {
            return;
        }
        let this = split_id.get_untracked();
        let Some(model) = loaded_model.get_untracked() else {
            return;
        };
        let ix = |id: &str| model.0.graph.ix(id);
        match change.edit.as_deref() {
            Some(Edit::Assign {
                split,
                module,
                service,
            }) if *split == this => {
                if let Some(m) = ix(module) {
                    saved.update(|s| {
                        if let Some(s) = s {
                            *s = with_moves(s, &[(m, service.clone())]);
                        }
                    });
                }
            }
            Some(Edit::Moves { split, moves }) if *split == this => {
                let moves: Vec<(ModuleIx, Option<String>)> = moves
                    .iter()
                    .filter_map(|Move { module, service }| Some((ix(module)?, service.clone())))
                    .collect();
                saved.update(|s| {
                    if let Some(s) = s {
                        *s = with_moves(s, &moves);
                    }
                });
            }
            Some(Edit::DeleteService { split, service }) if *split == this => {
                saved.update(|s| {
                    if let Some(s) = s {
                        s.retain(|_, x| x != service);
                    }
                });
                draft.update(|d| d.retain(|(_, x)| x.as_ref() != Some(service)));
            }
            Some(_) => {}
            None => reread.update(|r| *r += 1),
        }
    });

    // The saved scores, and the live scorer following the draft.
    let baseline = Memo::new(move |_| {
        let model = loaded_model.get()?;
        let services = services.get();
        saved.with(|s| {
            let s = s.as_ref()?;
            Some(
                Scorer::new(
                    Arc::clone(&model.0.graph),
                    &resolved(s, &services),
                    AnalysisOptions::default(),
                )
                .scores(),
            )
        })
    });
    let scorer = StoredValue::new(None::<Scorer>);
    let live = RwSignal::new(None::<Scores>);
    let working =
        Memo::new(move |_| saved.with(|s| s.as_ref().map(|s| with_moves(s, &draft.get()))));
    // A fresh scorer whenever the saved state or the services change.
    Effect::new(move |_| {
        let (Some(model), services) = (loaded_model.get(), services.get()) else {
            return;
        };
        let Some(assignment) =
            saved.with(|s| s.as_ref().map(|s| with_moves(s, &draft.get_untracked())))
        else {
            return;
        };
        let fresh = Scorer::new(
            Arc::clone(&model.0.graph),
            &resolved(&assignment, &services),
            AnalysisOptions::default(),
        );
        live.set(Some(fresh.scores()));
        scorer.set_value(Some(fresh));
    });
    let columns = Memo::new(move |_| {
        let model = loaded_model.get()?;
        let services = services.get();
        working.with(|w| w.as_ref().map(|w| columns_of(&model.0, w, &services)))
    });

    let move_module = move |module: ModuleIx, service: Option<String>| {
        if !context.can_edit() {
            return;
        }
        let current = working.with_untracked(|w| w.as_ref().and_then(|w| w.get(&module).cloned()));
        if current == service {
            return;
        }
        let start = now_ms();
        let position = service
            .as_ref()
            .and_then(|s| services.with_untracked(|list| list.iter().position(|x| &x.id == s)));
        let mut scores = None;
        scorer.update_value(|s| {
            if let Some(s) = s.as_mut() {
                s.move_module(module, position.map(|p| p as u32));
                scores = Some(s.scores());
            }
        });
        live.set(scores);
        last_rescore_ms.set(Some(now_ms() - start));
        draft.update(|d| d.push((module, service)));
    };

    let save = move |_| {
        let moves = draft.get_untracked();
        let Some(model) = loaded_model.get_untracked() else {
            return;
        };
        if moves.is_empty() {
            return;
        }
        let edit = Edit::Moves {
            split: split_id.get_untracked(),
            moves: moves
                .iter()
                .map(|(m, s)| Move {
                    module: model.0.graph.id(*m).to_string(),
                    service: s.clone(),
                })
                .collect(),
        };
        // The draft becomes the saved state at once; a refusal reads it again.
        saved.update(|s| {
            if let Some(s) = s {
                *s = with_moves(s, &moves);
            }
        });
        draft.set(Vec::new());
        selected.set(Vec::new());
        spawn_local(async move {
            if let Err(e) = context.submit(edit).await {
                error.set(Some(e));
                reread.update(|r| *r += 1);
            }
        });
    };
    let discard = move |_| {
        draft.set(Vec::new());
        if let (Some(model), Some(assignment)) =
            (loaded_model.get_untracked(), saved.get_untracked())
        {
            let fresh = Scorer::new(
                Arc::clone(&model.0.graph),
                &resolved(&assignment, &services.get_untracked()),
                AnalysisOptions::default(),
            );
            live.set(Some(fresh.scores()));
            scorer.set_value(Some(fresh));
        }
    };
    let add_service = move |_| {
        let count = services.with_untracked(Vec::len);
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
    let on_move = Callback::new(move |(m, s): (ModuleIx, Option<String>)| move_module(m, s));
    let refine_inputs = RefineInputs {
        graph: Signal::derive(move || loaded_model.get().map(|m| Arc::clone(&m.0.graph))),
        services: services.into(),
        resolved: Signal::derive(move || {
            let services = services.get();
            working.with(|w| w.as_ref().map(|w| resolved(w, &services)))
        }),
        on_move: Callback::new(move |(module, service): (String, String)| {
            if let Some(m) = loaded_model
                .get_untracked()
                .and_then(|model| model.0.graph.ix(&module))
            {
                move_module(m, Some(service));
            }
        }),
    };

    view! {
        <section class="split-editor">
            {move || match split.get() {
                None => view! { <p class="not-found">{tr("이 분해안을 찾을 수 없습니다 (삭제되었을 수 있습니다).", "This split cannot be found (it may have been deleted).")}</p> }.into_any(),
                Some(split) => view! {
                    <div class="editor-head">
                        <h2 data-testid="split-name">{split.name.clone()}</h2>
                        <leptos_router::components::A href=format!("/p/{}/roadmap/{}", context.id(), split.id) attr:data-testid="split-roadmap">{tr("이 분해안의 전환 로드맵 →", "Migration roadmap of this split →")}</leptos_router::components::A>
                        <Show when=move || !draft.with(Vec::is_empty)>
                            <div class="draft-bar" role="status" data-testid="draft-bar">
                                {move || {
                                    let count = draft.with(Vec::len);
                                    if locale.get() == crate::i18n::Locale::Ko {
                                        format!("저장하지 않은 이동 {count}개")
                                    } else if count == 1 {
                                        "1 unsaved move".to_string()
                                    } else {
                                        format!("{count} unsaved moves")
                                    }
                                }}
                                <button type="button" class="primary" data-testid="save-moves" on:click=save>{tr("저장", "Save")}</button>
                                <button type="button" on:click=discard>{tr("되돌리기", "Discard")}</button>
                            </div>
                        </Show>
                    </div>
                }.into_any(),
            }}
            <ErrorNote error=error/>
            <ErrorNote error=Signal::derive(load_error)/>
            <Show when=move || context.can_edit()>
                <RefinePanel inputs=refine_inputs/>
            </Show>
            <div class="editor-layout">
                <div class="columns-area">
                    <div class="move-toolbar" data-testid="editor-toolbar">
                        <input
                            type="search"
                            data-testid="card-filter"
                            aria-label=move || locale.get().pick("모듈 찾기", "Find modules")
                            placeholder=move || locale.get().pick("모듈 찾기…", "Find modules…")
                            value=filter.get_untracked()
                            prop:value=move || filter.get()
                            on:input:target=move |ev| filter.set(ev.target().value())
                        />
                        <Show when=move || context.can_edit()>
                            <span data-testid="move-toolbar" class="move-controls">
                                <span>{move || format!("{} {}", selected.with(Vec::len), locale.get().pick("개 선택", "selected"))}</span>
                                <label for="move-target">{tr("옮길 서비스", "Move to")}</label>
                                <select id="move-target" data-testid="move-target" prop:value=move || move_target.get() on:change:target=move |ev| move_target.set(ev.target().value())>
                                    <option value="">{tr("(미배정)", "(unassigned)")}</option>
                                    {move || services.get().into_iter().map(|svc| view! { <option value=svc.id.clone()>{svc.label().to_string()}</option> }).collect_view()}
                                </select>
                                <button type="button" data-testid="move-selected" disabled=move || selected.with(Vec::is_empty) on:click=move_selected>{tr("옮기기", "Move")}</button>
                                <button type="button" data-testid="add-service" on:click=add_service>{tr("서비스 추가", "Add service")}</button>
                            </span>
                        </Show>
                    </div>
                    <Show
                        when=move || columns.with(Option::is_some)
                        fallback=move || view! { <p class="loading" data-testid="editor-loading">{tr("분해안을 불러오는 중…", "Loading the split…")}</p> }
                    >
                        <div class="columns" data-testid="columns">
                            <For
                                each=move || {
                                    let mut keys: Vec<Option<Service>> = services.get().into_iter().map(Some).collect();
                                    // The unassigned modules, when there are any.
                                    let unassigned = columns.with(|c| c.as_ref().and_then(|c| c.last()).is_some_and(|l| !l.is_empty()));
                                    if unassigned {
                                        keys.push(None);
                                    }
                                    keys.into_iter().enumerate().collect::<Vec<_>>()
                                }
                                key=|(ix, service)| (*ix, service.clone().map(|s| (s.id, s.name)))
                                let:((ix, service))
                            >
                                <ServiceColumn
                                    service
                                    members=Signal::derive(move || columns.with(|c| c.as_ref().and_then(|c| c.get(ix).cloned()).unwrap_or_default()))
                                    model=loaded_model
                                    filter
                                    selected
                                    on_move
                                    split_id
                                />
                            </For>
                        </div>
                    </Show>
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

/// The compiled model, compared by identity (a reloaded model is a new one).
#[derive(Clone)]
struct SharedModel(Model);

impl PartialEq for SharedModel {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0.graph, &other.0.graph)
    }
}

/// One service (or the unassigned modules) as a drop target with module cards;
/// a long list renders only the cards scrolled into view.
#[component]
fn ServiceColumn(
    service: Option<Service>,
    members: Signal<Vec<ModuleIx>>,
    model: Memo<Option<SharedModel>>,
    filter: RwSignal<String>,
    selected: RwSignal<Vec<ModuleIx>>,
    on_move: Callback<(ModuleIx, Option<String>)>,
    split_id: Memo<String>,
) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let target = service.as_ref().map(|s| s.id.clone());
    let drop_target = target.clone();
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        let module = ev
            .data_transfer()
            .and_then(|t| t.get_data("text/plain").ok())
            .filter(|m| !m.is_empty());
        let ix = module
            .and_then(|m| model.with_untracked(|g| g.as_ref().and_then(|g| g.0.graph.ix(&m))));
        if let Some(ix) = ix {
            on_move.run((ix, drop_target.clone()));
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
    let is_service = service.is_some();
    // The cards that match the search, and the part of them scrolled into view.
    let shown = Memo::new(move |_| {
        let needle = filter.get().trim().to_lowercase();
        let all = members.get();
        if needle.is_empty() {
            return all;
        }
        model.with(|m| {
            let Some(m) = m else { return Vec::new() };
            all.into_iter()
                .filter(|ix| {
                    let ix = *ix as usize;
                    m.0.compact.ids[ix].to_lowercase().contains(&needle)
                        || m.0.compact.name(ix).to_lowercase().contains(&needle)
                })
                .collect()
        })
    });
    let scroll_top = RwSignal::new(0.0f64);
    let window = move || {
        let count = shown.with(Vec::len);
        let first = ((scroll_top.get() / CARD_PITCH) as usize).saturating_sub(OVERSCAN);
        let last = (first + COLUMN_CARDS + 2 * OVERSCAN).min(count);
        (first.min(last), last, count)
    };
    let hidden = move || {
        let (all, matching) = (members.with(Vec::len), shown.with(Vec::len));
        (matching < all).then(|| format!("{matching}/{all}"))
    };
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
                        move || view! {
                            <h3 data-testid="service-name" title=title.clone()>
                                <span class="service-title">{title.clone()}</span>
                                " "
                                <span class="count">{move || hidden().unwrap_or_else(|| members.with(Vec::len).to_string())}</span>
                            </h3>
                        }
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
            <div
                class="cards-scroll"
                style=format!("max-height: {}px", CARD_PITCH * COLUMN_CARDS as f64)
                on:scroll:target=move |ev| scroll_top.set(f64::from(ev.target().scroll_top()))
            >
                <div style=move || format!("height: {}px", window().0 as f64 * CARD_PITCH)></div>
                <ul class="cards-list">
                    <For
                        each=move || {
                            let (first, last, _) = window();
                            shown.with(|s| s[first..last].to_vec())
                        }
                        key=|ix| *ix
                        let:ix
                    >
                        <ModuleCard ix model selected/>
                    </For>
                </ul>
                <div style=move || { let (_, last, count) = window(); format!("height: {}px", (count - last) as f64 * CARD_PITCH) }></div>
            </div>
        </div>
    }
}

/// A module's card: drag it, or tick it and choose a service.
#[component]
fn ModuleCard(
    ix: ModuleIx,
    model: Memo<Option<SharedModel>>,
    selected: RwSignal<Vec<ModuleIx>>,
) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let (id, label) = model.with_untracked(|m| {
        m.as_ref().map_or_else(Default::default, |m| {
            (
                m.0.compact.ids[ix as usize].clone(),
                m.0.compact.name(ix as usize).to_string(),
            )
        })
    });
    let is_selected = move || selected.with(|s| s.contains(&ix));
    let (drag_id, shown_id) = (id.clone(), id.clone());
    view! {
        <li
            class=move || if is_selected() { "module-card selected" } else { "module-card" }
            style=format!("height: {CARD_HEIGHT}px")
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
                    prop:checked=is_selected
                    disabled=move || !context.can_edit()
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        selected.update(|s| if on { if !s.contains(&ix) { s.push(ix) } } else { s.retain(|x| *x != ix) });
                    }
                />
                <span class="card-label">{label.clone()}</span>
            </label>
            <span class="mono muted card-id">{shown_id}</span>
        </li>
    }
}

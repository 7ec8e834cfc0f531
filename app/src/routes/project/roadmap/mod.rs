//! `/p/:id/roadmap[/:split]`: the migration roadmap of a split, planned in the
//! browser by the engine (the same planner as the command line and the
//! report). The model comes compact after the page has loaded, as for the
//! split editor; the team's decisions (order, pins, ruled-out orders, kept
//! tables, owners and notes) live in the project head, so a reorder is an
//! edit with history that every open page shows at once, re-scored in place.
//!
//! The page is a lazy route: its code (the planner, the page itself) is a chunk
//! of the bundle of its own, loaded when the page is first opened, so the
//! first page load of every other page does not carry it.

mod details;
mod plan;
mod steps;

use std::sync::Arc;

use engine::graph::{ModelGraph, ResolvedSplit};
use engine::metrics::AnalysisOptions;
use engine::model::{RoadmapPlan, Split};
use engine::readiness::evaluate;
use engine::roadmap::{OrderMethod, Planner, Timeline};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use super::context::use_project;
use crate::clock::now_ms;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::views::{load_editor_model, load_split_state};
use crate::i18n::{tr, use_locale};

/// A planner with its cheapest order, compared by identity (a new one is
/// made whenever the model, the split or the constraints change).
#[derive(Clone)]
pub struct Planned {
    planner: Arc<Planner>,
    cheapest: Arc<(Vec<usize>, OrderMethod)>,
    /// The split's services and assignment as the planner read them.
    split: Arc<Split>,
    resolved: Arc<ResolvedSplit>,
    /// How long planning took (the planner and its cheapest order), in ms.
    millis: f64,
}

impl PartialEq for Planned {
    fn eq(&self, other: &Planned) -> bool {
        Arc::ptr_eq(&self.planner, &other.planner)
    }
}

/// A timeline with the time its scoring took, compared by identity.
#[derive(Clone)]
pub struct Scored {
    timeline: Arc<Timeline>,
    order: Arc<Vec<usize>>,
    method: OrderMethod,
    millis: f64,
}

impl PartialEq for Scored {
    fn eq(&self, other: &Scored) -> bool {
        Arc::ptr_eq(&self.timeline, &other.timeline)
    }
}

/// What the parts of the page share.
#[derive(Clone, Copy)]
pub struct RoadmapState {
    /// The split as the head has it (services and the team's plan).
    split: Memo<Option<Split>>,
    /// The planner, once the model is here (or why the split cannot be planned).
    planned: Memo<Option<Result<Planned, AppError>>>,
    /// The order shown, scored state by state (or why the saved order fails).
    scored: Memo<Option<Result<Scored, AppError>>>,
    /// The step whose needs are shown.
    selected: RwSignal<Option<usize>>,
}

impl RoadmapState {
    /// The team's plan for the split.
    fn plan(&self) -> RoadmapPlan {
        self.split
            .with(|s| s.as_ref().map(|s| s.roadmap.clone()))
            .unwrap_or_default()
    }
}

/// A planner for `split` with `plan`, or why it cannot be planned.
fn plan_split(
    graph: &Arc<ModelGraph>,
    split: &Split,
    resolved: &ResolvedSplit,
    plan: &RoadmapPlan,
) -> Result<Planner, AppError> {
    Planner::new(
        Arc::clone(graph),
        split,
        resolved,
        plan,
        AnalysisOptions::default(),
    )
    .map_err(AppError::from)
}

crate::routes::lazy::lazy_page!(
    /// The Roadmap page as a lazy route (see the module's documentation).
    RoadmapRoute => RoadmapPage
);

/// `/p/:id/roadmap` and `/p/:id/roadmap/:split`.
#[component]
pub fn RoadmapPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let params = use_params_map();
    let navigate = use_navigate();
    let split_id = Memo::new(move |_| {
        params
            .read()
            .get("split")
            .filter(|s| !s.is_empty())
            .or_else(|| {
                context
                    .head
                    .with(|h| h.project.splits.first().map(|s| s.id.clone()))
            })
            .unwrap_or_default()
    });
    let split = Memo::new(move |_| {
        context
            .head
            .with(|h| h.project.split_by_id(&split_id.get()).cloned())
    });
    // Read again when this split's services or assignment change.
    let reread = RwSignal::new(0u64);
    Effect::new(move |_| {
        use engine::edit::Edit;
        let Some(change) = context.change.get() else {
            return;
        };
        let this = split_id.get_untracked();
        let ours = match change.edit.as_deref() {
            Some(
                Edit::Assign { split, .. }
                | Edit::Moves { split, .. }
                | Edit::PutService { split, .. }
                | Edit::DeleteService { split, .. },
            ) => *split == this,
            Some(_) => false,
            None => true,
        };
        if ours {
            reread.update(|r| *r += 1);
        }
    });
    let model = LocalResource::new(move || {
        let _ = context.model_epoch.get();
        let (id, revision) = (context.id(), context.head.with_untracked(|h| h.revision));
        async move {
            let loaded = load_editor_model(id, revision).await?;
            let graph = loaded.model.to_graph().map_err(AppError::refused)?;
            Ok::<_, AppError>((Arc::new(graph), loaded.model_key))
        }
    });
    let state = LocalResource::new(move || {
        let _ = (context.model_epoch.get(), reread.get());
        let (id, split) = (context.id(), split_id.get());
        async move { load_split_state(id, split).await }
    });
    // The split's name and the constraints: a new planner only when they (or
    // the model) change, never for a reorder, a note or an owner.
    let named = Memo::new(move |_| {
        split.with(|s| s.as_ref().map(|s| (s.id.clone(), s.name.clone(), s.origin)))
    });
    let constraints = Memo::new(move |_| {
        split.with(|s| {
            s.as_ref().map(|s| RoadmapPlan {
                order: Vec::new(),
                notes: Vec::new(),
                ..s.roadmap.clone()
            })
        })
    });
    let planned = Memo::new(move |_| {
        let (Some(Ok((graph, key))), Some(Ok(loaded))) =
            (model.try_get().flatten(), state.try_get().flatten())
        else {
            let failed = match (model.try_get().flatten(), state.try_get().flatten()) {
                (Some(Err(e)), _) | (_, Some(Err(e))) => Some(Err(e)),
                _ => None,
            };
            return failed;
        };
        if loaded.model_key != key {
            return None;
        }
        let ((id, name, origin), plan) = (named.get()?, constraints.get()?);
        let mut split = Split::new(name, origin);
        split.id = id;
        split.services = loaded.services.clone();
        split.roadmap = plan.clone();
        let resolved = ResolvedSplit {
            service_count: loaded.services.len() as u32,
            order: loaded.order.clone(),
        };
        let start = now_ms();
        Some(plan_split(&graph, &split, &resolved, &plan).map(|planner| {
            let cheapest = planner.cheapest();
            Planned {
                planner: Arc::new(planner),
                cheapest: Arc::new(cheapest),
                split: Arc::new(split),
                resolved: Arc::new(resolved),
                millis: now_ms() - start,
            }
        }))
    });
    let scored = Memo::new(move |_| {
        let planned = match planned.get()? {
            Ok(planned) => planned,
            Err(error) => return Some(Err(error)),
        };
        let saved = split.with(|s| s.as_ref().map(|s| s.roadmap.order.clone()))?;
        let start = now_ms();
        let (order, method) = if saved.is_empty() {
            (*planned.cheapest).clone()
        } else {
            match planned.planner.order_of(&saved) {
                Ok(order) => (order, OrderMethod::Given),
                Err(error) => return Some(Err(AppError::from(error))),
            }
        };
        let timeline = planned.planner.timeline(&order);
        Some(Ok(Scored {
            timeline: Arc::new(timeline),
            order: Arc::new(order),
            method,
            millis: now_ms() - start,
        }))
    });
    // `?step=3` opens that step's tasks.
    let opened = use_query_map()
        .read_untracked()
        .get("step")
        .and_then(|s| s.parse::<usize>().ok())
        .and_then(|n| n.checked_sub(1));
    let roadmap = RoadmapState {
        split,
        planned,
        scored,
        selected: RwSignal::new(opened),
    };
    provide_context(roadmap);
    let readiness = Memo::new(move |_| context.head.with(|h| evaluate(&h.project.readiness)));
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        roadmap.selected.set(None);
        navigate(
            &format!("/p/{}/roadmap/{value}", context.id()),
            Default::default(),
        );
    };
    view! {
        <section class="roadmap-page" data-testid="roadmap-page">
            <div class="card">
                <div class="toolbar">
                    <label for="roadmap-split">{tr("분해안", "Split")}</label>
                    <select id="roadmap-split" data-testid="roadmap-split" on:change=choose>
                        {move || context.head.with(|h| h.project.splits.iter().map(|s| {
                            let chosen = s.id == split_id.get();
                            view! { <option value=s.id.clone() selected=chosen>{s.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                    <details::Downloads split=split_id/>
                </div>
                <Show when=move || !readiness.with(|r| r.verdict == engine::readiness::Verdict::Go)>
                    <p class="callout" data-testid="roadmap-verdict">
                        {move || format!("{} {}", locale.get().pick("준비도가 먼저입니다:", "Readiness comes first:"),
                            readiness.with(|r| r.headline.get(locale.get().code()).to_string()))}
                    </p>
                </Show>
                <p class="muted" data-testid="roadmap-rule">
                    {move || {
                        let language = locale.get().language();
                        let method = scored.with(|s| s.as_ref().and_then(|s| s.as_ref().ok()).map(|s| s.method));
                        let rule = planned.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map(|p| p.planner.weights().rule()));
                        match (method, rule) {
                            (Some(method), Some(rule)) => format!("{}: {}. {}", locale.get().pick("순서", "Order"),
                                method.text().in_language(language), rule.in_language(language)),
                            _ => String::new(),
                        }
                    }}
                </p>
                {move || match scored.get() {
                    None => view! { <p class="loading" data-testid="roadmap-loading">{tr("로드맵을 세우는 중…", "Planning the roadmap…")}</p> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNote error=Signal::derive(move || Some(error.clone()))/> }.into_any(),
                    Some(Ok(scored)) => {
                        let total = engine::metrics::format_value(scored.timeline.total_cost);
                        let plan_ms = planned.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map_or(0.0, |p| p.millis));
                        let method = serde_json::to_value(scored.method).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                        view! {
                            <p data-testid="roadmap-total" data-rescore-ms=format!("{:.1}", scored.millis)
                                data-plan-ms=format!("{plan_ms:.1}") data-method=method>
                                <strong>{move || locale.get().pick("비용 합계", "Total cost")}": "</strong>
                                <span data-testid="roadmap-total-cost">{total.clone()}</span>
                                <span class="muted">{move || format!(" · {} {:.0} ms", locale.get().pick("계산", "scored in"), scored.millis)}</span>
                            </p>
                        }.into_any()
                    }
                }}
            </div>
            <div class="roadmap-layout">
                <steps::StepList/>
                <details::StepDetails/>
            </div>
            <datalist id="roadmap-teams">
                {move || planned.with(|p| p.as_ref().and_then(|p| p.as_ref().ok()).map(|p| {
                    let graph = p.planner.graph();
                    let mut teams: Vec<String> = graph.teams.names().iter().chain(graph.owners.names()).cloned().collect();
                    teams.sort();
                    teams.dedup();
                    teams.into_iter().map(|t| view! { <option value=t></option> }).collect_view()
                }))}
            </datalist>
            <plan::PlanControls/>
            <details::MetricsByStep/>
            <details::OrderVote split=split_id/>
        </section>
    }
}

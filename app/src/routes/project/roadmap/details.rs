//! The parts around the steps: the tasks of the step a person opens (in the
//! words the report and the tasks export use), how the metrics move step by
//! step, the downloads, and a vote between the order shown and the cheapest.

use engine::edit::Edit;
use engine::metrics::{METRICS, MetricId, format_value};
use engine::roadmap::{ItemKind, items, rules};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::RoadmapState;
use crate::components::download::download;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::exports::{ExportFormat, export_project};
use crate::functions::live::{order_vote, roadmap_topic, vote_order};
use crate::i18n::{Locale, tr, use_locale};
use crate::routes::project::context::use_project;
use crate::routes::project::vote::{Ballot, VotePanel};

/// The metrics the step-by-step table follows.
const FOLLOWED: [MetricId; 8] = [
    MetricId::CrossVolumeShare,
    MetricId::CrossCalls,
    MetricId::Icp,
    MetricId::DistributedTransactions,
    MetricId::SharedWrittenTables,
    MetricId::Cycles,
    MetricId::SyncChain,
    MetricId::Services,
];

/// The tasks of the opened step.
#[component]
pub fn StepDetails() -> impl IntoView {
    let state = expect_context::<RoadmapState>();
    let context = use_project();
    let locale = use_locale();
    let step = Memo::new(move |_| {
        let k = state.selected.get()?;
        let scored = state.scored.get()?.ok()?;
        let planned = state.planned.get()?.ok()?;
        let timeline_step = scored.timeline.steps.get(k)?;
        let readiness = context
            .head
            .with(|h| engine::readiness::evaluate(&h.project.readiness));
        Some(
            planned
                .planner
                .step(&scored.order, k, timeline_step, &readiness),
        )
    });
    view! {
        <aside class="card roadmap-details" data-testid="roadmap-details">
            {move || match step.get() {
                None => view! { <p class="muted">{tr("단계의 ‘할 일’을 누르면 그 단계에 필요한 것이 여기 나옵니다.", "Open a step's tasks to see here what that step needs.")}</p> }.into_any(),
                Some(step) => {
                    let language = locale.get().language();
                    let all = items(&step, language);
                    view! {
                        <h2 data-testid="details-title">{format!("{} {}: {}", locale.get().pick("단계", "Step"), step.number, step.services.join(", "))}</h2>
                        {ItemKind::ALL.into_iter().filter_map(|kind| {
                            let of_kind: Vec<_> = all.iter().filter(|i| i.kind == kind).cloned().collect();
                            (!of_kind.is_empty()).then(|| view! {
                                <details open=true data-testid="details-group" data-kind=kind.key()>
                                    <summary>{format!("{} ({})", kind.all(language), of_kind.len())}</summary>
                                    <ul class="plain-list">
                                        {of_kind.into_iter().map(|item| view! {
                                            <li>
                                                <strong>{item.title}</strong>
                                                <span class="muted">{format!(" — {}", item.details)}</span>
                                                <span class="mono trace" title=move || locale.get().pick("모델의 근거", "Where in the model").to_string()>{item.trace}</span>
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </details>
                            })
                        }).collect_view()}
                        <details>
                            <summary>{tr("작업을 정한 규칙", "How the tasks are sized")}</summary>
                            <ul class="plain-list">
                                {rules().into_iter().map(|rule| view! { <li>{rule.in_language(language).to_string()}</li> }).collect_view()}
                            </ul>
                        </details>
                    }.into_any()
                }
            }}
        </aside>
    }
}

/// How the followed metrics move from step to step.
#[component]
pub fn MetricsByStep() -> impl IntoView {
    let state = expect_context::<RoadmapState>();
    let locale = use_locale();
    view! {
        <div class="card">
            <h2>{tr("단계별 지표", "The metrics step by step")}</h2>
            <div class="table-scroll">
                {move || state.scored.get().and_then(Result::ok).map(|scored| {
                    let steps = scored.timeline.steps.len();
                    view! {
                        <table class="data-table" data-testid="roadmap-metrics">
                            <thead><tr>
                                <th>{tr("지표", "Metric")}</th>
                                {(1..=steps).map(|k| view! { <th class="num">{format!("{} {k}", locale.get().pick("단계", "Step"))}</th> }).collect_view()}
                            </tr></thead>
                            <tbody>
                                {FOLLOWED.into_iter().map(|id| {
                                    let info = METRICS.iter().find(|m| m.id == id);
                                    let name = info.map(|m| m.name(locale.get().language()).to_string()).unwrap_or_default();
                                    let title = info.map(|m| m.definition(locale.get().language()).to_string()).unwrap_or_default();
                                    view! {
                                        <tr data-metric=id.key()>
                                            <td title=title>{name}</td>
                                            {scored.timeline.steps.iter().map(|s| view! { <td class="num">{format_value(s.metrics.get(id))}</td> }).collect_view()}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                })}
            </div>
        </div>
    }
}

/// The roadmap's downloads for issue trackers and diagrams.
#[component]
pub fn Downloads(split: Memo<String>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let get = move |format: ExportFormat| {
        busy.set(true);
        let korean = locale.get_untracked() == Locale::Ko;
        spawn_local(async move {
            match export_project(context.id(), format, korean, Some(split.get_untracked())).await {
                Ok(file) => {
                    error.set(None);
                    download(&file.name, &file.mime, &file.text);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <span class="button-row" role="group" aria-label=move || locale.get().pick("로드맵 내려받기", "Download the roadmap")>
            <button type="button" data-testid="download-roadmap-csv" disabled=move || busy.get() on:click=move |_| get(ExportFormat::RoadmapCsv)>{tr("⬇ 할 일 CSV", "⬇ Tasks CSV")}</button>
            <button type="button" data-testid="download-roadmap-json" disabled=move || busy.get() on:click=move |_| get(ExportFormat::RoadmapJson)>{tr("⬇ 할 일 JSON", "⬇ Tasks JSON")}</button>
            <button type="button" data-testid="download-roadmap-mermaid" disabled=move || busy.get() on:click=move |_| get(ExportFormat::RoadmapMermaid)>"⬇ Mermaid"</button>
        </span>
        <ErrorNote error=error/>
    }
}

/// A vote between the order shown and the cheapest one; the facilitator can
/// adopt the preferred order once the votes are revealed.
#[component]
pub fn OrderVote(split: Memo<String>) -> impl IntoView {
    let state = expect_context::<RoadmapState>();
    let context = use_project();
    let locale = use_locale();
    // (shown order's vote, cheapest order's vote), by service ids.
    let choices = Memo::new(move |_| {
        let scored = state.scored.get()?.ok()?;
        let planned = state.planned.get()?.ok()?;
        let ids = |order: &[usize]| -> Vec<String> {
            order
                .iter()
                .flat_map(|&g| planned.planner.groups()[g].services.iter())
                .map(|&s| planned.planner.services()[s as usize].id.clone())
                .collect()
        };
        let label = |order: &[usize]| -> String {
            order
                .iter()
                .map(|&g| {
                    planned
                        .planner
                        .service_label(planned.planner.lead(g))
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(" → ")
        };
        let cheapest = &planned.cheapest.0;
        (scored.order.as_slice() != cheapest.as_slice()).then(|| {
            let (shown_cost, cheapest_cost) =
                (scored.timeline.total_cost, planned.planner.price(cheapest));
            vec![
                (
                    order_vote(&ids(&scored.order)),
                    format!(
                        "{}: {} ({} {})",
                        locale.get().pick("지금 순서", "Order shown"),
                        label(&scored.order),
                        locale.get().pick("비용", "cost"),
                        format_value(shown_cost)
                    ),
                ),
                (
                    order_vote(&ids(cheapest)),
                    format!(
                        "{}: {} ({} {})",
                        locale.get().pick("가장 싼 순서", "Cheapest order"),
                        label(cheapest),
                        locale.get().pick("비용", "cost"),
                        format_value(cheapest_cost)
                    ),
                ),
            ]
        })
    });
    let ballot = Signal::derive(move || Ballot::Choice(choices.get().unwrap_or_default()));
    let error = RwSignal::new(None::<AppError>);
    let adopt = Callback::new(move |value: String| {
        let (Some(order), Some(split)) = (vote_order(&value), state.split.get_untracked()) else {
            return;
        };
        let mut plan = split.roadmap.clone();
        plan.order = order;
        error.set(
            context
                .apply(Edit::SetRoadmap {
                    split: split.id,
                    roadmap: plan,
                })
                .err(),
        );
    });
    view! {
        <div class="card">
            <h2>{tr("어느 순서로 할까요?", "Which order do we take?")}</h2>
            <Show when=move || choices.with(Option::is_some)
                fallback=move || view! { <p class="muted" data-testid="order-vote-none">{tr("지금 순서가 가장 비용이 적은 순서입니다. 단계를 옮기면 두 순서를 두고 투표할 수 있습니다.", "The order shown is the cheapest. Move a step to vote between two orders.")}</p> }>
                {move || view! {
                    <VotePanel topic=roadmap_topic(&split.get()) ballot start_label=("순서 투표 시작", "Start an order vote")
                        adopt=(("이 순서로 정하기", "Take this order"), adopt)/>
                }}
            </Show>
            <ErrorNote error=error/>
        </div>
    }
}

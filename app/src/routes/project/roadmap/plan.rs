//! The team's decisions that shape the order: back to the cheapest order,
//! services pinned first, orders ruled out, written tables kept shared (their
//! writers move together), and how big a dependency cycle moves in one step.
//! A decision that contradicts another, or that the saved order breaks, is
//! refused next to its control before anything is saved.

use std::sync::Arc;

use engine::model::{NotBefore, RoadmapPlan};
use leptos::prelude::*;

use super::steps::save_plan;
use super::{RoadmapState, plan_split};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::i18n::{tr, use_locale};
use crate::routes::project::context::use_project;

/// Whether `plan` can be planned: the constraints agree, and a saved order keeps them.
fn check(state: &RoadmapState, plan: &RoadmapPlan) -> Result<(), AppError> {
    state
        .planned
        .with_untracked(|planned| {
            let planned = planned.as_ref()?.as_ref().ok()?;
            Some(
                plan_split(
                    planned.planner.graph(),
                    &planned.split,
                    &planned.resolved,
                    plan,
                )
                .and_then(|planner| {
                    if plan.order.is_empty() {
                        Ok(())
                    } else {
                        planner
                            .order_of(&plan.order)
                            .map(|_| ())
                            .map_err(AppError::from)
                    }
                }),
            )
        })
        .unwrap_or(Ok(()))
}

/// The controls of the plan.
#[component]
pub fn PlanControls() -> impl IntoView {
    let state = expect_context::<RoadmapState>();
    let context = use_project();
    let locale = use_locale();
    // One error per control, shown next to it.
    let errors: [RwSignal<Option<AppError>>; 5] = std::array::from_fn(|_| RwSignal::new(None));
    let change = move |control: usize, edit: Arc<dyn Fn(&mut RoadmapPlan) + Send + Sync>| {
        let mut plan = state.plan();
        edit(&mut plan);
        let result = check(&state, &plan)
            .and_then(|()| save_plan(context, &state, |saved| *saved = plan.clone()));
        errors[control].set(result.err());
    };
    let services = Memo::new(move |_| {
        state
            .split
            .with(|s| {
                s.as_ref().map(|s| {
                    s.services
                        .iter()
                        .map(|x| (x.id.clone(), x.label().to_string()))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });
    let name = move |id: &str| {
        services.with(|list| {
            list.iter()
                .find(|(x, _)| x == id)
                .map_or_else(|| id.to_string(), |(_, n)| n.clone())
        })
    };
    // Tables written by two services or more of the split.
    let shared_tables = Memo::new(move |_| {
        state.planned.with(|p| {
            p.as_ref()
                .and_then(|p| p.as_ref().ok())
                .map(|p| {
                    let graph = p.planner.graph();
                    let mut writers: Vec<Vec<u32>> = vec![Vec::new(); graph.tables.len()];
                    for &(m, s) in &p.resolved.order {
                        for &t in graph.writes.row(m) {
                            if !writers[t as usize].contains(&s) {
                                writers[t as usize].push(s);
                            }
                        }
                    }
                    writers
                        .iter()
                        .enumerate()
                        .filter(|(_, w)| w.len() >= 2)
                        .map(|(t, _)| graph.tables.name(t as u32).to_string())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let pin_choice = RwSignal::new(String::new());
    let later_choice = RwSignal::new(String::new());
    let earlier_choice = RwSignal::new(String::new());
    let table_choice = RwSignal::new(String::new());
    let options = move || {
        services
            .get()
            .into_iter()
            .map(|(id, label)| view! { <option value=id>{label}</option> })
            .collect_view()
    };
    let editable = move || context.can_edit();
    view! {
        <div class="card roadmap-plan" data-testid="roadmap-plan">
            <h2>{tr("팀의 결정", "The team's decisions")}</h2>
            <div class="plan-row">
                <Show when=move || !state.split.with(|s| s.as_ref().is_none_or(|s| s.roadmap.order.is_empty()))>
                    <button type="button" data-testid="roadmap-reset" disabled=move || !editable()
                        on:click=move |_| change(0, Arc::new(|plan: &mut RoadmapPlan| plan.order.clear()))>
                        {tr("가장 비용이 적은 순서로 되돌리기", "Back to the cheapest order")}
                    </button>
                </Show>
                <ErrorNote error=errors[0]/>
            </div>
            <div class="plan-row">
                <h3>{tr("먼저 뺄 서비스 (비즈니스 우선순위)", "Extract first (business priority)")}</h3>
                <ul class="chips" data-testid="roadmap-pins">
                    {move || state.plan().first.into_iter().map(|id| {
                        let label = name(&id);
                        view! {
                            <li>{label.clone()}
                                <button type="button" class="icon" disabled=move || !editable()
                                    aria-label=format!("{} {label}", locale.get_untracked().pick("고정 해제:", "Unpin"))
                                    on:click=move |_| { let id = id.clone(); change(1, Arc::new(move |plan: &mut RoadmapPlan| plan.first.retain(|x| *x != id))) }>"×"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="inline-form">
                    <label for="roadmap-pin">{tr("서비스", "Service")}</label>
                    <select id="roadmap-pin" data-testid="roadmap-pin-choice" on:change:target=move |ev| pin_choice.set(ev.target().value())>
                        <option value="">"—"</option>
                        {options}
                    </select>
                    <button type="button" data-testid="roadmap-pin" disabled=move || !editable() || pin_choice.get().is_empty()
                        on:click=move |_| {
                            let id = pin_choice.get_untracked();
                            change(1, Arc::new(move |plan: &mut RoadmapPlan| if !plan.first.contains(&id) { plan.first.push(id.clone()) }));
                        }>{tr("먼저 빼기", "Pin first")}</button>
                </div>
                <ErrorNote error=errors[1]/>
            </div>
            <div class="plan-row">
                <h3>{tr("제외한 순서", "Orders ruled out")}</h3>
                <ul class="chips" data-testid="roadmap-not-before">
                    {move || state.plan().not_before.into_iter().map(|rule| {
                        let text = format!("{} {} {}", name(&rule.later), locale.get().pick("는 다음보다 먼저 빼지 않음:", "not before"), name(&rule.earlier));
                        view! {
                            <li>{text.clone()}
                                <button type="button" class="icon" disabled=move || !editable()
                                    aria-label=format!("{} {text}", locale.get_untracked().pick("해제:", "Remove"))
                                    on:click=move |_| { let rule = rule.clone(); change(2, Arc::new(move |plan: &mut RoadmapPlan| plan.not_before.retain(|r| *r != rule))) }>"×"</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <div class="inline-form">
                    <select data-testid="roadmap-later" aria-label=move || locale.get().pick("나중에 뺄 서비스", "The service that waits") on:change:target=move |ev| later_choice.set(ev.target().value())>
                        <option value="">"—"</option>
                        {options}
                    </select>
                    <span>{tr("는 다음보다 먼저 빼지 않음:", "not before")}</span>
                    <select data-testid="roadmap-earlier" aria-label=move || locale.get().pick("먼저 뺄 서비스", "The service that goes first") on:change:target=move |ev| earlier_choice.set(ev.target().value())>
                        <option value="">"—"</option>
                        {options}
                    </select>
                    <button type="button" data-testid="roadmap-add-not-before"
                        disabled=move || !editable() || later_choice.get().is_empty() || earlier_choice.get().is_empty()
                        on:click=move |_| {
                            let rule = NotBefore { later: later_choice.get_untracked(), earlier: earlier_choice.get_untracked() };
                            change(2, Arc::new(move |plan: &mut RoadmapPlan| if !plan.not_before.contains(&rule) { plan.not_before.push(rule.clone()) }));
                        }>{tr("추가", "Add")}</button>
                </div>
                <ErrorNote error=errors[2]/>
            </div>
            <div class="plan-row">
                <h3>{tr("나누지 않을 공유 테이블 (쓰는 서비스를 함께 옮김)", "Shared tables kept whole (their writers move together)")}</h3>
                <ul class="chips" data-testid="roadmap-kept-tables">
                    {move || state.plan().kept_tables.into_iter().map(|table| view! {
                        <li>{table.clone()}
                            <button type="button" class="icon" disabled=move || !editable()
                                aria-label=format!("{} {table}", locale.get_untracked().pick("해제:", "Remove"))
                                on:click=move |_| { let table = table.clone(); change(3, Arc::new(move |plan: &mut RoadmapPlan| plan.kept_tables.retain(|t| *t != table))) }>"×"</button>
                        </li>
                    }).collect_view()}
                </ul>
                <Show when=move || !shared_tables.with(Vec::is_empty) fallback=move || view! { <p class="muted">{tr("두 서비스 이상이 쓰는 테이블이 없습니다.", "No table is written by two services or more.")}</p> }>
                    <div class="inline-form">
                        <label for="roadmap-table">{tr("테이블", "Table")}</label>
                        <select id="roadmap-table" data-testid="roadmap-table-choice" on:change:target=move |ev| table_choice.set(ev.target().value())>
                            <option value="">"—"</option>
                            {move || shared_tables.get().into_iter().map(|t| { let value = t.clone(); view! { <option value=value>{t}</option> } }).collect_view()}
                        </select>
                        <button type="button" data-testid="roadmap-keep-table" disabled=move || !editable() || table_choice.get().is_empty()
                            on:click=move |_| {
                                let table = table_choice.get_untracked();
                                change(3, Arc::new(move |plan: &mut RoadmapPlan| if !plan.kept_tables.contains(&table) { plan.kept_tables.push(table.clone()) }));
                            }>{tr("함께 옮기기", "Keep whole")}</button>
                    </div>
                </Show>
                <ErrorNote error=errors[3]/>
            </div>
            <div class="plan-row">
                <label for="roadmap-cycles">{tr("이만큼까지의 순환 의존 서비스는 한 단계에 함께 옮김 (0: 따로)", "Services in a dependency cycle of up to this many move in one step (0: apart)")}</label>
                <input id="roadmap-cycles" type="number" min="0" max="50" data-testid="roadmap-cycles" disabled=move || !editable()
                    prop:value=move || state.plan().cycle_group_max.to_string()
                    on:change:target=move |ev| {
                        match ev.target().value().trim().parse::<u32>() {
                            Ok(n) if n <= 50 => change(4, Arc::new(move |plan: &mut RoadmapPlan| plan.cycle_group_max = n)),
                            _ => errors[4].set(Some(AppError::invalid("0부터 50까지의 수를 넣으세요", "enter a number from 0 to 50"))),
                        }
                    }/>
                <ErrorNote error=errors[4]/>
            </div>
        </div>
    }
}

//! The steps in order: each a card with the state it leaves (cost, remote
//! volume, distributed writes, cycles, calls that become remote), its owner
//! and note. Steps move by drag and drop or with Earlier/Later; a move the
//! team's pins or ruled-out orders forbid is refused next to the list.

use engine::edit::Edit;
use engine::metrics::format_value;
use engine::model::{RoadmapPlan, StepNote};
use leptos::prelude::*;

use super::{RoadmapState, Scored};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::i18n::{tr, use_locale};
use crate::routes::project::context::{ProjectContext, use_project};

/// The service ids of a group order, for the saved plan.
fn service_ids(state: &RoadmapState, order: &[usize]) -> Vec<String> {
    state
        .planned
        .with_untracked(|p| {
            p.as_ref().and_then(|p| p.as_ref().ok()).map(|p| {
                order
                    .iter()
                    .flat_map(|&g| p.planner.groups()[g].services.iter())
                    .map(|&s| p.planner.services()[s as usize].id.clone())
                    .collect()
            })
        })
        .unwrap_or_default()
}

/// Saves the team's plan after `change`, as one edit.
pub fn save_plan(
    context: ProjectContext,
    state: &RoadmapState,
    change: impl FnOnce(&mut RoadmapPlan),
) -> Result<(), AppError> {
    let Some(split) = state.split.get_untracked() else {
        return Ok(());
    };
    let mut plan = split.roadmap.clone();
    change(&mut plan);
    if plan == split.roadmap {
        return Ok(());
    }
    context.apply(Edit::SetRoadmap {
        split: split.id,
        roadmap: plan,
    })
}

/// Moves the step at `from` to `to` (positions in the order shown) and saves
/// the new order, unless the constraints forbid it.
fn reorder(
    context: ProjectContext,
    state: &RoadmapState,
    scored: &Scored,
    from: usize,
    to: usize,
) -> Result<(), AppError> {
    if from == to || to >= scored.order.len() {
        return Ok(());
    }
    let mut order = (*scored.order).clone();
    let group = order.remove(from);
    order.insert(to, group);
    let allowed = state.planned.with_untracked(|p| {
        p.as_ref()
            .and_then(|p| p.as_ref().ok())
            .map(|p| p.planner.check(&order))
    });
    if let Some(Err(error)) = allowed {
        return Err(AppError::from(error));
    }
    let ids = service_ids(state, &order);
    save_plan(context, state, |plan| plan.order = ids)
}

/// The ordered steps.
#[component]
pub fn StepList() -> impl IntoView {
    let state = expect_context::<RoadmapState>();
    let context = use_project();
    let error = RwSignal::new(None::<AppError>);
    let dragged = RwSignal::new(None::<usize>);
    let steps = Memo::new(move |_| {
        state.scored.with(|s| {
            s.as_ref()
                .and_then(|s| s.as_ref().ok())
                .map(|s| (0..s.order.len()).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let move_step = Callback::new(move |(from, to): (usize, usize)| {
        let Some(Ok(scored)) = state.scored.get_untracked() else {
            return;
        };
        error.set(reorder(context, &state, &scored, from, to).err());
    });
    view! {
        <div class="roadmap-steps-area">
            <ErrorNote error=error/>
            <ol class="roadmap-steps" data-testid="roadmap-steps">
                <For each=move || steps.get() key=|k| *k let:k>
                    <StepCard k dragged move_step editable=Signal::derive(move || context.can_edit())/>
                </For>
            </ol>
        </div>
    }
}

/// One step's card.
#[component]
fn StepCard(
    k: usize,
    dragged: RwSignal<Option<usize>>,
    move_step: Callback<(usize, usize)>,
    editable: Signal<bool>,
) -> impl IntoView {
    let state = expect_context::<RoadmapState>();
    let context = use_project();
    let locale = use_locale();
    let error = RwSignal::new(None::<AppError>);
    // What the card shows of step k, re-read whenever the order is re-scored.
    let view_of = Memo::new(move |_| {
        let scored = state.scored.get()?.ok()?;
        let planned = state.planned.get()?.ok()?;
        let step = scored.timeline.steps.get(k)?.clone();
        let group = &planned.planner.groups()[step.group];
        let lead = planned.planner.services()[group.services[0] as usize]
            .id
            .clone();
        let names: Vec<String> = group
            .services
            .iter()
            .map(|&s| planned.planner.service_label(s).to_string())
            .collect();
        let together = group.reason.text();
        Some((step, lead, names, together))
    });
    let note = Memo::new(move |_| {
        let lead = view_of.with(|v| v.as_ref().map(|v| v.1.clone()))?;
        state
            .split
            .with(|s| s.as_ref()?.roadmap.note(&lead).cloned())
    });
    let save_note = move |owner: Option<String>, text: Option<String>| {
        let Some(lead) = view_of.with_untracked(|v| v.as_ref().map(|v| v.1.clone())) else {
            return;
        };
        let result = save_plan(context, &state, |plan| {
            let mut note = plan.note(&lead).cloned().unwrap_or(StepNote {
                service: lead.clone(),
                owner: String::new(),
                note: String::new(),
            });
            if let Some(owner) = owner {
                note.owner = owner.trim().to_string();
            }
            if let Some(text) = text {
                note.note = text.trim().to_string();
            }
            plan.notes.retain(|n| n.service != lead);
            if !note.owner.is_empty() || !note.note.is_empty() {
                plan.notes.push(note);
            }
        });
        error.set(result.err());
    };
    let count = move || {
        state.scored.with(|s| {
            s.as_ref()
                .and_then(|s| s.as_ref().ok())
                .map_or(0, |s| s.order.len())
        })
    };
    view! {
        <li
            class=move || if state.selected.get() == Some(k) { "roadmap-step selected" } else { "roadmap-step" }
            data-testid="roadmap-step"
            data-services=move || view_of.with(|v| v.as_ref().map(|v| v.2.join(", ")).unwrap_or_default())
            draggable=move || editable.get().to_string()
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                dragged.set(Some(k));
                if let Some(t) = ev.data_transfer() {
                    let _ = t.set_data("text/plain", &k.to_string());
                }
            }
            on:dragover=move |ev: leptos::ev::DragEvent| ev.prevent_default()
            on:drop=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                if let Some(from) = dragged.get_untracked() {
                    move_step.run((from, k));
                }
                dragged.set(None);
            }
        >
            <div class="step-head">
                <span class="step-number">{k + 1}</span>
                <strong class="step-services" data-testid="step-services">
                    {move || view_of.with(|v| v.as_ref().map(|v| v.2.join(", ")).unwrap_or_default())}
                </strong>
                <span class="step-cost" data-testid="step-cost">
                    {move || view_of.with(|v| v.as_ref().map(|v| format!("{} {}", locale.get().pick("비용", "cost"), format_value(v.0.cost))).unwrap_or_default())}
                </span>
                <span class="step-actions">
                    <Show when=move || editable.get()>
                        <button type="button" data-testid="step-earlier" disabled=move || k == 0
                            aria-label=move || format!("{} {}", locale.get().pick("앞으로:", "Earlier:"), view_of.with(|v| v.as_ref().map(|v| v.2.join(", ")).unwrap_or_default()))
                            on:click=move |_| move_step.run((k, k.saturating_sub(1)))>"↑"</button>
                        <button type="button" data-testid="step-later" disabled={move || k + 1 >= count()}
                            aria-label=move || format!("{} {}", locale.get().pick("뒤로:", "Later:"), view_of.with(|v| v.as_ref().map(|v| v.2.join(", ")).unwrap_or_default()))
                            on:click=move |_| move_step.run((k, k + 1))>"↓"</button>
                    </Show>
                    <button type="button" data-testid="step-open" aria-pressed=move || (state.selected.get() == Some(k)).to_string()
                        on:click=move |_| state.selected.update(|s| *s = if *s == Some(k) { None } else { Some(k) })>
                        {tr("할 일", "Tasks")}
                    </button>
                </span>
            </div>
            {move || view_of.with(|v| v.as_ref().and_then(|v| v.3.clone())).map(|together| view! {
                <p class="muted step-together">{move || together.get(locale.get().code()).to_string()}</p>
            })}
            <p class="step-metrics" data-testid="step-metrics">
                {move || view_of.with(|v| v.as_ref().map(|(step, ..)| {
                    let l = locale.get();
                    format!("{} {:.1}% · {} {} · {} {} · {} {}",
                        l.pick("원격 호출량", "remote volume"), step.cost_parts.remote_volume_share * 100.0,
                        l.pick("분산 쓰기", "distributed writes"), step.cost_parts.distributed_writes,
                        l.pick("순환", "cycles"), step.cost_parts.cycles,
                        l.pick("새 원격 호출", "new remote calls"), step.new_remote_calls.len())
                }).unwrap_or_default())}
            </p>
            <div class="step-meta">
                <label>
                    {tr("담당 팀", "Owner")}
                    <input type="text" data-testid="step-owner" list="roadmap-teams" disabled=move || !editable.get()
                        prop:value=move || note.with(|n| n.as_ref().map(|n| n.owner.clone()).unwrap_or_default())
                        on:change:target=move |ev| save_note(Some(ev.target().value()), None)/>
                </label>
                <label class="step-note">
                    {tr("메모", "Note")}
                    <input type="text" data-testid="step-note" disabled=move || !editable.get()
                        prop:value=move || note.with(|n| n.as_ref().map(|n| n.note.clone()).unwrap_or_default())
                        on:change:target=move |ev| save_note(None, Some(ev.target().value()))/>
                </label>
            </div>
            <ErrorNote error=error/>
        </li>
    }
}

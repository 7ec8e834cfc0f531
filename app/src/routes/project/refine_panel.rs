//! The split editor's refinement: label propagation run in the browser on the
//! split as drafted, proposing moves that lower the weight crossing services,
//! each with its reason in numbers. Accepting a move makes it a draft move like
//! any other (saved as an ordinary edit with history); the proposals are then
//! worked out again from the new state.

use std::sync::Arc;
use std::time::Duration;

use engine::graph::{ModelGraph, ResolvedSplit};
use engine::metrics::{MetricId, format_value};
use engine::model::{Service, Split, SplitOrigin};
use engine::refine::{ProposedMove, RefineOptions, Refinement, refine_on};
use engine::text::Text;
use leptos::prelude::*;

use crate::clock::now_ms;
use crate::i18n::{tr, use_locale};

/// What the panel needs from the editor.
#[derive(Clone, Copy)]
pub struct RefineInputs {
    /// The compiled model, once loaded.
    pub graph: Signal<Option<Arc<ModelGraph>>>,
    /// The split's services.
    pub services: Signal<Vec<Service>>,
    /// The drafted assignment in service positions.
    pub resolved: Signal<Option<ResolvedSplit>>,
    /// Moves a module to a service (as a draft move).
    pub on_move: Callback<(String, String)>,
}

/// The refinement panel.
#[component]
pub fn RefinePanel(inputs: RefineInputs) -> impl IntoView {
    let locale = use_locale();
    let result = RwSignal::new(None::<Result<Refinement, Text>>);
    let running = RwSignal::new(false);
    let took_ms = RwSignal::new(None::<f64>);
    // Runs after the "refining" status has been painted.
    let run = move || {
        running.set(true);
        set_timeout(
            move || {
                // Nothing to do when the page was left meanwhile (its values are gone).
                let (Some(Some(graph)), Some(Some(resolved))) = (
                    inputs.graph.try_get_untracked(),
                    inputs.resolved.try_get_untracked(),
                ) else {
                    running.try_set(false);
                    return;
                };
                let mut split = Split::new("draft", SplitOrigin::Manual);
                split.services = inputs.services.get_untracked();
                let start = now_ms();
                let refined = refine_on(graph, &split, &resolved, &RefineOptions::default())
                    .map_err(|e| e.text());
                took_ms.set(Some(now_ms() - start));
                result.set(Some(refined));
                running.set(false);
            },
            Duration::from_millis(0),
        );
    };
    let accept = move |step: &ProposedMove| {
        for module in &step.modules {
            inputs.on_move.run((module.clone(), step.to.clone()));
        }
    };
    let accept_one = move |ix: usize| {
        let step = result.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(|r| r.moves.get(ix).cloned())
        });
        if let Some(step) = step {
            accept(&step);
            run();
        }
    };
    let accept_all = move |_| {
        let moves = result.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.as_ref().ok())
                .map(|r| r.moves.clone())
                .unwrap_or_default()
        });
        for step in &moves {
            accept(step);
        }
        run();
    };
    let label = move |id: &str| {
        inputs.services.with_untracked(|list| {
            list.iter()
                .find(|s| s.id == id)
                .map_or(id.to_string(), |s| s.label().to_string())
        })
    };
    view! {
        <details class="card refine-panel" data-testid="refine-panel">
            <summary data-testid="refine-open"><h3>{tr("분해안 다듬기: 이동 제안", "Refine this split: proposed moves")}</h3></summary>
            <p class="muted">{tr(
                "호출, 같은 테이블 쓰기, 함께 바뀜으로 가장 많이 묶인 서비스로 모듈을 옮기는 제안 (서비스 수와 크기 한도 유지).",
                "Proposes moving modules to the service they are tied to most by calls, tables written together and co-change (the number of services and the size bound stay).",
            )}</p>
            <button type="button" data-testid="refine" disabled=move || running.get() || inputs.graph.with(Option::is_none) on:click=move |_| run()>
                {move || if running.get() { locale.get().pick("계산 중…", "Refining…") } else { locale.get().pick("이동 제안 받기", "Propose moves") }}
            </button>
            {move || result.get().map(|outcome| match outcome {
                Err(text) => view! { <p class="error-note" role="alert">{text.get(locale.get().code()).to_string()}</p> }.into_any(),
                Ok(refined) if refined.moves.is_empty() => view! {
                    <p data-testid="refine-summary">{tr("더 나아지는 이동이 없습니다.", "No move makes it better.")}</p>
                }.into_any(),
                Ok(refined) => {
                    let language = locale.get().language();
                    let (before, after) = (refined.before.get(MetricId::Icp), refined.after.get(MetricId::Icp));
                    let summary = if locale.get().code() == "ko" {
                        format!("이동 {}개 제안: ICP {} → {} ({:.0} ms)", refined.moves.len(), format_value(before), format_value(after), took_ms.get().unwrap_or(0.0))
                    } else {
                        let count = match refined.moves.len() {
                            1 => "1 move".to_string(),
                            n => format!("{n} moves"),
                        };
                        format!("{count} proposed: ICP {} → {} ({:.0} ms)", format_value(before), format_value(after), took_ms.get().unwrap_or(0.0))
                    };
                    view! {
                        <p data-testid="refine-summary">{summary}</p>
                        <button type="button" data-testid="accept-all-moves" on:click=accept_all>{tr("모두 받아들이기", "Accept all")}</button>
                        <ol class="proposed-moves">
                            {refined.moves.iter().enumerate().map(|(ix, step)| {
                                let title = format!("{} : {} → {}", step.modules.join(", "), label(&step.from), label(&step.to));
                                let reason = step.reason().in_language(language).to_string();
                                view! {
                                    <li data-testid="proposed-move">
                                        <strong class="mono">{title}</strong>
                                        <p class="muted" data-testid="move-reason">{reason}</p>
                                        <button type="button" data-testid="accept-move" on:click=move |_| accept_one(ix)>{tr("받아들이기", "Accept")}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any()
                }
            })}
        </details>
    }
}

//! The report page's card of a split's boundaries: the dependencies between
//! its services, each of which the team may forbid (an edit others see at
//! once), and what breaks the rules in the model now. Loaded by the browser
//! after the page (a split of 40 services has hundreds of pairs: the page's
//! HTML does not carry them), the busiest pairs first.

use engine::edit::Edit;
use engine::model::ServicePair;
use leptos::prelude::*;

use super::context::use_project;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::boundaries::split_boundaries;
use crate::i18n::{tr, use_locale};
use crate::models::BoundaryView;

/// The card of the split `split` (an id; the first split when empty).
#[component]
pub fn BoundaryCard(#[prop(into)] split: Signal<String>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let chosen = Memo::new(move |_| {
        let id = split.get();
        match id.is_empty() {
            false => id,
            true => context
                .head
                .with(|h| h.project.splits.first().map(|s| s.id.clone()))
                .unwrap_or_default(),
        }
    });
    // Asked of the server only once the card is opened: the report page
    // stays as quick to open as it was.
    let opened = RwSignal::new(false);
    // Opened before the page was interactive (no toggle event then): load now.
    let card = NodeRef::<leptos::html::Details>::new();
    Effect::new(move |_| {
        if card
            .get()
            .is_some_and(|details| details.has_attribute("open"))
        {
            opened.set(true);
        }
    });
    let view_of = LocalResource::new(move || {
        let (_, split, opened) = (context.revision(), chosen.get(), opened.get());
        async move {
            match opened {
                true => split_boundaries(context.id(), split).await.map(Some),
                false => Ok(None),
            }
        }
    });
    let show_all = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let forbid = move |view: &BoundaryView, from: &str, to: &str, on: bool| {
        let mut forbidden: Vec<ServicePair> = view
            .pairs
            .iter()
            .filter(|p| p.forbidden && !(p.from == from && p.to == to))
            .map(|p| ServicePair {
                from: p.from.clone(),
                to: p.to.clone(),
            })
            .collect();
        if on {
            forbidden.push(ServicePair {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        let edit = Edit::SetForbidden {
            split: chosen.get_untracked(),
            forbidden,
        };
        error.set(context.apply(edit).err());
    };
    view! {
        <details class="card boundaries" data-testid="boundaries" node_ref=card on:toggle=move |_| opened.set(true)>
            <summary data-testid="boundaries-open">
                <h2>{tr("경계 지키기: 서비스 사이의 의존", "Keeping the boundaries: dependencies between services")}</h2>
            </summary>
            <p class="muted">
                {tr(
                    "모델에 호출이 있는 서비스 쌍만 의존할 수 있습니다. 없애고 싶은 의존은 금지로 표시하세요. 아래 규칙 파일은 각 생태계의 도구(Checkstyle, dependency-cruiser, import-linter)가 CI에서 검사합니다.",
                    "A service may depend on another where the model has calls between them; mark a dependency forbidden to rule it out. The rule files below let each ecosystem's own tool (Checkstyle, dependency-cruiser, import-linter) hold the code to it in CI.",
                )}
            </p>
            // Read, not awaited in a Suspense: the server renders the
            // waiting mark (a local resource never loads there) without a
            // Suspense whose later check could find its page already gone.
            {move || match view_of.get() {
                None => view! { <p class="loading">"…"</p> }.into_any(),
                Some(Err(e)) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                Some(Ok(None)) => ().into_any(),
                Some(Ok(Some(view))) => {
                    let shown = view.clone();
                    let count = view.pairs.len();
                    let crossing = view.violation_count;
                    view! {
                        <table class="data-table" data-testid="boundary-pairs">
                            <thead>
                                <tr>
                                    <th>{tr("의존하는 서비스", "Service")}</th>
                                    <th>{tr("의존 대상", "depends on")}</th>
                                    <th>{tr("호출", "Calls")}</th>
                                    <th>{tr("금지", "Forbidden")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {move || shown.pairs.iter().take(if show_all.get() { usize::MAX } else { BoundaryView::PAIRS_SHOWN }).map(|pair| {
                                    let (from, to, on) = (pair.from.clone(), pair.to.clone(), pair.forbidden);
                                    let whole = shown.clone();
                                    view! {
                                        <tr data-from=pair.from.clone() data-to=pair.to.clone()>
                                            <td>{pair.from_name.clone()}</td>
                                            <td>{pair.to_name.clone()}</td>
                                            <td class="num">{pair.calls}</td>
                                            <td>
                                                <input
                                                    type="checkbox"
                                                    data-testid="forbid"
                                                    aria-label=move || locale.get().pick("이 의존 금지", "Forbid this dependency")
                                                    checked=on
                                                    disabled=move || !context.can_edit()
                                                    on:change:target=move |ev| forbid(&whole, &from, &to, ev.target().checked())
                                                />
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(count > BoundaryView::PAIRS_SHOWN).then(|| {
                            view! {
                                <button type="button" data-testid="boundary-show-all" on:click=move |_| show_all.update(|s| *s = !*s)>
                                    {move || if show_all.get() {
                                        locale.get().pick("자주 쓰는 쌍만 보기", "Show the busiest pairs only").to_string()
                                    } else {
                                        format!("{} ({count})", locale.get().pick("모든 쌍 보기", "Show every pair"))
                                    }}
                                </button>
                            }
                        })}
                        <p data-testid="boundary-violations">
                            {move || match crossing {
                                0 => locale.get().pick("지금 모델은 이 경계를 지킵니다.", "The model keeps these boundaries now.").to_string(),
                                n => format!("{} {n}", locale.get().pick("지금 모델에서 경계를 넘는 의존:", "Dependencies that cross them in the model now:")),
                            }}
                        </p>
                        <ul class="boundary-violations">
                            {view.violations.iter().map(|v| {
                                let v = v.clone();
                                view! { <li>{move || v.in_language(locale.get().language()).to_string()}</li> }
                            }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
            <ErrorNote error=error/>
        </details>
    }
}

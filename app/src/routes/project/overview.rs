//! The project's front page: what is modelled, the splits at a glance, the
//! readiness verdict, and the capability-vs-subdomain comparison one click away.

use engine::edit::Edit;
use engine::metrics::{MetricId, format_value};
use engine::model::SplitOrigin;
use engine::readiness::evaluate;
use leptos::prelude::*;
use leptos_router::components::A;

use super::SplitEditorRoute;
use super::context::use_project;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::views::split_rows;
use crate::i18n::{tr, use_locale};
use crate::routes::lazy::prefetch;

crate::routes::lazy::lazy_page!(
    /// The overview as a lazy route (see `HomeRoute`).
    OverviewRoute => OverviewPage
);

/// `/p/:id`.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let id = context.id();
    let summary = Memo::new(move |_| context.head.with(|h| h.summary.clone()));
    let rows = Resource::new(
        move || (context.id(), context.revision()),
        |(id, _)| split_rows(id),
    );
    let verdict = Memo::new(move |_| context.head.with(|h| evaluate(&h.project.readiness)));
    let pair = Memo::new(move |_| {
        context.head.with(|d| {
            let find = |origin| {
                d.project
                    .splits
                    .iter()
                    .find(|s| s.origin == origin)
                    .map(|s| s.id.clone())
            };
            find(SplitOrigin::Capability).zip(find(SplitOrigin::Subdomain))
        })
    });
    let editing = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let start_editing = move |_| {
        context.head.with_untracked(|h| {
            name.set(h.project.name.clone());
            description.set(h.project.description.clone());
        });
        editing.set(true);
    };
    let save_info = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match context.apply(Edit::SetInfo {
            name: name.get_untracked(),
            description: description.get_untracked(),
        }) {
            Ok(()) => {
                editing.set(false);
                error.set(None);
            }
            Err(e) => error.set(Some(e)),
        }
    };
    let id_for_compare = id.clone();
    view! {
        <section class="overview">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <p class="lede" data-testid="project-description">{move || context.head.with(|h| h.project.description.clone())}</p>
                    <Show when=move || context.can_edit()>
                        <button type="button" on:click=start_editing>{tr("이름·설명 바꾸기", "Rename or describe")}</button>
                    </Show>
                }
            >
                <form class="inline-form" on:submit=save_info>
                    <div class="field">
                        <label for="project-name-input">{tr("이름", "Name")}</label>
                        <input id="project-name-input" required prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                    </div>
                    <div class="field">
                        <label for="project-description-input">{tr("설명", "Description")}</label>
                        <input id="project-description-input" prop:value=move || description.get() on:input:target=move |ev| description.set(ev.target().value())/>
                    </div>
                    <button type="submit" class="primary">{tr("저장", "Save")}</button>
                    <button type="button" on:click=move |_| editing.set(false)>{tr("취소", "Cancel")}</button>
                    <ErrorNote error=error/>
                </form>
            </Show>

            <div class="cards">
                <div class="card">
                    <h2>{tr("모델", "Model")}</h2>
                    <dl class="facts" data-testid="model-summary">
                        <dt>{tr("모듈", "Modules")}</dt><dd>{move || summary.get().modules}</dd>
                        <dt>{tr("호출", "Calls")}</dt><dd>{move || summary.get().calls}</dd>
                        <dt>{tr("비즈니스 능력", "Capabilities")}</dt><dd>{move || summary.get().capabilities}</dd>
                        <dt>{tr("서브도메인", "Subdomains")}</dt><dd>{move || summary.get().subdomains}</dd>
                        <dt>{tr("팀", "Teams")}</dt><dd>{move || summary.get().teams}</dd>
                    </dl>
                    <A href=format!("/p/{id}/model")>{tr("모델 보기·편집", "View and edit the model")}</A>
                </div>
                <div class="card">
                    <h2>{tr("준비도", "Readiness")}</h2>
                    <p class="verdict" data-testid="overview-verdict">{move || verdict.with(|r| r.headline.in_language(locale.get().language()).to_string())}</p>
                    <A href=format!("/p/{}/readiness", context.id())>{tr("체크리스트 작성", "Work through the checklist")}</A>
                </div>
            </div>

            <div class="card">
                <div class="card-head">
                    <h2>{tr("분해안", "Splits")}</h2>
                    {move || {
                        pair.get()
                            .map(|(a, b)| view! {
                                <A href=format!("/p/{}/compare?splits={a},{b}", id_for_compare) attr:class="button primary" attr:data-testid="compare-capability-subdomain">
                                    {tr("비즈니스 능력별 vs 서브도메인별 비교", "Compare by capability vs by subdomain")}
                                </A>
                            })
                    }}
                </div>
                <table class="splits-table">
                    <thead>
                        <tr>
                            <th>{tr("이름", "Name")}</th>
                            <th class="num">{tr("서비스", "Services")}</th>
                            <th class="num">"ICP"</th>
                            <th class="num">{tr("모듈러리티", "Modularity")}</th>
                            <th class="num">{tr("서비스 간 호출", "Cross calls")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <Transition>
                            {move || Suspend::new(async move {
                                rows.await
                                    .map(|rows| {
                                        rows.into_iter()
                                            .map(|s| {
                                                let value = |id| s.metrics.map(|m| format_value(m.get(id)));
                                                view! {
                                                    <tr>
                                                        <td><A href=format!("/p/{}/splits/{}", context.id(), s.id) on:pointerenter={|_| prefetch::<SplitEditorRoute>()} on:focus={|_| prefetch::<SplitEditorRoute>()}>{s.name.clone()}</A></td>
                                                        <td class="num">{value(MetricId::Services)}</td>
                                                        <td class="num">{value(MetricId::Icp)}</td>
                                                        <td class="num">{value(MetricId::Modularity)}</td>
                                                        <td class="num">{value(MetricId::CrossCalls)}</td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()
                                    })
                                    .ok()
                            })}
                        </Transition>
                    </tbody>
                </table>
                <A href=format!("/p/{}/splits", context.id())>{tr("분해안 만들기·관리", "Create and manage splits")}</A>
            </div>
        </section>
    }
}

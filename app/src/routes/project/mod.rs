//! Everything inside one project: the frame with its tabs, and one module per tab.

mod boundaries;
mod compare;
pub mod context;
mod editor;
pub mod embedded;
mod graph;
pub mod live;
mod model;
mod overview;
mod preview;
mod readiness;
mod refine_panel;
mod report;
mod roadmap;
mod settings;
mod splits;
mod tables;
mod vote;
mod workshop;

use leptos::prelude::*;
use leptos_router::components::{A, Outlet};
use leptos_router::hooks::use_params_map;

pub use compare::CompareRoute;
pub use editor::SplitEditorRoute;
pub use model::ModelRoute;
pub use overview::OverviewRoute;
pub use readiness::ReadinessRoute;
pub use report::ReportRoute;
pub use roadmap::RoadmapRoute;
pub use settings::SettingsRoute;
pub use splits::SplitsRoute;

use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::projects::duplicate_project;
use crate::functions::views::load_head;
use crate::i18n::{tr, use_locale};
use crate::models::{DEMO_PROJECT_ID, ProjectHead};
use crate::routes::lazy::prefetch;
use context::{ProjectContext, SaveState, use_project};

/// `/p/:id/*`: the project's head for all its tabs. A page rendered by the
/// server carries the head (read before rendering, see [`embedded`]) and is
/// built at once; after a navigation in the browser the head is fetched first.
/// Another project's address needs a fresh page.
#[component]
pub fn ProjectShell() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    Effect::watch(
        id,
        |now, before, _| {
            if !now.is_empty() && before.is_some_and(|before| before != now) {
                let _ = window().location().reload();
            }
        },
        false,
    );
    let current = params.read_untracked().get("id").unwrap_or_default();
    if let Some((head, text)) = embedded::take_head(&current) {
        return view! {
            <embedded::HeadScript text/>
            {frame_or_error(head)}
        }
        .into_any();
    }
    let head = LocalResource::new(move || load_head(id()));
    view! {
        <Suspense fallback=move || view! { <p class="loading">{tr("프로젝트를 여는 중…", "Opening the project…")}</p> }>
            {move || Suspend::new(async move { frame_or_error(head.await) })}
        </Suspense>
    }
    .into_any()
}

/// The project's frame, or why it cannot be opened.
fn frame_or_error(head: Result<ProjectHead, AppError>) -> AnyView {
    match head {
        Ok(head) => view! { <ProjectFrame head/> }.into_any(),
        Err(error) => {
            // No page of the project will mark the page taken over.
            crate::root::mark_lazy_page_hydrated();
            view! {
            <section class="not-found">
                <h1>{tr("프로젝트를 열 수 없습니다", "This project cannot be opened")}</h1>
                <ErrorNote error=Signal::derive(move || Some(error.clone()))/>
                <p><A href="/">{tr("프로젝트 목록으로", "Back to the projects")}</A></p>
            </section>
            }
            .into_any()
        }
    }
}

/// The demo workshop's note for its visitors: it is read-only, and a copy of
/// their own is one click away.
#[component]
fn DemoNote() -> impl IntoView {
    let locale = use_locale();
    let navigate = leptos_router::hooks::use_navigate();
    let copy = Action::new(move |name: &String| {
        duplicate_project(DEMO_PROJECT_ID.to_string(), name.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = copy.value().get() {
            navigate(&format!("/p/{id}"), Default::default());
        }
    });
    let error = Signal::derive(move || copy.value().get().and_then(Result::err));
    view! {
        <div class="read-only-note" data-testid="demo-note">
            <p>
                {tr(
                    "데모 워크숍입니다. 둘러볼 수 있지만 바꿀 수는 없습니다. 직접 해 보려면 내 사본을 만드세요.",
                    "This is the demo workshop: look around freely, but nothing here can be changed. To try things yourself, make your own copy.",
                )}
                " "
                <button type="button" data-testid="demo-copy" disabled=move || copy.pending().get() on:click=move |_| {
                    copy.dispatch(locale.get_untracked().pick("데모 (내 사본)", "Demo (my copy)").to_string());
                }>{tr("내 사본 만들기", "Make my own copy")}</button>
            </p>
            <ErrorNote error=error/>
        </div>
    }
}

#[component]
fn ProjectFrame(head: ProjectHead) -> impl IntoView {
    let context = ProjectContext::new(head);
    provide_context(context);
    live::provide_live(context);
    let locale = use_locale();
    let base = context.id();
    let is_demo = base == DEMO_PROJECT_ID;
    // Each tab fetches its page's chunk as the pointer or focus comes onto it.
    let tab = move |path: &str,
                    ko: &'static str,
                    en: &'static str,
                    test: &'static str,
                    prefetch: fn()| {
        let href = if path.is_empty() {
            format!("/p/{base}")
        } else {
            format!("/p/{base}/{path}")
        };
        view! {
            <A href=href attr:data-testid=test exact=path.is_empty() on:pointerenter=move |_| prefetch() on:focus=move |_| prefetch()>
                {move || locale.get().pick(ko, en)}
            </A>
        }
    };
    view! {
        <div class="project">
            <div class="project-head">
                <h1 data-testid="project-name">{move || context.head.with(|h| h.project.name.clone())}</h1>
                <SaveIndicator/>
            </div>
            <workshop::WorkshopBar/>
            <nav class="tabs" aria-label=move || locale.get().pick("프로젝트 메뉴", "Project")>
                {tab("", "개요", "Overview", "tab-overview", prefetch::<OverviewRoute>)}
                {tab("model", "모델", "Model", "tab-model", prefetch::<ModelRoute>)}
                {tab("splits", "분해안", "Splits", "tab-splits", prefetch::<SplitsRoute>)}
                {tab("compare", "비교", "Compare", "tab-compare", prefetch::<CompareRoute>)}
                {tab("readiness", "준비도", "Readiness", "tab-readiness", prefetch::<ReadinessRoute>)}
                {tab("roadmap", "로드맵", "Roadmap", "tab-roadmap", prefetch::<RoadmapRoute>)}
                {tab("report", "보고서", "Report", "tab-report", prefetch::<ReportRoute>)}
                {tab("settings", "설정", "Settings", "tab-settings", prefetch::<SettingsRoute>)}
            </nav>
            <Show when=move || is_demo && !context.can_edit()>
                <DemoNote/>
            </Show>
            <Show when=move || !is_demo && !context.can_edit()>
                <p class="read-only-note" data-testid="read-only">
                    {tr("보기 전용: 이 프로젝트를 볼 수 있지만 바꿀 수는 없습니다 (체크리스트 답변은 가능).", "View only: you can see this project but not change it (you can still answer the checklist).")}
                </p>
            </Show>
            <Outlet/>
        </div>
    }
}

/// "Saving…", "Saved" or what went wrong.
#[component]
fn SaveIndicator() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    view! {
        <span class="save-indicator" role="status" data-testid="save-state">
            {move || match context.save.get() {
                SaveState::Saved => locale.get().pick("저장됨", "All changes saved").to_string(),
                SaveState::Saving => locale.get().pick("저장 중…", "Saving…").to_string(),
                SaveState::Waiting => locale.get().pick("연결을 기다리는 중: 변경 사항은 연결되면 저장됩니다", "Waiting for the connection: changes will be saved").to_string(),
                SaveState::Failed(error) => format!("{} {}", locale.get().pick("저장 실패:", "Not saved:"), error.message(locale.get())),
            }}
        </span>
    }
}

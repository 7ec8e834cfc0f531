//! The landing page and, once signed in, the project list.

use crate::functions::imports::ImportSource;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::feedback::ErrorNote;
use crate::components::import_panel::import_panel_view;
use crate::components::lazy_view::LazyView;
use crate::errors::AppError;
use crate::functions::projects::{
    NewProject, create_project, delete_project, duplicate_project, list_projects, undelete_project,
    visit_demo,
};
use crate::i18n::{tr, use_locale};
use crate::models::{ProjectSummary, Role};
use crate::session::{Session, use_session};

crate::routes::lazy::lazy_page!(
    /// The home page as a lazy route: each page people open first carries its
    /// own code only, not every other first page's.
    HomeRoute => HomePage
);

/// What Seams does, and the way in.
#[component]
pub fn HomePage() -> impl IntoView {
    let session = use_session();
    let lists = ProjectLists::new(session);
    view! {
        <Transition fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                match session.user.await.ok().flatten() {
                    Some(_) => view! { <Projects lists/> }.into_any(),
                    None => view! { <Landing/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Landing() -> impl IntoView {
    let locale = use_locale();
    let navigate = use_navigate();
    let session = use_session();
    let visit = Action::new(|_: &()| visit_demo());
    Effect::new(move |_| {
        if let Some(Ok(id)) = visit.value().get() {
            session.refresh();
            navigate(&format!("/p/{id}"), Default::default());
        }
    });
    let visit_error = Signal::derive(move || visit.value().get().and_then(Result::err));
    view! {
        <section class="hero">
            <h1 data-testid="home-title">
                {tr("모놀리스를 어디서 나눌지, 숫자로 정하세요", "Decide where to split your monolith, with numbers")}
            </h1>
            <p class="lede">
                {tr(
                    "Seams는 팀이 모놀리스의 모듈과 호출 관계를 함께 모델링하고, 비즈니스 능력별·서브도메인별·알고리즘 제안 분해안을 결합도와 응집도, 서비스 간 호출 지표로 나란히 비교하는 워크숍 도구입니다.",
                    "Seams is a workshop tool where a team models a monolith's modules and calls together and compares splits by business capability, by subdomain or suggested by an algorithm, side by side on coupling, cohesion and cross-service call metrics.",
                )}
            </p>
            <p class="lede">
                {tr(
                    "분해하기 전에 조직이 준비되었는지도 점검하고, 결과를 보고서로 내보냅니다.",
                    "It also checks whether the organisation is ready to split at all, and exports the result as a report.",
                )}
            </p>
            <p class="actions">
                <button type="button" class="primary" data-testid="open-demo" disabled=move || visit.pending().get() on:click=move |_| { visit.dispatch(()); }>
                    {tr("데모 워크숍 보기 (읽기 전용, 계정 없이)", "Open the demo workshop (read-only, no account)")}
                </button>
                <A href="/signup" attr:class="button" attr:data-testid="hero-signup">{tr("무료로 시작하기", "Get started")}</A>
                <A href="/signin" attr:class="button">{tr("로그인", "Sign in")}</A>
            </p>
            <ErrorNote error=visit_error/>
            <p class="muted">{tr("워크숍 초대 링크를 받았다면 그 링크를 여세요.", "Got a workshop invite link? Just open it.")}</p>
        </section>
        <section class="showcase">
            <figure>
                <img src="/screenshots/compare.png" width="1280" height="720" loading="lazy" alt=move || locale.get().pick("비즈니스 능력별 분해안과 서브도메인별 분해안을 지표로 나란히 비교하는 화면", "Splits by business capability and by subdomain compared side by side on their metrics")/>
                <figcaption>{tr("분해안 비교: 능력별과 서브도메인별을 결합도, 응집도, 서비스 간 호출로 나란히", "Compare splits: by capability and by subdomain, side by side on coupling, cohesion and cross-service calls")}</figcaption>
            </figure>
            <figure>
                <img src="/screenshots/roadmap.png" width="1280" height="720" loading="lazy" alt=move || locale.get().pick("분해안의 이전 로드맵: 서비스를 떼어 내는 순서와 단계마다 필요한 일", "A split's migration roadmap: the order services come out and what each step needs")/>
                <figcaption>{tr("이전 로드맵: 어떤 서비스부터 떼어 낼지, 단계마다 필요한 패턴과 지표 변화", "Migration roadmap: which service to take out first, the patterns each step needs and how the metrics move")}</figcaption>
            </figure>
            <p class="muted">
                {tr("모놀리스의 소스 코드(Java, Kotlin, C#, TypeScript, Python, Go)를 올리면 모듈, 의존 관계, 테이블 접근, 진입점을 읽어 바로 시작할 수 있습니다.", "Start from your monolith's source code (Java, Kotlin, C#, TypeScript, Python, Go): Seams reads its modules, dependencies, table access and entry points.")}
            </p>
        </section>
    }
}

/// Formats a timestamp (ms since 1970) as a date and time in UTC.
pub fn when(millis: i64) -> String {
    let seconds = millis / 1000;
    let days = seconds.div_euclid(86_400);
    let (hour, minute) = (
        seconds.rem_euclid(86_400) / 3600,
        seconds.rem_euclid(3600) / 60,
    );
    // Civil date from days since 1970 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

/// The signed-in user's projects and deleted projects, reloaded when `version`
/// changes. Created by the page itself rather than inside its `Transition`:
/// while rendering on the server the children of a `Transition` may be built
/// more than once, and resources of a discarded build would outlive their
/// request's context.
#[derive(Clone, Copy)]
struct ProjectLists {
    version: RwSignal<u32>,
    projects: Resource<Result<Vec<ProjectSummary>, AppError>>,
    deleted: Resource<Result<Vec<ProjectSummary>, AppError>>,
}

impl ProjectLists {
    fn new(session: Session) -> ProjectLists {
        let version = RwSignal::new(0u32);
        let list = move |deleted: bool| async move {
            match session.user.await {
                Ok(Some(_)) => list_projects(deleted).await,
                _ => Ok(Vec::new()),
            }
        };
        ProjectLists {
            version,
            projects: Resource::new(move || version.get(), move |_| list(false)),
            deleted: Resource::new(move || version.get(), move |_| list(true)),
        }
    }
}

#[component]
fn Projects(lists: ProjectLists) -> impl IntoView {
    let locale = use_locale();
    let navigate = use_navigate();
    let ProjectLists {
        version,
        projects,
        deleted,
    } = lists;
    let search = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let undo = RwSignal::new(None::<(String, String)>);
    let new_name = RwSignal::new(String::new());
    let new_description = RwSignal::new(String::new());
    let show_import = RwSignal::new(false);

    let create = {
        let navigate = navigate.clone();
        move |source: NewProject| {
            busy.set(true);
            error.set(None);
            let navigate = navigate.clone();
            spawn_local(async move {
                match create_project(source).await {
                    Ok(id) => navigate(&format!("/p/{id}"), Default::default()),
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        }
    };
    let create_empty = {
        let create = create.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            create(NewProject::Empty {
                name: new_name.get_untracked(),
                description: new_description.get_untracked(),
            });
        }
    };
    let create_demo = {
        let create = create.clone();
        move |_| create(NewProject::Demo)
    };
    let import = Callback::new({
        let create = create.clone();
        move |source: ImportSource| create(NewProject::Import { source })
    });
    let remove = move |id: String, name: String| {
        spawn_local(async move {
            match delete_project(id.clone()).await {
                Ok(()) => {
                    undo.set(Some((id, name)));
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let restore = move |id: String| {
        spawn_local(async move {
            match undelete_project(id).await {
                Ok(()) => {
                    undo.set(None);
                    version.update(|v| *v += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let copy = move |id: String, name: String| {
        let suffix = locale.get_untracked().pick(" (사본)", " (copy)");
        spawn_local(async move {
            match duplicate_project(id, format!("{name}{suffix}")).await {
                Ok(_) => version.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };

    view! {
        <section class="projects">
            <div class="page-head">
                <h1>{tr("프로젝트", "Projects")}</h1>
                <input
                    type="search"
                    class="search"
                    data-testid="project-search"
                    aria-label=move || locale.get().pick("프로젝트 검색", "Search projects")
                    placeholder=move || locale.get().pick("검색…", "Search…")
                    prop:value=move || search.get()
                    on:input:target=move |ev| search.set(ev.target().value())
                />
            </div>
            <ErrorNote error=error/>
            <Show when=move || undo.get().is_some()>
                <div class="toast" role="status" data-testid="undo-toast">
                    {move || {
                        let name = undo.get().map(|u| u.1).unwrap_or_default();
                        format!("{} {name}", locale.get().pick("삭제됨:", "Deleted:"))
                    }}
                    <button type="button" data-testid="undo" on:click=move |_| {
                        if let Some((id, _)) = undo.get_untracked() {
                            restore(id);
                        }
                    }>{tr("되돌리기", "Undo")}</button>
                </div>
            </Show>
            <div class="new-project card">
                <h2>{tr("새 프로젝트", "New project")}</h2>
                <div class="new-project-options">
                    <form on:submit=create_empty class="inline-form">
                        <div class="field">
                            <label for="new-name">{tr("이름", "Name")}</label>
                            <input id="new-name" data-testid="new-name" required prop:value=move || new_name.get() on:input:target=move |ev| new_name.set(ev.target().value())/>
                        </div>
                        <div class="field">
                            <label for="new-description">{tr("설명", "Description")}</label>
                            <input id="new-description" prop:value=move || new_description.get() on:input:target=move |ev| new_description.set(ev.target().value())/>
                        </div>
                        <button type="submit" class="primary" data-testid="create-empty" disabled=move || busy.get()>{tr("빈 프로젝트 만들기", "Create empty project")}</button>
                    </form>
                    <div class="option">
                        <button type="button" data-testid="create-demo" on:click=create_demo disabled=move || busy.get()>
                            {move || if busy.get() { locale.get().pick("만드는 중…", "Creating…") } else { locale.get().pick("데모 프로젝트 만들기 (핀테크)", "Create the demo project (fintech)") }}
                        </button>
                        <A href="/new/source" attr:class="button" attr:data-testid="new-from-source">
                            {tr("소스 코드로 만들기…", "Create from source code…")}
                        </A>
                        <button type="button" data-testid="show-import" on:click=move |_| show_import.update(|s| *s = !*s)>
                            {tr("가져오기로 만들기…", "Create from an import…")}
                        </button>
                    </div>
                </div>
                <Show when=move || show_import.get()>
                    <LazyView load=move || import_panel_view(
                        Signal::derive(move || locale.get().pick("이 모델로 프로젝트 만들기", "Create the project from this model").to_string()),
                        import,
                        busy.into(),
                        true,
                    )/>
                </Show>
            </div>
            <Transition fallback=move || view! { <p class="loading">{tr("불러오는 중…", "Loading…")}</p> }>
                {move || {
                    projects
                        .get()
                        .map(|result| match result {
                            Err(e) => view! { <ErrorNote error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                            Ok(list) => {
                                let needle = search.get().to_lowercase();
                                let none_at_all = list.is_empty();
                                let shown: Vec<ProjectSummary> = list
                                    .into_iter()
                                    .filter(|p| needle.is_empty() || p.name.to_lowercase().contains(&needle) || p.description.to_lowercase().contains(&needle))
                                    .collect();
                                if none_at_all {
                                    return view! { <p class="empty" data-testid="no-projects">{tr("아직 프로젝트가 없습니다.", "No projects yet.")}</p> }.into_any();
                                }
                                if shown.is_empty() {
                                    return view! { <p class="empty" data-testid="no-match">{tr("검색과 일치하는 프로젝트가 없습니다.", "No project matches the search.")}</p> }.into_any();
                                }
                                view! {
                                    <ul class="project-list" data-testid="project-list">
                                        {shown
                                            .into_iter()
                                            .map(|p| {
                                                let (id, name) = (p.id.clone(), p.name.clone());
                                                let (id2, name2) = (id.clone(), name.clone());
                                                let owner = p.role == Role::Owner;
                                                view! {
                                                    <li class="project-card card" data-testid="project-card">
                                                        <A href=format!("/p/{}", p.id) attr:class="project-name">{p.name.clone()}</A>
                                                        <p class="muted">{p.description.clone()}</p>
                                                        <p class="meta">
                                                            {format!("{} · {} · {} {} · {} {}", p.role.label(locale.get()), when(p.updated_at), p.modules, locale.get().pick("모듈", "modules"), p.splits, locale.get().pick("분해안", "splits"))}
                                                        </p>
                                                        <div class="card-actions">
                                                            <button type="button" on:click=move |_| copy(id.clone(), name.clone())>{tr("복제", "Duplicate")}</button>
                                                            <Show when=move || owner>
                                                                {
                                                                    let (id, name) = (id2.clone(), name2.clone());
                                                                    view! { <button type="button" class="danger" data-testid="delete-project" on:click=move |_| remove(id.clone(), name.clone())>{tr("삭제", "Delete")}</button> }
                                                                }
                                                            </Show>
                                                        </div>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            <Transition fallback=|| ()>
                {move || {
                    deleted
                        .get()
                        .and_then(|r| r.ok())
                        .filter(|list| !list.is_empty())
                        .map(|list| view! {
                            <details class="deleted-projects">
                                <summary>{tr("삭제된 프로젝트 (30일 동안 복원 가능)", "Deleted projects (restorable for 30 days)")}</summary>
                                <ul>
                                    {list
                                        .into_iter()
                                        .map(|p| {
                                            let id = p.id.clone();
                                            view! {
                                                <li>
                                                    {p.name.clone()} " "
                                                    <button type="button" on:click=move |_| restore(id.clone())>{tr("복원", "Restore")}</button>
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            </details>
                        })
                }}
            </Transition>
        </section>
    }
}

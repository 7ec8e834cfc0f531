//! `/new/source`: a new project from source code. The user uploads an archive
//! of the monolith's sources; the server reads it (`seams scan`'s code, within
//! the same limits), showing how far it is, and answers with a preview. The
//! project is created only when the user confirms it.
//!
//! A lazy route: its code is a chunk of its own, fetched when the page is
//! first opened, so the first page load does not carry it.

mod preview;
mod upload;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::components::feedback::ErrorNote;
use crate::functions::imports::{ImportFormat, ImportSource};
use crate::functions::projects::{NewProject, create_project};
use crate::i18n::{Locale, tr, use_locale};
use crate::models::ScanPreview;
use crate::session::use_session;

use preview::ScanFindings;
use upload::Phase;

crate::routes::lazy::lazy_page!(
    /// The page as a lazy route.
    SourceRoute => SourcePage
);

/// The largest archive the server takes (the scan limit).
#[cfg(feature = "hydrate")]
const MAX_ARCHIVE_BYTES: f64 = 100.0 * 1024.0 * 1024.0;

/// `/new/source`.
#[component]
pub fn SourcePage() -> impl IntoView {
    let session = use_session();
    view! {
        <section class="source-page">
            <h1>{tr("소스 코드로 새 프로젝트 만들기", "New project from source code")}</h1>
            <Transition fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    match session.user.await.ok().flatten() {
                        Some(_) => view! { <SourceScan/> }.into_any(),
                        None => view! {
                            <p data-testid="source-sign-in">
                                {tr("소스 코드를 올리려면 먼저 ", "To upload source code, first ")}
                                <A href="/signin">{tr("로그인", "sign in")}</A>
                                {tr("하세요.", ".")}
                            </p>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SourceScan() -> impl IntoView {
    let locale = use_locale();
    let navigate = use_navigate();
    let name = RwSignal::new(String::new());
    // The name follows the chosen archive until the user types one.
    let named_by_hand = RwSignal::new(false);
    let level = RwSignal::new("class".to_string());
    let phase = RwSignal::new(Phase::Idle);
    let result = RwSignal::new(None::<(ScanPreview, String)>);
    let choice = RwSignal::new(None::<&'static str>);
    #[cfg(feature = "hydrate")]
    let upload = StoredValue::new_local(None::<upload::Upload>);

    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let file = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                let stem = file.name();
                let stem = [".tar.gz", ".tgz", ".zip", ".tar"]
                    .iter()
                    .find_map(|ext| stem.strip_suffix(ext))
                    .unwrap_or(&stem)
                    .to_string();
                if !named_by_hand.get_untracked() {
                    name.set(stem);
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        result.set(None);
        choice.set(None);
        #[cfg(feature = "hydrate")]
        {
            let file = document()
                .get_element_by_id("source-archive")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            let Some(file) = file else {
                choice.set(Some("choose"));
                return;
            };
            if file.size() > MAX_ARCHIVE_BYTES {
                choice.set(Some("too-large"));
                return;
            }
            let started = upload::Upload::start(
                file,
                &name.get_untracked(),
                &level.get_untracked(),
                phase,
                result,
            );
            match started {
                Ok(started) => upload.set_value(Some(started)),
                Err(_) => phase.set(upload::refusal(0, "")),
            }
        }
    };
    let cancel = move |_| {
        // Dropping the upload stops it.
        #[cfg(feature = "hydrate")]
        upload.set_value(None);
        phase.set(Phase::Idle);
    };
    let create = Action::new(move |project: &String| {
        let source = ImportSource {
            format: Some(ImportFormat::Json),
            first: project.clone(),
            ..ImportSource::default()
        };
        create_project(NewProject::Import { source })
    });
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/p/{id}"), Default::default());
        }
    });
    let create_error = Signal::derive(move || create.value().get().and_then(Result::err));
    let running = move || phase.with(Phase::running);

    view! {
        <p class="lede">
            {tr(
                "모놀리스의 소스 코드를 압축 파일(.zip, .tar.gz)로 올리면, 컴파일하거나 실행하지 않고 모듈과 의존 관계, 코드가 읽고 쓰는 테이블, 진입점(라우트)을 읽어 냅니다. Java, Kotlin, C#, TypeScript/JavaScript, Python, Go를 읽습니다. 미리 보기를 확인하기 전에는 아무것도 저장되지 않습니다.",
                "Upload your monolith's sources as an archive (.zip, .tar.gz): Seams reads its modules, the dependencies between them, the tables the code reads and writes, and its entry points (routes), without compiling or running anything. It reads Java, Kotlin, C#, TypeScript/JavaScript, Python and Go. Nothing is saved until you confirm the preview.",
            )}
        </p>
        <form class="card source-form" on:submit=start>
            <div class="field">
                <label for="source-archive">{tr("소스 압축 파일 (최대 100 MiB)", "Source archive (up to 100 MiB)")}</label>
                <input id="source-archive" type="file" accept=".zip,.tar.gz,.tgz,.tar" data-testid="source-archive" on:change=on_file/>
                <Show when=move || choice.get().is_some()>
                    <p class="error-note" role="alert" data-testid="source-choice">
                        {move || match choice.get() {
                            Some("too-large") => locale.get().pick("파일이 너무 큽니다: 100 MiB까지 올릴 수 있습니다.", "The file is too large: archives are limited to 100 MiB."),
                            _ => locale.get().pick("압축 파일을 고르세요.", "Choose an archive first."),
                        }}
                    </p>
                </Show>
            </div>
            <div class="field">
                <label for="source-name">{tr("프로젝트 이름", "Project name")}</label>
                <input id="source-name" data-testid="source-name" prop:value=move || name.get() on:input:target=move |ev| {
                    named_by_hand.set(true);
                    name.set(ev.target().value());
                }/>
            </div>
            <div class="field">
                <label for="source-level">{tr("모듈 단위", "Modules are")}</label>
                <select id="source-level" data-testid="source-level" on:change:target=move |ev| level.set(ev.target().value())>
                    <option value="class" selected=move || level.get() == "class">{tr("클래스 (Java, Kotlin, C#) · 파일 (TS/JS, Python) · 패키지 (Go)", "classes (Java, Kotlin, C#) · files (TS/JS, Python) · packages (Go)")}</option>
                    <option value="file" selected=move || level.get() == "file">{tr("소스 파일", "source files")}</option>
                    <option value="package" selected=move || level.get() == "package">{tr("패키지 · 네임스페이스 · 폴더", "packages · namespaces · folders")}</option>
                </select>
            </div>
            <p class="actions">
                <button type="submit" class="primary" data-testid="source-scan" disabled=running>
                    {tr("읽기", "Read the sources")}
                </button>
                <Show when=running>
                    <button type="button" data-testid="source-cancel" on:click=cancel>{tr("취소", "Cancel")}</button>
                </Show>
            </p>
            <ScanProgress phase=phase/>
        </form>
        {move || {
            result
                .get()
                .filter(|_| phase.get() == Phase::Done)
                .map(|(preview, project)| view! {
                    <section class="card">
                        <h2>{tr("미리 보기", "Preview")}</h2>
                        <ScanFindings preview/>
                        <p class="actions">
                            <button
                                type="button"
                                class="primary"
                                data-testid="source-create"
                                disabled=move || create.pending().get()
                                on:click=move |_| { create.dispatch(project.clone()); }
                            >
                                {move || if create.pending().get() { locale.get().pick("만드는 중…", "Creating…") } else { locale.get().pick("이 모델로 프로젝트 만들기", "Create the project from this model") }}
                            </button>
                        </p>
                        <ErrorNote error=create_error/>
                    </section>
                })
        }}
    }
}

/// The progress bar and what the server is doing, or why it stopped.
#[component]
fn ScanProgress(phase: RwSignal<Phase>) -> impl IntoView {
    let locale = use_locale();
    let mib = |bytes: f64| bytes / 1024.0 / 1024.0;
    let state = move || {
        let l = locale.get();
        match phase.get() {
            Phase::Sending { sent, size } => Some((
                Some((sent, size)),
                format!(
                    "{} {:.1} / {:.1} MiB",
                    l.pick("올리는 중", "Uploading"),
                    mib(sent),
                    mib(size)
                ),
            )),
            Phase::Unpacking => Some((None, l.pick("압축을 푸는 중…", "Unpacking…").to_string())),
            Phase::Parsing { done, total } if done >= total => Some((
                Some((1.0, 1.0)),
                l.pick(
                    "이름을 연결하고 테이블을 찾는 중…",
                    "Resolving names and tables…",
                )
                .to_string(),
            )),
            Phase::Parsing { done, total } => Some((
                Some((done as f64, total as f64)),
                format!(
                    "{} {done} / {total}",
                    l.pick("소스 파일 읽는 중", "Parsing source files")
                ),
            )),
            _ => None,
        }
    };
    view! {
        {move || state().map(|(fraction, words)| view! {
            <div class="scan-progress" role="status" data-testid="source-progress">
                {match fraction {
                    Some((value, max)) => view! { <progress value=value max=max></progress> }.into_any(),
                    None => view! { <progress></progress> }.into_any(),
                }}
                <span>{words}</span>
            </div>
        })}
        {move || match phase.get() {
            Phase::Failed { en, ko } => Some(view! {
                <p class="error-note" role="alert" data-testid="source-error">
                    {move || match locale.get() {
                        Locale::Ko => ko.clone(),
                        Locale::En => en.clone(),
                    }}
                </p>
            }),
            _ => None,
        }}
    }
}

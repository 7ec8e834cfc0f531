//! Importing a model by upload or paste, in any supported format, with a preview
//! and every problem listed by line before anything is saved. The server parses
//! (within the import limits) when previewing and again when saving.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::imports::{ImportCheck, ImportFormat, ImportSource, check_import};
use crate::i18n::{tr, use_locale};

/// The most a file may hold (the server refuses more).
#[cfg(feature = "hydrate")]
const MAX_FILE_BYTES: f64 = 64.0 * 1024.0 * 1024.0;

/// A text area that can also be filled from a file.
#[component]
pub fn Source(
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    test_id: &'static str,
) -> impl IntoView {
    let locale = use_locale();
    let id = format!("import-{test_id}");
    let file_id = format!("{id}-file");
    let reading = RwSignal::new(false);
    let file_problem = RwSignal::new(None::<(&'static str, &'static str)>);
    // A chosen file's text is kept, not shown: a textarea holding megabytes
    // would stall the page.
    let chosen = RwSignal::new(None::<(String, f64)>);
    let read_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let Some(input) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                // Checked before reading: the text would be refused anyway.
                if file.size() > MAX_FILE_BYTES {
                    file_problem.set(Some((
                        "파일이 너무 큽니다: 가져오기는 64 MiB까지입니다.",
                        "The file is too large: imports are limited to 64 MiB.",
                    )));
                    return;
                }
                file_problem.set(None);
                reading.set(true);
                leptos::task::spawn_local(async move {
                    match wasm_bindgen_futures::JsFuture::from(file.text()).await {
                        Ok(text) => {
                            chosen.set(Some((file.name(), file.size())));
                            value.set(text.as_string().unwrap_or_default());
                        }
                        Err(_) => file_problem.set(Some((
                            "파일을 읽을 수 없습니다. 내용을 붙여 넣어 보세요.",
                            "The file could not be read. Try pasting its content.",
                        ))),
                    }
                    reading.set(false);
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="field">
            <label for=id.clone()>{move || label.get()}</label>
            <Show
                when=move || chosen.with(Option::is_some)
                fallback=move || view! {
                    <textarea
                        id=id.clone()
                        rows="6"
                        spellcheck="false"
                        data-testid=format!("import-{test_id}")
                        prop:value=move || value.get()
                        on:input:target=move |ev| value.set(ev.target().value())
                    ></textarea>
                }
            >
                <p class="chosen-file" data-testid=format!("import-{test_id}-chosen")>
                    {move || chosen.get().map(|(name, size)| {
                        let size = if size >= 1024.0 * 1024.0 { format!("{:.1} MiB", size / 1024.0 / 1024.0) } else { format!("{:.1} KiB", size / 1024.0) };
                        format!("{name} ({size})")
                    })}
                    " "
                    <button type="button" on:click=move |_| {
                        chosen.set(None);
                        value.set(String::new());
                    }>{tr("지우고 붙여 넣기", "Clear and paste instead")}</button>
                </p>
            </Show>
            <label class="file-label" for=file_id.clone()>{tr("또는 파일 선택", "or choose a file")}</label>
            <input id=file_id type="file" class="file-input" data-testid=format!("import-{test_id}-file") on:change=read_file/>
            <Show when=move || reading.get()>
                <p class="muted" role="status">{tr("파일을 읽는 중…", "Reading the file…")}</p>
            </Show>
            <Show when=move || file_problem.get().is_some()>
                <p class="error-note" role="alert">
                    {move || file_problem.get().map(|(ko, en)| locale.get().pick(ko, en))}
                </p>
            </Show>
        </div>
    }
}

/// [`ImportPanel`] as a chunk of its own, loaded when a page first opens it
/// (see [`crate::components::lazy_view`]).
#[lazy]
pub fn import_panel_view(
    confirm_label: Signal<String>,
    on_confirm: Callback<ImportSource>,
    busy: Signal<bool>,
    ask_name: bool,
) -> AnyView {
    view! { <ImportPanel confirm_label on_confirm busy ask_name/> }.into_any()
}

/// The import panel: pick a format, paste or upload, preview, then confirm.
/// `on_confirm` receives what to import once the server found it importable;
/// `confirm_label` names the action ("Create project", "Replace the model").
#[component]
pub fn ImportPanel(
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<ImportSource>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(optional)] ask_name: bool,
) -> impl IntoView {
    let locale = use_locale();
    let format = RwSignal::new(ImportFormat::Csv);
    let name = RwSignal::new(String::new());
    let (first, second, third) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let package_level = RwSignal::new(false);
    let preview = RwSignal::new(None::<(ImportSource, ImportCheck)>);
    let checking = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let source = move || ImportSource {
        format: Some(format.get_untracked()),
        name: name.get_untracked(),
        first: first.get_untracked(),
        second: second.get_untracked(),
        third: third.get_untracked(),
        package_level: package_level.get_untracked(),
    };
    let run_preview = move |_| {
        let source = source();
        checking.set(true);
        preview.set(None);
        spawn_local(async move {
            match check_import(source.clone()).await {
                Ok(check) => {
                    error.set(None);
                    preview.set(Some((source, check)));
                }
                Err(e) => error.set(Some(e)),
            }
            checking.set(false);
        });
    };
    let labels = move || {
        match format.get() {
        ImportFormat::Csv => (
            locale.get().pick("호출 CSV: caller,callee[,volume][,style][,transactional]", "Calls CSV: caller,callee[,volume][,style][,transactional]"),
            Some(locale.get().pick("모듈 CSV (선택): id,name,capability,subdomain,team,size,use_cases,reads,writes", "Modules CSV (optional): id,name,capability,subdomain,team,size,use_cases,reads,writes")),
            None,
        ),
        ImportFormat::Json => ("Seams JSON", None, None),
        ImportFormat::Dot => ("digraph { a -> b [volume=3] }", None, None),
        ImportFormat::Jdeps => ("jdeps -verbose:class", None, None),
        ImportFormat::Mono2Micro => (
            "runtime_call_volume.json",
            Some("bcs_per_class.json"),
            Some(locale.get().pick("분할 파일 (선택): JSON {\"Class\": 0} 또는 CSV class,cluster", "Partition file (optional): JSON {\"Class\": 0} or CSV class,cluster")),
        ),
    }
    };
    view! {
        <div class="import-panel" data-testid="import-panel">
            <Show when=move || ask_name>
                <div class="field">
                    <label for="import-name">{tr("프로젝트 이름", "Project name")}</label>
                    <input id="import-name" data-testid="import-name" prop:value=move || name.get() on:input:target=move |ev| name.set(ev.target().value())/>
                </div>
            </Show>
            <div class="field">
                <label for="import-format">{tr("형식", "Format")}</label>
                <select
                    id="import-format"
                    data-testid="import-format"
                    on:change:target=move |ev| {
                        let key = ev.target().value();
                        if let Some(f) = ImportFormat::ALL.into_iter().find(|f| f.key() == key) {
                            format.set(f);
                            preview.set(None);
                        }
                    }
                >
                    {ImportFormat::ALL
                        .into_iter()
                        .map(|f| view! { <option value=f.key() selected=move || format.get() == f>{f.label()}</option> })
                        .collect_view()}
                </select>
            </div>
            <Source label=Signal::derive(move || labels().0.to_string()) value=first test_id="first"/>
            <Show when=move || labels().1.is_some()>
                <Source label=Signal::derive(move || labels().1.unwrap_or_default().to_string()) value=second test_id="second"/>
            </Show>
            <Show when=move || labels().2.is_some()>
                <Source label=Signal::derive(move || labels().2.unwrap_or_default().to_string()) value=third test_id="third"/>
            </Show>
            <Show when=move || format.get() == ImportFormat::Jdeps>
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || package_level.get() on:change:target=move |ev| package_level.set(ev.target().checked())/>
                    {tr("패키지 단위로 묶기", "Group classes by package")}
                </label>
            </Show>
            <button type="button" data-testid="import-preview" disabled=move || checking.get() on:click=run_preview>
                {move || if checking.get() { locale.get().pick("확인하는 중…", "Checking…") } else { locale.get().pick("미리 보기", "Preview") }}
            </button>
            <ErrorNote error=error/>
            {move || {
                preview
                    .get()
                    .map(|(source, check)| match check {
                        ImportCheck::Problems { problems } => view! {
                            <div class="import-problems" role="alert" data-testid="import-problems">
                                <p>
                                    <strong>{move || locale.get().pick("가져올 수 없습니다. 아무것도 저장되지 않았습니다:", "Cannot import; nothing was saved:")}</strong>
                                </p>
                                <ul>
                                    {problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                                </ul>
                            </div>
                        }
                            .into_any(),
                        ImportCheck::Ready { name, modules, calls, splits } => {
                            let summary = move || format!(
                                "{name} · {modules} {} · {calls} {} · {splits} {}",
                                locale.get().pick("모듈", "modules"),
                                locale.get().pick("호출", "calls"),
                                locale.get().pick("분해안", "splits"),
                            );
                            view! {
                                <div class="import-ready" data-testid="import-ready">
                                    <p>{summary}</p>
                                    <button
                                        type="button"
                                        class="primary"
                                        data-testid="import-confirm"
                                        disabled=move || busy.get()
                                        on:click=move |_| on_confirm.run(source.clone())
                                    >
                                        {move || confirm_label.get()}
                                    </button>
                                </div>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}

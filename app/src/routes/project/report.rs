//! The report: previewed in the page and downloaded in every format. The server
//! makes each file from the project as it is now; the preview is loaded after
//! the page, so the page itself stays small however big the report.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::context::use_project;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::exports::{ExportFormat, export_project};
use crate::i18n::{Locale, tr, use_locale};

/// Starts a download of `text` as `file_name`.
fn download(file_name: &str, mime: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
            return;
        };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
            return;
        };
        if let Some(anchor) = document()
            .create_element("a")
            .ok()
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        {
            anchor.set_href(&url);
            anchor.set_download(file_name);
            anchor.click();
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (file_name, mime, text);
}

/// `/p/:id/report`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let report_language = RwSignal::new(locale.get_untracked());
    let split_choice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(None::<ExportFormat>);
    let preview = LocalResource::new(move || {
        let (id, korean) = (context.id(), report_language.get() == Locale::Ko);
        let _ = context.revision();
        async move {
            export_project(id, ExportFormat::Html, korean, None)
                .await
                .map(|file| file.text)
        }
    });
    let get = move |format: ExportFormat| {
        let korean = report_language.get_untracked() == Locale::Ko;
        let split = Some(split_choice.get_untracked()).filter(|s| !s.is_empty());
        busy.set(Some(format));
        spawn_local(async move {
            match export_project(context.id(), format, korean, split).await {
                Ok(file) => {
                    error.set(None);
                    download(&file.name, &file.mime, &file.text);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(None);
        });
    };
    let formats: [(ExportFormat, &str, &str); 8] = [
        (ExportFormat::Html, "html", "HTML"),
        (ExportFormat::Markdown, "md", "Markdown"),
        (ExportFormat::Json, "json", "JSON"),
        (ExportFormat::Csv, "csv", "CSV"),
        (ExportFormat::Mermaid, "mermaid", "Mermaid"),
        (ExportFormat::Dot, "dot", "DOT"),
        (ExportFormat::Structurizr, "structurizr", "Structurizr DSL"),
        (ExportFormat::Cml, "cml", "Context Mapper CML"),
    ];
    view! {
        <section class="report">
            <div class="card">
                <div class="toolbar">
                    <label for="report-language">{tr("보고서 언어", "Report language")}</label>
                    <select id="report-language" data-testid="report-language" on:change:target=move |ev| report_language.set(if ev.target().value() == "ko" { Locale::Ko } else { Locale::En })>
                        <option value="ko" lang="ko" selected=move || report_language.get() == Locale::Ko>"한국어"</option>
                        <option value="en" lang="en" selected=move || report_language.get() == Locale::En>"English"</option>
                    </select>
                    <label for="report-split">{tr("그림으로 내보낼 분해안", "Split for the diagrams")}</label>
                    <select id="report-split" on:change:target=move |ev| split_choice.set(ev.target().value())>
                        {move || context.head.with(|h| h.project.splits.iter().map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }).collect_view())}
                    </select>
                </div>
                <div class="button-row" role="group" aria-label=move || locale.get().pick("내려받기", "Download")>
                    {formats.into_iter().map(|(format, key, label)| view! {
                        <button type="button" data-testid=format!("download-{key}") disabled=move || busy.get().is_some() on:click=move |_| get(format)>
                            {move || if busy.get() == Some(format) { format!("… {label}") } else { format!("⬇ {label}") }}
                        </button>
                    }).collect_view()}
                </div>
                <ErrorNote error=error/>
                <p class="muted">{tr("HTML 보고서는 브라우저에서 PDF로 인쇄할 수 있습니다.", "The HTML report prints cleanly to PDF from the browser.")}</p>
            </div>
            <iframe
                class="report-preview"
                title=move || locale.get().pick("보고서 미리 보기", "Report preview")
                data-testid="report-preview"
                srcdoc=move || preview.get().and_then(Result::ok).unwrap_or_default()
                sandbox=""
            ></iframe>
        </section>
    }
}

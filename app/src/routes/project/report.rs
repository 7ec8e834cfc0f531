//! The report: previewed in the page and downloaded in every format. Everything
//! is generated in the browser by the engine, from the project as it is now.

use engine::analysis::analyze;
use engine::formats::{cml, csv, dot, mermaid, native, structurizr};
use engine::metrics::AnalysisOptions;
use engine::model::Project;
use engine::report::{ReportInput, html, markdown};
use engine::text::Language;
use leptos::prelude::*;

use super::context::use_project;
use crate::i18n::{Locale, tr, use_locale};

/// The project with readiness participants named instead of user ids.
fn named(project: &Project, participants: &std::collections::BTreeMap<String, String>) -> Project {
    let mut project = project.clone();
    for answer in &mut project.readiness.answers {
        if let Some(name) = participants.get(&answer.participant) {
            answer.participant = name.clone();
        }
    }
    project
}

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

/// A file name from the project name: letters, digits and dashes.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "seams-project".into()
    } else {
        stem
    }
}

/// `/p/:id/report`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let report_language = RwSignal::new(locale.get_untracked());
    let split_choice = RwSignal::new(String::new());
    let project = Memo::new(move |_| context.doc.with(|d| named(&d.project, &d.participants)));
    let analysis =
        Memo::new(move |_| project.with(|p| analyze(p, AnalysisOptions::default()).ok()));
    let language = move || match report_language.get() {
        Locale::Ko => Language::Ko,
        Locale::En => Language::En,
    };
    let preview = Memo::new(move |_| {
        let analysis = analysis.get()?;
        Some(project.with(|p| html(&ReportInput::new(p, &analysis), language())))
    });
    let chosen_split = move || {
        project.with(|p| {
            let id = split_choice.get();
            p.splits
                .iter()
                .find(|s| s.id == id)
                .or_else(|| p.splits.first())
                .cloned()
        })
    };
    let get = move |format: &str| -> Option<(String, &'static str, String)> {
        let p = project.get_untracked();
        let stem = file_stem(&p.name);
        let analysis = analysis.get_untracked();
        let split = chosen_split();
        let split_analysis = || {
            let split = split.clone()?;
            analysis
                .as_ref()?
                .splits
                .iter()
                .find(|a| a.name == split.name)
                .cloned()
                .map(|a| (split, a))
        };
        Some(match format {
            "md" => (
                format!("{stem}-report.md"),
                "text/markdown",
                markdown(&ReportInput::new(&p, analysis.as_ref()?), language()),
            ),
            "html" => (
                format!("{stem}-report.html"),
                "text/html",
                html(&ReportInput::new(&p, analysis.as_ref()?), language()),
            ),
            "json" => (
                format!("{stem}.json"),
                "application/json",
                native::to_json(&p),
            ),
            "csv" => (
                format!("{stem}-metrics.csv"),
                "text/csv",
                csv::export_metrics(analysis.as_ref()?),
            ),
            "mermaid" => (
                format!("{stem}.mmd"),
                "text/plain",
                mermaid::export(&p, split.as_ref()),
            ),
            "dot" => (
                format!("{stem}.dot"),
                "text/vnd.graphviz",
                dot::export(&p, split.as_ref()),
            ),
            "structurizr" => {
                let (split, a) = split_analysis()?;
                (
                    format!("{stem}.dsl"),
                    "text/plain",
                    structurizr::export(&p, &split, &a),
                )
            }
            "cml" => {
                let (split, a) = split_analysis()?;
                (
                    format!("{stem}.cml"),
                    "text/plain",
                    cml::export(&p, &split, &a),
                )
            }
            _ => return None,
        })
    };
    let formats: [(&str, &str); 8] = [
        ("html", "HTML"),
        ("md", "Markdown"),
        ("json", "JSON"),
        ("csv", "CSV"),
        ("mermaid", "Mermaid"),
        ("dot", "DOT"),
        ("structurizr", "Structurizr DSL"),
        ("cml", "Context Mapper CML"),
    ];
    view! {
        <section class="report">
            <div class="card">
                <div class="toolbar">
                    <label for="report-language">{tr("보고서 언어", "Report language")}</label>
                    <select id="report-language" data-testid="report-language" on:change:target=move |ev| report_language.set(if ev.target().value() == "ko" { Locale::Ko } else { Locale::En })>
                        <option value="ko" selected=move || report_language.get() == Locale::Ko>"한국어"</option>
                        <option value="en" selected=move || report_language.get() == Locale::En>"English"</option>
                    </select>
                    <label for="report-split">{tr("그림으로 내보낼 분해안", "Split for the diagrams")}</label>
                    <select id="report-split" on:change:target=move |ev| split_choice.set(ev.target().value())>
                        {move || project.with(|p| p.splits.iter().map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }).collect_view())}
                    </select>
                </div>
                <div class="button-row" role="group" aria-label=move || locale.get().pick("내려받기", "Download")>
                    {formats.into_iter().map(|(key, label)| view! {
                        <button type="button" data-testid=format!("download-{key}") on:click=move |_| {
                            if let Some((name, mime, text)) = get(key) {
                                download(&name, mime, &text);
                            }
                        }>{format!("⬇ {label}")}</button>
                    }).collect_view()}
                </div>
                <p class="muted">{tr("HTML 보고서는 브라우저에서 PDF로 인쇄할 수 있습니다.", "The HTML report prints cleanly to PDF from the browser.")}</p>
            </div>
            <iframe class="report-preview" title=move || locale.get().pick("보고서 미리 보기", "Report preview") data-testid="report-preview" srcdoc=move || preview.get().unwrap_or_default() sandbox=""></iframe>
        </section>
    }
}

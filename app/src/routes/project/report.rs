//! The report: previewed in the page (see [`super::preview`]) and downloaded
//! in every format. The server makes each file from the project as it is now;
//! the preview is loaded after the page, so the page itself stays small
//! however big the report.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::boundaries::BoundaryCard;
use super::context::use_project;
use super::preview::ReportPreview;
use crate::components::download::download;
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::exports::{ExportFormat, export_project};
use crate::i18n::{Locale, tr, use_locale};

crate::routes::lazy::lazy_page!(
    /// The report page as a lazy route: its code (the downloads, the boundaries
    /// card, the preview) is a chunk of its own, fetched when the page is first
    /// opened, so the first page load does not carry it.
    ReportRoute => ReportPage
);

/// `/p/:id/report`.
#[component]
pub fn ReportPage() -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let report_language = RwSignal::new(locale.get_untracked());
    // Served by the server: the report the preview will ask for is begun now.
    #[cfg(feature = "ssr")]
    crate::ssr::exports::begin_report(context.id(), locale.get_untracked() == Locale::Ko);
    let split_choice = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(None::<ExportFormat>);
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
    // (format, test key, label in Korean, in English)
    // (format, test key, file name): file names read the same in every language.
    let rule_files: [(ExportFormat, &str, &str); 4] = [
        (
            ExportFormat::CheckstyleImportControl,
            "checkstyle-import-control",
            "import-control.xml",
        ),
        (
            ExportFormat::CheckstyleConfig,
            "checkstyle-config",
            "checkstyle.xml",
        ),
        (
            ExportFormat::Depcruise,
            "depcruise",
            "dependency-cruiser.cjs",
        ),
        (
            ExportFormat::Importlinter,
            "importlinter",
            "importlinter.ini",
        ),
    ];
    let formats: [(ExportFormat, &str, &str, &str); 11] = [
        (ExportFormat::Html, "html", "HTML", "HTML"),
        (ExportFormat::Markdown, "md", "Markdown", "Markdown"),
        (ExportFormat::Json, "json", "JSON", "JSON"),
        (ExportFormat::Csv, "csv", "CSV", "CSV"),
        (ExportFormat::Mermaid, "mermaid", "Mermaid", "Mermaid"),
        (ExportFormat::Dot, "dot", "DOT", "DOT"),
        (
            ExportFormat::Structurizr,
            "structurizr",
            "Structurizr DSL",
            "Structurizr DSL",
        ),
        (
            ExportFormat::Cml,
            "cml",
            "Context Mapper CML",
            "Context Mapper CML",
        ),
        (
            ExportFormat::RoadmapCsv,
            "roadmap-csv",
            "로드맵 할 일 CSV",
            "Roadmap tasks CSV",
        ),
        (
            ExportFormat::RoadmapJson,
            "roadmap-json",
            "로드맵 할 일 JSON",
            "Roadmap tasks JSON",
        ),
        (
            ExportFormat::RoadmapMermaid,
            "roadmap-mermaid",
            "로드맵 Mermaid",
            "Roadmap Mermaid",
        ),
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
                    <label for="report-split">{tr("그림과 로드맵으로 내보낼 분해안", "Split for the diagrams and the roadmap")}</label>
                    <select id="report-split" on:change:target=move |ev| split_choice.set(ev.target().value())>
                        {move || context.head.with(|h| h.project.splits.iter().map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }).collect_view())}
                    </select>
                </div>
                <div class="button-row" role="group" aria-label=move || locale.get().pick("내려받기", "Download")>
                    {formats.into_iter().map(|(format, key, ko, en)| view! {
                        <button type="button" data-testid=format!("download-{key}") disabled=move || busy.get().is_some() on:click=move |_| get(format)>
                            {move || {
                                let label = locale.get().pick(ko, en);
                                if busy.get() == Some(format) { format!("… {label}") } else { format!("⬇ {label}") }
                            }}
                        </button>
                    }).collect_view()}
                </div>
                <ErrorNote error=error/>
                <p class="muted">{tr("HTML 보고서는 브라우저에서 PDF로 인쇄할 수 있습니다.", "The HTML report prints cleanly to PDF from the browser.")}</p>
            </div>
            <BoundaryCard split=split_choice/>
            <div class="card">
                <h3>{tr("경계 규칙 파일 (위에서 고른 분해안)", "Boundary rule files (of the split chosen above)")}</h3>
                <div class="button-row" role="group" aria-label=move || locale.get().pick("경계 규칙 내려받기", "Download boundary rules")>
                    {rule_files.into_iter().map(|(format, key, name)| view! {
                        <button type="button" lang="en" data-testid=format!("download-{key}") disabled=move || busy.get().is_some() on:click=move |_| get(format)>
                            {move || if busy.get() == Some(format) { format!("… {name}") } else { format!("⬇ {name}") }}
                        </button>
                    }).collect_view()}
                </div>
                <p class="muted">
                    {tr("CI에서 쓰는 법(기준선, SARIF)은 README의 ", "How to run them in CI (baselines, SARIF) is in the README's ")}
                    <span lang="en">"“Keep the boundaries in CI”"</span>
                    {tr("에 있습니다.", ".")}
                </p>
            </div>
            <ReportPreview korean=Signal::derive(move || report_language.get() == Locale::Ko)/>
        </section>
    }
}

//! The report preview. It follows the project once its revision has settled
//! (no change for [`SETTLE_MS`] and nothing of this page left to save), so a
//! stream of edits does not make a report per edit; each new report loads in
//! a hidden frame and is shown once loaded, so the preview never goes blank
//! while a new one replaces it (before, every revision replaced the frame's
//! document and restarted its loading); and a report that cannot be made
//! leaves the last one shown, with why next to it (before, it emptied the
//! frame without a word). The first report, of the revision the page was
//! opened at, is loaded by the first frame from its address
//! (`/api/projects/{id}/report.html`) while the page is parsed, without
//! waiting for the page's code: at 50,000 modules the report is made while
//! the page loads instead of after.

use std::time::Duration;

use leptos::prelude::*;

use super::context::{SaveState, use_project};
use crate::components::feedback::ErrorNote;
use crate::errors::AppError;
use crate::functions::exports::{ExportFormat, export_project};
use crate::i18n::use_locale;

/// How long the revision must stand still before the preview follows it.
pub const SETTLE_MS: u64 = 800;

/// The preview of the HTML report in `korean` or English.
#[component]
pub fn ReportPreview(#[prop(into)] korean: Signal<bool>) -> impl IntoView {
    let context = use_project();
    let locale = use_locale();
    let settled = RwSignal::new(context.head.with_untracked(|h| h.revision));
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let revision = context.revision();
        if context.save.get() == SaveState::Saving {
            return;
        }
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        // The page may be gone by then (a click to another page within
        // SETTLE_MS): its values are, too.
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine)
                    && settled.try_get_untracked().is_some_and(|s| s != revision)
                {
                    settled.try_set(revision);
                }
            },
            Duration::from_millis(SETTLE_MS),
        );
    });
    // The first frame loads the first report by its address; reports of
    // later revisions or in the other language are fetched into the frames.
    let first = (
        context.head.with_untracked(|h| h.revision),
        korean.get_untracked(),
    );
    let first_address = report_address(&context.id(), first.1);
    let left_first = StoredValue::new(false);
    let report = LocalResource::new(move || {
        let (id, korean, revision) = (context.id(), korean.get(), settled.get());
        let fetch = left_first.get_value() || (revision, korean) != first;
        left_first.set_value(fetch);
        async move {
            match fetch {
                true => Some(
                    export_project(id, ExportFormat::Html, korean, None)
                        .await
                        .map(|file| file.text),
                ),
                false => None,
            }
        }
    });
    // Two frames: the one shown, and the one loading the next report.
    let frames = [RwSignal::new(String::new()), RwSignal::new(String::new())];
    let shown = RwSignal::new(0usize);
    let loading = RwSignal::new(None::<usize>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| match report.get().flatten() {
        Some(Ok(text)) => {
            error.set(None);
            let visible = shown.get_untracked();
            if frames[visible].with_untracked(|t| *t == text) {
                return;
            }
            let next = 1 - visible;
            if frames[next].with_untracked(|t| *t == text) {
                shown.set(next);
                return;
            }
            frames[next].set(text);
            loading.set(Some(next));
        }
        Some(Err(e)) => error.set(Some(e)),
        None => {}
    });
    let loaded = move |ix: usize| {
        if loading.get_untracked() == Some(ix) {
            loading.set(None);
            shown.set(ix);
        }
    };
    view! {
        <ErrorNote error=error/>
        <div class="report-preview-frames">
            {[0usize, 1].into_iter().map(|ix| view! {
                <iframe
                    class=move || if shown.get() == ix { "report-preview" } else { "report-preview report-preview-next" }
                    title=move || locale.get().pick("보고서 미리 보기", "Report preview")
                    data-testid=move || if shown.get() == ix { "report-preview" } else { "report-preview-next" }
                    aria-hidden=move || (shown.get() != ix).to_string()
                    tabindex=move || if shown.get() == ix { "0" } else { "-1" }
                    src=(ix == 0).then(|| first_address.clone())
                    srcdoc=move || Some(frames[ix].get()).filter(|text| !text.is_empty())
                    sandbox=""
                    on:load=move |_| loaded(ix)
                ></iframe>
            }).collect_view()}
        </div>
    }
}

/// Where the report of project `id` is, as it is now, in `korean` or English.
fn report_address(id: &str, korean: bool) -> String {
    let language = if korean { "ko" } else { "en" };
    format!("/api/projects/{id}/report.html?lang={language}")
}

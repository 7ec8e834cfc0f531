//! `GET /api/projects/{project}/report.html?lang=ko|en`: the HTML report of
//! the project as it is now, as a document of its own, so that the report
//! page's preview frame loads it by its address while the page is still
//! being parsed (the report page begins it as it is served) instead of asking
//! for it once the page's code has run: at 50,000 modules that was half the
//! page's time to show its preview.

use app::errors::AppError;
use app::functions::exports::ExportFormat;
use app::i18n::Locale;
use app::models::Role;
use app::ssr::AppState;
use app::ssr::caller::Caller;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use engine::report::html_notice;
use engine::text;
use http::StatusCode;
use http::header::{self, HeaderValue};
use serde::Deserialize;

/// The report's own policy: nothing runs or loads in it (it is user data),
/// it is sandboxed even when opened on its own, and only Seams' own pages
/// may frame it.
const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; \
     frame-ancestors 'self'; sandbox";

/// The report's language.
#[derive(Debug, Deserialize)]
pub struct Language {
    /// `ko` for Korean; anything else is English.
    #[serde(default)]
    lang: String,
}

/// The report of `project`, for anyone who may see the project; when it
/// cannot be made (or may not be seen), a page in its place saying why, in
/// the report's language, since it is shown where the report would be.
pub async fn html(
    State(state): State<AppState>,
    caller: Result<Caller, AppError>,
    Path(project): Path<String>,
    Query(language): Query<Language>,
) -> Response {
    let korean = language.lang == "ko";
    let (status, page) = match report(state, caller, project, korean).await {
        Ok(text) => (StatusCode::OK, text),
        Err(error) => {
            let locale = if korean { Locale::Ko } else { Locale::En };
            let title = locale.pick("보고서를 만들 수 없습니다", "The report could not be made");
            let language = if korean {
                text::Language::Ko
            } else {
                text::Language::En
            };
            (
                error.status_code(),
                html_notice(title, &error.message(locale), language),
            )
        }
    };
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(REPORT_CSP),
            ),
            (
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("SAMEORIGIN"),
            ),
            // Each revision has its own report: never kept.
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        page,
    )
        .into_response()
}

/// The HTML report: the one the report page began, or made now.
async fn report(
    state: AppState,
    caller: Result<Caller, AppError>,
    project: String,
    korean: bool,
) -> Result<String, AppError> {
    caller?.project(&project, Role::Viewer).await?;
    let derived = app::ssr::views::current(&state, &project).await?;
    let file = app::ssr::exports::export_in_turn(&state, derived, ExportFormat::Html, korean, None)
        .await?;
    Ok(file.text)
}

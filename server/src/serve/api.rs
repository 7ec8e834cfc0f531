//! The automation API for CI pipelines, authenticated with personal access tokens
//! (`Authorization: Bearer seams_…`):
//! `GET /api/v1/projects`, `GET /api/v1/projects/{id}` (native JSON),
//! `PUT /api/v1/projects/{id}/model` (CSV, JSON or DOT) and
//! `GET /api/v1/projects/{id}/analysis`.

use app::errors::AppError;
use app::models::Role;
use app::ssr::AppState;
use app::ssr::caller::Caller;
use app::store::new_id;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use engine::edit::Edit;
use engine::formats::csv::CsvInput;
use engine::formats::{ImportLimits, csv, dot, native};
use http::{HeaderMap, header};
use serde_json::json;

/// The API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(project))
        .route("/projects/{id}/model", put(replace_model))
        .route("/projects/{id}/analysis", get(analysis))
}

async fn list(State(state): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    let projects = state.db.list_projects(&caller.user.id, false).await?;
    Ok(axum::Json(projects).into_response())
}

async fn project(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let role = caller.project(&id, Role::Viewer).await?.role;
    let mut doc = state.db.project_doc(&id, role).await?;
    for answer in &mut doc.project.readiness.answers {
        if let Some(name) = doc.participants.get(&answer.participant) {
            answer.participant = name.clone();
        }
    }
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        native::to_json(&doc.project),
    )
        .into_response())
}

async fn analysis(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let role = caller.project(&id, Role::Viewer).await?.role;
    let doc = state.db.project_doc(&id, role).await?;
    // Analysing and encoding a big project takes seconds: off the async threads.
    let body = state
        .heavy
        .run(move || {
            engine::analysis::analyze(&doc.project, engine::metrics::AnalysisOptions::default())
                .map_err(AppError::refused)
                .and_then(|analysis| {
                    serde_json::to_string(&analysis).map_err(|error| {
                        tracing::error!(%error, "encoding an analysis");
                        AppError::Internal
                    })
                })
        })
        .await??;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Reads a model body of the given content type, within the import limits.
fn parse_model(content_type: &str, body: &[u8]) -> Result<engine::model::Project, AppError> {
    let text = std::str::from_utf8(body).map_err(|_| {
        AppError::invalid(
            "본문이 UTF-8 텍스트가 아닙니다",
            "the body is not UTF-8 text",
        )
    })?;
    let limits = ImportLimits::default();
    let invalid = AppError::from;
    let imported = match content_type {
        "application/json" => native::from_json("body", text).map_err(invalid)?,
        "text/csv" => {
            csv::import("body", CsvInput { name: "body", text }, None, &limits).map_err(invalid)?
        }
        "text/vnd.graphviz" | "text/x-dot" => {
            dot::import("body", text, &limits).map_err(invalid)?
        }
        other => {
            return Err(AppError::UnsupportedType(format!(
                "Content-Type '{other}' is not application/json, text/csv or text/vnd.graphviz"
            )));
        }
    };
    limits.check_project("body", &imported).map_err(invalid)?;
    Ok(imported)
}

/// Replaces the model: `application/json` (a native project: modules, calls and
/// splits), `text/csv` (calls) or `text/vnd.graphviz` (DOT). With `If-Match:
/// <revision>` the write is refused (409) if the project changed since then.
async fn replace_model(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, AppError> {
    let user = caller.project(&id, Role::Participant).await?.user;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    // Parsing a big model takes seconds: off the async threads.
    let imported = state
        .heavy
        .run(move || parse_model(&content_type, &body))
        .await??;
    let splits = (!imported.splits.is_empty()).then(|| {
        imported
            .splits
            .into_iter()
            .map(|mut split| {
                if split.id.is_empty() {
                    split.id = new_id();
                }
                split
            })
            .collect()
    });
    let edit = Edit::Import {
        modules: imported.modules,
        calls: imported.calls,
        splits,
    };
    let seen = match headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()) {
        Some(value) => value.trim_matches('"').parse::<i64>().map_err(|_| {
            AppError::invalid(
                "If-Match는 리비전 번호여야 합니다",
                "If-Match must be a revision number",
            )
        })?,
        None => state.db.revision(&id).await?.unwrap_or(0),
    };
    let revision = state.db.apply_edit(&id, &user, seen, &edit).await?;
    Ok(axum::Json(json!({ "revision": revision })).into_response())
}

//! The automation API for CI pipelines, authenticated with personal access tokens
//! (`Authorization: Bearer seams_…`):
//! `GET /api/v1/projects`, `GET /api/v1/projects/{id}` (native JSON),
//! `PUT /api/v1/projects/{id}/model` (CSV, JSON or DOT) and
//! `GET /api/v1/projects/{id}/analysis`.

use app::models::Role;
use app::ssr::AppState;
use app::store::{StoreError, UserRecord, new_id};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use engine::edit::Edit;
use engine::formats::csv::CsvInput;
use engine::formats::{ImportLimits, csv, dot, native};
use http::{HeaderMap, StatusCode, header};
use serde_json::json;

/// The API routes, relative to `/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/projects", get(list))
        .route("/projects/{id}", get(project))
        .route("/projects/{id}/model", put(replace_model))
        .route("/projects/{id}/analysis", get(analysis))
}

/// An API error: a status and a JSON `{"error": "…"}` safe to show.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, axum::Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<app::errors::AppError> for ApiError {
    fn from(error: app::errors::AppError) -> Self {
        ApiError(error.status_code(), error.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(what) => {
                ApiError(StatusCode::NOT_FOUND, format!("{what} not found"))
            }
            StoreError::Conflict { .. } => ApiError(StatusCode::CONFLICT, error.to_string()),
            StoreError::Edit(_) | StoreError::Refused(_) => {
                ApiError(StatusCode::UNPROCESSABLE_ENTITY, error.to_string())
            }
            other => {
                tracing::error!(error = %other, "store failure in the API");
                ApiError(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error; see the server log".into(),
                )
            }
        }
    }
}

/// The token's owner.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<UserRecord, ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(|| {
            ApiError(
                StatusCode::UNAUTHORIZED,
                "send a personal access token: Authorization: Bearer …".into(),
            )
        })?;
    state.db.user_for_token(token.trim()).await?.ok_or_else(|| {
        ApiError(
            StatusCode::UNAUTHORIZED,
            "the access token is unknown or revoked".into(),
        )
    })
}

/// The caller's role in a project, at least `needed`.
async fn role(
    state: &AppState,
    user: &UserRecord,
    id: &str,
    needed: Role,
) -> Result<Role, ApiError> {
    let role = state
        .db
        .role_of(id, &user.id)
        .await?
        .ok_or_else(|| ApiError(StatusCode::NOT_FOUND, "project not found".into()))?;
    if role < needed {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            format!("this needs the {} role", needed.as_str()),
        ));
    }
    Ok(role)
}

async fn list(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let projects = state.db.list_projects(&user.id, false).await?;
    Ok(axum::Json(projects).into_response())
}

async fn project(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let role = role(&state, &user, &id, Role::Viewer).await?;
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
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    let role = role(&state, &user, &id, Role::Viewer).await?;
    let doc = state.db.project_doc(&id, role).await?;
    // Analysing and encoding a big project takes seconds: off the async threads.
    let body = state
        .heavy
        .run(move || {
            engine::analysis::analyze(&doc.project, engine::metrics::AnalysisOptions::default())
                .map_err(|e| ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))
                .and_then(|analysis| {
                    serde_json::to_string(&analysis).map_err(|error| {
                        tracing::error!(%error, "encoding an analysis");
                        ApiError(StatusCode::INTERNAL_SERVER_ERROR, "internal error".into())
                    })
                })
        })
        .await??;
    Ok(([(header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Reads a model body of the given content type, within the import limits.
fn parse_model(content_type: &str, body: &[u8]) -> Result<engine::model::Project, ApiError> {
    let text = std::str::from_utf8(body).map_err(|_| {
        ApiError(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the body is not UTF-8 text".into(),
        )
    })?;
    let limits = ImportLimits::default();
    let invalid =
        |e: engine::formats::ImportError| ApiError(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
    let imported = match content_type {
        "application/json" => native::from_json("body", text).map_err(invalid)?,
        "text/csv" => {
            csv::import("body", CsvInput { name: "body", text }, None, &limits).map_err(invalid)?
        }
        "text/vnd.graphviz" | "text/x-dot" => {
            dot::import("body", text, &limits).map_err(invalid)?
        }
        other => {
            return Err(ApiError(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "Content-Type '{other}' is not application/json, text/csv or text/vnd.graphviz"
                ),
            ));
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
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let user = caller(&state, &headers).await?;
    role(&state, &user, &id, Role::Editor).await?;
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
            ApiError(
                StatusCode::BAD_REQUEST,
                "If-Match must be a revision number".into(),
            )
        })?,
        None => state.db.revision(&id).await?.unwrap_or(0),
    };
    let revision = state.db.apply_edit(&id, &user, seen, &edit).await?;
    Ok(axum::Json(json!({ "revision": revision })).into_response())
}
